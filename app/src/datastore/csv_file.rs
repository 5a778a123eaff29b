//! Reading an uploaded or pulled CSV file (other-systems B.3): its encoding, its headers, its
//! rows, and the real service's validation messages. Pure code over any `Read`: the server hands
//! it the object store's stream; the same reader serves the preview and the load, so what staff
//! were shown is what is loaded.
use std::cell::RefCell;
use std::collections::VecDeque;
use std::io::Read;
use std::rc::Rc;

use super::columns::{is_null, Column, ColumnName, ColumnType, HeaderProblem, TypeGuess, Value};

/// Rows shown in the preview (B.3).
pub const SAMPLE_ROWS_SHOWN: usize = 4;
/// Rows read to infer the columns' types (`csv_sample_infer_lines`).
pub const INFER_LINES: u64 = 100_000;

/// What the real service starts each message with.
const PREFIX: &str = "Unable to process CSV file: ";

/// The text encodings read. UTF-8 (with or without a byte order mark) first; a file that is not
/// UTF-8 is read as Windows-1252, what Excel's "CSV (Comma delimited)" writes on Windows in the
/// UK (so "£" survives); each is loaded as UTF-8.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Windows1252,
}

/// Why a file cannot be loaded, with where.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CsvProblem {
    #[error(
        "{PREFIX}no headers found. The first line of the csv should contain the column headers."
    )]
    NoHeaders,
    #[error("{PREFIX}column header \"{0}\" must start with a lower-case letter and contain only lower-case letters, numbers and underscores.")]
    BadHeader(String),
    #[error("{PREFIX}\"{0}\" is a reserved column name. Rename the column and try again.")]
    ReservedName(String),
    #[error("{PREFIX}no data found.")]
    NoData,
    #[error("{PREFIX}row {row} (line {line}) has {found} values, but the headers name {expected} columns.")]
    RaggedRow {
        row: u64,
        line: u64,
        found: usize,
        expected: usize,
    },
    #[error("{PREFIX}line {line} has characters that cannot be read. Save the file as \"CSV UTF-8\" and try again.")]
    Encoding { line: u64 },
    #[error("{PREFIX}line {line} is not valid CSV: {reason}.")]
    Malformed { line: u64, reason: String },
    #[error("{PREFIX}line {line}, column \"{column}\": \"{value}\" is not {}.", .expected.expected())]
    BadValue {
        line: u64,
        column: String,
        value: String,
        expected: ColumnType,
    },
    #[error("{PREFIX}the file could not be read: {0}")]
    Unreadable(String),
}

/// One data row: where it starts in the file, and its values with the null-ish ones blanked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// 1 for the first data row.
    pub number: u64,
    /// The file's line the row starts on.
    pub line: u64,
    pub values: Vec<Option<String>>,
}

impl Row {
    /// The row's values converted to `columns`' types, or the first that is not one.
    pub fn convert(&self, columns: &[Column]) -> Result<Vec<Option<Value>>, CsvProblem> {
        self.values
            .iter()
            .zip(columns)
            .map(|(value, column)| match value {
                None => Ok(None),
                Some(text) => {
                    column
                        .kind
                        .convert(text)
                        .map(Some)
                        .ok_or_else(|| CsvProblem::BadValue {
                            line: self.line,
                            column: column.name.to_string(),
                            value: text.chars().take(100).collect(),
                            expected: column.kind,
                        })
                }
            })
            .collect()
    }
}

/// A CSV file's headers, then its rows, decoded.
pub struct CsvRows<R: Read> {
    records: csv::ByteRecordsIntoIter<LineCounting<R>>,
    lines: Rc<RefCell<Lines>>,
    pub headers: Vec<ColumnName>,
    encoding: Encoding,
    saw_non_ascii_utf8: bool,
    rows_read: u64,
}

impl<R: Read> CsvRows<R> {
    /// Reads the header line and checks it (B.3): present, each a lower-case identifier, none
    /// reserved; repeated names get `_1`, `_2`… suffixes.
    pub fn open(reader: R) -> Result<Self, CsvProblem> {
        let lines = Rc::new(RefCell::new(Lines::default()));
        let reader = LineCounting {
            inner: reader,
            lines: Rc::clone(&lines),
        };
        let mut csv = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(b',')
            .quote(b'"')
            .from_reader(reader);
        let mut header = csv::ByteRecord::new();
        let found = csv.read_byte_record(&mut header).map_err(problem_of)?;
        let mut rows = CsvRows {
            records: csv.into_byte_records(),
            lines,
            headers: Vec::new(),
            encoding: Encoding::Utf8,
            saw_non_ascii_utf8: false,
            rows_read: 0,
        };
        let header = rows.decode(&header, 1)?;
        if !found || header.iter().all(|name| name.trim().is_empty()) {
            return Err(CsvProblem::NoHeaders);
        }
        let mut names: Vec<String> = Vec::with_capacity(header.len());
        for (index, name) in header.iter().enumerate() {
            // A byte order mark is the encoding's, not the first header's.
            let name = if index == 0 {
                name.trim_start_matches('\u{feff}')
            } else {
                name
            };
            let name = name.trim();
            match ColumnName::parse(name) {
                Ok(_) => {}
                Err(HeaderProblem::Format) => return Err(CsvProblem::BadHeader(name.to_owned())),
                Err(HeaderProblem::Reserved) => {
                    return Err(CsvProblem::ReservedName(name.to_owned()))
                }
            }
            let unique = (0..)
                .map(|n| match n {
                    0 => name.to_owned(),
                    n => format!("{name}_{n}"),
                })
                .find(|candidate| !names.contains(candidate))
                .expect("some suffix is free");
            names.push(unique);
        }
        rows.headers = names
            .into_iter()
            .map(|name| ColumnName::parse(&name).map_err(|_| CsvProblem::BadHeader(name)))
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    pub fn encoding(&self) -> Encoding {
        self.encoding
    }

    /// The data rows read so far.
    pub fn rows_read(&self) -> u64 {
        self.rows_read
    }

    /// How far into the file reading has got, in bytes.
    pub fn bytes_read(&self) -> u64 {
        self.records.reader().position().byte()
    }

    fn decode(&mut self, record: &csv::ByteRecord, line: u64) -> Result<Vec<String>, CsvProblem> {
        record
            .iter()
            .map(|field| {
                if self.encoding == Encoding::Utf8 {
                    match std::str::from_utf8(field) {
                        Ok(text) => {
                            self.saw_non_ascii_utf8 |= !text.is_ascii();
                            return Ok(text.to_owned());
                        }
                        // Some UTF-8 already read: a mix of encodings, which no reading fits.
                        Err(_) if self.saw_non_ascii_utf8 => {
                            return Err(CsvProblem::Encoding { line })
                        }
                        Err(_) => self.encoding = Encoding::Windows1252,
                    }
                }
                let (text, _, malformed) = encoding_rs::WINDOWS_1252.decode(field);
                if malformed || text.contains('\0') {
                    return Err(CsvProblem::Encoding { line });
                }
                Ok(text.into_owned())
            })
            .collect()
    }
}

impl<R: Read> Iterator for CsvRows<R> {
    type Item = Result<Row, CsvProblem>;

    fn next(&mut self) -> Option<Self::Item> {
        let record = match self.records.next()? {
            Ok(record) => record,
            Err(error) => return Some(Err(problem_of(error))),
        };
        let start = record.position().map_or(0, |position| position.byte());
        let line = self.lines.borrow_mut().line_of_record_at(start);
        self.rows_read += 1;
        let number = self.rows_read;
        Some(self.decode(&record, line).and_then(|values| {
            if values.len() != self.headers.len() {
                return Err(CsvProblem::RaggedRow {
                    row: number,
                    line,
                    found: values.len(),
                    expected: self.headers.len(),
                });
            }
            Ok(Row {
                number,
                line,
                values: values
                    .into_iter()
                    .map(|value| (!is_null(&value)).then_some(value))
                    .collect(),
            })
        }))
    }
}

/// Where the file's line breaks are, as far as it has been read. The csv crate says where each
/// row's reading began (just after the row before, so blank lines between count as the row's),
/// not the line its values start on, which is what people look for.
#[derive(Default)]
struct Lines {
    /// Offsets of `\r` and `\n` bytes read and not yet passed by a row.
    breaks: VecDeque<(u64, u8)>,
    /// `\n`s before the first of `breaks`.
    lines_passed: u64,
    read: u64,
}

impl Lines {
    fn saw(&mut self, bytes: &[u8]) {
        for (index, &byte) in bytes.iter().enumerate() {
            if byte == b'\n' || byte == b'\r' {
                self.breaks.push_back((self.read + index as u64, byte));
            }
        }
        self.read += bytes.len() as u64;
    }

    /// The line (from 1) of the first value of the row whose reading began at byte `start`.
    fn line_of_record_at(&mut self, start: u64) -> u64 {
        while self.breaks.front().is_some_and(|&(at, _)| at < start) {
            if let Some((_, b'\n')) = self.breaks.pop_front() {
                self.lines_passed += 1;
            }
        }
        // Line breaks right at the start are blank lines before the row.
        let blank_lines = self
            .breaks
            .iter()
            .zip(start..)
            .take_while(|(&(at, _), expected)| at == *expected)
            .filter(|(&(_, byte), _)| byte == b'\n')
            .count() as u64;
        self.lines_passed + blank_lines + 1
    }
}

/// A reader that tells [`Lines`] what it reads.
struct LineCounting<R> {
    inner: R,
    lines: Rc<RefCell<Lines>>,
}

impl<R: Read> Read for LineCounting<R> {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        let read = self.inner.read(buffer)?;
        self.lines.borrow_mut().saw(&buffer[..read]);
        Ok(read)
    }
}

fn problem_of(error: csv::Error) -> CsvProblem {
    let line = error.position().map_or(0, |position| position.line());
    match error.into_kind() {
        csv::ErrorKind::Io(error) => CsvProblem::Unreadable(error.to_string()),
        kind => CsvProblem::Malformed {
            line,
            reason: format!("{kind:?}"),
        },
    }
}

/// What the preview shows (B.3 verify): the columns with their inferred types, the first rows,
/// and how much was read.
#[derive(Clone, Debug, PartialEq)]
pub struct Inspection {
    pub columns: Vec<Column>,
    pub sample: Vec<Vec<Option<String>>>,
    pub rows_inspected: u64,
    /// Whether rows beyond those inspected were left unread.
    pub more_rows: bool,
    pub encoding: Encoding,
}

/// Reads the headers and up to [`INFER_LINES`] rows: every problem in them, the types they
/// suggest, the first [`SAMPLE_ROWS_SHOWN`] rows.
pub fn inspect(reader: impl Read) -> Result<Inspection, CsvProblem> {
    let mut rows = CsvRows::open(reader)?;
    let mut guesses = vec![TypeGuess::default(); rows.headers.len()];
    let mut sample = Vec::new();
    let mut more_rows = false;
    while let Some(row) = rows.next() {
        if rows.rows_read() > INFER_LINES {
            more_rows = true;
            break;
        }
        let row = row?;
        for (guess, value) in guesses.iter_mut().zip(&row.values) {
            if let Some(value) = value {
                guess.see(value);
            }
        }
        if sample.len() < SAMPLE_ROWS_SHOWN {
            sample.push(row.values);
        }
    }
    if sample.is_empty() {
        return Err(CsvProblem::NoData);
    }
    let rows_inspected = rows.rows_read().min(INFER_LINES);
    Ok(Inspection {
        columns: rows
            .headers
            .iter()
            .zip(&guesses)
            .map(|(name, guess)| Column {
                name: name.clone(),
                kind: guess.guess(),
            })
            .collect(),
        sample,
        rows_inspected,
        more_rows,
        encoding: rows.encoding(),
    })
}

/// Checks the first [`INFER_LINES`] rows against the types staff chose, so a type that does not
/// fit is reported on the preview rather than after processing has begun.
pub fn check_types(reader: impl Read, columns: &[Column]) -> Result<(), CsvProblem> {
    let rows = CsvRows::open(reader)?;
    for row in rows.take(INFER_LINES as usize) {
        row?.convert(columns)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inspected(text: &[u8]) -> Result<Inspection, CsvProblem> {
        inspect(text)
    }

    fn message(text: &[u8]) -> String {
        inspected(text).unwrap_err().to_string()
    }

    #[test]
    fn a_good_file_is_previewed_with_its_types() {
        let inspection =
            inspected(b"name,amount,paid,when\nAcme,12,true,2024-01-31\nBeta,N/A,no,\n").unwrap();
        let kinds: Vec<_> = inspection.columns.iter().map(|c| c.kind).collect();
        assert_eq!(
            kinds,
            [
                ColumnType::Text,
                ColumnType::Integer,
                ColumnType::Boolean,
                ColumnType::Date
            ]
        );
        assert_eq!(
            inspection.sample[1],
            [Some("Beta".into()), None, Some("no".into()), None]
        );
        assert_eq!(inspection.rows_inspected, 2);
        assert!(!inspection.more_rows);
    }

    #[test]
    fn the_real_services_messages() {
        assert_eq!(
            message(b""),
            "Unable to process CSV file: no headers found. The first line of the csv should contain the column headers."
        );
        assert_eq!(
            message(b"name,amount\n"),
            "Unable to process CSV file: no data found."
        );
        assert_eq!(
            message(b"name,Amount\nx,1\n"),
            "Unable to process CSV file: column header \"Amount\" must start with a lower-case letter and contain only lower-case letters, numbers and underscores."
        );
        assert_eq!(
            message(b"id,name\n1,x\n"),
            "Unable to process CSV file: \"id\" is a reserved column name. Rename the column and try again."
        );
        assert_eq!(
            message(b"a,b\n1,2\n\n3\n"),
            "Unable to process CSV file: row 2 (line 4) has 1 values, but the headers name 2 columns."
        );
    }

    #[test]
    fn repeated_headers_are_numbered_and_a_bom_is_not_a_header() {
        let inspection = inspected("\u{feff}name,name,name_1,name\nA,B,C,D\n".as_bytes()).unwrap();
        let names: Vec<_> = inspection.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["name", "name_1", "name_1_1", "name_2"]);
    }

    #[test]
    fn windows_1252_is_read_and_a_mix_is_refused() {
        let inspection = inspected(b"price\n\xa35\n").unwrap();
        assert_eq!(inspection.encoding, Encoding::Windows1252);
        assert_eq!(inspection.sample[0], [Some("£5".into())]);
        assert_eq!(
            message("price\n£5\n".bytes().chain(*b"\xa36\n").collect::<Vec<_>>().as_slice()),
            "Unable to process CSV file: line 3 has characters that cannot be read. Save the file as \"CSV UTF-8\" and try again."
        );
    }

    #[test]
    fn a_chosen_type_is_checked_with_line_and_column() {
        let columns = inspected(b"name,amount\nA,1\nB,2\n").unwrap().columns;
        let mut chosen = columns.clone();
        chosen[0].kind = ColumnType::Integer;
        assert_eq!(
            check_types(&b"name,amount\nA,1\nB,2\n"[..], &chosen)
                .unwrap_err()
                .to_string(),
            "Unable to process CSV file: line 2, column \"name\": \"A\" is not a whole number."
        );
        assert!(check_types(&b"name,amount\nA,1\n"[..], &columns).is_ok());
    }

    #[test]
    fn quoted_values_may_hold_commas_and_new_lines() {
        let text = b"name,note\n\"Smith, J\",\"two\nlines\"\nB,x\n";
        let rows: Vec<Row> = CsvRows::open(&text[..])
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(rows[0].values[0].as_deref(), Some("Smith, J"));
        assert_eq!(rows[0].values[1].as_deref(), Some("two\nlines"));
        assert_eq!((rows[0].line, rows[1].number, rows[1].line), (2, 2, 4));
        // The last row, with no line break after it, after blank lines.
        let rows: Vec<Row> = CsvRows::open(&b"a\r\n1\r\n\r\n\n2"[..])
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!((rows[0].line, rows[1].line), (2, 5));
    }
}

//! A dataset's columns (other-systems B.3): their names, the six data types staff choose from,
//! and how a CSV value becomes a value of its type — one rule for inferring a type, checking a
//! chosen one, and loading.
use chrono::{DateTime, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// The data types offered for a column, in the real service's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ColumnType {
    Integer,
    Boolean,
    Date,
    Timestamp,
    Numeric,
    Text,
}

impl ColumnType {
    pub const ALL: [ColumnType; 6] = [
        ColumnType::Integer,
        ColumnType::Boolean,
        ColumnType::Date,
        ColumnType::Timestamp,
        ColumnType::Numeric,
        ColumnType::Text,
    ];

    /// Inference tries the narrowest first: a column of whole numbers is `integer`, not
    /// `numeric`; anything else that fits no type is `text`.
    const INFERENCE_ORDER: [ColumnType; 5] = [
        ColumnType::Integer,
        ColumnType::Numeric,
        ColumnType::Boolean,
        ColumnType::Date,
        ColumnType::Timestamp,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ColumnType::Integer => "integer",
            ColumnType::Boolean => "boolean",
            ColumnType::Date => "date",
            ColumnType::Timestamp => "timestamp",
            ColumnType::Numeric => "numeric",
            ColumnType::Text => "text",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == name)
    }

    /// What a value of this type must look like, for messages.
    pub fn expected(self) -> &'static str {
        match self {
            ColumnType::Integer => "a whole number",
            ColumnType::Boolean => "true or false",
            ColumnType::Date => "a date like 2024-01-31 or 31/01/2024",
            ColumnType::Timestamp => "a date and time like 2024-01-31 13:45:00",
            ColumnType::Numeric => "a number",
            ColumnType::Text => "text",
        }
    }

    /// `value` (not blank) as this type, written as the database reads it back; `None` if it is
    /// not one. Text is kept as it is; other types' surrounding spaces are ignored.
    pub fn convert(self, value: &str) -> Option<Value> {
        let trimmed = value.trim();
        match self {
            ColumnType::Text => Some(Value::Text(value.to_owned())),
            ColumnType::Integer => trimmed.parse::<i64>().ok().map(Value::Integer),
            ColumnType::Numeric => numeric(trimmed).map(|n| {
                Value::Numeric(if n.is_nan() {
                    "NaN".to_owned()
                } else {
                    trimmed.to_owned()
                })
            }),
            ColumnType::Boolean => boolean(trimmed).map(Value::Boolean),
            ColumnType::Date => date(trimmed).map(Value::Date),
            ColumnType::Timestamp => timestamp(trimmed).map(Value::Timestamp),
        }
    }
}

/// One cell, converted to its column's type.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Integer(i64),
    /// The number as written (PostgreSQL's `numeric` keeps every digit), or `NaN`, which the
    /// API answers as `null` (B.4).
    Numeric(String),
    Boolean(bool),
    Date(NaiveDate),
    Timestamp(NaiveDateTime),
    Text(String),
}

fn numeric(value: &str) -> Option<f64> {
    // Plain decimal notation (with an exponent), or NaN: no "inf", no hex, no thousands commas.
    let digits = value.strip_prefix(['+', '-']).unwrap_or(value);
    let (mantissa, exponent) = match digits.find(['e', 'E']) {
        Some(at) => (&digits[..at], Some(&digits[at + 1..])),
        None => (digits, None),
    };
    let mantissa_ok = {
        let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        (!whole.is_empty() || !fraction.is_empty())
            && whole.chars().all(|c| c.is_ascii_digit())
            && fraction.chars().all(|c| c.is_ascii_digit())
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        !e.is_empty() && e.len() <= 4 && e.chars().all(|c| c.is_ascii_digit())
    });
    if mantissa_ok && exponent_ok {
        value.parse::<f64>().ok().filter(|n| n.is_finite())
    } else if value.eq_ignore_ascii_case("nan") {
        Some(f64::NAN)
    } else {
        None
    }
}

fn boolean(value: &str) -> Option<bool> {
    match value.to_ascii_lowercase().as_str() {
        "true" | "t" | "yes" | "y" => Some(true),
        "false" | "f" | "no" | "n" => Some(false),
        _ => None,
    }
}

fn date(value: &str) -> Option<NaiveDate> {
    ["%Y-%m-%d", "%d/%m/%Y"]
        .iter()
        .find_map(|format| NaiveDate::parse_from_str(value, format).ok())
}

fn timestamp(value: &str) -> Option<NaiveDateTime> {
    // An offset is converted to UTC: the column holds times without a zone, all in UTC.
    if let Ok(zoned) = DateTime::parse_from_rfc3339(value) {
        return Some(zoned.naive_utc());
    }
    [
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
        "%d/%m/%Y %H:%M:%S",
        "%d/%m/%Y %H:%M",
    ]
    .iter()
    .find_map(|format| NaiveDateTime::parse_from_str(value, format).ok())
}

/// Values that mean "no value" (B.3): blanked before anything else sees them.
pub fn is_null(value: &str) -> bool {
    matches!(value.trim(), "" | "NULL" | "None" | "N/A")
}

/// Infers a column's type from a sample of its values, blanks skipped: the first of integer,
/// numeric, boolean, date and timestamp every value converts to, else text (and text when all
/// are blank).
#[derive(Clone, Debug)]
pub struct TypeGuess {
    still_possible: Vec<ColumnType>,
    seen_a_value: bool,
}

impl Default for TypeGuess {
    fn default() -> Self {
        TypeGuess {
            still_possible: ColumnType::INFERENCE_ORDER.to_vec(),
            seen_a_value: false,
        }
    }
}

impl TypeGuess {
    pub fn see(&mut self, value: &str) {
        if is_null(value) || self.still_possible.is_empty() {
            return;
        }
        self.seen_a_value = true;
        self.still_possible
            .retain(|kind| kind.convert(value).is_some());
    }

    pub fn guess(&self) -> ColumnType {
        match self.still_possible.first() {
            Some(kind) if self.seen_a_value => *kind,
            _ => ColumnType::Text,
        }
    }
}

/// Names the store keeps for its own columns (B.2), which a file's columns may not take.
pub const RESERVED_NAMES: [&str; 5] = [
    "id",
    "datafile_created",
    "datafile_updated",
    "data_hash",
    "data_source_row_id",
];

/// The longest column name: PostgreSQL's identifier limit.
pub const LONGEST_COLUMN_NAME: usize = 63;

/// A column's name as the file's header gives it: `^[a-z][a-z0-9_]*$` (B.3), not reserved.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ColumnName(String);

/// Why a header cannot name a column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HeaderProblem {
    /// Not `^[a-z][a-z0-9_]*$`, or too long.
    Format,
    Reserved,
}

impl ColumnName {
    pub fn parse(header: &str) -> Result<Self, HeaderProblem> {
        let mut chars = header.chars();
        let well_formed = chars.next().is_some_and(|c| c.is_ascii_lowercase())
            && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            && header.len() <= LONGEST_COLUMN_NAME;
        if !well_formed {
            Err(HeaderProblem::Format)
        } else if RESERVED_NAMES.contains(&header) {
            Err(HeaderProblem::Reserved)
        } else {
            Ok(ColumnName(header.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for ColumnName {
    type Error = String;

    fn try_from(name: String) -> Result<Self, Self::Error> {
        ColumnName::parse(&name).map_err(|_| format!("not a column name: {name:?}"))
    }
}

impl From<ColumnName> for String {
    fn from(name: ColumnName) -> Self {
        name.0
    }
}

impl std::fmt::Display for ColumnName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A data column of a dataset's table, as the catalogue (`datastore_tables.columns`) and the
/// API's `table-structure` give it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    pub name: ColumnName,
    #[serde(rename = "type")]
    pub kind: ColumnType,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn guess(values: &[&str]) -> ColumnType {
        let mut guess = TypeGuess::default();
        values.iter().for_each(|value| guess.see(value));
        guess.guess()
    }

    #[test]
    fn the_narrowest_type_every_value_fits_is_guessed() {
        assert_eq!(guess(&["1", "-20", "", "300"]), ColumnType::Integer);
        assert_eq!(guess(&["1", "2.5", "NaN"]), ColumnType::Numeric);
        assert_eq!(guess(&["1e3", "-.5"]), ColumnType::Numeric);
        assert_eq!(guess(&["true", "No", "N/A", "y"]), ColumnType::Boolean);
        assert_eq!(guess(&["2024-01-31", "31/12/2023"]), ColumnType::Date);
        assert_eq!(
            guess(&["2024-01-31 13:45:00", "2024-01-31T13:45:00.5Z"]),
            ColumnType::Timestamp
        );
        assert_eq!(guess(&["1", "one"]), ColumnType::Text);
        assert_eq!(guess(&["", "NULL", "None"]), ColumnType::Text);
        assert_eq!(guess(&["1,000"]), ColumnType::Text);
        assert_eq!(guess(&["inf"]), ColumnType::Text);
        assert_eq!(guess(&["2024-02-30"]), ColumnType::Text);
    }

    #[test]
    fn values_convert_to_what_the_database_holds() {
        assert_eq!(
            ColumnType::Integer.convert(" 42 "),
            Some(Value::Integer(42))
        );
        assert_eq!(ColumnType::Integer.convert("4.0"), None);
        assert_eq!(
            ColumnType::Timestamp.convert("2024-01-31T13:45:00+01:00"),
            NaiveDate::from_ymd_opt(2024, 1, 31)
                .unwrap()
                .and_hms_opt(12, 45, 0)
                .map(Value::Timestamp)
        );
        assert_eq!(
            ColumnType::Date.convert("31/01/2024"),
            NaiveDate::from_ymd_opt(2024, 1, 31).map(Value::Date)
        );
        assert_eq!(
            ColumnType::Numeric.convert("nan"),
            Some(Value::Numeric("NaN".into()))
        );
        assert_eq!(
            ColumnType::Numeric.convert(" 12345678901234567890.123 "),
            Some(Value::Numeric("12345678901234567890.123".into()))
        );
        assert_eq!(
            ColumnType::Text.convert(" a "),
            Some(Value::Text(" a ".into()))
        );
        assert_eq!(ColumnType::Numeric.convert("1e99999"), None);
        assert_eq!(ColumnType::Boolean.convert("maybe"), None);
    }

    #[test]
    fn headers_must_be_lower_case_identifiers_and_not_the_stores_own() {
        assert!(ColumnName::parse("company_name_2").is_ok());
        for bad in ["Name", "2nd", "_x", "a-b", "a b", "", "é"] {
            assert_eq!(ColumnName::parse(bad), Err(HeaderProblem::Format), "{bad}");
        }
        assert_eq!(
            ColumnName::parse(&"a".repeat(64)),
            Err(HeaderProblem::Format)
        );
        for reserved in RESERVED_NAMES {
            assert_eq!(ColumnName::parse(reserved), Err(HeaderProblem::Reserved));
        }
    }

    #[test]
    fn type_names_round_trip() {
        for kind in ColumnType::ALL {
            assert_eq!(ColumnType::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(ColumnType::parse("varchar"), None);
    }

    proptest! {
        #[test]
        fn whatever_is_guessed_converts_every_value(values in proptest::collection::vec(
            prop_oneof!["-?[0-9]{1,6}", "-?[0-9]{1,4}\\.[0-9]{1,3}", "(true|false|yes|no)", "20[0-9]{2}-0[1-9]-1[0-9]", "[a-z]{1,5}", Just(String::new())],
            1..20,
        )) {
            let refs: Vec<&str> = values.iter().map(String::as_str).collect();
            let kind = guess(&refs);
            for value in refs.iter().filter(|value| !is_null(value)) {
                prop_assert!(kind.convert(value).is_some(), "{kind:?} {value}");
            }
        }
    }
}

//! Long free text on the paper forms (reference §7.2; docs/lpa-forms-notes.md §4.1): the
//! preferences, instructions and "depends" details are word-wrapped into rows of 84 characters
//! (`Formatter::flattenInstructionsOrPreferences`); the LP1's boxes hold 6 rows, a continuation
//! sheet 2 holds 14.
//!
//! The real service counts bytes of the padded, joined rows (516 = (84 + 2) × 6); counting rows
//! is the same for text in English and does not cut a Welsh or accented character in two.

/// Characters in a row.
pub const ROW_WIDTH: usize = 84;
/// Rows in the LP1's preferences and instructions boxes (section 7).
pub const FORM_BOX_ROWS: usize = 6;
/// Rows on one continuation sheet 2.
pub const SHEET_ROWS: usize = 14;

/// `text` as the forms print it: each line word-wrapped at [`ROW_WIDTH`] characters (a word
/// longer than a row stays whole on its own row), rows trimmed, empty rows dropped.
pub fn rows(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut rows = Vec::new();
    for line in text.trim().split('\n') {
        let mut row = String::new();
        let mut row_chars = 0;
        for word in line.split(' ').filter(|word| !word.is_empty()) {
            let word_chars = word.chars().count();
            if row_chars > 0 && row_chars + 1 + word_chars > ROW_WIDTH {
                rows.push(std::mem::take(&mut row));
                row_chars = 0;
            }
            if row_chars > 0 {
                row.push(' ');
                row_chars += 1;
            }
            row.push_str(word);
            row_chars += word_chars;
        }
        rows.push(row);
    }
    rows.into_iter()
        .map(|row| row.trim().to_owned())
        .filter(|row| !row.is_empty())
        .collect()
}

/// Preferences or instructions split between the LP1's box and continuation sheets.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BoxedText {
    /// What the LP1's box shows: at most [`FORM_BOX_ROWS`] rows.
    pub on_form: Vec<String>,
    /// The rest, [`SHEET_ROWS`] rows to a continuation sheet.
    pub sheets: Vec<Vec<String>>,
}

impl BoxedText {
    pub fn of(text: &str) -> Self {
        let mut on_form = rows(text);
        let rest = on_form.split_off(on_form.len().min(FORM_BOX_ROWS));
        BoxedText {
            on_form,
            sheets: sheets(rest),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.on_form.is_empty()
    }

    /// The box overflows: "I need more space" is ticked.
    pub fn overflows(&self) -> bool {
        !self.sheets.is_empty()
    }
}

/// Text that goes only on continuation sheets (the "depends" details), [`SHEET_ROWS`] rows each.
pub fn sheets_only(text: &str) -> Vec<Vec<String>> {
    sheets(rows(text))
}

fn sheets(rows: Vec<String>) -> Vec<Vec<String>> {
    rows.chunks(SHEET_ROWS).map(<[String]>::to_vec).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn lines_are_wrapped_at_84_characters_between_words() {
        let text = format!("{} {}", "a".repeat(80), "bbbbb cc");
        assert_eq!(rows(&text), ["a".repeat(80), "bbbbb cc".to_owned()]);
        let exactly = format!("{} {}", "a".repeat(80), "bbb");
        assert_eq!(
            rows(&exactly),
            std::slice::from_ref(&exactly),
            "84 characters fit a row"
        );
        assert_eq!(
            rows("First line\r\n\r\n  second   line  \rthird"),
            ["First line", "second line", "third"],
            "line breaks kept, empty rows dropped, spaces between words collapsed"
        );
        let long_word = "x".repeat(85);
        assert_eq!(rows(&format!("a {long_word} b")), ["a", &long_word, "b"]);
        assert!(rows("  \n ").is_empty());
    }

    fn text_of_rows(count: usize) -> String {
        (0..count)
            .map(|i| format!("row {i}"))
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn the_form_box_holds_six_rows_and_each_sheet_fourteen() {
        let table = [
            // rows, rows on the form, rows on each sheet
            (0, 0, vec![]),
            (1, 1, vec![]),
            (6, 6, vec![]),
            (7, 6, vec![1]),
            (20, 6, vec![14]),
            (21, 6, vec![14, 1]),
            (34, 6, vec![14, 14]),
            (35, 6, vec![14, 14, 1]),
        ];
        for (count, on_form, sheets) in table {
            let boxed = BoxedText::of(&text_of_rows(count));
            assert_eq!(boxed.on_form.len(), on_form, "{count} rows");
            assert_eq!(
                boxed.sheets.iter().map(Vec::len).collect::<Vec<_>>(),
                sheets,
                "{count} rows"
            );
            assert_eq!(boxed.overflows(), count > FORM_BOX_ROWS);
        }
        let only: Vec<usize> = sheets_only(&text_of_rows(15))
            .iter()
            .map(Vec::len)
            .collect();
        assert_eq!(
            only,
            [14, 1],
            "the details go on sheets from their first row"
        );
    }

    proptest! {
        #[test]
        fn wrapping_keeps_every_word_in_order_and_rows_within_84(
            words in proptest::collection::vec("[a-zA-Zé]{1,20}", 0..200),
            breaks in proptest::collection::vec(0usize..200, 0..10),
        ) {
            let mut text = String::new();
            for (i, word) in words.iter().enumerate() {
                if i > 0 {
                    text.push(if breaks.contains(&i) { '\n' } else { ' ' });
                }
                text.push_str(word);
            }
            let wrapped = rows(&text);
            for row in &wrapped {
                prop_assert!(row.chars().count() <= ROW_WIDTH);
                prop_assert!(!row.is_empty());
            }
            let back: Vec<&str> = wrapped.iter().flat_map(|row| row.split(' ')).collect();
            prop_assert_eq!(back, words.iter().map(String::as_str).collect::<Vec<_>>());
            let boxed = BoxedText::of(&text);
            let again: Vec<String> = boxed.on_form.iter().chain(boxed.sheets.iter().flatten()).cloned().collect();
            prop_assert_eq!(again, wrapped);
        }
    }
}

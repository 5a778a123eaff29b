//! A person form's fields into model values, with the GOV.UK messages for each rule (reference
//! §4.1, §4.2). The model says which part broke which rule; this says it to the person filling the
//! form in, about whoever the form is for ("Enter the donor’s first names"). Shared by every page
//! that asks for a person, and run in the browser too.
use crate::dates::{date_of_birth, Today};
use crate::validation::FieldErrors;

use super::model::{
    Address, Dob, EmailAddress, EmailProblem, FreeText, Invalid, PersonName, Problem, Revision,
};

/// The ids (and names) of a person form's fields, so the pages and these rules agree.
pub mod field {
    pub const TITLE: &str = "name-title";
    pub const FIRST: &str = "name-first";
    pub const LAST: &str = "name-last";
    pub const OTHER_NAMES: &str = "other-names";
    pub const DOB_DAY: &str = "dob-day";
    pub const EMAIL: &str = "email-address";
    pub const ADDRESS1: &str = "address-address1";
    pub const ADDRESS2: &str = "address-address2";
    pub const ADDRESS3: &str = "address-address3";
    pub const POSTCODE: &str = "address-postcode";
    pub const COMPANY_NAME: &str = "name";
    pub const COMPANY_NUMBER: &str = "number";
    /// The box ticked to save despite a warning (see `lpa::warnings`).
    pub const CONFIRM: &str = "confirm";
    /// The hidden change number the page was drawn from.
    pub const REVISION: &str = "revision";
}

/// Whose details a form holds, as its messages name them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Whose(pub &'static str);

impl Whose {
    pub const DONOR: Whose = Whose("the donor’s");
    pub const ATTORNEY: Whose = Whose("the attorney’s");
    pub const REPLACEMENT: Whose = Whose("the replacement attorney’s");
    pub const CERTIFICATE_PROVIDER: Whose = Whose("the certificate provider’s");
    pub const PERSON_TO_NOTIFY: Whose = Whose("the person to notify’s");
    pub const COMPANY: Whose = Whose("the company’s");
}

fn too_long(what: &str, max: usize) -> String {
    format!("{what} must be {max} characters or fewer")
}

/// A name from the title, first and last name fields.
pub fn name<const FIRST: usize, const LAST: usize>(
    errors: &mut FieldErrors,
    whose: Whose,
    title: &str,
    first: &str,
    last: &str,
) -> Option<PersonName<FIRST, LAST>> {
    PersonName::parse(title, first, last)
        .map_err(|problems| {
            for Invalid { part, problem } in problems {
                let (id, message) = match (part, problem) {
                    ("title", Problem::TooLong(max)) => (field::TITLE, too_long("Title", max)),
                    ("first", Problem::Missing) => {
                        (field::FIRST, format!("Enter {} first names", whose.0))
                    }
                    ("first", Problem::TooLong(max)) => {
                        (field::FIRST, too_long("First names", max))
                    }
                    ("last", Problem::Missing) => {
                        (field::LAST, format!("Enter {} last name", whose.0))
                    }
                    (_, problem) => (field::LAST, too_long("Last name", max_of(&problem))),
                };
                errors.add(id, message);
            }
        })
        .ok()
}

fn max_of(problem: &Problem) -> usize {
    match problem {
        Problem::TooLong(max) => *max,
        _ => 0,
    }
}

/// An address from its four fields.
pub fn address(errors: &mut FieldErrors, whose: Whose, lines: [&str; 4]) -> Option<Address> {
    let [address1, address2, address3, postcode] = lines;
    Address::parse(address1, address2, address3, postcode)
        .map_err(|problems| {
            for Invalid { part, problem } in problems {
                let (id, message) = match (part, problem) {
                    ("address1", Problem::Missing) => (
                        field::ADDRESS1,
                        format!("Enter the first line of {} address", whose.0),
                    ),
                    ("address1", Problem::TooLong(max)) => {
                        (field::ADDRESS1, too_long("Address line 1", max))
                    }
                    ("address2", Problem::NeedsLine2OrPostcode) => (
                        field::ADDRESS2,
                        "Enter the second line of the address or a postcode".to_owned(),
                    ),
                    ("address2", Problem::TooLong(max)) => {
                        (field::ADDRESS2, too_long("Address line 2", max))
                    }
                    ("address3", Problem::TooLong(max)) => {
                        (field::ADDRESS3, too_long("Town or city", max))
                    }
                    (_, problem) => (
                        field::POSTCODE,
                        format!(
                            "Postcode must be {} characters or fewer – put overseas postcodes in \
                             the address lines",
                            max_of(&problem)
                        ),
                    ),
                };
                errors.add(id, message);
            }
        })
        .ok()
}

/// A date of birth from the date input's three parts: a real date, in the past.
pub fn dob(
    errors: &mut FieldErrors,
    whose: Whose,
    [day, month, year]: [&str; 3],
    today: Today,
) -> Option<Dob> {
    match date_of_birth(day, month, year, today, whose.0) {
        Ok(date) => Dob::new(date, today),
        Err((id, message)) => {
            errors.add(id, message);
            None
        }
    }
}

/// An email address that may be left out.
pub fn optional_email(errors: &mut FieldErrors, whose: Whose, raw: &str) -> Option<EmailAddress> {
    EmailAddress::parse_optional(raw).unwrap_or_else(|problem| {
        let message = match problem {
            EmailProblem::NotAnAddress => format!(
                "Enter {} email address in the correct format, like name@example.com",
                whose.0
            ),
            other => other.message().to_owned(),
        };
        errors.add(field::EMAIL, message);
        None
    })
}

/// Text of at most `max` characters that must be given (a company's name and number, other
/// names), trimmed; `None` if blank and optional.
pub fn text(
    errors: &mut FieldErrors,
    id: &str,
    raw: &str,
    max: usize,
    what: &str,
    missing: Option<&str>,
) -> Option<String> {
    let text = raw.trim();
    if text.is_empty() {
        if let Some(message) = missing {
            errors.add(id, message);
        }
        return None;
    }
    if text.chars().count() > max {
        errors.add(id, too_long(what, max));
        return None;
    }
    Some(text.to_owned())
}

/// Free text (instructions, preferences, "depends" details) with its message for each rule.
/// `missing` is the message when it must not be empty.
pub fn free_text<const MAX: usize>(
    errors: &mut FieldErrors,
    id: &str,
    raw: &str,
    what: &str,
    missing: Option<&str>,
) -> Option<FreeText<MAX>> {
    let parsed = match missing {
        Some(_) => FreeText::required(raw),
        None => FreeText::parse(raw),
    };
    parsed
        .map_err(|problem| {
            let message = match problem {
                Problem::Missing => missing.unwrap_or_default().to_owned(),
                Problem::TooLong(max) => too_long(what, max),
                Problem::WordTooLong => format!(
                    "{what} cannot have a word longer than {} characters",
                    super::model::MAX_WORD
                ),
                Problem::HasLink => format!("{what} cannot include web links"),
                _ => format!("Check {}", what.to_lowercase()),
            };
            errors.add(id, message);
        })
        .ok()
}

/// The change number the page was drawn from (a hidden field). Anything unreadable is treated as
/// out of date, so the save is refused rather than guessed at.
pub fn revision(raw: &str) -> Revision {
    Revision(raw.trim().parse().unwrap_or(-1))
}

/// A checkbox sent ticked.
pub fn ticked(raw: &str) -> bool {
    !raw.trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lpa::model::{Instructions, LongName, Name};
    use chrono::NaiveDate;

    fn today() -> Today {
        Today::new(NaiveDate::from_ymd_opt(2026, 12, 3).unwrap())
    }

    #[test]
    fn name_messages_name_whose_name_it_is() {
        let mut errors = FieldErrors::new();
        let parsed: Option<LongName> = name(&mut errors, Whose::DONOR, "Sir Lord", "", "");
        assert_eq!(parsed, None);
        assert_eq!(
            errors.get(field::TITLE),
            Some("Title must be 5 characters or fewer")
        );
        assert_eq!(
            errors.get(field::FIRST),
            Some("Enter the donor’s first names")
        );
        assert_eq!(errors.get(field::LAST), Some("Enter the donor’s last name"));

        let mut errors = FieldErrors::new();
        let _: Option<LongName> = name(
            &mut errors,
            Whose::DONOR,
            "",
            &"a".repeat(54),
            &"b".repeat(62),
        );
        assert_eq!(
            errors.get(field::FIRST),
            Some("First names must be 53 characters or fewer")
        );
        assert_eq!(
            errors.get(field::LAST),
            Some("Last name must be 61 characters or fewer")
        );

        let mut errors = FieldErrors::new();
        let _: Option<Name> = name(&mut errors, Whose::ATTORNEY, "", &"a".repeat(51), "");
        assert_eq!(
            errors.get(field::FIRST),
            Some("First names must be 50 characters or fewer")
        );
        assert_eq!(
            errors.get(field::LAST),
            Some("Enter the attorney’s last name")
        );
    }

    #[test]
    fn address_messages() {
        let mut errors = FieldErrors::new();
        assert_eq!(
            address(&mut errors, Whose::ATTORNEY, ["", "", "", ""]),
            None
        );
        assert_eq!(
            errors.get(field::ADDRESS1),
            Some("Enter the first line of the attorney’s address")
        );
        assert_eq!(
            errors.get(field::ADDRESS2),
            Some("Enter the second line of the address or a postcode")
        );
        let mut errors = FieldErrors::new();
        let long = "x".repeat(51);
        assert_eq!(
            address(
                &mut errors,
                Whose::DONOR,
                [&long, &long, &long, "SW1A 1AAA"]
            ),
            None
        );
        assert_eq!(
            errors.get(field::ADDRESS1),
            Some("Address line 1 must be 50 characters or fewer")
        );
        assert_eq!(
            errors.get(field::ADDRESS2),
            Some("Address line 2 must be 50 characters or fewer")
        );
        assert_eq!(
            errors.get(field::ADDRESS3),
            Some("Town or city must be 50 characters or fewer")
        );
        assert_eq!(
            errors.get(field::POSTCODE),
            Some("Postcode must be 8 characters or fewer – put overseas postcodes in the address lines")
        );
    }

    #[test]
    fn date_of_birth_messages() {
        let mut errors = FieldErrors::new();
        assert_eq!(dob(&mut errors, Whose::DONOR, ["", "", ""], today()), None);
        assert_eq!(
            errors.get(field::DOB_DAY),
            Some("Enter the donor’s date of birth")
        );
        let mut errors = FieldErrors::new();
        assert_eq!(
            dob(&mut errors, Whose::DONOR, ["4", "12", "2026"], today()),
            None
        );
        assert_eq!(
            errors.get(field::DOB_DAY),
            Some("Date of birth must be in the past")
        );
        let mut errors = FieldErrors::new();
        assert!(dob(&mut errors, Whose::DONOR, ["1", "2", "1950"], today()).is_some());
        assert!(errors.is_empty());
    }

    #[test]
    fn an_email_may_be_left_out_but_not_be_wrong() {
        let mut errors = FieldErrors::new();
        assert_eq!(optional_email(&mut errors, Whose::DONOR, " "), None);
        assert!(errors.is_empty());
        assert_eq!(optional_email(&mut errors, Whose::DONOR, "nope"), None);
        assert_eq!(
            errors.get(field::EMAIL),
            Some("Enter the donor’s email address in the correct format, like name@example.com")
        );
    }

    #[test]
    fn free_text_messages() {
        let mut errors = FieldErrors::new();
        let long_word = "a".repeat(86);
        let parsed: Option<Instructions> =
            free_text(&mut errors, "instruction", &long_word, "Instructions", None);
        assert_eq!(parsed, None);
        assert_eq!(
            errors.get("instruction"),
            Some("Instructions cannot have a word longer than 85 characters")
        );
        let mut errors = FieldErrors::new();
        let _: Option<Instructions> = free_text(
            &mut errors,
            "preference",
            "see http://x.org",
            "Preferences",
            None,
        );
        assert_eq!(
            errors.get("preference"),
            Some("Preferences cannot include web links")
        );
        let mut errors = FieldErrors::new();
        let _: Option<crate::lpa::model::Details> = free_text(
            &mut errors,
            "how-details",
            "",
            "Details",
            Some("Tell us which decisions have to be made jointly"),
        );
        assert_eq!(
            errors.get("how-details"),
            Some("Tell us which decisions have to be made jointly")
        );
    }

    #[test]
    fn unreadable_revisions_are_out_of_date() {
        assert_eq!(revision("7"), Revision(7));
        assert_eq!(revision("seven"), Revision(-1));
    }
}

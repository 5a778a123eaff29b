//! The satisfaction form's rules (reference §10, other-systems A.4–A.5): a rating on GOV.UK's
//! five-point scale, what the visitor wants to tell us, and optional contact details. Pure code,
//! run on the server always and in the browser for instant feedback.
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::account::rules::{EmailAddress, EmailProblem};
use crate::lpa::model::PhoneNumber;
use crate::validation::FieldErrors;

/// The form's fields, as the real service names them.
pub mod field {
    pub const RATING: &str = "rating";
    pub const DETAILS: &str = "details";
    pub const EMAIL: &str = "email";
    pub const PHONE: &str = "phone";
    pub const FROM_PAGE: &str = "fromPage";
}

/// The most the details may hold.
pub const MAX_DETAILS: usize = 2000;
/// The most a kept page path or browser name may hold; longer ones are cut, not refused (the
/// visitor did not type them).
pub const MAX_CONTEXT: usize = 500;

pub const RATING_MISSING: &str = "Select how satisfied you were with this service";
pub const DETAILS_MISSING: &str = "Enter your feedback";
pub const DETAILS_TOO_LONG: &str = "Your feedback must be 2,000 characters or fewer";
pub const EMAIL_INVALID: &str =
    "Enter an email address in the correct format, like name@example.com";
pub const PHONE_INVALID: &str =
    "Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192";

/// How satisfied the visitor was, in the order the form lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rating {
    VerySatisfied,
    Satisfied,
    #[serde(rename = "neither-satisfied-or-dissatisfied")]
    Neither,
    Dissatisfied,
    VeryDissatisfied,
}

impl Rating {
    pub const ALL: [Rating; 5] = [
        Rating::VerySatisfied,
        Rating::Satisfied,
        Rating::Neither,
        Rating::Dissatisfied,
        Rating::VeryDissatisfied,
    ];

    /// The value the form sends and the table stores.
    pub fn value(self) -> &'static str {
        match self {
            Rating::VerySatisfied => "very-satisfied",
            Rating::Satisfied => "satisfied",
            Rating::Neither => "neither-satisfied-or-dissatisfied",
            Rating::Dissatisfied => "dissatisfied",
            Rating::VeryDissatisfied => "very-dissatisfied",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Rating::VerySatisfied => "Very satisfied",
            Rating::Satisfied => "Satisfied",
            Rating::Neither => "Neither satisfied nor dissatisfied",
            Rating::Dissatisfied => "Dissatisfied",
            Rating::VeryDissatisfied => "Very dissatisfied",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Rating::ALL
            .into_iter()
            .find(|rating| rating.value() == value)
    }

    /// Whether it counts as satisfied in the satisfaction figure (GOV.UK's measure: the share
    /// of ratings that are "satisfied" or "very satisfied").
    pub fn is_satisfied(self) -> bool {
        matches!(self, Rating::VerySatisfied | Rating::Satisfied)
    }
}

/// Read back from the table, which only holds the five values.
impl TryFrom<String> for Rating {
    type Error = String;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Rating::parse(&value).ok_or_else(|| format!("not a rating: {value:?}"))
    }
}

/// A path on this site, as the page a visitor came from: `/` and more, never another site
/// (`//host`, `https://…`), so a "return to" link built from it cannot send anyone away.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct LocalPath(String);

impl LocalPath {
    /// The path, if `raw` is one on this site; cut to [`MAX_CONTEXT`] characters.
    pub fn parse(raw: &str) -> Option<Self> {
        let raw = raw.trim();
        let local = raw.starts_with('/')
            && !raw.starts_with("//")
            && !raw.starts_with("/\\")
            && !raw.chars().any(|c| c.is_control() || c == '\\');
        local.then(|| LocalPath(raw.chars().take(MAX_CONTEXT).collect()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for LocalPath {
    type Error = &'static str;

    fn try_from(raw: String) -> Result<Self, Self::Error> {
        LocalPath::parse(&raw).ok_or("not a path on this site")
    }
}

impl From<LocalPath> for String {
    fn from(path: LocalPath) -> String {
        path.0
    }
}

/// What the visitor told us, checked: only a valid one can be made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Feedback {
    pub rating: Rating,
    details: String,
    pub email: Option<EmailAddress>,
    pub phone: Option<PhoneNumber>,
    pub from_page: Option<LocalPath>,
}

impl Feedback {
    /// The form's fields checked, every problem recorded against its field in page order.
    pub fn check(
        rating: &str,
        details: &str,
        email: &str,
        phone: &str,
        from_page: &str,
    ) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let rating = Rating::parse(rating.trim());
        if rating.is_none() {
            errors.add(field::RATING, RATING_MISSING);
        }
        let details = details.trim();
        if details.is_empty() {
            errors.add(field::DETAILS, DETAILS_MISSING);
        } else if details.chars().count() > MAX_DETAILS {
            errors.add(field::DETAILS, DETAILS_TOO_LONG);
        }
        let email = EmailAddress::parse_optional(email).unwrap_or_else(|problem| {
            let message = match problem {
                EmailProblem::NotAnAddress => EMAIL_INVALID,
                other => other.message(),
            };
            errors.add(field::EMAIL, message);
            None
        });
        let phone = if phone.trim().is_empty() {
            None
        } else {
            match PhoneNumber::parse(phone) {
                Ok(number) => Some(number),
                Err(_) => {
                    errors.add(field::PHONE, PHONE_INVALID);
                    None
                }
            }
        };
        match rating {
            Some(rating) if errors.is_empty() => Ok(Feedback {
                rating,
                details: details.to_owned(),
                email,
                phone,
                from_page: LocalPath::parse(from_page),
            }),
            _ => Err(errors),
        }
    }

    pub fn details(&self) -> &str {
        &self.details
    }
}

/// The days from `first` to `last`, both whole (UTC).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateRange {
    first: NaiveDate,
    last: NaiveDate,
}

impl DateRange {
    /// The range, if `first` is not after `last`.
    pub fn new(first: NaiveDate, last: NaiveDate) -> Option<Self> {
        (first <= last).then_some(DateRange { first, last })
    }

    pub fn first(&self) -> NaiveDate {
        self.first
    }

    pub fn last(&self) -> NaiveDate {
        self.last
    }

    /// From the first day's start, up to (not including) the start of the day after the last.
    pub fn bounds(&self) -> (DateTime<Utc>, DateTime<Utc>) {
        let start = self.first.and_hms_opt(0, 0, 0).expect("midnight").and_utc();
        let end = self
            .last
            .succ_opt()
            .unwrap_or(self.last)
            .and_hms_opt(0, 0, 0)
            .expect("midnight")
            .and_utc();
        (start, end)
    }
}

/// A cell as a spreadsheet will not run it: text that a spreadsheet would read as a formula
/// (starting `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`, as OWASP's
/// guidance on CSV injection advises. Everything else is kept as it is.
pub fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// When the end of a searched range comes before its start.
pub const END_BEFORE_START: &str = "The end date must be the same as or after the start date";

/// The admin's search of feedback: the range from two GOV.UK date inputs (`start-…`, `end-…`),
/// or the problems, start first.
pub fn range_from_parts(start: [&str; 3], end: [&str; 3]) -> Result<DateRange, FieldErrors> {
    let mut errors = FieldErrors::new();
    let first = crate::dates::date_from_parts("start", "Start date", start)
        .map_err(|(id, message)| errors.add(id, message))
        .ok();
    let last = crate::dates::date_from_parts("end", "End date", end)
        .map_err(|(id, message)| errors.add(id, message))
        .ok();
    match (first, last) {
        (Some(first), Some(last)) => DateRange::new(first, last).ok_or_else(|| {
            errors.add("end-day", END_BEFORE_START);
            errors
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratings_are_the_five_point_scale_in_order() {
        let values: Vec<_> = Rating::ALL.iter().map(|r| r.value()).collect();
        assert_eq!(
            values,
            [
                "very-satisfied",
                "satisfied",
                "neither-satisfied-or-dissatisfied",
                "dissatisfied",
                "very-dissatisfied"
            ]
        );
        for rating in Rating::ALL {
            assert_eq!(Rating::parse(rating.value()), Some(rating));
            let json = serde_json::to_string(&rating).unwrap();
            assert_eq!(json, format!("\"{}\"", rating.value()));
        }
        assert_eq!(Rating::parse("VERY-SATISFIED"), None);
        assert_eq!(Rating::ALL.iter().filter(|r| r.is_satisfied()).count(), 2);
    }

    #[test]
    fn a_rating_and_details_are_needed_and_contact_details_are_checked_when_given() {
        let errors = Feedback::check("", " ", "", "", "").unwrap_err();
        assert_eq!(errors.get(field::RATING), Some(RATING_MISSING));
        assert_eq!(errors.get(field::DETAILS), Some(DETAILS_MISSING));

        let long = "a".repeat(MAX_DETAILS + 1);
        let errors = Feedback::check("satisfied", &long, "not an email", "12", "").unwrap_err();
        assert_eq!(errors.get(field::DETAILS), Some(DETAILS_TOO_LONG));
        assert_eq!(errors.get(field::EMAIL), Some(EMAIL_INVALID));
        assert_eq!(errors.get(field::PHONE), Some(PHONE_INVALID));
        let order: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(order, [field::DETAILS, field::EMAIL, field::PHONE]);

        let exactly = "é".repeat(MAX_DETAILS);
        let feedback = Feedback::check(
            "very-dissatisfied",
            &format!("  {exactly}  "),
            " Sam@Example.COM ",
            "07700 900982",
            "/lpa/123/donor",
        )
        .unwrap();
        assert_eq!(feedback.rating, Rating::VeryDissatisfied);
        assert_eq!(feedback.details(), exactly);
        assert_eq!(feedback.email.unwrap().as_str(), "sam@example.com");
        assert_eq!(feedback.phone.unwrap().as_str(), "07700 900982");
        assert_eq!(feedback.from_page.unwrap().as_str(), "/lpa/123/donor");
    }

    #[test]
    fn a_searched_range_runs_forwards_and_takes_in_its_whole_last_day() {
        let range = range_from_parts(["1", "11", "2026"], ["30", "11", "2026"]).unwrap();
        let (start, end) = range.bounds();
        assert_eq!(start.to_rfc3339(), "2026-11-01T00:00:00+00:00");
        assert_eq!(end.to_rfc3339(), "2026-12-01T00:00:00+00:00");
        assert!(range_from_parts(["5", "5", "2026"], ["5", "5", "2026"]).is_ok());
        let errors = range_from_parts(["2", "5", "2026"], ["1", "5", "2026"]).unwrap_err();
        assert_eq!(errors.get("end-day"), Some(END_BEFORE_START));
        let errors = range_from_parts(["", "", ""], ["1", "", "2026"]).unwrap_err();
        assert_eq!(errors.get("start-day"), Some("Enter the start date"));
        assert_eq!(
            errors.get("end-month"),
            Some("End date must include a month")
        );
    }

    #[test]
    fn cells_a_spreadsheet_would_run_are_made_text() {
        for formula in ["=SUM(A1)", "+1", "-1+2", "@cmd", "\tx", "\rx"] {
            assert_eq!(spreadsheet_safe(formula), format!("'{formula}"));
        }
        for text in ["Very good", "", "1-2", "a=b", "'quoted"] {
            assert_eq!(spreadsheet_safe(text), text);
        }
    }

    #[test]
    fn only_paths_on_this_site_are_kept_as_the_page_it_came_from() {
        for kept in ["/", "/user/dashboard", "/lpa/1/donor?x=1"] {
            assert_eq!(LocalPath::parse(kept).unwrap().as_str(), kept);
        }
        for refused in [
            "",
            "dashboard",
            "//evil.example",
            "/\\evil.example",
            "https://evil.example/",
            "/a\nb",
            "javascript:alert(1)",
        ] {
            assert_eq!(LocalPath::parse(refused), None, "{refused:?}");
        }
        let long = format!("/{}", "a".repeat(MAX_CONTEXT * 2));
        assert_eq!(
            LocalPath::parse(&long).unwrap().as_str().chars().count(),
            MAX_CONTEXT
        );
    }
}

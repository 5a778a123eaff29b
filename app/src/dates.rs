//! Calendar dates, all with chrono (the type the clock, the store and the feed already use): the
//! date the rules call today, the date-input rule "a real date in the past", and how GOV.UK writes
//! a time.
//!
//! Today comes from the injected `Clock` on the server ([`Today::from_clock`]), so tests move it
//! with a `ManualClock`; the browser uses its own clock only for instant feedback, and the server
//! decides ([`crate::form::FormInput::validate_on`]).
use chrono::{DateTime, NaiveDate, Utc};

/// The date today, in UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Today(NaiveDate);

impl Today {
    pub fn new(date: NaiveDate) -> Self {
        Today(date)
    }

    pub fn date(self) -> NaiveDate {
        self.0
    }

    /// The date the server's clock says (a `ManualClock` in tests).
    #[cfg(feature = "ssr")]
    pub fn from_clock(clock: &dyn backends::clock::Clock) -> Self {
        Today(clock.now().date_naive())
    }

    /// The machine's own clock: the browser's in the browser.
    pub fn from_system() -> Self {
        #[cfg(all(target_arch = "wasm32", feature = "hydrate"))]
        let millis = js_sys::Date::now() as i64;
        #[cfg(not(all(target_arch = "wasm32", feature = "hydrate")))]
        let millis = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|elapsed| elapsed.as_millis() as i64)
            .unwrap_or_default();
        let now = DateTime::<Utc>::from_timestamp_millis(millis).unwrap_or_default();
        Today(now.date_naive())
    }
}

/// A real date before `today` from a GOV.UK date input's three parts (its rules and messages,
/// for a date of birth): the error names the first part to fix.
pub fn date_in_past(
    day: &str,
    month: &str,
    year: &str,
    today: Today,
) -> Result<NaiveDate, (&'static str, String)> {
    date_of_birth(day, month, year, today, "your")
}

/// [`date_in_past`] for someone else's date of birth: `whose` is `"the donor’s"`, say.
pub fn date_of_birth(
    day: &str,
    month: &str,
    year: &str,
    today: Today,
    whose: &str,
) -> Result<NaiveDate, (&'static str, String)> {
    let (day, month, year) = (day.trim(), month.trim(), year.trim());
    if day.is_empty() && month.is_empty() && year.is_empty() {
        return Err(("dob-day", format!("Enter {whose} date of birth")));
    }
    for (part, value, id) in [
        ("day", day, "dob-day"),
        ("month", month, "dob-month"),
        ("year", year, "dob-year"),
    ] {
        if value.is_empty() {
            return Err((id, format!("Date of birth must include a {part}")));
        }
    }
    let parsed = (
        day.parse::<u32>(),
        month.parse::<u32>(),
        year.parse::<i32>(),
    );
    let (Ok(day), Ok(month), Ok(year)) = parsed else {
        return Err(("dob-day", "Date of birth must be a real date".to_owned()));
    };
    if !(1000..=9999).contains(&year) {
        return Err(("dob-year", "Year must include 4 numbers".to_owned()));
    }
    let Some(date) = NaiveDate::from_ymd_opt(year, month, day) else {
        return Err(("dob-day", "Date of birth must be a real date".to_owned()));
    };
    if year < 1890 {
        return Err(("dob-year", "Date of birth must be after 1890".to_owned()));
    }
    if date >= today.date() {
        return Err(("dob-day", "Date of birth must be in the past".to_owned()));
    }
    Ok(date)
}

/// A real date from a GOV.UK date input whose parts are `{prefix}-day`, `{prefix}-month` and
/// `{prefix}-year`, called `what` in messages ("Start date"): the error names the first part to
/// fix, with GOV.UK's wording.
pub fn date_from_parts(
    prefix: &str,
    what: &str,
    [day, month, year]: [&str; 3],
) -> Result<NaiveDate, (String, String)> {
    let (day, month, year) = (day.trim(), month.trim(), year.trim());
    let id = |part: &str| format!("{prefix}-{part}");
    if day.is_empty() && month.is_empty() && year.is_empty() {
        return Err((id("day"), format!("Enter the {}", what.to_lowercase())));
    }
    for (part, value) in [("day", day), ("month", month), ("year", year)] {
        if value.is_empty() {
            return Err((id(part), format!("{what} must include a {part}")));
        }
    }
    let real = || (id("day"), format!("{what} must be a real date"));
    let (Ok(day), Ok(month), Ok(year)) = (
        day.parse::<u32>(),
        month.parse::<u32>(),
        year.parse::<i32>(),
    ) else {
        return Err(real());
    };
    if !(1000..=9999).contains(&year) {
        return Err((id("year"), "Year must include 4 numbers".to_owned()));
    }
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(real)
}

/// A date as GOV.UK writes dates: `6 December 2026`.
pub fn long_date(date: NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

/// An RFC 3339 time as GOV.UK writes times, in UTC with seconds: `1 March 2026 at 2:05:07pm UTC`.
/// Anything else is shown as it is.
pub fn shown_time(rfc3339: &str) -> String {
    match DateTime::parse_from_rfc3339(rfc3339) {
        Ok(time) => time
            .with_timezone(&Utc)
            .format("%-d %B %Y at %-I:%M:%S%P UTC")
            .to_string(),
        Err(_) => rfc3339.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_from_its_parts_names_the_part_to_fix() {
        let date = |parts| date_from_parts("start", "Start date", parts);
        assert_eq!(
            date(["1", "2", "2026"]),
            Ok(NaiveDate::from_ymd_opt(2026, 2, 1).unwrap())
        );
        assert_eq!(
            date(["", "", ""]),
            Err(("start-day".into(), "Enter the start date".into()))
        );
        assert_eq!(
            date(["1", "", "2026"]),
            Err((
                "start-month".into(),
                "Start date must include a month".into()
            ))
        );
        assert_eq!(
            date(["31", "2", "2026"]),
            Err(("start-day".into(), "Start date must be a real date".into()))
        );
        assert_eq!(
            date(["1", "2", "26"]),
            Err(("start-year".into(), "Year must include 4 numbers".into()))
        );
    }

    fn on(year: i32, month: u32, day: u32) -> Today {
        Today::new(NaiveDate::from_ymd_opt(year, month, day).unwrap())
    }

    #[test]
    fn a_date_of_birth_is_real_and_before_today() {
        let today = on(2026, 12, 3);
        for (day, month, year, field) in [
            ("31", "2", "2000", "dob-day"),
            ("29", "2", "1900", "dob-day"),
            ("", "2", "2000", "dob-day"),
            ("1", "", "2000", "dob-month"),
            ("1", "1", "99", "dob-year"),
            ("1", "1", "3000", "dob-day"),
            ("x", "1", "2000", "dob-day"),
            ("1", "13", "2000", "dob-day"),
            ("1", "1", "1889", "dob-year"),
            ("3", "12", "2026", "dob-day"),
        ] {
            let error = date_in_past(day, month, year, today).unwrap_err();
            assert_eq!(error.0, field, "{day}/{month}/{year}");
        }
        assert_eq!(
            date_in_past("29", "2", "2000", today),
            Ok(NaiveDate::from_ymd_opt(2000, 2, 29).unwrap())
        );
        assert!(date_in_past("2", "12", "2026", today).is_ok());
        // The same day is in the past once today has moved on.
        assert!(date_in_past("3", "12", "2026", on(2026, 12, 4)).is_ok());
    }

    #[test]
    fn the_system_clock_gives_a_plausible_today() {
        use chrono::Datelike;
        assert!(Today::from_system().date().year() >= 2026);
    }

    #[test]
    fn times_read_as_govuk_writes_them() {
        assert_eq!(
            shown_time("2026-03-01T14:05:07.123456Z"),
            "1 March 2026 at 2:05:07pm UTC"
        );
        assert_eq!(
            shown_time("2026-12-25T00:00:09Z"),
            "25 December 2026 at 12:00:09am UTC"
        );
        assert_eq!(
            shown_time("2026-07-04T12:30:00Z"),
            "4 July 2026 at 12:30:00pm UTC"
        );
        assert_eq!(shown_time("yesterday"), "yesterday");
        assert_eq!(shown_time("2026-13-01T00:00:00Z"), "2026-13-01T00:00:00Z");
    }
}

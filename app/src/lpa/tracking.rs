//! Where a completed LPA has got to at the Office of the Public Guardian (reference §6, §8.3).
//! OPG's case system, Sirius, says; the service keeps what it last said in the LPA's metadata
//! under the real service's keys ([`SiriusProgress`]), and shows it as one of four steps
//! ([`TrackedStatus`]) for LPAs completed on or after the day tracking began. No I/O here: the
//! gateway and the refresh are in `server::tracking`.
use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use super::model::{LpaId, Progress};

/// The steps of the status tracker, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum TrackedStatus {
    /// Completed and posted, not yet received by OPG.
    Waiting,
    Received,
    Checking,
    /// Registered and sent, or returned: final.
    Processed,
}

impl TrackedStatus {
    pub const ALL: [TrackedStatus; 4] = [
        TrackedStatus::Waiting,
        TrackedStatus::Received,
        TrackedStatus::Checking,
        TrackedStatus::Processed,
    ];

    pub fn label(self) -> &'static str {
        match self {
            TrackedStatus::Waiting => "Waiting",
            TrackedStatus::Received => "Received",
            TrackedStatus::Checking => "Checking",
            TrackedStatus::Processed => "Processed",
        }
    }

    /// As stored in the listing and written in URLs and data attributes.
    pub fn slug(self) -> &'static str {
        match self {
            TrackedStatus::Waiting => "waiting",
            TrackedStatus::Received => "received",
            TrackedStatus::Checking => "checking",
            TrackedStatus::Processed => "processed",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.slug() == slug)
    }
}

/// The status an LPA is shown with on the dashboard: its progress through the journey, and once
/// completed (when tracked), where it has got to at OPG.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ShownStatus {
    Started,
    Created,
    /// Completed before tracking began: no more is known.
    Completed,
    Tracked(TrackedStatus),
}

impl ShownStatus {
    /// §6: Started, Created or Completed; a completed LPA that is tracked is Waiting unless
    /// Sirius said more.
    pub fn of(progress: Progress, tracked: bool, sirius: Option<TrackedStatus>) -> Self {
        match progress {
            Progress::Started => ShownStatus::Started,
            Progress::Created => ShownStatus::Created,
            Progress::Completed if !tracked => ShownStatus::Completed,
            Progress::Completed => ShownStatus::Tracked(sirius.unwrap_or(TrackedStatus::Waiting)),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ShownStatus::Started => "Started",
            ShownStatus::Created => "Created",
            ShownStatus::Completed => "Completed",
            ShownStatus::Tracked(status) => status.label(),
        }
    }

    /// Whether Sirius may still say something new (the dashboard asks for these).
    pub fn in_flight(self) -> bool {
        matches!(
            self,
            ShownStatus::Tracked(
                TrackedStatus::Waiting | TrackedStatus::Received | TrackedStatus::Checking
            )
        )
    }

    /// Whether the dashboard links to the status page ("View … message").
    pub fn has_message(self) -> bool {
        matches!(self, ShownStatus::Completed | ShownStatus::Tracked(_))
    }
}

/// LPA `id` is now shown as `status`: announced to its owner's open dashboards.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChanged {
    pub id: LpaId,
    pub status: TrackedStatus,
}

/// Whether an LPA completed on `completed` is tracked when tracking began on `track_from`.
pub fn is_tracked(completed: NaiveDate, track_from: NaiveDate) -> bool {
    completed >= track_from
}

/// What Sirius last said of an LPA, as the real service keeps it in the LPA's metadata.
/// Nothing is stored until Sirius has a record of it (Waiting).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SiriusProgress {
    #[serde(
        rename = "sirius-processing-status",
        skip_serializing_if = "Option::is_none"
    )]
    pub status: Option<TrackedStatus>,
    #[serde(
        rename = "application-receipt-date",
        skip_serializing_if = "Option::is_none"
    )]
    pub receipt_date: Option<NaiveDate>,
    #[serde(
        rename = "application-registration-date",
        skip_serializing_if = "Option::is_none"
    )]
    pub registration_date: Option<NaiveDate>,
    #[serde(
        rename = "application-rejected-date",
        skip_serializing_if = "Option::is_none"
    )]
    pub rejected_date: Option<NaiveDate>,
    #[serde(
        rename = "application-invalid-date",
        skip_serializing_if = "Option::is_none"
    )]
    pub invalid_date: Option<NaiveDate>,
    #[serde(
        rename = "application-withdrawn-date",
        skip_serializing_if = "Option::is_none"
    )]
    pub withdrawn_date: Option<NaiveDate>,
    #[serde(
        rename = "application-dispatch-date",
        skip_serializing_if = "Option::is_none"
    )]
    pub dispatch_date: Option<NaiveDate>,
    /// Returned because the fee was not paid.
    #[serde(
        rename = "application-return-unpaid",
        skip_serializing_if = "std::ops::Not::not"
    )]
    pub return_unpaid: bool,
}

/// How many working days after the outcome's date the correspondent should have it
/// (`expected-working-days-before-receipt`).
pub const WORKING_DAYS_BEFORE_RECEIPT: u32 = 15;

impl SiriusProgress {
    /// When the correspondent should receive the outcome (§6): the latest of the rejected,
    /// withdrawn, invalid and dispatch dates plus 15 working days (weekends skipped). `None`
    /// before there is an outcome.
    pub fn should_receive_by(&self) -> Option<NaiveDate> {
        [
            self.rejected_date,
            self.withdrawn_date,
            self.invalid_date,
            self.dispatch_date,
        ]
        .into_iter()
        .flatten()
        .max()
        .map(|date| add_working_days(date, WORKING_DAYS_BEFORE_RECEIPT))
    }
}

/// `days` working days after `date`: Saturdays and Sundays are skipped (bank holidays are not
/// known here, as in the real service).
pub fn add_working_days(date: NaiveDate, days: u32) -> NaiveDate {
    let mut date = date;
    let mut left = days;
    while left > 0 {
        date = date.succ_opt().unwrap_or(date);
        if !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
            left -= 1;
        }
    }
    date
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn the_shown_status_follows_progress_then_sirius() {
        use ShownStatus::*;
        use TrackedStatus::*;
        let table = [
            (Progress::Started, true, Some(Checking), Started),
            (Progress::Created, true, None, Created),
            (Progress::Completed, false, Some(Checking), Completed),
            (Progress::Completed, true, None, Tracked(Waiting)),
            (Progress::Completed, true, Some(Received), Tracked(Received)),
            (
                Progress::Completed,
                true,
                Some(Processed),
                Tracked(Processed),
            ),
        ];
        for (progress, tracked, sirius, shown) in table {
            assert_eq!(
                ShownStatus::of(progress, tracked, sirius),
                shown,
                "{progress:?} {tracked} {sirius:?}"
            );
        }
        assert!(Tracked(Waiting).in_flight() && Tracked(Checking).in_flight());
        assert!(!Tracked(Processed).in_flight() && !Completed.in_flight() && !Created.in_flight());
        assert!(
            Completed.has_message() && Tracked(Waiting).has_message() && !Started.has_message()
        );
    }

    #[test]
    fn tracking_starts_on_the_day_it_began() {
        assert!(is_tracked(date("2019-04-01"), date("2019-04-01")));
        assert!(!is_tracked(date("2019-03-31"), date("2019-04-01")));
    }

    #[test]
    fn working_days_skip_weekends() {
        // Friday 2026-01-02 + 1 working day is Monday 2026-01-05.
        assert_eq!(add_working_days(date("2026-01-02"), 1), date("2026-01-05"));
        // A Saturday + 1 is the Monday.
        assert_eq!(add_working_days(date("2026-01-03"), 1), date("2026-01-05"));
        // Wednesday + 15 working days is three weeks later, a Wednesday.
        assert_eq!(add_working_days(date("2026-01-07"), 15), date("2026-01-28"));
        assert_eq!(add_working_days(date("2026-01-07"), 0), date("2026-01-07"));
    }

    proptest! {
        #[test]
        fn working_days_land_on_a_weekday_a_fixed_number_of_weeks_on(
            start in 0i64..20_000, days in 1u32..200
        ) {
            let start = date("1990-01-01") + chrono::Duration::days(start);
            let end = add_working_days(start, days);
            prop_assert!(!matches!(end.weekday(), Weekday::Sat | Weekday::Sun));
            let weekdays_between = (1..=(end - start).num_days())
                .map(|n| start + chrono::Duration::days(n))
                .filter(|day| !matches!(day.weekday(), Weekday::Sat | Weekday::Sun))
                .count();
            prop_assert_eq!(weekdays_between, days as usize);
        }
    }

    #[test]
    fn the_outcome_is_expected_fifteen_working_days_after_the_latest_date() {
        let progress = SiriusProgress {
            status: Some(TrackedStatus::Processed),
            rejected_date: Some(date("2026-01-05")),
            dispatch_date: Some(date("2026-01-07")),
            receipt_date: Some(date("2026-02-01")),
            ..SiriusProgress::default()
        };
        assert_eq!(progress.should_receive_by(), Some(date("2026-01-28")));
        assert_eq!(SiriusProgress::default().should_receive_by(), None);
    }

    #[test]
    fn progress_is_stored_under_the_real_services_keys() {
        assert_eq!(
            serde_json::to_string(&SiriusProgress::default()).unwrap(),
            "{}"
        );
        let progress = SiriusProgress {
            status: Some(TrackedStatus::Processed),
            dispatch_date: Some(date("2026-01-07")),
            return_unpaid: true,
            ..SiriusProgress::default()
        };
        let json = serde_json::to_value(&progress).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "sirius-processing-status": "Processed",
                "application-dispatch-date": "2026-01-07",
                "application-return-unpaid": true,
            })
        );
        assert_eq!(
            serde_json::from_value::<SiriusProgress>(json).unwrap(),
            progress
        );
    }
}

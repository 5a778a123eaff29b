//! The monthly figures (other-systems A.2): what the `perfplat.month` job counts for a calendar
//! month, and the three measures worked out from the counts. Pure code: the server counts, the
//! `/stats` page, its JSON and CSV, and the admin pages show.
use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::feedback::{DateRange, Rating};
use crate::lpa::events::Registering;
use crate::lpa::who_are_you::WhoAreYou;

/// A calendar month from January 2000 to December 9999 (the figures' period).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Month {
    first_day: NaiveDate,
}

impl Month {
    pub const FIRST_YEAR: i32 = 2000;
    pub const LAST_YEAR: i32 = 9999;

    /// The month, if `year` and `month` (1 to 12) name one in range.
    pub fn new(year: i32, month: u32) -> Option<Self> {
        if !(Self::FIRST_YEAR..=Self::LAST_YEAR).contains(&year) {
            return None;
        }
        NaiveDate::from_ymd_opt(year, month, 1).map(|first_day| Month { first_day })
    }

    /// The month `date` is in (clamped to the range).
    pub fn of(date: NaiveDate) -> Self {
        let year = date.year().clamp(Self::FIRST_YEAR, Self::LAST_YEAR);
        Month::new(year, date.month()).expect("a clamped year and a real month")
    }

    /// `YYYY-MM`, as [`Month::key`] writes it.
    pub fn parse(key: &str) -> Option<Self> {
        let (year, month) = key.split_once('-')?;
        if year.len() != 4 || month.len() != 2 {
            return None;
        }
        Month::new(year.parse().ok()?, month.parse().ok()?)
    }

    pub fn year(self) -> i32 {
        self.first_day.year()
    }

    /// 1 to 12.
    pub fn number(self) -> u32 {
        self.first_day.month()
    }

    /// `2026-11`: how the table, the job's dedupe key, the JSON and the CSV name it.
    pub fn key(self) -> String {
        self.first_day.format("%Y-%m").to_string()
    }

    /// "November 2026".
    pub fn label(self) -> String {
        self.first_day.format("%B %Y").to_string()
    }

    /// "Nov 2026", for a chart's axis.
    pub fn short_label(self) -> String {
        self.first_day.format("%b %Y").to_string()
    }

    /// The month before, if there is one in range.
    pub fn previous(self) -> Option<Self> {
        self.first_day
            .checked_sub_months(Months::new(1))
            .and_then(|day| Month::new(day.year(), day.month()))
    }

    /// Its days, first to last.
    pub fn days(self) -> DateRange {
        let last = self
            .first_day
            .checked_add_months(Months::new(1))
            .and_then(|next| next.pred_opt())
            .expect("December 9999 has a last day");
        DateRange::new(self.first_day, last).expect("a month's first day is before its last")
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.key())
    }
}

impl TryFrom<String> for Month {
    type Error = String;

    fn try_from(key: String) -> Result<Self, Self::Error> {
        Month::parse(&key).ok_or_else(|| format!("not a month: {key:?}"))
    }
}

impl From<Month> for String {
    fn from(month: Month) -> String {
        month.key()
    }
}

/// A share of a whole, as a percentage: `part` of `whole`, where `whole` is more than nothing.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Percent(f64);

impl Percent {
    /// `part` of `whole`; none of nothing.
    pub fn of(part: u64, whole: u64) -> Option<Self> {
        (whole > 0).then(|| Percent(part as f64 * 100.0 / whole as f64))
    }

    pub fn value(self) -> f64 {
        self.0
    }

    /// To one decimal place, as published: `72.4`.
    pub fn rounded(self) -> f64 {
        (self.0 * 10.0).round() / 10.0
    }
}

impl std::fmt::Display for Percent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:.1}%", self.0)
    }
}

/// How many of each answer, in the answers' own order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Counts<K: Ord> {
    counts: std::collections::BTreeMap<K, u64>,
}

impl<K: Ord> Default for Counts<K> {
    fn default() -> Self {
        Counts {
            counts: std::collections::BTreeMap::new(),
        }
    }
}

impl<K: Ord + Copy> Counts<K> {
    pub fn from_pairs(pairs: impl IntoIterator<Item = (K, u64)>) -> Self {
        let mut counts = std::collections::BTreeMap::new();
        for (key, count) in pairs {
            *counts.entry(key).or_insert(0) += count;
        }
        Counts { counts }
    }

    pub fn get(&self, key: K) -> u64 {
        self.counts.get(&key).copied().unwrap_or(0)
    }

    pub fn total(&self) -> u64 {
        self.counts.values().sum()
    }
}

/// What the `perfplat.month` job counted for one month.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MonthFigures {
    pub month: Month,
    /// LPAs started (the first save of a new LPA).
    pub started: u64,
    /// LPAs that reached "Who is applying to register the LPA?", whenever they were started.
    pub reached_applicant: u64,
    /// LPAs that reached the "created" state.
    pub created: u64,
    /// LPAs completed (checked, paid for and locked).
    pub completed: u64,
    /// The satisfaction form's ratings.
    pub ratings: Counts<Rating>,
    /// Who applied to register the LPAs completed (some older events did not record it).
    pub registering: Counts<Registering>,
    /// "Who was using the service?" answers.
    pub who_are_you: Counts<WhoAreYou>,
    /// LPAs made with this service that OPG received (Sirius's receipt date in the month).
    pub received_digitally: u64,
    pub generated_at: DateTime<Utc>,
}

impl MonthFigures {
    /// Completion rate (seed 001): LPAs reaching "who is applying" as a share of LPAs started,
    /// both counted in the month (an LPA started in one month may reach it in the next).
    pub fn completion_rate(&self) -> Option<Percent> {
        Percent::of(self.reached_applicant, self.started)
    }

    /// User satisfaction: ratings of "satisfied" or "very satisfied" as a share of all ratings.
    pub fn satisfaction(&self) -> Option<Percent> {
        let satisfied = Rating::ALL
            .into_iter()
            .filter(|rating| rating.is_satisfied())
            .map(|rating| self.ratings.get(rating))
            .sum();
        Percent::of(satisfied, self.ratings.total())
    }

    /// Digital take-up: LPAs received from this service as a share of LPAs received through
    /// every channel, once OPG's all-channel count for the month is known.
    pub fn digital_take_up(&self, received_all_channels: Option<u64>) -> Option<Percent> {
        Percent::of(self.received_digitally, received_all_channels?)
    }
}

/// A month as `/stats` publishes it: its figures, and OPG's count of applications received
/// through every channel once an admin has entered it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublishedMonth {
    pub figures: MonthFigures,
    pub received_all_channels: Option<u64>,
}

impl PublishedMonth {
    pub fn digital_take_up(&self) -> Option<Percent> {
        self.figures.digital_take_up(self.received_all_channels)
    }

    /// The month as `/stats.json` publishes it: every count, the three measures to one decimal
    /// place (`null` where not known), and the breakdowns by answer.
    pub fn to_json(&self) -> serde_json::Value {
        let f = &self.figures;
        let percent = |p: Option<Percent>| p.map(Percent::rounded);
        serde_json::json!({
            "month": f.month,
            "lpasStarted": f.started,
            "lpasReachedWhoIsApplying": f.reached_applicant,
            "lpasCreated": f.created,
            "lpasCompleted": f.completed,
            "completionRate": percent(f.completion_rate()),
            "ratings": f.ratings,
            "userSatisfaction": percent(f.satisfaction()),
            "receivedFromThisService": f.received_digitally,
            "receivedByAnyChannel": self.received_all_channels,
            "digitalTakeUp": percent(self.digital_take_up()),
            "whoIsApplying": f.registering,
            "whoUsedTheService": f.who_are_you,
            "generated": f.generated_at,
        })
    }

    /// The month as a row of `/stats.csv`, in [`CSV_HEADINGS`]' order; empty where not known.
    pub fn to_csv_row(&self) -> Vec<String> {
        let f = &self.figures;
        let percent =
            |p: Option<Percent>| p.map(|p| format!("{:.1}", p.value())).unwrap_or_default();
        let mut row = vec![
            f.month.key(),
            f.started.to_string(),
            f.reached_applicant.to_string(),
            f.created.to_string(),
            f.completed.to_string(),
            percent(f.completion_rate()),
        ];
        row.extend(Rating::ALL.map(|rating| f.ratings.get(rating).to_string()));
        row.push(percent(f.satisfaction()));
        row.push(f.received_digitally.to_string());
        row.push(
            self.received_all_channels
                .map(|n| n.to_string())
                .unwrap_or_default(),
        );
        row.push(percent(self.digital_take_up()));
        row.extend(Registering::ALL.map(|r| f.registering.get(r).to_string()));
        row.extend(WhoAreYou::ALL.map(|who| f.who_are_you.get(who).to_string()));
        row
    }
}

/// `/stats.csv`'s head row.
pub fn csv_headings() -> Vec<String> {
    let mut headings: Vec<String> = [
        "month",
        "lpas_started",
        "lpas_reached_who_is_applying",
        "lpas_created",
        "lpas_completed",
        "completion_rate_percent",
    ]
    .map(str::to_owned)
    .to_vec();
    headings
        .extend(Rating::ALL.map(|rating| format!("ratings_{}", rating.value().replace('-', "_"))));
    headings.extend(
        [
            "user_satisfaction_percent",
            "received_from_this_service",
            "received_by_any_channel",
            "digital_take_up_percent",
        ]
        .map(str::to_owned),
    );
    headings.extend(Registering::ALL.map(|r| format!("who_is_applying_{}", r.value())));
    headings.extend(WhoAreYou::ALL.map(|who| format!("who_used_the_service_{}", who.value())));
    headings
}

/// The definitions `/stats`, its JSON and its CSV publish with the figures.
pub mod definition {
    pub const COMPLETION_RATE: &str = "LPAs that reached the question \u{201c}Who is applying \
        to register the LPA?\u{201d} in the month, as a percentage of LPAs started in the month. \
        An LPA is counted on the day it reaches the question, whenever it was started.";
    pub const SATISFACTION: &str = "Feedback rated \u{201c}satisfied\u{201d} or \u{201c}very \
        satisfied\u{201d} as a percentage of all feedback sent through the service\u{2019}s \
        feedback form in the month.";
    pub const DIGITAL_TAKE_UP: &str = "LPAs made with this service that the Office of the \
        Public Guardian received in the month, as a percentage of all LPA applications it \
        received in the month by any channel (online, paper and phone). OPG\u{2019}s count for \
        every channel is added once it is published.";
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn a_month_reads_back_from_its_key() {
        let month = Month::new(2026, 11).expect("a month");
        assert_eq!(month.key(), "2026-11");
        assert_eq!(Month::parse("2026-11"), Some(month));
        assert_eq!(month.label(), "November 2026");
        assert_eq!(month.short_label(), "Nov 2026");
        for bad in [
            "2026-13", "2026-00", "2026-1", "26-11", "1999-12", "2026/11", "", "2026-1a",
        ] {
            assert_eq!(Month::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_month_has_its_days() {
        let february = Month::new(2028, 2).expect("a month").days();
        assert_eq!(
            february.first(),
            NaiveDate::from_ymd_opt(2028, 2, 1).unwrap()
        );
        assert_eq!(
            february.last(),
            NaiveDate::from_ymd_opt(2028, 2, 29).unwrap()
        );
        let december = Month::new(9999, 12).expect("the last month").days();
        assert_eq!(
            december.last(),
            NaiveDate::from_ymd_opt(9999, 12, 31).unwrap()
        );
        assert_eq!(
            Month::new(2026, 1).and_then(Month::previous),
            Month::new(2025, 12)
        );
        assert_eq!(Month::new(2000, 1).and_then(Month::previous), None);
    }

    proptest! {
        #[test]
        fn every_day_is_in_its_month(days in 0i64..2_900_000) {
            let date = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap() + chrono::Duration::days(days);
            let month = Month::of(date);
            prop_assert!(month.days().first() <= date && date <= month.days().last());
            prop_assert_eq!(Month::parse(&month.key()), Some(month));
            if let Some(previous) = month.previous() {
                prop_assert_eq!(previous.days().last().succ_opt(), Some(month.days().first()));
            }
        }

        #[test]
        fn a_percentage_is_part_of_a_whole(part in 0u64..1_000_000, extra in 0u64..1_000_000) {
            let whole = part + extra;
            match Percent::of(part, whole) {
                None => prop_assert_eq!(whole, 0),
                Some(percent) => {
                    prop_assert!((0.0..=100.0).contains(&percent.value()));
                    prop_assert!((percent.value() - percent.rounded()).abs() <= 0.05 + f64::EPSILON);
                }
            }
        }
    }

    fn figures() -> MonthFigures {
        MonthFigures {
            month: Month::new(2026, 11).unwrap(),
            started: 8,
            reached_applicant: 6,
            created: 5,
            completed: 3,
            ratings: Counts::from_pairs([
                (Rating::VerySatisfied, 2),
                (Rating::Satisfied, 1),
                (Rating::Dissatisfied, 1),
            ]),
            registering: Counts::from_pairs([(Registering::Donor, 2)]),
            who_are_you: Counts::default(),
            received_digitally: 4,
            generated_at: DateTime::from_timestamp(1_800_000_000, 0).unwrap(),
        }
    }

    #[test]
    fn the_three_measures() {
        let figures = figures();
        assert_eq!(figures.completion_rate().map(Percent::rounded), Some(75.0));
        assert_eq!(figures.satisfaction().map(Percent::rounded), Some(75.0));
        assert_eq!(
            figures.digital_take_up(None),
            None,
            "not known until OPG says"
        );
        assert_eq!(
            figures.digital_take_up(Some(16)).map(|p| p.to_string()),
            Some("25.0%".to_owned())
        );
        let nothing = MonthFigures {
            started: 0,
            ratings: Counts::default(),
            ..figures
        };
        assert_eq!(nothing.completion_rate(), None);
        assert_eq!(nothing.satisfaction(), None);
    }

    #[test]
    fn published_as_json_and_csv() {
        let published = PublishedMonth {
            figures: figures(),
            received_all_channels: Some(16),
        };
        let json = published.to_json();
        assert_eq!(json["month"], "2026-11");
        assert_eq!(json["completionRate"], 75.0);
        assert_eq!(json["digitalTakeUp"], 25.0);
        assert_eq!(json["whoIsApplying"]["donor"], 2);
        let unknown = PublishedMonth {
            received_all_channels: None,
            ..published.clone()
        };
        assert!(unknown.to_json()["digitalTakeUp"].is_null());
        let row = published.to_csv_row();
        let headings = csv_headings();
        assert_eq!(row.len(), headings.len());
        let cell = |name: &str| row[headings.iter().position(|h| h == name).unwrap()].clone();
        assert_eq!(cell("month"), "2026-11");
        assert_eq!(cell("completion_rate_percent"), "75.0");
        assert_eq!(cell("ratings_very_satisfied"), "2");
        assert_eq!(cell("digital_take_up_percent"), "25.0");
        assert_eq!(cell("who_is_applying_attorneys"), "0");
        assert_eq!(
            unknown.to_csv_row()[headings.len() - 13],
            "",
            "take-up not known"
        );
    }

    #[test]
    fn figures_read_back_from_json() {
        let figures = figures();
        let json = serde_json::to_value(&figures).unwrap();
        assert_eq!(json["month"], "2026-11");
        assert_eq!(json["ratings"]["very-satisfied"], 2);
        assert_eq!(json["registering"]["donor"], 2);
        let back: MonthFigures = serde_json::from_value(json).unwrap();
        assert_eq!(back, figures);
    }
}

//! The dashboard's rules (reference §6): 50 LPAs a page, the latest changed first; the search
//! (an LPA's number or A-reference, or at least 3 letters of the donor's name).
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::model::{Lpa, LpaId, LpaType, Progress};
use super::tracking::{is_tracked, ShownStatus, TrackedStatus};

/// LPAs on one page of the dashboard.
pub const PER_PAGE: u32 = 50;

/// One LPA as the dashboard lists it: what its card shows. The store keeps these beside each
/// LPA, so that a page of 50 cards is read without reading 50 LPAs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LpaListed {
    pub id: LpaId,
    /// The donor's name as shown (with their title).
    pub donor: Option<String>,
    pub lpa_type: Option<LpaType>,
    pub progress: Progress,
    pub updated_at: DateTime<Utc>,
    /// Its people may be reused, and its signing dates checked (the people to notify were
    /// confirmed: `isReusable`).
    pub reusable: bool,
    /// The day it was completed.
    pub completed_on: Option<NaiveDate>,
    /// What Sirius last said of it (none: not received yet, or not asked).
    pub sirius: Option<TrackedStatus>,
}

impl LpaListed {
    pub fn of(lpa: &Lpa) -> Self {
        LpaListed {
            id: lpa.id,
            donor: lpa.document.donor().map(|donor| donor.name.to_string()),
            lpa_type: lpa.document.lpa_type(),
            progress: lpa.progress(),
            updated_at: lpa.updated_at,
            reusable: lpa.metadata.people_to_notify_confirmed,
            completed_on: lpa.completed_at.map(|at| at.date_naive()),
            sirius: lpa.metadata.sirius.status,
        }
    }

    /// Its status as shown, when LPAs completed from `track_from` on are tracked.
    pub fn status(&self, track_from: NaiveDate) -> ShownStatus {
        let tracked = self
            .completed_on
            .is_some_and(|completed| is_tracked(completed, track_from));
        ShownStatus::of(self.progress, tracked, self.sirius)
    }
}

/// What the dashboard's search looks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LpaSearch {
    /// An LPA's number, typed as digits or as its A-reference (`A000 1234 5678`).
    Reference(LpaId),
    /// Part of the donor's name, lower-cased: at least 3 characters.
    DonorName(String),
}

/// Shown when the search cannot be understood.
pub const SEARCH_TOO_SHORT: &str =
    "Enter an LPA reference, or at least 3 letters of the donor’s name";

impl LpaSearch {
    /// The search for `text`; `Ok(None)` for an empty search.
    pub fn parse(text: &str) -> Result<Option<Self>, &'static str> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(None);
        }
        let digits = text
            .strip_prefix(['A', 'a'])
            .unwrap_or(text)
            .replace([' ', '-'], "");
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            return match digits.parse().ok().and_then(LpaId::new) {
                Some(id) => Ok(Some(LpaSearch::Reference(id))),
                None => Err(SEARCH_TOO_SHORT),
            };
        }
        if text.chars().count() < 3 {
            return Err(SEARCH_TOO_SHORT);
        }
        Ok(Some(LpaSearch::DonorName(text.to_lowercase())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn searches() {
        let id = LpaId::new(12_345_678).unwrap();
        for text in [
            "12345678",
            "A000 1234 5678",
            "a00012345678",
            " A0001-2345-678 ",
        ] {
            assert_eq!(
                LpaSearch::parse(text),
                Ok(Some(LpaSearch::Reference(id))),
                "{text}"
            );
        }
        assert_eq!(
            LpaSearch::parse("  Dan "),
            Ok(Some(LpaSearch::DonorName("dan".into())))
        );
        assert_eq!(LpaSearch::parse("Al"), Err(SEARCH_TOO_SHORT));
        assert_eq!(LpaSearch::parse(""), Ok(None));
        assert_eq!(LpaSearch::parse("999999999999"), Err(SEARCH_TOO_SHORT));
        // An A-name is a name.
        assert_eq!(
            LpaSearch::parse("Ann"),
            Ok(Some(LpaSearch::DonorName("ann".into())))
        );
    }
}

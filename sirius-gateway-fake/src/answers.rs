//! What the fake answers for each A-reference, and how often it was asked.
use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, MutexGuard, PoisonError};

use serde::{Deserialize, Serialize};

/// An LPA as Sirius holds it, in the gateway's shape (`onlineLpaId` comes from the path). The
/// status and dates are text so that a test can make the gateway answer what the schema forbids.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct LpaRecord {
    /// `Pending`, `Payment Pending`, `Perfect`, `Imperfect`, `Invalid`, `Rejected`,
    /// `Withdrawn`, `Registered`, `Cancelled`, `Revoked` or `Return - unpaid`.
    pub status: String,
    /// Dates as `YYYY-MM-DD`.
    pub status_date: Option<String>,
    pub receipt_date: Option<String>,
    pub registration_date: Option<String>,
    pub rejected_date: Option<String>,
    pub invalid_date: Option<String>,
    pub withdrawn_date: Option<String>,
    pub cancellation_date: Option<String>,
    pub dispatch_date: Option<String>,
}

impl LpaRecord {
    /// A record with this status and no dates.
    pub fn with_status(status: &str) -> Self {
        Self {
            status: status.to_owned(),
            ..Self::default()
        }
    }
}

/// One answer to a lookup.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Answer {
    /// The HTTP status: 200 with `lpa`; 404, 410, 500, 502, 503, 504 with the gateway's error
    /// bodies; any other with an empty JSON object.
    #[serde(default = "ok")]
    pub status: u16,
    /// The record a 200 carries.
    #[serde(default)]
    pub lpa: Option<LpaRecord>,
    /// This text as the body instead (`Content-Type: application/json` all the same).
    #[serde(default)]
    pub raw_body: Option<String>,
    /// How long to wait before answering.
    #[serde(default)]
    pub delay_ms: u64,
    /// The `Age` header: how many seconds old the gateway's cached copy is.
    #[serde(default)]
    pub age_seconds: Option<u64>,
}

fn ok() -> u16 {
    200
}

impl Answer {
    /// 200 with this record.
    pub fn lpa(record: LpaRecord) -> Self {
        Self {
            lpa: Some(record),
            ..Self::status(200)
        }
    }

    /// This status with the gateway's body for it.
    pub fn status(status: u16) -> Self {
        Self {
            status,
            lpa: None,
            raw_body: None,
            delay_ms: 0,
            age_seconds: None,
        }
    }

    /// 200 with this body, whatever it is.
    pub fn raw(body: &str) -> Self {
        Self {
            raw_body: Some(body.to_owned()),
            ..Self::status(200)
        }
    }

    pub fn delayed(self, delay_ms: u64) -> Self {
        Self { delay_ms, ..self }
    }

    pub fn aged(self, age_seconds: u64) -> Self {
        Self {
            age_seconds: Some(age_seconds),
            ..self
        }
    }
}

#[derive(Default)]
struct Told {
    answers: VecDeque<Answer>,
    calls: u64,
}

/// Every reference's answers still to give (the last one is kept) and its count of calls.
#[derive(Default)]
pub struct Answers(Mutex<HashMap<String, Told>>);

impl Answers {
    /// No code holds the lock across an await, and nothing in it can be left half-changed.
    fn lock(&self) -> MutexGuard<'_, HashMap<String, Told>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn set(&self, reference: &str, answers: Vec<Answer>) {
        self.lock().insert(
            reference.to_owned(),
            Told {
                answers: answers.into(),
                calls: 0,
            },
        );
    }

    /// Counts a call and takes its answer: the next one told, or the last one again; a 404 for
    /// a reference told nothing.
    pub fn next(&self, reference: &str) -> Answer {
        let mut all = self.lock();
        let told = all.entry(reference.to_owned()).or_default();
        told.calls += 1;
        let answer = if told.answers.len() > 1 {
            told.answers.pop_front()
        } else {
            told.answers.front().cloned()
        };
        answer.unwrap_or_else(|| Answer::status(404))
    }

    pub fn calls(&self, reference: &str) -> u64 {
        self.lock().get(reference).map_or(0, |told| told.calls)
    }

    pub fn forget(&self) {
        self.lock().clear();
    }
}

/// How many lookups are being answered now, and the most there have been at once.
#[derive(Default)]
pub struct Answering {
    now: std::sync::atomic::AtomicU64,
    most: std::sync::atomic::AtomicU64,
}

impl Answering {
    /// Counts one lookup in until the returned guard is dropped.
    pub fn begin(&self) -> impl Drop + '_ {
        use std::sync::atomic::Ordering::SeqCst;
        let now = self.now.fetch_add(1, SeqCst) + 1;
        self.most.fetch_max(now, SeqCst);
        Done(self)
    }

    pub fn most(&self) -> u64 {
        self.most.load(std::sync::atomic::Ordering::SeqCst)
    }
}

struct Done<'a>(&'a Answering);

impl Drop for Done<'_> {
    fn drop(&mut self) {
        self.0.now.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_given_in_turn_and_the_last_one_repeats() {
        let answers = Answers::default();
        answers.set(
            "A00000000001",
            vec![
                Answer::status(502),
                Answer::lpa(LpaRecord::with_status("Pending")),
            ],
        );
        assert_eq!(answers.next("A00000000001").status, 502);
        assert_eq!(answers.next("A00000000001").status, 200);
        assert_eq!(answers.next("A00000000001").status, 200);
        assert_eq!(answers.calls("A00000000001"), 3);
    }

    #[test]
    fn a_reference_told_nothing_has_not_been_received() {
        let answers = Answers::default();
        assert_eq!(answers.next("A00000000002").status, 404);
        assert_eq!(answers.calls("A00000000002"), 1);
        answers.forget();
        assert_eq!(answers.calls("A00000000002"), 0);
    }

    #[test]
    fn answers_read_from_json_take_their_defaults() {
        let answer: Answer = serde_json::from_str(
            r#"{"lpa": {"status": "Registered", "dispatchDate": "2026-01-05"}}"#,
        )
        .unwrap();
        assert_eq!(answer.status, 200);
        assert_eq!(
            answer.lpa.unwrap().dispatch_date.as_deref(),
            Some("2026-01-05")
        );
        assert!(serde_json::from_str::<Answer>(r#"{"stauts": 404}"#).is_err());
    }
}

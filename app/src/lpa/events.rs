//! The journey's events for the performance platform's monthly figures: an LPA was started,
//! reached "who is applying" (the completion rate's step, seed 001), was created, was completed
//! (and how it was paid). Each LPA records each kind once: its metadata remembers which it has
//! recorded, so the events themselves carry no LPA id, no account and no personal data.
use serde::{Deserialize, Serialize};

use super::flow::Step;
use super::model::{Lpa, LpaType, PaymentMethod};

/// A kind of event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EventKind {
    Started,
    /// "Who is applying to register the LPA?" may be answered: everything before it is.
    ReachedApplicant,
    Created,
    Completed,
}

impl EventKind {
    /// As the table keeps it.
    pub fn value(self) -> &'static str {
        match self {
            EventKind::Started => "started",
            EventKind::ReachedApplicant => "reached-applicant",
            EventKind::Created => "created",
            EventKind::Completed => "completed",
        }
    }
}

/// How a completed LPA's fee was settled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Settled {
    Card,
    Cheque,
    /// Nothing to pay now (no fee, or a fee to be agreed).
    NothingToPay,
}

impl Settled {
    pub fn value(self) -> &'static str {
        match self {
            Settled::Card => "card",
            Settled::Cheque => "cheque",
            Settled::NothingToPay => "none",
        }
    }
}

/// One event to record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JourneyEvent {
    pub kind: EventKind,
    pub lpa_type: Option<LpaType>,
    /// For [`EventKind::Completed`] only.
    pub settled: Option<Settled>,
}

/// The events `lpa`'s state means that it has not recorded yet, and marks them recorded.
pub fn take_due(lpa: &mut Lpa) -> Vec<JourneyEvent> {
    let mut due = Vec::new();
    let reached = [
        (EventKind::Started, true),
        (
            EventKind::ReachedApplicant,
            Step::Applicant.check(lpa).is_ok() || lpa.locked,
        ),
        (EventKind::Created, lpa.created_at.is_some()),
        (EventKind::Completed, lpa.is_completed()),
    ];
    for (kind, happened) in reached {
        if happened && !lpa.metadata.recorded_events.contains(&kind) {
            let settled = (kind == EventKind::Completed).then(|| {
                match lpa.payment.as_ref().and_then(|payment| payment.method) {
                    Some(PaymentMethod::Card) => Settled::Card,
                    Some(PaymentMethod::Cheque) => Settled::Cheque,
                    None => Settled::NothingToPay,
                }
            });
            due.push(JourneyEvent {
                kind,
                lpa_type: lpa.document.lpa_type(),
                settled,
            });
            lpa.metadata.recorded_events.insert(kind);
        }
    }
    due
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lpa::model::testing::lpa;
    use crate::lpa::model::{Document, FeeReduction};

    #[test]
    fn each_event_is_due_once() {
        let mut lpa = lpa(Document::of_type(LpaType::HealthAndWelfare));
        let first = take_due(&mut lpa);
        assert_eq!(
            first.iter().map(|event| event.kind).collect::<Vec<_>>(),
            [EventKind::Started]
        );
        assert_eq!(first[0].lpa_type, Some(LpaType::HealthAndWelfare));
        assert!(take_due(&mut lpa).is_empty());
    }

    #[test]
    fn completion_says_how_the_fee_was_settled() {
        let mut lpa = lpa(Document::of_type(LpaType::PropertyAndFinancial));
        take_due(&mut lpa);
        lpa.choose_fee_reduction(FeeReduction::ReceivesBenefits);
        lpa.lock(lpa.started_at);
        let due = take_due(&mut lpa);
        let completed = due
            .iter()
            .find(|event| event.kind == EventKind::Completed)
            .expect("completed is due");
        assert_eq!(completed.settled, Some(Settled::NothingToPay));
        assert!(
            due.iter()
                .any(|event| event.kind == EventKind::ReachedApplicant),
            "a locked LPA went past the applicant step"
        );
    }
}

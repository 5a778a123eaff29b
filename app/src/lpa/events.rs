//! The journey's events for the performance platform's monthly figures: an LPA was started,
//! reached "who is applying" (the completion rate's step, seed 001), was created, was completed
//! (and how it was paid). Each LPA records each kind once: its metadata remembers which it has
//! recorded, so the events themselves carry no LPA id, no account and no personal data.
use serde::{Deserialize, Serialize};

use super::flow::Step;
use super::model::{Applicant, Lpa, LpaType, PaymentMethod};

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

/// Who applied to register a completed LPA, for the "who is applying" breakdown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Registering {
    Donor,
    Attorneys,
}

impl Registering {
    pub const ALL: [Registering; 2] = [Registering::Donor, Registering::Attorneys];

    /// As the table keeps it.
    pub fn value(self) -> &'static str {
        match self {
            Registering::Donor => "donor",
            Registering::Attorneys => "attorneys",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Registering::ALL
            .into_iter()
            .find(|registering| registering.value() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            Registering::Donor => "The donor",
            Registering::Attorneys => "The attorneys",
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
    /// For [`EventKind::Completed`] only.
    pub registering: Option<Registering>,
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
            let registering = (kind == EventKind::Completed)
                .then(|| lpa.document.applicant())
                .flatten()
                .map(|applicant| match applicant {
                    Applicant::Donor(_) => Registering::Donor,
                    Applicant::Attorneys(_) => Registering::Attorneys,
                });
            due.push(JourneyEvent {
                kind,
                lpa_type: lpa.document.lpa_type(),
                settled,
                registering,
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
        assert_eq!(completed.registering, None, "nobody was named to apply");
        assert!(
            due.iter()
                .any(|event| event.kind == EventKind::ReachedApplicant),
            "a locked LPA went past the applicant step"
        );
    }

    #[test]
    fn completion_says_who_applied_and_only_completion_does() {
        let mut lpa = lpa(Document::of_type(LpaType::HealthAndWelfare));
        lpa.document
            .set_applicant(Applicant::Donor(crate::lpa::model::DonorApplies::Donor))
            .expect("the donor may apply");
        lpa.choose_fee_reduction(FeeReduction::ReceivesBenefits);
        lpa.lock(lpa.started_at);
        let due = take_due(&mut lpa);
        for event in &due {
            let expected = (event.kind == EventKind::Completed).then_some(Registering::Donor);
            assert_eq!(event.registering, expected, "{:?}", event.kind);
        }
        assert!(due.iter().any(|event| event.kind == EventKind::Completed));
    }

    #[test]
    fn registering_values_read_back() {
        for registering in Registering::ALL {
            assert_eq!(Registering::parse(registering.value()), Some(registering));
        }
        assert_eq!(Registering::parse("certificate-provider"), None);
    }
}

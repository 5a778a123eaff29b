//! The flow checker (reference §2.4): the journey's steps in one typed table, and the rules that
//! decide which step a URL may show, where to go instead, where someone resumes and what comes
//! after a save. Every LPA page and every save asks here first, so a URL typed ahead is never
//! trusted.
//!
//! One rule does the work of the real service's twenty `is…Accessible` functions: a step may be
//! seen when it applies to this LPA and every step before it that applies has been answered.
//! Where it may not, the nearest step that may is the first of those unanswered ones, or, for a
//! step that does not apply, the step whose answer decided that (see [`Step::instead`]). The
//! "replacement section satisfied" cases of the reference are this rule applied to the
//! replacement questions (tested case by case below).
use serde::{Deserialize, Serialize};

use super::model::{AttorneyRole, Document, Lpa, LpaType};

/// A step of the journey, in the order of [`STEPS`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Step {
    Type,
    Donor,
    WhenLpaStarts,
    LifeSustaining,
    PrimaryAttorney,
    HowPrimaryAttorneysMakeDecision,
    ReplacementAttorney,
    WhenReplacementAttorneyStepIn,
    HowReplacementAttorneysMakeDecision,
    CertificateProvider,
    PeopleToNotify,
    Instructions,
    /// Check your answers: not a question; may be seen once the instructions may.
    Summary,
    /// Who applies to register the LPA.
    Applicant,
    /// Who receives the registered LPA, and how to contact them.
    Correspondent,
    /// The anonymous survey, asked once.
    WhoAreYou,
    RepeatApplication,
    FeeReduction,
    /// The final check, where the LPA is confirmed and paid for: not a question.
    Checkout,
}

/// Which LPAs a step is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AppliesTo {
    Both,
    Only(LpaType),
}

/// One row of the journey.
#[derive(Clone, Copy, Debug)]
pub struct StepRow {
    pub step: Step,
    /// The URL segment after `/lpa/{id}/`.
    pub segment: &'static str,
    pub applies_to: AppliesTo,
    /// Where a save goes: the first of these that may be seen.
    pub next: &'static [Step],
}

use AppliesTo::{Both, Only};
use LpaType::{HealthAndWelfare as HW, PropertyAndFinancial as PF};

/// The journey, in order (reference §2.2).
pub const STEPS: &[StepRow] = &[
    StepRow {
        step: Step::Type,
        segment: "type",
        applies_to: Both,
        next: &[Step::Donor],
    },
    StepRow {
        step: Step::Donor,
        segment: "donor",
        applies_to: Both,
        next: &[Step::WhenLpaStarts, Step::LifeSustaining],
    },
    StepRow {
        step: Step::WhenLpaStarts,
        segment: "when-lpa-starts",
        applies_to: Only(PF),
        next: &[Step::PrimaryAttorney],
    },
    StepRow {
        step: Step::LifeSustaining,
        segment: "life-sustaining",
        applies_to: Only(HW),
        next: &[Step::PrimaryAttorney],
    },
    StepRow {
        step: Step::PrimaryAttorney,
        segment: "primary-attorney",
        applies_to: Both,
        next: &[
            Step::HowPrimaryAttorneysMakeDecision,
            Step::ReplacementAttorney,
        ],
    },
    StepRow {
        step: Step::HowPrimaryAttorneysMakeDecision,
        segment: "how-primary-attorneys-make-decision",
        applies_to: Both,
        next: &[Step::ReplacementAttorney],
    },
    StepRow {
        step: Step::ReplacementAttorney,
        segment: "replacement-attorney",
        applies_to: Both,
        next: &[
            Step::WhenReplacementAttorneyStepIn,
            Step::HowReplacementAttorneysMakeDecision,
            Step::CertificateProvider,
        ],
    },
    StepRow {
        step: Step::WhenReplacementAttorneyStepIn,
        segment: "when-replacement-attorney-step-in",
        applies_to: Both,
        next: &[
            Step::HowReplacementAttorneysMakeDecision,
            Step::CertificateProvider,
        ],
    },
    StepRow {
        step: Step::HowReplacementAttorneysMakeDecision,
        segment: "how-replacement-attorneys-make-decision",
        applies_to: Both,
        next: &[Step::CertificateProvider],
    },
    StepRow {
        step: Step::CertificateProvider,
        segment: "certificate-provider",
        applies_to: Both,
        next: &[Step::PeopleToNotify],
    },
    StepRow {
        step: Step::PeopleToNotify,
        segment: "people-to-notify",
        applies_to: Both,
        next: &[Step::Instructions],
    },
    StepRow {
        step: Step::Instructions,
        segment: "instructions",
        applies_to: Both,
        next: &[Step::Summary],
    },
    StepRow {
        step: Step::Summary,
        segment: "summary",
        applies_to: Both,
        next: &[Step::Applicant],
    },
    StepRow {
        step: Step::Applicant,
        segment: "applicant",
        applies_to: Both,
        next: &[Step::Correspondent],
    },
    StepRow {
        step: Step::Correspondent,
        segment: "correspondent",
        applies_to: Both,
        next: &[Step::WhoAreYou],
    },
    StepRow {
        step: Step::WhoAreYou,
        segment: "who-are-you",
        applies_to: Both,
        next: &[Step::RepeatApplication],
    },
    StepRow {
        step: Step::RepeatApplication,
        segment: "repeat-application",
        applies_to: Both,
        next: &[Step::FeeReduction],
    },
    StepRow {
        step: Step::FeeReduction,
        segment: "fee-reduction",
        applies_to: Both,
        next: &[Step::Checkout],
    },
    StepRow {
        step: Step::Checkout,
        segment: "checkout",
        applies_to: Both,
        next: &[],
    },
];

/// The page every save goes to once everything is answered, so changes made from it come back to
/// it (the real service's "final check").
pub const FINAL_CHECK: Step = Step::Checkout;

impl Step {
    pub fn row(self) -> &'static StepRow {
        STEPS
            .iter()
            .find(|row| row.step == self)
            .expect("every step has a row")
    }

    fn position(self) -> usize {
        STEPS
            .iter()
            .position(|row| row.step == self)
            .expect("every step has a row")
    }

    pub fn segment(self) -> &'static str {
        self.row().segment
    }

    /// The attorneys a list step is about.
    pub fn attorney_role(self) -> Option<AttorneyRole> {
        match self {
            Step::PrimaryAttorney => Some(AttorneyRole::Primary),
            Step::ReplacementAttorney => Some(AttorneyRole::Replacement),
            _ => None,
        }
    }

    /// Whether the step asks something (the summary and the checkout show what was answered).
    pub fn is_question(self) -> bool {
        !matches!(self, Step::Summary | Step::Checkout)
    }

    /// Whether the question is asked of this LPA.
    pub fn applies(self, lpa: &Lpa) -> bool {
        let document = &lpa.document;
        let type_matches = match self.row().applies_to {
            Both => true,
            Only(lpa_type) => document.lpa_type() == Some(lpa_type),
        };
        type_matches
            && match self {
                Step::HowPrimaryAttorneysMakeDecision => document.primary_attorneys().len() >= 2,
                Step::WhenReplacementAttorneyStepIn => document.asks_when_replacements_step_in(),
                Step::HowReplacementAttorneysMakeDecision => document.asks_how_replacements_act(),
                _ => true,
            }
    }

    /// Whether it has been answered (the real service's `returnTo…` checks).
    pub fn answered(self, lpa: &Lpa) -> bool {
        let document = &lpa.document;
        let metadata = &lpa.metadata;
        match self {
            Step::Type => document.lpa_type().is_some(),
            Step::Donor => document.donor().is_some(),
            Step::WhenLpaStarts => document.primary_decisions().when.is_some(),
            Step::LifeSustaining => document.primary_decisions().can_sustain_life.is_some(),
            Step::PrimaryAttorney => !document.primary_attorneys().is_empty(),
            Step::HowPrimaryAttorneysMakeDecision => document.primary_decisions().how.is_some(),
            Step::ReplacementAttorney => {
                !document.replacement_attorneys().is_empty()
                    || metadata.replacement_attorneys_confirmed
            }
            Step::WhenReplacementAttorneyStepIn => document.replacement_decisions().when.is_some(),
            Step::HowReplacementAttorneysMakeDecision => {
                document.replacement_decisions().how.is_some()
            }
            Step::CertificateProvider => {
                document.certificate_provider().is_some() || metadata.certificate_provider_skipped
            }
            Step::PeopleToNotify => {
                (document.certificate_provider().is_some()
                    && !document.people_to_notify().is_empty())
                    || metadata.people_to_notify_confirmed
            }
            Step::Instructions => {
                document.instruction().is_some() || document.preference().is_some()
            }
            Step::Applicant => document.applicant().is_some(),
            Step::Correspondent => document
                .correspondent()
                .is_some_and(|correspondent| correspondent.contact().is_some()),
            Step::WhoAreYou => lpa.who_are_you_answered,
            Step::RepeatApplication => metadata.repeat_application_confirmed,
            Step::FeeReduction => lpa.payment.is_some(),
            Step::Summary | Step::Checkout => false,
        }
    }

    /// Where to go when this step does not apply: the step whose answer decided that.
    fn instead(self, lpa: &Lpa) -> Step {
        match self {
            Step::WhenLpaStarts | Step::LifeSustaining => Step::Donor,
            Step::HowPrimaryAttorneysMakeDecision => Step::PrimaryAttorney,
            Step::WhenReplacementAttorneyStepIn => Step::ReplacementAttorney,
            Step::HowReplacementAttorneysMakeDecision
                if Step::WhenReplacementAttorneyStepIn.applies(lpa) =>
            {
                Step::WhenReplacementAttorneyStepIn
            }
            Step::HowReplacementAttorneysMakeDecision => Step::ReplacementAttorney,
            // Only the type-specific and conditional questions can stop applying; the others
            // apply to every LPA with a type, and an LPA without one starts at its type.
            _ => Step::Type,
        }
    }

    /// Whether the step may be seen, or the step to go to instead.
    pub fn check(self, lpa: &Lpa) -> Result<(), Step> {
        if self == Step::Summary {
            return Step::Instructions.check(lpa);
        }
        if !self.applies(lpa) {
            return Err(self.instead(lpa));
        }
        match STEPS[..self.position()]
            .iter()
            .map(|row| row.step)
            .find(|step| step.is_question() && step.applies(lpa) && !step.answered(lpa))
        {
            Some(unanswered) => Err(unanswered),
            None => Ok(()),
        }
    }
}

/// What an LPA URL shows: a step, or one of its people.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Page {
    /// `/lpa/{id}`: sends people on to where they left off.
    Resume,
    Step(Step),
    /// `…/add` of the donor, attorneys, certificate provider or people to notify.
    Add(Step),
    /// `…/add-trust` of the primary or replacement attorneys.
    AddTrust(Step),
    /// `…/edit` (the donor, the certificate provider) or `…/edit/{idx}` (a list's person).
    Edit(Step, Option<usize>),
    /// `…/confirm-delete` and `…/delete`, with or without `{idx}`.
    Delete(Step, Option<usize>),
    /// "Use details you've already entered": always open.
    ReuseDetails,
    /// Where GOV.UK Pay sends the payer back (`checkout/pay/response`).
    PaymentReturn,
    /// The payer cancelled at GOV.UK Pay (P0030): try again, or pay by cheque.
    PaymentCancelled,
    /// The payment failed at GOV.UK Pay: try again, or pay by cheque.
    PaymentFailed,
    /// Checkout was reached, but the LPA is not complete enough to be paid for (always open).
    MoreInfoRequired,
    /// "Last steps", once the LPA is completed.
    Complete,
    /// The completed LPA's documents and what to do with them.
    ViewDocs,
    /// Where the completed LPA has got to at OPG (`lpa::tracking`).
    Status,
    /// The signing-date check, and its "signed in the right order" answer.
    DateCheck,
    DateCheckValid,
}

/// The pages a locked LPA still opens; every other page sends people to its documents.
fn open_when_locked(page: Page) -> bool {
    matches!(
        page,
        Page::Resume
            | Page::PaymentReturn
            | Page::MoreInfoRequired
            | Page::Complete
            | Page::ViewDocs
            | Page::Status
            | Page::DateCheck
            | Page::DateCheckValid
    )
}

/// Whether the LPA has the person a page is about.
fn has_person(document: &Document, step: Step, index: Option<usize>) -> bool {
    match (step, index) {
        (Step::Donor, None) => document.donor().is_some(),
        (Step::CertificateProvider, None) => document.certificate_provider().is_some(),
        (Step::PrimaryAttorney | Step::ReplacementAttorney, Some(index)) => step
            .attorney_role()
            .is_some_and(|role| index < document.attorneys(role).len()),
        (Step::PeopleToNotify, Some(index)) => index < document.people_to_notify().len(),
        // The correspondent is the donor until changed: there is always someone to change.
        (Step::Correspondent, None) => true,
        _ => false,
    }
}

impl Page {
    /// The step whose list or question the page belongs to.
    pub fn step(self) -> Option<Step> {
        match self {
            Page::Resume
            | Page::ReuseDetails
            | Page::MoreInfoRequired
            | Page::Complete
            | Page::ViewDocs
            | Page::Status
            | Page::DateCheck
            | Page::DateCheckValid => None,
            Page::PaymentReturn | Page::PaymentCancelled | Page::PaymentFailed => {
                Some(Step::Checkout)
            }
            Page::Step(step)
            | Page::Add(step)
            | Page::AddTrust(step)
            | Page::Edit(step, _)
            | Page::Delete(step, _) => Some(step),
        }
    }

    /// Whether the page may be seen, or the page to go to instead.
    pub fn check(self, lpa: &Lpa) -> Result<(), Page> {
        let document = &lpa.document;
        if lpa.locked && !open_when_locked(self) {
            return Err(Page::ViewDocs);
        }
        match self {
            Page::Resume | Page::ReuseDetails | Page::MoreInfoRequired => Ok(()),
            Page::Complete | Page::ViewDocs | Page::Status => {
                if lpa.is_completed() {
                    Ok(())
                } else if lpa.locked {
                    // Locked without its payment resolved: checkout never does this, but a page
                    // must still be found.
                    Err(Page::MoreInfoRequired)
                } else {
                    Err(Page::Step(Step::Checkout))
                }
            }
            // A return seen twice finds the LPA locked, and is answered with where it went.
            Page::PaymentReturn if lpa.locked => Ok(()),
            Page::PaymentReturn | Page::PaymentCancelled | Page::PaymentFailed => {
                Step::Checkout.check(lpa).map_err(Page::Step)
            }
            Page::DateCheck | Page::DateCheckValid => {
                if Step::Instructions.answered(lpa) {
                    Ok(())
                } else {
                    Err(Page::Step(Step::Instructions))
                }
            }
            Page::Step(step) => step.check(lpa).map_err(Page::Step),
            Page::Add(step) => {
                step.check(lpa).map_err(|_| Page::Step(step))?;
                match step {
                    // There is one donor and one certificate provider: adding again is changing.
                    Step::Donor | Step::CertificateProvider if has_person(document, step, None) => {
                        Err(Page::Edit(step, None))
                    }
                    Step::PeopleToNotify if !document.may_add_person_to_notify() => {
                        Err(Page::Step(step))
                    }
                    Step::Donor
                    | Step::PrimaryAttorney
                    | Step::ReplacementAttorney
                    | Step::CertificateProvider
                    | Step::PeopleToNotify => Ok(()),
                    _ => Err(Page::Step(step)),
                }
            }
            Page::AddTrust(step) => {
                step.check(lpa).map_err(|_| Page::Step(step))?;
                if step.attorney_role().is_some() && document.may_add_trust_corporation() {
                    Ok(())
                } else {
                    Err(Page::Step(step))
                }
            }
            Page::Edit(step, index) | Page::Delete(step, index) => {
                step.check(lpa).map_err(|_| Page::Step(step))?;
                // The donor and the correspondent are changed, never deleted.
                let deletable = !(matches!(self, Page::Delete(..))
                    && matches!(step, Step::Donor | Step::Correspondent));
                if deletable && has_person(document, step, index) {
                    Ok(())
                } else {
                    Err(Page::Step(step))
                }
            }
        }
    }

    /// The page itself if it may be seen, or the nearest that may (`getNearestAccessibleRoute`).
    pub fn nearest(self, lpa: &Lpa) -> Page {
        let mut page = self;
        // Each redirect goes to an earlier step or from a person to their list, so this ends
        // within a few turns; the bound only guards against a mistake in the table.
        for _ in 0..2 * STEPS.len() {
            match page.check(lpa) {
                Ok(()) => return page,
                Err(instead) => page = instead,
            }
        }
        Page::Step(Step::Type)
    }

    /// Where a save made on this page goes (`nextRoute`): once everything is answered, the final
    /// check, so changes made from it come back to it; from a person's page, their list; else the
    /// first of the step's next steps that may be seen.
    pub fn next(self, lpa: &Lpa) -> Page {
        if lpa.locked {
            return back_to_form(lpa);
        }
        if everything_answered(lpa) {
            return Page::Step(FINAL_CHECK);
        }
        match self {
            Page::Step(step) => step
                .row()
                .next
                .iter()
                .map(|next| Page::Step(*next))
                .find(|next| next.check(lpa).is_ok())
                .unwrap_or(self),
            Page::Add(step)
            | Page::AddTrust(step)
            | Page::Edit(step, _)
            | Page::Delete(step, _) => Page::Step(step),
            Page::PaymentReturn | Page::PaymentCancelled | Page::PaymentFailed => {
                Page::Step(Step::Checkout)
            }
            Page::Resume
            | Page::ReuseDetails
            | Page::MoreInfoRequired
            | Page::Complete
            | Page::ViewDocs
            | Page::Status
            | Page::DateCheck
            | Page::DateCheckValid => back_to_form(lpa),
        }
    }
}

/// Whether the LPA may be confirmed and paid for (the checkout guard, reference §2.4): it is
/// "created" (a skipped certificate provider, say, makes it not) and every question is answered.
pub fn may_check_out(lpa: &Lpa) -> bool {
    lpa.is_created() && everything_answered(lpa) && !lpa.locked
}

/// Where someone resumes (`backToForm`): a completed LPA's documents; the final check once
/// everything is answered; else, walking the steps in order, skipping those that do not apply,
/// the last one answered before the first that is not.
pub fn back_to_form(lpa: &Lpa) -> Page {
    if lpa.is_completed() {
        return Page::ViewDocs;
    }
    if lpa.locked {
        // Locked before its payment was resolved (not done by checkout; kept safe anyway).
        return Page::MoreInfoRequired;
    }
    if everything_answered(lpa) {
        return Page::Step(FINAL_CHECK);
    }
    let mut last = Step::Type;
    for row in STEPS.iter().filter(|row| row.step.is_question()) {
        if !row.step.applies(lpa) {
            continue;
        }
        if !row.step.answered(lpa) {
            break;
        }
        last = row.step;
    }
    Page::Step(last)
}

/// Whether every question that applies has been answered.
pub fn everything_answered(lpa: &Lpa) -> bool {
    STEPS
        .iter()
        .filter(|row| row.step.is_question() && row.step.applies(lpa))
        .all(|row| row.step.answered(lpa))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lpa::model::testing::*;
    use crate::lpa::model::{
        CertificateProvider, Details, How, Instructions, Name, StepIn, WhenLpaStarts,
    };

    fn pf() -> Lpa {
        let mut document = Document::of_type(LpaType::PropertyAndFinancial);
        document.set_donor(donor());
        lpa(document)
    }

    fn with_people(primaries: usize, replacements: usize) -> Lpa {
        let mut lpa = pf();
        lpa.document
            .set_when_lpa_starts(WhenLpaStarts::Now)
            .unwrap();
        for n in 0..primaries {
            lpa.document
                .add_attorney(AttorneyRole::Primary, human("P", &n.to_string()))
                .unwrap();
        }
        for n in 0..replacements {
            lpa.document
                .add_attorney(AttorneyRole::Replacement, human("R", &n.to_string()))
                .unwrap();
        }
        lpa
    }

    fn depends() -> How {
        How::Depends(Details::required("some decisions jointly").unwrap())
    }

    fn provider() -> CertificateProvider {
        CertificateProvider {
            name: Name::parse("", "Cee", "Pee").unwrap(),
            address: address(),
        }
    }

    fn check(lpa: &Lpa, step: Step) -> Result<(), Step> {
        step.check(lpa)
    }

    #[test]
    fn the_table_has_every_step_once_in_order() {
        let steps: Vec<Step> = STEPS.iter().map(|row| row.step).collect();
        let mut unique = steps.clone();
        unique.dedup();
        assert_eq!(steps, unique);
        assert_eq!(steps.last(), Some(&FINAL_CHECK));
        for row in STEPS {
            for next in row.next {
                assert!(
                    next.position() > row.step.position(),
                    "{:?} goes back",
                    row.step
                );
            }
        }
    }

    #[test]
    fn the_type_is_always_open_and_the_donor_needs_it() {
        let empty = lpa(Document::default());
        assert_eq!(check(&empty, Step::Type), Ok(()));
        assert_eq!(check(&empty, Step::Donor), Err(Step::Type));
        assert_eq!(
            Page::Add(Step::Donor).check(&empty),
            Err(Page::Step(Step::Donor))
        );
        let typed = lpa(Document::of_type(LpaType::HealthAndWelfare));
        assert_eq!(check(&typed, Step::Donor), Ok(()));
        assert_eq!(Page::Add(Step::Donor).check(&typed), Ok(()));
        assert_eq!(
            Page::Edit(Step::Donor, None).check(&typed),
            Err(Page::Step(Step::Donor))
        );
    }

    #[test]
    fn when_it_starts_is_for_property_and_life_sustaining_for_health() {
        let mut lpa = pf();
        assert_eq!(check(&lpa, Step::WhenLpaStarts), Ok(()));
        assert_eq!(check(&lpa, Step::LifeSustaining), Err(Step::Donor));
        assert_eq!(check(&lpa, Step::PrimaryAttorney), Err(Step::WhenLpaStarts));
        lpa.document.set_type(LpaType::HealthAndWelfare).unwrap();
        assert_eq!(check(&lpa, Step::WhenLpaStarts), Err(Step::Donor));
        assert_eq!(check(&lpa, Step::LifeSustaining), Ok(()));
        assert_eq!(
            check(&lpa, Step::PrimaryAttorney),
            Err(Step::LifeSustaining)
        );
        lpa.document.set_life_sustaining(true).unwrap();
        assert_eq!(check(&lpa, Step::PrimaryAttorney), Ok(()));
        // Without a donor nothing after the donor is open.
        let no_donor =
            crate::lpa::model::testing::lpa(Document::of_type(LpaType::PropertyAndFinancial));
        assert_eq!(check(&no_donor, Step::WhenLpaStarts), Err(Step::Donor));
    }

    #[test]
    fn attorney_pages_need_the_attorney_and_trust_pages_no_trust() {
        let mut lpa = with_people(1, 0);
        let primary = Step::PrimaryAttorney;
        assert_eq!(Page::Edit(primary, Some(0)).check(&lpa), Ok(()));
        assert_eq!(Page::Delete(primary, Some(0)).check(&lpa), Ok(()));
        assert_eq!(
            Page::Edit(primary, Some(1)).check(&lpa),
            Err(Page::Step(primary))
        );
        assert_eq!(Page::AddTrust(primary).check(&lpa), Ok(()));
        lpa.document
            .add_attorney(AttorneyRole::Primary, trust())
            .unwrap();
        assert_eq!(
            Page::AddTrust(primary).check(&lpa),
            Err(Page::Step(primary))
        );
        // One across both lists.
        lpa.document.set_primary_how(How::Jointly).unwrap();
        assert_eq!(
            Page::AddTrust(Step::ReplacementAttorney).check(&lpa),
            Err(Page::Step(Step::ReplacementAttorney))
        );
        // Never on health and welfare.
        let mut hw = crate::lpa::model::testing::lpa(Document::of_type(LpaType::HealthAndWelfare));
        hw.document.set_donor(donor());
        hw.document.set_life_sustaining(false).unwrap();
        assert_eq!(Page::AddTrust(primary).check(&hw), Err(Page::Step(primary)));
    }

    #[test]
    fn how_primaries_act_needs_two_of_them() {
        let one = with_people(1, 0);
        assert_eq!(
            check(&one, Step::HowPrimaryAttorneysMakeDecision),
            Err(Step::PrimaryAttorney)
        );
        assert_eq!(check(&one, Step::ReplacementAttorney), Ok(()));
        let two = with_people(2, 0);
        assert_eq!(check(&two, Step::HowPrimaryAttorneysMakeDecision), Ok(()));
        assert_eq!(
            check(&two, Step::ReplacementAttorney),
            Err(Step::HowPrimaryAttorneysMakeDecision)
        );
        let none = with_people(0, 0);
        assert_eq!(
            check(&none, Step::ReplacementAttorney),
            Err(Step::PrimaryAttorney)
        );
    }

    #[test]
    fn when_replacements_step_in_needs_a_replacement_and_primaries_jointly_and_severally() {
        let mut lpa = with_people(2, 1);
        lpa.document.set_primary_how(How::Jointly).unwrap();
        assert_eq!(
            check(&lpa, Step::WhenReplacementAttorneyStepIn),
            Err(Step::ReplacementAttorney)
        );
        lpa.document
            .set_primary_how(How::JointlyAttorneySeverally)
            .unwrap();
        assert_eq!(check(&lpa, Step::WhenReplacementAttorneyStepIn), Ok(()));
        assert_eq!(
            check(&lpa, Step::CertificateProvider),
            Err(Step::WhenReplacementAttorneyStepIn)
        );
    }

    #[test]
    fn how_replacements_act_is_asked_only_where_the_reference_asks_it() {
        // One primary, two replacements.
        let one = with_people(1, 2);
        assert_eq!(
            check(&one, Step::HowReplacementAttorneysMakeDecision),
            Ok(())
        );
        // Two primaries acting jointly and severally: only after "last".
        let mut several = with_people(2, 2);
        several
            .document
            .set_primary_how(How::JointlyAttorneySeverally)
            .unwrap();
        assert_eq!(
            check(&several, Step::HowReplacementAttorneysMakeDecision),
            Err(Step::WhenReplacementAttorneyStepIn)
        );
        several.document.set_step_in(StepIn::First).unwrap();
        assert_eq!(
            check(&several, Step::HowReplacementAttorneysMakeDecision),
            Err(Step::WhenReplacementAttorneyStepIn)
        );
        several.document.set_step_in(StepIn::Last).unwrap();
        assert_eq!(
            check(&several, Step::HowReplacementAttorneysMakeDecision),
            Ok(())
        );
        // Depends: never.
        let mut depends_lpa = with_people(2, 2);
        depends_lpa.document.set_primary_how(depends()).unwrap();
        assert_eq!(
            check(&depends_lpa, Step::HowReplacementAttorneysMakeDecision),
            Err(Step::ReplacementAttorney)
        );
        // One replacement: never.
        assert_eq!(
            check(
                &with_people(1, 1),
                Step::HowReplacementAttorneysMakeDecision
            ),
            Err(Step::ReplacementAttorney)
        );
    }

    /// Every "replacement section satisfied" case of the reference opens the certificate provider,
    /// and the cases next to them do not.
    #[test]
    fn the_certificate_provider_opens_once_the_replacement_section_is_satisfied() {
        let satisfied = |lpa: &Lpa| check(lpa, Step::CertificateProvider).is_ok();

        // 1 primary & 0 replacements & confirmed.
        let mut lpa = with_people(1, 0);
        assert!(!satisfied(&lpa));
        lpa.metadata.replacement_attorneys_confirmed = true;
        assert!(satisfied(&lpa));
        // 1 primary & 1 replacement.
        assert!(satisfied(&with_people(1, 1)));
        // 1 primary & ≥2 replacements & replacement how set.
        let mut lpa = with_people(1, 2);
        assert!(!satisfied(&lpa));
        lpa.document.set_replacement_how(How::Jointly).unwrap();
        assert!(satisfied(&lpa));
        // ≥2 primaries with how & 0 replacements & confirmed.
        let mut lpa = with_people(2, 0);
        lpa.document.set_primary_how(How::Jointly).unwrap();
        assert!(!satisfied(&lpa));
        lpa.metadata.replacement_attorneys_confirmed = true;
        assert!(satisfied(&lpa));
        // ≥2 primaries depends & ≥2 replacements.
        let mut lpa = with_people(2, 2);
        lpa.document.set_primary_how(depends()).unwrap();
        assert!(satisfied(&lpa));
        // ≥2 primaries (jointly or depends) & 1 replacement.
        for how in [How::Jointly, depends()] {
            let mut lpa = with_people(3, 1);
            lpa.document.set_primary_how(how).unwrap();
            assert!(satisfied(&lpa));
        }
        // ≥2 primaries jointly & ≥2 replacements & replacement how set.
        let mut lpa = with_people(2, 3);
        lpa.document.set_primary_how(How::Jointly).unwrap();
        assert!(!satisfied(&lpa));
        assert_eq!(
            check(&lpa, Step::CertificateProvider),
            Err(Step::HowReplacementAttorneysMakeDecision)
        );
        lpa.document.set_replacement_how(depends()).unwrap();
        assert!(satisfied(&lpa));
        // ≥2 primaries J&S & 1 replacement & when set.
        let mut lpa = with_people(2, 1);
        lpa.document
            .set_primary_how(How::JointlyAttorneySeverally)
            .unwrap();
        assert!(!satisfied(&lpa));
        lpa.document.set_step_in(StepIn::Last).unwrap();
        assert!(satisfied(&lpa), "one replacement: no how even after last");
        // ≥2 primaries J&S & ≥2 replacements & when first or depends.
        for when in [
            StepIn::First,
            StepIn::Depends(Details::required("x").unwrap()),
        ] {
            let mut lpa = with_people(2, 2);
            lpa.document
                .set_primary_how(How::JointlyAttorneySeverally)
                .unwrap();
            lpa.document.set_step_in(when).unwrap();
            assert!(satisfied(&lpa));
        }
        // ≥2 primaries J&S & ≥2 replacements & last & how set.
        let mut lpa = with_people(2, 2);
        lpa.document
            .set_primary_how(How::JointlyAttorneySeverally)
            .unwrap();
        lpa.document.set_step_in(StepIn::Last).unwrap();
        assert_eq!(
            check(&lpa, Step::CertificateProvider),
            Err(Step::HowReplacementAttorneysMakeDecision)
        );
        lpa.document
            .set_replacement_how(How::JointlyAttorneySeverally)
            .unwrap();
        assert!(satisfied(&lpa));
    }

    fn up_to_certificate_provider() -> Lpa {
        let mut lpa = with_people(1, 0);
        lpa.metadata.replacement_attorneys_confirmed = true;
        lpa
    }

    #[test]
    fn people_to_notify_need_the_certificate_provider_given_or_skipped() {
        let mut lpa = up_to_certificate_provider();
        assert_eq!(
            check(&lpa, Step::PeopleToNotify),
            Err(Step::CertificateProvider)
        );
        assert_eq!(
            Page::Edit(Step::CertificateProvider, None).check(&lpa),
            Err(Page::Step(Step::CertificateProvider))
        );
        lpa.metadata.certificate_provider_skipped = true;
        assert_eq!(check(&lpa, Step::PeopleToNotify), Ok(()));
        lpa.metadata.certificate_provider_skipped = false;
        lpa.document.set_certificate_provider(Some(provider()));
        assert_eq!(check(&lpa, Step::PeopleToNotify), Ok(()));
        assert_eq!(
            Page::Add(Step::CertificateProvider).check(&lpa),
            Err(Page::Edit(Step::CertificateProvider, None))
        );
        assert_eq!(
            Page::Delete(Step::CertificateProvider, None).check(&lpa),
            Ok(())
        );
    }

    #[test]
    fn instructions_and_summary_need_people_to_notify_confirmed() {
        let mut lpa = up_to_certificate_provider();
        lpa.document.set_certificate_provider(Some(provider()));
        assert_eq!(check(&lpa, Step::Instructions), Err(Step::PeopleToNotify));
        assert_eq!(check(&lpa, Step::Summary), Err(Step::PeopleToNotify));
        lpa.document.add_person_to_notify(person("N", "P")).unwrap();
        assert_eq!(check(&lpa, Step::Instructions), Ok(()));
        assert_eq!(
            check(&lpa, Step::Summary),
            Ok(()),
            "the summary opens with the instructions"
        );
        // A skipped certificate provider: the people need confirming.
        let mut skipped = up_to_certificate_provider();
        skipped.metadata.certificate_provider_skipped = true;
        skipped
            .document
            .add_person_to_notify(person("N", "P"))
            .unwrap();
        assert_eq!(
            check(&skipped, Step::Instructions),
            Err(Step::PeopleToNotify)
        );
        skipped.metadata.people_to_notify_confirmed = true;
        assert_eq!(check(&skipped, Step::Instructions), Ok(()));
    }

    #[test]
    fn at_five_people_to_notify_adding_goes_back_to_the_list() {
        let mut lpa = up_to_certificate_provider();
        lpa.metadata.certificate_provider_skipped = true;
        for n in 0..5 {
            lpa.document
                .add_person_to_notify(person("N", &n.to_string()))
                .unwrap();
        }
        assert_eq!(
            Page::Add(Step::PeopleToNotify).check(&lpa),
            Err(Page::Step(Step::PeopleToNotify))
        );
        assert_eq!(
            Page::Edit(Step::PeopleToNotify, Some(4)).check(&lpa),
            Ok(())
        );
    }

    #[test]
    fn a_url_typed_ahead_goes_to_the_nearest_open_step() {
        let lpa = pf();
        assert_eq!(
            Page::Step(Step::Summary).nearest(&lpa),
            Page::Step(Step::WhenLpaStarts)
        );
        assert_eq!(
            Page::Edit(Step::PeopleToNotify, Some(3)).nearest(&lpa),
            Page::Step(Step::WhenLpaStarts)
        );
        let empty = crate::lpa::model::testing::lpa(Document::default());
        assert_eq!(
            Page::Step(Step::Instructions).nearest(&empty),
            Page::Step(Step::Type)
        );
    }

    #[test]
    fn resuming_goes_to_the_last_answered_step_before_the_first_unanswered() {
        let mut lpa = pf();
        assert_eq!(back_to_form(&lpa), Page::Step(Step::Donor));
        lpa.document
            .set_when_lpa_starts(WhenLpaStarts::NoCapacity)
            .unwrap();
        assert_eq!(back_to_form(&lpa), Page::Step(Step::WhenLpaStarts));
        lpa.document
            .add_attorney(AttorneyRole::Primary, human("A", "A"))
            .unwrap();
        lpa.document
            .add_attorney(AttorneyRole::Primary, human("B", "B"))
            .unwrap();
        assert_eq!(back_to_form(&lpa), Page::Step(Step::PrimaryAttorney));
        lpa.document.set_primary_how(How::Jointly).unwrap();
        lpa.metadata.replacement_attorneys_confirmed = true;
        // Not-applicable replacement questions are skipped.
        assert_eq!(back_to_form(&lpa), Page::Step(Step::ReplacementAttorney));
        lpa.metadata.certificate_provider_skipped = true;
        lpa.metadata.people_to_notify_confirmed = true;
        assert_eq!(back_to_form(&lpa), Page::Step(Step::PeopleToNotify));
        assert!(!everything_answered(&lpa));
        lpa.document.set_instructions(
            Instructions::parse("").unwrap(),
            Instructions::parse("Tea").unwrap(),
        );
        assert_eq!(back_to_form(&lpa), Page::Step(Step::Instructions));
        assert!(!everything_answered(&lpa));
        answer_registration(&mut lpa);
        assert_eq!(back_to_form(&lpa), Page::Step(Step::Checkout));
        assert!(everything_answered(&lpa));
    }

    /// Answers every question from the applicant to the fee reduction.
    fn answer_registration(lpa: &mut Lpa) {
        use crate::lpa::model::{Applicant, Contact, DonorApplies, FeeReduction};
        lpa.document
            .set_applicant(Applicant::Donor(DonorApplies::Donor))
            .unwrap();
        lpa.document
            .set_correspondent_contact(Contact::new(None, None, true, false).unwrap())
            .unwrap();
        lpa.who_are_you_answered = true;
        lpa.set_repeat_application(None);
        lpa.choose_fee_reduction(FeeReduction::NotApply);
    }

    /// One attorney, no replacements, a certificate provider, nobody to notify.
    fn up_to_the_instructions() -> Lpa {
        let mut lpa = with_people(1, 0);
        lpa.metadata.replacement_attorneys_confirmed = true;
        lpa.document.set_certificate_provider(Some(provider()));
        lpa.metadata.people_to_notify_confirmed = true;
        lpa
    }

    #[test]
    fn the_registration_steps_follow_the_instructions_in_order() {
        let mut lpa = up_to_the_instructions();
        assert_eq!(check(&lpa, Step::Applicant), Err(Step::Instructions));
        lpa.document.set_instructions(
            Instructions::parse("").unwrap(),
            Instructions::parse("").unwrap(),
        );
        assert_eq!(
            Page::Step(Step::Instructions).next(&lpa),
            Page::Step(Step::Summary)
        );
        assert_eq!(
            Page::Step(Step::Summary).next(&lpa),
            Page::Step(Step::Applicant)
        );
        assert_eq!(check(&lpa, Step::Correspondent), Err(Step::Applicant));
        assert_eq!(check(&lpa, Step::Checkout), Err(Step::Applicant));
        answer_registration(&mut lpa);
        assert_eq!(check(&lpa, Step::Checkout), Ok(()));
        assert!(may_check_out(&lpa));
        // Without a certificate provider (skipped), checkout opens but cannot be confirmed.
        let mut skipped = lpa.clone();
        skipped.document.set_certificate_provider(None);
        skipped.metadata.certificate_provider_skipped = true;
        assert_eq!(check(&skipped, Step::Checkout), Ok(()));
        assert!(!may_check_out(&skipped));
    }

    #[test]
    fn a_locked_lpa_opens_only_its_documents_and_the_date_check() {
        let mut lpa = up_to_the_instructions();
        lpa.document.set_instructions(
            Instructions::parse("").unwrap(),
            Instructions::parse("").unwrap(),
        );
        answer_registration(&mut lpa);
        assert_eq!(
            Page::Complete.check(&lpa),
            Err(Page::Step(Step::Checkout)),
            "not before checkout"
        );
        lpa.payment.as_mut().unwrap().method = Some(crate::lpa::model::PaymentMethod::Cheque);
        lpa.lock(lpa.started_at);
        assert!(lpa.is_completed());
        for page in [
            Page::Complete,
            Page::ViewDocs,
            Page::Status,
            Page::DateCheck,
            Page::DateCheckValid,
        ] {
            assert_eq!(page.check(&lpa), Ok(()), "{page:?}");
        }
        for page in [
            Page::Step(Step::Donor),
            Page::Step(Step::Checkout),
            Page::Step(Step::Summary),
            Page::Add(Step::PrimaryAttorney),
            Page::Edit(Step::Correspondent, None),
            Page::PaymentCancelled,
        ] {
            assert_eq!(page.nearest(&lpa), Page::ViewDocs, "{page:?}");
        }
        assert_eq!(back_to_form(&lpa), Page::ViewDocs);
        assert!(!may_check_out(&lpa));
    }

    #[test]
    fn saves_go_to_the_first_open_next_step_then_to_the_final_check() {
        let mut lpa = pf();
        assert_eq!(
            Page::Step(Step::Donor).next(&lpa),
            Page::Step(Step::WhenLpaStarts)
        );
        lpa.document
            .set_when_lpa_starts(WhenLpaStarts::Now)
            .unwrap();
        lpa.document
            .add_attorney(AttorneyRole::Primary, human("A", "A"))
            .unwrap();
        assert_eq!(
            Page::Step(Step::PrimaryAttorney).next(&lpa),
            Page::Step(Step::ReplacementAttorney)
        );
        assert_eq!(
            Page::Add(Step::PrimaryAttorney).next(&lpa),
            Page::Step(Step::PrimaryAttorney)
        );
        lpa.document
            .add_attorney(AttorneyRole::Primary, human("B", "B"))
            .unwrap();
        assert_eq!(
            Page::Step(Step::PrimaryAttorney).next(&lpa),
            Page::Step(Step::HowPrimaryAttorneysMakeDecision)
        );
        lpa.document
            .set_primary_how(How::JointlyAttorneySeverally)
            .unwrap();
        lpa.document
            .add_attorney(AttorneyRole::Replacement, human("R", "R"))
            .unwrap();
        assert_eq!(
            Page::Step(Step::ReplacementAttorney).next(&lpa),
            Page::Step(Step::WhenReplacementAttorneyStepIn)
        );
        lpa.document.set_step_in(StepIn::First).unwrap();
        assert_eq!(
            Page::Step(Step::WhenReplacementAttorneyStepIn).next(&lpa),
            Page::Step(Step::CertificateProvider)
        );
        lpa.document.set_certificate_provider(Some(provider()));
        lpa.metadata.people_to_notify_confirmed = true;
        lpa.document.set_instructions(
            Instructions::parse("").unwrap(),
            Instructions::parse("").unwrap(),
        );
        answer_registration(&mut lpa);
        // Everything answered: every save, even from the donor's page, comes back to the final
        // check.
        assert_eq!(
            Page::Step(Step::Donor).next(&lpa),
            Page::Step(Step::Checkout)
        );
        assert_eq!(
            Page::Edit(Step::PrimaryAttorney, Some(0)).next(&lpa),
            Page::Step(Step::Checkout)
        );
    }
}

#[cfg(test)]
mod properties {
    //! Random LPAs, made by random sequences of the changes the pages make, so they hold only
    //! what the document allows.
    use proptest::prelude::*;

    use super::*;
    use crate::lpa::model::testing::*;
    use crate::lpa::model::{
        CertificateProvider, Details, How, Instructions, Name, StepIn, WhenLpaStarts,
    };

    #[derive(Clone, Debug)]
    enum Change {
        Type(bool),
        Donor,
        WhenStarts(bool),
        LifeSustaining(bool),
        AddAttorney(bool, bool),
        RemoveAttorney(bool, usize),
        PrimaryHow(u8),
        StepIn(u8),
        ReplacementHow(u8),
        CertificateProvider(bool),
        SkipCertificateProvider,
        AddNotified,
        RemoveNotified(usize),
        ConfirmReplacements,
        ConfirmNotified,
        Instructions,
        DonorApplies,
        AttorneysApply,
        CorrespondentContact,
        WhoAreYou,
        Repeat(bool),
        FeeReduction(u8),
        Lock,
    }

    fn change() -> impl Strategy<Value = Change> {
        prop_oneof![
            any::<bool>().prop_map(Change::Type),
            Just(Change::Donor),
            any::<bool>().prop_map(Change::WhenStarts),
            any::<bool>().prop_map(Change::LifeSustaining),
            (any::<bool>(), any::<bool>()).prop_map(|(p, t)| Change::AddAttorney(p, t)),
            (any::<bool>(), 0usize..4).prop_map(|(p, i)| Change::RemoveAttorney(p, i)),
            (0u8..3).prop_map(Change::PrimaryHow),
            (0u8..3).prop_map(Change::StepIn),
            (0u8..3).prop_map(Change::ReplacementHow),
            any::<bool>().prop_map(Change::CertificateProvider),
            Just(Change::SkipCertificateProvider),
            Just(Change::AddNotified),
            (0usize..6).prop_map(Change::RemoveNotified),
            Just(Change::ConfirmReplacements),
            Just(Change::ConfirmNotified),
            Just(Change::Instructions),
            Just(Change::DonorApplies),
            Just(Change::AttorneysApply),
            Just(Change::CorrespondentContact),
            Just(Change::WhoAreYou),
            any::<bool>().prop_map(Change::Repeat),
            (0u8..4).prop_map(Change::FeeReduction),
            Just(Change::Lock),
        ]
    }

    fn how(n: u8) -> How {
        match n {
            0 => How::JointlyAttorneySeverally,
            1 => How::Jointly,
            _ => How::Depends(Details::required("it depends").unwrap()),
        }
    }

    fn role(primary: bool) -> AttorneyRole {
        if primary {
            AttorneyRole::Primary
        } else {
            AttorneyRole::Replacement
        }
    }

    /// Applies a change as a page would; the document refuses what it must, and that is fine.
    fn apply(lpa: &mut Lpa, change: Change) {
        let document = &mut lpa.document;
        let _ = match change {
            Change::Type(pf) => document.set_type(if pf {
                LpaType::PropertyAndFinancial
            } else {
                LpaType::HealthAndWelfare
            }),
            Change::Donor => {
                document.set_donor(donor());
                Ok(())
            }
            Change::WhenStarts(now) => document.set_when_lpa_starts(if now {
                WhenLpaStarts::Now
            } else {
                WhenLpaStarts::NoCapacity
            }),
            Change::LifeSustaining(yes) => document.set_life_sustaining(yes),
            Change::AddAttorney(primary, is_trust) => document
                .add_attorney(
                    role(primary),
                    if is_trust { trust() } else { human("A", "B") },
                )
                .map(|_| ()),
            Change::RemoveAttorney(primary, index) => {
                document.remove_attorney(role(primary), index).map(|_| ())
            }
            Change::PrimaryHow(n) => document.set_primary_how(how(n)),
            Change::StepIn(n) => document.set_step_in(match n {
                0 => StepIn::First,
                1 => StepIn::Last,
                _ => StepIn::Depends(Details::required("it depends").unwrap()),
            }),
            Change::ReplacementHow(n) => document.set_replacement_how(how(n)),
            Change::CertificateProvider(given) => {
                document.set_certificate_provider(given.then(|| CertificateProvider {
                    name: Name::parse("", "C", "P").unwrap(),
                    address: address(),
                }));
                Ok(())
            }
            Change::SkipCertificateProvider => {
                lpa.metadata.certificate_provider_skipped = true;
                Ok(())
            }
            Change::AddNotified => document.add_person_to_notify(person("N", "P")).map(|_| ()),
            Change::RemoveNotified(index) => document.remove_person_to_notify(index).map(|_| ()),
            Change::ConfirmReplacements => {
                lpa.metadata.replacement_attorneys_confirmed = true;
                Ok(())
            }
            Change::ConfirmNotified => {
                lpa.metadata.people_to_notify_confirmed = true;
                Ok(())
            }
            Change::Instructions => {
                document.set_instructions(
                    Instructions::parse("").unwrap(),
                    Instructions::parse("x").unwrap(),
                );
                Ok(())
            }
            Change::DonorApplies => document.set_applicant(crate::lpa::model::Applicant::Donor(
                crate::lpa::model::DonorApplies::Donor,
            )),
            Change::AttorneysApply => {
                let ids = document.primary_attorneys().iter().map(|l| l.id).collect();
                document.set_applicant(crate::lpa::model::Applicant::Attorneys(ids))
            }
            Change::CorrespondentContact => document.set_correspondent_contact(
                crate::lpa::model::Contact::new(None, None, true, false).unwrap(),
            ),
            Change::WhoAreYou => {
                lpa.who_are_you_answered = true;
                Ok(())
            }
            Change::Repeat(repeat) => {
                lpa.set_repeat_application(
                    repeat.then(|| crate::lpa::model::CaseNumber::parse("123456789012").unwrap()),
                );
                Ok(())
            }
            Change::FeeReduction(n) => {
                lpa.choose_fee_reduction(crate::lpa::model::FeeReduction::ALL[usize::from(n)]);
                Ok(())
            }
            Change::Lock => {
                if may_check_out(lpa) && lpa.payment_resolved() {
                    lpa.lock(lpa.started_at);
                }
                Ok(())
            }
        };
    }

    fn random_lpa() -> impl Strategy<Value = Lpa> {
        (any::<bool>(), prop::collection::vec(change(), 0..40)).prop_map(|(pf, changes)| {
            let mut lpa = lpa(Document::of_type(if pf {
                LpaType::PropertyAndFinancial
            } else {
                LpaType::HealthAndWelfare
            }));
            for change in changes {
                apply(&mut lpa, change);
            }
            lpa
        })
    }

    /// Every page, with the indexes a URL could carry.
    fn every_page() -> Vec<Page> {
        let mut pages = vec![
            Page::Resume,
            Page::ReuseDetails,
            Page::PaymentReturn,
            Page::PaymentCancelled,
            Page::PaymentFailed,
            Page::MoreInfoRequired,
            Page::Complete,
            Page::ViewDocs,
            Page::DateCheck,
            Page::DateCheckValid,
        ];
        for row in STEPS {
            let step = row.step;
            pages.extend([
                Page::Step(step),
                Page::Add(step),
                Page::AddTrust(step),
                Page::Edit(step, None),
                Page::Delete(step, None),
            ]);
            for index in 0..6 {
                pages.extend([
                    Page::Edit(step, Some(index)),
                    Page::Delete(step, Some(index)),
                ]);
            }
        }
        pages
    }

    proptest! {
        #[test]
        fn the_nearest_page_is_always_open(lpa in random_lpa()) {
            for page in every_page() {
                let nearest = page.nearest(&lpa);
                prop_assert_eq!(nearest.check(&lpa), Ok(()), "{:?} led to {:?}", page, nearest);
            }
        }

        #[test]
        fn resuming_and_saving_never_lead_to_a_closed_page(lpa in random_lpa()) {
            let resume = back_to_form(&lpa);
            prop_assert_eq!(resume.check(&lpa), Ok(()), "resumes at {:?}", resume);
            for page in every_page().into_iter().filter(|page| page.check(&lpa).is_ok()) {
                let next = page.next(&lpa);
                prop_assert_eq!(next.check(&lpa), Ok(()), "{:?} went on to {:?}", page, next);
            }
        }

        #[test]
        fn no_decision_is_kept_where_it_cannot_apply(lpa in random_lpa()) {
            let document = &lpa.document;
            if document.primary_attorneys().len() < 2 {
                prop_assert!(document.primary_decisions().how.is_none());
            }
            if !document.asks_when_replacements_step_in() {
                prop_assert!(document.replacement_decisions().when.is_none());
            }
            if !document.asks_how_replacements_act() {
                prop_assert!(document.replacement_decisions().how.is_none());
            }
            let trusts = document
                .primary_attorneys()
                .iter()
                .chain(document.replacement_attorneys())
                .filter(|listed| listed.person.is_trust())
                .count();
            prop_assert!(trusts <= 1);
            if document.lpa_type() == Some(LpaType::HealthAndWelfare) {
                prop_assert_eq!(trusts, 0);
            }
            prop_assert!(document.people_to_notify().len() <= 5);
        }
    }
}

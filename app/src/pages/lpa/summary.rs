//! `/lpa/{id}/summary`: check your answers (reference §2.2, "summary"): everything the LPA says,
//! each answer with a "Change" link. Once everything is answered every save goes to this page
//! (`flow::FINAL_CHECK`), so a change made from here comes back here.
use leptos::prelude::*;
use leptos_meta::Title;

use super::attorneys;
use super::frame::LpaFrame;
use super::named_person;
use crate::govuk::Button;
use crate::govuk::{
    SummaryCard, SummaryList, SummaryListAction, SummaryListActions, SummaryListRow,
};
use crate::lpa::flow::{self, Page, Step};
use crate::lpa::model::{
    Applicant, AttorneyRole, Contact, FeeReduction, How, Instructions, Lpa, Payment, StepIn,
    WhenLpaStarts,
};
use crate::lpa::paper::PaperForm;
use crate::lpa::paths;
use crate::lpa::payment::{pounds, Fee};

const HEADING: &str = "Check your answers";

fn how_words(how: &How) -> String {
    match how {
        How::JointlyAttorneySeverally => "Jointly and severally".to_owned(),
        How::Jointly => "Jointly".to_owned(),
        How::Depends(details) => format!(
            "Jointly for some decisions, and jointly and severally for other decisions: {}",
            details.as_str()
        ),
    }
}

fn step_in_words(when: &StepIn) -> String {
    match when {
        StepIn::First => "As soon as one of the original attorneys can no longer act".to_owned(),
        StepIn::Last => "Only when none of the original attorneys can act".to_owned(),
        StepIn::Depends(details) => format!("In some other way: {}", details.as_str()),
    }
}

fn text_or_none(text: Option<&Instructions>) -> String {
    match text {
        Some(text) if !text.is_empty() => text.as_str().to_owned(),
        _ => "None".to_owned(),
    }
}

/// A section's heading and its answers.
fn section(heading: &'static str, rows: Vec<SummaryListRow>) -> impl IntoView {
    view! {
        <h2 class="govuk-heading-m">{heading}</h2>
        <SummaryList rows=rows/>
    }
}

/// A person in a card titled with their name, with a "Change" link.
fn card(title: String, rows: Vec<SummaryListRow>, change: String) -> impl IntoView {
    let card = SummaryCard {
        title: Some(title.into()),
        actions: SummaryListActions {
            items: vec![SummaryListAction::new(change, "Change", String::new())],
            classes: String::new(),
        },
        ..Default::default()
    };
    view! { <SummaryList rows=rows card=Some(card)/> }
}

/// The attorneys of `role`, each in a card, or a row saying there are none.
fn attorney_cards(lpa: &Lpa, role: AttorneyRole, step: Step) -> AnyView {
    let listed = lpa.document.attorneys(role);
    if listed.is_empty() {
        let href = paths::href(lpa.id, Page::Step(step)).to_string();
        return view! {
            <SummaryList rows=vec![SummaryListRow::new(attorneys::words(role).heading, "None").change(href, "replacement attorneys")]/>
        }
        .into_any();
    }
    listed
        .iter()
        .enumerate()
        .map(|(index, listed)| {
            card(
                listed.person.display_name(),
                attorneys::rows(&listed.person),
                paths::href(lpa.id, Page::Edit(step, Some(index))).to_string(),
            )
        })
        .collect_view()
        .into_any()
}

/// Who applies, in words.
fn applicant_words(lpa: &Lpa) -> Option<String> {
    let document = &lpa.document;
    Some(match document.applicant()? {
        Applicant::Donor(_) => format!(
            "The donor{}",
            document
                .donor()
                .map(|donor| format!(", {}", donor.name))
                .unwrap_or_default()
        ),
        Applicant::Attorneys(ids) => document
            .primary_attorneys()
            .iter()
            .filter(|listed| ids.contains(&listed.id))
            .map(|listed| listed.person.display_name())
            .collect::<Vec<_>>()
            .join(", "),
    })
}

/// How the correspondent is contacted, in words.
fn contact_words(contact: &Contact) -> String {
    let mut ways = Vec::new();
    if contact.by_post() {
        ways.push("By post".to_owned());
    }
    if let Some(phone) = contact.phone() {
        ways.push(format!("By phone: {}", phone.as_str()));
    }
    if let Some(email) = contact.email() {
        ways.push(format!("By email: {email}"));
    }
    ways.push(if contact.in_welsh() {
        "Letters in Welsh".to_owned()
    } else {
        "Letters in English".to_owned()
    });
    ways.join(". ")
}

/// The fee reduction and the fee, in words.
fn fee_words(payment: &Payment) -> (String, String) {
    let reduction = match payment.reduction {
        FeeReduction::ReceivesBenefits => "Means-tested benefits (no fee)",
        FeeReduction::UniversalCredit => "Universal Credit",
        FeeReduction::LowIncome => "Low income",
        FeeReduction::NotApply => "No reduction",
    };
    let fee = match payment.fee() {
        Fee::Pounds(amount) => pounds(amount),
        Fee::ToBeAgreed => "We’ll contact you about the fee".to_owned(),
    };
    (reduction.to_owned(), fee)
}

#[component]
pub fn SummaryPage() -> impl IntoView {
    view! {
        <LpaFrame render=|lpa, _| {
            let next = if flow::everything_answered(&lpa) {
                Page::Step(flow::FINAL_CHECK)
            } else {
                Page::Step(Step::Applicant).nearest(&lpa)
            };
            let next = paths::href(lpa.id, next).to_string();
            // A draft LP1, to check before confirming (reference §7.1), once the instructions
            // and preferences are answered.
            let draft = PaperForm::Lp1
                .edition_for(&lpa, true)
                .map(|_| paths::download(lpa.id, PaperForm::Lp1, true).to_string());
            view! {
                <Title text=HEADING/>
                <div class="govuk-grid-row">
                    <div class="govuk-grid-column-two-thirds">
                        <span class="govuk-caption-l">{format!("LPA {}", lpa.id.a_reference())}</span>
                        <h1 class="govuk-heading-l">{HEADING}</h1>
                        <LpaDetails lpa=lpa/>
                        {draft.map(|href| view! {
                            <p class="govuk-body"><a class="govuk-link" href=href>"Download a draft of the LPA to check (PDF)"</a></p>
                        })}
                        <div class="govuk-button-group">
                            <Button content="Continue" href=Some(next)/>
                            <a class="govuk-link" href=crate::account::paths::DASHBOARD.href().to_string()>"Go to your LPAs"</a>
                        </div>
                    </div>
                </div>
            }
        }/>
    }
}

/// Everything the LPA says, section by section, each answer with a "Change" link: the summary and
/// the final check (checkout) both show it.
#[component]
pub fn LpaDetails(lpa: Lpa) -> impl IntoView {
    {
        {
            let id = lpa.id;
            let at = |page: Page| paths::href(id, page).to_string();
            let document = &lpa.document;
            let primary = document.primary_decisions();
            let replacement = document.replacement_decisions();

            let lpa_type = document.lpa_type().map_or("Not chosen", |t| t.name());
            let mut about = vec![SummaryListRow::new("Type", lpa_type)
                .change(at(Page::Step(Step::Type)), "type of LPA")];
            if let Some(when) = primary.when {
                let words = match when {
                    WhenLpaStarts::Now => "As soon as it’s registered, with the donor’s consent",
                    WhenLpaStarts::NoCapacity => "Only if the donor does not have mental capacity",
                };
                about.push(
                    SummaryListRow::new("When the LPA can be used", words).change(
                        at(Page::Step(Step::WhenLpaStarts)),
                        "when the LPA can be used",
                    ),
                );
            }
            if let Some(can) = primary.can_sustain_life {
                let words = if can {
                    "The attorneys can make decisions about life-sustaining treatment"
                } else {
                    "The donor makes decisions about life-sustaining treatment themselves"
                };
                about.push(
                    SummaryListRow::new("Life-sustaining treatment", words).change(
                        at(Page::Step(Step::LifeSustaining)),
                        "life-sustaining treatment",
                    ),
                );
            }

            let donor = document.donor().map(|donor| {
                card(
                    donor.name.to_string(),
                    super::donor::person_rows(donor),
                    at(Page::Edit(Step::Donor, None)),
                )
            });

            let mut decisions = Vec::new();
            if let Some(how) = &primary.how {
                decisions.push(
                    SummaryListRow::new("How the attorneys make decisions", how_words(how)).change(
                        at(Page::Step(Step::HowPrimaryAttorneysMakeDecision)),
                        "how the attorneys make decisions",
                    ),
                );
            }
            let mut replacement_decisions = Vec::new();
            if let Some(when) = &replacement.when {
                replacement_decisions.push(
                    SummaryListRow::new("When they step in", step_in_words(when)).change(
                        at(Page::Step(Step::WhenReplacementAttorneyStepIn)),
                        "when the replacement attorneys step in",
                    ),
                );
            }
            if let Some(how) = &replacement.how {
                replacement_decisions.push(
                    SummaryListRow::new("How they make decisions", how_words(how)).change(
                        at(Page::Step(Step::HowReplacementAttorneysMakeDecision)),
                        "how the replacement attorneys make decisions",
                    ),
                );
            }

            let provider = match document.certificate_provider() {
                Some(provider) => card(
                    provider.name.to_string(),
                    named_person::rows(&provider.name, &provider.address),
                    at(Page::Edit(Step::CertificateProvider, None)),
                )
                .into_any(),
                None => view! {
                    <SummaryList rows=vec![SummaryListRow::new("Certificate provider", "Not added yet: you need one before the LPA can be registered")
                        .change(at(Page::Step(Step::CertificateProvider)), "certificate provider")]/>
                }
                .into_any(),
            };

            let people = document.people_to_notify();
            let notified = if people.is_empty() {
                view! {
                    <SummaryList rows=vec![SummaryListRow::new("People to notify", "None").change(at(Page::Step(Step::PeopleToNotify)), "people to notify")]/>
                }
                .into_any()
            } else {
                people
                    .iter()
                    .enumerate()
                    .map(|(index, listed)| {
                        card(
                            listed.person.name.to_string(),
                            named_person::rows(&listed.person.name, &listed.person.address),
                            at(Page::Edit(Step::PeopleToNotify, Some(index))),
                        )
                    })
                    .collect_view()
                    .into_any()
            };

            let instructions = at(Page::Step(Step::Instructions));
            let wishes = vec![
                SummaryListRow::new("Preferences", text_or_none(document.preference()))
                    .change(instructions.clone(), "preferences"),
                SummaryListRow::new("Instructions", text_or_none(document.instruction()))
                    .change(instructions, "instructions"),
            ];

            let mut registering = Vec::new();
            if let Some(words) = applicant_words(&lpa) {
                registering.push(
                    SummaryListRow::new("Who is applying to register", words)
                        .change(at(Page::Step(Step::Applicant)), "who is applying"),
                );
            }
            if let Some(correspondent) = document.correspondent() {
                registering.push(
                    SummaryListRow::new(
                        "Correspondent",
                        format!(
                            "{}, {}",
                            correspondent.display_name(),
                            correspondent.address().lines().join(", ")
                        ),
                    )
                    .change(at(Page::Edit(Step::Correspondent, None)), "correspondent"),
                );
                if let Some(contact) = correspondent.contact() {
                    registering.push(
                        SummaryListRow::new("How to contact them", contact_words(contact)).change(
                            at(Page::Step(Step::Correspondent)),
                            "how to contact the correspondent",
                        ),
                    );
                }
            }
            if lpa.metadata.repeat_application_confirmed {
                let words = match lpa.repeat_case_number {
                    Some(number) => format!("Yes, case number {}", number.digits()),
                    None => "No".to_owned(),
                };
                registering.push(SummaryListRow::new("Repeat application", words).change(
                    at(Page::Step(Step::RepeatApplication)),
                    "repeat application",
                ));
            }
            if let Some(payment) = &lpa.payment {
                let (reduction, fee) = fee_words(payment);
                registering.push(
                    SummaryListRow::new("Fee reduction", reduction)
                        .change(at(Page::Step(Step::FeeReduction)), "fee reduction"),
                );
                registering.push(SummaryListRow::new("Application fee", fee));
            }

            let primaries = attorney_cards(&lpa, AttorneyRole::Primary, Step::PrimaryAttorney);
            let replacements =
                attorney_cards(&lpa, AttorneyRole::Replacement, Step::ReplacementAttorney);
            view! {
                        {section("The LPA", about)}
                        <h2 class="govuk-heading-m">"The donor"</h2>
                        {donor}
                        <h2 class="govuk-heading-m">"The attorneys"</h2>
                        {primaries}
                        {(!decisions.is_empty()).then(|| view! { <SummaryList rows=decisions/> })}
                        <h2 class="govuk-heading-m">"Replacement attorneys"</h2>
                        {replacements}
                        {(!replacement_decisions.is_empty()).then(|| view! { <SummaryList rows=replacement_decisions/> })}
                        <h2 class="govuk-heading-m">"The certificate provider"</h2>
                        {provider}
                        <h2 class="govuk-heading-m">"People to notify"</h2>
                        {notified}
                        {section("Preferences and instructions", wishes)}
                        {(!registering.is_empty()).then(|| section("Registering the LPA", registering))}
            }
        }
    }
}

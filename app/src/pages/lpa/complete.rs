//! `/lpa/{id}/complete`: "Last steps" (reference §2.2 step 18), once the LPA is confirmed and
//! locked: the payment received, the LPA's number, and what to do next: print and sign in the
//! right order, the forms and proof to send, where to post it, what happens next. `view-docs`
//! shows the same guidance later.
use chrono::Duration;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::dates::long_date;
use crate::govuk::Panel;
use crate::lpa::flow::Page;
use crate::lpa::model::{FeeReduction, Lpa, LpaType, PaymentMethod};
use crate::lpa::paper::PaperForm;
use crate::lpa::paths;
use crate::lpa::payment::pounds;
use crate::pages::lpa::frame::LpaFrame;

const HEADING: &str = "Last steps";

/// How the fee was settled, as the guidance depends on it.
struct Settled {
    reduction: FeeReduction,
    method: Option<PaymentMethod>,
    amount: Option<u32>,
}

impl Settled {
    fn of(lpa: &Lpa) -> Self {
        let payment = lpa.payment.as_ref();
        Settled {
            reduction: payment.map_or(FeeReduction::NotApply, |p| p.reduction),
            method: payment.and_then(|p| p.method),
            amount: payment.and_then(|p| p.amount),
        }
    }

    fn cheque(&self) -> Option<String> {
        match (self.method, self.amount) {
            (Some(PaymentMethod::Cheque), Some(amount)) => Some(pounds(amount)),
            _ => None,
        }
    }
}

/// What to do next, for a completed LPA: the steps, the documents, signing, posting, what happens
/// next. Shared by "Last steps" and the documents page.
#[component]
pub fn AfterCompletion(lpa: Lpa) -> impl IntoView {
    let settled = Settled::of(&lpa);
    let kind = match lpa.document.lpa_type() {
        Some(LpaType::HealthAndWelfare) => "health and welfare",
        _ => "property and financial affairs",
    };
    let form = match lpa.document.lpa_type() {
        Some(LpaType::HealthAndWelfare) => "LP1H",
        _ => "LP1F",
    };
    let donor = lpa
        .document
        .donor()
        .map(|donor| donor.name.to_string())
        .unwrap_or_default();
    let notify = !lpa.document.people_to_notify().is_empty();
    let reduction = settled.reduction;
    let remission = matches!(
        reduction,
        FeeReduction::UniversalCredit | FeeReduction::LowIncome
    );
    let exemption = reduction == FeeReduction::ReceivesBenefits;

    let mut steps =
        vec!["Print the LPA, and get it signed and dated in the right order".to_owned()];
    if remission {
        steps.push(
            "Print, sign and date the fee remission form, and gather the proof needed".to_owned(),
        );
    }
    if exemption {
        steps.push(
            "Print, sign and date the fee exemption form, and gather the proof needed".to_owned(),
        );
    }
    if notify {
        steps
            .push("Print the people to notify form – give one to each person to notify".to_owned());
    }
    steps.push(match (reduction, settled.cheque()) {
        (FeeReduction::NotApply, Some(cheque)) => format!("Post the LPA to us, with a {cheque} cheque for the application fee"),
        (FeeReduction::LowIncome, Some(cheque)) => format!("Post the LPA to us, with the fee remission form, proof of the donor’s low income, and a {cheque} cheque for the application fee"),
        (FeeReduction::LowIncome, None) => "Post the LPA to us, with the fee remission form and proof of the donor’s low income".to_owned(),
        (FeeReduction::UniversalCredit, _) => "Post the LPA to us, with the fee remission form and proof of the donor’s benefits".to_owned(),
        (FeeReduction::ReceivesBenefits, _) => "Post the LPA to us, with the fee exemption form and proof of the donor’s benefits".to_owned(),
        (FeeReduction::NotApply, None) => "Post the LPA to us".to_owned(),
    });

    // Each form the LPA can have, linked to its download page.
    let documents: Vec<(String, String)> = [PaperForm::Lp1, PaperForm::Lpa120, PaperForm::Lp3]
        .into_iter()
        .filter(|paper| paper.edition_for(&lpa, false).is_some())
        .map(|paper| {
            let name = match paper {
                PaperForm::Lp1 => format!("Lasting power of attorney ({form})"),
                PaperForm::Lpa120 => "Fee remissions and exemptions form (LPA120)".to_owned(),
                PaperForm::Lp3 => "Notice to people to notify (LP3)".to_owned(),
            };
            (name, paths::download(lpa.id, paper, false).to_string())
        })
        .collect();

    let mut send = vec!["the signed LPA (all its sections, including any blank pages)".to_owned()];
    if remission {
        send.push("the signed fee remission form".to_owned());
    }
    if exemption {
        send.push("the signed fee exemption form".to_owned());
    }
    if reduction == FeeReduction::LowIncome {
        send.push("proof of the donor’s low income".to_owned());
    }
    if matches!(
        reduction,
        FeeReduction::ReceivesBenefits | FeeReduction::UniversalCredit
    ) {
        send.push("proof of the donor’s benefits".to_owned());
    }
    if let Some(cheque) = settled.cheque() {
        send.push(format!(
            "a cheque for the {cheque} application fee, payable to ‘Office of the Public Guardian’"
        ));
    }

    let refund_by = (settled.method == Some(PaymentMethod::Card))
        .then(|| {
            lpa.completed_at
                .map(|at| long_date((at + Duration::days(40)).date_naive()))
        })
        .flatten();
    let correspondent = lpa
        .document
        .correspondent()
        .map(|c| c.display_name())
        .unwrap_or_else(|| donor.clone());
    let id = lpa.id;
    let date_check = paths::href(id, Page::DateCheck).to_string();
    let reuse = paths::REUSE_LPA.to(id).to_string();
    let new_lpa = paths::NEW_LPA.href().to_string();
    view! {
        <p class="govuk-body">"Your LPA’s reference is " <strong class="govuk-!-font-weight-bold">{id.a_reference()}</strong></p>
        <p class="govuk-body">{format!("You’re now ready to print and sign the {kind} LPA for {donor}, then post it to the Office of the Public Guardian.")}</p>
        <h2 class="govuk-heading-m">"What you need to do"</h2>
        <ol class="govuk-list govuk-list--number">
            {steps.into_iter().map(|step| view! { <li>{step}</li> }).collect_view()}
        </ol>
        <h2 class="govuk-heading-m">"Documents to print"</h2>
        <ul class="govuk-list govuk-list--bullet">
            {documents.into_iter().map(|(name, href)| view! { <li><a class="govuk-link" href=href>{name}</a></li> }).collect_view()}
        </ul>
        <h2 class="govuk-heading-m">"Sign the LPA in the right order"</h2>
        <p class="govuk-body">"The different sections of the LPA must be signed in the right order. If they’re not, we cannot register the LPA."</p>
        <p class="govuk-body">"Once the LPA has been signed, you can "<a class="govuk-link" href=date_check>"check the LPA was signed in the right order"</a>" before sending it to us. If it was not, print the sections again and get them signed again."</p>
        <h2 class="govuk-heading-m">"Found a mistake in the LPA?"</h2>
        <p class="govuk-body">"Do not cross anything out or write anything on the LPA – if you do, we may not be able to register it. Make a new LPA instead."</p>
        <h2 class="govuk-heading-m">"Post your LPA to the Office of the Public Guardian"</h2>
        <p class="govuk-body">"You need to send us:"</p>
        <ul class="govuk-list govuk-list--bullet">
            {send.into_iter().map(|item| view! { <li>{item}</li> }).collect_view()}
        </ul>
        <p class="govuk-body">"Office of the Public Guardian"<br/>"PO Box 16185"<br/>"Birmingham"<br/>"B2 2WH"</p>
        {refund_by.map(|date| view! {
            <p class="govuk-body"><strong class="govuk-!-font-weight-bold">{format!("Post the signed LPA to us as soon as you can. If we do not receive it by {date} we’ll refund the application fee. You can still post the LPA to us after you’ve been refunded – we will contact you and ask you to pay again, or you can send a cheque with the LPA.")}</strong></p>
        })}
        <h2 class="govuk-heading-m">"What happens next"</h2>
        <p class="govuk-body">"It will take up to 8 weeks to register the LPA if there are no mistakes in the application. This includes a 4 week waiting period during which people can object to the registration of the LPA. This waiting period is an important safeguard and is required by law."</p>
        <p class="govuk-body">{format!("If there are no problems with the LPA, we’ll register it and send it to the correspondent, {correspondent}. If we cannot register the LPA, we’ll write to the correspondent to let them know.")}</p>
        <h2 class="govuk-heading-m">"Make another LPA?"</h2>
        <ul class="govuk-list">
            <li><a class="govuk-link" href=reuse>"Make an LPA based on this one"</a>" (you’ll be able to reuse the people in it)"</li>
            <li><a class="govuk-link" href=new_lpa>"Make an LPA from scratch"</a></li>
        </ul>
    }
}

#[component]
pub fn CompletePage() -> impl IntoView {
    view! {
        <LpaFrame render=|lpa, _| {
            let paid = lpa
                .payment
                .as_ref()
                .filter(|payment| payment.method == Some(PaymentMethod::Card))
                .map(|payment| (pounds(payment.amount.unwrap_or_default()), payment.reference.clone().unwrap_or_default()));
            view! {
                <Title text=HEADING/>
                <div class="govuk-grid-row">
                    <div class="govuk-grid-column-two-thirds">
                        {match paid {
                            Some((amount, reference)) => view! {
                                <Panel title="Payment received" content=Some(format!("Your payment reference is {reference}").into())/>
                                <p class="govuk-body">{format!("Thank you for your payment of {amount}.")}</p>
                                <h2 class="govuk-heading-l">{HEADING}</h2>
                            }
                            .into_any(),
                            None => view! { <h1 class="govuk-heading-l">{HEADING}</h1> }.into_any(),
                        }}
                        <AfterCompletion lpa=lpa/>
                    </div>
                </div>
            }
        }/>
    }
}

//! `/lpa/{id}/checkout`: the final check (reference §2.2 step 17, §5.3): everything the LPA says,
//! the fee, and "Confirm and pay" (by card, through GOV.UK Pay), "Confirm and pay by cheque", or
//! "Confirm and finish" when there is nothing to pay now. After confirming nothing in the LPA can
//! change. An LPA that is not complete enough (a skipped certificate provider) cannot be
//! confirmed: the page says what is missing.
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use crate::form::{use_form_with, FieldErrors, FormErrorSummary, FormInput, FormState};
use crate::govuk::{Button, ButtonType, Details, WarningText};
use crate::lpa::flow::{may_check_out, Page, Step};
use crate::lpa::model::{Lpa, LpaId, Revision};
use crate::lpa::paths;
use crate::lpa::payment::{pounds, Fee};
use crate::lpa::rules;
use crate::pages::lpa::frame::{LpaForm, LpaFrame};
use crate::pages::lpa::summary::LpaDetails;

pub mod pay;

const HEADING: &str = "Final check: LPA details";
/// The buttons' name: which way the person chose to finish.
pub const METHOD: &str = "method";

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CheckoutForm {
    /// `card`, `cheque` or `finish` (the button pressed).
    #[serde(default)]
    pub method: String,
    #[serde(default)]
    pub revision: String,
}

/// How the person chose to finish, as the form sends it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Card,
    Cheque,
    Finish,
}

impl FormInput for CheckoutForm {
    type Valid = (Method, Revision);

    fn validate(&self) -> Result<Self::Valid, FieldErrors> {
        let method = match self.method.as_str() {
            "card" => Method::Card,
            "cheque" => Method::Cheque,
            "finish" => Method::Finish,
            _ => {
                let mut errors = FieldErrors::new();
                errors.add(METHOD, "Choose how to pay");
                return Err(errors);
            }
        };
        Ok((method, rules::revision(&self.revision)))
    }
}

impl crate::form::FormAction for CheckoutForm {
    #[cfg(feature = "ssr")]
    async fn perform(
        (method, revision): Self::Valid,
        context: crate::form::ActionContext,
    ) -> Result<crate::form::Submitted, crate::form::FormFailure> {
        use crate::lpa::server::checkout::{confirm, Choice};

        let user = context.require(crate::auth::Audience::SignedIn)?;
        let (id, _) =
            paths::page_of(context.request.uri.path()).ok_or(crate::error::AppError::NotFound)?;
        let choice = match method {
            Method::Card => Choice::Card,
            Method::Cheque => Choice::Cheque,
            Method::Finish => Choice::NothingToPay,
        };
        confirm(
            &context.backends,
            &context.public_url,
            &user,
            id,
            revision,
            choice,
        )
        .await
    }
}

/// The buttons that confirm the LPA, for its fee: pay by card or cheque, or finish. Also drawn by
/// the cancelled and failed payment pages, whose forms post here.
#[component]
pub fn ConfirmButtons(form: FormState<CheckoutForm>, lpa: Lpa, retry: bool) -> impl IntoView {
    let fee = lpa.payment.as_ref().map(|payment| payment.fee());
    let id = lpa.id;
    let revision = lpa.revision;
    let pay_label = if retry {
        "Try paying online again"
    } else {
        "Confirm and pay"
    };
    let buttons = match fee {
        Some(fee) if fee.nothing_to_pay_now() => view! {
            <Button content="Confirm and finish" name=Some(METHOD.into()) value=Some("finish".into()) prevent_double_click=Some(true)/>
        }
        .into_any(),
        _ => view! {
            <div class="govuk-button-group">
                <Button content=pay_label name=Some(METHOD.into()) value=Some("card".into()) prevent_double_click=Some(true)/>
                <Button content="Confirm and pay by cheque" name=Some(METHOD.into()) value=Some("cheque".into()) button_type=ButtonType::Submit classes="govuk-button--secondary" prevent_double_click=Some(true)/>
            </div>
        }
        .into_any(),
    };
    view! {
        <LpaForm form=form lpa_id=id page=Page::Step(Step::Checkout) revision=revision>
            {move || form.error(METHOD).map(|error| view! {
                <p class="govuk-error-message" id=METHOD>
                    <span class="govuk-visually-hidden">"Error: "</span>
                    {error.content.into_view()}
                </p>
            })}
            {buttons}
        </LpaForm>
    }
}

/// The fee as the final check says it.
pub fn fee_heading(fee: Option<Fee>) -> String {
    match fee {
        Some(Fee::Pounds(amount)) => format!("Application fee: {}", pounds(amount)),
        Some(Fee::ToBeAgreed) | None => "We’ll contact you about the fee".to_owned(),
    }
}

fn save_for_later() -> impl IntoView {
    view! {
        <p class="govuk-body">
            <a class="govuk-link" href=crate::account::paths::DASHBOARD.href().to_string()>"Save for later"</a>
        </p>
    }
}

/// What the person has to do once they confirm, as the real service lists it.
fn next_steps(lpa: &Lpa) -> Vec<&'static str> {
    let payment = lpa.payment.as_ref();
    let reduction = payment.map(|p| p.reduction);
    use crate::lpa::model::FeeReduction::*;
    let exemption = matches!(reduction, Some(ReceivesBenefits | UniversalCredit));
    let remission = reduction == Some(LowIncome);
    let mut steps = vec!["Confirm all the details on this page are correct"];
    if !exemption {
        steps.push("Pay the application fee online by card, or choose to pay by cheque");
    }
    steps.push("Download and print the LPA, and get it signed and dated in the right order");
    if exemption || remission {
        steps.push("Download, print, sign and date the fee remissions and exemptions form");
    }
    if !lpa.document.people_to_notify().is_empty() {
        steps.push(
            "Download and print the people to notify form – give one to each person to notify",
        );
    }
    steps.push(if exemption {
        "Post the LPA to the Office of the Public Guardian, with the form and proof of the donor’s benefits"
    } else if remission {
        "Post the LPA to the Office of the Public Guardian, with the form and proof of the donor’s income"
    } else {
        "Post the LPA to the Office of the Public Guardian"
    });
    steps
}

#[component]
pub fn CheckoutPage() -> impl IntoView {
    view! {
        <LpaFrame render=|lpa, _| {
            let form = use_form_with(CheckoutForm { revision: lpa.revision.0.to_string(), ..Default::default() });
            let ready = may_check_out(&lpa);
            let id: LpaId = lpa.id;
            let fee = lpa.payment.as_ref().map(|payment| payment.fee());
            let steps = next_steps(&lpa);
            let has_provider = lpa.document.certificate_provider().is_some();
            let details = lpa.clone();
            view! {
                <Title text=form.title(HEADING)/>
                <div class="govuk-grid-row">
                    <div class="govuk-grid-column-two-thirds">
                        <FormErrorSummary form=form/>
                        <span class="govuk-caption-l">{format!("LPA {}", id.a_reference())}</span>
                        <h1 class="govuk-heading-l">{HEADING}</h1>
                        <p class="govuk-body">"Check all the details on this page are correct and everyone has agreed to be part of this lasting power of attorney before continuing."</p>
                        {has_provider.then(|| view! {
                            <Details summary="What do I need to do next?">
                                <ol class="govuk-list govuk-list--number">
                                    {steps.into_iter().map(|step| view! { <li>{step}</li> }).collect_view()}
                                </ol>
                                <p class="govuk-body">"If there are no problems with the LPA, we’ll register it and send it to the correspondent. If we cannot register the LPA, we’ll write to the correspondent to let them know."</p>
                            </Details>
                        })}
                        <LpaDetails lpa=details/>
                        {if ready {
                            view! {
                                <h2 class="govuk-heading-l">{if fee.is_some_and(Fee::nothing_to_pay_now) { "Confirm and finish" } else { "Confirm and pay" }}</h2>
                                <h3 class="govuk-heading-m">{fee_heading(fee)}</h3>
                                {(!fee.is_some_and(Fee::nothing_to_pay_now)).then(|| view! {
                                    <Details summary="Why are you asking me to pay now?">
                                        <p class="govuk-body">"The fee covers the cost of processing your application, not just registering the LPA."</p>
                                        <p class="govuk-body">"If you pay by card but do not send the LPA to us for registration within 42 days, we will automatically give you a refund. You can still post the LPA to us after you’ve been refunded – we’ll contact you and ask you to pay the fee again, or you can send a cheque with the LPA."</p>
                                        <p class="govuk-body">"If you do not want to pay by card, you can post a cheque with the LPA. The instructions you download with the LPA explain how."</p>
                                    </Details>
                                })}
                                <WarningText content="You will not be able to change anything in the LPA once you have confirmed it."/>
                                <ConfirmButtons form=form lpa=lpa.clone() retry=false/>
                                {save_for_later()}
                            }
                            .into_any()
                        } else {
                            let provider = paths::href(id, Page::Add(Step::CertificateProvider)).to_string();
                            view! {
                                <WarningText content="When you have chosen a certificate provider, you’ll be able to confirm the LPA."/>
                                <div class="govuk-button-group">
                                    <Button content="Add the certificate provider" href=Some(provider)/>
                                </div>
                                {save_for_later()}
                            }
                            .into_any()
                        }}
                    </div>
                </div>
            }
        }/>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_button_pressed_says_how() {
        let form = |method: &str| CheckoutForm {
            method: method.into(),
            revision: "7".into(),
        };
        assert_eq!(
            form("card").validate().unwrap(),
            (Method::Card, Revision(7))
        );
        assert_eq!(form("cheque").validate().unwrap().0, Method::Cheque);
        assert_eq!(form("finish").validate().unwrap().0, Method::Finish);
        assert!(form("").validate().is_err());
    }
}

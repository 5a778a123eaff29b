//! What GOV.UK Pay's return can lead to when nothing was paid: the payer cancelled
//! (`cancelled`, P0030) or the payment failed (`failed`). Both offer paying online again or by
//! cheque, posting the checkout's own form. (The return itself, `pay/response`, is answered by
//! the server: `server/src/http/lpa_checkout.rs`.)
use leptos::prelude::*;
use leptos_meta::Title;

use crate::form::{use_form_with, FormErrorSummary};
use crate::lpa::payment::Fee;
use crate::pages::lpa::checkout::{fee_heading, CheckoutForm, ConfirmButtons};
use crate::pages::lpa::frame::LpaFrame;

pub mod cancelled;
pub mod failed;

/// A page about a payment that did not go through: `heading`, then `explanation`, the amount, and
/// the buttons to try again or pay by cheque.
#[component]
fn PaymentProblem(heading: &'static str, explanation: &'static str) -> impl IntoView {
    view! {
        <LpaFrame render=move |lpa, _| {
            let form = use_form_with(CheckoutForm { revision: lpa.revision.0.to_string(), ..Default::default() });
            let fee: Option<Fee> = lpa.payment.as_ref().map(|payment| payment.fee());
            view! {
                <Title text=form.title(heading)/>
                <div class="govuk-grid-row">
                    <div class="govuk-grid-column-two-thirds">
                        <FormErrorSummary form=form/>
                        <h1 class="govuk-heading-l">{heading}</h1>
                        <p class="govuk-body">{explanation}</p>
                        <h2 class="govuk-heading-m">{fee_heading(fee)}</h2>
                        <ConfirmButtons form=form lpa=lpa retry=true/>
                    </div>
                </div>
            }
        }/>
    }
}

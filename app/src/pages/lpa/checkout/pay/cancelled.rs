//! `/lpa/{id}/checkout/pay/cancelled`: the payer cancelled at GOV.UK Pay (state code P0030).
use leptos::prelude::*;

use super::PaymentProblem;

#[component]
pub fn PaymentCancelledPage() -> impl IntoView {
    view! {
        <PaymentProblem
            heading="Online payment cancelled"
            explanation="You cancelled the online payment, so nothing has been paid. You can try paying online again, or pay by cheque."
        />
    }
}

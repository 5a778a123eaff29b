//! `/lpa/{id}/checkout/pay/failed`: GOV.UK Pay could not take the payment (declined, expired,
//! or an error).
use leptos::prelude::*;

use super::PaymentProblem;

#[component]
pub fn PaymentFailedPage() -> impl IntoView {
    view! {
        <PaymentProblem
            heading="Online payment failed"
            explanation="There was a problem with this payment, so nothing has been paid. You can try paying online again, or pay by cheque."
        />
    }
}

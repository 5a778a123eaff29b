//! `/transfer/consignment/{id}/transfer-complete` (C.2 step 9): "Transfer complete".
use leptos::prelude::*;
use leptos_meta::Title;

use crate::pages::transfer::frame::{ConsignmentFrame, ConsignmentSummary};
use crate::transfer::flow::Step;
use crate::transfer::paths;

pub const HEADING: &str = "Transfer complete";

#[component]
pub fn TransferComplete() -> impl IntoView {
    view! {
        <ConsignmentFrame
            step=Step::TransferComplete
            render=|summary| view! { <CompleteContent summary=summary/> }
        />
    }
}

#[component]
fn CompleteContent(summary: ConsignmentSummary) -> impl IntoView {
    view! {
        <Title text=HEADING/>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <div class="govuk-panel govuk-panel--confirmation">
                    <h1 class="govuk-panel__title">{HEADING}</h1>
                    <div class="govuk-panel__body">
                        "Your records have now been transferred to The National Archives."
                        <br/>
                        "Consignment reference: "
                        <strong data-testid="consignment-reference">{summary.reference}</strong>
                    </div>
                </div>
                <p class="govuk-body">"Do not delete the original files you uploaded until you have been notified."</p>
                <h2 class="govuk-heading-m">"What happens next"</h2>
                <p class="govuk-body">"We will contact you via email within 90 days."</p>
                <p class="govuk-body">
                    <a class="govuk-link" href=paths::HOMEPAGE.href().to_string()>"Return to homepage"</a>
                </p>
            </div>
        </div>
    }
}

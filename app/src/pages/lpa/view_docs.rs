//! `/lpa/{id}/view-docs`: a completed LPA's documents and what to do with them (reference §2.2,
//! "view-docs"). Every page of a locked LPA but its documents, status and date check comes here.
use leptos::prelude::*;
use leptos_meta::Title;

use crate::pages::lpa::complete::AfterCompletion;
use crate::pages::lpa::frame::LpaFrame;

const HEADING: &str = "View LPA documents";

#[component]
pub fn ViewDocsPage() -> impl IntoView {
    view! {
        <LpaFrame render=|lpa, _| view! {
            <Title text=HEADING/>
            <div class="govuk-grid-row">
                <div class="govuk-grid-column-two-thirds">
                    <h1 class="govuk-heading-l">{HEADING}</h1>
                    <p class="govuk-body">"This LPA has been confirmed, so it can no longer be changed."</p>
                    <AfterCompletion lpa=lpa/>
                </div>
            </div>
        }/>
    }
}

//! `/feedback-thanks`: after the satisfaction form, with a way back to the page it was opened
//! from (`?returnTarget=`, a path on this site only).
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::govuk::Panel;
use crate::performance::feedback::LocalPath;
use crate::site::paths as site_paths;

#[component]
pub fn FeedbackThanks() -> impl IntoView {
    let back = use_query_map()
        .with_untracked(|query| query.get("returnTarget"))
        .and_then(|target| LocalPath::parse(&target));
    let (href, text) = match back {
        Some(path) => (String::from(path), "Return to the page you were on"),
        None => (
            site_paths::LANDING.href().to_string(),
            "Go to the start page",
        ),
    };
    view! {
        <Title text="Thank you for your feedback"/>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <Panel title="Thank you for your feedback"/>
                <p class="govuk-body">"We read all feedback to help us improve the service."</p>
                <p class="govuk-body">
                    <a class="govuk-link" href=href>{text}</a>
                </p>
            </div>
        </div>
    }
}

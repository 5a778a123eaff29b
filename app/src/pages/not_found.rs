//! Any unknown URL: the GOV.UK "Page not found" pattern, with status 404.
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Page not found"/>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h1 class="govuk-heading-l">"Page not found"</h1>
                <p class="govuk-body">"If you typed the web address, check it is correct."</p>
                <p class="govuk-body">
                    "If you pasted the web address, check you copied the entire address."
                </p>
                <p class="govuk-body">
                    "You can go to the "
                    <a class="govuk-link" href="/">
                        "list of services"
                    </a>
                    "."
                </p>
            </div>
        </div>
    }
}

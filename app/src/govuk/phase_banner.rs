use leptos::prelude::*;

/// `govukPhaseBanner` with a tag ("Beta") and trusted children as its text.
///
/// ```ignore
/// view! { <PhaseBanner tag="Beta">"This is a new service."</PhaseBanner> }
/// ```
#[component]
pub fn PhaseBanner(#[prop(into)] tag: String, children: Children) -> impl IntoView {
    view! {
        <div class="govuk-phase-banner govuk-width-container">
            <p class="govuk-phase-banner__content">
                <strong class="govuk-tag govuk-phase-banner__content__tag">{tag}</strong>
                <span class="govuk-phase-banner__text">{children()}</span>
            </p>
        </div>
    }
}

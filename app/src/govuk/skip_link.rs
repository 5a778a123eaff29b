use leptos::prelude::*;

/// `govukSkipLink`: the first focusable element of every page.
///
/// ```ignore
/// view! { <SkipLink href="#main-content" text="Skip to main content"/> }
/// ```
#[component]
pub fn SkipLink(
    #[prop(default = "#content")] href: &'static str,
    #[prop(into)] text: String,
) -> impl IntoView {
    view! {
        <a href=href class="govuk-skip-link" data-module="govuk-skip-link">
            {text}
        </a>
    }
}

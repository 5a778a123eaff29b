use leptos::prelude::*;

use super::content::{classes as join_classes, Attributes, Content};

/// `govukSkipLink`: the first focusable element of every page.
///
/// ```ignore
/// view! { <SkipLink href="#main-content" content="Skip to main content"/> }
/// ```
#[component]
pub fn SkipLink(
    /// Where the link goes: the element holding the page's main content.
    #[prop(default = "#content".to_owned(), into)]
    href: String,
    #[prop(into)] content: Content,
    /// Extra classes after `govuk-skip-link`.
    #[prop(default = String::new(), into)]
    classes: String,
    #[prop(optional)] attributes: Attributes,
) -> impl IntoView {
    view! {
        <a
            href=href
            class=join_classes("govuk-skip-link", &classes)
            {..attributes.spread()}
            data-module="govuk-skip-link"
            inner_html=content.to_markup()
        ></a>
    }
}

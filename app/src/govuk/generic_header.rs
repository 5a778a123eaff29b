use leptos::prelude::*;

use super::content::{classes as join_classes, Attributes, Content};

/// `govukGenericHeader`: a header bar with a service's own logo (text or an image), for services
/// that are not on GOV.UK.
///
/// ```ignore
/// view! { <GenericHeader logo="HM Pizza Finder" url="/"/> }
/// ```
#[component]
pub fn GenericHeader(
    /// The logo: text, or trusted HTML such as an SVG.
    #[prop(into)]
    logo: Content,
    /// Where the logo links to.
    #[prop(default = "/".to_owned(), into)]
    url: String,
    /// Classes of the inner container; `govuk-width-container` when empty.
    #[prop(optional, into)]
    container_classes: String,
    #[prop(optional, into)] classes: String,
    #[prop(optional)] attributes: Attributes,
) -> impl IntoView {
    header_bar(
        "govuk-generic",
        view! { <a href=url class="govuk-generic-header__homepage-link" inner_html=logo.to_markup()></a> },
        &container_classes,
        &classes,
        attributes,
    )
}

/// The header's frame, shared with [`super::Header`] (the macro's private `_namespace` option):
/// `{namespace}-header` around a container around the logo link.
pub(super) fn header_bar(
    namespace: &str,
    link: impl IntoView + 'static,
    container_classes: &str,
    classes: &str,
    attributes: Attributes,
) -> impl IntoView {
    let container_classes = match container_classes.trim() {
        "" => "govuk-width-container",
        extra => extra,
    };
    view! {
        <div class=join_classes(&format!("{namespace}-header"), classes) {..attributes.spread()}>
            <div class=format!("{namespace}-header__container {container_classes}")>
                <div class=format!("{namespace}-header__logo")>{link}</div>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::govuk::conformance::render_to_string;

    #[test]
    fn logo_text_is_escaped_and_the_container_defaults_to_the_page_width() {
        let html = render_to_string(|| view! { <GenericHeader logo="<b>Pizza</b>"/> });
        assert!(html.contains("&lt;b&gt;Pizza&lt;/b&gt;"), "{html}");
        assert!(
            html.contains(r#"class="govuk-generic-header__container govuk-width-container""#),
            "{html}"
        );
        assert!(html.contains(r#"href="/""#), "{html}");
    }
}

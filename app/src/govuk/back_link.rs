use leptos::prelude::*;

use super::content::{classes as join_classes, Attributes, Content};

/// `govukBackLink`: a link back to the previous page, at the top of a page.
///
/// ```ignore
/// view! { <BackLink href="/previous-question"/> }
/// ```
#[component]
pub fn BackLink(
    #[prop(default = "#".to_owned(), into)] href: String,
    /// The link's text; "Back" when empty.
    #[prop(optional, into)]
    content: Content,
    /// Extra classes, such as `govuk-back-link--inverse`.
    #[prop(optional, into)]
    classes: String,
    #[prop(optional)] attributes: Attributes,
) -> impl IntoView {
    let content = if content.is_empty() {
        Content::from("Back")
    } else {
        content
    };
    view! {
        <a
            href=href
            class=join_classes("govuk-back-link", &classes)
            {..attributes.spread()}
            inner_html=content.to_markup()
        ></a>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::govuk::conformance::render_to_string;

    #[test]
    fn text_is_escaped_and_defaults_to_back() {
        let html = render_to_string(|| view! { <BackLink content="<b>Home</b>"/> });
        assert!(html.contains("&lt;b&gt;Home&lt;/b&gt;"), "{html}");
        let html = render_to_string(|| view! { <BackLink/> });
        assert!(html.contains(">Back</a>"), "{html}");
        assert!(html.contains(r##"href="#""##), "{html}");
    }
}

use leptos::prelude::*;

use super::content::{classes as join_classes, escape_html, Attributes, Content};

/// `govukWarningText`: a warning the user must not miss, beside an exclamation-mark icon.
///
/// ```ignore
/// view! { <WarningText content="You can be fined up to £5,000 if you do not register."/> }
/// ```
#[component]
pub fn WarningText(
    #[prop(into)] content: Content,
    /// Read by screen readers in place of the icon; `Warning` by default.
    #[prop(default = "Warning".to_owned(), into)]
    icon_fallback_text: String,
    #[prop(default = String::new(), into)] classes: String,
    #[prop(optional)] attributes: Attributes,
) -> impl IntoView {
    let icon_fallback_text = if icon_fallback_text.is_empty() {
        "Warning".to_owned()
    } else {
        icon_fallback_text
    };
    let markup = format!(
        r#"<span class="govuk-visually-hidden">{}</span> {}"#,
        escape_html(&icon_fallback_text),
        content.to_markup()
    );
    view! {
        <div class=join_classes("govuk-warning-text", &classes) {..attributes.spread()}>
            <span class="govuk-warning-text__icon" aria-hidden="true">"!"</span>
            <strong class="govuk-warning-text__text" inner_html=markup></strong>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::govuk::conformance::render_to_string;

    #[test]
    fn text_and_fallback_text_are_escaped() {
        let html = render_to_string(|| {
            view! { <WarningText content="<w>" icon_fallback_text="<i>"/> }
        });
        assert!(html.contains("&lt;w&gt;"), "{html}");
        assert!(html.contains("&lt;i&gt;"), "{html}");
    }
}

use leptos::prelude::*;

use super::content::{classes as join_classes, escape_html, Attributes, Content};

/// An error message as the composite components take it (`errorMessage` option).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorMessageOptions {
    pub content: Content,
    /// Read by screen readers before the message; `Error` by default, empty to leave it out.
    pub visually_hidden_text: String,
    pub classes: String,
    pub attributes: Attributes,
}

impl Default for ErrorMessageOptions {
    fn default() -> Self {
        ErrorMessageOptions {
            content: Content::default(),
            visually_hidden_text: "Error".to_owned(),
            classes: String::new(),
            attributes: Attributes::new(),
        }
    }
}

impl<T: Into<Content>> From<T> for ErrorMessageOptions {
    fn from(content: T) -> Self {
        ErrorMessageOptions {
            content: content.into(),
            ..Default::default()
        }
    }
}

/// `govukErrorMessage`: the inline message beside a field that failed validation.
///
/// ```ignore
/// view! { <ErrorMessage error="Enter your full name".into() id="name-error"/> }
/// ```
#[component]
pub fn ErrorMessage(
    error: ErrorMessageOptions,
    /// Referenced by the field's `aria-describedby`.
    #[prop(optional_no_strip)]
    id: Option<String>,
) -> impl IntoView {
    let ErrorMessageOptions {
        content,
        visually_hidden_text,
        classes,
        attributes,
    } = error;
    let markup = if visually_hidden_text.is_empty() {
        content.to_markup()
    } else {
        format!(
            r#"<span class="govuk-visually-hidden">{}:</span> {}"#,
            escape_html(&visually_hidden_text),
            content.to_markup()
        )
    };
    view! {
        <p
            id=id
            class=join_classes("govuk-error-message", &classes)
            {..attributes.spread()}
            inner_html=markup
        ></p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::govuk::conformance::render_to_string;

    #[test]
    fn message_and_hidden_prefix_are_escaped() {
        let error = ErrorMessageOptions {
            content: "Enter <x>".into(),
            visually_hidden_text: "<Error>".to_owned(),
            ..Default::default()
        };
        let html = render_to_string(move || view! { <ErrorMessage error=error/> });
        assert!(
            html.contains("&lt;Error&gt;:</span> Enter &lt;x&gt;"),
            "{html}"
        );
    }
}

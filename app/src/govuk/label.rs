use leptos::prelude::*;

use super::content::{classes as join_classes, Attributes, Content};

/// A label as the composite components take it (`label` option of `govukInput`, `govukSelect`, ...).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LabelOptions {
    pub content: Content,
    /// Extra classes, such as `govuk-label--l`.
    pub classes: String,
    /// Wraps the label in the page's `<h1>` (one question per page).
    pub is_page_heading: bool,
    pub attributes: Attributes,
}

impl<T: Into<Content>> From<T> for LabelOptions {
    fn from(content: T) -> Self {
        LabelOptions {
            content: content.into(),
            ..Default::default()
        }
    }
}

/// `govukLabel`: renders nothing when the content is empty, as the macro does.
///
/// ```ignore
/// view! { <Label label="Full name".into() for_id="full-name"/> }
/// ```
#[component]
pub fn Label(
    label: LabelOptions,
    /// The id of the field the label is for.
    #[prop(optional_no_strip)]
    for_id: Option<String>,
) -> impl IntoView {
    let LabelOptions {
        content,
        classes,
        is_page_heading,
        attributes,
    } = label;
    if content.is_empty() {
        return ().into_any();
    }
    let label = view! {
        <label
            class=join_classes("govuk-label", &classes)
            {..attributes.spread()}
            for=for_id
            inner_html=content.to_markup()
        ></label>
    };
    if is_page_heading {
        view! { <h1 class="govuk-label-wrapper">{label}</h1> }.into_any()
    } else {
        label.into_any()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::govuk::conformance::{normalise, render_to_string};

    #[test]
    fn text_is_escaped_and_empty_labels_render_nothing() {
        let html = render_to_string(|| view! { <Label label="<b>Name</b>".into()/> });
        assert!(html.contains("&lt;b&gt;Name&lt;/b&gt;"), "{html}");
        assert_eq!(
            normalise(&render_to_string(|| view! { <Label label="".into()/> })),
            ""
        );
    }
}

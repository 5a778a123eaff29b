//! `govukTextarea`: a multi-line text field with its label, hint and error message, inside a
//! `govuk-form-group`.
//!
//! ```ignore
//! view! {
//!     <Textarea
//!         name="more-detail"
//!         label="Can you provide more detail?"
//!         value=Some(form.more_detail.clone())
//!         error_message=Some("Enter more detail".into())
//!     />
//! }
//! ```
use leptos::prelude::*;

use super::content::{classes as join_classes, escape_html, Attributes, Content};
use super::form_group::SingleField;
use super::{ErrorMessageOptions, FormGroupOptions, HintOptions, LabelOptions};

/// `govukTextarea`, see the module documentation.
#[component]
pub fn Textarea(
    /// The field's name, and its id unless `id` is given.
    #[prop(into)]
    name: String,
    #[prop(into)] label: LabelOptions,
    #[prop(optional_no_strip)] id: Option<String>,
    /// Visible lines of text.
    #[prop(default = 5)]
    rows: u32,
    /// What the field shows: the submitted text when a page is shown again with errors.
    #[prop(optional_no_strip)]
    value: Option<String>,
    #[prop(optional_no_strip)] hint: Option<HintOptions>,
    /// Puts the field in its error state (red border, message above the field).
    #[prop(optional_no_strip)]
    error_message: Option<ErrorMessageOptions>,
    /// Ids of other elements describing the field, before the hint's and error message's.
    #[prop(optional_no_strip)]
    described_by: Option<String>,
    /// Extra classes on the `<textarea>`.
    #[prop(optional, into)]
    classes: String,
    #[prop(optional)] form_group: FormGroupOptions,
    /// Content in the form group before the field (the macro's `formGroup.beforeInput`).
    #[prop(optional_no_strip)]
    before_input: Option<Content>,
    /// Content in the form group after the field (the macro's `formGroup.afterInput`).
    #[prop(optional_no_strip)]
    after_input: Option<Content>,
    /// Our own components' additions after the textarea, before `after_input` (the password
    /// input's toggle button, the character count's message).
    #[prop(optional, into)]
    after_control: Option<ViewFnOnce>,
    /// `Some(true)` / `Some(false)` turn the browser's spellchecker on or off; `None` leaves the
    /// browser's default.
    #[prop(optional_no_strip)]
    spellcheck: Option<bool>,
    #[prop(optional_no_strip)] autocomplete: Option<String>,
    #[prop(optional)] disabled: bool,
    /// Extra attributes on the `<textarea>`.
    #[prop(optional)]
    attributes: Attributes,
) -> impl IntoView {
    let id = id
        .filter(|id| !id.is_empty())
        .unwrap_or_else(|| name.clone());
    let field = SingleField {
        id: id.clone(),
        label,
        described_by,
        hint,
        error_message,
        form_group,
        before_input,
        after_input,
    };
    let base = if field.error_message.is_some() {
        "govuk-textarea govuk-textarea--error"
    } else {
        "govuk-textarea"
    };
    // The value goes in as escaped markup rather than a text child: a textarea's content is raw
    // text, where the placeholder comments Leptos writes around text children would show.
    let textarea = view! {
        <textarea
            class=join_classes(base, &classes)
            id=id
            name=name
            rows=rows
            spellcheck=spellcheck.map(|on| on.to_string())
            disabled=disabled
            aria-describedby=field.described_by()
            autocomplete={autocomplete}
            {..attributes.spread()}
            inner_html=escape_html(value.as_deref().unwrap_or_default())
        ></textarea>
    };
    field.render(view! { {textarea} {after_control.map(ViewFnOnce::run)} }.into_any())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::govuk::conformance::{normalise, render_to_string};

    #[test]
    fn value_is_escaped_without_markers() {
        let html = render_to_string(|| {
            view! { <Textarea name="n" label="Label" value=Some("</textarea><b>".to_owned())/> }
        });
        assert!(
            html.contains(">&lt;/textarea&gt;&lt;b&gt;</textarea>"),
            "{html}"
        );
        let empty = render_to_string(|| view! { <Textarea name="n" label="Label"/> });
        assert!(empty.contains(r#"rows="5""#), "{empty}");
        assert!(empty.contains(r#""></textarea>"#), "{empty}");
    }

    #[test]
    fn text_after_the_field_is_escaped() {
        let html = render_to_string(|| {
            view! { <Textarea name="n" label="Label" after_input=Some("<b>".into())/> }
        });
        let html = normalise(&html);
        assert!(html.contains("</textarea>&lt;b&gt;</div>"), "{html}");
    }
}

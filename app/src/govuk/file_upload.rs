use leptos::prelude::*;

use super::content::{classes as join_classes, i18n_attributes, Attributes, Content, Translation};
use super::form_group::SingleField;
use super::{ErrorMessageOptions, FormGroupOptions, HintOptions, LabelOptions};

/// `govukFileUpload`: a file input; with `javascript` set, the script turns it into a drop zone
/// with its own button and status text (translatable with the `*_text` props).
///
/// ```ignore
/// view! {
///     <FileUpload
///         name="photo"
///         label="Upload your photo".into()
///         javascript=true
///         error_message=errors.get("photo").map(Into::into)
///     />
/// }
/// ```
#[component]
pub fn FileUpload(
    #[prop(into)] name: String,
    label: LabelOptions,
    /// The input's id, also the prefix of the hint and error ids; `name` by default.
    #[prop(optional_no_strip)]
    id: Option<String>,
    /// Lets the user choose several files.
    #[prop(optional)]
    multiple: bool,
    #[prop(optional)] disabled: bool,
    /// Ids of other elements describing the input, space-separated.
    #[prop(optional_no_strip)]
    described_by: Option<String>,
    #[prop(optional_no_strip)] hint: Option<HintOptions>,
    #[prop(optional_no_strip)] error_message: Option<ErrorMessageOptions>,
    #[prop(optional)] form_group: FormGroupOptions,
    /// Content between the label (hint, error) and the input (`formGroup.beforeInput`).
    #[prop(optional_no_strip)]
    before_input: Option<Content>,
    /// Content after the input (`formGroup.afterInput`).
    #[prop(optional_no_strip)]
    after_input: Option<Content>,
    /// Extra classes for the input.
    #[prop(optional, into)]
    classes: String,
    /// Extra attributes for the input, such as `accept`.
    #[prop(optional)]
    attributes: Attributes,
    /// Wraps the input for the script's drop-zone enhancement (`data-module="govuk-file-upload"`).
    #[prop(optional)]
    javascript: bool,
    /// Extra classes for the enhancement's wrapper.
    #[prop(optional, into)]
    wrapper_classes: String,
    #[prop(optional)] wrapper_attributes: Attributes,
    /// The enhanced button's text ("Choose file").
    #[prop(optional_no_strip)]
    choose_files_button_text: Option<String>,
    /// Status text before a file is chosen ("No file chosen").
    #[prop(optional_no_strip)]
    no_file_chosen_text: Option<String>,
    /// Status text after several files are chosen, by plural form (`%{count} files chosen`).
    #[prop(optional_no_strip)]
    multiple_files_chosen_text: Option<Translation>,
    /// Text beside the button ("or drop file").
    #[prop(optional_no_strip)]
    drop_instruction_text: Option<String>,
    /// Announced when a dragged file enters the drop zone.
    #[prop(optional_no_strip)]
    entered_drop_zone_text: Option<String>,
    /// Announced when a dragged file leaves the drop zone.
    #[prop(optional_no_strip)]
    left_drop_zone_text: Option<String>,
) -> impl IntoView {
    let id = id
        .filter(|id| !id.is_empty())
        .unwrap_or_else(|| name.clone());
    let field = SingleField {
        id,
        label,
        described_by,
        hint,
        error_message,
        form_group,
        before_input,
        after_input,
    };
    let mut class = join_classes("govuk-file-upload", &classes);
    if field.error_message.is_some() {
        class.push_str(" govuk-file-upload--error");
    }
    let described_by = field.described_by();
    let input = view! {
        <input
            class=class
            id=field.id.clone()
            name=name
            type="file"
            disabled=disabled
            multiple=multiple
            aria-describedby={described_by}
            {..attributes.spread()}
        />
    };
    let control = if javascript {
        let message = |m: Option<String>| m.filter(|m| !m.is_empty()).map(Translation::Message);
        let i18n = i18n_attributes(&[
            ("choose-files-button", &message(choose_files_button_text)),
            ("no-file-chosen", &message(no_file_chosen_text)),
            ("multiple-files-chosen", &multiple_files_chosen_text),
            ("drop-instruction", &message(drop_instruction_text)),
            ("entered-drop-zone", &message(entered_drop_zone_text)),
            ("left-drop-zone", &message(left_drop_zone_text)),
        ])
        .extend(&wrapper_attributes);
        view! {
            <div
                class=join_classes("govuk-file-upload-wrapper", &wrapper_classes)
                data-module="govuk-file-upload"
                {..i18n.spread()}
            >
                {input}
            </div>
        }
        .into_any()
    } else {
        input.into_any()
    };
    field.render(control)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::govuk::conformance::render_to_string;

    #[test]
    fn text_is_escaped_and_translations_need_the_enhancement() {
        let enhanced = |javascript: bool| {
            render_to_string(move || {
                view! {
                    <FileUpload
                        name="photo"
                        label="<Photo>".into()
                        javascript=javascript
                        choose_files_button_text=Some("Dewiswch \"ffeil\"".to_owned())
                    />
                }
            })
        };
        let html = enhanced(true);
        assert!(html.contains("&lt;Photo&gt;"), "{html}");
        assert!(
            html.contains(r#"data-i18n.choose-files-button="Dewiswch &quot;ffeil&quot;""#),
            "{html}"
        );
        let html = enhanced(false);
        assert!(!html.contains("data-i18n"), "{html}");
        assert!(!html.contains("govuk-file-upload-wrapper"), "{html}");
    }
}

use leptos::prelude::*;

use super::content::{Attributes, Content, TrustedHtml};
use super::radios::{choice_group, ChoiceEntry, ChoiceGroup, ChoiceInput, ChoiceKind};
use super::{ErrorMessageOptions, FieldsetOptions, FormGroupOptions, HintOptions};

/// One entry of a [`Checkboxes`] list: a checkbox, or a divider (such as "or") between them.
// Lists are short and built once per render: unboxed options keep them simple to write and match.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CheckboxesItem {
    Option(CheckboxesOption),
    /// Text shown between checkboxes, such as `or`.
    Divider(String),
}

impl CheckboxesItem {
    /// A checkbox with a value and its label.
    pub fn option(value: impl Into<String>, content: impl Into<Content>) -> Self {
        CheckboxesItem::Option(CheckboxesOption::new(value, content))
    }

    /// A "none of these" checkbox that unchecks the others when checked, and is unchecked by them.
    pub fn exclusive(value: impl Into<String>, content: impl Into<Content>) -> Self {
        CheckboxesItem::Option(CheckboxesOption {
            behaviour: Some(CheckboxesBehaviour::Exclusive),
            ..CheckboxesOption::new(value, content)
        })
    }

    /// A divider such as `or`.
    pub fn divider(text: impl Into<String>) -> Self {
        CheckboxesItem::Divider(text.into())
    }
}

impl From<CheckboxesOption> for CheckboxesItem {
    fn from(option: CheckboxesOption) -> Self {
        CheckboxesItem::Option(option)
    }
}

/// How a checkbox acts on the others of its group (the script's `data-behaviour`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckboxesBehaviour {
    /// Checking it unchecks every other box, and checking another unchecks it: "None of these".
    Exclusive,
}

impl CheckboxesBehaviour {
    fn as_str(self) -> &'static str {
        match self {
            CheckboxesBehaviour::Exclusive => "exclusive",
        }
    }
}

/// A checkbox of a [`Checkboxes`] group.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CheckboxesOption {
    /// What the form submits when this box is checked.
    pub value: String,
    /// The label.
    pub content: Content,
    /// The input's id; by default the group's id prefix, numbered from the second item on.
    pub id: Option<String>,
    /// The field name of this box, when it differs from the group's.
    pub name: Option<String>,
    /// A hint under the label.
    pub hint: Option<HintOptions>,
    /// Checks or unchecks this box whatever the group's `values` say; `None` follows `values`.
    pub checked: Option<bool>,
    /// Markup revealed under the box while it is checked, such as a follow-up question.
    pub conditional: Option<TrustedHtml>,
    pub behaviour: Option<CheckboxesBehaviour>,
    pub disabled: bool,
    /// Extra classes for the label.
    pub label_classes: String,
    pub label_attributes: Attributes,
    /// Extra attributes for the `<input>`.
    pub attributes: Attributes,
}

choice_option_builders!(CheckboxesOption, "box");

/// `govukCheckboxes`: a question answered by choosing any number of options.
///
/// ```ignore
/// view! {
///     <Checkboxes
///         name="waste"
///         fieldset=Some(FieldsetOptions { legend: Some("Which types of waste do you transport?".into()), ..Default::default() })
///         hint=Some("Select all that apply".into())
///         items=vec![
///             CheckboxesItem::option("animal", "Waste from animal carcasses"),
///             CheckboxesItem::option("mines", "Waste from mines or quarries"),
///             CheckboxesItem::divider("or"),
///             CheckboxesItem::exclusive("none", "None of these"),
///         ]
///         values=answers.waste.clone()
///         error_message=errors.get("waste").map(Into::into)
///     />
/// }
/// ```
#[component]
pub fn Checkboxes(
    /// The form field name of every box (unless a box sets its own).
    #[prop(into)]
    name: String,
    items: Vec<CheckboxesItem>,
    /// The current answers: the boxes with these values are checked.
    #[prop(optional)]
    values: Vec<String>,
    /// Prefix of the boxes' ids and of the hint and error ids; `name` by default.
    #[prop(optional_no_strip)]
    id_prefix: Option<String>,
    /// Groups the boxes under a legend.
    #[prop(optional_no_strip)]
    fieldset: Option<FieldsetOptions>,
    /// Ids of other elements describing the group: on the fieldset, or on every box without one.
    #[prop(optional_no_strip)]
    described_by: Option<String>,
    #[prop(optional_no_strip)] hint: Option<HintOptions>,
    #[prop(optional_no_strip)] error_message: Option<ErrorMessageOptions>,
    #[prop(optional)] form_group: FormGroupOptions,
    /// Content before the first box (the macro's `formGroup.beforeInputs`).
    #[prop(optional_no_strip)]
    before_inputs: Option<Content>,
    /// Content after the last box (the macro's `formGroup.afterInputs`).
    #[prop(optional_no_strip)]
    after_inputs: Option<Content>,
    /// Extra classes, such as `govuk-checkboxes--small`.
    #[prop(optional, into)]
    classes: String,
    #[prop(optional)] attributes: Attributes,
) -> impl IntoView {
    let entries = items
        .into_iter()
        .map(|item| match item {
            CheckboxesItem::Divider(text) => ChoiceEntry::Divider(text),
            CheckboxesItem::Option(option) => ChoiceEntry::Input(ChoiceInput {
                checked: option
                    .checked
                    .unwrap_or_else(|| values.contains(&option.value)),
                id: option.id,
                name: option
                    .name
                    .filter(|n| !n.is_empty())
                    .unwrap_or_else(|| name.clone()),
                value: option.value,
                content: option.content,
                disabled: option.disabled,
                conditional: option.conditional,
                behaviour: option.behaviour.map(CheckboxesBehaviour::as_str),
                hint: option.hint,
                label_classes: option.label_classes,
                label_attributes: option.label_attributes,
                attributes: option.attributes,
            }),
        })
        .collect();
    choice_group(ChoiceGroup {
        kind: ChoiceKind::Checkbox,
        id_prefix: id_prefix.filter(|p| !p.is_empty()).unwrap_or(name),
        described_by,
        fieldset,
        hint,
        error_message,
        form_group,
        before_inputs,
        after_inputs,
        classes,
        attributes,
        entries,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::govuk::conformance::render_to_string;

    #[test]
    fn text_is_escaped_and_values_check_their_boxes() {
        let html = render_to_string(|| {
            view! {
                <Checkboxes
                    name="waste"
                    items=vec![
                        CheckboxesItem::option("a", "<b>A</b>"),
                        CheckboxesItem::option("b", "B"),
                        CheckboxesItem::divider("<or>"),
                        CheckboxesItem::exclusive("none", "None"),
                    ]
                    values=vec!["a".to_owned(), "none".to_owned()]
                />
            }
        });
        assert!(html.contains("&lt;b&gt;A&lt;/b&gt;"), "{html}");
        assert!(html.contains("&lt;or&gt;"), "{html}");
        assert!(html.contains(r#"value="a" checked"#), "{html}");
        assert!(!html.contains(r#"value="b" checked"#), "{html}");
        assert!(
            html.contains(r#"value="none" checked data-behaviour="exclusive""#),
            "{html}"
        );
    }

    #[test]
    fn boxes_outside_a_fieldset_are_described_by_the_group_hint_and_error() {
        let html = render_to_string(|| {
            view! {
                <Checkboxes
                    name="terms"
                    items=vec![CheckboxesItem::option("yes", "I agree")]
                    hint=Some("Read them first".into())
                    error_message=Some("Agree to the terms".into())
                />
            }
        });
        assert!(
            html.contains(r#"aria-describedby="terms-hint terms-error""#),
            "{html}"
        );
    }
}

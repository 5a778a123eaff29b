use leptos::prelude::*;

use super::content::{classes as join_classes, Attributes, Content, TrustedHtml};
use super::form_group::add_id;
use super::{
    ErrorMessage, ErrorMessageOptions, Fieldset, FieldsetOptions, FormGroup, FormGroupOptions,
    Hint, HintOptions, Label, LabelOptions,
};

/// One entry of a [`Radios`] list: a radio button, or a divider (such as "or") between them.
// Lists are short and built once per render: unboxed options keep them simple to write and match.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RadiosItem {
    Option(RadiosOption),
    /// Text shown between radios, such as `or`.
    Divider(String),
}

impl RadiosItem {
    /// A radio with a value and its label.
    pub fn option(value: impl Into<String>, content: impl Into<Content>) -> Self {
        RadiosItem::Option(RadiosOption::new(value, content))
    }

    /// A divider such as `or`.
    pub fn divider(text: impl Into<String>) -> Self {
        RadiosItem::Divider(text.into())
    }
}

impl From<RadiosOption> for RadiosItem {
    fn from(option: RadiosOption) -> Self {
        RadiosItem::Option(option)
    }
}

/// A radio button of a [`Radios`] group.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RadiosOption {
    /// What the form submits when this radio is chosen.
    pub value: String,
    /// The label.
    pub content: Content,
    /// The input's id; by default the group's id prefix, numbered from the second item on.
    pub id: Option<String>,
    /// A hint under the label.
    pub hint: Option<HintOptions>,
    /// Checks or unchecks this radio whatever the group's `value` says; `None` follows `value`.
    pub checked: Option<bool>,
    /// Markup revealed under the radio while it is checked, such as a follow-up question.
    pub conditional: Option<TrustedHtml>,
    pub disabled: bool,
    /// Extra classes for the label.
    pub label_classes: String,
    pub label_attributes: Attributes,
    /// Extra attributes for the `<input>`.
    pub attributes: Attributes,
}

choice_option_builders!(RadiosOption, "radio");

/// `govukRadios`: a question answered by choosing one of several options.
///
/// ```ignore
/// view! {
///     <Radios
///         name="contact"
///         fieldset=Some(FieldsetOptions { legend: Some("How should we contact you?".into()), ..Default::default() })
///         items=vec![
///             RadiosItem::option("email", "Email"),
///             RadiosItem::option("phone", "Phone"),
///             RadiosItem::divider("or"),
///             RadiosItem::option("none", "Do not contact me"),
///         ]
///         value=answers.contact.clone()
///         error_message=errors.get("contact").map(Into::into)
///     />
/// }
/// ```
#[component]
pub fn Radios(
    /// The form field name, shared by every radio.
    #[prop(into)]
    name: String,
    items: Vec<RadiosItem>,
    /// The current answer: the radio with this value is checked.
    #[prop(optional_no_strip)]
    value: Option<String>,
    /// Prefix of the radios' ids and of the hint and error ids; `name` by default.
    #[prop(optional_no_strip)]
    id_prefix: Option<String>,
    /// Groups the radios under a legend; without it, nothing refers to the hint or error.
    #[prop(optional_no_strip)]
    fieldset: Option<FieldsetOptions>,
    /// Ids of other elements describing the fieldset (the macro's `fieldset.describedBy`).
    #[prop(optional_no_strip)]
    described_by: Option<String>,
    #[prop(optional_no_strip)] hint: Option<HintOptions>,
    #[prop(optional_no_strip)] error_message: Option<ErrorMessageOptions>,
    #[prop(optional)] form_group: FormGroupOptions,
    /// Content before the first radio (the macro's `formGroup.beforeInputs`).
    #[prop(optional_no_strip)]
    before_inputs: Option<Content>,
    /// Content after the last radio (the macro's `formGroup.afterInputs`).
    #[prop(optional_no_strip)]
    after_inputs: Option<Content>,
    /// Extra classes, such as `govuk-radios--inline` or `govuk-radios--small`.
    #[prop(optional, into)]
    classes: String,
    #[prop(optional)] attributes: Attributes,
) -> impl IntoView {
    // As in the macro, an empty current value checks nothing.
    let value = value.filter(|v| !v.is_empty());
    let entries = items
        .into_iter()
        .map(|item| match item {
            RadiosItem::Divider(text) => ChoiceEntry::Divider(text),
            RadiosItem::Option(option) => ChoiceEntry::Input(ChoiceInput {
                checked: option
                    .checked
                    .unwrap_or_else(|| value.as_deref() == Some(option.value.as_str())),
                id: option.id,
                name: name.clone(),
                value: option.value,
                content: option.content,
                disabled: option.disabled,
                conditional: option.conditional,
                behaviour: None,
                hint: option.hint,
                label_classes: option.label_classes,
                label_attributes: option.label_attributes,
                attributes: option.attributes,
            }),
        })
        .collect();
    choice_group(ChoiceGroup {
        kind: ChoiceKind::Radio,
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

// What radios and checkboxes share: the macros differ only in class names, the input type, a
// checkbox's own name and behaviour, and how checkboxes outside a fieldset are described.

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum ChoiceKind {
    Radio,
    Checkbox,
}

impl ChoiceKind {
    fn block(self) -> &'static str {
        match self {
            ChoiceKind::Radio => "govuk-radios",
            ChoiceKind::Checkbox => "govuk-checkboxes",
        }
    }

    fn input_type(self) -> &'static str {
        match self {
            ChoiceKind::Radio => "radio",
            ChoiceKind::Checkbox => "checkbox",
        }
    }
}

/// A radio or checkbox once the component has settled its name and whether it is checked.
pub(super) struct ChoiceInput {
    pub id: Option<String>,
    pub name: String,
    pub value: String,
    pub content: Content,
    pub checked: bool,
    pub disabled: bool,
    pub conditional: Option<TrustedHtml>,
    /// `data-behaviour`, such as `exclusive`.
    pub behaviour: Option<&'static str>,
    pub hint: Option<HintOptions>,
    pub label_classes: String,
    pub label_attributes: Attributes,
    pub attributes: Attributes,
}

#[allow(clippy::large_enum_variant)] // short lists, built once per render
pub(super) enum ChoiceEntry {
    Input(ChoiceInput),
    Divider(String),
}

pub(super) struct ChoiceGroup {
    pub kind: ChoiceKind,
    pub id_prefix: String,
    pub described_by: Option<String>,
    pub fieldset: Option<FieldsetOptions>,
    pub hint: Option<HintOptions>,
    pub error_message: Option<ErrorMessageOptions>,
    pub form_group: FormGroupOptions,
    pub before_inputs: Option<Content>,
    pub after_inputs: Option<Content>,
    pub classes: String,
    pub attributes: Attributes,
    pub entries: Vec<ChoiceEntry>,
}

/// The form group, optional fieldset, hint, error message and inputs of a radios or checkboxes
/// component.
pub(super) fn choice_group(group: ChoiceGroup) -> AnyView {
    let ChoiceGroup {
        kind,
        id_prefix,
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
    } = group;
    let block = kind.block();
    let mut described_by = described_by.unwrap_or_default();
    let hint = hint.map(|hint| {
        let id = format!("{id_prefix}-hint");
        add_id(&mut described_by, &id);
        view! { <Hint hint=hint id=Some(id)/> }
    });
    let has_error = error_message.is_some();
    let error = error_message.map(|error| {
        let id = format!("{id_prefix}-error");
        add_id(&mut described_by, &id);
        view! { <ErrorMessage error=error id=Some(id)/> }
    });
    // Outside a fieldset nothing else carries the group's hint and error, so each checkbox does
    // (the radios macro leaves them unreferenced).
    let inputs_described_by =
        (kind == ChoiceKind::Checkbox && fieldset.is_none()).then(|| described_by.clone());
    let entries: Vec<AnyView> = entries
        .into_iter()
        .enumerate()
        .map(|(index, entry)| match entry {
            ChoiceEntry::Divider(text) => {
                view! { <div class=format!("{block}__divider")>{text}</div> }.into_any()
            }
            ChoiceEntry::Input(input) => choice_input(
                kind,
                input,
                index + 1,
                &id_prefix,
                inputs_described_by.as_deref(),
            ),
        })
        .collect();

    let class = join_classes(block, &classes);
    let container = view! {
        <div class={class} {..attributes.spread()} data-module=block>
            {before_inputs.filter(|c| !c.is_empty()).map(Content::into_view)}
            {entries}
            {after_inputs.filter(|c| !c.is_empty()).map(Content::into_view)}
        </div>
    };

    let described_by = Some(described_by).filter(|d| !d.is_empty());
    let content = match fieldset {
        Some(fieldset) => view! {
            <Fieldset fieldset=fieldset described_by=described_by>
                {hint}
                {error}
                {container}
            </Fieldset>
        }
        .into_any(),
        None => view! {
            {hint}
            {error}
            {container}
        }
        .into_any(),
    };
    view! { <FormGroup form_group=form_group has_error=has_error>{content}</FormGroup> }.into_any()
}

fn choice_input(
    kind: ChoiceKind,
    input: ChoiceInput,
    index: usize,
    id_prefix: &str,
    group_described_by: Option<&str>,
) -> AnyView {
    let block = kind.block();
    let ChoiceInput {
        id,
        name,
        value,
        content,
        checked,
        disabled,
        conditional,
        behaviour,
        hint,
        label_classes,
        label_attributes,
        attributes,
    } = input;
    // The first id has no number so that an error summary can link to it.
    let id = id.filter(|id| !id.is_empty()).unwrap_or_else(|| {
        if index > 1 {
            format!("{id_prefix}-{index}")
        } else {
            id_prefix.to_owned()
        }
    });
    let conditional = conditional
        .map(Content::Html)
        .filter(|c| !c.is_empty())
        .map(|c| (format!("conditional-{id}"), c.to_markup()));
    let hint = hint.filter(|h| !h.content.is_empty());
    let hint_id = format!("{id}-item-hint");
    let mut described_by = group_described_by.unwrap_or_default().to_owned();
    if hint.is_some() {
        add_id(&mut described_by, &hint_id);
    }
    let described_by = Some(described_by).filter(|d| !d.is_empty());
    let label = LabelOptions {
        content,
        classes: join_classes(&format!("{block}__label"), &label_classes),
        is_page_heading: false,
        attributes: label_attributes,
    };
    let hint = hint.map(|hint| {
        let hint = HintOptions {
            classes: join_classes(&format!("{block}__hint"), &hint.classes),
            ..hint
        };
        view! { <Hint hint=hint id=Some(hint_id)/> }
    });
    let controls = conditional.as_ref().map(|(id, _)| id.clone());
    let conditional = conditional.map(|(id, markup)| {
        let class = if checked {
            format!("{block}__conditional")
        } else {
            format!("{block}__conditional {block}__conditional--hidden")
        };
        view! { <div class=class id=id inner_html=markup></div> }
    });
    view! {
        <div class=format!("{block}__item")>
            <input
                class=format!("{block}__input")
                id=id.clone()
                name=name
                type=kind.input_type()
                value=value
                checked=checked
                disabled=disabled
                data-aria-controls=controls
                data-behaviour=behaviour
                aria-describedby={described_by}
                {..attributes.spread()}
            />
            <Label label=label for_id=Some(id)/>
            {hint}
        </div>
        {conditional}
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::govuk::conformance::render_to_string;

    #[test]
    fn text_is_escaped_and_value_checks_its_radio() {
        let html = render_to_string(|| {
            view! {
                <Radios
                    name="answer"
                    items=vec![
                        RadiosItem::option("a", "<b>A</b>"),
                        RadiosItem::divider("<or>"),
                        RadiosOption::new("b", "B").with_hint("<i>hint</i>").into(),
                    ]
                    value=Some("b".to_owned())
                    error_message=Some("<Choose>".into())
                />
            }
        });
        assert!(html.contains("&lt;b&gt;A&lt;/b&gt;"), "{html}");
        assert!(html.contains("&lt;or&gt;"), "{html}");
        assert!(html.contains("&lt;i&gt;hint&lt;/i&gt;"), "{html}");
        assert!(html.contains("&lt;Choose&gt;"), "{html}");
        assert!(!html.contains("<b>") && !html.contains("<i>"), "{html}");
        let checked: Vec<_> = html.match_indices("checked").collect();
        assert_eq!(checked.len(), 1, "{html}");
        assert!(html.contains(r#"value="b" checked"#), "{html}");
    }

    #[test]
    fn plain_text_before_inputs_is_escaped() {
        let html = render_to_string(|| {
            view! {
                <Radios
                    name="answer"
                    items=vec![RadiosItem::option("a", "A")]
                    before_inputs=Some("<x>".into())
                    after_inputs=Some(TrustedHtml::from_trusted("<p>after</p>").into())
                />
            }
        });
        assert!(html.contains("&lt;x&gt;"), "{html}");
        assert!(html.contains("<p>after</p>"), "{html}");
    }
}

use leptos::prelude::*;

use super::content::{classes as join_classes, Attributes, Content};
use super::form_group::SingleField;
use super::{ErrorMessageOptions, FormGroupOptions, HintOptions, LabelOptions};

/// An `<option>` of a [`Select`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SelectItem {
    /// What the form submits; without it the browser submits the text.
    pub value: Option<String>,
    pub text: String,
    /// Selects or deselects this option whatever the select's `value` says; `None` follows
    /// `value`.
    pub selected: Option<bool>,
    pub disabled: bool,
    pub attributes: Attributes,
}

impl SelectItem {
    /// An option submitting `value`, showing `text`.
    pub fn new(value: impl Into<String>, text: impl Into<String>) -> Self {
        SelectItem {
            value: Some(value.into()),
            text: text.into(),
            ..Default::default()
        }
    }
}

/// `govukSelect`: a drop-down list, for when radios would be too many.
///
/// ```ignore
/// view! {
///     <Select
///         name="sort"
///         label="Sort by".into()
///         items=vec![SelectItem::new("published", "Recently published"), SelectItem::new("updated", "Recently updated")]
///         value=answers.sort.clone()
///         error_message=errors.get("sort").map(Into::into)
///     />
/// }
/// ```
#[component]
pub fn Select(
    #[prop(into)] name: String,
    label: LabelOptions,
    #[prop(optional)] items: Vec<SelectItem>,
    /// The select's id, also the prefix of the hint and error ids; `name` by default.
    #[prop(optional_no_strip)]
    id: Option<String>,
    /// The current answer: the option with this value (or, without a value, this text) is
    /// selected.
    #[prop(optional_no_strip)]
    value: Option<String>,
    #[prop(optional)] disabled: bool,
    /// Ids of other elements describing the select, space-separated.
    #[prop(optional_no_strip)]
    described_by: Option<String>,
    #[prop(optional_no_strip)] hint: Option<HintOptions>,
    #[prop(optional_no_strip)] error_message: Option<ErrorMessageOptions>,
    #[prop(optional)] form_group: FormGroupOptions,
    /// Content between the label (hint, error) and the select (`formGroup.beforeInput`).
    #[prop(optional_no_strip)]
    before_input: Option<Content>,
    /// Content after the select (`formGroup.afterInput`).
    #[prop(optional_no_strip)]
    after_input: Option<Content>,
    /// Extra classes, such as `govuk-!-width-full`.
    #[prop(optional, into)]
    classes: String,
    #[prop(optional)] attributes: Attributes,
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
    let mut class = join_classes("govuk-select", &classes);
    if field.error_message.is_some() {
        class.push_str(" govuk-select--error");
    }
    // As in the macro, an empty current value selects nothing.
    let value = value.filter(|v| !v.is_empty());
    let options = items
        .into_iter()
        .map(|item| {
            let SelectItem {
                value: item_value,
                text,
                selected,
                disabled,
                attributes,
            } = item;
            let selected = selected.unwrap_or_else(|| {
                value.as_deref() == Some(item_value.as_deref().unwrap_or(&text))
            });
            view! {
                <option value=item_value selected=selected disabled={disabled} {..attributes.spread()}>
                    {text}
                </option>
            }
        })
        .collect::<Vec<_>>();
    let described_by = field.described_by();
    let id = field.id.clone();
    let control = view! {
        <select
            class=class
            id=id
            name=name
            disabled=disabled
            aria-describedby={described_by}
            {..attributes.spread()}
        >
            {options}
        </select>
    }
    .into_any();
    field.render(control)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::govuk::conformance::render_to_string;
    use crate::govuk::TrustedHtml;

    #[test]
    fn text_is_escaped_and_value_selects_by_value_or_text() {
        let html = render_to_string(|| {
            view! {
                <Select
                    name="colour"
                    label="<Colour>".into()
                    items=vec![
                        SelectItem::new("r", "<Red>"),
                        SelectItem { text: "Green".to_owned(), ..Default::default() },
                    ]
                    value=Some("Green".to_owned())
                />
            }
        });
        assert!(html.contains("&lt;Colour&gt;"), "{html}");
        assert!(html.contains("&lt;Red&gt;"), "{html}");
        assert!(html.contains("<option selected>Green</option>"), "{html}");
        assert!(!html.contains(r#"value="r" selected"#), "{html}");
    }

    #[test]
    fn before_and_after_input_surround_the_select() {
        let html = render_to_string(|| {
            view! {
                <Select
                    name="colour"
                    label="Colour".into()
                    before_input=Some("<before>".into())
                    after_input=Some(TrustedHtml::from_trusted("<p>after</p>").into())
                />
            }
        });
        let before = html.find("&lt;before&gt;").expect(&html);
        let select = html.find("<select").expect(&html);
        let after = html.find("<p>after</p>").expect(&html);
        assert!(before < select && select < after, "{html}");
    }
}

use leptos::prelude::*;

use super::content::{classes as join_classes, Attributes, Content};
use super::radios::{add_id, plain_text};
use super::{
    ErrorMessage, ErrorMessageOptions, FormGroup, FormGroupOptions, Hint, HintOptions, Label,
    LabelOptions,
};

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

/// What a single-control field (select, file upload) draws around its control: the form group,
/// label, hint, error message and `formGroup` extras, as `govukSelect` and `govukFileUpload` do.
pub(super) struct SingleField {
    /// The control's id, also the prefix of the hint and error ids.
    pub id: String,
    pub label: LabelOptions,
    pub described_by: Option<String>,
    pub hint: Option<HintOptions>,
    pub error_message: Option<ErrorMessageOptions>,
    pub form_group: FormGroupOptions,
    pub before_input: Option<Content>,
    pub after_input: Option<Content>,
}

impl SingleField {
    fn hint_id(&self) -> String {
        format!("{}-hint", self.id)
    }

    fn error_id(&self) -> String {
        format!("{}-error", self.id)
    }

    /// The control's `aria-describedby`: the caller's ids, then the hint's and the error's.
    pub fn described_by(&self) -> Option<String> {
        let mut ids = self.described_by.clone().unwrap_or_default();
        if self.hint.is_some() {
            add_id(&mut ids, &self.hint_id());
        }
        if self.error_message.is_some() {
            add_id(&mut ids, &self.error_id());
        }
        Some(ids).filter(|ids| !ids.is_empty())
    }

    pub fn render(self, control: AnyView) -> AnyView {
        let hint_id = self.hint_id();
        let error_id = self.error_id();
        let SingleField {
            id,
            label,
            described_by: _,
            hint,
            error_message,
            form_group,
            before_input,
            after_input,
        } = self;
        let has_error = error_message.is_some();
        let label = view! { <Label label=label for_id=Some(id)/> };
        let hint = hint.map(|hint| view! { <Hint hint=hint id=Some(hint_id)/> });
        let error =
            error_message.map(|error| view! { <ErrorMessage error=error id=Some(error_id)/> });
        let raw = |c: &Option<Content>| matches!(c, Some(Content::Html(_)));
        if raw(&before_input) || raw(&after_input) {
            // Trusted HTML has no element of its own: the form group's whole content goes in as
            // inner HTML.
            // Caveat: `to_html` of views needs tachys' `ssr` feature, so this path (HTML before or
            // after the inputs) panics if it runs in the browser build.
            let markup = [
                label.to_html(),
                hint.map(|h| h.to_html()).unwrap_or_default(),
                error.map(|e| e.to_html()).unwrap_or_default(),
                before_input.map(|c| c.to_markup()).unwrap_or_default(),
                control.to_html(),
                after_input.map(|c| c.to_markup()).unwrap_or_default(),
            ]
            .concat();
            let base = if has_error {
                "govuk-form-group govuk-form-group--error"
            } else {
                "govuk-form-group"
            };
            view! {
                <div
                    class=join_classes(base, &form_group.classes)
                    {..form_group.attributes.spread()}
                    inner_html=markup
                ></div>
            }
            .into_any()
        } else {
            let before = before_input.and_then(plain_text);
            let after = after_input.and_then(plain_text);
            view! {
                <FormGroup form_group=form_group has_error=has_error>
                    {label}
                    {hint}
                    {error}
                    {before}
                    {control}
                    {after}
                </FormGroup>
            }
            .into_any()
        }
    }
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

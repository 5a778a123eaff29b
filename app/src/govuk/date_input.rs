//! `govukDateInput`: day, month and year fields (or the ones given) side by side, usually in a
//! fieldset whose legend asks the question.
//!
//! ```ignore
//! view! {
//!     <DateInput
//!         id="dob"
//!         name_prefix=Some("dob".into())
//!         fieldset=Some(FieldsetOptions {
//!             legend: Some("What is your date of birth?".into()),
//!             ..Default::default()
//!         })
//!         hint=Some("For example, 27 3 2007".into())
//!         error_message=Some("Date of birth must include a year".into())
//!         items=vec![
//!             DateInputItem { value: Some(day), ..DateInputItem::day() },
//!             DateInputItem { value: Some(month), ..DateInputItem::month() },
//!             DateInputItem { value: Some(year), error: Some(true), ..DateInputItem::year() },
//!         ]
//!     />
//! }
//! ```
use leptos::prelude::*;

use super::content::{classes as join_classes, Attributes, Content};
use super::form_group::add_id;
use super::{ErrorMessage, ErrorMessageOptions, Fieldset, FieldsetOptions, FormGroup};
use super::{FormGroupOptions, Hint, HintOptions, Input, InputMode, InputType, LabelOptions};

/// One field of a date input (`items` option).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DateInputItem {
    /// The field's id; the date input's id and the name, joined by `-`, by default.
    pub id: Option<String>,
    /// The field's name, after the date input's `name_prefix`. An item named `year` is drawn
    /// wider than the others.
    pub name: String,
    /// The label's text; the name, capitalised, by default.
    pub label: Option<String>,
    pub value: Option<String>,
    /// `Some(true)`: this field is in error. `None`: in error when the date input has an error
    /// message and no item is marked in error (the whole date is wrong). `Some(false)`: never.
    /// A `govuk-input--error` class in `classes` also marks the item in error.
    pub error: Option<bool>,
    /// Extra classes on the field, such as `govuk-input--width-4`.
    pub classes: String,
    /// `Numeric` by default.
    pub inputmode: Option<InputMode>,
    pub autocomplete: Option<String>,
    pub pattern: Option<String>,
    pub attributes: Attributes,
}

impl DateInputItem {
    /// The day field, as the macro draws it when no items are given.
    pub fn day() -> Self {
        Self::named("day", "govuk-input--width-2")
    }

    /// The month field, as the macro draws it when no items are given.
    pub fn month() -> Self {
        Self::named("month", "govuk-input--width-2")
    }

    /// The year field, as the macro draws it when no items are given (wider, also when renamed).
    pub fn year() -> Self {
        Self::named("year", "govuk-input--width-4")
    }

    fn named(name: &str, classes: &str) -> Self {
        DateInputItem {
            name: name.to_owned(),
            classes: classes.to_owned(),
            ..Default::default()
        }
    }

    fn has_error_class(&self) -> bool {
        self.classes.contains("govuk-input--error")
    }
}

/// `govukDateInput`, see the module documentation.
#[component]
pub fn DateInput(
    /// The id of the `govuk-date-input` element, and the start of its fields' ids.
    #[prop(into)]
    id: String,
    /// Put before each field's name, with a `-`: `dob` names the fields `dob-day`, ...
    #[prop(optional_no_strip)]
    name_prefix: Option<String>,
    /// The fields; day, month and year when empty.
    #[prop(optional)]
    items: Vec<DateInputItem>,
    /// The fieldset around the fields (with role `group`); none when `None`.
    #[prop(optional_no_strip)]
    fieldset: Option<FieldsetOptions>,
    /// Ids of other elements describing the fieldset, before the hint's and error message's (the
    /// macro's `fieldset.describedBy`).
    #[prop(optional_no_strip)]
    described_by: Option<String>,
    #[prop(optional_no_strip)] hint: Option<HintOptions>,
    /// Puts the date input in its error state; see [`DateInputItem::error`] for which fields.
    #[prop(optional_no_strip)]
    error_message: Option<ErrorMessageOptions>,
    /// Extra classes on the `govuk-date-input` element.
    #[prop(optional, into)]
    classes: String,
    #[prop(optional)] form_group: FormGroupOptions,
    /// Content before the fields (the macro's `formGroup.beforeInputs`).
    #[prop(optional_no_strip)]
    before_inputs: Option<Content>,
    /// Content after the fields (the macro's `formGroup.afterInputs`).
    #[prop(optional_no_strip)]
    after_inputs: Option<Content>,
    /// Extra attributes on the `govuk-date-input` element.
    #[prop(optional)]
    attributes: Attributes,
) -> impl IntoView {
    let has_error = error_message.is_some();
    let mut described_by = described_by.unwrap_or_default();
    let hint = hint.map(|hint| {
        let hint_id = format!("{id}-hint");
        add_id(&mut described_by, &hint_id);
        view! { <Hint hint=hint id=Some(hint_id)/> }
    });
    let error = error_message.map(|error| {
        let error_id = format!("{id}-error");
        add_id(&mut described_by, &error_id);
        view! { <ErrorMessage error=error id=Some(error_id)/> }
    });

    let items = if items.is_empty() {
        vec![
            DateInputItem::day(),
            DateInputItem::month(),
            DateInputItem::year(),
        ]
    } else {
        items
    };
    let any_item_has_error = items
        .iter()
        .any(|item| item.error == Some(true) || item.has_error_class());
    let name_prefix = name_prefix
        .filter(|p| !p.is_empty())
        .map(|p| format!("{p}-"))
        .unwrap_or_default();
    let fields = items
        .into_iter()
        .map(|item| {
            let in_error = !item.has_error_class()
                && (item.error == Some(true)
                    || (item.error.is_none() && has_error && !any_item_has_error));
            item_view(item, &id, &name_prefix, in_error)
        })
        .collect::<Vec<_>>();

    let class = join_classes("govuk-date-input", &classes);
    let before_inputs = before_inputs.filter(|c| !c.is_empty());
    let after_inputs = after_inputs.filter(|c| !c.is_empty());
    let date_input = view! {
        <div class={class} {..attributes.spread()} id=id.clone()>
            {before_inputs.map(Content::into_view)}
            {fields}
            {after_inputs.map(Content::into_view)}
        </div>
    };

    let content = match fieldset {
        Some(fieldset) => {
            // Role `group` makes JAWS announce the fieldset's description for text fields.
            let fieldset = FieldsetOptions {
                role: Some("group".to_owned()),
                ..fieldset
            };
            view! {
                <Fieldset fieldset=fieldset described_by=Some(described_by).filter(|d| !d.is_empty())>
                    {hint}
                    {error}
                    {date_input}
                </Fieldset>
            }
            .into_any()
        }
        None => view! { {hint} {error} {date_input} }.into_any(),
    };
    view! {
        <FormGroup form_group=form_group has_error=has_error>
            {content}
        </FormGroup>
    }
}

fn item_view(item: DateInputItem, id: &str, name_prefix: &str, in_error: bool) -> AnyView {
    let DateInputItem {
        id: item_id,
        name,
        label,
        value,
        error: _,
        classes,
        inputmode,
        autocomplete,
        pattern,
        attributes,
    } = item;
    let mut field_classes = vec!["govuk-date-input__input"];
    if in_error {
        field_classes.push("govuk-input--error");
    }
    if !classes.contains("govuk-input--width-") {
        field_classes.push(if name == "year" {
            "govuk-input--width-4"
        } else {
            "govuk-input--width-2"
        });
    }
    let field_classes = join_classes(&field_classes.join(" "), &classes);
    let label = LabelOptions {
        content: label
            .filter(|l| !l.is_empty())
            .unwrap_or_else(|| capitalize(&name))
            .into(),
        classes: "govuk-date-input__label".to_owned(),
        ..Default::default()
    };
    let item_id = item_id
        .filter(|i| !i.is_empty())
        .unwrap_or_else(|| format!("{id}-{name}"));
    view! {
        <div class="govuk-date-input__item">
            <Input
                name=format!("{name_prefix}{name}")
                label=label
                id=Some(item_id)
                classes=field_classes
                value=value
                input_type=InputType::Text
                inputmode=Some(inputmode.unwrap_or(InputMode::Numeric))
                autocomplete=autocomplete
                pattern=pattern
                attributes=attributes
            />
        </div>
    }
    .into_any()
}

/// The first letter upper case and the rest lower case, as Nunjucks' `capitalize`.
fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first
            .to_uppercase()
            .chain(chars.as_str().to_lowercase().chars())
            .collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::govuk::conformance::render_to_string;

    #[test]
    fn values_and_labels_are_escaped() {
        let html = render_to_string(|| {
            view! {
                <DateInput
                    id="d"
                    items=vec![DateInputItem {
                        label: Some("<b>Day</b>".to_owned()),
                        value: Some("\"><x>".to_owned()),
                        ..DateInputItem::day()
                    }]
                />
            }
        });
        assert!(html.contains("&lt;b&gt;Day&lt;/b&gt;"), "{html}");
        assert!(html.contains(r#"value="&quot;&gt;&lt;x&gt;""#), "{html}");
    }

    #[test]
    fn an_error_marks_every_field_unless_one_is_marked() {
        let error_classes = |items: Vec<DateInputItem>| {
            let html = render_to_string(move || {
                view! { <DateInput id="d" items=items error_message=Some("Wrong".into())/> }
            });
            html.matches("govuk-input--error").count()
        };
        assert_eq!(error_classes(vec![]), 3);
        assert_eq!(
            error_classes(vec![
                DateInputItem::day(),
                DateInputItem {
                    error: Some(true),
                    ..DateInputItem::month()
                },
                DateInputItem::year(),
            ]),
            1
        );
    }

    #[test]
    fn capitalize_lowers_the_rest() {
        assert_eq!(capitalize("user1-DAY"), "User1-day");
        assert_eq!(capitalize(""), "");
    }
}

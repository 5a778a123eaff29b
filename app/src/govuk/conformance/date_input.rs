use leptos::prelude::*;
use serde_json::{json, Value};

use super::error_message::error_message_options;
use super::fieldset::fieldset_options;
use super::hint::hint_options;
use super::input::{form_group_content, form_group_options};
use super::options::{truthy, Options};
use super::render_to_string;
use crate::govuk::{DateInput, DateInputItem};

const SLOTS: [(&str, &str); 3] = [
    ("day", "govuk-input--width-2"),
    ("month", "govuk-input--width-2"),
    ("year", "govuk-input--width-4"),
];

/// A value as Nunjucks prints it; `None` when undefined (or null).
fn printed(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// The macro's `day` / `month` / `year` options and `values` resolved into our items: each item's
/// name, value and width as the template works them out.
fn items(o: Options<'_>) -> Vec<DateInputItem> {
    let values = o.raw("values");
    // `dateInputDay` etc.: the option, or the default field when it is absent.
    let slots: Vec<Value> = SLOTS
        .iter()
        .map(|(name, classes)| match o.raw(name) {
            Value::Null => json!({ "name": name, "value": values.get(name), "classes": classes }),
            given => given.clone(),
        })
        .collect();
    let given = o.array("items");
    let list: Vec<(Value, Option<usize>)> = if given.is_empty() {
        slots.iter().cloned().zip((0..3).map(Some)).collect()
    } else {
        given.iter().map(|item| (item.0.clone(), None)).collect()
    };
    let prefix = o
        .str("namePrefix")
        .map(|p| format!("{p}-"))
        .unwrap_or_default();
    list.into_iter()
        .filter(|(item, _)| truthy(item))
        .map(|(item, same_as)| {
            let io = Options(&item);
            let item_name = io.str("name");
            let slot = (0..3).find(|&i| {
                same_as == Some(i)
                    || item_name.as_deref().is_some_and(|n| {
                        n == SLOTS[i].0 || Some(n) == Options(&slots[i]).str("name").as_deref()
                    })
            });
            let (name, mut value) = match slot {
                Some(i) => (
                    item_name.unwrap_or_else(|| SLOTS[i].0.to_owned()),
                    printed(item.get("value")).or_else(|| printed(slots[i].get("value"))),
                ),
                None => (item_name.unwrap_or_default(), printed(item.get("value"))),
            };
            value = value.or_else(|| printed(values.get(format!("{prefix}{name}"))));
            let mut classes = io.classes();
            // The template draws the year field wide however it is named.
            if slot == Some(2) && name != "year" && !classes.contains("govuk-input--width-") {
                classes = format!("govuk-input--width-4 {classes}").trim().to_owned();
            }
            DateInputItem {
                id: io.str("id"),
                name,
                label: io.str("label"),
                value,
                error: match io.raw("error") {
                    Value::Null => None,
                    error => Some(truthy(error)),
                },
                classes,
                inputmode: io
                    .str("inputmode")
                    .map(|m| m.parse().expect("an inputmode")),
                autocomplete: io.str("autocomplete"),
                pattern: io.str("pattern"),
                attributes: io.attributes(),
            }
        })
        .collect()
}

pub fn render(o: Options<'_>) -> Option<String> {
    let id = o.string("id");
    let name_prefix = o.str("namePrefix");
    let items = items(o);
    let fieldset = o.get("fieldset").map(fieldset_options);
    let described_by = o.get("fieldset").and_then(|f| f.str("describedBy"));
    let hint = o.get("hint").map(hint_options);
    let error_message = o.get("errorMessage").map(error_message_options);
    let classes = o.classes();
    let form_group = form_group_options(o);
    let before_inputs = form_group_content(o, "beforeInputs");
    let after_inputs = form_group_content(o, "afterInputs");
    let attributes = o.attributes();
    Some(render_to_string(move || {
        view! {
            <DateInput
                id=id
                name_prefix=name_prefix
                items=items
                fieldset=fieldset
                described_by=described_by
                hint=hint
                error_message=error_message
                classes=classes
                form_group=form_group
                before_inputs=before_inputs
                after_inputs=after_inputs
                attributes=attributes
            />
        }
    }))
}

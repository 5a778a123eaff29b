use leptos::prelude::*;

use super::error_message::error_message_options;
use super::hint::hint_options;
use super::label::label_options;
use super::options::{truthy, Options};
use super::radios::{explicit_flag, form_group_options, value_string};
use super::render_to_string;
use crate::govuk::{Select, SelectItem};

pub fn render(o: Options<'_>) -> Option<String> {
    let items: Vec<SelectItem> = o
        .array("items")
        .into_iter()
        .filter(|item| truthy(item.0))
        .map(|item| SelectItem {
            // The macro writes `value` unless it is undefined (so `""`, `false` and `0` too).
            value: item
                .0
                .get("value")
                .map(|v| value_string(v).unwrap_or_default()),
            text: item.string("text"),
            selected: explicit_flag(item.raw("selected")),
            disabled: item.bool("disabled"),
            attributes: item.attributes(),
        })
        .collect();
    let name = o.string("name");
    let label = o.get("label").map(label_options).unwrap_or_default();
    let id = o.str("id");
    let value = o.str("value");
    let disabled = o.bool("disabled");
    let described_by = o.str("describedBy");
    let hint = o.get("hint").map(hint_options);
    let error_message = o.get("errorMessage").map(error_message_options);
    let (form_group, before_input, after_input) =
        form_group_options(o, "beforeInput", "afterInput");
    let classes = o.classes();
    let attributes = o.attributes();
    Some(render_to_string(move || {
        view! {
            <Select
                name=name
                label=label
                items=items
                id=id
                value=value
                disabled=disabled
                described_by=described_by
                hint=hint
                error_message=error_message
                form_group=form_group
                before_input=before_input
                after_input=after_input
                classes=classes
                attributes=attributes
            />
        }
    }))
}

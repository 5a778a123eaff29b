use leptos::prelude::*;

use super::error_message::error_message_options;
use super::hint::hint_options;
use super::input::{form_group_content, form_group_options, spellcheck};
use super::label::label_options;
use super::options::Options;
use super::render_to_string;
use crate::govuk::Textarea;

/// `rows` as the macro reads it: absent, empty or zero means the default.
pub fn rows(o: Options<'_>) -> u32 {
    o.str("rows")
        .and_then(|r| r.parse().ok())
        .filter(|&r| r != 0)
        .unwrap_or(5)
}

pub fn render(o: Options<'_>) -> Option<String> {
    let name = o.string("name");
    let label = o.get("label").map(label_options).unwrap_or_default();
    let id = o.str("id");
    let rows = rows(o);
    let value = o.str("value");
    let hint = o.get("hint").map(hint_options);
    let error_message = o.get("errorMessage").map(error_message_options);
    let described_by = o.str("describedBy");
    let classes = o.classes();
    let form_group = form_group_options(o);
    let before_input = form_group_content(o, "beforeInput");
    let after_input = form_group_content(o, "afterInput");
    let spellcheck = spellcheck(o);
    let autocomplete = o.str("autocomplete");
    let disabled = o.bool("disabled");
    let attributes = o.attributes();
    Some(render_to_string(move || {
        view! {
            <Textarea
                name=name
                label=label
                id=id
                rows=rows
                value=value
                hint=hint
                error_message=error_message
                described_by=described_by
                classes=classes
                form_group=form_group
                before_input=before_input
                after_input=after_input
                spellcheck=spellcheck
                autocomplete=autocomplete
                disabled=disabled
                attributes=attributes
            />
        }
    }))
}

use leptos::prelude::*;

use super::error_message::error_message_options;
use super::hint::hint_options;
use super::label::label_options;
use super::options::Options;
use super::render_to_string;
use crate::govuk::{Content, FormGroupOptions, Input, InputAffix, InputWrapperOptions};

/// A `formGroup` option's classes and attributes as our `FormGroupOptions`.
pub fn form_group_options(o: Options<'_>) -> FormGroupOptions {
    o.get("formGroup")
        .map(|f| FormGroupOptions {
            classes: f.classes(),
            attributes: f.attributes(),
        })
        .unwrap_or_default()
}

/// `formGroup.<key>` (such as `beforeInput`) when it has content.
pub fn form_group_content(o: Options<'_>, key: &str) -> Option<Content> {
    o.get("formGroup")
        .and_then(|f| f.get(key))
        .and_then(|c| c.content_opt())
}

/// `spellcheck`: only a real boolean sets the attribute.
pub fn spellcheck(o: Options<'_>) -> Option<bool> {
    o.raw("spellcheck").as_bool()
}

fn affix(o: Options<'_>, key: &str) -> Option<InputAffix> {
    let a = o.get(key)?;
    Some(InputAffix {
        content: a.content_opt()?,
        classes: a.classes(),
        attributes: a.attributes(),
    })
}

pub fn render(o: Options<'_>) -> Option<String> {
    let name = o.string("name");
    let label = o.get("label").map(label_options).unwrap_or_default();
    let id = o.str("id");
    let input_type = o
        .str("type")
        .map(|t| t.parse().expect("a text-like input type"))
        .unwrap_or_default();
    let value = o.str("value");
    let hint = o.get("hint").map(hint_options);
    let error_message = o.get("errorMessage").map(error_message_options);
    let described_by = o.str("describedBy");
    let classes = o.classes();
    let prefix = affix(o, "prefix");
    let suffix = affix(o, "suffix");
    let form_group = form_group_options(o);
    let before_input = form_group_content(o, "beforeInput");
    let after_input = form_group_content(o, "afterInput");
    let input_wrapper = o
        .get("inputWrapper")
        .map(|w| InputWrapperOptions {
            classes: w.classes(),
            attributes: w.attributes(),
        })
        .unwrap_or_default();
    let inputmode = o.str("inputmode").map(|m| m.parse().expect("an inputmode"));
    let spellcheck = spellcheck(o);
    let autocomplete = o.str("autocomplete");
    let autocapitalize = o
        .str("autocapitalize")
        .map(|a| a.parse().expect("an autocapitalize keyword"));
    let pattern = o.str("pattern");
    let disabled = o.bool("disabled");
    let attributes = o.attributes();
    Some(render_to_string(move || {
        view! {
            <Input
                name=name
                label=label
                id=id
                input_type=input_type
                value=value
                hint=hint
                error_message=error_message
                described_by=described_by
                classes=classes
                prefix=prefix
                suffix=suffix
                form_group=form_group
                before_input=before_input
                after_input=after_input
                input_wrapper=input_wrapper
                inputmode=inputmode
                spellcheck=spellcheck
                autocomplete=autocomplete
                autocapitalize=autocapitalize
                pattern=pattern
                disabled=disabled
                attributes=attributes
            />
        }
    }))
}

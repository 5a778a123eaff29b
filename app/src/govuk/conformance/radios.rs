use leptos::prelude::*;
use serde_json::Value;

use super::error_message::error_message_options;
use super::fieldset::fieldset_options;
use super::hint::hint_options;
use super::options::{truthy, Options};
use super::render_to_string;
use crate::govuk::{Content, FormGroupOptions, Radios, RadiosItem, RadiosOption, TrustedHtml};

/// A value as Nunjucks prints it (`1`, `false`, ...); `None` when undefined or null.
pub fn value_string(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// An item's `checked` / `selected`: the macros' `| default(.., true)` falls back to the group's
/// value for anything falsy, but an explicit `false` still wins.
pub fn explicit_flag(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(false) => Some(false),
        v if truthy(v) => Some(true),
        _ => None,
    }
}

/// The `formGroup` option: its classes and attributes, and its before/after content at the keys
/// given (`beforeInputs` for radios, `beforeInput` for single fields).
pub fn form_group_options(
    o: Options<'_>,
    before: &str,
    after: &str,
) -> (FormGroupOptions, Option<Content>, Option<Content>) {
    (
        super::input::form_group_options(o),
        super::input::form_group_content(o, before),
        super::input::form_group_content(o, after),
    )
}

/// The truthy entries of `items`, each with the id the macro gives it when its position differs
/// from its position in our list: the macro numbers ids by `loop.index`, which counts the falsy
/// entries it skips, and our typed lists have no falsy entries.
pub fn truthy_items<'a>(o: Options<'a>, id_prefix: &str) -> Vec<(Options<'a>, Option<String>)> {
    o.array("items")
        .into_iter()
        .enumerate()
        .filter(|(_, item)| truthy(item.0))
        .enumerate()
        .map(|(ours, (theirs, item))| {
            let id = item
                .str("id")
                .or_else(|| (ours != theirs).then(|| format!("{id_prefix}-{}", theirs + 1)));
            (item, id)
        })
        .collect()
}

/// An item's `conditional.html`, when set.
pub fn conditional(item: Options<'_>) -> Option<TrustedHtml> {
    item.get("conditional")
        .and_then(|c| c.str("html"))
        .map(TrustedHtml::from_trusted)
}

pub fn render(o: Options<'_>) -> Option<String> {
    let name = o.string("name");
    let id_prefix = o.str("idPrefix");
    let prefix = id_prefix.clone().unwrap_or_else(|| name.clone());
    let items: Vec<RadiosItem> = truthy_items(o, &prefix)
        .into_iter()
        .map(|(item, id)| {
            if item.has("divider") {
                return RadiosItem::Divider(item.string("divider"));
            }
            let label = item.get("label");
            RadiosItem::Option(RadiosOption {
                value: value_string(item.raw("value")).unwrap_or_default(),
                content: item.content(),
                id,
                hint: item.get("hint").map(hint_options),
                checked: explicit_flag(item.raw("checked")),
                conditional: conditional(item),
                disabled: item.bool("disabled"),
                label_classes: label.map(|l| l.classes()).unwrap_or_default(),
                label_attributes: label.map(|l| l.attributes()).unwrap_or_default(),
                attributes: item.attributes(),
            })
        })
        .collect();
    let value = o.str("value");
    let fieldset = o.get("fieldset").map(fieldset_options);
    let described_by = o.get("fieldset").and_then(|f| f.str("describedBy"));
    let hint = o.get("hint").map(hint_options);
    let error_message = o.get("errorMessage").map(error_message_options);
    let (form_group, before_inputs, after_inputs) =
        form_group_options(o, "beforeInputs", "afterInputs");
    let classes = o.classes();
    let attributes = o.attributes();
    Some(render_to_string(move || {
        view! {
            <Radios
                name=name
                items=items
                value=value
                id_prefix=id_prefix
                fieldset=fieldset
                described_by=described_by
                hint=hint
                error_message=error_message
                form_group=form_group
                before_inputs=before_inputs
                after_inputs=after_inputs
                classes=classes
                attributes=attributes
            />
        }
    }))
}

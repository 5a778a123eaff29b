use leptos::prelude::*;

use super::error_message::error_message_options;
use super::fieldset::fieldset_options;
use super::hint::hint_options;
use super::options::Options;
use super::radios::{conditional, explicit_flag, form_group_options, truthy_items, value_string};
use super::render_to_string;
use crate::govuk::{Checkboxes, CheckboxesBehaviour, CheckboxesItem, CheckboxesOption};

pub fn render(o: Options<'_>) -> Option<String> {
    let name = o.string("name");
    let id_prefix = o.str("idPrefix");
    let prefix = id_prefix.clone().unwrap_or_else(|| name.clone());
    let items: Vec<CheckboxesItem> = truthy_items(o, &prefix)
        .into_iter()
        .map(|(item, id)| {
            if item.has("divider") {
                return CheckboxesItem::Divider(item.string("divider"));
            }
            let label = item.get("label");
            CheckboxesItem::Option(CheckboxesOption {
                value: value_string(item.raw("value")).unwrap_or_default(),
                content: item.content(),
                id,
                name: item.str("name"),
                hint: item.get("hint").map(hint_options),
                checked: explicit_flag(item.raw("checked")),
                conditional: conditional(item),
                behaviour: match item.str("behaviour").as_deref() {
                    Some("exclusive") => Some(CheckboxesBehaviour::Exclusive),
                    _ => None,
                },
                disabled: item.bool("disabled"),
                label_classes: label.map(|l| l.classes()).unwrap_or_default(),
                label_attributes: label.map(|l| l.attributes()).unwrap_or_default(),
                attributes: item.attributes(),
            })
        })
        .collect();
    let values: Vec<String> = o
        .array("values")
        .iter()
        .filter_map(|v| value_string(v.0))
        .collect();
    let fieldset = o.get("fieldset").map(fieldset_options);
    // The fieldset's describedBy replaces the top-level one.
    let described_by = o
        .get("fieldset")
        .and_then(|f| f.str("describedBy"))
        .or_else(|| o.str("describedBy"));
    let hint = o.get("hint").map(hint_options);
    let error_message = o.get("errorMessage").map(error_message_options);
    let (form_group, before_inputs, after_inputs) =
        form_group_options(o, "beforeInputs", "afterInputs");
    let classes = o.classes();
    let attributes = o.attributes();
    Some(render_to_string(move || {
        view! {
            <Checkboxes
                name=name
                items=items
                values=values
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

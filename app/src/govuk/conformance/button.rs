use leptos::prelude::*;

use super::options::Options;
use super::render_to_string;
use crate::govuk::{Button, ButtonElement, ButtonType};

/// A `type` option as our `ButtonType` (the macro's default, submit, when absent or unknown).
pub fn button_type(o: Options<'_>) -> ButtonType {
    match o.str("type").as_deref() {
        Some("button") => ButtonType::Button,
        Some("reset") => ButtonType::Reset,
        _ => ButtonType::Submit,
    }
}

pub fn render(o: Options<'_>) -> Option<String> {
    let element = match o.str("element").map(|e| e.to_lowercase()).as_deref() {
        Some("a") => Some(ButtonElement::Link),
        Some("button") => Some(ButtonElement::Button),
        Some("input") => Some(ButtonElement::Input),
        _ => None,
    };
    let href = o.str("href");
    let button_type = button_type(o);
    let name = o.str("name");
    let value = o.str("value");
    let prevent_double_click = o.raw("preventDoubleClick").as_bool();
    let id = o.str("id");
    Some(render_to_string(move || {
        view! {
            <Button
                content=o.content()
                element=element
                href=href
                button_type=button_type
                name=name
                value=value
                disabled=o.bool("disabled")
                prevent_double_click=prevent_double_click
                is_start_button=o.bool("isStartButton")
                id=id
                classes=o.classes()
                attributes=o.attributes()
            />
        }
    }))
}

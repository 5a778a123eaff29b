use leptos::prelude::*;

use super::options::Options;
use super::render_to_string;
use crate::govuk::{ButtonType, CookieBanner, CookieBannerAction, CookieBannerMessage};

/// An action's `type`, when it is one a button can have.
pub fn action_type(o: Options<'_>) -> Option<ButtonType> {
    match o.str("type").as_deref() {
        Some("button") => Some(ButtonType::Button),
        Some("submit") => Some(ButtonType::Submit),
        Some("reset") => Some(ButtonType::Reset),
        _ => None,
    }
}

fn message(o: Options<'_>) -> CookieBannerMessage {
    CookieBannerMessage {
        heading: Some(o.content_from("headingHtml", "headingText")).filter(|h| !h.is_empty()),
        content: o.content_opt(),
        actions: o
            .array("actions")
            .into_iter()
            .map(|a| CookieBannerAction {
                text: a.string("text"),
                button_type: action_type(a),
                href: a.str("href"),
                name: a.str("name"),
                value: a.str("value"),
                classes: a.classes(),
                attributes: a.attributes(),
            })
            .collect(),
        hidden: o.bool("hidden"),
        role: o.str("role"),
        classes: o.classes(),
        attributes: o.attributes(),
    }
}

pub fn render(o: Options<'_>) -> Option<String> {
    let messages = o
        .array("messages")
        .into_iter()
        .map(message)
        .collect::<Vec<_>>();
    let aria_label = o.str("ariaLabel");
    Some(render_to_string(move || {
        view! {
            <CookieBanner
                messages=messages
                aria_label=aria_label
                hidden=o.bool("hidden")
                classes=o.classes()
                attributes=o.attributes()
            />
        }
    }))
}

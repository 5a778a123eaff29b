use leptos::prelude::*;

use super::cookie_banner::action_type;
use super::options::Options;
use super::render_to_string;
use crate::govuk::{HeadingLevel, Panel, PanelAction, PanelActions};

/// A heading level option (a number, or a string of one), when it is 1 to 6.
pub fn render(o: Options<'_>) -> Option<String> {
    let heading_level = o.heading_level("headingLevel").unwrap_or(HeadingLevel::H1);
    let content = o.content_opt();
    let actions = o.get("actions").map(|a| PanelActions {
        items: a
            .array("items")
            .into_iter()
            .map(|item| PanelAction {
                text: item.string("text"),
                button_type: action_type(item),
                href: item.str("href"),
                classes: item.classes(),
                attributes: item.attributes(),
            })
            .collect(),
        classes: a.classes(),
        attributes: a.attributes(),
    });
    Some(render_to_string(move || {
        view! {
            <Panel
                title=o.content_from("titleHtml", "titleText")
                heading_level=heading_level
                content=content
                classes=o.classes()
                attributes=o.attributes()
                actions=actions
            />
        }
    }))
}

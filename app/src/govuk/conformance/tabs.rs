use leptos::prelude::*;

use super::options::{truthy, Options};
use super::render_to_string;
use crate::govuk::{Tabs, TabsItem, TabsPanel};

pub fn render(o: Options<'_>) -> Option<String> {
    let items: Vec<TabsItem> = o
        .array("items")
        .into_iter()
        .filter(|item| truthy(item.0))
        .map(|item| TabsItem {
            id: item.str("id"),
            label: item.string("label"),
            attributes: item.attributes(),
            panel: item
                .get("panel")
                .map(|p| TabsPanel {
                    content: p.content(),
                    attributes: p.attributes(),
                })
                .unwrap_or_default(),
        })
        .collect();
    let title = o.str("title").unwrap_or_else(|| "Contents".to_owned());
    Some(render_to_string(move || {
        view! {
            <Tabs
                items=items
                id=o.str("id")
                id_prefix=o.string("idPrefix")
                title=title
                classes=o.classes()
                attributes=o.attributes()
            />
        }
    }))
}

use leptos::prelude::*;

use super::options::{truthy, Options};
use super::render_to_string;
use crate::govuk::{TaskList, TaskListItem, TaskListStatus, TaskListTag, TaskListTitle};

pub fn render(o: Options<'_>) -> Option<String> {
    let items: Vec<TaskListItem> = o
        .array("items")
        .into_iter()
        .filter(|item| truthy(item.0))
        .map(|item| {
            let status = item.get("status");
            TaskListItem {
                title: item
                    .get("title")
                    .map(|t| TaskListTitle {
                        content: t.content(),
                        classes: t.classes(),
                    })
                    .unwrap_or_default(),
                href: item.str("href"),
                hint: item.get("hint").map(|h| h.content()),
                status: status
                    .map(|s| TaskListStatus {
                        tag: s.get("tag").map(|t| TaskListTag {
                            content: t.content(),
                            classes: t.classes(),
                            attributes: t.attributes(),
                        }),
                        content: s.content(),
                        classes: s.classes(),
                    })
                    .unwrap_or_default(),
                classes: item.classes(),
            }
        })
        .collect();
    let id_prefix = o.str("idPrefix").unwrap_or_else(|| "task-list".to_owned());
    Some(render_to_string(move || {
        view! { <TaskList items=items id_prefix=id_prefix classes=o.classes() attributes=o.attributes()/> }
    }))
}

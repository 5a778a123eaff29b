use leptos::prelude::*;

use super::options::Options;
use super::render_to_string;
use crate::govuk::{Breadcrumbs, BreadcrumbsItem};

pub fn render(o: Options<'_>) -> Option<String> {
    let items = o
        .array("items")
        .into_iter()
        .map(|item| BreadcrumbsItem {
            content: item.content(),
            href: item.str("href"),
            attributes: item.attributes(),
        })
        .collect();
    let label_text = o
        .str("labelText")
        .unwrap_or_else(|| "Breadcrumb".to_owned());
    Some(render_to_string(move || {
        view! {
            <Breadcrumbs
                items=items
                collapse_on_mobile=o.bool("collapseOnMobile")
                label_text=label_text
                classes=o.classes()
                attributes=o.attributes()
            />
        }
    }))
}

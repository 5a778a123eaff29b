use leptos::prelude::*;

use super::options::Options;
use super::render_to_string;
use crate::govuk::{Pagination, PaginationItem, PaginationLink, PaginationPage};

fn link(o: Options<'_>) -> PaginationLink {
    PaginationLink {
        href: o.string("href"),
        content: o.content(),
        label_text: o.str("labelText"),
        attributes: o.attributes(),
    }
}

pub fn render(o: Options<'_>) -> Option<String> {
    // The macro skips null and empty items.
    let items = o
        .array("items")
        .into_iter()
        .filter(|item| item.0.as_object().is_some_and(|fields| !fields.is_empty()))
        .map(|item| {
            if item.bool("ellipsis") {
                PaginationItem::Ellipsis
            } else {
                PaginationItem::Page(PaginationPage {
                    number: item.string("number"),
                    href: item.string("href"),
                    current: item.bool("current"),
                    visually_hidden_text: item.str("visuallyHiddenText"),
                    attributes: item.attributes(),
                })
            }
        })
        .collect();
    let previous = o.get("previous").map(link);
    let next = o.get("next").map(link);
    Some(render_to_string(move || {
        view! {
            <Pagination
                items=items
                previous=previous
                next=next
                landmark_label=o.string("landmarkLabel")
                classes=o.classes()
                attributes=o.attributes()
            />
        }
    }))
}

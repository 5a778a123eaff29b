use leptos::prelude::*;

use super::options::{truthy, Options};
use super::render_to_string;
use crate::govuk::{Accordion, AccordionItem};

pub fn render(o: Options<'_>) -> Option<String> {
    let items: Vec<AccordionItem> = o
        .array("items")
        .into_iter()
        .filter(|item| truthy(item.0))
        .map(|item| AccordionItem {
            heading: item.get("heading").map(|h| h.content()).unwrap_or_default(),
            summary: item.get("summary").map(|s| s.content()),
            content: item.get("content").map(|c| c.content()).unwrap_or_default(),
            expanded: item.bool("expanded"),
        })
        .collect();
    Some(render_to_string(move || {
        view! {
            <Accordion
                id=o.string("id")
                items=items
                heading_level=o.heading_level("headingLevel").unwrap_or_default()
                remember_expanded=o.raw("rememberExpanded").as_bool()
                hide_all_sections_text=o.translation("hideAllSectionsText")
                hide_section_text=o.translation("hideSectionText")
                hide_section_aria_label_text=o.translation("hideSectionAriaLabelText")
                show_all_sections_text=o.translation("showAllSectionsText")
                show_section_text=o.translation("showSectionText")
                show_section_aria_label_text=o.translation("showSectionAriaLabelText")
                classes=o.classes()
                attributes=o.attributes()
            />
        }
    }))
}

use leptos::prelude::*;

use super::options::Options;
use super::render_to_string;
use crate::govuk::{ErrorSummary, ErrorSummaryItem};

pub fn render(o: Options<'_>) -> Option<String> {
    let title = o.content_from("titleHtml", "titleText");
    let description = Some(o.content_from("descriptionHtml", "descriptionText"));
    let error_list: Vec<ErrorSummaryItem> = o
        .array("errorList")
        .into_iter()
        .map(|item| ErrorSummaryItem {
            href: item.str("href"),
            content: item.content(),
            attributes: item.attributes(),
        })
        .collect();
    let disable_auto_focus = o.raw("disableAutoFocus").as_bool();
    Some(render_to_string(move || {
        view! {
            <ErrorSummary
                title=title
                description=description
                error_list=error_list
                disable_auto_focus=disable_auto_focus
                classes=o.classes()
                attributes=o.attributes()
            />
        }
    }))
}

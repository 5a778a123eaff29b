use leptos::prelude::*;

use super::options::Options;
use super::render_to_string;
use crate::govuk::Feedback;

pub fn render(o: Options<'_>) -> Option<String> {
    let heading_level = o.heading_level("headingLevel").unwrap_or_default();
    Some(render_to_string(move || {
        view! {
            <Feedback
                title=o.content_from("titleHtml", "titleText")
                heading_level=heading_level
                content=o.content()
                classes=o.classes()
                attributes=o.attributes()
            />
        }
    }))
}

use leptos::prelude::*;

use super::options::Options;
use super::render_to_string;
use crate::govuk::{Feedback, FeedbackHeadingLevel};

pub fn render(o: Options<'_>) -> Option<String> {
    let heading_level = match o.str("headingLevel").as_deref() {
        None | Some("2") => FeedbackHeadingLevel::H2,
        Some("1") => FeedbackHeadingLevel::H1,
        Some("3") => FeedbackHeadingLevel::H3,
        Some("4") => FeedbackHeadingLevel::H4,
        Some("5") => FeedbackHeadingLevel::H5,
        Some("6") => FeedbackHeadingLevel::H6,
        Some(other) => panic!("no heading level {other}"),
    };
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

use leptos::prelude::*;

use super::options::Options;
use super::render_to_string;
use crate::govuk::{Label, LabelOptions};

/// A `label` option as our `LabelOptions`.
pub fn label_options(o: Options<'_>) -> LabelOptions {
    LabelOptions {
        content: o.content(),
        classes: o.classes(),
        is_page_heading: o.bool("isPageHeading"),
        attributes: o.attributes(),
    }
}

pub fn render(o: Options<'_>) -> Option<String> {
    let label = label_options(o);
    let for_id = o.str("for");
    Some(render_to_string(
        move || view! { <Label label=label for_id=for_id/> },
    ))
}

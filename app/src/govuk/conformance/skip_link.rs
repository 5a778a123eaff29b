use leptos::prelude::*;

use super::options::Options;
use super::render_to_string;
use crate::govuk::SkipLink;

pub fn render(o: Options<'_>) -> Option<String> {
    let href = o.str("href").unwrap_or_else(|| "#content".to_owned());
    Some(render_to_string(move || {
        view! { <SkipLink href=href content=o.content() classes=o.classes() attributes=o.attributes()/> }
    }))
}

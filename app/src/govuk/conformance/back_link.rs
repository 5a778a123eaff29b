use leptos::prelude::*;

use super::options::Options;
use super::render_to_string;
use crate::govuk::BackLink;

pub fn render(o: Options<'_>) -> Option<String> {
    let href = o.str("href").unwrap_or_else(|| "#".to_owned());
    Some(render_to_string(move || {
        view! { <BackLink href=href content=o.content() classes=o.classes() attributes=o.attributes()/> }
    }))
}

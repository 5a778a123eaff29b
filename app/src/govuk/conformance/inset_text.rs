use leptos::prelude::*;

use super::options::Options;
use super::render_to_string;
use crate::govuk::InsetText;

pub fn render(o: Options<'_>) -> Option<String> {
    let content = o.content_opt();
    let id = o.str("id");
    Some(render_to_string(move || {
        view! { <InsetText content=content id=id classes=o.classes() attributes=o.attributes()/> }
    }))
}

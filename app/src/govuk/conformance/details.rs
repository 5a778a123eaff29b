use leptos::prelude::*;

use super::options::Options;
use super::render_to_string;
use crate::govuk::Details;

pub fn render(o: Options<'_>) -> Option<String> {
    let content = o.content_opt();
    let id = o.str("id");
    Some(render_to_string(move || {
        view! {
            <Details
                summary=o.content_from("summaryHtml", "summaryText")
                content=content
                id=id
                open=o.bool("open")
                classes=o.classes()
                attributes=o.attributes()
            />
        }
    }))
}

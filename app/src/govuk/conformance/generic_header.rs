use leptos::prelude::*;

use super::options::Options;
use super::render_to_string;
use crate::govuk::GenericHeader;

pub fn render(o: Options<'_>) -> Option<String> {
    let logo = o.content_from("logoHtml", "logoText");
    let url = o.str("url").unwrap_or_else(|| "/".to_owned());
    Some(render_to_string(move || {
        view! {
            <GenericHeader
                logo=logo
                url=url
                container_classes=o.string("containerClasses")
                classes=o.classes()
                attributes=o.attributes()
            />
        }
    }))
}

use leptos::prelude::*;

use super::options::Options;
use super::render_to_string;
use crate::govuk::Header;

pub fn render(o: Options<'_>) -> Option<String> {
    let homepage_url = o
        .str("homepageUrl")
        .unwrap_or_else(|| "//gov.uk".to_owned());
    let product_name = o.str("productName");
    Some(render_to_string(move || {
        view! {
            <Header
                homepage_url=homepage_url
                product_name=product_name
                container_classes=o.string("containerClasses")
                classes=o.classes()
                attributes=o.attributes()
            />
        }
    }))
}

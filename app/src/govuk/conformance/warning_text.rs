use leptos::prelude::*;

use super::options::Options;
use super::render_to_string;
use crate::govuk::WarningText;

pub fn render(o: Options<'_>) -> Option<String> {
    let icon_fallback_text = o.string("iconFallbackText");
    Some(render_to_string(move || {
        view! {
            <WarningText
                content=o.content()
                icon_fallback_text=icon_fallback_text
                classes=o.classes()
                attributes=o.attributes()
            />
        }
    }))
}

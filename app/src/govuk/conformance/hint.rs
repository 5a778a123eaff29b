use leptos::prelude::*;

use super::options::Options;
use super::render_to_string;
use crate::govuk::{Hint, HintOptions};

/// A `hint` option as our `HintOptions`.
pub fn hint_options(o: Options<'_>) -> HintOptions {
    HintOptions {
        content: o.content(),
        classes: o.classes(),
        attributes: o.attributes(),
    }
}

pub fn render(o: Options<'_>) -> Option<String> {
    let hint = hint_options(o);
    let id = o.str("id");
    Some(render_to_string(move || view! { <Hint hint=hint id=id/> }))
}

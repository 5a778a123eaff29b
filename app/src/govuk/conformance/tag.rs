use leptos::prelude::*;

use super::options::Options;
use super::render_to_string;
use crate::govuk::{Tag, TagColour};

/// Splits a macro's `classes` into our colour (the first colour modifier) and the other classes.
pub fn tag_colour_and_classes(classes: &str) -> (TagColour, String) {
    let mut colour = None;
    let mut rest = Vec::new();
    for class in classes.split_whitespace() {
        match TagColour::from_class(class) {
            Some(c) if colour.is_none() => colour = Some(c),
            _ => rest.push(class),
        }
    }
    (colour.unwrap_or_default(), rest.join(" "))
}

pub fn render(o: Options<'_>) -> Option<String> {
    let (colour, classes) = tag_colour_and_classes(&o.classes());
    Some(render_to_string(move || {
        view! { <Tag content=o.content() colour=colour classes=classes attributes=o.attributes()/> }
    }))
}

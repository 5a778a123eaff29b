use leptos::prelude::*;

use super::options::Options;
use super::render_to_string;
use super::tag::tag_colour_and_classes;
use crate::govuk::{PhaseBanner, PhaseBannerTag};

pub fn render(o: Options<'_>) -> Option<String> {
    let tag = o
        .get("tag")
        .map(|t| {
            let (colour, classes) = tag_colour_and_classes(&t.classes());
            PhaseBannerTag {
                content: t.content(),
                colour,
                classes,
            }
        })
        .unwrap_or_default();
    Some(render_to_string(move || {
        view! {
            <PhaseBanner tag=tag content=o.content() classes=o.classes() attributes=o.attributes()/>
        }
    }))
}

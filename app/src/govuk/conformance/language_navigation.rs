use leptos::prelude::*;

use super::options::Options;
use super::render_to_string;
use crate::govuk::{LanguageNavigation, LanguageNavigationDirection, LanguageNavigationItem};

fn direction(dir: &str) -> LanguageNavigationDirection {
    match dir {
        "ltr" => LanguageNavigationDirection::Ltr,
        "rtl" => LanguageNavigationDirection::Rtl,
        "auto" => LanguageNavigationDirection::Auto,
        other => panic!("no text direction {other:?}"),
    }
}

pub fn render(o: Options<'_>) -> Option<String> {
    let items = o
        .array("items")
        .into_iter()
        .map(|item| LanguageNavigationItem {
            content: item.content(),
            href: item.str("href"),
            current: item.bool("current"),
            lang: item.str("lang"),
            href_lang: item.str("hrefLang"),
            dir: item.str("dir").map(|d| direction(&d)),
            language_description_text: item.str("languageDescriptionText"),
            classes: item.classes(),
            attributes: item.attributes(),
        })
        .collect();
    let aria_label = o.str("ariaLabel").unwrap_or_else(|| "Language".to_owned());
    Some(render_to_string(move || {
        view! {
            <LanguageNavigation
                items=items
                aria_label=aria_label
                classes=o.classes()
                attributes=o.attributes()
            />
        }
    }))
}

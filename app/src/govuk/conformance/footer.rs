use leptos::prelude::*;
use serde_json::Value;

use super::options::Options;
use super::render_to_string;
use crate::govuk::{
    Footer, FooterContentLicence, FooterLink, FooterMeta, FooterNavigation, FooterSectionWidth,
};

fn footer_link(o: Options<'_>) -> FooterLink {
    FooterLink {
        href: o.string("href"),
        text: o.string("text"),
        attributes: o.attributes(),
    }
}

fn width(name: &str) -> FooterSectionWidth {
    match name {
        "" | "full" => FooterSectionWidth::Full,
        "three-quarters" => FooterSectionWidth::ThreeQuarters,
        "two-thirds" => FooterSectionWidth::TwoThirds,
        "one-half" => FooterSectionWidth::OneHalf,
        "one-third" => FooterSectionWidth::OneThird,
        "one-quarter" => FooterSectionWidth::OneQuarter,
        other => panic!("no footer section width {other:?}"),
    }
}

pub fn render(o: Options<'_>) -> Option<String> {
    let meta = o.get("meta").map(|m| FooterMeta {
        visually_hidden_title: m.string("visuallyHiddenTitle"),
        items: m.array("items").into_iter().map(footer_link).collect(),
        content: m.content(),
    });
    let navigation = o
        .array("navigation")
        .into_iter()
        .map(|n| FooterNavigation {
            title: n.string("title"),
            width: width(&n.string("width")),
            columns: n.str("columns").map(|c| c.parse().unwrap()),
            items: n.array("items").into_iter().map(footer_link).collect(),
        })
        .collect();
    // Only an explicit `null` leaves the licence out; absent or empty is the default licence.
    let content_licence = match o.raw("contentLicence") {
        Value::Null if o.0.get("contentLicence").is_some() => FooterContentLicence::Omitted,
        _ => match o.get("contentLicence").and_then(|l| l.content_opt()) {
            Some(content) => FooterContentLicence::Custom(content),
            None => FooterContentLicence::OpenGovernmentLicence,
        },
    };
    let copyright = o.get("copyright").and_then(|c| c.content_opt());
    Some(render_to_string(move || {
        view! {
            <Footer
                meta=meta
                navigation=navigation
                content_licence=content_licence
                copyright=copyright
                container_classes=o.string("containerClasses")
                classes=o.classes()
                attributes=o.attributes()
            />
        }
    }))
}

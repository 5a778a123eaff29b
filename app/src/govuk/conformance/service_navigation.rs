use leptos::prelude::*;
use serde_json::Value;

use super::options::{truthy, Options};
use super::render_to_string;
use crate::govuk::{ServiceNavigation, ServiceNavigationItem, ServiceNavigationSlots, TrustedHtml};

pub fn render(o: Options<'_>) -> Option<String> {
    let navigation = o
        .array("navigation")
        .into_iter()
        .filter(|item| truthy(item.0))
        .map(|item| ServiceNavigationItem {
            content: item.content(),
            href: item.str("href"),
            active: item.bool("active"),
            current: item.bool("current"),
            attributes: item.attributes(),
        })
        .collect();
    let slots = o
        .get("slots")
        .map(|s| {
            let trusted = |key: &str| s.str(key).map(TrustedHtml::from_trusted);
            // `end` is HTML, or `{ html, align }`.
            let (end, end_inline) = match s.raw("end") {
                Value::Object(_) => {
                    let end = s.get("end").unwrap();
                    (
                        end.str("html").map(TrustedHtml::from_trusted),
                        end.str("align").as_deref() == Some("inline"),
                    )
                }
                _ => (trusted("end"), false),
            };
            ServiceNavigationSlots {
                start: trusted("start"),
                end,
                end_inline,
                navigation_start: trusted("navigationStart"),
                navigation_end: trusted("navigationEnd"),
            }
        })
        .unwrap_or_default();
    let collapse = match o.raw("collapseNavigationOnMobile") {
        Value::Null => None,
        value => Some(truthy(value)),
    };
    Some(render_to_string(move || {
        view! {
            <ServiceNavigation
                service_name=o.str("serviceName")
                service_url=o.str("serviceUrl")
                navigation=navigation
                collapse_navigation_on_mobile=collapse
                menu_button_text=o.str("menuButtonText").unwrap_or_else(|| "Menu".to_owned())
                menu_button_label=o.str("menuButtonLabel")
                navigation_label=o.str("navigationLabel")
                navigation_id=o.str("navigationId").unwrap_or_else(|| "navigation".to_owned())
                navigation_classes=o.string("navigationClasses")
                aria_label=o.str("ariaLabel").unwrap_or_else(|| "Service information".to_owned())
                slots=slots
                classes=o.classes()
                attributes=o.attributes()
            />
        }
    }))
}

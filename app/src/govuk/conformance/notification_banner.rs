use leptos::prelude::*;

use super::options::Options;
use super::render_to_string;
use crate::govuk::{HeadingLevel, NotificationBanner, NotificationBannerType};

pub fn render(o: Options<'_>) -> Option<String> {
    // The macro knows one type, `success`; anything else is the neutral banner.
    let banner_type = match o.str("type").as_deref() {
        Some("success") => NotificationBannerType::Success,
        _ => NotificationBannerType::Neutral,
    };
    let content = o.content_opt();
    let title = Some(o.content_from("titleHtml", "titleText")).filter(|t| !t.is_empty());
    let title_heading_level = o
        .heading_level("titleHeadingLevel")
        .unwrap_or(HeadingLevel::H2);
    let title_id = o.str("titleId");
    let role = o.str("role");
    let disable_auto_focus = o.raw("disableAutoFocus").as_bool();
    Some(render_to_string(move || {
        view! {
            <NotificationBanner
                banner_type=banner_type
                content=content
                title=title
                title_heading_level=title_heading_level
                title_id=title_id
                role=role
                disable_auto_focus=disable_auto_focus
                classes=o.classes()
                attributes=o.attributes()
            />
        }
    }))
}

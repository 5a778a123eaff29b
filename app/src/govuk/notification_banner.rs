use leptos::prelude::*;

use super::content::{classes as join_classes, Attributes, Content};
use super::heading_level::HeadingLevel;

/// The kind of a notification banner.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum NotificationBannerType {
    /// Information the user needs that is not about what they just did (title "Important").
    #[default]
    Neutral,
    /// The outcome of what the user just did (title "Success"): green, `role="alert"`, and
    /// focused by the banner's JavaScript when the page loads.
    Success,
}

/// `govukNotificationBanner`: tells the user about something not related to the page's main
/// content, such as planned downtime, or confirms that what they did worked.
///
/// Text content is shown as the banner's heading paragraph; trusted HTML or children as they are.
///
/// ```ignore
/// view! {
///     <NotificationBanner
///         banner_type=NotificationBannerType::Success
///         content=Some("Email sent to example@email.com".into())
///     />
/// }
/// ```
#[component]
pub fn NotificationBanner(
    /// The macro's `type`.
    #[prop(optional)]
    banner_type: NotificationBannerType,
    #[prop(optional_no_strip)] content: Option<Content>,
    /// The title; "Important", or "Success" on success banners, when `None`.
    #[prop(optional_no_strip)]
    title: Option<Content>,
    /// The title's heading level; `<h2>` by default.
    #[prop(default = HeadingLevel::H2)]
    title_heading_level: HeadingLevel,
    /// The title's id, which labels the banner; `govuk-notification-banner-title` when `None`.
    #[prop(optional_no_strip)]
    title_id: Option<String>,
    /// Overrides the role: `region` by default, `alert` on success banners.
    #[prop(optional_no_strip)]
    role: Option<String>,
    /// `Some(true)` keeps the JavaScript from focusing an alert banner when the page loads; `None`
    /// leaves the attribute out.
    #[prop(optional_no_strip)]
    disable_auto_focus: Option<bool>,
    #[prop(default = String::new(), into)] classes: String,
    #[prop(optional)] attributes: Attributes,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let success = banner_type == NotificationBannerType::Success;
    let class = if success {
        join_classes(
            "govuk-notification-banner govuk-notification-banner--success",
            &classes,
        )
    } else {
        join_classes("govuk-notification-banner", &classes)
    };
    let role = role
        .filter(|r| !r.is_empty())
        .unwrap_or_else(|| if success { "alert" } else { "region" }.to_owned());
    let title_id = title_id
        .filter(|id| !id.is_empty())
        .unwrap_or_else(|| "govuk-notification-banner-title".to_owned());
    let title = title
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| if success { "Success" } else { "Important" }.into());
    let title = title_heading_level.heading(
        "govuk-notification-banner__title",
        Some(title_id.clone()),
        title.to_markup(),
    );
    let body = match (children, content.filter(|c| !c.is_empty())) {
        (Some(children), _) => view! {
            <div class="govuk-notification-banner__content">{children()}</div>
        }
        .into_any(),
        (None, Some(html @ Content::Html(_))) => view! {
            <div class="govuk-notification-banner__content" inner_html=html.to_markup()></div>
        }
        .into_any(),
        // Text alone reads as the banner's heading.
        (None, Some(text)) => view! {
            <div class="govuk-notification-banner__content">
                <p class="govuk-notification-banner__heading" inner_html=text.to_markup()></p>
            </div>
        }
        .into_any(),
        (None, None) => view! { <div class="govuk-notification-banner__content"></div> }.into_any(),
    };
    view! {
        <div
            class=class
            role=role
            aria-labelledby=title_id
            data-module="govuk-notification-banner"
            data-disable-auto-focus=disable_auto_focus.map(|d| d.to_string())
            {..attributes.spread()}
        >
            <div class="govuk-notification-banner__header">{title}</div>
            {body}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::govuk::conformance::{normalise, render_to_string};
    use crate::govuk::TrustedHtml;

    #[test]
    fn text_and_title_are_escaped() {
        let html = render_to_string(|| {
            view! { <NotificationBanner title=Some("<t>".into()) content=Some("<c>".into())/> }
        });
        assert!(html.contains("&lt;t&gt;"), "{html}");
        assert!(html.contains("&lt;c&gt;"), "{html}");
    }

    #[test]
    fn children_are_the_content() {
        let html = render_to_string(|| {
            view! {
                <NotificationBanner title_heading_level=HeadingLevel::H3>
                    <p class="govuk-body">"Planned work"</p>
                </NotificationBanner>
            }
        });
        assert!(
            normalise(&html).contains(
                r#"<h3 class="govuk-notification-banner__title" id="govuk-notification-banner-title">Important</h3></div><div class="govuk-notification-banner__content"><p class="govuk-body">Planned work</p></div>"#
            ),
            "{html}"
        );
    }

    #[test]
    fn trusted_html_is_not_wrapped() {
        let html = render_to_string(|| {
            view! {
                <NotificationBanner content=Some(TrustedHtml::from_trusted("<h3>Done</h3>").into())/>
            }
        });
        assert!(
            html.contains(r#"<div class="govuk-notification-banner__content"><h3>Done</h3></div>"#),
            "{html}"
        );
    }
}

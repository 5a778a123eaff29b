use leptos::prelude::*;

use super::button::{Button, ButtonType};
use super::content::{classes as join_classes, Attributes, Content};

/// A button or link at the foot of a cookie banner message.
///
/// It is a [`Button`] unless it has an `href` and `button_type` is not `Button`; then it is a plain
/// link (such as "View cookie preferences"). With an `href` and `Some(ButtonType::Button)` it is a
/// link styled as a button.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CookieBannerAction {
    pub text: String,
    /// The button's type; `None` is a plain `button` (no form submission).
    pub button_type: Option<ButtonType>,
    pub href: Option<String>,
    /// Sent with the form, with `value`, when this button submits it (buttons only).
    pub name: Option<String>,
    pub value: Option<String>,
    pub classes: String,
    pub attributes: Attributes,
}

/// One message of a cookie banner: the question, or a confirmation shown after the answer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CookieBannerMessage {
    pub heading: Option<Content>,
    /// Text goes in a `govuk-body` paragraph; trusted HTML as it is.
    pub content: Option<Content>,
    pub actions: Vec<CookieBannerAction>,
    /// Hidden until a script shows it (client-side cookie banners).
    pub hidden: bool,
    /// `alert` on confirmation messages, so assistive technology reads them out.
    pub role: Option<String>,
    pub classes: String,
    pub attributes: Attributes,
}

/// `govukCookieBanner`: asks for consent to non-essential cookies at the top of the page.
///
/// ```ignore
/// let question = CookieBannerMessage {
///     heading: Some("Cookies on this service".into()),
///     content: Some("We’d like to use analytics cookies.".into()),
///     actions: vec![
///         CookieBannerAction {
///             text: "Accept analytics cookies".into(),
///             button_type: Some(ButtonType::Submit),
///             name: Some("cookies".into()),
///             value: Some("accept".into()),
///             ..Default::default()
///         },
///         CookieBannerAction { text: "View cookies".into(), href: Some("/cookies".into()), ..Default::default() },
///     ],
///     ..Default::default()
/// };
/// view! { <form method="post"><CookieBanner messages=vec![question]/></form> }
/// ```
#[component]
pub fn CookieBanner(
    messages: Vec<CookieBannerMessage>,
    /// Labels the banner's region; `Cookie banner` by default.
    #[prop(optional_no_strip)]
    aria_label: Option<String>,
    /// Hides the whole banner, as when a script has found consent already given.
    #[prop(optional)]
    hidden: bool,
    #[prop(default = String::new(), into)] classes: String,
    #[prop(optional)] attributes: Attributes,
) -> impl IntoView {
    let aria_label = aria_label
        .filter(|l| !l.is_empty())
        .unwrap_or_else(|| "Cookie banner".to_owned());
    view! {
        <div
            class=join_classes("govuk-cookie-banner", &classes)
            data-nosnippet=""
            role="region"
            aria-label=aria_label
            hidden={hidden}
            {..attributes.spread()}
        >
            {messages.into_iter().map(message).collect_view()}
        </div>
    }
}

fn message(message: CookieBannerMessage) -> impl IntoView {
    let CookieBannerMessage {
        heading,
        content,
        actions,
        hidden,
        role,
        classes,
        attributes,
    } = message;
    let heading = heading.filter(|h| !h.is_empty()).map(|heading| {
        view! {
            <h2
                class="govuk-cookie-banner__heading govuk-heading-m"
                inner_html=heading.to_markup()
            ></h2>
        }
    });
    let content_markup = match content {
        Some(html @ Content::Html(_)) => html.to_markup(),
        Some(text @ Content::Text(_)) if !text.is_empty() => {
            format!(r#"<p class="govuk-body">{}</p>"#, text.to_markup())
        }
        _ => String::new(),
    };
    let actions = (!actions.is_empty()).then(|| {
        view! {
            <div class="govuk-button-group">{actions.into_iter().map(action).collect_view()}</div>
        }
    });
    view! {
        <div
            class=format!("{} govuk-width-container", join_classes("govuk-cookie-banner__message", &classes))
            role={role}
            {..attributes.spread()}
            hidden=hidden
        >
            <div class="govuk-grid-row">
                <div class="govuk-grid-column-two-thirds">
                    {heading}
                    <div class="govuk-cookie-banner__content" inner_html=content_markup></div>
                </div>
            </div>
            {actions}
        </div>
    }
}

fn action(action: CookieBannerAction) -> AnyView {
    let CookieBannerAction {
        text,
        button_type,
        href,
        name,
        value,
        classes,
        attributes,
    } = action;
    match href {
        Some(href) if button_type != Some(ButtonType::Button) => view! {
            <a class=join_classes("govuk-link", &classes) href={href} {..attributes.spread()}>
                {text}
            </a>
        }
        .into_any(),
        href => view! {
            <Button
                content=text
                button_type=button_type.unwrap_or(ButtonType::Button)
                href=href
                name=name
                value=value
                classes=classes
                attributes=attributes
            />
        }
        .into_any(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::govuk::conformance::render_to_string;

    #[test]
    fn heading_text_and_action_text_are_escaped() {
        let message = CookieBannerMessage {
            heading: Some("<h>".into()),
            content: Some("<c>".into()),
            actions: vec![
                CookieBannerAction {
                    text: "<b>".into(),
                    ..Default::default()
                },
                CookieBannerAction {
                    text: "<a>".into(),
                    href: Some("/x".into()),
                    ..Default::default()
                },
            ],
            ..Default::default()
        };
        let html = render_to_string(move || view! { <CookieBanner messages=vec![message]/> });
        for escaped in ["&lt;h&gt;", "&lt;c&gt;", "&lt;b&gt;", "&lt;a&gt;"] {
            assert!(html.contains(escaped), "{escaped} in {html}");
        }
    }

    #[test]
    fn submit_actions_post_their_choice() {
        let message = CookieBannerMessage {
            actions: vec![CookieBannerAction {
                text: "Reject".into(),
                button_type: Some(ButtonType::Submit),
                name: Some("cookies".into()),
                value: Some("reject".into()),
                ..Default::default()
            }],
            ..Default::default()
        };
        let html = render_to_string(move || view! { <CookieBanner messages=vec![message]/> });
        let button = scraper::Html::parse_fragment(&html);
        let selector = scraper::Selector::parse("button").unwrap();
        let button = button.select(&selector).next().expect(&html).value();
        assert_eq!(button.attr("type"), Some("submit"));
        assert_eq!(button.attr("name"), Some("cookies"));
        assert_eq!(button.attr("value"), Some("reject"));
    }
}

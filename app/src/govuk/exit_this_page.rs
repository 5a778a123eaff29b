use leptos::prelude::*;

use super::button::Button;
use super::content::{
    classes as join_classes, i18n_attributes, Attributes, Content, Translation, TrustedHtml,
};

/// `govukExitThisPage`: a button that takes the user quickly away to a neutral site (the BBC's
/// weather page by default), for services whose users may be at risk if seen using them.
///
/// ```ignore
/// view! { <ExitThisPage redirect_url=Some("https://www.bbc.co.uk/weather".into())/> }
/// ```
#[component]
pub fn ExitThisPage(
    /// The button's content; "Emergency Exit this page", with "Emergency" visually hidden, when
    /// `None`.
    #[prop(optional_no_strip)]
    content: Option<Content>,
    /// Where the button goes; `https://www.bbc.co.uk/weather` when `None`.
    #[prop(optional_no_strip)]
    redirect_url: Option<String>,
    #[prop(optional_no_strip)] id: Option<String>,
    #[prop(default = String::new(), into)] classes: String,
    #[prop(optional)] attributes: Attributes,
    /// Announced when the keyboard shortcut activates the button (`Loading.` by default).
    #[prop(optional_no_strip)]
    activated_text: Option<String>,
    /// Announced when the shortcut times out.
    #[prop(optional_no_strip)]
    timed_out_text: Option<String>,
    #[prop(optional_no_strip)] press_two_more_times_text: Option<String>,
    #[prop(optional_no_strip)] press_one_more_time_text: Option<String>,
) -> impl IntoView {
    let content = content.filter(|c| !c.is_empty()).unwrap_or_else(|| {
        TrustedHtml::from_trusted(
            r#"<span class="govuk-visually-hidden">Emergency</span> Exit this page"#,
        )
        .into()
    });
    let href = redirect_url
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| "https://www.bbc.co.uk/weather".to_owned());
    let message = |text: Option<String>| text.filter(|t| !t.is_empty()).map(Translation::Message);
    let i18n = i18n_attributes(&[
        ("activated", &message(activated_text)),
        ("timed-out", &message(timed_out_text)),
        ("press-two-more-times", &message(press_two_more_times_text)),
        ("press-one-more-time", &message(press_one_more_time_text)),
    ]);
    view! {
        <div
            id=id
            class=join_classes("govuk-exit-this-page", &classes)
            data-module="govuk-exit-this-page"
            {..attributes.spread()}
            {..i18n.spread()}
        >
            <Button
                content=content
                classes="govuk-button--warning govuk-exit-this-page__button govuk-js-exit-this-page-button"
                href=Some(href)
                // Where the user escapes to must not learn where they came from.
                attributes=Attributes::new().with("rel", "nofollow noreferrer")
            />
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::govuk::conformance::render_to_string;

    #[test]
    fn text_and_messages_are_escaped() {
        let html = render_to_string(|| {
            view! {
                <ExitThisPage
                    content=Some("<Leave>".into())
                    activated_text=Some("\"x\"".into())
                />
            }
        });
        assert!(html.contains("&lt;Leave&gt;"), "{html}");
        assert!(
            html.contains(r#"data-i18n.activated="&quot;x&quot;""#),
            "{html}"
        );
    }
}

use leptos::prelude::*;

use super::content::{classes as join_classes, Attributes, Content};
use super::HeadingLevel;

/// `govukFeedback`: a box asking users for feedback, at the end of a page. Its body is the
/// children, or `content`: text (in a paragraph) or trusted HTML.
///
/// ```ignore
/// view! {
///     <Feedback title="Help us improve this service">
///         <p class="govuk-body"><a class="govuk-link" href="/feedback">"Give feedback"</a></p>
///     </Feedback>
/// }
/// ```
#[component]
pub fn Feedback(
    #[prop(into)] title: Content,
    #[prop(optional)] heading_level: HeadingLevel,
    #[prop(optional, into)] content: Content,
    #[prop(optional, into)] classes: String,
    #[prop(optional)] attributes: Attributes,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let heading = heading_level.heading("govuk-feedback__title", None, title.to_markup());
    let body = match (children, content) {
        (Some(children), _) => Some(view! { <div class="govuk-feedback__body">{children()}</div> }.into_any()),
        (None, content) if content.is_empty() => None,
        (None, Content::Html(html)) => Some(
            view! { <div class="govuk-feedback__body" inner_html=Content::Html(html).to_markup()></div> }
                .into_any(),
        ),
        (None, Content::Text(text)) => Some(
            view! {
                <div class="govuk-feedback__body">
                    <p class="govuk-body">{text.trim().to_owned()}</p>
                </div>
            }
            .into_any(),
        ),
    };
    view! {
        <div
            class=join_classes("govuk-feedback govuk-width-container", &classes)
            {..attributes.spread()}
        >
            <div class="govuk-grid-row">
                <div class="govuk-grid-column-two-thirds">{heading} {body}</div>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::govuk::conformance::render_to_string;

    #[test]
    fn title_and_text_are_escaped_and_the_heading_level_applies() {
        let html = render_to_string(|| {
            view! {
                <Feedback
                    title="<b>Help</b>"
                    content="<i>Tell us</i>"
                    heading_level=HeadingLevel::H3
                />
            }
        });
        assert!(html.contains("&lt;b&gt;Help&lt;/b&gt;"), "{html}");
        assert!(html.contains("&lt;i&gt;Tell us&lt;/i&gt;"), "{html}");
        assert!(html.contains("<h3"), "{html}");
    }

    #[test]
    fn children_are_the_body() {
        let html = render_to_string(|| {
            view! {
                <Feedback title="Help">
                    <p>"inside"</p>
                </Feedback>
            }
        });
        assert!(
            html.contains(r#"<div class="govuk-feedback__body"><p>inside</p></div>"#),
            "{html}"
        );
    }
}

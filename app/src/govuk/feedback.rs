use leptos::prelude::*;

use super::content::{classes as join_classes, Attributes, Content};

/// The level of the feedback's heading.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FeedbackHeadingLevel {
    H1,
    #[default]
    H2,
    H3,
    H4,
    H5,
    H6,
}

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
    #[prop(optional)] heading_level: FeedbackHeadingLevel,
    #[prop(optional, into)] content: Content,
    #[prop(optional, into)] classes: String,
    #[prop(optional)] attributes: Attributes,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let title = title.to_markup();
    let class = "govuk-feedback__title";
    let heading = match heading_level {
        FeedbackHeadingLevel::H1 => view! { <h1 class=class inner_html=title></h1> }.into_any(),
        FeedbackHeadingLevel::H2 => view! { <h2 class=class inner_html=title></h2> }.into_any(),
        FeedbackHeadingLevel::H3 => view! { <h3 class=class inner_html=title></h3> }.into_any(),
        FeedbackHeadingLevel::H4 => view! { <h4 class=class inner_html=title></h4> }.into_any(),
        FeedbackHeadingLevel::H5 => view! { <h5 class=class inner_html=title></h5> }.into_any(),
        FeedbackHeadingLevel::H6 => view! { <h6 class=class inner_html=title></h6> }.into_any(),
    };
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
                    heading_level=FeedbackHeadingLevel::H3
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

use leptos::prelude::*;

use super::content::{classes as join_classes, Attributes, Content};
use super::tag::{Tag, TagColour};

/// The phase banner's tag ("Alpha", "Beta").
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PhaseBannerTag {
    pub content: Content,
    pub colour: TagColour,
    /// Extra classes after `govuk-phase-banner__content__tag`.
    pub classes: String,
}

impl<T: Into<Content>> From<T> for PhaseBannerTag {
    fn from(content: T) -> Self {
        PhaseBannerTag {
            content: content.into(),
            ..Default::default()
        }
    }
}

/// `govukPhaseBanner`: the service's phase as a tag, with a line of text such as a feedback link.
/// The text is the children, or `content` (text, or trusted HTML) when there are none.
///
/// ```ignore
/// view! {
///     <PhaseBanner tag="Beta".into()>
///         "This is a new service. " <a class="govuk-link" href="/feedback">"Give feedback"</a>
///     </PhaseBanner>
/// }
/// ```
#[component]
pub fn PhaseBanner(
    #[prop(optional)] tag: PhaseBannerTag,
    #[prop(optional, into)] content: Content,
    #[prop(optional, into)] classes: String,
    #[prop(optional)] attributes: Attributes,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let text = match children {
        Some(children) => {
            view! { <span class="govuk-phase-banner__text">{children()}</span> }.into_any()
        }
        None => {
            view! { <span class="govuk-phase-banner__text" inner_html=content.to_markup()></span> }
                .into_any()
        }
    };
    view! {
        <div
            class=join_classes("govuk-phase-banner govuk-width-container", &classes)
            {..attributes.spread()}
        >
            <p class="govuk-phase-banner__content">
                <Tag
                    content=tag.content
                    colour=tag.colour
                    classes=join_classes("govuk-phase-banner__content__tag", &tag.classes)
                />
                {text}
            </p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::govuk::conformance::render_to_string;

    #[test]
    fn text_is_escaped_and_children_win_over_content() {
        let html = render_to_string(|| {
            view! { <PhaseBanner tag="<b>Beta</b>".into() content="<i>new</i>"/> }
        });
        assert!(html.contains("&lt;b&gt;Beta&lt;/b&gt;"), "{html}");
        assert!(html.contains("&lt;i&gt;new&lt;/i&gt;"), "{html}");

        let html = render_to_string(|| {
            view! {
                <PhaseBanner tag="Beta".into() content="ignored">
                    <a href="/feedback">"feedback"</a>
                </PhaseBanner>
            }
        });
        assert!(
            html.contains(r#"<a href="/feedback">feedback</a>"#),
            "{html}"
        );
        assert!(!html.contains("ignored"), "{html}");
    }
}

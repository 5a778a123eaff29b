use leptos::prelude::*;

use super::content::{classes as join_classes, Attributes, Content};

/// `govukDetails`: a summary line the user can click to reveal more. The revealed part is
/// `content`, or the children when given.
///
/// ```ignore
/// view! {
///     <Details summary="Help with nationality">
///         <p>"We need to know your nationality so we can work out which elections you can vote in."</p>
///     </Details>
/// }
/// ```
#[component]
pub fn Details(
    /// The visible part.
    #[prop(into)]
    summary: Content,
    #[prop(optional_no_strip)] content: Option<Content>,
    #[prop(optional_no_strip)] id: Option<String>,
    /// Starts expanded.
    #[prop(optional)]
    open: bool,
    #[prop(default = String::new(), into)] classes: String,
    #[prop(optional)] attributes: Attributes,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let text = match children {
        Some(children) => view! { <div class="govuk-details__text">{children()}</div> }.into_any(),
        None => view! {
            <div
                class="govuk-details__text"
                inner_html=content.map(|c| c.to_markup()).unwrap_or_default()
            ></div>
        }
        .into_any(),
    };
    view! {
        <details id=id class=join_classes("govuk-details", &classes) {..attributes.spread()} open=open>
            <summary class="govuk-details__summary">
                <span class="govuk-details__summary-text" inner_html=summary.to_markup()></span>
            </summary>
            {text}
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::govuk::conformance::render_to_string;

    #[test]
    fn summary_and_text_are_escaped() {
        let html = render_to_string(|| {
            view! { <Details summary="<s>" content=Some("<t>".into())/> }
        });
        assert!(html.contains("&lt;s&gt;"), "{html}");
        assert!(html.contains("&lt;t&gt;"), "{html}");
    }

    #[test]
    fn children_are_the_revealed_text() {
        let html = render_to_string(|| {
            view! {
                <Details summary="More" open=true>
                    <p>"inside"</p>
                </Details>
            }
        });
        assert!(html.contains(" open"), "{html}");
        assert!(
            html.contains(r#"<div class="govuk-details__text"><p>inside</p></div>"#),
            "{html}"
        );
    }
}

use leptos::prelude::*;

use super::content::{classes as join_classes, Attributes, Content};

/// `govukInsetText`: sets apart a quotation, example or extra information from the text around it.
/// Its content is `content`, or the children when given.
///
/// ```ignore
/// view! { <InsetText content=Some("It can take up to 8 weeks to register.".into())/> }
/// ```
#[component]
pub fn InsetText(
    #[prop(optional_no_strip)] content: Option<Content>,
    #[prop(optional_no_strip)] id: Option<String>,
    #[prop(default = String::new(), into)] classes: String,
    #[prop(optional)] attributes: Attributes,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let class = join_classes("govuk-inset-text", &classes);
    match children {
        Some(children) => view! {
            <div id=id class={class} {..attributes.spread()}>
                {children()}
            </div>
        }
        .into_any(),
        None => view! {
            <div
                id=id
                class={class}
                {..attributes.spread()}
                inner_html=content.map(|c| c.to_markup()).unwrap_or_default()
            ></div>
        }
        .into_any(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::govuk::conformance::render_to_string;

    #[test]
    fn text_is_escaped_and_children_are_rendered() {
        let html = render_to_string(|| view! { <InsetText content=Some("<x>".into())/> });
        assert!(html.contains("&lt;x&gt;"), "{html}");
        let html = render_to_string(|| {
            view! {
                <InsetText>
                    <p>"inside"</p>
                </InsetText>
            }
        });
        assert!(
            html.contains(r#"<div class="govuk-inset-text"><p>inside</p></div>"#),
            "{html}"
        );
    }
}

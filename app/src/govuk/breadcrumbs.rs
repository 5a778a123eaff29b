use leptos::prelude::*;

use super::content::{classes as join_classes, Attributes, Content};

/// A breadcrumb: a link, or the current page when there is no `href`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BreadcrumbsItem {
    pub content: Content,
    pub href: Option<String>,
    /// Extra attributes of the link.
    pub attributes: Attributes,
}

impl BreadcrumbsItem {
    pub fn link(href: impl Into<String>, content: impl Into<Content>) -> Self {
        BreadcrumbsItem {
            content: content.into(),
            href: Some(href.into()),
            attributes: Attributes::new(),
        }
    }
}

/// `govukBreadcrumbs`: where the page sits in the site's hierarchy.
///
/// ```ignore
/// view! {
///     <Breadcrumbs items=vec![
///         BreadcrumbsItem::link("/", "Home"),
///         BreadcrumbsItem::link("/section", "Section"),
///     ]/>
/// }
/// ```
#[component]
pub fn Breadcrumbs(
    items: Vec<BreadcrumbsItem>,
    /// Shows only the first and last items on small screens.
    #[prop(optional)]
    collapse_on_mobile: bool,
    /// The `<nav>`'s accessible name.
    #[prop(default = "Breadcrumb".to_owned(), into)]
    label_text: String,
    /// Extra classes, such as `govuk-breadcrumbs--inverse`.
    #[prop(optional, into)]
    classes: String,
    #[prop(optional)] attributes: Attributes,
) -> impl IntoView {
    let mut class = join_classes("govuk-breadcrumbs", &classes);
    if collapse_on_mobile {
        class.push_str(" govuk-breadcrumbs--collapse-on-mobile");
    }
    let items = items
        .into_iter()
        .map(|item| {
            let markup = item.content.to_markup();
            match item.href.filter(|href| !href.is_empty()) {
                Some(href) => view! {
                    <li class="govuk-breadcrumbs__list-item">
                        <a
                            class="govuk-breadcrumbs__link"
                            href={href}
                            {..item.attributes.spread()}
                            inner_html=markup
                        ></a>
                    </li>
                }
                .into_any(),
                None => view! {
                    <li class="govuk-breadcrumbs__list-item" aria-current="page" inner_html=markup></li>
                }
                .into_any(),
            }
        })
        .collect_view();
    view! {
        <nav class={class} {..attributes.spread()} aria-label=label_text>
            <ol class="govuk-breadcrumbs__list">{items}</ol>
        </nav>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::govuk::conformance::render_to_string;

    #[test]
    fn text_is_escaped_and_an_item_without_href_is_the_current_page() {
        let html = render_to_string(|| {
            view! {
                <Breadcrumbs items=vec![
                    BreadcrumbsItem::link("/", "<b>Home</b>"),
                    BreadcrumbsItem { content: "Here".into(), ..Default::default() },
                ]/>
            }
        });
        assert!(html.contains("&lt;b&gt;Home&lt;/b&gt;"), "{html}");
        assert!(html.contains(r#"aria-current="page""#), "{html}");
        assert!(html.contains(r#"aria-label="Breadcrumb""#), "{html}");
    }
}

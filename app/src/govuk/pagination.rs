use leptos::prelude::*;

use super::content::{classes as join_classes, Attributes, Content};

/// The previous or next page link.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PaginationLink {
    /// The link is left out when this is empty.
    pub href: String,
    /// The link's text; "Previous page" / "Next page" (with "page" visually hidden) when empty.
    pub content: Content,
    /// The linked page's title, shown under the link in block mode.
    pub label_text: Option<String>,
    pub attributes: Attributes,
}

impl PaginationLink {
    pub fn new(href: impl Into<String>) -> Self {
        PaginationLink {
            href: href.into(),
            ..Default::default()
        }
    }
}

/// A numbered page in the list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PaginationPage {
    /// The page's number as shown (it may also be a word).
    pub number: String,
    pub href: String,
    /// The page the user is on.
    pub current: bool,
    /// The link's accessible name; "Page <number>" when `None`.
    pub visually_hidden_text: Option<String>,
    pub attributes: Attributes,
}

/// An entry of the page list: a page, or an ellipsis standing for pages left out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PaginationItem {
    Page(PaginationPage),
    Ellipsis,
}

impl PaginationItem {
    /// A page linking to `href`.
    pub fn page(number: impl ToString, href: impl Into<String>) -> Self {
        PaginationItem::Page(PaginationPage {
            number: number.to_string(),
            href: href.into(),
            ..Default::default()
        })
    }

    /// The page the user is on.
    pub fn current(number: impl ToString, href: impl Into<String>) -> Self {
        PaginationItem::Page(PaginationPage {
            number: number.to_string(),
            href: href.into(),
            current: true,
            ..Default::default()
        })
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    Previous,
    Next,
}

/// `govukPagination`: links to the previous and next pages, with or without a list of numbered
/// pages. Without a page list it is in block mode (`govuk-pagination--block`): the links stack,
/// each with an arrow before it and its `label_text` under it, for a sequence of content pages.
///
/// ```ignore
/// view! {
///     <Pagination
///         previous=Some(PaginationLink::new("/results?page=1"))
///         next=Some(PaginationLink::new("/results?page=3"))
///         items=vec![
///             PaginationItem::page(1, "/results?page=1"),
///             PaginationItem::current(2, "/results?page=2"),
///             PaginationItem::page(3, "/results?page=3"),
///             PaginationItem::Ellipsis,
///             PaginationItem::page(9, "/results?page=9"),
///         ]
///     />
/// }
/// ```
#[component]
pub fn Pagination(
    #[prop(optional)] items: Vec<PaginationItem>,
    #[prop(optional_no_strip)] previous: Option<PaginationLink>,
    #[prop(optional_no_strip)] next: Option<PaginationLink>,
    /// The `<nav>`'s accessible name.
    #[prop(default = "Pagination".to_owned(), into)]
    landmark_label: String,
    #[prop(optional, into)] classes: String,
    #[prop(optional)] attributes: Attributes,
) -> impl IntoView {
    let block = items.is_empty() && (previous.is_some() || next.is_some());
    let mut class = "govuk-pagination".to_owned();
    if block {
        class.push_str(" govuk-pagination--block");
    }
    let landmark_label = if landmark_label.is_empty() {
        "Pagination".to_owned()
    } else {
        landmark_label
    };
    let previous = previous
        .filter(|link| !link.href.is_empty())
        .map(|link| arrow_link(link, Direction::Previous, block));
    let next = next
        .filter(|link| !link.href.is_empty())
        .map(|link| arrow_link(link, Direction::Next, block));
    let list = (!items.is_empty()).then(|| {
        view! {
            <ul class="govuk-pagination__list">
                {items.into_iter().map(page_item).collect_view()}
            </ul>
        }
    });
    view! {
        <nav
            class=join_classes(&class, &classes)
            aria-label={landmark_label}
            {..attributes.spread()}
        >
            {previous}
            {list}
            {next}
        </nav>
    }
}

fn arrow_link(link: PaginationLink, direction: Direction, block: bool) -> impl IntoView {
    let (kind, default_text) = match direction {
        Direction::Previous => ("prev", "Previous"),
        Direction::Next => ("next", "Next"),
    };
    let label = link.label_text.filter(|label| !label.is_empty() && block);
    let title_class = if block && label.is_none() {
        "govuk-pagination__link-title govuk-pagination__link-title--decorated"
    } else {
        "govuk-pagination__link-title"
    };
    let title = if link.content.is_empty() {
        view! {
            <span class=title_class>
                {default_text}
                <span class="govuk-visually-hidden">" page"</span>
            </span>
        }
        .into_any()
    } else {
        view! { <span class=title_class inner_html=link.content.to_markup()></span> }.into_any()
    };
    let label = label.map(|label| {
        view! {
            <span class="govuk-visually-hidden">":"</span>
            <span class="govuk-pagination__link-label">{label}</span>
        }
    });
    // The arrow leads a previous link, and a next link in block mode; otherwise it trails.
    let leading = block || direction == Direction::Previous;
    let arrow_before = leading.then(|| arrow(direction));
    let arrow_after = (!leading).then(|| arrow(direction));
    view! {
        <div class=format!("govuk-pagination__{kind}")>
            <a
                class="govuk-link govuk-pagination__link"
                href=link.href
                rel={kind}
                {..link.attributes.spread()}
            >
                {arrow_before}
                {title}
                {label}
                {arrow_after}
            </a>
        </div>
    }
}

fn arrow(direction: Direction) -> impl IntoView {
    let (class, path) = match direction {
        Direction::Previous => (
            "govuk-pagination__icon govuk-pagination__icon--prev",
            "m6.5938-0.0078125-6.7266 6.7266 6.7441 6.4062 1.377-1.449-4.1856-3.9768h12.896v-2h-12.984l4.2931-4.293-1.414-1.414z",
        ),
        Direction::Next => (
            "govuk-pagination__icon govuk-pagination__icon--next",
            "m8.107-0.0078125-1.4136 1.414 4.2926 4.293h-12.986v2h12.896l-4.1855 3.9766 1.377 1.4492 6.7441-6.4062-6.7246-6.7266z",
        ),
    };
    view! {
        <svg
            class=class
            xmlns="http://www.w3.org/2000/svg"
            height="13"
            width="15"
            aria-hidden="true"
            focusable="false"
            viewBox="0 0 15 13"
        >
            <path d=path></path>
        </svg>
    }
}

fn page_item(item: PaginationItem) -> impl IntoView {
    match item {
        PaginationItem::Ellipsis => view! {
            <li class="govuk-pagination__item govuk-pagination__item--ellipsis">"⋯"</li>
        }
        .into_any(),
        PaginationItem::Page(page) => {
            let label = page
                .visually_hidden_text
                .unwrap_or_else(|| format!("Page {}", page.number));
            let (class, aria_current) = if page.current {
                (
                    "govuk-pagination__item govuk-pagination__item--current",
                    Some("page"),
                )
            } else {
                ("govuk-pagination__item", None)
            };
            view! {
                <li class=class>
                    <a
                        class="govuk-link govuk-pagination__link"
                        href=page.href
                        aria-label=label
                        aria-current={aria_current}
                        {..page.attributes.spread()}
                    >
                        {page.number}
                    </a>
                </li>
            }
            .into_any()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::govuk::conformance::render_to_string;

    #[test]
    fn link_text_and_labels_are_escaped() {
        let html = render_to_string(|| {
            view! {
                <Pagination
                    previous=Some(PaginationLink {
                        href: "/p".into(),
                        content: "<b>Before</b>".into(),
                        label_text: Some("<i>Intro</i>".into()),
                        ..Default::default()
                    })
                />
            }
        });
        assert!(html.contains("&lt;b&gt;Before&lt;/b&gt;"), "{html}");
        assert!(html.contains("&lt;i&gt;Intro&lt;/i&gt;"), "{html}");
        assert!(html.contains("govuk-pagination--block"), "{html}");
    }

    #[test]
    fn a_page_list_is_not_block_mode_and_marks_the_current_page() {
        let html = render_to_string(|| {
            view! {
                <Pagination
                    next=Some(PaginationLink::new("/2"))
                    items=vec![
                        PaginationItem::current(1, "/1"),
                        PaginationItem::Ellipsis,
                        PaginationItem::page(9, "/9"),
                    ]
                />
            }
        });
        assert!(!html.contains("govuk-pagination--block"), "{html}");
        assert!(html.contains(r#"aria-current="page""#), "{html}");
        assert!(html.contains("govuk-pagination__item--ellipsis"), "{html}");
        assert!(html.contains(r#"aria-label="Page 9""#), "{html}");
    }
}

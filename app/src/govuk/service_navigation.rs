use leptos::prelude::*;

use super::content::{classes as join_classes, Attributes, Content, TrustedHtml};
use super::raw_html::RawHtml;

/// A navigation item: a link, or text when there is no `href`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServiceNavigationItem {
    pub content: Content,
    pub href: Option<String>,
    /// The user is in this section (`aria-current="true"`).
    pub active: bool,
    /// The user is on this page (`aria-current="page"`); wins over `active`.
    pub current: bool,
    /// Extra attributes of the link.
    pub attributes: Attributes,
}

impl ServiceNavigationItem {
    pub fn link(href: impl Into<String>, content: impl Into<Content>) -> Self {
        ServiceNavigationItem {
            content: content.into(),
            href: Some(href.into()),
            ..Default::default()
        }
    }
}

/// Trusted HTML placed around the service navigation's parts (the macro's `slots`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServiceNavigationSlots {
    /// Before the service name.
    pub start: Option<TrustedHtml>,
    /// After the navigation, such as a language switcher.
    pub end: Option<TrustedHtml>,
    /// Keeps the `end` slot on the navigation's line (the macro's `align: "inline"`).
    pub end_inline: bool,
    /// First in the navigation list (`<li>` elements).
    pub navigation_start: Option<TrustedHtml>,
    /// Last in the navigation list (`<li>` elements).
    pub navigation_end: Option<TrustedHtml>,
}

/// `govukServiceNavigation`: the service's name and its main navigation, below the GOV.UK header.
/// With a service name (or a start or end slot) it is a `<section>` landmark, otherwise a `<div>`
/// around the `<nav>`.
///
/// ```ignore
/// view! {
///     <ServiceNavigation
///         service_name=Some("Apply for a licence".to_owned())
///         service_url=Some("/".to_owned())
///         navigation=vec![ServiceNavigationItem::link("/account", "Your account")]
///     />
/// }
/// ```
#[component]
pub fn ServiceNavigation(
    #[prop(optional_no_strip)] service_name: Option<String>,
    /// Makes the service name a link.
    #[prop(optional_no_strip)]
    service_url: Option<String>,
    #[prop(optional)] navigation: Vec<ServiceNavigationItem>,
    /// Collapses the navigation behind a menu button on small screens; by default when there
    /// is more than one item.
    #[prop(optional_no_strip)]
    collapse_navigation_on_mobile: Option<bool>,
    /// The menu button's text.
    #[prop(default = "Menu".to_owned(), into)]
    menu_button_text: String,
    /// The menu button's accessible name, when it differs from its text.
    #[prop(optional_no_strip)]
    menu_button_label: Option<String>,
    /// The `<nav>`'s accessible name; the menu button's text when `None`.
    #[prop(optional_no_strip)]
    navigation_label: Option<String>,
    /// The id of the navigation list.
    #[prop(default = "navigation".to_owned(), into)]
    navigation_id: String,
    #[prop(optional, into)] navigation_classes: String,
    /// The `<section>`'s accessible name.
    #[prop(default = "Service information".to_owned(), into)]
    aria_label: String,
    #[prop(optional)] slots: ServiceNavigationSlots,
    #[prop(optional, into)] classes: String,
    #[prop(optional)] attributes: Attributes,
) -> impl IntoView {
    let service_name = service_name.filter(|name| !name.is_empty());
    let is_section = service_name.is_some() || slots.start.is_some() || slots.end.is_some();

    let service_name = service_name.map(|name| {
        let name = match service_url.filter(|url| !url.is_empty()) {
            Some(url) => {
                view! { <a href=url class="govuk-service-navigation__link">{name}</a> }.into_any()
            }
            None => view! { <span class="govuk-service-navigation__text">{name}</span> }.into_any(),
        };
        view! { <span class="govuk-service-navigation__service-name">{name}</span> }
    });

    let show_navigation = !navigation.is_empty()
        || slots.navigation_start.is_some()
        || slots.navigation_end.is_some();
    let collapse = collapse_navigation_on_mobile.unwrap_or(navigation.len() > 1);
    let nav = show_navigation.then(|| {
        let toggle = collapse.then(|| {
            let label = menu_button_label.filter(|l| !l.is_empty() && *l != menu_button_text);
            view! {
                <button
                    type="button"
                    class="govuk-service-navigation__toggle govuk-js-service-navigation-toggle"
                    aria-controls=navigation_id.clone()
                    aria-label=label
                    hidden
                    aria-hidden="true"
                >
                    {menu_button_text.clone()}
                </button>
            }
        });
        let items = navigation.into_iter().map(navigation_item).collect_view();
        let list = view! {
            <ul class="govuk-service-navigation__list" id=navigation_id>
                {slots.navigation_start.map(RawHtml::from)}
                {items}
                {slots.navigation_end.map(RawHtml::from)}
            </ul>
        };
        let label = navigation_label
            .filter(|l| !l.is_empty())
            .unwrap_or(menu_button_text);
        view! {
            <nav
                aria-label=label
                class=join_classes("govuk-service-navigation__wrapper", &navigation_classes)
            >
                {toggle}
                {list}
            </nav>
        }
    });

    let container = view! {
        <div class="govuk-service-navigation__container">{service_name} {nav}</div>
    };
    let width_class = if slots.end.is_some() && slots.end_inline {
        "govuk-width-container govuk-service-navigation__inlining-container"
    } else {
        "govuk-width-container"
    };
    let inner = view! {
        <div class=width_class>
            {slots.start.map(RawHtml::from)}
            {container}
            {slots.end.map(RawHtml::from)}
        </div>
    };

    let class = join_classes("govuk-service-navigation", &classes);
    if is_section {
        view! {
            <section
                aria-label=aria_label
                class=class
                data-module="govuk-service-navigation"
                {..attributes.spread()}
            >
                {inner}
            </section>
        }
        .into_any()
    } else {
        view! {
            <div class=class data-module="govuk-service-navigation" {..attributes.spread()}>
                {inner}
            </div>
        }
        .into_any()
    }
}

fn navigation_item(item: ServiceNavigationItem) -> impl IntoView {
    let highlighted = item.active || item.current;
    let aria_current = highlighted.then_some(if item.current { "page" } else { "true" });
    let ServiceNavigationItem {
        content,
        href,
        attributes,
        ..
    } = item;
    let is_empty = content.is_empty();
    // Active items are also bold, so users who override colours still see which one it is.
    let label = if highlighted {
        view! {
            <strong class="govuk-service-navigation__active-fallback" inner_html=content.to_markup()></strong>
        }
        .into_any()
    } else {
        content.into_view().into_any()
    };
    let body = match href.filter(|href| !href.is_empty()) {
        Some(href) => Some(
            view! {
                <a
                    class="govuk-service-navigation__link"
                    href=href
                    aria-current={aria_current}
                    {..attributes.spread()}
                >
                    {label}
                </a>
            }
            .into_any(),
        ),
        None if !is_empty => Some(
            view! {
                <span
                    class="govuk-service-navigation__text"
                    aria-current={aria_current}
                >
                    {label}
                </span>
            }
            .into_any(),
        ),
        None => None,
    };
    let class = if highlighted {
        "govuk-service-navigation__item govuk-service-navigation__item--active"
    } else {
        "govuk-service-navigation__item"
    };
    view! { <li class=class>{body}</li> }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::govuk::conformance::render_to_string;

    #[test]
    fn names_are_escaped_and_the_current_item_is_marked() {
        let html = render_to_string(|| {
            view! {
                <ServiceNavigation
                    service_name=Some("<b>Apply</b>".to_owned())
                    navigation=vec![
                        ServiceNavigationItem::link("/a", "<i>A</i>"),
                        ServiceNavigationItem {
                            current: true,
                            ..ServiceNavigationItem::link("/b", "B")
                        },
                    ]
                />
            }
        });
        assert!(html.starts_with("<section"), "{html}");
        assert!(html.contains("&lt;b&gt;Apply&lt;/b&gt;"), "{html}");
        assert!(html.contains("&lt;i&gt;A&lt;/i&gt;"), "{html}");
        assert!(html.contains(r#"aria-current="page""#), "{html}");
        // Two items collapse behind the menu button on small screens.
        assert!(html.contains("govuk-service-navigation__toggle"), "{html}");
    }

    #[test]
    fn without_a_service_name_it_is_a_div() {
        let html = render_to_string(|| {
            view! { <ServiceNavigation navigation=vec![ServiceNavigationItem::link("/a", "A")]/> }
        });
        assert!(html.starts_with("<div"), "{html}");
        assert!(!html.contains("govuk-service-navigation__toggle"), "{html}");
    }
}

use leptos::prelude::*;

use super::content::{classes as join_classes, Attributes, Content};
use super::crown::Logo;

const LICENCE_LOGO_PATH: &str = "M421.5 142.8V.1l-50.7 32.3v161.1h112.4v-50.7zm-122.3-9.6A47.12 47.12 0 0 1 221 97.8c0-26 21.1-47.1 47.1-47.1 16.7 0 31.4 8.7 39.7 21.8l42.7-27.2A97.63 97.63 0 0 0 268.1 0c-36.5 0-68.3 20.1-85.1 49.7A98 98 0 0 0 97.8 0C43.9 0 0 43.9 0 97.8s43.9 97.8 97.8 97.8c36.5 0 68.3-20.1 85.1-49.7a97.76 97.76 0 0 0 149.6 25.4l19.4 22.2h3v-87.8h-80l24.3 27.5zM97.8 145c-26 0-47.1-21.1-47.1-47.1s21.1-47.1 47.1-47.1 47.2 21 47.2 47S123.8 145 97.8 145";
const OGL_URL: &str = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/";
const CROWN_COPYRIGHT_URL: &str = "https://www.nationalarchives.gov.uk/information-management/re-using-public-sector-information/uk-government-licensing-framework/crown-copyright/";

/// A link in the footer: in the meta list or in a navigation section.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FooterLink {
    pub href: String,
    pub text: String,
    pub attributes: Attributes,
}

impl FooterLink {
    pub fn new(href: impl Into<String>, text: impl Into<String>) -> Self {
        FooterLink {
            href: href.into(),
            text: text.into(),
            attributes: Attributes::new(),
        }
    }
}

/// The footer's meta area: support links (Cookies, Accessibility statement, ...) and optional
/// custom content such as "Built by ...".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FooterMeta {
    /// Heading of the links for screen readers; "Support links" when empty.
    pub visually_hidden_title: String,
    pub items: Vec<FooterLink>,
    /// Shown below the links when not empty.
    pub content: Content,
}

/// How wide a navigation section is: the GOV.UK grid's column widths.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FooterSectionWidth {
    #[default]
    Full,
    ThreeQuarters,
    TwoThirds,
    OneHalf,
    OneThird,
    OneQuarter,
}

impl FooterSectionWidth {
    /// The width's name in the grid's classes (`govuk-grid-column-<name>`), as the macro takes it.
    pub fn name(self) -> &'static str {
        match self {
            FooterSectionWidth::Full => "full",
            FooterSectionWidth::ThreeQuarters => "three-quarters",
            FooterSectionWidth::TwoThirds => "two-thirds",
            FooterSectionWidth::OneHalf => "one-half",
            FooterSectionWidth::OneThird => "one-third",
            FooterSectionWidth::OneQuarter => "one-quarter",
        }
    }
}

/// A navigation section above the meta area: a heading and a list of links.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FooterNavigation {
    pub title: String,
    pub width: FooterSectionWidth,
    /// Lays the links out in this many columns (`govuk-footer__list--columns-<n>`).
    pub columns: Option<u8>,
    /// Links with an empty `href` or `text` are left out.
    pub items: Vec<FooterLink>,
}

/// The footer's licence statement.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum FooterContentLicence {
    /// The logo and "All content is available under the Open Government Licence v3.0, except
    /// where otherwise stated".
    #[default]
    OpenGovernmentLicence,
    /// The licence logo with this statement instead (such as its Welsh translation).
    Custom(Content),
    /// No licence statement and no logo.
    Omitted,
}

/// `govukFooter`: the crown, optional navigation sections, the meta links, the content licence
/// and the crown copyright link.
///
/// ```ignore
/// view! {
///     <Footer meta=Some(FooterMeta {
///         items: vec![FooterLink::new("/cookies", "Cookies")],
///         ..Default::default()
///     })/>
/// }
/// ```
#[component]
pub fn Footer(
    #[prop(optional_no_strip)] meta: Option<FooterMeta>,
    #[prop(optional)] navigation: Vec<FooterNavigation>,
    #[prop(optional)] content_licence: FooterContentLicence,
    /// The copyright link's text; "© Crown copyright" when `None`.
    #[prop(optional_no_strip)]
    copyright: Option<Content>,
    /// Extra classes of the inner `govuk-width-container`.
    #[prop(optional, into)]
    container_classes: String,
    #[prop(optional, into)] classes: String,
    #[prop(optional)] attributes: Attributes,
) -> impl IntoView {
    let navigation = (!navigation.is_empty()).then(|| {
        let sections = navigation
            .into_iter()
            .map(|section| {
                let list_class = join_classes(
                    "govuk-footer__list",
                    &section
                        .columns
                        .map(|n| format!("govuk-footer__list--columns-{n}"))
                        .unwrap_or_default(),
                );
                let list = (!section.items.is_empty()).then(|| {
                    view! {
                        <ul class=list_class>
                            {section
                                .items
                                .into_iter()
                                .filter(|item| !item.href.is_empty() && !item.text.is_empty())
                                .map(|item| {
                                    view! {
                                        <li class="govuk-footer__list-item">{footer_link(item)}</li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                });
                view! {
                    <div class=format!(
                        "govuk-footer__section govuk-grid-column-{}",
                        section.width.name(),
                    )>
                        <h2 class="govuk-footer__heading govuk-heading-m">{section.title}</h2>
                        {list}
                    </div>
                }
            })
            .collect_view();
        view! {
            <div class="govuk-footer__navigation">{sections}</div>
            <hr class="govuk-footer__section-break"/>
        }
    });

    let meta = meta.map(|meta| {
        let title = if meta.visually_hidden_title.is_empty() {
            "Support links".to_owned()
        } else {
            meta.visually_hidden_title
        };
        let links = (!meta.items.is_empty()).then(|| {
            view! {
                <ul class="govuk-footer__inline-list">
                    {meta
                        .items
                        .into_iter()
                        .map(|item| {
                            view! {
                                <li class="govuk-footer__inline-list-item">{footer_link(item)}</li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
        });
        let custom = (!meta.content.is_empty()).then(|| {
            view! { <div class="govuk-footer__meta-custom" inner_html=meta.content.to_markup()></div> }
        });
        view! {
            <h2 class="govuk-visually-hidden">{title}</h2>
            {links}
            {custom}
        }
    });

    let licence = match content_licence {
        FooterContentLicence::Omitted => None,
        FooterContentLicence::OpenGovernmentLicence => Some(
            view! {
                <span class="govuk-footer__licence-description">
                    "All content is available under the "
                    <a class="govuk-footer__link" href=OGL_URL rel="license">
                        "Open Government Licence v3.0"
                    </a>
                    ", except where otherwise stated"
                </span>
            }
            .into_any(),
        ),
        FooterContentLicence::Custom(content) => Some(
            view! { <span class="govuk-footer__licence-description" inner_html=content.to_markup()></span> }
                .into_any(),
        ),
    }
    .map(|description| {
        view! {
            <svg
                aria-hidden="true"
                focusable="false"
                class="govuk-footer__licence-logo"
                xmlns="http://www.w3.org/2000/svg"
                viewBox="0 0 483.2 195.7"
                height="17"
                width="41"
            >
                <path fill="currentColor" d=LICENCE_LOGO_PATH></path>
            </svg>
            {description}
        }
    });

    let copyright = copyright
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| Content::from("© Crown copyright"));

    view! {
        <div class=join_classes("govuk-footer", &classes) {..attributes.spread()}>
            <div class=join_classes("govuk-width-container", &container_classes)>
                <Logo classes="govuk-footer__crown" aria_label=None logotype=false/>
                {navigation}
                <div class="govuk-footer__meta">
                    <div class="govuk-footer__meta-item govuk-footer__meta-item--grow">
                        {meta}
                        {licence}
                    </div>
                    <div class="govuk-footer__meta-item">
                        <a
                            class="govuk-footer__link govuk-footer__copyright-logo"
                            href=CROWN_COPYRIGHT_URL
                            inner_html=copyright.to_markup()
                        ></a>
                    </div>
                </div>
            </div>
        </div>
    }
}

fn footer_link(link: FooterLink) -> impl IntoView {
    view! {
        <a class="govuk-footer__link" href=link.href {..link.attributes.spread()}>
            {link.text}
        </a>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::govuk::conformance::render_to_string;

    #[test]
    fn link_text_and_copyright_text_are_escaped() {
        let html = render_to_string(|| {
            view! {
                <Footer
                    meta=Some(FooterMeta {
                        items: vec![FooterLink::new("/a", "<b>A</b>")],
                        ..Default::default()
                    })
                    copyright=Some("<i>C</i>".into())
                />
            }
        });
        assert!(html.contains("&lt;b&gt;A&lt;/b&gt;"), "{html}");
        assert!(html.contains("&lt;i&gt;C&lt;/i&gt;"), "{html}");
        assert!(html.contains("Support links"), "{html}");
    }

    #[test]
    fn navigation_links_without_href_or_text_are_left_out() {
        let html = render_to_string(|| {
            view! {
                <Footer navigation=vec![
                    FooterNavigation {
                        title: "Section".into(),
                        width: FooterSectionWidth::OneHalf,
                        columns: Some(2),
                        items: vec![FooterLink::new("", "No link"), FooterLink::new("/b", "B")],
                    },
                ]/>
            }
        });
        assert!(!html.contains("No link"), "{html}");
        assert!(html.contains("govuk-grid-column-one-half"), "{html}");
        assert!(html.contains("govuk-footer__list--columns-2"), "{html}");
    }
}

use leptos::prelude::*;

use super::content::{classes as join_classes, Attributes, Content};

/// The direction of a language's text (the `dir` attribute).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LanguageNavigationDirection {
    Ltr,
    Rtl,
    Auto,
}

impl LanguageNavigationDirection {
    pub fn as_str(self) -> &'static str {
        match self {
            LanguageNavigationDirection::Ltr => "ltr",
            LanguageNavigationDirection::Rtl => "rtl",
            LanguageNavigationDirection::Auto => "auto",
        }
    }
}

/// A language: a link to the page in that language, or the current language (text) when
/// `current` is set or there is no `href`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LanguageNavigationItem {
    /// The language's name, in that language ("Cymraeg").
    pub content: Content,
    pub href: Option<String>,
    pub current: bool,
    /// The language's code (`lang`, and `hreflang` unless `href_lang` is set).
    pub lang: Option<String>,
    /// The linked page's language when it differs from `lang`.
    pub href_lang: Option<String>,
    pub dir: Option<LanguageNavigationDirection>,
    /// Visually hidden text after the name, such as "Change the language to Welsh" in Welsh.
    pub language_description_text: Option<String>,
    /// Extra classes of the link or text.
    pub classes: String,
    pub attributes: Attributes,
}

/// `govukLanguageNavigation`: links to the page in other languages.
///
/// ```ignore
/// view! {
///     <LanguageNavigation items=vec![
///         LanguageNavigationItem { content: "English".into(), lang: Some("en".into()), current: true, ..Default::default() },
///         LanguageNavigationItem { content: "Cymraeg".into(), lang: Some("cy".into()), href: Some("/cy".into()), ..Default::default() },
///     ]/>
/// }
/// ```
#[component]
pub fn LanguageNavigation(
    items: Vec<LanguageNavigationItem>,
    /// The `<nav>`'s accessible name.
    #[prop(default = "Language".to_owned(), into)]
    aria_label: String,
    /// Extra classes, such as `govuk-language-navigation--inverse`.
    #[prop(optional, into)]
    classes: String,
    #[prop(optional)] attributes: Attributes,
) -> impl IntoView {
    let items = items.into_iter().map(language).collect_view();
    view! {
        <nav
            class=join_classes("govuk-language-navigation", &classes)
            {..attributes.spread()}
            aria-label=aria_label
        >
            <ul class="govuk-language-navigation__list">{items}</ul>
        </nav>
    }
}

fn language(item: LanguageNavigationItem) -> impl IntoView {
    let lang = item.lang.filter(|lang| !lang.is_empty());
    let dir = item.dir.map(LanguageNavigationDirection::as_str);
    let name = item.content.into_view();
    let entry = match item.href.filter(|href| !href.is_empty() && !item.current) {
        None => view! {
            <span
                class=join_classes("govuk-language-navigation__text", &item.classes)
                aria-current="true"
                lang=lang
                dir={dir}
                {..item.attributes.spread()}
            >
                {name}
            </span>
        }
        .into_any(),
        Some(href) => {
            let href_lang = item
                .href_lang
                .filter(|l| !l.is_empty())
                .or_else(|| lang.clone());
            let description = item
                .language_description_text
                .filter(|d| !d.is_empty())
                .map(|description| {
                    let hidden = format!(" {description}");
                    view! { <span class="govuk-visually-hidden">{hidden}</span> }
                });
            view! {
                <a
                    class=join_classes("govuk-language-navigation__link", &item.classes)
                    href=href
                    rel="alternate"
                    lang=lang
                    hreflang=href_lang
                    dir={dir}
                    {..item.attributes.spread()}
                >
                    {name}
                    {description}
                </a>
            }
            .into_any()
        }
    };
    view! { <li class="govuk-language-navigation__list-item">{entry}</li> }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::govuk::conformance::render_to_string;

    #[test]
    fn names_and_descriptions_are_escaped_and_hreflang_follows_lang() {
        let html = render_to_string(|| {
            view! {
                <LanguageNavigation items=vec![
                    LanguageNavigationItem {
                        content: "<b>English</b>".into(),
                        lang: Some("en".into()),
                        current: true,
                        ..Default::default()
                    },
                    LanguageNavigationItem {
                        content: "Cymraeg".into(),
                        lang: Some("cy".into()),
                        href: Some("/cy".into()),
                        language_description_text: Some("<i>Newid</i>".into()),
                        ..Default::default()
                    },
                ]/>
            }
        });
        assert!(html.contains("&lt;b&gt;English&lt;/b&gt;"), "{html}");
        assert!(html.contains("&lt;i&gt;Newid&lt;/i&gt;"), "{html}");
        assert!(html.contains(r#"hreflang="cy""#), "{html}");
        assert!(html.contains(r#"aria-label="Language""#), "{html}");
    }
}

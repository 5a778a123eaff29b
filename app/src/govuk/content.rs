//! What the GOV.UK macros take as `text` / `html` and `attributes`, typed.
use leptos::attr::custom::custom_attribute;
use leptos::tachys::html::attribute::any_attribute::{AnyAttribute, IntoAnyAttribute};

/// HTML that the caller vouches for (written by us, never from user input). The only way to put
/// unescaped markup into a component.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrustedHtml(String);

impl TrustedHtml {
    /// Marks `html` as trusted. Never pass text a user typed.
    pub fn from_trusted(html: impl Into<String>) -> Self {
        Self(html.into())
    }
}

/// A component's content: plain text (escaped) or trusted HTML, as the macros' `text` or `html`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Content {
    Text(String),
    Html(TrustedHtml),
}

impl Content {
    /// The content as markup, for an element's `inner_html`: text escaped, trusted HTML as it is.
    pub fn to_markup(&self) -> String {
        match self {
            Content::Text(text) => escape_html(text),
            Content::Html(TrustedHtml(html)) => html.clone(),
        }
    }
}

impl From<&str> for Content {
    fn from(text: &str) -> Self {
        Content::Text(text.to_owned())
    }
}

impl From<String> for Content {
    fn from(text: String) -> Self {
        Content::Text(text)
    }
}

impl From<TrustedHtml> for Content {
    fn from(html: TrustedHtml) -> Self {
        Content::Html(html)
    }
}

/// Extra attributes for a component's root element, as the macros' `attributes` option.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Attributes(Vec<(String, String)>);

impl Attributes {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn with(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.0.push((name.into(), value.into()));
        self
    }

    /// The attributes as Leptos attributes, for spreading onto an element: `{..attributes.spread()}`.
    pub fn spread(&self) -> Vec<AnyAttribute> {
        self.0
            .iter()
            .map(|(name, value)| custom_attribute(name.clone(), value.clone()).into_any_attr())
            .collect()
    }
}

/// `base` followed by the caller's extra classes, as the macros join them.
pub fn classes(base: &str, extra: Option<&str>) -> String {
    match extra.map(str::trim).filter(|e| !e.is_empty()) {
        Some(extra) => format!("{base} {extra}"),
        None => base.to_owned(),
    }
}

/// Escapes text for use as HTML content or an attribute value.
pub fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_trusted_html_is_not() {
        assert_eq!(
            Content::from("<p>a & 'b'</p>").to_markup(),
            "&lt;p&gt;a &amp; &#39;b&#39;&lt;/p&gt;"
        );
        assert_eq!(
            Content::from(TrustedHtml::from_trusted("<p>a</p>")).to_markup(),
            "<p>a</p>"
        );
    }

    #[test]
    fn extra_classes_follow_the_base_class() {
        assert_eq!(classes("govuk-skip-link", None), "govuk-skip-link");
        assert_eq!(classes("govuk-skip-link", Some("  ")), "govuk-skip-link");
        assert_eq!(
            classes("govuk-skip-link", Some("app-x")),
            "govuk-skip-link app-x"
        );
    }
}

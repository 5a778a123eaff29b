//! What the GOV.UK macros take as `text` / `html` and `attributes`, typed.
use leptos::attr::custom::custom_attribute;
use leptos::tachys::html::attribute::{Attribute, NamedAttributeKey, NextAttribute};
use leptos::tachys::renderer::{types::Element, Rndr};

/// HTML that the caller vouches for (written by us, never from user input). The only way to put
/// unescaped markup into a component.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrustedHtml(String);

impl TrustedHtml {
    /// Marks `html` as trusted. Never pass text a user typed.
    pub fn from_trusted(html: impl Into<String>) -> Self {
        Self(html.into())
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// A component's content: plain text (escaped) or trusted HTML, as the macros' `text` or `html`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Content {
    Text(String),
    Html(TrustedHtml),
}

impl Default for Content {
    fn default() -> Self {
        Content::Text(String::new())
    }
}

impl Content {
    /// True when there is nothing to show (the macros then leave the element out).
    pub fn is_empty(&self) -> bool {
        match self {
            Content::Text(text) => text.is_empty(),
            Content::Html(TrustedHtml(html)) => html.is_empty(),
        }
    }

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

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Adds every attribute of `other` after these.
    pub fn extend(mut self, other: &Attributes) -> Self {
        self.0.extend(other.0.iter().cloned());
        self
    }

    /// The attributes as markup (` name="value"` each), for components that draw a part of
    /// their markup as one string.
    pub fn to_markup(&self) -> String {
        self.0
            .iter()
            .map(|(name, value)| format!(" {}=\"{}\"", escape_html(name), escape_html(value)))
            .collect()
    }

    /// The attributes as Leptos attributes, for spreading onto an element: `{..attributes.spread()}`.
    pub fn spread(&self) -> SpreadAttributes {
        SpreadAttributes(self.0.clone())
    }
}

/// [`Attributes`] spread onto an element. Unlike Leptos' `Vec<AnyAttribute>`, it can be rendered
/// to HTML in the browser too.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SpreadAttributes(Vec<(String, String)>);

impl NextAttribute for SpreadAttributes {
    type Output<NewAttr: Attribute> = (Self, NewAttr);

    fn add_any_attr<NewAttr: Attribute>(self, new_attr: NewAttr) -> Self::Output<NewAttr> {
        (self, new_attr)
    }
}

impl Attribute for SpreadAttributes {
    const MIN_LENGTH: usize = 0;

    /// The element and the names set on it, so a rebuild can remove them.
    type State = (Element, Vec<String>);
    type AsyncOutput = Self;
    type Cloneable = Self;
    type CloneableOwned = Self;

    fn html_len(&self) -> usize {
        self.0.iter().map(|(n, v)| n.len() + v.len() + 4).sum()
    }

    fn to_html(
        self,
        buf: &mut String,
        class: &mut String,
        style: &mut String,
        inner_html: &mut String,
    ) {
        for (name, value) in self.0 {
            custom_attribute(name, value).to_html(buf, class, style, inner_html);
        }
    }

    fn hydrate<const FROM_SERVER: bool>(self, el: &Element) -> Self::State {
        // Server-rendered attributes are already on the element.
        (
            el.clone(),
            self.0.into_iter().map(|(name, _)| name).collect(),
        )
    }

    fn build(self, el: &Element) -> Self::State {
        let mut names = Vec::with_capacity(self.0.len());
        for (name, value) in self.0 {
            Rndr::set_attribute(el, &name, &value);
            names.push(name);
        }
        (el.clone(), names)
    }

    fn rebuild(self, state: &mut Self::State) {
        let (el, names) = state;
        for name in names.drain(..) {
            Rndr::remove_attribute(el, &name);
        }
        *state = self.build(el);
    }

    fn into_cloneable(self) -> Self::Cloneable {
        self
    }

    fn into_cloneable_owned(self) -> Self::CloneableOwned {
        self
    }

    fn dry_resolve(&mut self) {}

    async fn resolve(self) -> Self::AsyncOutput {
        self
    }

    fn keys(&self) -> Vec<NamedAttributeKey> {
        self.0
            .iter()
            .map(|(name, _)| NamedAttributeKey::Attribute(name.clone().into()))
            .collect()
    }
}

/// A translatable message that the component's JavaScript reads from `data-i18n.<key>`
/// attributes: one message, or one per CLDR plural rule (`one`, `other`, ...).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Translation {
    Message(String),
    Plural(Vec<(String, String)>),
}

impl Translation {
    /// The `data-i18n.<key>[.<rule>]` attributes, as `govukI18nAttributes` renders them.
    pub fn attributes(&self, key: &str) -> Attributes {
        match self {
            Translation::Message(message) => {
                Attributes::new().with(format!("data-i18n.{key}"), message)
            }
            Translation::Plural(messages) => messages
                .iter()
                .fold(Attributes::new(), |a, (rule, message)| {
                    a.with(format!("data-i18n.{key}.{rule}"), message)
                }),
        }
    }
}

/// The `data-i18n.*` attributes of every translation that is set, in order.
pub fn i18n_attributes(translations: &[(&str, &Option<Translation>)]) -> Attributes {
    translations
        .iter()
        .filter_map(|(key, t)| t.as_ref().map(|t| t.attributes(key)))
        .fold(Attributes::new(), |all, a| all.extend(&a))
}

/// `base` followed by the caller's extra classes, as the macros join them.
pub fn classes(base: &str, extra: &str) -> String {
    let extra = extra.trim();
    if extra.is_empty() {
        base.to_owned()
    } else {
        format!("{base} {extra}")
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
        assert_eq!(classes("govuk-skip-link", ""), "govuk-skip-link");
        assert_eq!(classes("govuk-skip-link", "  "), "govuk-skip-link");
        assert_eq!(classes("govuk-skip-link", "app-x"), "govuk-skip-link app-x");
    }
}

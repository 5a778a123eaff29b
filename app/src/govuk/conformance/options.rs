//! Reading a fixture's macro options (JSON) the way Nunjucks reads them, into our typed props.
use serde_json::Value;

use crate::govuk::content::{Attributes, Content, Translation, TrustedHtml};
use crate::govuk::HeadingLevel;

/// One level of a fixture's options: the macro's `params`, or a nested object such as `label`.
#[derive(Clone, Copy)]
pub struct Options<'a>(pub &'a Value);

static NULL: Value = Value::Null;

/// Nunjucks truthiness: empty strings, zero, false, null and undefined are false.
pub fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64() != Some(0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(_) | Value::Object(_) => true,
    }
}

impl<'a> Options<'a> {
    pub fn raw(&self, key: &str) -> &'a Value {
        self.0.get(key).unwrap_or(&NULL)
    }

    /// True when the key is present with a truthy value.
    pub fn has(&self, key: &str) -> bool {
        truthy(self.raw(key))
    }

    /// A nested object, when present and truthy.
    pub fn get(&self, key: &str) -> Option<Options<'a>> {
        let value = self.raw(key);
        truthy(value).then_some(Options(value))
    }

    /// A string option (numbers written as Nunjucks prints them); `None` when absent or empty.
    /// A heading level given as a number (`headingLevel: 3`), when it is one.
    pub fn heading_level(&self, key: &str) -> Option<HeadingLevel> {
        self.str(key)
            .and_then(|level| level.parse().ok())
            .and_then(HeadingLevel::from_number)
    }

    pub fn str(&self, key: &str) -> Option<String> {
        match self.raw(key) {
            Value::String(s) if !s.is_empty() => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(true) => Some("true".to_owned()),
            _ => None,
        }
    }

    /// A string option, empty when absent.
    pub fn string(&self, key: &str) -> String {
        self.str(key).unwrap_or_default()
    }

    pub fn bool(&self, key: &str) -> bool {
        self.has(key)
    }

    pub fn classes(&self) -> String {
        self.string("classes")
    }

    /// The array at `key` (empty when absent); falsy entries (null) are kept as `Options(null)`.
    pub fn array(&self, key: &str) -> Vec<Options<'a>> {
        match self.raw(key) {
            Value::Array(items) => items.iter().map(Options).collect(),
            _ => Vec::new(),
        }
    }

    /// `html` if set, else `text`, as every macro picks its content.
    pub fn content(&self) -> Content {
        self.content_from("html", "text")
    }

    /// Content from a named pair of keys, such as `titleHtml` / `titleText`.
    pub fn content_from(&self, html_key: &str, text_key: &str) -> Content {
        match (self.str(html_key), self.str(text_key)) {
            (Some(html), _) => Content::Html(TrustedHtml::from_trusted(html)),
            (None, Some(text)) => Content::Text(text),
            (None, None) => Content::default(),
        }
    }

    /// Content only when `html` or `text` is set.
    pub fn content_opt(&self) -> Option<Content> {
        Some(self.content()).filter(|c| !c.is_empty())
    }

    pub fn attributes(&self) -> Attributes {
        self.attributes_at("attributes")
    }

    /// An `attributes`-style option, as `govukAttributes` renders it: `null` values become empty,
    /// `{ value, optional: true }` is left out when empty and written bare when `true`.
    pub fn attributes_at(&self, key: &str) -> Attributes {
        let mut attributes = Attributes::new();
        let Value::Object(map) = self.raw(key) else {
            return attributes;
        };
        for (name, item) in map {
            let (value, optional) = match item {
                Value::Object(o) => (
                    o.get("value").unwrap_or(&NULL),
                    o.get("optional") == Some(&Value::Bool(true)),
                ),
                other => (other, false),
            };
            let value = match value {
                Value::Bool(true) if optional => Some(String::new()),
                Value::Null | Value::Bool(false) if optional => None,
                Value::Null => Some(String::new()),
                Value::String(s) => Some(s.clone()),
                other => Some(other.to_string()),
            };
            if let Some(value) = value {
                attributes = attributes.with(name.clone(), value);
            }
        }
        attributes
    }

    /// A translation option: a string, or an object of plural forms.
    pub fn translation(&self, key: &str) -> Option<Translation> {
        match self.raw(key) {
            Value::String(s) if !s.is_empty() => Some(Translation::Message(s.clone())),
            Value::Object(forms) => Some(Translation::Plural(
                forms
                    .iter()
                    .map(|(rule, m)| (rule.clone(), m.as_str().unwrap_or_default().to_owned()))
                    .collect(),
            )),
            _ => None,
        }
    }
}

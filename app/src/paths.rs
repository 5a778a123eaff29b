//! Typed paths: every URL of the service is declared once, as a [`Path`] constant in its service's
//! `paths` module (`account::paths`, `feed::paths`, `site::paths`). Links, redirects, form actions,
//! emails and the CLI build URLs from those constants, and the route table (`crate::routes`) turns
//! the same constants into the Leptos routes and the server's POST handlers, so a URL is written in
//! exactly one place.
//!
//! A pattern is written as axum writes it: `/signup/confirm/{token}`. A path with parameters is a
//! `Path<P>`: [`Path::to`] takes exactly the typed values the pattern needs (a `String` token, an
//! `LpaId`, a pair for two parameters), percent-encoded as path segments.
use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;

use leptos_router::{
    ParamSegment, PartialPathMatch, PathSegment, PossibleRouteMatch, StaticSegment,
};

/// One page or endpoint's URL pattern; `P` is what fills its parameters (`()` for none).
pub struct Path<P = ()> {
    pattern: &'static str,
    params: PhantomData<fn(P)>,
}

impl<P> Clone for Path<P> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<P> Copy for Path<P> {}

impl<P> PartialEq for Path<P> {
    fn eq(&self, other: &Self) -> bool {
        self.pattern == other.pattern
    }
}

impl<P> Eq for Path<P> {}

impl<P> fmt::Debug for Path<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.pattern)
    }
}

impl<P> Path<P> {
    /// A path with this pattern: `/`-separated segments, each literal text or `{name}`.
    pub const fn new(pattern: &'static str) -> Self {
        Path {
            pattern,
            params: PhantomData,
        }
    }

    /// The pattern, as axum routes take it.
    pub const fn pattern(&self) -> &'static str {
        self.pattern
    }

    /// The pattern as the Leptos router matches it.
    pub fn route_match(&self) -> RoutePattern {
        RoutePattern::parse(self.pattern)
    }

    /// Whether `path` (a request's path, no query) is one this pattern matches.
    pub fn matches(&self, path: &str) -> bool {
        self.route_match().matches(path)
    }
}

impl Path<()> {
    /// The URL of a path that has no parameters.
    pub fn href(&self) -> Href {
        Href(self.pattern.to_owned())
    }
}

impl<P: PathParams> Path<P> {
    /// The URL with its parameters filled in, in the order the pattern names them.
    pub fn to(&self, params: P) -> Href {
        let values = params.values();
        let mut values = values.iter();
        let mut url = String::with_capacity(self.pattern.len() + 16);
        for segment in self.pattern.split('/').skip(1) {
            url.push('/');
            if segment.starts_with('{') {
                let value = values.next().map(String::as_str).unwrap_or_default();
                url.extend(percent_encoding::utf8_percent_encode(value, SEGMENT));
            } else {
                url.push_str(segment);
            }
        }
        Href(url)
    }
}

impl<P: FromPathValues> Path<P> {
    /// The parameters of `path` (a request's path, no query), if this pattern matches it.
    pub fn parse(&self, path: &str) -> Option<P> {
        let matched = self.route_match().test(path)?;
        if !matches!(matched.remaining(), "" | "/") {
            return None;
        }
        let values: Vec<String> = matched
            .params()
            .into_iter()
            .map(|(_, value)| {
                percent_encoding::percent_decode_str(&value)
                    .decode_utf8_lossy()
                    .into_owned()
            })
            .collect();
        P::from_values(&values)
    }
}

/// What a path segment may hold unescaped (RFC 3986 `pchar` less the sub-delimiters we never need).
const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// The values of a path's parameters, in the pattern's order.
pub trait PathParams {
    fn values(&self) -> Vec<String>;
}

impl PathParams for String {
    fn values(&self) -> Vec<String> {
        vec![self.clone()]
    }
}

impl PathParams for &str {
    fn values(&self) -> Vec<String> {
        vec![(*self).to_owned()]
    }
}

impl PathParams for u64 {
    fn values(&self) -> Vec<String> {
        vec![self.to_string()]
    }
}

impl<A: PathParams, B: PathParams> PathParams for (A, B) {
    fn values(&self) -> Vec<String> {
        let mut values = self.0.values();
        values.extend(self.1.values());
        values
    }
}

/// Parameters read back from a matched path, in the pattern's order.
pub trait FromPathValues: Sized {
    fn from_values(values: &[String]) -> Option<Self>;
}

impl PathParams for usize {
    fn values(&self) -> Vec<String> {
        vec![self.to_string()]
    }
}

impl<A: FromPathValues, B: FromPathValues> FromPathValues for (A, B) {
    fn from_values(values: &[String]) -> Option<Self> {
        let (first, rest) = values.split_first()?;
        Some((
            A::from_values(std::slice::from_ref(first))?,
            B::from_values(rest)?,
        ))
    }
}

/// A segment as it is (a file's name, say).
impl FromPathValues for String {
    fn from_values(values: &[String]) -> Option<Self> {
        match values {
            [value] => Some(value.clone()),
            _ => None,
        }
    }
}

/// An index in a list, as the URLs of a list's items carry it.
impl FromPathValues for usize {
    fn from_values(values: &[String]) -> Option<Self> {
        match values {
            [index]
                if !index.is_empty()
                    && index.len() <= 4
                    && index.bytes().all(|b| b.is_ascii_digit()) =>
            {
                index.parse().ok()
            }
            _ => None,
        }
    }
}

/// A URL on this service, with any query added by [`Href::query`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Href(String);

impl Href {
    /// Adds `name=value` (form-encoded) to the query.
    pub fn query(mut self, name: &str, value: &str) -> Self {
        self.0.push(if self.0.contains('?') { '&' } else { '?' });
        self.0
            .extend(form_urlencoded::byte_serialize(name.as_bytes()));
        self.0.push('=');
        self.0
            .extend(form_urlencoded::byte_serialize(value.as_bytes()));
        self
    }

    /// The same URL with a fragment (`#id`).
    pub fn fragment(mut self, id: &str) -> Self {
        self.0.push('#');
        self.0.push_str(id);
        self
    }

    /// The URL made absolute on the service reached at `public_url`, for emails and the CLI.
    pub fn absolute(&self, public_url: &str) -> String {
        format!("{}{}", public_url.trim_end_matches('/'), self.0)
    }
}

impl fmt::Display for Href {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<Href> for String {
    fn from(href: Href) -> Self {
        href.0
    }
}

impl PartialEq<&str> for Href {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

/// A [`Path`]'s pattern as a Leptos route: its segments, literal or parameter, matched in turn.
#[derive(Clone, Debug)]
pub struct RoutePattern(Arc<[Segment]>);

#[derive(Clone, Debug)]
enum Segment {
    Literal(&'static str),
    Parameter(&'static str),
}

impl RoutePattern {
    /// Whether the pattern matches the whole of `path` (a request's path, no query).
    pub fn matches(&self, path: &str) -> bool {
        self.test(path)
            .is_some_and(|matched| matches!(matched.remaining(), "" | "/"))
    }

    fn parse(pattern: &'static str) -> Self {
        let segments: Vec<Segment> = pattern
            .split('/')
            .filter(|segment| !segment.is_empty())
            .map(|segment| match segment.strip_prefix('{') {
                Some(name) => Segment::Parameter(name.trim_end_matches('}')),
                None => Segment::Literal(segment),
            })
            .collect();
        RoutePattern(segments.into())
    }
}

impl PossibleRouteMatch for RoutePattern {
    fn optional(&self) -> bool {
        false
    }

    fn test<'a>(&self, path: &'a str) -> Option<PartialPathMatch<'a>> {
        if self.0.is_empty() {
            return StaticSegment("").test(path);
        }
        let mut remaining = path;
        let mut params = Vec::new();
        for segment in self.0.iter() {
            let matched = match segment {
                Segment::Literal(text) => StaticSegment(*text).test(remaining)?,
                Segment::Parameter(name) => ParamSegment(name).test(remaining)?,
            };
            remaining = matched.remaining();
            params.extend(matched.params());
        }
        let matched_len = path.len() - remaining.len();
        Some(PartialPathMatch::new(
            remaining,
            params,
            &path[..matched_len],
        ))
    }

    fn generate_path(&self, path: &mut Vec<PathSegment>) {
        for segment in self.0.iter() {
            match segment {
                Segment::Literal(text) => StaticSegment(*text).generate_path(path),
                Segment::Parameter(name) => ParamSegment(name).generate_path(path),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIRM: Path<String> = Path::new("/signup/confirm/{token}");
    const PAIR: Path<(u64, u64)> = Path::new("/lpa/{id}/attorney/{index}");

    #[test]
    fn parameters_are_filled_in_order_and_escaped_as_segments() {
        assert_eq!(CONFIRM.to("a/b c".to_owned()), "/signup/confirm/a%2Fb%20c");
        assert_eq!(PAIR.to((12, 3)), "/lpa/12/attorney/3");
        assert_eq!(Path::<()>::new("/").href(), "/");
    }

    #[test]
    fn queries_are_form_encoded() {
        let href = Path::<()>::new("/login")
            .href()
            .query("next", "/user/about-you?x=1");
        assert_eq!(href, "/login?next=%2Fuser%2Fabout-you%3Fx%3D1");
        assert_eq!(
            href.query("a", "b").absolute("https://example.org/"),
            "https://example.org/login?next=%2Fuser%2Fabout-you%3Fx%3D1&a=b"
        );
    }

    #[test]
    fn a_pattern_matches_its_own_urls_only() {
        assert!(CONFIRM.matches("/signup/confirm/abc"));
        assert!(!CONFIRM.matches("/signup/confirm"));
        assert!(!CONFIRM.matches("/signup/confirm/abc/def"));
        assert!(Path::<()>::new("/").matches("/"));
        assert!(!Path::<()>::new("/login").matches("/login/timeout"));
    }

    #[test]
    fn parameters_are_read_back_from_a_path() {
        const ITEM: Path<(usize, usize)> = Path::new("/lpa/{id}/attorney/{index}");
        assert_eq!(ITEM.parse("/lpa/12/attorney/3"), Some((12, 3)));
        assert_eq!(ITEM.parse("/lpa/12/attorney/x"), None);
        assert_eq!(ITEM.parse("/lpa/12/attorney/3/more"), None);
        assert_eq!(ITEM.parse("/lpa/12/attorney/-1"), None);
    }
}

use leptos::prelude::*;
use leptos::tachys::html::element::{custom, Custom, HtmlElement};

/// The level of a component's heading (`headingLevel` / `titleHeadingLevel` options), so it fits
/// the page's outline. `h2` unless the component says otherwise.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum HeadingLevel {
    H1,
    #[default]
    H2,
    H3,
    H4,
    H5,
    H6,
}

impl HeadingLevel {
    /// The level numbered `level`, when it is 1 to 6.
    pub fn from_number(level: u8) -> Option<Self> {
        Some(match level {
            1 => HeadingLevel::H1,
            2 => HeadingLevel::H2,
            3 => HeadingLevel::H3,
            4 => HeadingLevel::H4,
            5 => HeadingLevel::H5,
            6 => HeadingLevel::H6,
            _ => return None,
        })
    }

    pub fn tag(self) -> &'static str {
        match self {
            HeadingLevel::H1 => "h1",
            HeadingLevel::H2 => "h2",
            HeadingLevel::H3 => "h3",
            HeadingLevel::H4 => "h4",
            HeadingLevel::H5 => "h5",
            HeadingLevel::H6 => "h6",
        }
    }

    /// An empty heading element of this level, to add attributes and children to.
    pub fn element(self) -> HtmlElement<Custom<&'static str>, (), ()> {
        custom(self.tag())
    }

    /// A heading of this level with the given class, optional id and inner markup.
    pub(crate) fn heading(
        self,
        class: &'static str,
        id: Option<String>,
        markup: String,
    ) -> AnyView {
        self.element()
            .attr("class", class)
            .attr("id", id)
            .inner_html(markup)
            .into_any()
    }
}

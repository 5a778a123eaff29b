use leptos::prelude::*;

use super::content::{classes as join_classes, Attributes, Content};

/// A tag's colour: the package's `govuk-tag--*` modifiers. Blue is the unmodified tag.
///
/// The package also keeps `govuk-tag--turquoise` and `govuk-tag--pink` as deprecated names of
/// teal and magenta; they are not offered here.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TagColour {
    #[default]
    Blue,
    Grey,
    Green,
    Teal,
    Magenta,
    Purple,
    Red,
    Orange,
    Yellow,
}

impl TagColour {
    /// Every colour, blue first.
    pub const ALL: [TagColour; 9] = [
        TagColour::Blue,
        TagColour::Grey,
        TagColour::Green,
        TagColour::Teal,
        TagColour::Magenta,
        TagColour::Purple,
        TagColour::Red,
        TagColour::Orange,
        TagColour::Yellow,
    ];

    /// The modifier class, none for blue.
    pub fn class(self) -> Option<&'static str> {
        Some(match self {
            TagColour::Blue => return None,
            TagColour::Grey => "govuk-tag--grey",
            TagColour::Green => "govuk-tag--green",
            TagColour::Teal => "govuk-tag--teal",
            TagColour::Magenta => "govuk-tag--magenta",
            TagColour::Purple => "govuk-tag--purple",
            TagColour::Red => "govuk-tag--red",
            TagColour::Orange => "govuk-tag--orange",
            TagColour::Yellow => "govuk-tag--yellow",
        })
    }

    /// The colour whose modifier class is `class`.
    pub fn from_class(class: &str) -> Option<TagColour> {
        TagColour::ALL
            .into_iter()
            .find(|colour| colour.class() == Some(class))
    }

    /// `govuk-tag`, the caller's extra classes, then the colour's modifier (the phase banner's tag
    /// puts its own class before the caller's modifier, so the modifier goes last).
    fn classes(self, extra: &str) -> String {
        let classes = join_classes("govuk-tag", extra);
        match self.class() {
            Some(modifier) => format!("{classes} {modifier}"),
            None => classes,
        }
    }
}

/// A tag as markup, for options that take markup rather than a view (a summary list row's value):
/// the same `<strong>` as [`Tag`] draws, in the server and the browser alike.
pub fn tag_markup(content: &str, colour: TagColour) -> super::TrustedHtml {
    super::TrustedHtml::from_trusted(format!(
        "<strong class=\"{}\">{}</strong>",
        colour.classes(""),
        super::content::escape_html(content)
    ))
}

/// `govukTag`: a short status label, such as "Completed" or "Beta".
///
/// ```ignore
/// view! { <Tag content="Completed" colour=TagColour::Green/> }
/// ```
#[component]
pub fn Tag(
    #[prop(into)] content: Content,
    #[prop(optional)] colour: TagColour,
    /// Extra classes, between `govuk-tag` and the colour's modifier.
    #[prop(optional, into)]
    classes: String,
    #[prop(optional)] attributes: Attributes,
) -> impl IntoView {
    view! {
        <strong
            class=colour.classes(&classes)
            {..attributes.spread()}
            inner_html=content.to_markup()
        ></strong>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::govuk::conformance::render_to_string;

    #[test]
    fn the_markup_is_the_components() {
        let html = render_to_string(|| view! { <Tag content="A & B" colour=TagColour::Grey/> });
        assert_eq!(tag_markup("A & B", TagColour::Grey).into_string(), html);
    }

    #[test]
    fn text_is_escaped_and_colour_follows_extra_classes() {
        let html = render_to_string(|| {
            view! { <Tag content="<b>Done</b>" colour=TagColour::Green classes="app-tag"/> }
        });
        assert!(html.contains("&lt;b&gt;Done&lt;/b&gt;"), "{html}");
        assert!(
            html.contains(r#"class="govuk-tag app-tag govuk-tag--green""#),
            "{html}"
        );
    }

    #[test]
    fn every_colour_but_blue_has_a_modifier_that_maps_back() {
        for colour in TagColour::ALL {
            match colour.class() {
                Some(class) => assert_eq!(TagColour::from_class(class), Some(colour)),
                None => assert_eq!(colour, TagColour::Blue),
            }
        }
    }
}

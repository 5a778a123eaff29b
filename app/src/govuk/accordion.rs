use leptos::prelude::*;

use super::content::{classes as join_classes, i18n_attributes, Attributes, Content, Translation};
use super::heading_level::HeadingLevel;

/// One section of an accordion.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AccordionItem {
    pub heading: Content,
    /// A line under the heading, shown while the section is closed too.
    pub summary: Option<Content>,
    /// Trusted HTML as it is, or text in a `govuk-body` paragraph.
    pub content: Content,
    /// Open when the page loads.
    pub expanded: bool,
}

impl AccordionItem {
    pub fn new(heading: impl Into<Content>, content: impl Into<Content>) -> Self {
        AccordionItem {
            heading: heading.into(),
            content: content.into(),
            ..Default::default()
        }
    }
}

fn section(item: AccordionItem, id: &str, heading_level: HeadingLevel, n: usize) -> impl IntoView {
    let AccordionItem {
        heading,
        summary,
        content,
        expanded,
    } = item;
    let class = if expanded {
        "govuk-accordion__section govuk-accordion__section--expanded"
    } else {
        "govuk-accordion__section"
    };
    let heading = heading_level
        .element()
        .class("govuk-accordion__section-heading")
        .child(view! {
            <span
                class="govuk-accordion__section-button"
                id=format!("{id}-heading-{n}")
                inner_html=heading.to_markup()
            ></span>
        });
    let summary = summary.filter(|s| !s.is_empty()).map(|summary| {
        view! {
            <div
                class="govuk-accordion__section-summary govuk-body"
                id=format!("{id}-summary-{n}")
                inner_html=summary.to_markup()
            ></div>
        }
    });
    let content_id = format!("{id}-content-{n}");
    let content = match content {
        Content::Text(text) if !text.is_empty() => view! {
            <div id=content_id class="govuk-accordion__section-content">
                <p class="govuk-body">{text.trim().to_owned()}</p>
            </div>
        }
        .into_any(),
        content => view! {
            <div
                id=content_id
                class="govuk-accordion__section-content"
                inner_html=content.to_markup()
            ></div>
        }
        .into_any(),
    };
    view! {
        <div class=class>
            <div class="govuk-accordion__section-header">{heading} {summary}</div>
            {content}
        </div>
    }
}

/// `govukAccordion`: sections of content under headings, each opened and closed by the user.
/// Section ids are `<id>-heading-<n>`, `-summary-<n>` and `-content-<n>`, `n` counting from 1.
/// The `*_text` props translate the buttons' labels, which the component's JavaScript writes.
///
/// ```ignore
/// let items = vec![AccordionItem::new("Section A", "We need to know your nationality.")];
/// view! { <Accordion id="nationality" items=items/> }
/// ```
#[component]
pub fn Accordion(
    /// Must be unique on the page: it prefixes every section's ids, and the JavaScript keys the
    /// remembered open sections by it.
    #[prop(into)]
    id: String,
    #[prop(optional, into)] items: Vec<AccordionItem>,
    #[prop(optional)] heading_level: HeadingLevel,
    /// `Some(false)` stops the JavaScript remembering which sections were open across page loads.
    #[prop(optional_no_strip)]
    remember_expanded: Option<bool>,
    #[prop(optional_no_strip)] hide_all_sections_text: Option<Translation>,
    #[prop(optional_no_strip)] hide_section_text: Option<Translation>,
    #[prop(optional_no_strip)] hide_section_aria_label_text: Option<Translation>,
    #[prop(optional_no_strip)] show_all_sections_text: Option<Translation>,
    #[prop(optional_no_strip)] show_section_text: Option<Translation>,
    #[prop(optional_no_strip)] show_section_aria_label_text: Option<Translation>,
    #[prop(optional, into)] classes: String,
    #[prop(optional)] attributes: Attributes,
) -> impl IntoView {
    let i18n = i18n_attributes(&[
        ("hide-all-sections", &hide_all_sections_text),
        ("hide-section", &hide_section_text),
        ("hide-section-aria-label", &hide_section_aria_label_text),
        ("show-all-sections", &show_all_sections_text),
        ("show-section", &show_section_text),
        ("show-section-aria-label", &show_section_aria_label_text),
    ]);
    let sections = items
        .into_iter()
        .enumerate()
        .map(|(i, item)| section(item, &id, heading_level, i + 1))
        .collect_view();
    view! {
        <div
            class=join_classes("govuk-accordion", &classes)
            data-module="govuk-accordion"
            id={id}
            {..i18n.spread()}
            data-remember-expanded=remember_expanded.map(|r| r.to_string())
            {..attributes.spread()}
        >
            {sections}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::govuk::conformance::{normalise, render_to_string};

    #[test]
    fn headings_summaries_and_text_content_are_escaped() {
        let items = vec![AccordionItem {
            summary: Some("<s>".into()),
            ..AccordionItem::new("<h>", "<c>")
        }];
        let html = render_to_string(move || view! { <Accordion id="a" items=items/> });
        for escaped in ["&lt;h&gt;", "&lt;s&gt;", "&lt;c&gt;"] {
            assert!(html.contains(escaped), "{escaped} in {html}");
        }
    }

    #[test]
    fn translations_become_i18n_attributes() {
        let items = vec![AccordionItem::new("A", "a")];
        let html = normalise(&render_to_string(move || {
            view! {
                <Accordion
                    id="a"
                    items=items
                    heading_level=HeadingLevel::H3
                    show_section_text=Some(Translation::Message("Agor".into()))
                    remember_expanded=Some(false)
                />
            }
        }));
        assert!(html.contains(r#"data-i18n.show-section="Agor""#), "{html}");
        assert!(html.contains(r#"data-remember-expanded="false""#), "{html}");
        assert!(
            html.contains(r#"<h3 class="govuk-accordion__section-heading">"#),
            "{html}"
        );
    }
}

use leptos::prelude::*;

use super::content::{classes as join_classes, Attributes, Content, TrustedHtml};
use super::raw_html::RawHtml;

/// A fieldset's legend (`legend` option of `govukFieldset`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LegendOptions {
    pub content: Content,
    /// Extra classes, such as `govuk-fieldset__legend--l`.
    pub classes: String,
    /// Puts the legend's text in the page's `<h1>` (one question per page).
    pub is_page_heading: bool,
}

impl<T: Into<Content>> From<T> for LegendOptions {
    fn from(content: T) -> Self {
        LegendOptions {
            content: content.into(),
            ..Default::default()
        }
    }
}

/// A fieldset as the composite components take it (`fieldset` option of `govukRadios`, ...).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldsetOptions {
    pub legend: Option<LegendOptions>,
    pub classes: String,
    /// The ARIA role, such as `group` for date inputs.
    pub role: Option<String>,
    pub attributes: Attributes,
}

impl FieldsetOptions {
    /// A fieldset whose legend is `text` in the medium size (a group of fields within a page,
    /// below its `<h1>`), as the fieldset option of a component takes it.
    pub fn medium_legend(text: &str) -> Option<Self> {
        Some(FieldsetOptions {
            legend: Some(LegendOptions {
                content: text.to_owned().into(),
                classes: "govuk-fieldset__legend--m".to_owned(),
                is_page_heading: false,
            }),
            ..Default::default()
        })
    }

    /// A fieldset whose legend is the page's `<h1>`: one question on the page.
    pub fn page_heading(text: &str) -> Option<Self> {
        Some(FieldsetOptions {
            legend: Some(LegendOptions {
                content: text.to_owned().into(),
                classes: "govuk-fieldset__legend--l".to_owned(),
                is_page_heading: true,
            }),
            ..Default::default()
        })
    }
}

/// `govukFieldset`: groups related fields under a legend. Its content is the children, or trusted
/// HTML (the macro's `html`).
///
/// ```ignore
/// view! {
///     <Fieldset fieldset=FieldsetOptions { legend: Some("What is your address?".into()), ..Default::default() }>
///         <p>"Fields"</p>
///     </Fieldset>
/// }
/// ```
#[component]
pub fn Fieldset(
    fieldset: FieldsetOptions,
    /// Ids of hints and error messages, space-separated.
    #[prop(optional_no_strip)]
    described_by: Option<String>,
    #[prop(optional_no_strip)] html: Option<TrustedHtml>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let FieldsetOptions {
        legend,
        classes,
        role,
        attributes,
    } = fieldset;
    let legend = legend.filter(|l| !l.content.is_empty()).map(|legend| {
        let class = join_classes("govuk-fieldset__legend", &legend.classes);
        let markup = legend.content.to_markup();
        if legend.is_page_heading {
            view! {
                <legend class=class>
                    <h1 class="govuk-fieldset__heading" inner_html=markup></h1>
                </legend>
            }
            .into_any()
        } else {
            view! { <legend class=class inner_html=markup></legend> }.into_any()
        }
    });
    let class = join_classes("govuk-fieldset", &classes);
    let described_by = described_by.filter(|d| !d.is_empty());
    let content = match (children, html) {
        (Some(children), _) => Some(children()),
        (None, html) => html.map(|html| RawHtml::from(html).into_any()),
    };
    view! {
        <fieldset class=class role=role aria-describedby={described_by} {..attributes.spread()}>
            {legend}
            {content}
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::govuk::conformance::render_to_string;

    #[test]
    fn legend_text_is_escaped_and_children_are_rendered() {
        let fieldset = FieldsetOptions {
            legend: Some("<i>Address</i>".into()),
            ..Default::default()
        };
        let html = render_to_string(move || {
            view! {
                <Fieldset fieldset=fieldset>
                    <p>"inside"</p>
                </Fieldset>
            }
        });
        assert!(html.contains("&lt;i&gt;Address&lt;/i&gt;"), "{html}");
        assert!(html.contains("<p>inside</p>"), "{html}");
    }
}

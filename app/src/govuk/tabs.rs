use leptos::prelude::*;

use super::content::{classes as join_classes, Attributes, Content};

/// A tab's panel: trusted HTML as it is, or text in a `govuk-body` paragraph.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TabsPanel {
    pub content: Content,
    pub attributes: Attributes,
}

impl<T: Into<Content>> From<T> for TabsPanel {
    fn from(content: T) -> Self {
        TabsPanel {
            content: content.into(),
            ..Default::default()
        }
    }
}

/// One tab and its panel.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TabsItem {
    /// The panel's id, which the tab links to; `<id_prefix>-<n>` when not set.
    pub id: Option<String>,
    pub label: String,
    /// Extra attributes on the tab's link.
    pub attributes: Attributes,
    pub panel: TabsPanel,
}

/// `govukTabs`: panels of content, one shown at a time. Without JavaScript the tabs are a list of
/// links to the panels, which all show. The first tab is selected.
///
/// ```ignore
/// let items = vec![TabsItem {
///     id: Some("past-day".into()),
///     label: "Past day".into(),
///     panel: TrustedHtml::from_trusted("<p class=\"govuk-body\">…</p>").into(),
///     ..Default::default()
/// }];
/// view! { <Tabs items=items/> }
/// ```
#[component]
pub fn Tabs(
    #[prop(optional, into)] items: Vec<TabsItem>,
    #[prop(optional_no_strip)] id: Option<String>,
    /// Makes the panel ids of items without an id.
    #[prop(optional, into)]
    id_prefix: String,
    /// The heading above the list of tabs (shown without JavaScript).
    #[prop(default = "Contents".to_owned(), into)]
    title: String,
    #[prop(optional, into)] classes: String,
    #[prop(optional)] attributes: Attributes,
) -> impl IntoView {
    let content = (!items.is_empty()).then(|| {
        let panel_ids: Vec<String> = items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                item.id
                    .clone()
                    .unwrap_or_else(|| format!("{id_prefix}-{}", i + 1))
            })
            .collect();
        let (tabs, panels): (Vec<_>, Vec<_>) = items
            .into_iter()
            .zip(panel_ids)
            .enumerate()
            .map(|(i, (item, panel_id))| {
                let first = i == 0;
                let tab_class = if first {
                    "govuk-tabs__list-item govuk-tabs__list-item--selected"
                } else {
                    "govuk-tabs__list-item"
                };
                let tab = view! {
                    <li class=tab_class>
                        <a
                            class="govuk-tabs__tab"
                            href=format!("#{panel_id}")
                            {..item.attributes.spread()}
                        >
                            {item.label}
                        </a>
                    </li>
                };
                let panel_class = if first {
                    "govuk-tabs__panel"
                } else {
                    "govuk-tabs__panel govuk-tabs__panel--hidden"
                };
                let TabsPanel {
                    content,
                    attributes,
                } = item.panel;
                let panel = match content {
                    Content::Text(text) if !text.is_empty() => view! {
                        <div class=panel_class id={panel_id} {..attributes.spread()}>
                            <p class="govuk-body">{text}</p>
                        </div>
                    }
                    .into_any(),
                    content => view! {
                        <div
                            class=panel_class
                            id={panel_id}
                            {..attributes.spread()}
                            inner_html=content.to_markup()
                        ></div>
                    }
                    .into_any(),
                };
                (tab, panel)
            })
            .unzip();
        view! {
            <ul class="govuk-tabs__list">{tabs}</ul>
            {panels}
        }
    });
    view! {
        <div
            id=id
            class=join_classes("govuk-tabs", &classes)
            {..attributes.spread()}
            data-module="govuk-tabs"
        >
            <h2 class="govuk-tabs__title">{title}</h2>
            {content}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::govuk::conformance::{normalise, render_to_string};

    #[test]
    fn labels_and_panel_text_are_escaped() {
        let items = vec![TabsItem {
            id: Some("a".into()),
            label: "<l>".into(),
            panel: "<p>".into(),
            ..Default::default()
        }];
        let html = render_to_string(move || view! { <Tabs items=items title="<t>"/> });
        assert!(html.contains("&lt;l&gt;"), "{html}");
        assert!(
            html.contains(r#"<p class="govuk-body">&lt;p&gt;</p>"#),
            "{html}"
        );
        assert!(html.contains("&lt;t&gt;"), "{html}");
    }

    #[test]
    fn only_the_first_panel_shows_and_ids_come_from_the_prefix() {
        let items = vec![
            TabsItem {
                label: "One".into(),
                ..Default::default()
            },
            TabsItem {
                label: "Two".into(),
                ..Default::default()
            },
        ];
        let html = normalise(&render_to_string(move || {
            view! { <Tabs items=items id_prefix="t"/> }
        }));
        assert!(
            html.contains(r#"<div class="govuk-tabs__panel" id="t-1"></div>"#),
            "{html}"
        );
        assert!(
            html.contains(
                r#"<div class="govuk-tabs__panel govuk-tabs__panel--hidden" id="t-2"></div>"#
            ),
            "{html}"
        );
    }
}

use leptos::prelude::*;

use super::heading_level::HeadingLevel;

use super::content::{classes as join_classes, escape_html, Attributes, Content};

/// A row's key or value: its content and extra classes (such as a `govuk-!-width-*` override).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SummaryListCell {
    pub content: Content,
    pub classes: String,
}

impl<T: Into<Content>> From<T> for SummaryListCell {
    fn from(content: T) -> Self {
        SummaryListCell {
            content: content.into(),
            ..Default::default()
        }
    }
}

/// A link in a row's (or card's) actions, such as "Change".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SummaryListAction {
    pub href: String,
    pub content: Content,
    /// Read after the link text by screen readers, so "Change" says what it changes.
    pub visually_hidden_text: String,
    pub classes: String,
    pub attributes: Attributes,
}

impl SummaryListAction {
    pub fn new(
        href: impl Into<String>,
        content: impl Into<Content>,
        visually_hidden_text: impl Into<String>,
    ) -> Self {
        SummaryListAction {
            href: href.into(),
            content: content.into(),
            visually_hidden_text: visually_hidden_text.into(),
            ..Default::default()
        }
    }

    /// A "Change" link; `what` (such as "date of birth") is read by screen readers only.
    pub fn change(href: impl Into<String>, what: impl Into<String>) -> Self {
        Self::new(href, "Change", what)
    }
}

/// The actions of a row or of a card.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SummaryListActions {
    pub items: Vec<SummaryListAction>,
    pub classes: String,
}

/// One row: a key, its value and any actions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SummaryListRow {
    pub key: SummaryListCell,
    pub value: SummaryListCell,
    pub actions: SummaryListActions,
    pub classes: String,
}

impl SummaryListRow {
    pub fn new(key: impl Into<Content>, value: impl Into<Content>) -> Self {
        SummaryListRow {
            key: key.into().into(),
            value: value.into().into(),
            ..Default::default()
        }
    }

    /// Adds an action link to the row.
    pub fn action(mut self, action: SummaryListAction) -> Self {
        self.actions.items.push(action);
        self
    }

    /// Adds a "Change" link; `what` (such as "date of birth") is read by screen readers only.
    pub fn change(self, href: impl Into<String>, what: impl Into<String>) -> Self {
        self.action(SummaryListAction::change(href, what))
    }
}

/// A summary card's title.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SummaryCardTitle {
    pub content: Content,
    pub heading_level: HeadingLevel,
    pub classes: String,
}

impl<T: Into<Content>> From<T> for SummaryCardTitle {
    fn from(content: T) -> Self {
        SummaryCardTitle {
            content: content.into(),
            ..Default::default()
        }
    }
}

/// The `card` option: draws the list inside a card with a title and card-wide actions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SummaryCard {
    pub title: Option<SummaryCardTitle>,
    pub actions: SummaryListActions,
    pub classes: String,
    pub attributes: Attributes,
}

/// An action link. In a card, the card's title is added to the hidden text, so that links of
/// several cards on one page are told apart.
fn action_markup(action: &SummaryListAction, card_title: Option<&Content>) -> String {
    let mut hidden = String::new();
    if !action.visually_hidden_text.is_empty() {
        hidden.push(' ');
        hidden.push_str(&escape_html(&action.visually_hidden_text));
    }
    if let Some(title) = card_title {
        hidden.push_str(&format!(" ({})", title.to_markup()));
    }
    let mut markup = format!(
        r#"<a class="{}" href="{}"{}>{}"#,
        escape_html(&join_classes("govuk-link", &action.classes)),
        escape_html(&action.href),
        action.attributes.to_markup(),
        action.content.to_markup(),
    );
    if !hidden.is_empty() {
        markup.push_str(&format!(
            r#"<span class="govuk-visually-hidden">{hidden}</span>"#
        ));
    }
    markup.push_str("</a>");
    markup
}

/// One action as a link, or several as a list of `item_class` items in a `list_class` list.
fn actions_markup(
    items: &[SummaryListAction],
    card_title: Option<&Content>,
    list_class: &str,
    item_class: &str,
) -> String {
    match items {
        [action] => action_markup(action, card_title),
        items => {
            let items: String = items
                .iter()
                .map(|action| {
                    format!(
                        r#"<li class="{item_class}">{}</li>"#,
                        action_markup(action, card_title)
                    )
                })
                .collect();
            format!(r#"<ul class="{list_class}">{items}</ul>"#)
        }
    }
}

/// The rows' markup. Drawn as one string, not as elements: a summary list holds nothing live,
/// and a page of 50 summary cards (the dashboard) otherwise spends most of its time building
/// hundreds of small elements.
fn rows_markup(rows: &[SummaryListRow], card_title: Option<&Content>) -> String {
    // Rows without actions are drawn full width only when no row has any.
    let any_row_has_actions = rows.iter().any(|row| !row.actions.items.is_empty());
    let mut markup = String::new();
    for row in rows {
        let no_actions = row.actions.items.is_empty();
        let base = if any_row_has_actions && no_actions {
            "govuk-summary-list__row govuk-summary-list__row--no-actions"
        } else {
            "govuk-summary-list__row"
        };
        markup.push_str(&format!(
            r#"<div class="{}"><dt class="{}">{}</dt><dd class="{}">{}</dd>"#,
            escape_html(&join_classes(base, &row.classes)),
            escape_html(&join_classes("govuk-summary-list__key", &row.key.classes)),
            row.key.content.to_markup(),
            escape_html(&join_classes(
                "govuk-summary-list__value",
                &row.value.classes
            )),
            row.value.content.to_markup(),
        ));
        if !no_actions {
            markup.push_str(&format!(
                r#"<dd class="{}">{}</dd>"#,
                escape_html(&join_classes(
                    "govuk-summary-list__actions",
                    &row.actions.classes
                )),
                actions_markup(
                    &row.actions.items,
                    card_title,
                    "govuk-summary-list__actions-list",
                    "govuk-summary-list__actions-list-item",
                ),
            ));
        }
        markup.push_str("</div>");
    }
    markup
}

/// `govukSummaryList`: keys and their values, with change links: the "check your answers" page.
/// With `card`, the list is drawn inside a summary card.
///
/// ```ignore
/// let rows = vec![
///     SummaryListRow::new("Name", "Sarah Philips").change("/name", "name"),
///     SummaryListRow::new("Date of birth", "5 January 1978").change("/dob", "date of birth"),
/// ];
/// view! { <SummaryList rows=rows/> }
/// ```
#[component]
pub fn SummaryList(
    #[prop(optional, into)] rows: Vec<SummaryListRow>,
    #[prop(optional_no_strip)] card: Option<SummaryCard>,
    #[prop(optional, into)] classes: String,
    #[prop(optional)] attributes: Attributes,
) -> impl IntoView {
    match card {
        None => view! {
            <dl
                class=join_classes("govuk-summary-list", &classes)
                {..attributes.spread()}
                inner_html=rows_markup(&rows, None)
            ></dl>
        }
        .into_any(),
        Some(card) => {
            // A card is drawn as one string inside its outer element: pages such as the
            // dashboard draw fifty, and a tree of views for each cost more than the rest of the
            // page (docs/benchmarks.md, session 17).
            let SummaryCard {
                title,
                actions,
                classes: card_classes,
                attributes: card_attributes,
            } = card;
            let card_title = title.as_ref().map(|title| &title.content);
            let title_markup = title.as_ref().map_or_else(String::new, |title| {
                let tag = title.heading_level.tag();
                format!(
                    r#"<{tag} class="{}">{}</{tag}>"#,
                    escape_html(&join_classes("govuk-summary-card__title", &title.classes)),
                    title.content.to_markup()
                )
            });
            let actions_markup = if actions.items.is_empty() {
                String::new()
            } else {
                let class = escape_html(&join_classes(
                    "govuk-summary-card__actions",
                    &actions.classes,
                ));
                match actions.items.as_slice() {
                    [action] => format!(
                        r#"<div class="{class}">{}</div>"#,
                        action_markup(action, card_title)
                    ),
                    items => format!(
                        r#"<ul class="{class}">{}</ul>"#,
                        items
                            .iter()
                            .map(|action| format!(
                                r#"<li class="govuk-summary-card__action">{}</li>"#,
                                action_markup(action, card_title)
                            ))
                            .collect::<String>()
                    ),
                }
            };
            let inner = format!(
                r#"<div class="govuk-summary-card__title-wrapper">{title_markup}{actions_markup}</div><div class="govuk-summary-card__content"><dl class="{}"{}>{}</dl></div>"#,
                escape_html(&join_classes("govuk-summary-list", &classes)),
                attributes.to_markup(),
                rows_markup(&rows, card_title),
            );
            view! {
                <div
                    class=join_classes("govuk-summary-card", &card_classes)
                    {..card_attributes.spread()}
                    inner_html=inner
                ></div>
            }
            .into_any()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::govuk::conformance::{normalise, render_to_string};

    #[test]
    fn text_is_escaped() {
        let rows = vec![SummaryListRow::new("<k>", "<v>").change("/x", "<what>")];
        let html = render_to_string(move || view! { <SummaryList rows=rows/> });
        assert!(html.contains("&lt;k&gt;"), "{html}");
        assert!(html.contains("&lt;v&gt;"), "{html}");
        assert!(html.contains(" &lt;what&gt;</span>"), "{html}");
    }

    #[test]
    fn change_links_in_a_card_name_the_card() {
        let rows = vec![SummaryListRow::new("Name", "Sarah").change("/name", "name")];
        let card = SummaryCard {
            title: Some(SummaryCardTitle {
                heading_level: HeadingLevel::H3,
                .."University".into()
            }),
            ..Default::default()
        };
        let html = normalise(&render_to_string(move || {
            view! { <SummaryList rows=rows card=Some(card)/> }
        }));
        assert!(
            html.contains(r#"<h3 class="govuk-summary-card__title">University</h3>"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<a class="govuk-link" href="/name">Change<span class="govuk-visually-hidden">name (University)</span></a>"#),
            "{html}"
        );
    }
}

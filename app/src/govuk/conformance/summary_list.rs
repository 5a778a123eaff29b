use leptos::prelude::*;

use super::options::{truthy, Options};
use super::render_to_string;
use crate::govuk::{
    SummaryCard, SummaryCardTitle, SummaryList, SummaryListAction, SummaryListActions,
    SummaryListCell, SummaryListRow,
};

fn cell(o: Option<Options<'_>>) -> SummaryListCell {
    o.map(|o| SummaryListCell {
        content: o.content(),
        classes: o.classes(),
    })
    .unwrap_or_default()
}

fn actions(o: Option<Options<'_>>) -> SummaryListActions {
    let Some(o) = o else {
        return SummaryListActions::default();
    };
    SummaryListActions {
        items: o
            .array("items")
            .into_iter()
            .map(|a| SummaryListAction {
                href: a.string("href"),
                content: a.content(),
                visually_hidden_text: a.string("visuallyHiddenText"),
                classes: a.classes(),
                attributes: a.attributes(),
            })
            .collect(),
        classes: o.classes(),
    }
}

/// A heading level option as a number (fixtures write `3`), `h2` when absent.
pub fn render(o: Options<'_>) -> Option<String> {
    let rows: Vec<SummaryListRow> = o
        .array("rows")
        .into_iter()
        .filter(|row| truthy(row.0))
        .map(|row| SummaryListRow {
            key: cell(row.get("key")),
            value: cell(row.get("value")),
            actions: actions(row.get("actions")),
            classes: row.classes(),
        })
        .collect();
    let card = o.get("card").map(|card| SummaryCard {
        title: card.get("title").map(|title| SummaryCardTitle {
            content: title.content(),
            heading_level: title.heading_level("headingLevel").unwrap_or_default(),
            classes: title.classes(),
        }),
        actions: actions(card.get("actions")),
        classes: card.classes(),
        attributes: card.attributes(),
    });
    Some(render_to_string(move || {
        view! { <SummaryList rows=rows card=card classes=o.classes() attributes=o.attributes()/> }
    }))
}

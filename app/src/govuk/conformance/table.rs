use leptos::prelude::*;

use super::options::{truthy, Options};
use super::render_to_string;
use crate::govuk::{Table, TableCell, TableCellFormat};

fn cell(o: Options<'_>) -> TableCell {
    TableCell {
        content: o.content(),
        format: match o.str("format").as_deref() {
            Some("numeric") => Some(TableCellFormat::Numeric),
            _ => None,
        },
        colspan: o.str("colspan").and_then(|n| n.parse().ok()),
        rowspan: o.str("rowspan").and_then(|n| n.parse().ok()),
        classes: o.classes(),
        attributes: o.attributes(),
    }
}

pub fn render(o: Options<'_>) -> Option<String> {
    let rows: Vec<Vec<TableCell>> =
        o.0.get("rows")
            .and_then(|rows| rows.as_array())
            .into_iter()
            .flatten()
            .filter(|row| truthy(row))
            .map(|row| {
                row.as_array()
                    .into_iter()
                    .flatten()
                    .map(|c| cell(Options(c)))
                    .collect()
            })
            .collect();
    let head: Vec<TableCell> = o.array("head").into_iter().map(cell).collect();
    Some(render_to_string(move || {
        view! {
            <Table
                rows=rows
                head=head
                caption=o.string("caption")
                caption_classes=o.string("captionClasses")
                first_cell_is_header=o.bool("firstCellIsHeader")
                classes=o.classes()
                attributes=o.attributes()
            />
        }
    }))
}

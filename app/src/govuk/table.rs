use leptos::prelude::*;

use super::content::{classes as join_classes, Attributes, Content};

/// How a cell's content is aligned: numbers are right-aligned in tabular figures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TableCellFormat {
    Numeric,
}

impl TableCellFormat {
    fn modifier(self) -> &'static str {
        match self {
            TableCellFormat::Numeric => "numeric",
        }
    }
}

/// A cell of the table's head or body.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TableCell {
    pub content: Content,
    pub format: Option<TableCellFormat>,
    pub colspan: Option<u32>,
    pub rowspan: Option<u32>,
    pub classes: String,
    pub attributes: Attributes,
}

impl TableCell {
    /// A right-aligned number cell.
    pub fn numeric(content: impl Into<Content>) -> Self {
        TableCell {
            content: content.into(),
            format: Some(TableCellFormat::Numeric),
            ..Default::default()
        }
    }
}

impl<T: Into<Content>> From<T> for TableCell {
    fn from(content: T) -> Self {
        TableCell {
            content: content.into(),
            ..Default::default()
        }
    }
}

/// The classes of a head or data cell: `base`, its format modifier, then the caller's.
fn cell_class(base: &str, cell: &TableCell) -> String {
    let base = match cell.format {
        Some(format) => format!("{base} {base}--{}", format.modifier()),
        None => base.to_owned(),
    };
    join_classes(&base, &cell.classes)
}

/// `govukTable`: a table of data with an optional caption and head row. With
/// `first_cell_is_header`, each row's first cell is its header (`<th scope="row">`).
///
/// ```ignore
/// let head = vec!["Month".into(), TableCell::numeric("Rate")];
/// let rows = vec![vec!["January".into(), TableCell::numeric("£85")]];
/// view! { <Table caption="Rates" head=head rows=rows first_cell_is_header=true/> }
/// ```
#[component]
pub fn Table(
    #[prop(optional, into)] rows: Vec<Vec<TableCell>>,
    /// The head row; none when empty.
    #[prop(optional, into)]
    head: Vec<TableCell>,
    /// Plain text; none when empty.
    #[prop(optional, into)]
    caption: String,
    /// Extra classes on the caption, such as `govuk-table__caption--m`.
    #[prop(optional, into)]
    caption_classes: String,
    #[prop(optional)] first_cell_is_header: bool,
    #[prop(optional, into)] classes: String,
    #[prop(optional)] attributes: Attributes,
) -> impl IntoView {
    let caption = (!caption.is_empty()).then(|| {
        view! {
            <caption class=join_classes("govuk-table__caption", &caption_classes)>{caption}</caption>
        }
    });
    let head = (!head.is_empty()).then(|| {
        let cells = head
            .into_iter()
            .map(|cell| {
                view! {
                    <th
                        scope="col"
                        class=cell_class("govuk-table__header", &cell)
                        colspan=cell.colspan
                        rowspan=cell.rowspan
                        {..cell.attributes.spread()}
                        inner_html=cell.content.to_markup()
                    ></th>
                }
            })
            .collect_view();
        view! {
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">{cells}</tr>
            </thead>
        }
    });
    let rows = rows
        .into_iter()
        .map(|row| {
            let cells = row
                .into_iter()
                .enumerate()
                .map(|(i, cell)| {
                    if i == 0 && first_cell_is_header {
                        // A row header takes no format modifier, as the macro draws it.
                        view! {
                            <th
                                scope="row"
                                class=join_classes("govuk-table__header", &cell.classes)
                                colspan=cell.colspan
                                rowspan=cell.rowspan
                                {..cell.attributes.spread()}
                                inner_html=cell.content.to_markup()
                            ></th>
                        }
                        .into_any()
                    } else {
                        view! {
                            <td
                                class=cell_class("govuk-table__cell", &cell)
                                colspan=cell.colspan
                                rowspan=cell.rowspan
                                {..cell.attributes.spread()}
                                inner_html=cell.content.to_markup()
                            ></td>
                        }
                        .into_any()
                    }
                })
                .collect_view();
            view! { <tr class="govuk-table__row">{cells}</tr> }
        })
        .collect_view();
    view! {
        <table class=join_classes("govuk-table", &classes) {..attributes.spread()}>
            {caption}
            {head}
            <tbody class="govuk-table__body">{rows}</tbody>
        </table>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::govuk::conformance::{normalise, render_to_string};

    #[test]
    fn caption_and_cells_are_escaped() {
        let rows = vec![vec![TableCell::from("<td>"), TableCell::numeric("1 < 2")]];
        let html = render_to_string(move || view! { <Table caption="<b>c</b>" rows=rows/> });
        assert!(html.contains("&lt;b&gt;c&lt;/b&gt;</caption>"), "{html}");
        assert!(html.contains("&lt;td&gt;"), "{html}");
        assert!(html.contains("1 &lt; 2"), "{html}");
    }

    #[test]
    fn a_numeric_row_header_is_not_right_aligned() {
        let rows = vec![vec![TableCell::numeric("1"), TableCell::numeric("2")]];
        let html = normalise(&render_to_string(move || {
            view! { <Table rows=rows first_cell_is_header=true/> }
        }));
        assert!(
            html.contains(r#"<th class="govuk-table__header" scope="row">1</th>"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<td class="govuk-table__cell govuk-table__cell--numeric">2</td>"#),
            "{html}"
        );
    }
}

//! How the API reads a table (other-systems B.4): which schemas it never serves, how a page is
//! asked for (orientation, `next-id`, and ours: column filters and CSV), where a page ends, and
//! the `next` link that carries the same question on.
use serde_json::Value as Json;

use crate::datastore::columns::{Column, ColumnType, Value};

/// Rows in a page (the real service's `pagination_size`).
pub const PAGE_SIZE: usize = 1000;

/// Schemas the real service answers 404 for whatever the table (B.4). No dataset's schema is one
/// (a dataset's has a dot), but a request naming one is refused before anything is looked up.
pub const HIDDEN_SCHEMAS: [&str; 8] = [
    "pg_toast",
    "pg_temp_1",
    "pg_toast_temp_1",
    "pg_catalog",
    "public",
    "information_schema",
    "operations",
    "admin",
];

/// The column every table is paged on.
pub const ID: &str = "id";

/// The query parameters with a meaning of their own; any other names a column to filter on.
const ORIENTATION: &str = "orientation";
const NEXT_ID: &str = "next-id";
const FORMAT: &str = "format";

/// How a JSON page lays out its rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Orientation {
    /// `{"headers": [..], "values": [[..], ..], "next"}`; one column's values are a flat list.
    Tabular,
    /// `{"results": [{column: value}, ..], "next"}`.
    Records,
}

impl Orientation {
    pub fn as_str(self) -> &'static str {
        match self {
            Orientation::Tabular => "tabular",
            Orientation::Records => "records",
        }
    }
}

/// What a page is written as (ours, as Datasette offers: any page as CSV).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    /// A header line and the rows; the next page's URL in a `Link` header.
    Csv,
}

/// A column to equal a value: `?country=France`. The value is checked against the column's type
/// when the table is known ([`PageRequest::filters_on`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Filter {
    pub column: String,
    pub value: String,
}

/// A filter made good against the table: the column's type and the value as one.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckedFilter {
    pub column: String,
    pub kind: ColumnType,
    /// `None` filters on the column being empty (`?column=` or a null-ish value).
    pub value: Option<Value>,
}

/// A request for a page of a table, as its query string asks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageRequest {
    pub orientation: Orientation,
    pub format: Format,
    /// The first id of the page (`next-id`); from the start when absent.
    pub from_id: Option<i64>,
    pub filters: Vec<Filter>,
}

impl PageRequest {
    /// The query's parameters, decoded and in order; an answer for a 400 when one is wrong.
    pub fn parse(parameters: &[(String, String)]) -> Result<Self, String> {
        let mut request = PageRequest {
            orientation: Orientation::Tabular,
            format: Format::Json,
            from_id: None,
            filters: Vec::new(),
        };
        for (name, value) in parameters {
            match name.as_str() {
                ORIENTATION => {
                    request.orientation = match value.as_str() {
                        "tabular" => Orientation::Tabular,
                        "records" => Orientation::Records,
                        _ => return Err("orientation must be tabular or records".to_owned()),
                    }
                }
                NEXT_ID => {
                    request.from_id = Some(
                        value
                            .parse()
                            .map_err(|_| "next-id must be a whole number".to_owned())?,
                    )
                }
                FORMAT => {
                    request.format = match value.as_str() {
                        "json" => Format::Json,
                        "csv" => Format::Csv,
                        _ => return Err("format must be json or csv".to_owned()),
                    }
                }
                column => request.filters.push(Filter {
                    column: column.to_owned(),
                    value: value.clone(),
                }),
            }
        }
        Ok(request)
    }

    /// The filters against the table's columns (`id` and `columns`): each must name one, and its
    /// value must be of the column's type.
    pub fn filters_on(&self, columns: &[Column]) -> Result<Vec<CheckedFilter>, String> {
        self.filters
            .iter()
            .map(|filter| {
                let kind = if filter.column == ID {
                    ColumnType::Integer
                } else {
                    columns
                        .iter()
                        .find(|column| column.name.as_str() == filter.column)
                        .map(|column| column.kind)
                        .ok_or_else(|| {
                            format!("There is no column named {:?} to filter on", filter.column)
                        })?
                };
                let value = if crate::datastore::columns::is_null(&filter.value) {
                    None
                } else {
                    Some(kind.convert(&filter.value).ok_or_else(|| {
                        format!(
                            "The filter on {} must be {}",
                            filter.column,
                            kind.expected()
                        )
                    })?)
                };
                Ok(CheckedFilter {
                    column: filter.column.clone(),
                    kind,
                    value,
                })
            })
            .collect()
    }

    /// The query string of the page after this one, which starts at `next_id`: the real
    /// service's `orientation` and `next-id` first, then this request's format and filters.
    pub fn next_query(&self, next_id: i64) -> String {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        query.append_pair(ORIENTATION, self.orientation.as_str());
        query.append_pair(NEXT_ID, &next_id.to_string());
        if self.format == Format::Csv {
            query.append_pair(FORMAT, "csv");
        }
        for filter in &self.filters {
            query.append_pair(&filter.column, &filter.value);
        }
        query.finish()
    }
}

/// A page cut from rows read with `LIMIT size + 1` in id order: the rows it shows, and the id the
/// next page starts at (the extra row's), if there is one.
pub fn cut_page<Row>(
    mut rows: Vec<Row>,
    size: usize,
    id_of: impl Fn(&Row) -> i64,
) -> (Vec<Row>, Option<i64>) {
    if rows.len() > size {
        let next = id_of(&rows[size]);
        rows.truncate(size);
        (rows, Some(next))
    } else {
        (rows, None)
    }
}

/// A JSON page as B.4 lays it out, `next` the full URL of the next page or `null`.
pub fn json_page(
    orientation: Orientation,
    headers: &[String],
    rows: Vec<Vec<Json>>,
    next: Option<String>,
) -> Json {
    let next = next.map_or(Json::Null, Json::String);
    match orientation {
        Orientation::Tabular => {
            let values: Vec<Json> = if headers.len() == 1 {
                rows.into_iter().flatten().collect()
            } else {
                rows.into_iter().map(Json::Array).collect()
            };
            serde_json::json!({ "headers": headers, "values": values, "next": next })
        }
        Orientation::Records => {
            let results: Vec<Json> = rows
                .into_iter()
                .map(|row| Json::Object(headers.iter().cloned().zip(row).collect()))
                .collect();
            serde_json::json!({ "results": results, "next": next })
        }
    }
}

/// A cell as a CSV page writes it: empty for `null`.
pub fn csv_cell(value: &Json) -> String {
    match value {
        Json::Null => String::new(),
        Json::String(text) => text.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::datastore::columns::ColumnName;
    use proptest::prelude::*;

    fn pairs(query: &[(&str, &str)]) -> Vec<(String, String)> {
        query
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    fn columns() -> Vec<Column> {
        vec![
            Column {
                name: ColumnName::parse("country").unwrap(),
                kind: ColumnType::Text,
            },
            Column {
                name: ColumnName::parse("year").unwrap(),
                kind: ColumnType::Integer,
            },
        ]
    }

    #[test]
    fn a_bare_request_is_the_first_tabular_json_page() {
        assert_eq!(
            PageRequest::parse(&[]).unwrap(),
            PageRequest {
                orientation: Orientation::Tabular,
                format: Format::Json,
                from_id: None,
                filters: vec![],
            }
        );
    }

    #[test]
    fn wrong_parameters_are_explained() {
        for (query, message) in [
            (
                ("orientation", "columns"),
                "orientation must be tabular or records",
            ),
            (("next-id", "ten"), "next-id must be a whole number"),
            (("next-id", ""), "next-id must be a whole number"),
            (("format", "xml"), "format must be json or csv"),
        ] {
            assert_eq!(
                PageRequest::parse(&pairs(&[query])).unwrap_err(),
                message,
                "{query:?}"
            );
        }
    }

    #[test]
    fn filters_must_name_a_column_and_fit_its_type() {
        let request = PageRequest::parse(&pairs(&[
            ("country", "France"),
            ("year", "2020"),
            ("id", ""),
        ]))
        .unwrap();
        assert_eq!(
            request.filters_on(&columns()).unwrap(),
            vec![
                CheckedFilter {
                    column: "country".into(),
                    kind: ColumnType::Text,
                    value: Some(Value::Text("France".into()))
                },
                CheckedFilter {
                    column: "year".into(),
                    kind: ColumnType::Integer,
                    value: Some(Value::Integer(2020))
                },
                CheckedFilter {
                    column: "id".into(),
                    kind: ColumnType::Integer,
                    value: None
                },
            ]
        );
        let unknown = PageRequest::parse(&pairs(&[("colour", "red")])).unwrap();
        assert_eq!(
            unknown.filters_on(&columns()).unwrap_err(),
            "There is no column named \"colour\" to filter on"
        );
        let mistyped = PageRequest::parse(&pairs(&[("year", "last")])).unwrap();
        assert_eq!(
            mistyped.filters_on(&columns()).unwrap_err(),
            "The filter on year must be a whole number"
        );
    }

    #[test]
    fn the_next_query_carries_the_request_on() {
        let request = PageRequest::parse(&pairs(&[
            ("format", "csv"),
            ("country", "Côte d'Ivoire & co"),
            ("orientation", "records"),
            ("next-id", "5"),
        ]))
        .unwrap();
        assert_eq!(
            request.next_query(1001),
            "orientation=records&next-id=1001&format=csv&country=C%C3%B4te+d%27Ivoire+%26+co"
        );
        let again = url::form_urlencoded::parse(request.next_query(1001).as_bytes())
            .into_owned()
            .collect::<Vec<_>>();
        let next = PageRequest::parse(&again).unwrap();
        assert_eq!(next.from_id, Some(1001));
        assert_eq!(next.filters, request.filters);
        assert_eq!(next.orientation, Orientation::Records);
    }

    #[test]
    fn pages_are_laid_out_as_the_real_service_lays_them_out() {
        use serde_json::json;
        let headers = vec!["id".to_owned(), "rate".to_owned()];
        let rows = || vec![vec![json!(1), json!(0.5)], vec![json!(2), Json::Null]];
        assert_eq!(
            json_page(
                Orientation::Tabular,
                &headers,
                rows(),
                Some("http://x/next".into())
            ),
            json!({"headers": ["id", "rate"], "values": [[1, 0.5], [2, null]], "next": "http://x/next"})
        );
        assert_eq!(
            json_page(Orientation::Records, &headers, rows(), None),
            json!({"results": [{"id": 1, "rate": 0.5}, {"id": 2, "rate": null}], "next": null})
        );
        // One column: its values are a flat list.
        assert_eq!(
            json_page(
                Orientation::Tabular,
                &["id".to_owned()],
                vec![vec![json!(1)], vec![json!(2)]],
                None
            ),
            json!({"headers": ["id"], "values": [1, 2], "next": null})
        );
        assert_eq!(csv_cell(&Json::Null), "");
        assert_eq!(csv_cell(&json!("a, b")), "a, b");
        assert_eq!(csv_cell(&json!(true)), "true");
        assert_eq!(csv_cell(&json!(2.5)), "2.5");
    }

    proptest! {
        /// Pages cut from any id sequence, each read from where the last said, give every row
        /// once, in order, and at most `size` a page.
        #[test]
        fn paging_gives_every_row_once(
            gaps in proptest::collection::vec(1i64..5, 0..300),
            size in 1usize..50,
        ) {
            let ids: Vec<i64> = gaps.iter().scan(0, |id, gap| { *id += gap; Some(*id) }).collect();
            let mut seen = Vec::new();
            let mut from = i64::MIN;
            loop {
                let read: Vec<i64> = ids.iter().copied().filter(|id| *id >= from).take(size + 1).collect();
                let (page, next) = cut_page(read, size, |id| *id);
                prop_assert!(page.len() <= size);
                seen.extend(page);
                match next {
                    Some(next) => from = next,
                    None => break,
                }
            }
            prop_assert_eq!(seen, ids);
        }
    }
}

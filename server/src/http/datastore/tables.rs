//! The generic table endpoints (other-systems B.4): `table-structure` (scope
//! `get_table_structure`) and `table-data` (scope `get_table_data`) of a dataset's table, named
//! by its schema (`org.dataset`) and table (`L0`).
//!
//! `table-data` pages on `id`, 1,000 rows a page, `orientation=tabular|records`, `next-id` and
//! the `next` URL, keeping `id` and the columns' own names as the real one does; beyond it, any
//! other parameter filters on a column's equality (`?country=France`, `?country=` for empty) and
//! `format=csv` answers the same page as CSV with the next page's URL in a `Link` header.
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use app::datastore::api::{self, Format, PageRequest, PAGE_SIZE};
use app::datastore::server::reader::{PublishedTable, TableReader};

use super::error::DataApiError;
use super::paths::TABLE_DATA;
use crate::state::AppState;

/// A published table, or 404 `{}` for any other name (a hidden schema, a dataset with nothing
/// loaded yet, a table that is not there).
async fn published(
    state: &AppState,
    schema: &str,
    table: &str,
) -> Result<(TableReader, PublishedTable), DataApiError> {
    let reader = TableReader::of(&state.backends);
    let found = reader.find(schema, table).await?;
    found
        .map(|published| (reader, published))
        .ok_or(DataApiError::NotFound)
}

/// `{"columns": [{"name", "type"}, …]}`, `id` first.
pub async fn structure(
    State(state): State<AppState>,
    Path((schema, table)): Path<(String, String)>,
) -> Result<Response, DataApiError> {
    let (_, published) = published(&state, &schema, &table).await?;
    let columns: Vec<serde_json::Value> =
        std::iter::once(json!({ "name": api::ID, "type": "integer" }))
            .chain(
                published
                    .columns
                    .iter()
                    .map(|c| json!({ "name": c.name.as_str(), "type": c.kind.as_str() })),
            )
            .collect();
    Ok(Json(json!({ "columns": columns })).into_response())
}

/// A page of the table's rows.
pub async fn data(
    State(state): State<AppState>,
    Path((schema, table)): Path<(String, String)>,
    RawQuery(query): RawQuery,
) -> Result<Response, DataApiError> {
    let parameters: Vec<(String, String)> =
        serde_urlencoded::from_str(query.as_deref().unwrap_or_default()).map_err(|_| {
            DataApiError::BadRequest("The query string could not be read".to_owned())
        })?;
    let (reader, published) = published(&state, &schema, &table).await?;
    let request = PageRequest::parse(&parameters).map_err(DataApiError::BadRequest)?;
    let filters = request
        .filters_on(&published.columns)
        .map_err(DataApiError::BadRequest)?;
    let read = reader
        .rows(&published, request.from_id, &filters, PAGE_SIZE + 1)
        .await?;
    let (rows, next_id) = api::cut_page(read, PAGE_SIZE, |row| row[0].as_i64().unwrap_or(i64::MAX));
    let next = next_id.map(|id| {
        format!(
            "{}{}?{}",
            state.config.public_url(),
            TABLE_DATA.to((schema.clone(), table.clone())),
            request.next_query(id)
        )
    });
    let headers = published.headers();
    match request.format {
        Format::Json => {
            Ok(Json(api::json_page(request.orientation, &headers, rows, next)).into_response())
        }
        Format::Csv => {
            let mut writer = csv::Writer::from_writer(Vec::new());
            let written = writer.write_record(&headers).and_then(|()| {
                rows.iter()
                    .try_for_each(|row| writer.write_record(row.iter().map(api::csv_cell)))
            });
            let body = written
                .map_err(|error| DataApiError::Failed(error.to_string()))
                .and_then(|()| {
                    writer
                        .into_inner()
                        .map_err(|error| DataApiError::Failed(error.to_string()))
                })?;
            let mut response = (
                [(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/csv; charset=utf-8"),
                )],
                body,
            )
                .into_response();
            if let Some(next) = next {
                let link = HeaderValue::try_from(format!("<{next}>; rel=\"next\""))
                    .map_err(|error| DataApiError::Failed(error.to_string()))?;
                response.headers_mut().insert(header::LINK, link);
            }
            Ok(response)
        }
    }
}

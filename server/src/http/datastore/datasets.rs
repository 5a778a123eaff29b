//! The datasets there are (ours; scope `list_datasets`): `GET /api/v1/datasets` lists them by
//! organisation then dataset; `GET /api/v1/datasets/{schema}` gives one with its table (where
//! the table endpoints read it) and, for an uploaded dataset, its versions newest first. The
//! schema (`org.dataset`) is how the table endpoints name a dataset.
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use app::datastore::names::DatasetName;
use app::datastore::server::datasets::{Dataset, Datasets};
use app::datastore::server::reader::TableReader;
use app::datastore::server::versions::Versions;
use app::datastore::upload::UploadState;

use super::error::DataApiError;
use super::paths::{DATASET, TABLE_DATA, TABLE_STRUCTURE};
use crate::state::AppState;

fn described(dataset: &Dataset, public_url: &str) -> Value {
    let schema = dataset.name.schema();
    json!({
        "id": dataset.id,
        "organisation": dataset.name.organisation.as_str(),
        "dataset": dataset.name.dataset.as_str(),
        "schema": schema,
        "slug": dataset.slug().as_str(),
        "origin": dataset.origin.as_str(),
        "created_at": dataset.created_at,
        "url": format!("{public_url}{}", DATASET.to(schema.clone())),
    })
}

pub async fn list(State(state): State<AppState>) -> Result<Response, DataApiError> {
    let public_url = state.config.public_url();
    let datasets = Datasets::of(&state.backends).all().await?;
    let listed: Vec<Value> = datasets
        .iter()
        .map(|dataset| described(dataset, &public_url))
        .collect();
    Ok(Json(json!({ "datasets": listed })).into_response())
}

pub async fn one(
    State(state): State<AppState>,
    Path(schema): Path<String>,
) -> Result<Response, DataApiError> {
    let public_url = state.config.public_url();
    let name = DatasetName::from_schema(&schema).ok_or(DataApiError::NotFound)?;
    let dataset = Datasets::of(&state.backends)
        .named(&name)
        .await?
        .ok_or(DataApiError::NotFound)?;
    let table = TableReader::of(&state.backends)
        .find(&schema, "L0")
        .await?
        .map(|table| {
            let at = (schema.clone(), "L0".to_owned());
            json!({
                "name": "L0",
                "row_count": table.row_count,
                "loaded_at": table.loaded_at,
                "structure": format!("{public_url}{}", TABLE_STRUCTURE.to(at.clone())),
                "data": format!("{public_url}{}", TABLE_DATA.to(at)),
            })
        });
    let versions = Versions::of(&state.backends).of_dataset(dataset.id).await?;
    let latest = versions
        .iter()
        .filter(|v| v.state == UploadState::Completed)
        .max_by_key(|v| v.processed_at)
        .map(|v| v.id.clone());
    let versions: Vec<Value> = versions
        .iter()
        .map(|version| {
            json!({
                "id": version.id,
                "file_name": version.file_name,
                "state": version.state.as_str(),
                "uploaded_at": version.uploaded_at,
                "processed_at": version.processed_at,
                "rows": version.rows_loaded,
                "latest": latest.as_ref() == Some(&version.id),
            })
        })
        .collect();
    let mut answer = described(&dataset, &public_url);
    answer["table"] = table.unwrap_or(Value::Null);
    answer["versions"] = Value::Array(versions);
    Ok(Json(answer).into_response())
}

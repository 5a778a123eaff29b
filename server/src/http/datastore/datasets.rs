//! `GET /api/v1/datasets` (scope `list_datasets`): `{"datasets": [{"id", "organisation",
//! "dataset", "schema", "slug", "origin", "created_at"}, …]}`, by organisation then dataset. The
//! schema is how the table endpoints name a dataset.
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use backends::Backends;
use serde_json::json;

use app::datastore::server::datasets::Datasets;

pub async fn list(State(backends): State<Backends>) -> Response {
    match Datasets::of(&backends).all().await {
        Ok(datasets) => {
            let listed: Vec<serde_json::Value> = datasets
                .iter()
                .map(|dataset| {
                    json!({
                        "id": dataset.id,
                        "organisation": dataset.name.organisation.as_str(),
                        "dataset": dataset.name.dataset.as_str(),
                        "schema": dataset.name.schema(),
                        "slug": dataset.slug().as_str(),
                        "origin": dataset.origin.as_str(),
                        "created_at": dataset.created_at,
                    })
                })
                .collect();
            Json(json!({ "datasets": listed })).into_response()
        }
        Err(error) => {
            tracing::error!(%error, "listing the datasets failed");
            // As the real service answers any failure of its own (B.6): 500, nothing said.
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

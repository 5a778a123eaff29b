//! `GET /api/v1/datasets` (scope `list_datasets`): `{"datasets": [{"id", "organisation",
//! "dataset", "slug", "origin", "created_at"}, …]}`.
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use backends::Backends;

use app::datastore::server::catalogue::Catalogue;

pub async fn list(State(backends): State<Backends>) -> Response {
    match Catalogue::of(&backends).datasets().await {
        Ok(datasets) => Json(serde_json::json!({ "datasets": datasets })).into_response(),
        Err(error) => {
            tracing::error!(%error, "listing the datasets failed");
            // As the real service answers any failure of its own (B.6): 500, nothing said.
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

//! The data store's server-side endpoints: the upload pages' file upload (`upload`), and its
//! JSON API (other-systems B.4–B.6): endpoints under `/api/v1/`, each allowed only to HAWK
//! clients whose scope names it, and answering errors as the real service does (`error`): 404
//! `{}`, 400 `{"error": "…"}`, 401 and 500 with an empty body. Its OpenAPI document is public.
//!
//! A new endpoint is one route: `.route(paths::X.pattern(), api.protect(Endpoint::X, get(x)))`,
//! and its operation in `openapi.json`.
mod datasets;
mod error;
pub mod hawk;
pub mod paths;
mod tables;
pub mod upload;

use axum::http::{header, HeaderValue};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

use app::datastore::server::hawk::Endpoint;

use crate::state::AppState;

pub fn routes(state: &AppState) -> Router<AppState> {
    let api = hawk::ApiGuard::new(state);
    Router::new()
        .route(
            paths::DATASETS.pattern(),
            api.protect(Endpoint::ListDatasets, get(datasets::list)),
        )
        .route(
            paths::DATASET.pattern(),
            api.protect(Endpoint::ListDatasets, get(datasets::one)),
        )
        .route(
            paths::TABLE_STRUCTURE.pattern(),
            api.protect(Endpoint::GetTableStructure, get(tables::structure)),
        )
        .route(
            paths::TABLE_DATA.pattern(),
            api.protect(Endpoint::GetTableData, get(tables::data)),
        )
        .route(paths::OPENAPI.pattern(), get(openapi))
}

/// The API's OpenAPI document.
async fn openapi() -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        include_str!("openapi.json"),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_openapi_document_describes_every_route() {
        let document: serde_json::Value =
            serde_json::from_str(include_str!("openapi.json")).unwrap();
        let paths = document["paths"].as_object().unwrap();
        for path in [
            super::paths::DATASETS.pattern(),
            super::paths::DATASET.pattern(),
            super::paths::TABLE_STRUCTURE.pattern(),
            super::paths::TABLE_DATA.pattern(),
            super::paths::OPENAPI.pattern(),
        ] {
            assert!(paths.contains_key(path), "{path}");
        }
        let mut operations: Vec<&str> = paths
            .values()
            .filter_map(|path| path["get"]["operationId"].as_str())
            .collect();
        operations.sort_unstable();
        operations.dedup();
        assert_eq!(operations.len(), paths.len(), "operation ids are unique");
        assert_eq!(document["openapi"], "3.1.0");
    }
}

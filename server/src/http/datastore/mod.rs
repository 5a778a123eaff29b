//! The data store's server-side endpoints: the upload pages' file upload (`upload`), and its
//! JSON API (other-systems B.4–B.6): endpoints under `/api/v1/`, each allowed
//! only to HAWK clients whose scope names it, and answering errors as the real service does: 400
//! `{"error": "…"}`, 401 and 500 with an empty body.
//!
//! A new endpoint is one route: `.route(paths::X.pattern(), api.protect(Endpoint::X, get(x)))`.
mod datasets;
pub mod hawk;
pub mod paths;
pub mod upload;

use axum::routing::get;
use axum::Router;

use app::datastore::server::hawk::Endpoint;

use crate::state::AppState;

pub fn routes(state: &AppState) -> Router<AppState> {
    let api = hawk::ApiGuard::new(state);
    Router::new().route(
        paths::DATASETS.pattern(),
        api.protect(Endpoint::ListDatasets, get(datasets::list)),
    )
}

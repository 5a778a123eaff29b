//! The transfer service's endpoints the server answers itself: the folder posted by the upload
//! page without JavaScript (streamed to the object store), and the checks' error report.
pub mod failures;
pub mod upload;

use axum::routing::{get, post};
use axum::Router;

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            app::transfer::paths::UPLOAD.pattern(),
            // The files are streamed, with their own limits (`transfer::upload`).
            post(upload::upload).layer(axum::extract::DefaultBodyLimit::disable()),
        )
        .route(
            app::transfer::paths::DOWNLOAD_FAILURES.pattern(),
            get(failures::download),
        )
}

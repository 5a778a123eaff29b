//! The transfer service's endpoints the server answers itself: the folder posted by the upload
//! page without JavaScript (streamed to the object store), the upload with JavaScript (JSON, the
//! chunks going to the object store), the checking page's websocket, the checks' error report, the exported bag (for
//! admins), and the GraphQL API.
pub mod browser_upload;
pub mod events;
pub mod export;
pub mod failures;
pub mod graphql;
pub mod upload;

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::routing::{get, post};
use axum::{Extension, Router};

use super::rate_limit::{self, Limit};
use crate::state::AppState;

/// The GraphQL API's allowance per address: a browser's journey or a service client's reports
/// fit easily, a flood does not.
const GRAPHQL: Limit = Limit {
    burst: 120,
    refill_every: Duration::from_millis(100),
};

pub fn routes(state: &AppState) -> Router<AppState> {
    let api = Arc::new(graphql::GraphqlApi::new(&state.backends));
    Router::new()
        .route(
            app::transfer::paths::UPLOAD.pattern(),
            // The files are streamed, with their own limits (`transfer::upload`).
            post(upload::upload).layer(axum::extract::DefaultBodyLimit::disable()),
        )
        .route(
            app::transfer::paths::UPLOAD_START.pattern(),
            post(browser_upload::start),
        )
        .route(
            app::transfer::paths::UPLOAD_METADATA.pattern(),
            // The body is read with its own limit (`browser_upload::METADATA_BYTES`).
            post(browser_upload::metadata),
        )
        .route(
            app::transfer::paths::UPLOAD_FILE.pattern(),
            // The chunks themselves go to the object store (`transfer::server::chunks`).
            get(browser_upload::file).post(browser_upload::file),
        )
        .route(
            app::transfer::paths::UPLOAD_COMPLETE.pattern(),
            post(browser_upload::complete),
        )
        .route(
            app::transfer::paths::CHECK_EVENTS.pattern(),
            get(events::checks),
        )
        .route(
            app::transfer::paths::DOWNLOAD_FAILURES.pattern(),
            get(failures::download),
        )
        .route(app::transfer::paths::EXPORT.pattern(), get(export::bag))
        .route(
            app::transfer::paths::EXPORT_CHECKSUM.pattern(),
            get(export::checksum),
        )
        .route(
            app::transfer::paths::GRAPHQL.pattern(),
            get(graphql::graphiql)
                // The body is read with its own limit (`graphql::MAX_BODY`).
                .post(graphql::execute)
                .layer::<_, Infallible>(Extension(api))
                .layer::<_, Infallible>(rate_limit::graphql_layer(
                    GRAPHQL,
                    state.config.trust_forwarded_for,
                )),
        )
}

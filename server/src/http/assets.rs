//! Static files from the built site: `/pkg` (cargo-leptos output, content-hashed names, cached for a
//! year) and `/assets` (GOV.UK Frontend images and scripts with fixed names, cached for a day and
//! revalidated by `Last-Modified`).
use std::path::Path;

use axum::http::header::{HeaderValue, CACHE_CONTROL};
use axum::Router;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::state::AppState;

pub fn routes(site_root: &Path) -> Router<AppState> {
    Router::new()
        .nest_service(
            "/pkg",
            tower::ServiceBuilder::new()
                .layer(SetResponseHeaderLayer::overriding(
                    CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=31536000, immutable"),
                ))
                .service(
                    ServeDir::new(site_root.join("pkg"))
                        .precompressed_br()
                        .precompressed_gzip(),
                ),
        )
        .nest_service(
            "/assets",
            tower::ServiceBuilder::new()
                .layer(SetResponseHeaderLayer::overriding(
                    CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=86400"),
                ))
                .service(
                    ServeDir::new(site_root.join("assets"))
                        .precompressed_br()
                        .precompressed_gzip(),
                ),
        )
}

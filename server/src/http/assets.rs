//! Static files from the built site: `/pkg` (cargo-leptos output, content-hashed names, cached for a
//! year) and `/assets` (GOV.UK Frontend images and scripts with fixed names, cached for a day and
//! revalidated by `Last-Modified`). Both serve the `.br`/`.gz` files written at build time.
use std::path::Path;

use axum::http::header::{HeaderValue, CACHE_CONTROL};
use axum::Router;
use tower::Layer;
use tower_http::services::ServeDir;
use tower_http::set_header::{SetResponseHeader, SetResponseHeaderLayer};

use crate::state::AppState;

const HASHED: &str = "public, max-age=31536000, immutable";
const FIXED_NAMES: &str = "public, max-age=86400";

pub fn routes(site_root: &Path) -> Router<AppState> {
    Router::new()
        .nest_service(
            super::paths::PKG.pattern(),
            directory(&site_root.join("pkg"), HASHED),
        )
        .nest_service(
            super::paths::ASSETS.pattern(),
            directory(&site_root.join("assets"), FIXED_NAMES),
        )
}

fn directory(path: &Path, cache_control: &'static str) -> SetResponseHeader<ServeDir, HeaderValue> {
    SetResponseHeaderLayer::overriding(CACHE_CONTROL, HeaderValue::from_static(cache_control))
        .layer(ServeDir::new(path).precompressed_br().precompressed_gzip())
}

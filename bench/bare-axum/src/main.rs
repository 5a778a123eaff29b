//! `bare-axum ADDR BODY_BYTES`: serves `GET /` with a fixed HTML body of BODY_BYTES bytes, and
//! `POST /post`, which reads a JSON body and answers `{}` (the baseline for `bench/feed`), and
//! `POST /form`, which reads an urlencoded form body into its fields and answers 303 to `/` (the
//! baseline for `bench/lpa`'s form saves).
use axum::response::{Html, Redirect};
use axum::routing::{get, post};
use axum::{Form, Json};

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let addr = args.next().unwrap_or_else(|| "127.0.0.1:3202".to_owned());
    let size: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(12_000);
    let body: &'static str = Box::leak(format!("<!DOCTYPE html>{}", "x".repeat(size.saturating_sub(15))).into_boxed_str());
    let app = axum::Router::new()
        .route("/", get(move || async move { Html(body) }))
        .route("/post", post(|Json(_): Json<serde_json::Value>| async { Json(serde_json::json!({})) }))
        .route("/form", post(|Form(_): Form<Vec<(String, String)>>| async { Redirect::to("/") }));
    let listener = tokio::net::TcpListener::bind(&addr).await.expect("bind");
    axum::serve(listener, app).await.expect("serve");
}

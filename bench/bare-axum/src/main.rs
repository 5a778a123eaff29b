//! `bare-axum ADDR BODY_BYTES [BODY_BYTES ...]`: serves `GET /` with a fixed HTML body of the
//! first size and `GET /bytes/{n}` for every size given (the baselines for `bench/run`'s pages,
//! each as large as the page it stands beside), `POST /post`, which reads a JSON body and answers
//! `{}` (the baseline for `bench/feed`), and `POST /form`, which reads an urlencoded form body into
//! its fields and answers 303 to `/` (the baseline for the form saves).
use std::collections::HashMap;

use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect};
use axum::routing::{get, post};
use axum::{Form, Json};

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let addr = args.next().unwrap_or_else(|| "127.0.0.1:3202".to_owned());
    let mut sizes: Vec<usize> = args.filter_map(|s| s.parse().ok()).collect();
    if sizes.is_empty() {
        sizes.push(12_000);
    }
    let page = |size: usize| -> &'static str {
        Box::leak(format!("<!DOCTYPE html>{}", "x".repeat(size.saturating_sub(15))).into_boxed_str())
    };
    let first = page(sizes[0]);
    let pages: &'static HashMap<usize, &'static str> =
        Box::leak(Box::new(sizes.iter().map(|&size| (size, page(size))).collect()));
    let app = axum::Router::new()
        .route("/", get(move || async move { Html(first) }))
        .route(
            "/bytes/{size}",
            get(move |Path(size): Path<usize>| async move {
                match pages.get(&size) {
                    Some(body) => Html(*body).into_response(),
                    None => StatusCode::NOT_FOUND.into_response(),
                }
            }),
        )
        .route("/post", post(|Json(_): Json<serde_json::Value>| async { Json(serde_json::json!({})) }))
        .route("/form", post(|Form(_): Form<Vec<(String, String)>>| async { Redirect::to("/") }));
    let listener = tokio::net::TcpListener::bind(&addr).await.expect("bind");
    axum::serve(listener, app).await.expect("serve");
}

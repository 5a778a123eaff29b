//! `bare-axum ADDR BODY_BYTES [BODY_BYTES ...]`: serves `GET /` with a fixed HTML body of the
//! first size and `GET /bytes/{n}` for every size given (the baselines for `bench/run`'s pages,
//! each as large as the page it stands beside), `POST /post`, which reads a JSON body and answers
//! `{}` (the baseline for `bench/feed`), `POST /form`, which reads an urlencoded form body into
//! its fields and answers 303 to `/` (the baseline for the form saves), and `GET /table/{rows}`,
//! which builds `rows` rows of the data store benchmark's table as JSON values and serializes them
//! each request, laid out as the data store API's tabular page, `{"headers", "values", "next"}`
//! (the baseline for `bench/datastore`).
use std::collections::HashMap;

use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect};
use axum::routing::{get, post};
use axum::{Form, Json};
use serde_json::{json, Value};

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let addr = args.next().unwrap_or_else(|| "127.0.0.1:3202".to_owned());
    let mut sizes: Vec<usize> = args.filter_map(|s| s.parse().ok()).collect();
    if sizes.is_empty() {
        sizes.push(12_000);
    }
    let page = |size: usize| -> &'static str {
        Box::leak(
            format!("<!DOCTYPE html>{}", "x".repeat(size.saturating_sub(15))).into_boxed_str(),
        )
    };
    let first = page(sizes[0]);
    let origin: &'static str = Box::leak(format!("http://{addr}").into_boxed_str());
    let pages: &'static HashMap<usize, &'static str> = Box::leak(Box::new(
        sizes.iter().map(|&size| (size, page(size))).collect(),
    ));
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
        .route(
            "/post",
            post(|Json(_): Json<serde_json::Value>| async { Json(serde_json::json!({})) }),
        )
        .route(
            "/form",
            post(|Form(_): Form<Vec<(String, String)>>| async { Redirect::to("/") }),
        )
        .route(
            "/table/{rows}",
            get(move |Path(rows): Path<u64>| async move { table_page(origin, rows) }),
        );
    let listener = tokio::net::TcpListener::bind(&addr).await.expect("bind");
    axum::serve(listener, app).await.expect("serve");
}

/// The columns of the data store benchmark's table, `id` first (as the API heads them).
const HEADERS: [&str; 11] = [
    "id",
    "name",
    "city",
    "quantity",
    "amount",
    "rate",
    "active",
    "opened",
    "updated_at",
    "code",
    "score",
];

const CITIES: [&str; 7] = [
    "Leeds",
    "Manchester",
    "Birmingham",
    "Cardiff",
    "Glasgow",
    "Belfast",
    "Bristol",
];

/// Row `i` (from 1) of the table as the API answers it: the same values bench/datastore writes
/// into its CSV files (its `awk` program), typed as the app reads them back.
fn row(i: u64) -> Value {
    let name = if i % 10 == 0 {
        format!("Company {i}, Ltd")
    } else {
        format!("Company {i} Ltd")
    };
    let quantity = if i % 50 == 0 {
        Value::Null
    } else {
        json!((i * 37) % 10_000)
    };
    let amount: f64 = format!("{}.{:02}", (i * 7919) % 100_000, i % 100)
        .parse()
        .unwrap();
    let rate: f64 = format!("0.{:04}", (i * 13) % 10_000).parse().unwrap();
    json!([
        i,
        name,
        CITIES[(i % 7) as usize],
        quantity,
        amount,
        rate,
        i % 3 != 0,
        format!("{}-{:02}-{:02}", 2015 + i % 10, 1 + i % 12, 1 + i % 28),
        format!(
            "2024-{:02}-{:02} {:02}:{:02}:{:02}",
            1 + (i / 7) % 12,
            1 + (i / 3) % 28,
            i % 24,
            i % 60,
            (i * 7) % 60
        ),
        format!("GB{:08}", (i * 104_729) % 100_000_000),
        (i * 31 % 1000) as i64 - 500,
    ])
}

/// The first page of `rows` rows, built anew each request (and serialized by `Json`), its `next`
/// link on `origin` as the app's is on its public URL.
fn table_page(origin: &str, rows: u64) -> Json<Value> {
    let values: Vec<Value> = (1..=rows).map(row).collect();
    Json(json!({
        "headers": HEADERS,
        "values": values,
        "next": format!("{origin}/table/{rows}?orientation=tabular&next-id={}", rows + 1),
    }))
}

//! The data store's table endpoints over HTTP, on SQLite and PostgreSQL, signed by a HAWK client
//! (other-systems B.4, B.6): a 10,005-row table paged through by following `next`, every row once;
//! both orientations with NaN and empty cells as null; the structure; filters and CSV pages
//! (ours); the real service's error bodies; one dataset with its versions.
use std::collections::BTreeSet;

use app::datastore::server::datasets::{Dataset, Datasets, Origin};
use app::datastore::server::processing::Processing;
use serde_json::{json, Value};

use crate::datastore_hawk::{client, send, sign, signed_get, Client, Signing};
use crate::datastore_loading::{app_without_a_worker, name, verified_version};
use crate::support::{Backend, TestApp};

const ROWS: usize = 10_005;

/// A CSV of `ROWS` rows: every 7th amount is NaN, every 5th count empty.
fn big_csv() -> String {
    let mut csv = String::from("country,amount,count,member,day,seen_at\n");
    for row in 1..=ROWS {
        let amount = if row % 7 == 0 {
            "NaN".to_owned()
        } else {
            format!("{row}.5")
        };
        let count = if row % 5 == 0 {
            String::new()
        } else {
            row.to_string()
        };
        let country = ["France", "Peru", "Côte d'Ivoire, Abidjan"][row % 3];
        csv.push_str(&format!(
            "\"{country}\",{amount},{count},{},2024-01-{:02},2024-01-31 13:45:{:02}\n",
            if row % 2 == 0 { "yes" } else { "no" },
            row % 28 + 1,
            row % 60,
        ));
    }
    csv
}

/// The dataset `trade.rates` with `csv` processed into its table.
async fn loaded(app: &TestApp, csv: &str) -> Dataset {
    let backends = &app.state.backends;
    let dataset = Datasets::of(backends)
        .create(&name("trade", "rates"), Origin::Upload, None)
        .await
        .unwrap();
    let version = verified_version(backends, &dataset, csv, |_| {}).await;
    Processing::of(backends)
        .process_version(&version.id)
        .await
        .unwrap();
    dataset
}

/// A signed GET of `path`: its status and JSON body.
async fn get(app: &TestApp, client: &Client, path: &str) -> (u16, Value) {
    let signing = Signing {
        path: path.to_owned(),
        ..Signing::default()
    };
    let (status, body) = signed_get(app, client, &signing).await;
    let body = serde_json::from_str(&body).unwrap_or_else(|_| panic!("{path}: {status} {body}"));
    (status, body)
}

/// The path and query of a `next` URL, which must be on the app's public URL.
fn path_of(app: &TestApp, next: &str) -> String {
    let public_url = app.state.config.public_url();
    next.strip_prefix(&public_url)
        .unwrap_or_else(|| panic!("{next} is not on {public_url}"))
        .to_owned()
}

async fn a_table_is_paged_through_every_row_once(backend: Backend) {
    let app = app_without_a_worker(backend).await;
    loaded(&app, &big_csv()).await;
    let pipeline = client(&app, "pipeline", &["get_table_data"]).await;

    let mut path = "/api/v1/table-data/trade.rates/L0".to_owned();
    let mut ids = Vec::new();
    let mut pages = 0;
    loop {
        let (status, page) = get(&app, &pipeline, &path).await;
        assert_eq!(status, 200, "{path}: {page}");
        pages += 1;
        assert_eq!(
            page["headers"],
            json!(["id", "country", "amount", "count", "member", "day", "seen_at"])
        );
        let values = page["values"].as_array().unwrap();
        assert!(values.len() <= 1000, "{path}: {} rows", values.len());
        ids.extend(values.iter().map(|row| row[0].as_i64().unwrap()));
        match page["next"].as_str() {
            Some(next) => {
                path = path_of(&app, next);
                assert!(path.contains("?orientation=tabular&next-id="), "{path}");
            }
            None => break,
        }
    }
    assert_eq!(pages, 11);
    assert_eq!(ids.len(), ROWS, "every row once");
    assert_eq!(
        ids.iter().copied().collect::<BTreeSet<_>>().len(),
        ROWS,
        "no row twice"
    );
    assert_eq!(ids, (1..=ROWS as i64).collect::<Vec<_>>(), "in id order");

    // Records: each row an object, NaN and empty cells null, values of their column's type.
    let (status, page) = get(
        &app,
        &pipeline,
        "/api/v1/table-data/trade.rates/L0?orientation=records&next-id=5",
    )
    .await;
    assert_eq!(status, 200);
    let results = page["results"].as_array().unwrap();
    assert_eq!(results.len(), 1000);
    assert_eq!(
        results[0],
        json!({"id": 5, "country": "Côte d'Ivoire, Abidjan", "amount": 5.5, "count": null,
               "member": false, "day": "2024-01-06", "seen_at": "2024-01-31 13:45:05"})
    );
    assert_eq!(results[2]["amount"], Value::Null, "row 7's NaN");
    assert_eq!(results[2]["count"], 7);
    let next = page["next"].as_str().unwrap();
    assert!(
        next.ends_with("/api/v1/table-data/trade.rates/L0?orientation=records&next-id=1005"),
        "{next}"
    );
}

async fn structure_filters_csv_and_errors(backend: Backend) {
    let app = app_without_a_worker(backend).await;
    let dataset = loaded(
        &app,
        "country,amount,member\nFrance,1.5,yes\nPeru,3,no\nFrance,,no\n\"Côte d'Ivoire\",2,yes\n",
    )
    .await;
    let everything = client(&app, "everything", &["*"]).await;

    let (status, structure) =
        get(&app, &everything, "/api/v1/table-structure/trade.rates/L0").await;
    assert_eq!(status, 200);
    assert_eq!(
        structure,
        json!({"columns": [
            {"name": "id", "type": "integer"},
            {"name": "country", "type": "text"},
            {"name": "amount", "type": "numeric"},
            {"name": "member", "type": "boolean"},
        ]})
    );

    // Filters: every one must hold; an empty value asks for empty cells.
    let (_, french) = get(
        &app,
        &everything,
        "/api/v1/table-data/trade.rates/L0?country=France&member=no",
    )
    .await;
    assert_eq!(french["values"], json!([[3, "France", null, false]]));
    let (_, empty) = get(
        &app,
        &everything,
        "/api/v1/table-data/trade.rates/L0?amount=",
    )
    .await;
    assert_eq!(empty["values"], json!([[3, "France", null, false]]));
    let (_, exact) = get(
        &app,
        &everything,
        "/api/v1/table-data/trade.rates/L0?amount=2",
    )
    .await;
    assert_eq!(exact["values"], json!([[4, "Côte d'Ivoire", 2.0, true]]));
    let (_, accented) = get(
        &app,
        &everything,
        "/api/v1/table-data/trade.rates/L0?country=C%C3%B4te%20d%27Ivoire",
    )
    .await;
    assert_eq!(accented["values"][0][0], 4);

    // A CSV page.
    let signing = Signing {
        path: "/api/v1/table-data/trade.rates/L0?format=csv&member=yes".to_owned(),
        ..Signing::default()
    };
    let (authorization, _) = sign(&app, &everything, &signing);
    let response = send(&app, &signing.path, Some(&authorization), None).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "text/csv; charset=utf-8"
    );
    assert!(response.headers().get("link").is_none(), "one page only");
    assert_eq!(
        response.text().await.unwrap(),
        "id,country,amount,member\n1,France,1.5,true\n4,Côte d'Ivoire,2.0,true\n"
    );

    // The real service's errors: 404 {} for what is not there or hidden, 400 {"error"}.
    for path in [
        "/api/v1/table-data/trade.nothing/L0",
        "/api/v1/table-data/trade.rates/L1",
        "/api/v1/table-data/public/L0",
        "/api/v1/table-data/pg_catalog/pg_class",
        "/api/v1/table-structure/information_schema/tables",
        "/api/v1/datasets/trade.nothing",
    ] {
        assert_eq!(
            get(&app, &everything, path).await,
            (404, json!({})),
            "{path}"
        );
    }
    for (query, error) in [
        (
            "orientation=sideways",
            "orientation must be tabular or records",
        ),
        ("next-id=ten", "next-id must be a whole number"),
        ("format=xml", "format must be json or csv"),
        (
            "colour=red",
            "There is no column named \"colour\" to filter on",
        ),
        (
            "member=perhaps",
            "The filter on member must be true or false",
        ),
    ] {
        let path = format!("/api/v1/table-data/trade.rates/L0?{query}");
        assert_eq!(
            get(&app, &everything, &path).await,
            (400, json!({ "error": error })),
            "{path}"
        );
    }

    // A client allowed only the structure may not read the data.
    let structure_only = client(&app, "structure", &["get_table_structure"]).await;
    let refused = signed_get(
        &app,
        &structure_only,
        &Signing {
            path: "/api/v1/table-data/trade.rates/L0".to_owned(),
            ..Signing::default()
        },
    )
    .await;
    assert_eq!(refused, (401, String::new()));

    // The dataset, its table and its versions.
    let (status, one) = get(&app, &everything, "/api/v1/datasets/trade.rates").await;
    assert_eq!(status, 200);
    assert_eq!(one["id"], dataset.id);
    assert_eq!(one["table"]["row_count"], 4);
    assert_eq!(
        path_of(&app, one["table"]["data"].as_str().unwrap()),
        "/api/v1/table-data/trade.rates/L0"
    );
    let versions = one["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 1);
    assert_eq!(versions[0]["state"], "completed");
    assert_eq!(versions[0]["rows"], 4);
    assert_eq!(versions[0]["latest"], true);

    // The OpenAPI document needs no signature.
    let document: Value = app
        .no_redirect
        .get(app.url("/api/v1/datastore/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        document["paths"]["/api/v1/table-data/{schema}/{table}"]["get"]["operationId"],
        "get_table_data"
    );
}

backends::on_both_stores!(
    a_table_is_paged_through_every_row_once,
    structure_filters_csv_and_errors,
);

//! A fake of Ordnance Survey's Places API that we own, for development and tests: the postcode
//! search (`GET /search/places/v1/postcode?postcode=…&key=…`) with the real one's shapes — a
//! `header` with `totalresults`, `results` of `DPA` records whose `ADDRESS` is written as OS
//! writes it, no `results` at all when nothing matches, 400 for a postcode it cannot read and 401
//! for a wrong key — answering from a fixture of addresses (`addresses.json`).
//!
//! [`router`] is the fake as an axum router, to serve alone or nest in another app under a
//! prefix; [`spawn`] serves it on a free local port (tests); the `os-places-fake` binary runs it
//! on its own.
use std::collections::BTreeMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Map, Value};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// The key the binary accepts unless told another.
pub const DEFAULT_KEY: &str = "fake-os-places-key";

/// The DPA fields OS's `ADDRESS` is made of, in its order.
const ADDRESS_PARTS: [&str; 10] = [
    "ORGANISATION_NAME",
    "SUB_BUILDING_NAME",
    "BUILDING_NAME",
    "BUILDING_NUMBER",
    "DEPENDENT_THOROUGHFARE_NAME",
    "THOROUGHFARE_NAME",
    "DOUBLE_DEPENDENT_LOCALITY",
    "DEPENDENT_LOCALITY",
    "POST_TOWN",
    "POSTCODE",
];

struct Fake {
    key: String,
    /// DPA records by postcode (upper case, no spaces).
    addresses: BTreeMap<String, Vec<Map<String, Value>>>,
}

/// The fixture's postcodes, as they are written (`B1 1TF`), for development and tests to use.
pub fn fixture_postcodes() -> Vec<String> {
    fixture()
        .values()
        .filter_map(|records| {
            records
                .first()?
                .get("POSTCODE")?
                .as_str()
                .map(str::to_owned)
        })
        .collect()
}

fn fixture() -> BTreeMap<String, Vec<Map<String, Value>>> {
    let mut addresses: BTreeMap<String, Vec<Map<String, Value>>> =
        serde_json::from_str(include_str!("addresses.json")).expect("the fixture is JSON");
    for record in addresses.values_mut().flatten() {
        let address = ADDRESS_PARTS
            .iter()
            .filter_map(|part| record.get(*part)?.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        record.insert("ADDRESS".to_owned(), Value::String(address));
    }
    addresses
}

/// The fake: `GET /search/places/v1/postcode`.
pub fn router(key: impl Into<String>) -> Router {
    let fake = Arc::new(Fake {
        key: key.into(),
        addresses: fixture(),
    });
    Router::new()
        .route("/search/places/v1/postcode", get(postcode))
        .with_state(fake)
}

/// Upper case without spaces, if it is shaped like a UK postcode (outward code of 2 to 4
/// characters starting with a letter, inward code of a digit and two letters) or, as OS allows,
/// a sector (outward code and the inward code's digit).
fn normalised(postcode: &str) -> Option<String> {
    let compact: String = postcode
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    let alphanumeric = compact.chars().all(|c| c.is_ascii_alphanumeric());
    let starts_with_letter = compact
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic());
    (alphanumeric && starts_with_letter && (4..=7).contains(&compact.len())).then_some(compact)
}

async fn postcode(
    State(fake): State<Arc<Fake>>,
    Query(query): Query<BTreeMap<String, String>>,
) -> Response {
    if query.get("key") != Some(&fake.key) {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({"fault": {"faultstring": "Invalid ApiKey", "detail": {"errorcode": "oauth.v2.InvalidApiKey"}}})),
        )
            .into_response();
    }
    let asked = query.get("postcode").cloned().unwrap_or_default();
    let Some(postcode) = normalised(&asked) else {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": {"statuscode": 400, "message": format!(
                "Requested postcode must contain a minimum of the sector plus 1 digit of the district e.g. SO1. Requested postcode was {asked}"
            )}})),
        )
            .into_response();
    };
    let records = fake.addresses.get(&postcode).cloned().unwrap_or_default();
    let mut body = json!({
        "header": {
            "uri": format!("https://api.os.uk/search/places/v1/postcode?postcode={asked}"),
            "query": format!("postcode={asked}"),
            "offset": 0,
            "totalresults": records.len(),
            "format": "JSON",
            "dataset": "DPA",
            "lr": query.get("lr").cloned().unwrap_or_else(|| "EN,CY".to_owned()),
            "maxresults": 100,
            "epoch": "117",
            "output_srs": "EPSG:27700"
        }
    });
    if !records.is_empty() {
        body["results"] = records
            .into_iter()
            .map(|record| json!({"DPA": record}))
            .collect();
    }
    Json(body).into_response()
}

/// The fake serving on a local port until dropped.
pub struct RunningPlaces {
    address: SocketAddr,
    server: JoinHandle<()>,
}

impl RunningPlaces {
    /// `http://127.0.0.1:{port}`: the API's base URL, as a client is configured with it.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }
}

impl Drop for RunningPlaces {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// Serves a new fake on a free port of 127.0.0.1.
pub async fn spawn(key: impl Into<String>) -> std::io::Result<RunningPlaces> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
    let address = listener.local_addr()?;
    let app = router(key);
    let server = tokio::spawn(async move {
        if let Err(error) = axum::serve(listener, app).await {
            eprintln!("the fake OS Places stopped serving: {error}");
        }
    });
    Ok(RunningPlaces { address, server })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fixtures_addresses_are_written_as_os_writes_them() {
        let fixture = fixture();
        assert_eq!(
            fixture["SW1A2AA"][0]["ADDRESS"],
            "PRIME MINISTER & FIRST LORD OF THE TREASURY, 10, DOWNING STREET, LONDON, SW1A 2AA"
        );
        assert!(fixture_postcodes().contains(&"B1 1TF".to_owned()));
    }

    #[test]
    fn postcodes_are_read_as_os_reads_them() {
        assert_eq!(normalised(" b1 1tf ").as_deref(), Some("B11TF"));
        assert_eq!(normalised("SW1A 2AA").as_deref(), Some("SW1A2AA"));
        for bad in ["", "B1", "11 1TF", "B1 1TF!", "SW1A 2AAXX"] {
            assert_eq!(normalised(bad), None, "{bad}");
        }
    }
}

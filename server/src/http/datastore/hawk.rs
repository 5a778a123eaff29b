//! HAWK authentication of the data store's API, as the real service's mohawk `Receiver` with its
//! settings (other-systems B.5), put on each endpoint's route with the endpoint it is:
//! [`ApiGuard::protect`].
//!
//! A request passes, in this order: a per-address allowance; a well-formed `Authorization: Hawk …`
//! header (else 400 and a JSON error); a timestamp within 60 s of the app's clock; an active
//! client; its MAC over method, path and query, host, port, timestamp, nonce and payload hash;
//! the payload hash, always required, against the body and its content type (a GET's: empty and
//! empty); a nonce not seen in the last 5 minutes; a scope that names the endpoint. Any of those
//! failing is 401 with an empty body (B.6); the reason is only logged. The answer carries
//! `Server-Authorization`: HAWK's response MAC over its body and content type, so the client can
//! tell it came from us unchanged.
use std::collections::HashMap;
use std::convert::Infallible;
use std::time::{Duration, UNIX_EPOCH};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::MethodRouter;
use axum::Json;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use hawk::mac::Mac;
use hawk::{Header, Key, PayloadHasher, RequestBuilder, SHA256};
use tower_governor::GovernorError;

use app::datastore::server::hawk::{Endpoint, HawkAccess};
use backends::clock::SharedClock;

use crate::http::rate_limit::{self, Limit};
use crate::state::AppState;

/// How far a request's timestamp may be from the app's clock, either way (the real service's
/// `hawk_timestamp_skew_in_seconds`).
pub const TIMESTAMP_SKEW_SECONDS: i64 = 60;

/// The longest `Authorization` header taken (mohawk's limit).
const MAX_HEADER_LENGTH: usize = 4096;

/// The largest request body hashed. The API's endpoints are GETs, whose bodies are empty.
const MAX_BODY_BYTES: usize = 64 * 1024;

/// The answer to a header that is not a HAWK header (B.6's 400 body).
const INVALID_HEADER: &str = "Invalid authorization header.";

/// Per client address, before any request reaches the database: a table page is up to 1000 rows.
const API_CALLS: Limit = Limit {
    burst: 60,
    refill_every: Duration::from_millis(50),
};

/// Puts the API's checks on routes. Clones share one allowance per address across the API.
#[derive(Clone)]
pub struct ApiGuard {
    access: HawkAccess,
    clock: SharedClock,
    default_port: u16,
    allowance: rate_limit::Layer,
}

impl ApiGuard {
    pub fn new(state: &AppState) -> Self {
        ApiGuard {
            access: state.datastore_hawk.clone(),
            clock: state.backends.clock.clone(),
            // A `Host` header without a port means the scheme's own port, and the client used
            // the scheme we are reached by.
            default_port: if state.config.public_url().starts_with("https://") {
                443
            } else {
                80
            },
            allowance: rate_limit::layer(API_CALLS, state.config.trust_forwarded_for)
                .error_handler(too_many_requests),
        }
    }

    /// `route`, answered only to HAWK clients allowed `endpoint`.
    pub fn protect(
        &self,
        endpoint: Endpoint,
        route: MethodRouter<AppState>,
    ) -> MethodRouter<AppState> {
        let gate = Gate {
            access: self.access.clone(),
            clock: self.clock.clone(),
            default_port: self.default_port,
            endpoint,
        };
        route
            .layer::<_, Infallible>(axum::middleware::from_fn_with_state(gate, authenticate))
            .layer::<_, Infallible>(self.allowance.clone())
    }
}

/// What one route's check needs.
#[derive(Clone)]
struct Gate {
    access: HawkAccess,
    clock: SharedClock,
    default_port: u16,
    endpoint: Endpoint,
}

/// Why a request is not answered.
enum Refusal {
    /// 400 with a JSON error: the request cannot be read as a HAWK request.
    Malformed(&'static str),
    /// 401 with an empty body; the reason is for the log only.
    Unauthorized(&'static str),
    /// 500 with an empty body: our failure, logged.
    Failed(String),
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        match self {
            Refusal::Malformed(description) => (
                StatusCode::BAD_REQUEST,
                Json(serde_json::json!({ "error": description })),
            )
                .into_response(),
            Refusal::Unauthorized(_) => (
                StatusCode::UNAUTHORIZED,
                [(header::WWW_AUTHENTICATE, HeaderValue::from_static("Hawk"))],
            )
                .into_response(),
            Refusal::Failed(error) => {
                tracing::error!(%error, "a data store API request failed");
                StatusCode::INTERNAL_SERVER_ERROR.into_response()
            }
        }
    }
}

/// A request's HAWK header, as far as it can be read without the client's key.
struct SignedRequest {
    header: Header,
    id: String,
    nonce: String,
    ts: i64,
}

async fn authenticate(State(gate): State<Gate>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let body = match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
        Ok(body) => body,
        Err(_) => {
            return (
                StatusCode::PAYLOAD_TOO_LARGE,
                Json(serde_json::json!({ "error": "The request body is too large." })),
            )
                .into_response()
        }
    };
    let verified = match gate.check(&parts, &body).await {
        Ok(verified) => verified,
        Err(refusal) => {
            if let Refusal::Unauthorized(reason) = &refusal {
                tracing::info!(
                    reason,
                    endpoint = gate.endpoint.name(),
                    "a data store API request was refused"
                );
            }
            return refusal.into_response();
        }
    };
    let response = next.run(Request::from_parts(parts, Body::from(body))).await;
    match verified.sign(response).await {
        Ok(response) => response,
        Err(refusal) => refusal.into_response(),
    }
}

/// A request that passed: what signing its answer needs.
struct Verified {
    key: Key,
    header: Header,
    method: String,
    host: String,
    port: u16,
    resource: String,
}

impl Verified {
    /// Adds `Server-Authorization` to the answer: the response MAC for the request, over the
    /// answer's body and content type.
    async fn sign(&self, response: Response) -> Result<Response, Refusal> {
        let (mut parts, body) = response.into_parts();
        let body = axum::body::to_bytes(body, usize::MAX)
            .await
            .map_err(|error| Refusal::Failed(error.to_string()))?;
        let hash = PayloadHasher::hash(media_type(&parts.headers), SHA256, &body)
            .map_err(|error| Refusal::Failed(error.to_string()))?;
        let request =
            RequestBuilder::new(&self.method, &self.host, self.port, &self.resource).request();
        let signature = request
            .make_response_builder(&self.header)
            .hash(&hash[..])
            .response()
            .make_header(&self.key)
            .map_err(|error| Refusal::Failed(error.to_string()))?;
        let value = HeaderValue::from_str(&format!("Hawk {signature}"))
            .map_err(|error| Refusal::Failed(error.to_string()))?;
        parts
            .headers
            .insert(HeaderName::from_static("server-authorization"), value);
        Ok(Response::from_parts(parts, Body::from(body)))
    }
}

impl Gate {
    /// Every check, in order.
    async fn check(&self, parts: &Parts, body: &[u8]) -> Result<Verified, Refusal> {
        let authorization = parts
            .headers
            .get(header::AUTHORIZATION)
            .ok_or(Refusal::Unauthorized("no Authorization header"))?;
        let signed = read_header(authorization)?;
        let now = self.clock.now().timestamp();
        if (signed.ts.saturating_sub(now)).abs() > TIMESTAMP_SKEW_SECONDS {
            return Err(Refusal::Unauthorized("timestamp too far from now"));
        }
        let (host, port) = host_and_port(parts, self.default_port)
            .ok_or(Refusal::Malformed("The request has no Host header."))?;
        let client = self
            .access
            .clients
            .find_active(&signed.id)
            .await
            .map_err(|error| Refusal::Failed(error.to_string()))?
            .ok_or(Refusal::Unauthorized("unknown or revoked client"))?;
        let key = Key::new(client.key.as_bytes(), SHA256)
            .map_err(|error| Refusal::Failed(error.to_string()))?;
        let payload_hash = PayloadHasher::hash(media_type(&parts.headers), SHA256, body)
            .map_err(|error| Refusal::Failed(error.to_string()))?;
        let method = parts.method.as_str().to_owned();
        let resource = parts
            .uri
            .path_and_query()
            .map_or_else(|| parts.uri.path().to_owned(), |p| p.as_str().to_owned());
        let request = RequestBuilder::new(&method, &host, port, &resource)
            .hash(&payload_hash[..])
            .request();
        // Also refuses a header without a payload hash, or with another body's. The timestamp
        // was checked above against the app's clock; the crate's own check reads the system's,
        // so it is given no limit.
        if !request.validate_header(&signed.header, &key, Duration::MAX) {
            return Err(Refusal::Unauthorized("MAC or payload hash mismatch"));
        }
        match self
            .access
            .nonces
            .first_use(&client.id, &signed.nonce, signed.ts)
            .await
        {
            Ok(true) => {}
            Ok(false) => return Err(Refusal::Unauthorized("nonce seen already")),
            Err(error) => {
                // As the real service treats an unreachable Redis: the nonce may have been
                // seen, so the request is refused.
                tracing::warn!(%error, "the HAWK nonce store did not answer");
                return Err(Refusal::Unauthorized("nonce store unavailable"));
            }
        }
        if !client.may_call(self.endpoint) {
            return Err(Refusal::Unauthorized("endpoint outside the client's scope"));
        }
        Ok(Verified {
            key,
            header: signed.header,
            method,
            host,
            port,
            resource,
        })
    }
}

/// The header's attributes, read as strictly as mohawk reads them: `Hawk` then `key="value"`
/// pairs separated by commas, known keys only, each once, values of printable ASCII without `"`
/// or `\`. `id`, `ts` (whole seconds), `nonce` and `mac` are required; `hash` is checked later,
/// as a request signed without one is well-formed but refused.
fn read_header(value: &HeaderValue) -> Result<SignedRequest, Refusal> {
    const MALFORMED: Refusal = Refusal::Malformed(INVALID_HEADER);
    if value.len() > MAX_HEADER_LENGTH {
        return Err(MALFORMED);
    }
    let text = value.to_str().map_err(|_| MALFORMED)?;
    let (scheme, rest) = text.split_once(' ').ok_or(MALFORMED)?;
    if !scheme.eq_ignore_ascii_case("hawk") {
        return Err(MALFORMED);
    }
    let attributes = attributes(rest).ok_or(MALFORMED)?;
    let attribute = |key: &str| attributes.get(key).copied();
    let (Some(id), Some(ts), Some(nonce), Some(mac)) = (
        attribute("id"),
        attribute("ts"),
        attribute("nonce"),
        attribute("mac"),
    ) else {
        return Err(MALFORMED);
    };
    if ts.is_empty() || !ts.bytes().all(|b| b.is_ascii_digit()) {
        return Err(MALFORMED);
    }
    // More digits than any time in range: a timestamp that far off is refused as one.
    let ts: i64 = ts.parse().unwrap_or(i64::MAX);
    // A MAC or hash that is not base64 cannot match: refused as a mismatch, as mohawk does.
    let decode = |text: &str| STANDARD.decode(text).unwrap_or_default();
    // Clamped, so it is a time the system can hold: a timestamp that far off is refused (by
    // the skew check) before any MAC is worked out with it.
    let time =
        UNIX_EPOCH + Duration::from_secs(u64::try_from(ts.min(i64::from(u32::MAX))).unwrap_or(0));
    let header = Header::new(
        Some(id),
        Some(time),
        Some(nonce),
        Some(Mac::from(decode(mac))),
        attribute("ext"),
        attribute("hash").map(decode),
        attribute("app"),
        attribute("dlg"),
    )
    .map_err(|_| MALFORMED)?;
    Ok(SignedRequest {
        header,
        id: id.to_owned(),
        nonce: nonce.to_owned(),
        ts,
    })
}

/// `key="value", …` as a map; `None` if anything else is there, a key comes twice or is not one
/// of HAWK's.
fn attributes(mut text: &str) -> Option<HashMap<&str, &str>> {
    const KEYS: [&str; 10] = [
        "id", "ts", "tsm", "nonce", "hash", "error", "ext", "mac", "app", "dlg",
    ];
    let mut found = HashMap::new();
    loop {
        text = text.trim_start();
        if text.is_empty() {
            return Some(found);
        }
        let (key, rest) = text.split_once("=\"")?;
        let (value, rest) = rest.split_once('"')?;
        if !KEYS.contains(&key)
            || !value
                .bytes()
                .all(|b| (b' '..=b'~').contains(&b) && b != b'\\')
            || found.insert(key, value).is_some()
        {
            return None;
        }
        let rest = rest.trim_start();
        text = match rest.strip_prefix(',') {
            Some(after) => after,
            None if rest.is_empty() => rest,
            None => return None,
        };
    }
}

/// The host (lower case, as mohawk reads it from the URL) and port the client addressed.
fn host_and_port(parts: &Parts, default_port: u16) -> Option<(String, u16)> {
    let authority = match parts.headers.get(header::HOST) {
        Some(host) => host
            .to_str()
            .ok()?
            .parse::<axum::http::uri::Authority>()
            .ok()?,
        None => parts.uri.authority()?.clone(),
    };
    let host = authority
        .host()
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_ascii_lowercase();
    Some((host, authority.port_u16().unwrap_or(default_port)))
}

/// A message's media type as HAWK hashes it: without parameters, trimmed, lower case; empty
/// when there is none.
fn media_type(headers: &HeaderMap) -> String {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .map(|media_type| media_type.trim().to_ascii_lowercase())
        .unwrap_or_default()
}

/// Over the allowance: 429 with `Retry-After`, and the error in the API's own shape.
fn too_many_requests(error: GovernorError) -> Response {
    match error {
        GovernorError::TooManyRequests { wait_time, .. } => (
            StatusCode::TOO_MANY_REQUESTS,
            [(header::RETRY_AFTER, HeaderValue::from(wait_time.max(1)))],
            Json(serde_json::json!({
                "error": "Too many requests: wait a moment before sending more."
            })),
        )
            .into_response(),
        GovernorError::UnableToExtractKey | GovernorError::Other { .. } => Refusal::Failed(
            format!("the rate limit could not tell who sent a request: {error}"),
        )
        .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(text: &str) -> Result<SignedRequest, Refusal> {
        read_header(&HeaderValue::from_str(text).unwrap())
    }

    fn is_malformed(text: &str) -> bool {
        matches!(header(text), Err(Refusal::Malformed(INVALID_HEADER)))
    }

    #[test]
    fn a_hawk_header_is_read_as_mohawk_reads_it() {
        let read = header(
            r#"Hawk id="dataflow", ts="1353832234", nonce="j4h3g2", hash="AQID", ext="some-app-ext-data", mac="BwgJ""#,
        )
        .ok()
        .unwrap();
        assert_eq!(read.id, "dataflow");
        assert_eq!(read.nonce, "j4h3g2");
        assert_eq!(read.ts, 1353832234);
        assert_eq!(read.header.hash, Some(vec![1, 2, 3]));
        assert_eq!(read.header.ext.as_deref(), Some("some-app-ext-data"));
        assert!(header(r#"hawk id="a",ts="1",nonce="n",mac="""#).is_ok());
        // Without a hash it is well-formed, and refused later.
        assert!(header(r#"Hawk id="a", ts="1", nonce="n", mac="AA==""#).is_ok());
    }

    #[test]
    fn anything_else_is_an_invalid_header() {
        for text in [
            "Bearer abc",
            "Hawk",
            r#"Hawk id="a", ts="1", nonce="n""#,
            r#"Hawk ts="1", nonce="n", mac="m""#,
            r#"Hawk id="a", ts="soon", nonce="n", mac="m""#,
            r#"Hawk id="a", ts="-1", nonce="n", mac="m""#,
            r#"Hawk id="a", id="b", ts="1", nonce="n", mac="m""#,
            r#"Hawk id="a", ts="1", nonce="n", mac="m", colour="red""#,
            r#"Hawk id="a" ts="1", nonce="n", mac="m""#,
            r#"Hawk id="a", ts="1", nonce="n", mac="m" trailing"#,
            r#"Hawk id="a\b", ts="1", nonce="n", mac="m""#,
            r#"Hawk id=a, ts="1", nonce="n", mac="m""#,
        ] {
            assert!(is_malformed(text), "{text}");
        }
        let long = format!(
            r#"Hawk id="{}", ts="1", nonce="n", mac="m""#,
            "a".repeat(4096)
        );
        assert!(is_malformed(&long));
    }

    #[test]
    fn a_timestamp_beyond_any_clock_is_read_not_overflowed() {
        let read = header(r#"Hawk id="a", ts="99999999999999999999999", nonce="n", mac="m""#)
            .ok()
            .unwrap();
        assert_eq!(read.ts, i64::MAX);
    }

    #[test]
    fn media_types_lose_their_parameters_and_case() {
        let mut headers = HeaderMap::new();
        assert_eq!(media_type(&headers), "");
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(" Application/JSON ; charset=utf-8"),
        );
        assert_eq!(media_type(&headers), "application/json");
    }
}

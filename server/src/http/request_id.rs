//! Request ids: one per request, in the `x-request-id` header both ways, in every log line of the
//! request, and on the GOV.UK 500 page for the user to quote.
use axum::extract::Request;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use tower_http::request_id::{MakeRequestId, RequestId};
use tracing::Span;

pub const HEADER: &str = "x-request-id";

#[derive(Clone, Copy, Debug, Default)]
pub struct MakeUuid;

impl MakeRequestId for MakeUuid {
    fn make_request_id<B>(&mut self, _request: &axum::http::Request<B>) -> Option<RequestId> {
        let id = uuid::Uuid::new_v4().to_string();
        HeaderValue::from_str(&id).ok().map(RequestId::new)
    }
}

/// Keeps an id set by a load balancer when it is a plausible id (so logs can be joined across
/// hops); drops anything else so a client cannot write arbitrary text into our logs.
pub async fn accept_or_replace(mut request: Request, next: Next) -> Response {
    let plausible = request.headers().get(HEADER).is_some_and(|value| {
        let bytes = value.as_bytes();
        (8..=64).contains(&bytes.len())
            && bytes
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_')
    });
    if !plausible {
        request.headers_mut().remove(HEADER);
    }
    next.run(request).await
}

/// The span every log line of a request is written in.
pub fn make_span<B>(request: &axum::http::Request<B>) -> Span {
    let request_id = request
        .headers()
        .get(HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-");
    tracing::info_span!(
        "request",
        request_id = %request_id,
        method = %request.method(),
        path = %request.uri().path(),
    )
}

/// The id of the request these headers belong to, if any.
pub fn from_headers(headers: &axum::http::HeaderMap) -> Option<String> {
    headers
        .get(HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

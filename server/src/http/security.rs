//! Security headers on every response. Pages set their own Content-Security-Policy carrying the
//! render's nonce (see `app::ssr::shell`); everything else gets the same policy without a nonce.
use axum::extract::Request;
use axum::http::header::{self, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

const FIXED: &[(&str, &str)] = &[
    ("x-content-type-options", "nosniff"),
    // Reset and confirmation links carry tokens in their paths: never leak them to other sites.
    ("referrer-policy", "no-referrer"),
    ("x-frame-options", "DENY"),
    ("cross-origin-opener-policy", "same-origin"),
    (
        "permissions-policy",
        "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    ),
];

pub async fn headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    for (name, value) in FIXED {
        headers.insert(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        );
    }
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        if let Ok(policy) = HeaderValue::from_str(&app::ssr::content_security_policy(
            None,
            &app::ssr::OtherOrigins::default(),
        )) {
            headers.insert(header::CONTENT_SECURITY_POLICY, policy);
        }
    }
    response
}

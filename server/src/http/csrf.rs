//! CSRF protection. Every visitor gets a token in an HttpOnly, SameSite=Strict cookie, and every
//! request the token in its extensions, where pages read it for their forms' hidden field. Once
//! someone signs in, the token is the one their session holds instead (the synchroniser pattern,
//! new at every sign-in; see `server/src/http/auth.rs`). Form handlers check the field against the
//! request's token ([`verify`]); server functions that change anything must send it in the
//! `X-CSRF-Token` header ([`check_server_functions`]). Both also refuse requests the browser says
//! came from another site ([`same_origin`]).
use app::csrf::CsrfToken;
use axum::extract::{Request, State};
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::{HeaderValue, Method};
use axum::middleware::Next;
use axum::response::IntoResponse;
use axum::response::Response;
use subtle::ConstantTimeEq;

use crate::state::AppState;

/// The cookie's name: `__Host-` where cookies are Secure, so no other host can set it.
pub fn cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-csrf"
    } else {
        "csrf"
    }
}

pub async fn issue(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let secure = state.config.secure_cookies();
    let name = cookie_name(secure);
    let existing = request
        .headers()
        .get_all(COOKIE)
        .iter()
        .filter_map(|h| h.to_str().ok())
        .find_map(|h| app::consent::cookie_in_header(h, name))
        .filter(|token| plausible(token));
    let (token, is_new) = match existing {
        Some(token) => (token, false),
        None => (app::csrf::new_token(), true),
    };
    request.extensions_mut().insert(CsrfToken(token.clone()));
    let mut response = next.run(request).await;
    if is_new {
        let cookie = cookie::Cookie::build((name, token))
            .path("/")
            .http_only(true)
            .same_site(cookie::SameSite::Strict)
            .secure(secure)
            .build();
        if let Ok(value) = HeaderValue::from_str(&cookie.to_string()) {
            response.headers_mut().append(SET_COOKIE, value);
        }
    }
    response
}

/// Server functions (`/_fn/...`) that change anything (any method but GET) must carry the
/// request's token in `X-CSRF-Token` and come from this site; others get a JSON 403.
pub async fn check_server_functions(request: Request, next: Next) -> Response {
    let changes_state = request.method() != Method::GET && request.method() != Method::HEAD;
    if changes_state
        && request
            .uri()
            .path()
            .starts_with(super::paths::SERVER_FUNCTIONS.pattern())
    {
        let (parts, body) = request.into_parts();
        if !header_token_from_this_site(&parts) {
            tracing::warn!(path = %parts.uri.path(), "server function refused: CSRF token or origin did not match");
            let body = serde_json::json!({ "error": "Forbidden" });
            return (axum::http::StatusCode::FORBIDDEN, axum::Json(body)).into_response();
        }
        return next.run(Request::from_parts(parts, body)).await;
    }
    next.run(request).await
}

/// True when a script's request carries the request's token in `X-CSRF-Token` and comes from this
/// site (server functions, and posts to the JSON APIs by signed-in users).
pub fn header_token_from_this_site(parts: &axum::http::request::Parts) -> bool {
    let header_token = parts
        .headers
        .get(app::csrf::HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let token_ok = parts
        .extensions
        .get::<CsrfToken>()
        .is_some_and(|token| verify(token, header_token));
    token_ok && same_origin(parts)
}

/// Browsers say where a request came from; one from another site is refused even with a token.
/// `Sec-Fetch-Site` first: our `Referrer-Policy: no-referrer` makes browsers send `Origin: null`
/// on form posts, which says nothing. Clients that send neither header (not browsers) are judged
/// by the token alone.
pub fn same_origin(parts: &axum::http::request::Parts) -> bool {
    let header = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = header("sec-fetch-site") {
        return matches!(site, "same-origin" | "none");
    }
    match header("origin") {
        None | Some("null") => true,
        Some(origin) => origin
            .split_once("://")
            .is_some_and(|(_, authority)| Some(authority) == header("host")),
    }
}

/// True when the form's token is the request's own (constant time, so timing tells nothing).
pub fn verify(request_token: &CsrfToken, form_token: &str) -> bool {
    !form_token.is_empty() && bool::from(request_token.0.as_bytes().ct_eq(form_token.as_bytes()))
}

/// Tokens we issue are 43 URL-safe base64 characters; anything else is replaced.
fn plausible(token: &str) -> bool {
    token.len() == 43
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_plausible_and_verified_exactly() {
        let (a, b) = (app::csrf::new_token(), app::csrf::new_token());
        assert_ne!(a, b);
        assert!(plausible(&a), "{a}");
        assert!(!plausible("short"));
        let token = CsrfToken(a.clone());
        assert!(verify(&token, &a));
        assert!(!verify(&token, &b));
        assert!(!verify(&CsrfToken(String::new()), ""));
    }
}

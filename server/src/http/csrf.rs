//! Gives every visitor a CSRF token in an HttpOnly, SameSite=Strict cookie and every request the
//! token in its extensions, where pages read it for their forms' hidden field. Form handlers check
//! the field against the cookie ([`verify`]).
use app::form::csrf::CsrfToken;
use axum::extract::{Request, State};
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
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
        None => (new_token(), true),
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

/// True when the form's token is the request's own (constant time, so timing tells nothing).
pub fn verify(request_token: &CsrfToken, form_token: &str) -> bool {
    !form_token.is_empty() && bool::from(request_token.0.as_bytes().ct_eq(form_token.as_bytes()))
}

fn new_token() -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>())
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
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert!(plausible(&a), "{a}");
        assert!(!plausible("short"));
        let token = CsrfToken(a.clone());
        assert!(verify(&token, &a));
        assert!(!verify(&token, &b));
        assert!(!verify(&CsrfToken(String::new()), ""));
    }
}

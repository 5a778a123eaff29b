//! CSRF protection for every form: the server keeps a random token in an HttpOnly, SameSite=Strict
//! cookie and puts the same token in each form's hidden `csrf_token` field (and a `<meta>` tag for
//! JavaScript); a POST whose field does not match its cookie is refused. A cross-site page can
//! neither read the cookie nor the page, so it cannot forge the field.

/// The hidden field every form carries.
pub const FIELD: &str = "csrf_token";

/// The header server function calls that change anything carry the token in.
pub const HEADER: &str = "x-csrf-token";

/// The current request's CSRF token, put in the request's extensions by the server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsrfToken(pub String);

/// The token to put in a form: on the server from the request, in the browser from the page's
/// `<meta name="csrf-token">` (written by the server with the page).
pub fn current_token() -> String {
    #[cfg(feature = "ssr")]
    {
        use leptos::prelude::use_context;
        use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<CsrfToken>().cloned())
            .map(|token| token.0)
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        meta_token().unwrap_or_default()
    }
}

#[cfg(not(feature = "ssr"))]
fn meta_token() -> Option<String> {
    let document = leptos::prelude::document();
    let meta = document
        .query_selector("meta[name=csrf-token]")
        .ok()
        .flatten()?;
    meta.get_attribute("content")
}

/// A new random token: 32 bytes, URL-safe base64 (43 characters).
#[cfg(feature = "ssr")]
pub fn new_token() -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>())
}

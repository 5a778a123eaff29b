//! The session cookie: one opaque id, HttpOnly, SameSite=Lax, Secure (and `__Host-`) in
//! production, ending after the configured inactivity. Every request with a session extends it.
use backends::sessions::Sessions;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

use crate::config::Config;

/// The cookie's name: `__Host-` binds it to this host over HTTPS, so it needs `Secure`.
pub fn cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-session"
    } else {
        "session"
    }
}

pub fn layer(store: Sessions, config: &Config) -> SessionManagerLayer<Sessions> {
    let secure = config.secure_cookies();
    let inactivity = time::Duration::minutes(config.session_inactivity_minutes as i64);
    SessionManagerLayer::new(store)
        .with_name(cookie_name(secure))
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(secure)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(inactivity))
        // Saving on every request moves the inactivity deadline forward.
        .with_always_save(true)
}

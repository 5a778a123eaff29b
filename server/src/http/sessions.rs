//! The session cookie: one opaque id, HttpOnly, SameSite=Lax, Secure (and `__Host-`) in
//! production, ending after the configured inactivity. A request moves the end forward ([`extend`]).
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use backends::clock::SharedClock;
use backends::sessions::Sessions;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, Session, SessionManagerLayer};

use crate::config::Config;

/// The cookie's name: `__Host-` binds it to this host over HTTPS, so it needs `Secure`.
pub fn cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-session"
    } else {
        "session"
    }
}

/// The session layer. A session is saved (and its cookie sent again) only when something in it
/// changed: [`extend`] makes that happen often enough to keep an active session alive.
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
}

/// The session key holding when the session's end was last moved (the clock's Unix seconds).
const EXTENDED_KEY: &str = "extended";

/// How long after the last move a request moves a session's end again. Saving the session on
/// every request wrote its row (a synchronous commit on PostgreSQL) on every page, GETs included;
/// this way a session is written at most once a minute, and ends at most a minute before a full
/// inactivity period after its last request.
pub const EXTEND_AFTER_SECONDS: i64 = 60;

/// Middleware inside the session layer: after the request, a session that holds something is
/// saved when it changed anyway, or when its end was last moved [`EXTEND_AFTER_SECONDS`] ago or
/// more (by the app's clock, so tests move it). Saving moves the end to a full inactivity period
/// from now and sends the cookie again with the same lifetime. An empty session (nobody signed
/// in, or signed out by this request) is left alone, so nothing is created for it.
pub async fn extend(State(clock): State<SharedClock>, request: Request, next: Next) -> Response {
    let session = request.extensions().get::<Session>().cloned();
    let response = next.run(request).await;
    let Some(session) = session else {
        return response;
    };
    if let Err(error) = mark_extended(&session, clock.now().timestamp()).await {
        // The request has been served; the session keeps its earlier end.
        tracing::warn!(%error, "could not extend the session");
    }
    response
}

async fn mark_extended(session: &Session, now: i64) -> Result<(), tower_sessions::session::Error> {
    // Reading loads the record first: a cookie whose session is gone leaves the session empty.
    let last = session.get::<i64>(EXTENDED_KEY).await?;
    if session.is_empty().await {
        return Ok(());
    }
    let due = last.is_none_or(|last| now < last || now - last >= EXTEND_AFTER_SECONDS);
    if due || session.is_modified() {
        session.insert(EXTENDED_KEY, now).await?;
    }
    Ok(())
}

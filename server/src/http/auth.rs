//! Who is signed in, resolved once per request from the session, before any page, form or server
//! function runs: the account goes into the request's extensions (`app::auth::ssr::SignedIn`), and
//! the CSRF token becomes the one the session holds. Also the session endpoints that must not
//! extend the session they look at (`/session-state`), and signing out (`/logout`).
use std::str::FromStr;

use app::account::paths as account_paths;
use app::auth::ssr::{self as auth, Resumed, SessionEnded, SignedIn};
use app::csrf::CsrfToken;
use axum::extract::{Request, State};
use axum::http::header::COOKIE;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Json;
use tower_sessions::session::Id;
use tower_sessions::{Session, SessionStore};

use crate::error::ServerError;
use crate::state::AppState;

pub async fn identify(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let Some(session) = request.extensions().get::<Session>().cloned() else {
        return next.run(request).await;
    };
    let had_cookie = session_cookie(&state, request.headers()).is_some();
    match auth::resume(
        &session,
        &app::account::server::Accounts::of(&state.backends),
        had_cookie,
    )
    .await
    {
        Ok(Resumed::SignedIn { user, csrf_token }) => {
            request.extensions_mut().insert(SignedIn(user));
            request.extensions_mut().insert(CsrfToken(csrf_token));
        }
        Ok(Resumed::Ended) => {
            request.extensions_mut().insert(SessionEnded);
        }
        Ok(Resumed::Anonymous) => {}
        Err(error) => {
            return ServerError::Internal(anyhow::anyhow!("resuming the session: {error}"))
                .into_response()
        }
    }
    next.run(request).await
}

/// The session id the browser sent, if it is one, for handlers outside the session layer.
pub fn session_id(state: &AppState, headers: &axum::http::HeaderMap) -> Option<Id> {
    session_cookie(state, headers).and_then(|id| Id::from_str(&id).ok())
}

/// The session cookie's value the browser sent, if any.
fn session_cookie(state: &AppState, headers: &axum::http::HeaderMap) -> Option<String> {
    let name = super::sessions::cookie_name(state.config.secure_cookies());
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|h| h.to_str().ok())
        .find_map(|h| app::consent::cookie_in_header(h, name))
}

/// `GET /session-state`: how long the signed-in session has left, as `{"remainingSeconds": n}`,
/// or 204 when nobody is signed in. Served outside the session layer and read straight from the
/// store, so asking does not extend the session (the timeout warning polls it).
pub async fn session_state(State(state): State<AppState>, request: Request) -> Response {
    let record = match session_id(&state, request.headers()) {
        Some(id) => state.backends.sessions.load(&id).await,
        None => Ok(None),
    };
    let record = match record {
        Ok(record) => record,
        Err(error) => {
            return ServerError::Internal(anyhow::anyhow!("reading the session: {error}"))
                .into_response()
        }
    };
    let signed_in = record.filter(|record| record.data.contains_key("user"));
    match signed_in {
        Some(record) => {
            let now = state.backends.clock.now().timestamp();
            let remaining = (record.expiry_date.unix_timestamp() - now).max(0);
            Json(serde_json::json!({ "remainingSeconds": remaining })).into_response()
        }
        None => StatusCode::NO_CONTENT.into_response(),
    }
}

/// `GET /logout`, the "Sign out" link. Signing out changes state, so it happens at once only when
/// the browser says the request came from this site (the link) or from the person themselves (a
/// typed address or bookmark); otherwise (another site's link, or a client that does not say) the
/// confirmation page asks them to press a button, which posts a form with its CSRF token.
pub async fn sign_out_link(session: Session, request: Request) -> Response {
    let site = request
        .headers()
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok());
    if !matches!(site, Some("same-origin" | "none")) {
        return Redirect::to(account_paths::CONFIRM_SIGN_OUT.pattern()).into_response();
    }
    match auth::sign_out(&session).await {
        Ok(()) => Redirect::to(account_paths::SIGNED_OUT.pattern()).into_response(),
        Err(error) => {
            ServerError::Internal(anyhow::anyhow!("signing out: {error}")).into_response()
        }
    }
}

/// The account a handler the server answers itself may serve: signed in (else a redirect to sign
/// in and back to `request`'s path and query, saying so if the session timed out) and in
/// `audience` (else the error page: 403).
pub fn admit_or_sign_in(
    request: &Request,
    audience: app::auth::Audience,
) -> Result<std::sync::Arc<app::account::server::User>, Box<Response>> {
    match auth::admit(auth::signed_in_from(request.extensions()), audience) {
        Ok(user) => Ok(user),
        Err(app::error::AppError::SignInRequired) => {
            let timed_out = request.extensions().get::<SessionEnded>().is_some();
            let back_to = request
                .uri()
                .path_and_query()
                .map_or(request.uri().path(), |whole| whole.as_str());
            Err(Box::new(
                Redirect::to(&app::auth::sign_in_url(timed_out, back_to)).into_response(),
            ))
        }
        Err(error) => Err(Box::new(ServerError::from(error).into_response())),
    }
}

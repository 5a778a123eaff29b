//! Routes that exist only outside production, to exercise failure paths end to end.
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;
use tower_sessions::SessionStore;

use super::paths;
use crate::error::ServerError;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(paths::DEV_OUTBOX_LATEST.pattern(), get(latest_mail))
        .route(paths::DEV_FAIL.pattern(), get(fail))
        .route(paths::DEV_PANIC.pattern(), get(panic))
}

/// Routes that must not pass through the session layer (it would extend the session they change).
pub fn session_routes() -> Router<AppState> {
    Router::new().route(
        paths::DEV_SESSION_EXPIRES_IN.pattern(),
        get(session_expires_in),
    )
}

/// Makes the caller's session end `seconds` from now (negative: already ended), so browser tests
/// can see the timeout warning and the signed-out page without waiting 75 minutes.
async fn session_expires_in(
    State(state): State<AppState>,
    Path(seconds): Path<i64>,
    request: Request,
) -> Result<StatusCode, ServerError> {
    let Some(id) = super::auth::session_id(&state, request.headers()) else {
        return Ok(StatusCode::NOT_FOUND);
    };
    let sessions = &state.backends.sessions;
    let record = sessions
        .load(&id)
        .await
        .map_err(|e| ServerError::Internal(anyhow::anyhow!("{e}")))?;
    let Some(mut record) = record else {
        return Ok(StatusCode::NOT_FOUND);
    };
    let now = state.backends.clock.now().timestamp();
    record.expiry_date = time::OffsetDateTime::from_unix_timestamp(now + seconds)
        .map_err(|e| ServerError::Internal(anyhow::anyhow!("{e}")))?;
    if seconds <= 0 {
        sessions
            .delete(&id)
            .await
            .map_err(|e| ServerError::Internal(anyhow::anyhow!("{e}")))?;
    } else {
        sessions
            .save(&record)
            .await
            .map_err(|e| ServerError::Internal(anyhow::anyhow!("{e}")))?;
    }
    Ok(StatusCode::NO_CONTENT)
}

#[derive(serde::Deserialize)]
struct Recipient {
    to: String,
}

/// The newest mail in the outbox to `?to=`, as JSON (`{"subject", "body"}`), or 404: how browser
/// tests follow the links the service emails.
async fn latest_mail(
    State(state): State<AppState>,
    axum::extract::Query(recipient): axum::extract::Query<Recipient>,
) -> Result<axum::response::Response, ServerError> {
    use axum::response::IntoResponse;

    let backends = &state.backends;
    let outbox = backends::mail::OutboxMailer::new(backends.store.as_ref(), backends.clock.clone());
    let latest = outbox
        .latest_for(&recipient.to)
        .await
        .map_err(|e| ServerError::Internal(anyhow::anyhow!("{e}")))?;
    Ok(match latest {
        Some(mail) => axum::Json(serde_json::json!({
            "subject": mail.subject,
            "body": mail.body,
        }))
        .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    })
}

async fn fail() -> Result<(), ServerError> {
    Err(ServerError::Internal(anyhow::anyhow!(
        "deliberate failure from /__dev/fail"
    )))
}

async fn panic() -> &'static str {
    panic!("deliberate panic from /__dev/panic")
}

//! Routes that exist only outside production, to exercise failure paths end to end.
use axum::routing::get;
use axum::Router;

use crate::error::ServerError;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/__dev/fail", get(fail))
        .route("/__dev/panic", get(panic))
}

async fn fail() -> Result<(), ServerError> {
    Err(ServerError::Internal(anyhow::anyhow!(
        "deliberate failure from /__dev/fail"
    )))
}

async fn panic() -> &'static str {
    panic!("deliberate panic from /__dev/panic")
}

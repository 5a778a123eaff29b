//! Telling the fake what to answer, over HTTP (the browser tests and development use these; Rust
//! tests may use [`crate::RunningGateway`] instead). Unsigned: the fake never runs in production.
use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};

use crate::answers::Answer;
use crate::Fake;

/// `PUT /__control/lpas/{id}` with a JSON list of answers (at least one).
pub async fn answer(
    State(fake): State<Arc<Fake>>,
    Path(id): Path<String>,
    Json(answers): Json<Vec<Answer>>,
) -> (StatusCode, Json<Value>) {
    if answers.is_empty() {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": "give at least one answer"})),
        );
    }
    fake.answers.set(&id, answers);
    (StatusCode::OK, Json(json!({"calls": 0})))
}

/// `GET /__control/lpas/{id}`: how many lookups of it were answered.
pub async fn calls(State(fake): State<Arc<Fake>>, Path(id): Path<String>) -> Json<Value> {
    Json(json!({"calls": fake.answers.calls(&id)}))
}

/// `DELETE /__control/lpas`: forget every answer and count.
pub async fn forget(State(fake): State<Arc<Fake>>) -> StatusCode {
    fake.answers.forget();
    StatusCode::NO_CONTENT
}

//! The data store API's one error type, answered as the real service's `json_error` wrapper does
//! (other-systems B.6): 404 `{}`, 400 `{"error": "…"}`, 500 with an empty body (the failure is
//! logged). 401s are the HAWK guard's (`super::hawk`), also with an empty body. B.6's 422 has no
//! case here: it answered a table without an `id` column, and every table the loader makes has one.
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use backends::store::StoreError;
use serde_json::json;

#[derive(Debug)]
pub enum DataApiError {
    NotFound,
    BadRequest(String),
    Failed(String),
}

impl From<StoreError> for DataApiError {
    fn from(error: StoreError) -> Self {
        DataApiError::Failed(error.to_string())
    }
}

impl IntoResponse for DataApiError {
    fn into_response(self) -> Response {
        match self {
            DataApiError::NotFound => (StatusCode::NOT_FOUND, Json(json!({}))).into_response(),
            DataApiError::BadRequest(description) => (
                StatusCode::BAD_REQUEST,
                Json(json!({ "error": description })),
            )
                .into_response(),
            DataApiError::Failed(error) => {
                tracing::error!(%error, "a data store API request failed");
                StatusCode::INTERNAL_SERVER_ERROR.into_response()
            }
        }
    }
}

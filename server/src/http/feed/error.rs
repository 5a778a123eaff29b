//! The API's one error type, answered in the original's envelope:
//! `{"error": {"code": <status>, "description": "<text>"}}` with the same HTTP status.
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub description: String,
}

impl ApiError {
    pub fn new(status: StatusCode, description: impl Into<String>) -> Self {
        ApiError {
            status,
            description: description.into(),
        }
    }

    pub fn bad_request(description: impl Into<String>) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, description)
    }

    /// A failure of ours: logged in full, told to the client in general terms.
    pub fn internal(error: impl std::fmt::Display) -> Self {
        tracing::error!(%error, "the feed API failed");
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "Internal server error")
    }

    /// The message could not be handed over: the client may try again.
    pub fn unavailable(error: impl std::fmt::Display) -> Self {
        tracing::warn!(%error, "the feed could not accept a message");
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "The message was not accepted: the service is busy or restarting. Try again.",
        )
    }

    pub fn body(&self) -> serde_json::Value {
        serde_json::json!({
            "error": { "code": self.status.as_u16(), "description": self.description }
        })
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, Json(self.body())).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"feed\""),
            );
        }
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        response
    }
}

impl From<backends::feed::FeedError> for ApiError {
    fn from(error: backends::feed::FeedError) -> Self {
        match error {
            backends::feed::FeedError::Unavailable(_) => ApiError::unavailable(error),
            other => ApiError::internal(other),
        }
    }
}

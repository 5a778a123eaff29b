//! The one error type of every JSON API, answered in one envelope (the message feed's original's,
//! reference D): `{"error": {"code": <status>, "description": "<text>"}}` with the same HTTP
//! status. A 401 names the realm to authenticate to; a 503 says when to try again.
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub description: String,
    /// For a 401: the realm of the `WWW-Authenticate: Bearer` challenge.
    realm: Option<&'static str>,
}

impl ApiError {
    pub fn new(status: StatusCode, description: impl Into<String>) -> Self {
        ApiError {
            status,
            description: description.into(),
            realm: None,
        }
    }

    /// A 401: credentials for `realm` are missing or wrong.
    pub fn unauthorized(realm: &'static str, description: impl Into<String>) -> Self {
        ApiError {
            realm: Some(realm),
            ..ApiError::new(StatusCode::UNAUTHORIZED, description)
        }
    }

    pub fn bad_request(description: impl Into<String>) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, description)
    }

    /// A failure of ours: logged in full, told to the client in general terms.
    pub fn internal(error: impl std::fmt::Display) -> Self {
        tracing::error!(%error, "an API request failed");
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "Internal server error")
    }

    /// The message could not be handed over: the client may try again.
    pub fn unavailable(error: impl std::fmt::Display) -> Self {
        tracing::warn!(%error, "the service could not accept a request");
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
        if let Some(realm) = self.realm {
            if let Ok(challenge) = HeaderValue::from_str(&format!("Bearer realm=\"{realm}\"")) {
                response
                    .headers_mut()
                    .insert(header::WWW_AUTHENTICATE, challenge);
            }
        }
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        response
    }
}

/// The message feed's failures: unavailable means try again; anything else is ours.
impl From<app::feed::server::FeedError> for ApiError {
    fn from(error: app::feed::server::FeedError) -> Self {
        match error {
            app::feed::server::FeedError::Unavailable(_) => ApiError::unavailable(error),
            other => ApiError::internal(other),
        }
    }
}

//! The HTTP layer's one error type. HTML requests get a GOV.UK error page (rendered by
//! [`crate::http::error_pages`]); the cause is logged with the request id, never shown.
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("internal error: {0}")]
    Internal(#[from] anyhow::Error),
    #[error("service unavailable: {0}")]
    Unavailable(String),
    /// The request was refused (a form without a valid CSRF token, a body too large): the user
    /// gets the GOV.UK page for the status, and nothing is logged as an error.
    #[error("refused with {0}")]
    Refused(StatusCode),
    /// A form (or server function call) without its CSRF token, or from another site: 403 with
    /// the page that says to reload and try again.
    #[error("form refused: CSRF token or origin did not match")]
    FormRefused,
}

/// Marks a response whose body the error-page middleware replaces with a GOV.UK error page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RenderErrorPage {
    /// The page for the response's status.
    ForStatus,
    /// The 403 page for a refused form.
    FormRefused,
}

/// What the app layer's errors are on the web: the one place they become statuses. A 404 and a
/// 403 are refusals (their GOV.UK pages, nothing logged as an error); the rest are failures.
impl From<app::error::AppError> for ServerError {
    fn from(error: app::error::AppError) -> Self {
        use app::error::AppError;
        match error {
            AppError::NotFound => ServerError::Refused(StatusCode::NOT_FOUND),
            AppError::Forbidden => ServerError::Refused(StatusCode::FORBIDDEN),
            AppError::SignInRequired => ServerError::Refused(StatusCode::UNAUTHORIZED),
            AppError::Internal | AppError::ServerFn(_) => {
                ServerError::Internal(anyhow::anyhow!("{error}"))
            }
        }
    }
}

impl ServerError {
    pub fn status(&self) -> StatusCode {
        match self {
            ServerError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            ServerError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ServerError::Refused(status) => *status,
            ServerError::FormRefused => StatusCode::FORBIDDEN,
        }
    }
}

impl IntoResponse for ServerError {
    fn into_response(self) -> Response {
        // Logged inside the request's span, so the line carries the request id.
        let page = match self {
            ServerError::Refused(_) => RenderErrorPage::ForStatus,
            ServerError::FormRefused => {
                tracing::warn!("{self}");
                RenderErrorPage::FormRefused
            }
            _ => {
                tracing::error!(error = %self, "request failed");
                RenderErrorPage::ForStatus
            }
        };
        let mut response = self.status().into_response();
        response.extensions_mut().insert(page);
        response
    }
}

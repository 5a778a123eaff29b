//! The app layer's one error type: what a server function can fail with, carried to the browser
//! and mapped to a GOV.UK error page or message.
use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// Something failed on the server. The cause is logged there, never shown; the user sees the
    /// request id to quote.
    #[error("there is a problem with the service")]
    Internal,
    /// The server function call itself failed (network, encoding).
    #[error("the request could not be completed: {0}")]
    ServerFn(ServerFnErrorErr),
}

impl AppError {
    /// Logs the cause on the server and hides it from the user.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        Self::Internal
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        Self::ServerFn(value)
    }
}

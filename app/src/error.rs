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
    /// Only someone signed in may do this, and nobody is (or their session has ended).
    #[error("you need to sign in")]
    SignInRequired,
    /// The person signed in does not have the role this needs.
    #[error("you do not have permission to do this")]
    Forbidden,
    /// There is no such thing, or it is someone else's: the two look the same, so nobody learns
    /// what other people have.
    #[error("not found")]
    NotFound,
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

/// Failures of the layers below are internal to the app layer: logged, never shown. (Each
/// service says the same of its own error type, beside it.)
#[cfg(feature = "ssr")]
mod causes {
    use super::AppError;

    macro_rules! internal_causes {
        ($($error:ty),* $(,)?) => {
            $(impl From<$error> for AppError {
                fn from(error: $error) -> Self {
                    AppError::internal(error)
                }
            })*
        };
    }

    internal_causes!(
        backends::mail::MailError,
        backends::jobs::JobError,
        backends::jobs::QueueError,
        backends::objects::ObjectError,
        backends::store::StoreError,
        tower_sessions::session::Error,
    );
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        Self::ServerFn(value)
    }
}

//! The form pattern every page uses.
//!
//! A form is a struct of the raw strings a user sent ([`FormInput`]), deserialised from the POST
//! body on the server and from the `<form>`'s data in the browser, so bad input can always be shown
//! back. `validate` turns it into the page's domain value or [`FieldErrors`] in page order; the same
//! code runs on the server (always) and in the browser (instant feedback).
//!
//! Without JavaScript a page's [`Form`] is a plain `<form method="post">` to the page's own URL: the
//! server validates, and either redirects (POST/redirect/GET) or renders the same page with status
//! 400, the error summary, inline errors, an `Error: ` title and the input kept. With JavaScript the
//! same POST goes by `fetch` with `Accept: application/json` and the page updates in place. Every
//! form carries a CSRF token (see [`crate::csrf`]).
mod server_client;
mod view;

#[cfg(feature = "hydrate")]
mod client;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

pub use crate::validation::{FieldError, FieldErrors};
pub use server_client::CsrfClient;
pub use view::{use_form, use_form_with, Form, FormErrorSummary, FormState};

/// A form as the user sent it. Every field is a `String` (or `Vec<String>` for checkboxes) with
/// `#[serde(default)]`, so any body deserialises and nothing the user typed is lost.
pub trait FormInput:
    Clone + Default + PartialEq + Serialize + DeserializeOwned + Send + Sync + 'static
{
    /// What a valid form means to the service.
    type Valid;

    /// The service's rules: the valid value, or every field error in page order.
    fn validate(&self) -> Result<Self::Valid, FieldErrors>;

    /// The rules on the day `today`: what the server and the browser call. Forms whose rules
    /// depend on the date (a date of birth in the past) implement this, and `validate` as this on
    /// [`Today::from_system`](crate::dates::Today::from_system); the server passes the injected
    /// clock's date, so tests move it.
    fn validate_on(&self, today: crate::dates::Today) -> Result<Self::Valid, FieldErrors> {
        let _ = today;
        self.validate()
    }

    /// When a button that asks for something instead of saving sent the form (the address
    /// finder's), the form as it is to be shown again: the page is drawn with it, without errors
    /// (status 200), and nothing is validated or saved. `None` (every other form, and this one
    /// sent to be saved) goes on to [`validate_on`](Self::validate_on).
    fn redisplay(&self) -> Option<Self> {
        None
    }

    /// Parses an `application/x-www-form-urlencoded` body (repeated names fill a `Vec`, as
    /// checkboxes send them); a body that cannot be read gives the empty form.
    fn from_urlencoded(body: &[u8]) -> Self {
        serde_html_form::from_bytes(body).unwrap_or_default()
    }
}

/// What the server answers to a form sent by JavaScript (`Accept: application/json`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FormResponse {
    /// Valid and done: go here next (the JSON form of a 303).
    Redirect(String),
    /// Valid and done, and who is signed in has changed: load this page whole, so nothing drawn
    /// for the previous session (its CSRF token, its navigation) stays on screen.
    Reload(String),
    /// Not valid: show these (the JSON form of the 400 page).
    Errors(FieldErrors),
}

/// The submission the server is re-rendering a page for (status 400): set as context by the
/// server, read by [`use_form`] for the form whose type it names.
#[derive(Clone, Debug, PartialEq)]
pub struct RejectedSubmission {
    pub form: &'static str,
    pub input: serde_json::Value,
    pub errors: FieldErrors,
}

/// The name a form type is known by in a [`RejectedSubmission`].
pub fn form_name<F: FormInput>() -> &'static str {
    std::any::type_name::<F>()
}

/// A form the server accepts at its page's URL (declared in `crate::routes`): what a valid
/// submission does. The trait exists in the browser build too, so the route table names the same
/// form types there; only the server has `perform`.
pub trait FormAction: FormInput {
    #[cfg(feature = "ssr")]
    fn perform(
        valid: Self::Valid,
        context: ActionContext,
    ) -> impl std::future::Future<Output = Result<Submitted, FormFailure>> + Send;
}

#[cfg(feature = "ssr")]
pub use action::{ActionContext, FormEndpoint, FormFailure, FormOutcome, Submitted};

/// The server side of a form: what a valid submission does.
#[cfg(feature = "ssr")]
mod action {
    use std::future::Future;
    use std::pin::Pin;
    use std::sync::Arc;

    use crate::account::server::User;

    use super::{form_name, FieldErrors, FormAction, RejectedSubmission};
    use crate::auth::Audience;
    use crate::error::AppError;

    /// What a form's action has to work with.
    #[derive(Clone)]
    pub struct ActionContext {
        pub backends: backends::Backends,
        /// The services' running parts (the feed's intake).
        pub services: crate::services::Services,
        /// The request's method, URI and headers (its body was the form).
        pub request: http::request::Parts,
        /// Whether cookies must be marked `Secure` (everywhere but plain-HTTP development).
        pub secure_cookies: bool,
        /// True when JavaScript sent the form and will update the page itself.
        pub from_script: bool,
        /// Where the service is reached from outside, for links in emails.
        pub public_url: String,
    }

    impl ActionContext {
        /// The account signed in for this request, if any.
        pub fn signed_in(&self) -> Option<Arc<User>> {
            crate::auth::ssr::signed_in_from(&self.request.extensions)
        }

        /// The account signed in, if it may use a form meant for `audience`.
        pub fn require(&self, audience: Audience) -> Result<Arc<User>, AppError> {
            crate::auth::ssr::admit(self.signed_in(), audience)
        }

        /// The request's session (every page and form has one).
        pub fn session(&self) -> Result<tower_sessions::Session, AppError> {
            self.request
                .extensions
                .get::<tower_sessions::Session>()
                .cloned()
                .ok_or_else(|| AppError::internal("no session layer in front of the form"))
        }
    }

    /// The outcome of a valid submission: where to go next, and cookies to set on the way.
    #[derive(Clone, Debug, PartialEq)]
    pub struct Submitted {
        pub redirect: String,
        /// Who is signed in changed: scripts must load the next page whole.
        pub reload: bool,
        pub set_cookies: Vec<cookie::Cookie<'static>>,
    }

    impl Submitted {
        pub fn redirect(to: impl Into<String>) -> Self {
            Submitted {
                redirect: to.into(),
                reload: false,
                set_cookies: Vec::new(),
            }
        }

        /// Go to `to` as a whole new page (after signing in or out).
        pub fn reload(to: impl Into<String>) -> Self {
            Submitted {
                reload: true,
                ..Submitted::redirect(to)
            }
        }

        pub fn with_cookie(mut self, cookie: cookie::Cookie<'static>) -> Self {
            self.set_cookies.push(cookie);
            self
        }
    }

    /// Why a valid-looking submission was not done.
    #[derive(Debug)]
    pub enum FormFailure {
        /// The service's state says no (a wrong password, an address already in use): shown on the
        /// page as field errors, like the form's own rules.
        Rejected(FieldErrors),
        App(AppError),
    }

    impl<E: Into<AppError>> From<E> for FormFailure {
        fn from(error: E) -> Self {
            FormFailure::App(error.into())
        }
    }

    impl FormFailure {
        /// One field's error.
        pub fn field(field: &str, message: impl Into<String>) -> Self {
            let mut errors = FieldErrors::new();
            errors.add(field, message);
            FormFailure::Rejected(errors)
        }
    }

    /// What became of a submission.
    pub enum FormOutcome {
        /// Valid and done.
        Done(Submitted),
        /// A button that asks for something sent it ([`FormInput::redisplay`]): the page again
        /// with this input and no errors.
        Redisplayed(RejectedSubmission),
        /// Refused by the form's rules or the service's state: the page again with the errors.
        Rejected(RejectedSubmission),
        /// It could not be done.
        Failed(AppError),
    }

    type Submit =
        fn(bytes::Bytes, ActionContext) -> Pin<Box<dyn Future<Output = FormOutcome> + Send>>;

    /// A form type's submission, with the type erased, so the route table can hold every form and
    /// the server handle them all with one handler.
    #[derive(Clone, Copy)]
    pub struct FormEndpoint {
        submit: Submit,
    }

    impl FormEndpoint {
        pub fn of<F: FormAction>() -> Self {
            FormEndpoint {
                submit: submit::<F>,
            }
        }

        /// Reads `body` as form `F`, validates it and, if valid, performs it.
        pub async fn submit(&self, body: bytes::Bytes, context: ActionContext) -> FormOutcome {
            (self.submit)(body, context).await
        }
    }

    fn submit<F: FormAction>(
        body: bytes::Bytes,
        context: ActionContext,
    ) -> Pin<Box<dyn Future<Output = FormOutcome> + Send>> {
        Box::pin(async move {
            let input = F::from_urlencoded(&body);
            let today = crate::dates::Today::from_clock(context.backends.clock.as_ref());
            let rejected = |input: &F, errors| {
                FormOutcome::Rejected(RejectedSubmission {
                    form: form_name::<F>(),
                    input: serde_json::to_value(input).unwrap_or_default(),
                    errors,
                })
            };
            if let Some(shown) = input.redisplay() {
                return FormOutcome::Redisplayed(RejectedSubmission {
                    form: form_name::<F>(),
                    input: serde_json::to_value(&shown).unwrap_or_default(),
                    errors: FieldErrors::new(),
                });
            }
            let valid = match input.validate_on(today) {
                Ok(valid) => valid,
                Err(errors) => return rejected(&input, errors),
            };
            match F::perform(valid, context).await {
                Ok(submitted) => FormOutcome::Done(submitted),
                Err(FormFailure::Rejected(errors)) => rejected(&input, errors),
                Err(FormFailure::App(error)) => FormOutcome::Failed(error),
            }
        })
    }
}

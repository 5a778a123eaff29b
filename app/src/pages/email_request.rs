//! The form two account pages share: one email address, for which the service mails whatever fits
//! (a reset link, a new confirmation link, or a note that there is no account). The same answer
//! and the same work for every address (`account::server::requests`). Each page names what it asks
//! for with an [`EmailRequest`] and keeps its own heading and words.
use std::marker::PhantomData;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::account::fields::EmailField;
use crate::account::rules::EmailAddress;
use crate::form::{FieldErrors, Form, FormInput, FormState};
use crate::govuk::Button;
use crate::paths::{Href, Path};

/// What one page's email form asks for.
pub trait EmailRequest:
    Clone + Default + PartialEq + std::fmt::Debug + Send + Sync + 'static
{
    /// Where the form goes next, whatever the address.
    const NEXT: Path;
    #[cfg(feature = "ssr")]
    const ASKED: crate::account::server::requests::Asked;
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(bound = "")]
pub struct EmailRequestForm<R: EmailRequest> {
    #[serde(default)]
    pub email: String,
    #[serde(skip)]
    request: PhantomData<R>,
}

impl<R: EmailRequest> FormInput for EmailRequestForm<R> {
    type Valid = EmailAddress;

    fn validate(&self) -> Result<EmailAddress, FieldErrors> {
        let mut errors = FieldErrors::new();
        EmailAddress::check_field(&mut errors, "email", &self.email).ok_or(errors)
    }
}

impl<R: EmailRequest> crate::form::FormAction for EmailRequestForm<R> {
    #[cfg(feature = "ssr")]
    async fn perform(
        email: EmailAddress,
        context: crate::form::ActionContext,
    ) -> Result<crate::form::Submitted, crate::form::FormFailure> {
        crate::account::server::requests::request(&context.backends, R::ASKED, email.as_str())
            .await?;
        Ok(crate::form::Submitted::redirect(R::NEXT.href()))
    }
}

/// The form: the address and "Send the link", posting to `action`.
#[component]
pub fn EmailRequestFields<R: EmailRequest>(
    form: FormState<EmailRequestForm<R>>,
    action: Href,
) -> impl IntoView {
    view! {
        <Form form=form action=action>
            {move || {
                view! {
                    <EmailField
                        name="email"
                        label="Email address"
                        value=form.value(|f| f.email.clone())
                        error=form.error("email")
                    />
                }
            }}
            <Button content="Send the link"/>
        </Form>
    }
}

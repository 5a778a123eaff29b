//! `/forgot-password`: ask for a password-reset link (reference 1.7). The next page is the same for
//! every address: a confirmed account gets the link, an unconfirmed one a new confirmation link,
//! an unknown address a note that there is no account.
pub mod reset;
pub mod sent;

use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use crate::account::fields::EmailField;
use crate::account::paths as account_paths;
use crate::account::rules::EmailAddress;
use crate::form::{use_form, FieldErrors, Form, FormErrorSummary, FormInput};
use crate::govuk::Button;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ForgotPasswordForm {
    #[serde(default)]
    pub email: String,
}

impl FormInput for ForgotPasswordForm {
    type Valid = EmailAddress;

    fn validate(&self) -> Result<EmailAddress, FieldErrors> {
        let mut errors = FieldErrors::new();
        EmailAddress::check_field(&mut errors, "email", &self.email).ok_or(errors)
    }
}

impl crate::form::FormAction for ForgotPasswordForm {
    #[cfg(feature = "ssr")]
    async fn perform(
        email: EmailAddress,
        context: crate::form::ActionContext,
    ) -> Result<crate::form::Submitted, crate::form::FormFailure> {
        use crate::account::server::requests::{request, Asked};
        request(&context.backends, Asked::ResetPassword, email.as_str()).await?;
        Ok(crate::form::Submitted::redirect(
            account_paths::RESET_LINK_SENT.href(),
        ))
    }
}

#[component]
pub fn ForgotPassword() -> impl IntoView {
    let form = use_form::<ForgotPasswordForm>();
    view! {
        <Title text=form.title("Reset your password")/>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <FormErrorSummary form=form/>
                <h1 class="govuk-heading-l">"Reset your password"</h1>
                <p class="govuk-body">
                    "Enter the email address of your account. We’ll send you a link to choose a \
                     new password."
                </p>
                <Form form=form action=account_paths::FORGOT_PASSWORD.href()>
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
            </div>
        </div>
    }
}

//! `/user/change-email-address` (reference 1.8): a new address and the current password. A link
//! goes to the new address (the account moves only when it is opened) and a notice to the old
//! one. If the new address already has an account, it gets a mail saying so instead of a link,
//! so this page does not reveal which addresses have accounts.
pub mod verify;

use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use crate::account::fields::{EmailField, PasswordField};
use crate::account::paths as account_paths;
use crate::account::rules::EmailAddress;
use crate::auth::Audience;
use crate::form::{use_form, FieldErrors, Form, FormErrorSummary, FormInput};
use crate::govuk::Button;
use crate::pages::gate::NameFirst;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChangeEmailForm {
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub password_current: String,
}

#[derive(Clone, Debug)]
pub struct ChangeEmail {
    pub email: EmailAddress,
    pub password: String,
}

impl FormInput for ChangeEmailForm {
    type Valid = ChangeEmail;

    fn validate(&self) -> Result<ChangeEmail, FieldErrors> {
        let mut errors = FieldErrors::new();
        let email = EmailAddress::parse(&self.email)
            .map_err(|problem| {
                let message = match problem {
                    crate::account::rules::EmailProblem::Missing => "Enter your new email address",
                    other => other.message(),
                };
                errors.add("email", message)
            })
            .ok();
        if self.password_current.is_empty() {
            errors.add("password_current", "Enter your current password");
        }
        match email {
            Some(email) if errors.is_empty() => Ok(ChangeEmail {
                email,
                password: self.password_current.clone(),
            }),
            _ => Err(errors),
        }
    }
}

impl crate::form::FormAction for ChangeEmailForm {
    #[cfg(feature = "ssr")]
    async fn perform(
        change: ChangeEmail,
        context: crate::form::ActionContext,
    ) -> Result<crate::form::Submitted, crate::form::FormFailure> {
        use crate::account::server::use_cases::{request_email_change, EmailChangeRefused};

        use crate::form::FormFailure;

        let user = context.require(Audience::SignedIn)?;
        let requested = request_email_change(
            &context.backends,
            &context.public_url,
            &user,
            &change.email,
            &change.password,
        )
        .await?;
        match requested {
            Ok(()) => Ok(crate::form::Submitted::redirect(
                account_paths::DASHBOARD.href().query("saved", "email-link"),
            )),
            Err(EmailChangeRefused::SameAddress) => Err(FormFailure::field(
                "email",
                "Enter a different email address to the one you use now",
            )),
            Err(EmailChangeRefused::WrongPassword) => Err(FormFailure::field(
                "password_current",
                super::change_password::CURRENT_PASSWORD_WRONG,
            )),
        }
    }
}

#[component]
pub fn ChangeEmailPage() -> impl IntoView {
    let form = use_form::<ChangeEmailForm>();
    view! {
        <Title text=form.title("Change your email address")/>
        <NameFirst audience=Audience::SignedIn>
            <div class="govuk-grid-row">
                <div class="govuk-grid-column-two-thirds">
                    <FormErrorSummary form=form/>
                    <h1 class="govuk-heading-l">"Change your email address"</h1>
                    <p class="govuk-body">
                        "We’ll send a link to your new address. Your account moves to it when you \
                         open the link. We’ll also tell your current address."
                    </p>
                    <Form form=form action=account_paths::CHANGE_EMAIL.href()>
                        {move || {
                            view! {
                                <EmailField
                                    name="email"
                                    label="New email address"
                                    value=form.value(|f| f.email.clone())
                                    error=form.error("email")
                                />
                                <PasswordField
                                    name="password_current"
                                    label="Current password"
                                    autocomplete="current-password"
                                    error=form.error("password_current")
                                />
                            }
                        }}
                        <Button content="Send the link"/>
                    </Form>
                </div>
            </div>
        </NameFirst>
    }
}

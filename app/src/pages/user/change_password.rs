//! `/user/change-password` (reference 1.8): the current password, then a new one twice. Changing it
//! ends every other session of the account; this one stays signed in.
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use crate::account::fields::{NewPasswordFields, PasswordField};
use crate::account::paths as account_paths;
use crate::account::rules::NewPassword;
use crate::auth::Audience;
use crate::form::{use_form, FieldErrors, Form, FormErrorSummary, FormInput};
use crate::govuk::Button;
use crate::pages::gate::NameFirst;

/// The message for a wrong current password.
pub const CURRENT_PASSWORD_WRONG: &str = "Your current password is not correct";

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChangePasswordForm {
    #[serde(default)]
    pub password_current: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub password_confirm: String,
}

#[derive(Clone, Debug)]
pub struct ChangePassword {
    pub current: String,
    pub new: NewPassword,
}

impl FormInput for ChangePasswordForm {
    type Valid = ChangePassword;

    fn validate(&self) -> Result<ChangePassword, FieldErrors> {
        let mut errors = FieldErrors::new();
        if self.password_current.is_empty() {
            errors.add("password_current", "Enter your current password");
        }
        let new = NewPassword::check_fields(&mut errors, &self.password, &self.password_confirm);
        match new {
            Some(new) if errors.is_empty() => Ok(ChangePassword {
                current: self.password_current.clone(),
                new,
            }),
            _ => Err(errors),
        }
    }
}

impl crate::form::FormAction for ChangePasswordForm {
    #[cfg(feature = "ssr")]
    async fn perform(
        change: ChangePassword,
        context: crate::form::ActionContext,
    ) -> Result<crate::form::Submitted, crate::form::FormFailure> {
        use crate::form::FormFailure;

        let user = context.require(Audience::SignedIn)?;
        let changed = crate::account::server::use_cases::change_password(
            &context.backends,
            &context.public_url,
            &user,
            &change.current,
            &change.new,
        )
        .await?;
        let Ok(changed) = changed else {
            return Err(FormFailure::field(
                "password_current",
                CURRENT_PASSWORD_WRONG,
            ));
        };
        // The new stamp keeps this session; the others end at their next request.
        if let Some(user) = changed {
            crate::auth::ssr::remember(&context.session()?, &user).await?;
        }
        Ok(crate::form::Submitted::redirect(
            account_paths::DASHBOARD.href().query("saved", "password"),
        ))
    }
}

#[component]
pub fn ChangePasswordPage() -> impl IntoView {
    let form = use_form::<ChangePasswordForm>();
    view! {
        <Title text=form.title("Change your password")/>
        <NameFirst audience=Audience::SignedIn>
            <div class="govuk-grid-row">
                <div class="govuk-grid-column-two-thirds">
                    <FormErrorSummary form=form/>
                    <h1 class="govuk-heading-l">"Change your password"</h1>
                    <Form form=form action=account_paths::CHANGE_PASSWORD.href()>
                        {move || {
                            view! {
                                <PasswordField
                                    name="password_current"
                                    label="Current password"
                                    autocomplete="current-password"
                                    error=form.error("password_current")
                                />
                                <NewPasswordFields
                                    label="New password"
                                    confirm_label="Confirm your new password"
                                    error=form.error("password")
                                    confirm_error=form.error("password_confirm")
                                />
                            }
                        }}
                        <Button content="Change password"/>
                    </Form>
                </div>
            </div>
        </NameFirst>
    }
}

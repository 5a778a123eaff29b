//! `/forgot-password/reset/{token}`: choose a new password from the emailed link. The page checks
//! the link without using it up; the form uses it (once) and sets the password, which also lifts
//! any lock and ends every session of the account.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

use crate::account::fields::NewPasswordFields;
use crate::account::paths as account_paths;
use crate::account::rules::NewPassword;
use crate::error::AppError;
use crate::error_page::ServiceProblem;
use crate::form::{use_form, FieldErrors, Form, FormErrorSummary, FormInput};
use crate::govuk::Button;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ResetPasswordForm {
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub password_confirm: String,
}

impl FormInput for ResetPasswordForm {
    type Valid = NewPassword;

    fn validate(&self) -> Result<NewPassword, FieldErrors> {
        let mut errors = FieldErrors::new();
        let password =
            NewPassword::check_fields(&mut errors, &self.password, &self.password_confirm);
        match password {
            Some(password) if errors.is_empty() => Ok(password),
            _ => Err(errors),
        }
    }
}

/// The token at the end of the form's URL.
#[cfg(feature = "ssr")]
fn token_in(uri: &http::Uri) -> &str {
    uri.path().rsplit('/').next().unwrap_or_default()
}

impl crate::form::FormAction for ResetPasswordForm {
    #[cfg(feature = "ssr")]
    async fn perform(
        password: NewPassword,
        context: crate::form::ActionContext,
    ) -> Result<crate::form::Submitted, crate::form::FormFailure> {
        use crate::account::server::use_cases::{reset_password, LinkOutcome};

        use crate::form::Submitted;

        let token = token_in(&context.request.uri).to_owned();
        match reset_password(&context.backends, &context.public_url, &token, &password).await? {
            // Any session of this account (here or elsewhere) ended with the old password.
            LinkOutcome::Done => Ok(Submitted::reload(
                account_paths::SIGN_IN.href().query("reset", "true"),
            )),
            // The page itself says the link no longer works.
            LinkOutcome::NotValid | LinkOutcome::AddressTaken => {
                Ok(Submitted::redirect(context.request.uri.path().to_owned()))
            }
        }
    }
}

/// Whether the link still works.
#[server(prefix = "/_fn", endpoint = "reset-link-works", input = server_fn::codec::GetUrl)]
pub async fn reset_link_works(token: String) -> Result<bool, AppError> {
    crate::account::server::use_cases::reset_link_works(&crate::ssr::backends()?, &token).await
}

#[component]
pub fn ResetPassword() -> impl IntoView {
    let token = move || use_params_map().with(|p| p.get("token").unwrap_or_default());
    let works = Resource::new_blocking(token, reset_link_works);
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match works.await {
                    Ok(true) => view! { <NewPasswordForm action=account_paths::RESET_PASSWORD.to(token()).into()/> }.into_any(),
                    Ok(false) => view! { <ResetLinkNotValid/> }.into_any(),
                    Err(_) => view! { <ServiceProblem/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn NewPasswordForm(action: String) -> impl IntoView {
    let form = use_form::<ResetPasswordForm>();
    view! {
        <Title text=form.title("Choose a new password")/>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <FormErrorSummary form=form/>
                <h1 class="govuk-heading-l">"Choose a new password"</h1>
                <Form form=form action=action>
                    {move || {
                        view! {
                            <NewPasswordFields
                                label="New password"
                                confirm_label="Confirm your new password"
                                error=form.error("password")
                                confirm_error=form.error("password_confirm")
                            />
                        }
                    }}
                    <Button content="Save password"/>
                </Form>
            </div>
        </div>
    }
}

#[component]
fn ResetLinkNotValid() -> impl IntoView {
    view! {
        <Title text="This link has expired or has already been used"/>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h1 class="govuk-heading-l">"This link has expired or has already been used"</h1>
                <p class="govuk-body">
                    "Links to reset a password work once, for 24 hours. "
                    <a class="govuk-link" href=account_paths::FORGOT_PASSWORD.href().to_string()>
                        "Get a new link"
                    </a>
                    "."
                </p>
            </div>
        </div>
    }
}

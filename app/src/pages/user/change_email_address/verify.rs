//! `/user/change-email-address/verify/{token}`: the link sent to the new address. Opening it moves
//! the account (once, within 24 hours); it works without being signed in, as the reference's does.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

use crate::account::paths as account_paths;
use crate::error::AppError;
use crate::error_page::ServiceProblem;
use crate::govuk::Panel;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EmailChange {
    Changed,
    /// Another account took the address since the link was sent.
    AddressTaken,
    LinkNotValid,
}

#[server(prefix = "/_fn", endpoint = "verify-new-email", client = crate::form::CsrfClient)]
pub async fn verify_new_email(token: String) -> Result<EmailChange, AppError> {
    use crate::account::server::use_cases::LinkOutcome;

    let backends = crate::ssr::backends()?;
    Ok(
        match crate::account::server::use_cases::verify_new_email(&backends, &token).await? {
            LinkOutcome::Done => EmailChange::Changed,
            LinkOutcome::NotValid => EmailChange::LinkNotValid,
            LinkOutcome::AddressTaken => EmailChange::AddressTaken,
        },
    )
}

#[component]
pub fn VerifyNewEmail() -> impl IntoView {
    let token = move || use_params_map().with(|p| p.get("token").unwrap_or_default());
    let outcome = Resource::new_blocking(token, verify_new_email);
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let (heading, text) = match outcome.await {
                    Ok(EmailChange::Changed) => {
                        return view! {
                            <Title text="Your email address has been changed"/>
                            <div class="govuk-grid-row">
                                <div class="govuk-grid-column-two-thirds">
                                    <Panel title="Your email address has been changed"/>
                                    <p class="govuk-body">
                                        "Use your new address to sign in from now on. "
                                        <a class="govuk-link" href=account_paths::DASHBOARD.href().to_string()>"Go to your account"</a>
                                        "."
                                    </p>
                                </div>
                            </div>
                        }
                            .into_any();
                    }
                    Ok(EmailChange::AddressTaken) => (
                        "This email address already has an account",
                        "Your account keeps its old address. Choose a different new address.",
                    ),
                    Ok(EmailChange::LinkNotValid) => (
                        "This link has expired or has already been used",
                        "Links to change an email address work once, for 24 hours. Sign in and ask for a new one.",
                    ),
                    Err(_) => return view! { <ServiceProblem/> }.into_any(),
                };
                view! {
                    <Title text=heading/>
                    <div class="govuk-grid-row">
                        <div class="govuk-grid-column-two-thirds">
                            <h1 class="govuk-heading-l">{heading}</h1>
                            <p class="govuk-body">{text}</p>
                            <p class="govuk-body">
                                <a class="govuk-link" href=account_paths::CHANGE_EMAIL.href().to_string()>"Change your email address"</a>
                            </p>
                        </div>
                    </div>
                }
                    .into_any()
            })}
        </Suspense>
    }
}

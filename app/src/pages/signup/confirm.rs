//! `/signup/confirm/{token}`: the link in the confirmation email. Opening it confirms the address
//! (once; the token is stored only as a hash and expires after 24 hours).
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

use crate::account::paths as account_paths;
use crate::error::AppError;
use crate::error_page::ServiceProblem;
use crate::govuk::Panel;

/// What opening the link did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Confirmation {
    Confirmed,
    /// Unknown, used or expired: one answer for all, as the real service gives.
    LinkNotValid,
}

/// Confirms the address the link was sent to.
#[server(prefix = "/_fn", endpoint = "confirm-email", client = crate::form::CsrfClient)]
pub async fn confirm_email(token: String) -> Result<Confirmation, AppError> {
    use crate::account::server::use_cases::LinkOutcome;

    let backends = crate::ssr::backends()?;
    Ok(
        match crate::account::server::use_cases::confirm_email(&backends, &token).await? {
            LinkOutcome::Done => Confirmation::Confirmed,
            LinkOutcome::NotValid | LinkOutcome::AddressTaken => Confirmation::LinkNotValid,
        },
    )
}

#[component]
pub fn ConfirmEmail() -> impl IntoView {
    let token = move || use_params_map().with(|p| p.get("token").unwrap_or_default());
    let outcome = Resource::new_blocking(token, confirm_email);
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match outcome.await {
                    Ok(Confirmation::Confirmed) => {
                        view! {
                            <Title text="Your email address is confirmed"/>
                            <div class="govuk-grid-row">
                                <div class="govuk-grid-column-two-thirds">
                                    <Panel title="Your email address is confirmed"/>
                                    <p class="govuk-body">"Your account is ready to use."</p>
                                    <a href=account_paths::SIGN_IN.href().to_string() role="button" draggable="false" class="govuk-button" data-module="govuk-button">
                                        "Sign in"
                                    </a>
                                </div>
                            </div>
                        }
                            .into_any()
                    }
                    Ok(Confirmation::LinkNotValid) => view! { <LinkNotValid/> }.into_any(),
                    Err(_) => view! { <ServiceProblem/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The page for a link that cannot be used.
#[component]
fn LinkNotValid() -> impl IntoView {
    view! {
        <Title text="This link has expired or has already been used"/>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h1 class="govuk-heading-l">"This link has expired or has already been used"</h1>
                <p class="govuk-body">
                    "If you’ve already confirmed your email address, "
                    <a class="govuk-link" href=account_paths::SIGN_IN.href().to_string()>
                        "sign in"
                    </a> "."
                </p>
                <p class="govuk-body">
                    "Otherwise, "
                    <a class="govuk-link" href=account_paths::RESEND_EMAIL.href().to_string()>
                        "get a new link"
                    </a> "."
                </p>
            </div>
        </div>
    }
}

//! `/forgot-password`: ask for a password-reset link (reference 1.7). The next page is the same for
//! every address: a confirmed account gets the link, an unconfirmed one a new confirmation link,
//! an unknown address a note that there is no account.
pub mod reset;
pub mod sent;

use leptos::prelude::*;
use leptos_meta::Title;

use crate::account::paths as account_paths;
use crate::form::{use_form, FormErrorSummary};
use crate::pages::email_request::{EmailRequest, EmailRequestFields, EmailRequestForm};
use crate::paths::Path;

/// A password-reset link.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ResetLink;

impl EmailRequest for ResetLink {
    const NEXT: Path = account_paths::RESET_LINK_SENT;
    #[cfg(feature = "ssr")]
    const ASKED: crate::account::server::requests::Asked =
        crate::account::server::requests::Asked::ResetPassword;
}

pub type ForgotPasswordForm = EmailRequestForm<ResetLink>;

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
                <EmailRequestFields form=form action=account_paths::FORGOT_PASSWORD.href()/>
            </div>
        </div>
    }
}

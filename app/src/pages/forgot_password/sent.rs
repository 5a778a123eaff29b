//! `/forgot-password/sent`: the same page whatever address was given.
use crate::account::paths as account_paths;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ResetLinkSent() -> impl IntoView {
    view! {
        <Title text="Check your email"/>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h1 class="govuk-heading-l">"Check your email"</h1>
                <p class="govuk-body">
                    "We’ve sent an email to the address you gave. If it has an account, the email \
                     has a link to choose a new password. The link works once, for 24 hours."
                </p>
                <p class="govuk-body">
                    "If you do not get an email, check your spam or junk folder, or "
                    <a class="govuk-link" href=account_paths::FORGOT_PASSWORD.href().to_string()>
                        "try again"
                    </a>
                    "."
                </p>
            </div>
        </div>
    }
}

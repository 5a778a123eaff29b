//! `/signup/check-email`: where sign-up leads, whatever the address.
use crate::account::paths as account_paths;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn CheckEmail() -> impl IntoView {
    view! {
        <Title text="Check your email"/>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h1 class="govuk-heading-l">"Check your email"</h1>
                <p class="govuk-body">
                    "We’ve sent you an email. Open the link in it to confirm your email address \
                     and finish creating your account."
                </p>
                <p class="govuk-body">
                    "The link works for 24 hours. If you do not confirm your address in that time, \
                     we’ll delete the account and you’ll need to create it again."
                </p>
                <h2 class="govuk-heading-m">"If you did not get the email"</h2>
                <p class="govuk-body">
                    "Check your spam or junk folder. If it’s not there, "
                    <a class="govuk-link" href=account_paths::RESEND_EMAIL.href().to_string()>
                        "send the email again"
                    </a>
                    "."
                </p>
            </div>
        </div>
    }
}

//! `/signed-out`: after signing out.
use crate::account::paths as account_paths;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SignedOut() -> impl IntoView {
    view! {
        <Title text="You have been signed out"/>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h1 class="govuk-heading-l">"You have been signed out"</h1>
                <p class="govuk-body">
                    "Anything you saved is kept in your account for when you sign in again."
                </p>
                <p class="govuk-body">
                    <a class="govuk-link" href=account_paths::SIGN_IN.href().to_string()>
                        "Sign in again"
                    </a>
                </p>
            </div>
        </div>
    }
}

//! `/signed-out`: after signing out, with the satisfaction form offered (reference §10: the
//! end of a session is when the real service asks).
use crate::account::paths as account_paths;
use crate::performance::paths as performance_paths;
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
                <h2 class="govuk-heading-m">"Tell us what you think"</h2>
                <p class="govuk-body">
                    <a
                        class="govuk-link"
                        href=performance_paths::SEND_FEEDBACK
                            .href()
                            .query("from", account_paths::SIGNED_OUT.pattern())
                            .to_string()
                    >
                        "What did you think of this service?"
                    </a>
                    " (takes 30 seconds)"
                </p>
            </div>
        </div>
    }
}

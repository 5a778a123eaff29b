//! `/terms`: the terms of use people agree to when they create an account. When they change,
//! [`TERMS_LAST_CHANGED`] moves, and each person who signed in before it is shown
//! `/user/dashboard/new-terms` once, at their next sign-in.
use leptos::prelude::*;
use leptos_meta::Title;

/// When the terms last changed (adding the deletion of accounts unused for 9 months).
pub const TERMS_LAST_CHANGED: &str = "2026-11-24T00:00:00Z";
/// The same date as people read it.
pub const TERMS_LAST_CHANGED_TEXT: &str = "24 November 2026";

#[component]
pub fn Terms() -> impl IntoView {
    view! {
        <Title text="Terms of use"/>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h1 class="govuk-heading-l">"Terms of use"</h1>
                <p class="govuk-body-s">"Last updated " {TERMS_LAST_CHANGED_TEXT}</p>
                <p class="govuk-body">
                    "By creating an account you agree to use this service only for yourself, or \
                     for someone who has asked you to help them, and to give information that is \
                     true as far as you know."
                </p>
                <h2 class="govuk-heading-m">"Your account"</h2>
                <p class="govuk-body">
                    "Keep your password to yourself. If you think someone else knows it, change it \
                     straight away. We delete accounts that have not been confirmed within 24 hours."
                </p>
                <p class="govuk-body">
                    "We also delete accounts that have not been used for 9 months. We email you a \
                     month before, and again a week before; signing in keeps your account open for \
                     another 9 months."
                </p>
                <h2 class="govuk-heading-m">"Your information"</h2>
                <p class="govuk-body">
                    "We keep what you give us to provide the service. You can delete your account, \
                     and everything in it, at any time from your account page."
                </p>
            </div>
        </div>
    }
}

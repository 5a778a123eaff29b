//! `/terms`: the terms of use people agree to when they create an account.
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn Terms() -> impl IntoView {
    view! {
        <Title text="Terms of use"/>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h1 class="govuk-heading-l">"Terms of use"</h1>
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
                <h2 class="govuk-heading-m">"Your information"</h2>
                <p class="govuk-body">
                    "We keep what you give us to provide the service. You can delete your account, \
                     and everything in it, at any time from your account page."
                </p>
            </div>
        </div>
    }
}

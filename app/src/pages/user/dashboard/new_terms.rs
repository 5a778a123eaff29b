//! `/user/dashboard/new-terms`: shown once, at the first sign-in after the terms of use changed
//! (reference 1.4 and "Terms"): what changed, a link to read them, and the way on.
use leptos::prelude::*;
use leptos_meta::Title;

use crate::account::paths as account_paths;
use crate::auth::Audience;
use crate::govuk::Button;
use crate::pages::gate::NameFirst;
use crate::pages::terms::TERMS_LAST_CHANGED_TEXT;

#[component]
pub fn NewTerms() -> impl IntoView {
    view! {
        <Title text="Our terms of use have changed"/>
        <NameFirst audience=Audience::SignedIn>
            <div class="govuk-grid-row">
                <div class="govuk-grid-column-two-thirds">
                    <h1 class="govuk-heading-l">"Our terms of use have changed"</h1>
                    <p class="govuk-body">
                        "We changed our terms of use on " {TERMS_LAST_CHANGED_TEXT}
                        ". We now delete accounts that have not been used for 9 months, after \
                         emailing you a month and a week before."
                    </p>
                    <p class="govuk-body">
                        "By continuing to use this service you agree to the "
                        <a class="govuk-link" href=account_paths::TERMS.href().to_string()>"new terms of use"</a>
                        "."
                    </p>
                    <Button content="Continue" href=Some(account_paths::DASHBOARD.href().into())/>
                </div>
            </div>
        </NameFirst>
    }
}

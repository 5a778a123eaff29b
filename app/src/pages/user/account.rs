//! `/user/account`: the account's own pages (details, email address, password, deleting it), who
//! is signed in, and an admin's tools. Reached from the service navigation, so it is there for
//! someone with no LPAs too (whose dashboard goes straight to making one).
use leptos::prelude::*;
use leptos_meta::Title;

use crate::account::paths as account_paths;
use crate::auth::{Audience, Viewer};
use crate::pages::gate::NameFirst;

#[component]
pub fn YourAccount() -> impl IntoView {
    view! {
        <Title text="Your account"/>
        <NameFirst audience=Audience::SignedIn>
            <AccountContent/>
        </NameFirst>
    }
}

#[component]
fn AccountContent() -> impl IntoView {
    // Set by `Protected`, which has just asked.
    let viewer = use_context::<Viewer>();
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h1 class="govuk-heading-l">"Your account"</h1>
                {viewer
                    .map(|viewer| {
                        view! {
                            <p class="govuk-body">
                                "You’re signed in as "
                                <strong data-testid="signed-in-as">{viewer.email}</strong>
                                "."
                            </p>
                            {viewer
                                .is_admin
                                .then(|| {
                                    view! {
                                        <h2 class="govuk-heading-m">"Admin"</h2>
                                        <ul class="govuk-list">
                                            <li>
                                                <a class="govuk-link" href=account_paths::ADMIN_OUTBOX.href().to_string()>
                                                    "Emails sent by the service"
                                                </a>
                                            </li>
                                        </ul>
                                    }
                                })}
                        }
                    })}
                <ul class="govuk-list">
                    <li>
                        <a class="govuk-link" href=account_paths::DASHBOARD.href().to_string()>"Your LPAs"</a>
                    </li>
                    <li>
                        <a class="govuk-link" href=account_paths::ABOUT_YOU.href().to_string()>"Your details"</a>
                    </li>
                    <li>
                        <a class="govuk-link" href=account_paths::CHANGE_EMAIL.href().to_string()>"Change your email address"</a>
                    </li>
                    <li>
                        <a class="govuk-link" href=account_paths::CHANGE_PASSWORD.href().to_string()>"Change your password"</a>
                    </li>
                    <li>
                        <a class="govuk-link" href=account_paths::DELETE_ACCOUNT.href().to_string()>"Delete your account"</a>
                    </li>
                    <li>
                        <a class="govuk-link" href=account_paths::SIGN_OUT.href().to_string() rel="external">"Sign out"</a>
                    </li>
                </ul>
            </div>
        </div>
    }
}

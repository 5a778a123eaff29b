//! `/user/dashboard`: where signing in leads; the account's pages from here.
use leptos::prelude::*;
use leptos_meta::Title;

use leptos_router::hooks::use_query_map;

use crate::account::paths as account_paths;
use crate::auth::{Audience, Viewer};
use crate::govuk::{NotificationBanner, NotificationBannerType};
use crate::pages::gate::NameFirst;

pub mod new_terms;

#[component]
pub fn Dashboard() -> impl IntoView {
    view! {
        <Title text="Your account"/>
        <NameFirst audience=Audience::SignedIn>
            <DashboardContent/>
        </NameFirst>
    }
}

#[component]
fn DashboardContent() -> impl IntoView {
    // Set by `Protected`, which has just asked.
    let viewer = use_context::<Viewer>();
    let saved = move || {
        use_query_map().with(|q| match q.get("saved").as_deref() {
            Some("details") => Some("Your details have been saved"),
            Some("password") => Some("Your password has been changed"),
            Some("kept-open") => Some("Your account will stay open for another 9 months"),
            Some("email-link") => {
                Some("We’ve sent a link to your new email address. Open it to finish the change")
            }
            _ => None,
        })
    };
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                {move || {
                    saved()
                        .map(|text| {
                            view! {
                                <NotificationBanner
                                    banner_type=NotificationBannerType::Success
                                    content=Some(text.into())
                                />
                            }
                        })
                }}
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
                <h2 class="govuk-heading-m">"Your details"</h2>
                <ul class="govuk-list">
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

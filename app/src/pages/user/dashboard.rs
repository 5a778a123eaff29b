//! `/user/dashboard`: where signing in leads; the account's pages from here.
use leptos::prelude::*;
use leptos_meta::Title;

use crate::auth::{current_viewer, Audience, Protected};

#[component]
pub fn Dashboard() -> impl IntoView {
    view! {
        <Title text="Your account"/>
        <Protected audience=Audience::SignedIn>
            <DashboardContent/>
        </Protected>
    }
}

#[component]
fn DashboardContent() -> impl IntoView {
    let viewer = Resource::new_blocking(|| (), |_| current_viewer());
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h1 class="govuk-heading-l">"Your account"</h1>
                <Suspense>
                    {move || Suspend::new(async move {
                        viewer
                            .await
                            .ok()
                            .flatten()
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
                                                        <a class="govuk-link" href="/admin/outbox">
                                                            "Emails sent by the service"
                                                        </a>
                                                    </li>
                                                </ul>
                                            }
                                        })}
                                }
                            })
                    })}
                </Suspense>
                <h2 class="govuk-heading-m">"Your details"</h2>
                <ul class="govuk-list">
                    <li>
                        <a class="govuk-link" href="/logout">
                            "Sign out"
                        </a>
                    </li>
                </ul>
            </div>
        </div>
    }
}

//! `/deleted`: after the account is deleted.
use leptos::prelude::*;
use leptos_meta::Title;

use crate::govuk::Panel;

#[component]
pub fn Deleted() -> impl IntoView {
    view! {
        <Title text="Your account has been deleted"/>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <Panel title="Your account has been deleted"/>
                <p class="govuk-body">"We’ve deleted your account and everything in it."</p>
                <p class="govuk-body">
                    <a class="govuk-link" href="/">"Go to the list of services"</a>
                </p>
            </div>
        </div>
    }
}

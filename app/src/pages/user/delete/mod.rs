//! `/user/delete` (reference 1.9): what deleting the account means, then `/user/delete/confirm`.
pub mod confirm;

use leptos::prelude::*;
use leptos_meta::Title;

use crate::account::paths as account_paths;
use crate::auth::Audience;
use crate::govuk::WarningText;
use crate::pages::gate::NameFirst;

#[component]
pub fn DeleteAccount() -> impl IntoView {
    view! {
        <Title text="Delete your account"/>
        <NameFirst audience=Audience::SignedIn>
            <div class="govuk-grid-row">
                <div class="govuk-grid-column-two-thirds">
                    <h1 class="govuk-heading-l">"Delete your account"</h1>
                    <p class="govuk-body">"If you delete your account:"</p>
                    <ul class="govuk-list govuk-list--bullet">
                        <li>"your details and everything you have saved will be deleted"</li>
                        <li>"any documents we made for you will be deleted"</li>
                        <li>"you will not be able to get them back"</li>
                    </ul>
                    <WarningText content="You cannot undo this."/>
                    <div class="govuk-button-group">
                        <a href=account_paths::CONFIRM_DELETE_ACCOUNT.href().to_string() role="button" draggable="false" class="govuk-button govuk-button--warning" data-module="govuk-button">
                            "Continue"
                        </a>
                        <a class="govuk-link" href=account_paths::DASHBOARD.href().to_string()>"Cancel"</a>
                    </div>
                </div>
            </div>
        </NameFirst>
    }
}

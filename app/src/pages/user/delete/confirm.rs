//! `/user/delete/confirm`: the button that deletes the account (`crate::account::server::deletion`), then
//! its session; a last email says it is done.
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use crate::account::paths as account_paths;
use crate::auth::Audience;
use crate::form::{use_form, FieldErrors, Form, FormInput};
use crate::govuk::Button;
use crate::pages::gate::NameFirst;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DeleteAccountForm {}

impl FormInput for DeleteAccountForm {
    type Valid = ();

    fn validate(&self) -> Result<(), FieldErrors> {
        Ok(())
    }
}

impl crate::form::FormAction for DeleteAccountForm {
    #[cfg(feature = "ssr")]
    async fn perform(
        _: (),
        context: crate::form::ActionContext,
    ) -> Result<crate::form::Submitted, crate::form::FormFailure> {
        let user = context.require(Audience::SignedIn)?;
        crate::account::server::use_cases::delete_own_account(&context.backends, &user).await?;
        crate::auth::ssr::sign_out(&context.session()?).await?;
        Ok(crate::form::Submitted::reload(
            account_paths::DELETED.href(),
        ))
    }
}

#[component]
pub fn ConfirmDeleteAccount() -> impl IntoView {
    let form = use_form::<DeleteAccountForm>();
    view! {
        <Title text="Are you sure you want to delete your account?"/>
        <NameFirst audience=Audience::SignedIn>
            <div class="govuk-grid-row">
                <div class="govuk-grid-column-two-thirds">
                    <h1 class="govuk-heading-l">"Are you sure you want to delete your account?"</h1>
                    <p class="govuk-body">"Everything in it will be deleted straight away."</p>
                    <Form form=form action=account_paths::CONFIRM_DELETE_ACCOUNT.href()>
                        <div class="govuk-button-group">
                            <Button content="Delete my account" classes="govuk-button--warning"/>
                            <a class="govuk-link" href=account_paths::DASHBOARD.href().to_string()>"Cancel"</a>
                        </div>
                    </Form>
                </div>
            </div>
        </NameFirst>
    }
}

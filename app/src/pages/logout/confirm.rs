//! `/logout/confirm`: sign out by pressing a button.
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use crate::account::paths as account_paths;
use crate::form::{use_form, FieldErrors, Form, FormInput};
use crate::govuk::Button;

/// Signing out has nothing to fill in; the form carries only its CSRF token.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SignOutForm {}

impl FormInput for SignOutForm {
    type Valid = ();

    fn validate(&self) -> Result<(), FieldErrors> {
        Ok(())
    }
}

impl crate::form::FormAction for SignOutForm {
    #[cfg(feature = "ssr")]
    async fn perform(
        _: (),
        context: crate::form::ActionContext,
    ) -> Result<crate::form::Submitted, crate::form::FormFailure> {
        crate::auth::ssr::sign_out(&context.session()?).await?;
        Ok(crate::form::Submitted::reload(
            account_paths::SIGNED_OUT.href(),
        ))
    }
}

#[component]
pub fn ConfirmSignOut() -> impl IntoView {
    let form = use_form::<SignOutForm>();
    view! {
        <Title text="Sign out"/>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h1 class="govuk-heading-l">"Sign out"</h1>
                <p class="govuk-body">"Any answers you have not saved will be lost."</p>
                <Form form=form action=account_paths::CONFIRM_SIGN_OUT.href()>
                    <Button content="Sign out"/>
                </Form>
            </div>
        </div>
    }
}

//! `/admin/users/{id}/activate`: "Are you sure you want to activate this account?" Activating
//! confirms the account's email address for its owner (who never followed the link emailed to
//! them), so they can sign in and the account is no longer deleted 24 hours after sign-up.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::user::{with_account, UserAccount};
use crate::admin::paths;
use crate::auth::Audience;
use crate::form::{use_form, FieldErrors, FormInput};
use crate::pages::admin::parts::{account_question, AccountQuestion};
use crate::pages::gate::NameFirst;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ActivateUserForm {}

impl FormInput for ActivateUserForm {
    type Valid = ();

    fn validate(&self) -> Result<(), FieldErrors> {
        Ok(())
    }
}

impl crate::form::FormAction for ActivateUserForm {
    #[cfg(feature = "ssr")]
    async fn perform(
        _: (),
        context: crate::form::ActionContext,
    ) -> Result<crate::form::Submitted, crate::form::FormFailure> {
        use crate::admin::server::users;

        let admin = context.require(Audience::Admins)?;
        let user = users::account_at(
            &context.backends,
            paths::ACTIVATE_USER,
            context.request.uri.path(),
        )
        .await?;
        if !user.is_confirmed() {
            users::change(
                &context.backends,
                &admin,
                &user,
                users::AccountChange::Activated,
            )
            .await?;
        }
        Ok(crate::form::Submitted::redirect(
            paths::USER.to(user.id.clone()).query("done", "activated"),
        ))
    }
}

#[component]
pub fn ActivateUserPage() -> impl IntoView {
    view! {
        <NameFirst audience=Audience::Admins>
            {with_account(paths::ACTIVATE_USER, |account| view! { <Question account=account/> })}
        </NameFirst>
    }
}

#[component]
fn Question(account: UserAccount) -> impl IntoView {
    let form = use_form::<ActivateUserForm>();
    let question = AccountQuestion {
        heading: "Are you sure you want to activate this account?",
        warning: "Its owner will be able to sign in without confirming their email address.",
        button: "Activate account",
        action: paths::ACTIVATE_USER,
        refusal: account
            .activated
            .is_some()
            .then_some("This account is already activated."),
    };
    account_question(form, &account, question)
}

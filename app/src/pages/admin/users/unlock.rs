//! `/admin/users/{id}/unlock`: "Are you sure you want to unlock this account?" Unlocking lifts a
//! lockout (5 failed sign-ins lock an account for 15 minutes) and forgets the failed attempts.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::user::{with_account, UserAccount};
use crate::admin::paths;
use crate::auth::Audience;
use crate::form::{use_form, FieldErrors, FormInput};
use crate::pages::admin::parts::{account_question, AccountQuestion};
use crate::pages::gate::NameFirst;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct UnlockUserForm {}

impl FormInput for UnlockUserForm {
    type Valid = ();

    fn validate(&self) -> Result<(), FieldErrors> {
        Ok(())
    }
}

impl crate::form::FormAction for UnlockUserForm {
    #[cfg(feature = "ssr")]
    async fn perform(
        _: (),
        context: crate::form::ActionContext,
    ) -> Result<crate::form::Submitted, crate::form::FormFailure> {
        use crate::admin::server::users;

        let admin = context.require(Audience::Admins)?;
        let user = users::account_at(
            &context.backends,
            paths::UNLOCK_USER,
            context.request.uri.path(),
        )
        .await?;
        users::change(
            &context.backends,
            &admin,
            &user,
            users::AccountChange::Unlocked,
        )
        .await?;
        Ok(crate::form::Submitted::redirect(
            paths::USER.to(user.id.clone()).query("done", "unlocked"),
        ))
    }
}

#[component]
pub fn UnlockUserPage() -> impl IntoView {
    view! {
        <NameFirst audience=Audience::Admins>
            {with_account(paths::UNLOCK_USER, |account| view! { <Question account=account/> })}
        </NameFirst>
    }
}

#[component]
fn Question(account: UserAccount) -> impl IntoView {
    let form = use_form::<UnlockUserForm>();
    let question = AccountQuestion {
        heading: "Are you sure you want to unlock this account?",
        warning: "Its owner will be able to try signing in again straight away, 5 more times.",
        button: "Unlock account",
        action: paths::UNLOCK_USER,
        refusal: (!account.may_unlock())
            .then_some("This account is not locked and has no failed sign-in attempts."),
    };
    account_question(form, &account, question)
}

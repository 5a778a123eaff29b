//! `/admin/users/{id}/delete`: "Are you sure you want to delete this account?" Deleting it does
//! what its owner's own deletion does: its LPAs, its stored files and the account go, its sessions
//! end, and its owner is emailed. An admin deletes their own account from "Your account" instead.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::user::{with_account, UserAccount};
use crate::admin::paths;
use crate::auth::Audience;
use crate::form::{use_form, FieldErrors, FormInput};
use crate::pages::admin::parts::{account_question, AccountQuestion};
use crate::pages::gate::NameFirst;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DeleteUserForm {}

impl FormInput for DeleteUserForm {
    type Valid = ();

    fn validate(&self) -> Result<(), FieldErrors> {
        Ok(())
    }
}

impl crate::form::FormAction for DeleteUserForm {
    #[cfg(feature = "ssr")]
    async fn perform(
        _: (),
        context: crate::form::ActionContext,
    ) -> Result<crate::form::Submitted, crate::form::FormFailure> {
        use crate::admin::server::users;

        let admin = context.require(Audience::Admins)?;
        let user = users::account_at(
            &context.backends,
            paths::DELETE_USER,
            context.request.uri.path(),
        )
        .await?;
        users::delete(&context.backends, &admin, &user).await?;
        Ok(crate::form::Submitted::redirect(
            paths::USERS.href().query("done", "deleted"),
        ))
    }
}

#[component]
pub fn DeleteUserPage() -> impl IntoView {
    view! {
        <NameFirst audience=Audience::Admins>
            {with_account(paths::DELETE_USER, |account| view! { <Question account=account/> })}
        </NameFirst>
    }
}

#[component]
fn Question(account: UserAccount) -> impl IntoView {
    let form = use_form::<DeleteUserForm>();
    let question = AccountQuestion {
        heading: "Are you sure you want to delete this account?",
        warning:
            "The account and all its LPAs will be deleted straight away. You cannot undo this.",
        button: "Delete account",
        action: paths::DELETE_USER,
        refusal: account.is_yours.then_some(
            "This is your own account. You cannot delete it here: use “Your account” instead.",
        ),
    };
    account_question(form, &account, question)
}

//! Deleting an account, as asked by its owner (`/user/delete/confirm`) or after 9 months unused
//! (the `accounts.inactive` job): its stored objects, then its row (its tokens go with it) and the
//! last email, in one transaction.
use crate::account::server::User;
use backends::mail::Email;
use backends::Backends;

use crate::error::AppError;

/// Where an account's objects are kept in the object store.
pub fn objects_prefix(user_id: &str) -> String {
    format!("users/{user_id}/")
}

/// Why an account is deleted, which decides whether it may still be kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Deletion {
    /// Its owner asked (or an admin, on `/admin/users/{id}/delete`).
    Requested,
    /// Unused for 9 months; kept if it was signed in to since it was found.
    Expired,
}

/// Deletes `user`'s account and queues `mail`. `false` if an [`Deletion::Expired`] account was
/// signed in to meanwhile, and was kept (its generated objects, which live a day anyway, are gone).
pub async fn delete_account(
    backends: &Backends,
    user: &User,
    deletion: Deletion,
    mail: Email,
) -> Result<bool, AppError> {
    // Objects first: if this fails the account is still there to try again.
    for object in backends
        .objects
        .list(&objects_prefix(user.id.as_str()))
        .await?
    {
        backends.objects.delete(&object.key).await?;
    }
    let mut tx = crate::account::server::Accounts::of(backends)
        .begin()
        .await?;
    let deleted = match deletion {
        Deletion::Requested => {
            crate::account::server::Accounts::of(backends)
                .delete_user_in(&mut tx, &user.id)
                .await?;
            true
        }
        Deletion::Expired => {
            super::Accounts::of(backends)
                .delete_if_still_inactive_in(&mut tx, &user.id)
                .await?
        }
    };
    if deleted {
        backends::mail::enqueue_in(&backends.jobs, &mut tx, mail).await?;
    }
    tx.commit().await?;
    Ok(deleted)
}

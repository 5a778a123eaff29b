//! What an admin does to someone's account (reference §9 and beyond: the real admin only
//! looked): activate it, unlock it, delete it. Each is done, then recorded in the audit log with
//! the account's id as its target and its email in the details.
use backends::Backends;

use crate::account::server::deletion::{delete_account, Deletion};
use crate::account::server::{emails, Accounts, User, UserId};
use crate::admin::audit::AuditAction;
use crate::error::AppError;
use crate::paths::Path;

use super::AuditLog;

/// The account whose id is the `{id}` of `path` in `request_path`; [`AppError::NotFound`] when
/// the id is malformed or nobody has it.
pub async fn account_at(
    backends: &Backends,
    path: Path<UserId>,
    request_path: &str,
) -> Result<User, AppError> {
    let id = path.parse(request_path).ok_or(AppError::NotFound)?;
    Accounts::of(backends)
        .get(&id)
        .await?
        .ok_or(AppError::NotFound)
}

/// What an admin did to an account, for the audit log and the page's banner.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccountChange {
    /// The email address was marked confirmed, so the account may sign in.
    Activated,
    /// The lockout was lifted and the failed sign-ins forgotten.
    Unlocked,
}

/// Activates or unlocks `user`'s account for `admin`, and records it.
pub async fn change(
    backends: &Backends,
    admin: &User,
    user: &User,
    change: AccountChange,
) -> Result<(), AppError> {
    let accounts = Accounts::of(backends);
    let action = match change {
        AccountChange::Activated => {
            accounts.confirm_email(&user.id).await?;
            AuditAction::UserActivated
        }
        AccountChange::Unlocked => {
            accounts.unlock(&user.id).await?;
            AuditAction::UserUnlocked
        }
    };
    record(backends, admin, user, action).await
}

/// Deletes `user`'s account as its owner's own deletion does (its objects, then the row, which
/// takes its LPAs and tokens; its sessions find no account and end), with a last email saying
/// who deleted it, and records it. [`AppError::Forbidden`] for the admin's own account: that is done from "Your
/// account", where it also signs them out.
pub async fn delete(backends: &Backends, admin: &User, user: &User) -> Result<(), AppError> {
    if admin.id == user.id {
        return Err(AppError::Forbidden);
    }
    let mail = emails::account_deleted_by_staff(&user.email)?;
    delete_account(backends, user, Deletion::Requested, mail).await?;
    record(backends, admin, user, AuditAction::UserDeleted).await
}

async fn record(
    backends: &Backends,
    admin: &User,
    user: &User,
    action: AuditAction,
) -> Result<(), AppError> {
    AuditLog::of(backends)
        .record(
            admin,
            action,
            Some(user.id.as_str()),
            serde_json::json!({ "email": user.email }),
        )
        .await?;
    Ok(())
}

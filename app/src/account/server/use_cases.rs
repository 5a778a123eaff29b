//! What each account form and link does, one function each. A page's `perform` (or server
//! function) validates its input, calls one of these and decides what to show; the transaction,
//! the tokens and the mail it causes are all here. `public_url` makes the links in emails.
use backends::store::StoreTransaction;
use backends::Backends;

use super::deletion::{delete_account, Deletion};
use super::{
    emails, hash_password, requests, verify_against_dummy, verify_password, AccountError, Accounts,
    Details, Role, TokenGrant, TokenPurpose, User, LINK_LIFETIME,
};
use crate::account::paths;
use crate::account::rules::{EmailAddress, NewPassword};
use crate::error::AppError;

/// Creates an unconfirmed account and mails its confirmation link. An address that already has an
/// account gets the mail that says so instead: the same answer and the same work either way, so
/// the page tells nobody which addresses have accounts.
pub async fn sign_up(
    backends: &Backends,
    public_url: &str,
    email: &EmailAddress,
    password: &NewPassword,
) -> Result<(), AppError> {
    let accounts = Accounts::of(backends);
    let email = email.as_str();
    // Hashed either way, so a known address takes as long as a new one.
    let hash = hash_password(password.expose()).await?;
    let mut tx = accounts.begin().await?;
    let mail = match accounts
        .create_user_in(&mut tx, email, &hash, Role::Citizen)
        .await
    {
        Ok(user_id) => {
            let token = accounts
                .issue_token_in(
                    &mut tx,
                    &user_id,
                    TokenPurpose::ConfirmEmail,
                    LINK_LIFETIME,
                    None,
                )
                .await?;
            let link = paths::CONFIRM_EMAIL.to(token).absolute(public_url);
            emails::confirm_email_address(email, &link)?
        }
        Err(AccountError::EmailTaken) => {
            requests::mail_for_existing(backends, public_url, &mut tx, email).await?
        }
        Err(error) => return Err(error.into()),
    };
    backends::mail::enqueue_in(&backends.jobs, &mut tx, mail).await?;
    tx.commit().await?;
    Ok(())
}

/// What a link from an email found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkOutcome {
    Done,
    /// Used already, expired, or never issued.
    NotValid,
    /// The new address has had an account made with it since the link was sent.
    AddressTaken,
}

/// A link's token, used up in `tx`: its grant, or `None` when the link is not valid (used already,
/// expired, never issued).
async fn consume(
    accounts: &Accounts,
    tx: &mut StoreTransaction,
    token: &str,
    purpose: TokenPurpose,
) -> Result<Option<TokenGrant>, AppError> {
    match accounts.consume_token_in(tx, token, purpose).await {
        Ok(grant) => Ok(Some(grant)),
        Err(AccountError::Token(_)) => Ok(None),
        Err(error) => Err(error.into()),
    }
}

/// The emailed confirmation link: confirms the address (once).
pub async fn confirm_email(backends: &Backends, token: &str) -> Result<LinkOutcome, AppError> {
    let accounts = Accounts::of(backends);
    let mut tx = accounts.begin().await?;
    let Some(grant) = consume(&accounts, &mut tx, token, TokenPurpose::ConfirmEmail).await? else {
        return Ok(LinkOutcome::NotValid);
    };
    accounts.confirm_email_in(&mut tx, &grant.user_id).await?;
    tx.commit().await?;
    Ok(LinkOutcome::Done)
}

/// What signing in found.
pub enum SignInOutcome {
    /// The account as it was before this sign-in (where to go next depends on it).
    SignedIn(Box<User>),
    /// The password was right, but the address is not confirmed yet.
    Unconfirmed,
    /// An unknown address, a wrong password or a locked account: one answer for all three.
    NotRecognised,
}

/// Checks the credentials, counting a failure towards the lock. Every refusal costs one password
/// hash, so the time does not tell them apart either. The caller signs the session in.
pub async fn sign_in(
    backends: &Backends,
    email: &EmailAddress,
    password: &str,
) -> Result<SignInOutcome, AppError> {
    let accounts = Accounts::of(backends);
    let Some(user) = accounts.find_by_email(email.as_str()).await? else {
        verify_against_dummy(password).await;
        return Ok(SignInOutcome::NotRecognised);
    };
    if accounts.is_locked(&user) {
        verify_against_dummy(password).await;
        return Ok(SignInOutcome::NotRecognised);
    }
    if !verify_password(password, &user.password_hash).await {
        accounts.record_failed_sign_in(&user.id).await?;
        return Ok(SignInOutcome::NotRecognised);
    }
    if !user.is_confirmed() {
        // Only someone who knows the password learns the account is unconfirmed.
        return Ok(SignInOutcome::Unconfirmed);
    }
    accounts.record_successful_sign_in(&user.id).await?;
    Ok(SignInOutcome::SignedIn(Box::new(user)))
}

/// Whether a password-reset link would still work (the page checks before showing the form; the
/// form uses it).
pub async fn reset_link_works(backends: &Backends, token: &str) -> Result<bool, AppError> {
    match Accounts::of(backends)
        .check_token(token, TokenPurpose::ResetPassword)
        .await
    {
        Ok(_) => Ok(true),
        Err(AccountError::Token(_)) => Ok(false),
        Err(error) => Err(error.into()),
    }
}

/// Sets a new password through an emailed reset link, and tells the account's address.
pub async fn reset_password(
    backends: &Backends,
    public_url: &str,
    token: &str,
    password: &NewPassword,
) -> Result<LinkOutcome, AppError> {
    let accounts = Accounts::of(backends);
    let hash = hash_password(password.expose()).await?;
    let mut tx = accounts.begin().await?;
    let Some(grant) = consume(&accounts, &mut tx, token, TokenPurpose::ResetPassword).await? else {
        return Ok(LinkOutcome::NotValid);
    };
    accounts
        .set_password_in(&mut tx, &grant.user_id, &hash)
        .await?;
    if let Some(user) = accounts.get_in(&mut tx, &grant.user_id).await? {
        let reset = paths::FORGOT_PASSWORD.href().absolute(public_url);
        let mail = emails::password_changed(&user.email, &reset)?;
        backends::mail::enqueue_in(&backends.jobs, &mut tx, mail).await?;
    }
    tx.commit().await?;
    Ok(LinkOutcome::Done)
}

/// The current password given did not match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WrongPassword;

/// Changes the password of `user` (the current one checked first) and tells their address.
/// Returns the account as it is now, whose session stamp keeps the caller's session signed in.
pub async fn change_password(
    backends: &Backends,
    public_url: &str,
    user: &User,
    current: &str,
    new: &NewPassword,
) -> Result<Result<Option<User>, WrongPassword>, AppError> {
    if !verify_password(current, &user.password_hash).await {
        return Ok(Err(WrongPassword));
    }
    let accounts = Accounts::of(backends);
    let hash = hash_password(new.expose()).await?;
    let mut tx = accounts.begin().await?;
    accounts.set_password_in(&mut tx, &user.id, &hash).await?;
    let reset = paths::FORGOT_PASSWORD.href().absolute(public_url);
    let mail = emails::password_changed(&user.email, &reset)?;
    backends::mail::enqueue_in(&backends.jobs, &mut tx, mail).await?;
    tx.commit().await?;
    Ok(Ok(accounts.get(&user.id).await?))
}

/// Why an address change was not started.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EmailChangeRefused {
    SameAddress,
    WrongPassword,
}

/// Starts moving `user` to `new_address`: a link to the new address (or, if it has an account, the
/// mail that says so) and a notice to the old one. The address changes when the link is opened.
pub async fn request_email_change(
    backends: &Backends,
    public_url: &str,
    user: &User,
    new_address: &EmailAddress,
    password: &str,
) -> Result<Result<(), EmailChangeRefused>, AppError> {
    let new_address = new_address.as_str();
    if new_address == user.email {
        return Ok(Err(EmailChangeRefused::SameAddress));
    }
    if !verify_password(password, &user.password_hash).await {
        return Ok(Err(EmailChangeRefused::WrongPassword));
    }
    let accounts = Accounts::of(backends);
    let link = |href: crate::paths::Href| href.absolute(public_url);
    let mut tx = accounts.begin().await?;
    let to_new_address = if accounts
        .find_by_email_in(&mut tx, new_address)
        .await?
        .is_some()
    {
        emails::already_registered(
            new_address,
            &link(paths::SIGN_IN.href()),
            &link(paths::FORGOT_PASSWORD.href()),
        )?
    } else {
        let token = accounts
            .issue_token_in(
                &mut tx,
                &user.id,
                TokenPurpose::ChangeEmail,
                LINK_LIFETIME,
                Some(new_address),
            )
            .await?;
        emails::confirm_new_email_address(new_address, &link(paths::VERIFY_NEW_EMAIL.to(token)))?
    };
    backends::mail::enqueue_in(&backends.jobs, &mut tx, to_new_address).await?;
    let notice = emails::email_change_requested(&user.email, new_address)?;
    backends::mail::enqueue_in(&backends.jobs, &mut tx, notice).await?;
    tx.commit().await?;
    Ok(Ok(()))
}

/// The emailed link to a new address: moves the account there (once).
pub async fn verify_new_email(backends: &Backends, token: &str) -> Result<LinkOutcome, AppError> {
    let accounts = Accounts::of(backends);
    let mut tx = accounts.begin().await?;
    let Some(grant) = consume(&accounts, &mut tx, token, TokenPurpose::ChangeEmail).await? else {
        return Ok(LinkOutcome::NotValid);
    };
    let new_email = grant.new_email.unwrap_or_default();
    match accounts
        .change_email_in(&mut tx, &grant.user_id, &new_email)
        .await
    {
        Ok(()) => {}
        Err(AccountError::EmailTaken) => return Ok(LinkOutcome::AddressTaken),
        Err(error) => return Err(error.into()),
    }
    tx.commit().await?;
    Ok(LinkOutcome::Done)
}

/// Saves "about you" for `user`.
pub async fn save_details(
    backends: &Backends,
    user: &User,
    details: &Details,
) -> Result<(), AppError> {
    Accounts::of(backends)
        .update_details(&user.id, details)
        .await?;
    Ok(())
}

/// Deletes `user`'s account, as they asked, with the last mail. The caller ends the session.
pub async fn delete_own_account(backends: &Backends, user: &User) -> Result<(), AppError> {
    let mail = emails::account_deleted(&user.email)?;
    delete_account(backends, user, Deletion::Requested, mail).await?;
    Ok(())
}

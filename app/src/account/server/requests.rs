//! Mail asked for by address — a password reset, a new confirmation link — answered from the job
//! queue. The form only queues the request, which is the same work whoever the address belongs
//! to, so neither its answer nor its time tells anyone whether the address has an account
//! (`bench/enumeration` measured the difference when the form did the lookup itself). The job
//! (`accounts.mail-request`) looks the address up and queues the one mail that fits.
use crate::account::server::{TokenPurpose, LINK_LIFETIME};
use backends::jobs::{JobKind, JobSpec};
use backends::mail::Email;
use backends::store::StoreTransaction;
use backends::Backends;
use serde::{Deserialize, Serialize};

use super::emails;
use crate::account::paths;
use crate::error::AppError;

/// What was asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Asked {
    /// `/forgot-password`.
    ResetPassword,
    /// `/signup/resend-email`.
    ConfirmationLink,
}

/// The job: `asked` for `email`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct MailRequest {
    pub asked: Asked,
    pub email: String,
}

impl JobKind for MailRequest {
    const KIND: &'static str = "accounts.mail-request";
}

/// Queues the request; the form's whole work.
pub async fn request(backends: &Backends, asked: Asked, email: &str) -> Result<(), AppError> {
    let job = MailRequest {
        asked,
        email: email.to_owned(),
    };
    backends.jobs.enqueue(&JobSpec::new(&job)?).await?;
    Ok(())
}

/// The job's work: the mail that answers `request`, queued with any token it carries in one
/// transaction. `public_url` makes the links.
pub async fn answer(
    backends: &Backends,
    public_url: &str,
    request: &MailRequest,
) -> Result<(), AppError> {
    let link = |href: crate::paths::Href| href.absolute(public_url);
    let accounts = &crate::account::server::Accounts::of(backends);
    let address = request.email.as_str();
    let mut tx = accounts.begin().await?;
    let user = accounts.find_by_email_in(&mut tx, address).await?;
    let mail = match (request.asked, user) {
        (Asked::ResetPassword, Some(user)) if user.is_confirmed() => {
            let token = accounts
                .issue_token_in(
                    &mut tx,
                    &user.id,
                    TokenPurpose::ResetPassword,
                    LINK_LIFETIME,
                    None,
                )
                .await?;
            emails::reset_password(address, &link(paths::RESET_PASSWORD.to(token)))?
        }
        (_, Some(_)) => mail_for_existing(backends, public_url, &mut tx, address).await?,
        (Asked::ResetPassword, None) => emails::no_account(
            address,
            "Reset your password",
            "reset the password",
            &link(paths::SIGN_UP.href()),
        )?,
        (Asked::ConfirmationLink, None) => emails::no_account(
            address,
            "Confirm your email address",
            "send a link to confirm this address",
            &link(paths::SIGN_UP.href()),
        )?,
    };
    backends::mail::enqueue_in(&backends.jobs, &mut tx, mail).await?;
    tx.commit().await?;
    Ok(())
}

/// The mail for an address that has an account: a new confirmation link while it is unconfirmed,
/// otherwise a reminder that the account exists. Any token is issued in `tx`.
pub async fn mail_for_existing(
    backends: &Backends,
    public_url: &str,
    tx: &mut StoreTransaction,
    email: &str,
) -> Result<Email, AppError> {
    let link = |href: crate::paths::Href| href.absolute(public_url);
    let accounts = &crate::account::server::Accounts::of(backends);
    let user = accounts
        .find_by_email_in(tx, email)
        .await?
        .ok_or(AppError::Internal)?;
    let mail = if user.is_confirmed() {
        emails::already_registered(
            email,
            &link(paths::SIGN_IN.href()),
            &link(paths::FORGOT_PASSWORD.href()),
        )?
    } else {
        let token = accounts
            .issue_token_in(
                tx,
                &user.id,
                TokenPurpose::ConfirmEmail,
                LINK_LIFETIME,
                None,
            )
            .await?;
        emails::confirm_email_address(email, &link(paths::CONFIRM_EMAIL.to(token)))?
    };
    Ok(mail)
}

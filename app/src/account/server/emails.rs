//! The emails the account pages send, in GOV.UK's plain style. Each takes the links it needs, made
//! absolute by `Href::absolute`.
use backends::mail::{Email, MailError};

use crate::SERVICE_NAME;

fn email(to: &str, subject: &str, paragraphs: &[&str]) -> Result<Email, MailError> {
    let mut body = paragraphs.join("\n\n");
    body.push_str(&format!("\n\n{SERVICE_NAME}\n"));
    Email::new(to, subject, body)
}

/// After sign-up: the link that confirms the address (24 hours).
pub fn confirm_email_address(to: &str, link: &str) -> Result<Email, MailError> {
    email(
        to,
        "Confirm your email address",
        &[
            "You've created an account. To finish, confirm your email address by opening this link:",
            link,
            "The link works once, for 24 hours. If you did not create an account, you can ignore \
             this email: the account will be deleted.",
        ],
    )
}

/// Someone tried to create an account with an address that already has one. Sent instead of a
/// confirmation, so the sign-up page does not reveal which addresses have accounts.
pub fn already_registered(to: &str, sign_in: &str, reset: &str) -> Result<Email, MailError> {
    email(
        to,
        "You already have an account",
        &[
            "Someone tried to create an account with this email address, which already has one.",
            &format!("If it was you, sign in: {sign_in}"),
            &format!("If you've forgotten your password, reset it: {reset}"),
            "If it was not you, you do not need to do anything.",
        ],
    )
}

/// The password-reset link (24 hours).
pub fn reset_password(to: &str, link: &str) -> Result<Email, MailError> {
    email(
        to,
        "Reset your password",
        &[
            "Someone asked to reset the password for your account. To choose a new password, \
             open this link:",
            link,
            "The link works once, for 24 hours. If you did not ask, you can ignore this email: \
             your password has not changed.",
        ],
    )
}

/// Something was asked for an address with no account (`asked` says what: "reset the password"),
/// sent so the page answers the same whether or not the address has an account.
pub fn no_account(to: &str, subject: &str, asked: &str, sign_up: &str) -> Result<Email, MailError> {
    email(
        to,
        subject,
        &[
            &format!(
                "Someone asked us to {asked} for an account with this email address, but there \
                 is no account with it."
            ),
            &format!("If you want to create an account: {sign_up}"),
            "If it was not you, you do not need to do anything.",
        ],
    )
}

/// The link that moves the account to a new address, sent to the new address (24 hours).
pub fn confirm_new_email_address(to: &str, link: &str) -> Result<Email, MailError> {
    email(
        to,
        "Confirm your new email address",
        &[
            "You asked to change the email address of your account to this one. To confirm, open \
             this link:",
            link,
            "The link works once, for 24 hours. Until you open it, your account keeps its old \
             address.",
        ],
    )
}

/// The notice to the old address that someone asked to move the account.
pub fn email_change_requested(to: &str, new_address: &str) -> Result<Email, MailError> {
    email(
        to,
        "Your email address is being changed",
        &[
            &format!(
                "Someone signed in to your account asked to change its email address to \
                 {new_address}. It changes when the link we sent to that address is opened."
            ),
            "If this was not you, reset your password now and contact us.",
        ],
    )
}

/// After a password change or reset.
pub fn password_changed(to: &str, reset: &str) -> Result<Email, MailError> {
    email(
        to,
        "Your password has been changed",
        &[
            "The password for your account has been changed.",
            &format!("If you did not change it, reset your password now: {reset}"),
        ],
    )
}

/// After the account is deleted.
pub fn account_deleted(to: &str) -> Result<Email, MailError> {
    email(
        to,
        "Your account has been deleted",
        &["Your account and everything in it have been deleted, as you asked."],
    )
}

/// The account was deleted by the Office of the Public Guardian's staff (`/admin/users/{id}`).
pub fn account_deleted_by_staff(to: &str) -> Result<Email, MailError> {
    email(
        to,
        "Your account has been deleted",
        &[
            "Your account and everything in it have been deleted by the Office of the Public \
             Guardian.",
            "If you did not expect this, contact us at customerservices@publicguardian.gov.uk.",
        ],
    )
}

/// An account unused for 8 months (a month left) or 9 months less a week (a week left).
pub fn inactive_account(to: &str, time_left: &str, sign_in: &str) -> Result<Email, MailError> {
    email(
        to,
        &format!("Your account will be deleted in {time_left}"),
        &[
            &format!(
                "You have not signed in to your account for a long time. We delete accounts that \
                 have not been used for 9 months, so we will delete yours in {time_left}, with \
                 everything in it."
            ),
            &format!(
                "To keep your account, sign in before then: {sign_in}. It will then stay open \
                 for another 9 months."
            ),
            "If you no longer need your account, you do not need to do anything.",
        ],
    )
}

/// After an account unused for 9 months is deleted.
pub fn inactive_account_deleted(to: &str, sign_up: &str) -> Result<Email, MailError> {
    email(
        to,
        "Your account has been deleted",
        &[
            "Your account has been deleted, with everything in it, because it had not been used \
             for 9 months. We wrote to you about this a month and a week before.",
            &format!("You can create a new account at any time: {sign_up}"),
        ],
    )
}

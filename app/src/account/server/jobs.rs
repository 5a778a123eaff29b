//! The accounts service's jobs: `accounts.cleanup` (hourly: accounts unconfirmed a day after
//! sign-up are deleted), `accounts.inactive` (daily: the 8- and 9-month notices, then deletion;
//! reference 1.4) and `accounts.mail-request` (the mail a forgotten-password or resend form asked
//! for). The server registers them with one [`register`] call and schedules [`schedules`].
use backends::jobs::{JobContext, JobError, JobKind, JobRegistry, JobSpec, Schedule};
use backends::Backends;
use serde::{Deserialize, Serialize};

use super::deletion::{delete_account, Deletion};
use super::requests::{answer, MailRequest};
use super::{emails, Accounts, InactivityNotice};
use crate::account::paths;
use crate::error::AppError;

/// Deletes accounts never confirmed within a day of sign-up, as the real service does.
#[derive(Debug, Serialize, Deserialize)]
pub struct DeleteUnconfirmedAccounts {}

impl JobKind for DeleteUnconfirmedAccounts {
    const KIND: &'static str = "accounts.cleanup";
}

/// Warns the accounts unused for 8 months and 9 months less a week, and deletes those unused for
/// 9 months (reference 1.4).
#[derive(Debug, Serialize, Deserialize)]
pub struct ExpireInactiveAccounts {}

impl JobKind for ExpireInactiveAccounts {
    const KIND: &'static str = "accounts.inactive";
}

/// How long a new account may stay unconfirmed.
pub const UNCONFIRMED_ACCOUNT_LIFETIME: chrono::Duration = chrono::Duration::hours(24);

/// Every account job's handler, added to `registry`. `public_url` makes the links in emails.
pub fn register(registry: JobRegistry, backends: &Backends, public_url: &str) -> JobRegistry {
    let inactive = (backends.clone(), public_url.to_owned());
    let requests = inactive.clone();
    let accounts = Accounts::of(backends);
    let clock = backends.clock.clone();
    registry
        .register(move |_: JobContext, _: DeleteUnconfirmedAccounts| {
            let accounts = accounts.clone();
            let cutoff = clock.now() - UNCONFIRMED_ACCOUNT_LIFETIME;
            async move {
                let deleted = accounts
                    .delete_unconfirmed_older_than(cutoff)
                    .await
                    .map_err(JobError::retryable)?;
                tracing::info!(deleted, "unconfirmed accounts deleted");
                Ok(())
            }
        })
        .register(move |_: JobContext, request: MailRequest| {
            let (backends, public_url) = requests.clone();
            async move {
                answer(&backends, &public_url, &request)
                    .await
                    .map_err(JobError::retryable)
            }
        })
        .register(move |_: JobContext, _: ExpireInactiveAccounts| {
            let (backends, public_url) = inactive.clone();
            async move {
                expire_inactive_accounts(&backends, &public_url)
                    .await
                    .map_err(JobError::retryable)
            }
        })
}

/// Sends each notice that is due (each at most once: recorded with its mail in one transaction),
/// then deletes the accounts whose time is up.
async fn expire_inactive_accounts(backends: &Backends, public_url: &str) -> Result<(), AppError> {
    let accounts = &Accounts::of(backends);
    let mut notified = 0;
    for (notice, time_left) in [
        (InactivityNotice::MonthLeft, "1 month"),
        (InactivityNotice::WeekLeft, "1 week"),
    ] {
        for user in accounts.due_inactivity_notice(notice).await? {
            let mail = emails::inactive_account(
                &user.email,
                time_left,
                &paths::SIGN_IN.href().absolute(public_url),
            )?;
            let mut tx = accounts.begin().await?;
            if accounts
                .record_inactivity_notice_in(&mut tx, &user.id, notice)
                .await?
            {
                backends::mail::enqueue_in(&backends.jobs, &mut tx, mail).await?;
                notified += 1;
            }
            tx.commit().await?;
        }
    }
    let mut deleted = 0;
    for user in accounts.expired_inactive().await? {
        let mail = emails::inactive_account_deleted(
            &user.email,
            &paths::SIGN_UP.href().absolute(public_url),
        )?;
        if delete_account(backends, &user, Deletion::Expired, mail).await? {
            deleted += 1;
        }
    }
    tracing::info!(notified, deleted, "inactive accounts warned and deleted");
    Ok(())
}

/// The accounts' periodic jobs, each enqueued once per period across all instances (each period's
/// job carries a dedupe key, so a slow run is never doubled).
pub fn schedules() -> Vec<Schedule> {
    vec![
        Schedule::new("accounts.cleanup", "20 * * * *", |period| {
            Ok(JobSpec::new(&DeleteUnconfirmedAccounts {})?
                .dedupe_key(format!("accounts.cleanup:{period}")))
        })
        .expect("a valid cron expression"),
        Schedule::new("accounts.inactive", "40 3 * * *", |period| {
            Ok(JobSpec::new(&ExpireInactiveAccounts {})?
                .dedupe_key(format!("accounts.inactive:{period}")))
        })
        .expect("a valid cron expression"),
    ]
}

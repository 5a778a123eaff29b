//! The app's jobs: which kinds exist, their handlers, the periodic schedules, and the background
//! tasks that run them — inside `server serve` (unless `run_jobs` is off) or alone as
//! `server worker`. Kinds: `mail.send` (from `backends::mail`), `objects.expire`,
//! `accounts.cleanup`, `accounts.inactive`, `accounts.mail-request`; later services
//! register theirs here (`pdf.render`, …).
use std::time::Duration;

use backends::jobs::{
    JobContext, JobError, JobKind, JobRegistry, JobSpec, Schedule, Scheduler, Worker, WorkerConfig,
};
use backends::Backends;
use serde::{Deserialize, Serialize};
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

use app::account::requests::{answer, MailRequest};

use crate::config::Config;

/// Deletes the objects whose expiry has passed (generated PDFs live 24 hours).
#[derive(Debug, Serialize, Deserialize)]
pub struct ExpireObjects {}

impl JobKind for ExpireObjects {
    const KIND: &'static str = "objects.expire";
}

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

/// How often the scheduler looks whether a period has begun.
const SCHEDULER_TICK: Duration = Duration::from_secs(15);

/// Every kind's handler, with the backends it needs. `public_url` makes the links in emails.
pub fn registry(backends: &Backends, public_url: &str) -> JobRegistry {
    let inactive = (backends.clone(), public_url.to_owned());
    let requests = inactive.clone();
    let objects = backends.objects.clone();
    let clock = backends.clock.clone();
    let accounts = backends.accounts.clone();
    let registry = backends::mail::register(JobRegistry::new(), backends.mail.clone());
    let expiry_clock = clock.clone();
    registry
        .register(move |_: JobContext, _: ExpireObjects| {
            let objects = objects.clone();
            let now = expiry_clock.now();
            async move {
                let deleted = objects
                    .delete_expired(now)
                    .await
                    .map_err(JobError::retryable)?;
                tracing::info!(deleted, "expired objects deleted");
                Ok(())
            }
        })
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
async fn expire_inactive_accounts(
    backends: &Backends,
    public_url: &str,
) -> Result<(), app::error::AppError> {
    use app::account::deletion::{delete_account, Deletion};
    use app::account::{emails, paths};
    use backends::accounts::InactivityNotice;

    let accounts = &backends.accounts;
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

/// The periodic jobs, each enqueued once per period across all instances.
pub fn schedules() -> Vec<Schedule> {
    // Each period's job carries a dedupe key, so a slow run is never doubled.
    vec![
        Schedule::new("objects.expire", "5 * * * *", |period| {
            Ok(JobSpec::new(&ExpireObjects {})?.dedupe_key(format!("objects.expire:{period}")))
        })
        .expect("a valid cron expression"),
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

/// Starts the worker and the scheduler; they stop when `shutdown` is cancelled, the worker after
/// letting running jobs finish.
pub fn start(backends: &Backends, config: &Config, shutdown: CancellationToken) -> JoinSet<()> {
    let worker_config = WorkerConfig {
        concurrency: config.job_concurrency.clone(),
        ..WorkerConfig::default()
    };
    let worker = Worker::new(
        backends.jobs.clone(),
        registry(backends, &config.public_url()),
        worker_config,
    );
    let scheduler = Scheduler::new(backends.jobs.clone(), schedules());
    let mut tasks = JoinSet::new();
    let stop = shutdown.clone();
    tasks.spawn(async move { worker.run(stop).await });
    tasks.spawn(async move { scheduler.run(SCHEDULER_TICK, shutdown).await });
    tasks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_schedule_parses_and_fires_in_its_period() {
        let at = "2026-11-24T10:30:00Z".parse().unwrap();
        let periods: Vec<(String, String)> = schedules()
            .iter()
            .map(|s| {
                let period = s.current_period(at).unwrap().to_rfc3339();
                (s.name().to_owned(), period)
            })
            .collect();
        assert_eq!(
            periods,
            [
                ("objects.expire", "2026-11-24T10:05:00+00:00"),
                ("accounts.cleanup", "2026-11-24T10:20:00+00:00"),
                ("accounts.inactive", "2026-11-24T03:40:00+00:00"),
            ]
            .map(|(name, period)| (name.to_owned(), period.to_owned()))
        );
    }
}

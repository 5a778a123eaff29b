//! The app's jobs: which kinds exist, their handlers, the periodic schedules, and the background
//! tasks that run them — inside `server serve` (unless `run_jobs` is off) or alone as
//! `server worker`. Kinds: `mail.send` (from `backends::mail`) and `objects.expire` here; each
//! service's own through its `register` (`app::account::server::jobs`: `accounts.cleanup`,
//! `accounts.inactive`, `accounts.mail-request`; `app::lpa::server::jobs`; `perfplat.month` from
//! `app::performance::server::jobs`; `datastore.process` and `datastore.stuck` from
//! `app::datastore::server::jobs`; `datastore.pull` from `app::datastore::server::pull`, for the
//! configured sources).
use std::time::Duration;

use backends::jobs::{
    JobContext, JobError, JobKind, JobRegistry, JobSpec, Schedule, Scheduler, Worker, WorkerConfig,
};
use backends::Backends;
use serde::{Deserialize, Serialize};
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

use crate::config::Config;

/// Deletes the objects whose expiry has passed (generated PDFs live 24 hours).
#[derive(Debug, Serialize, Deserialize)]
pub struct ExpireObjects {}

impl JobKind for ExpireObjects {
    const KIND: &'static str = "objects.expire";
}

/// How often the scheduler looks whether a period has begun.
const SCHEDULER_TICK: Duration = Duration::from_secs(15);

/// Every kind's handler, with the backends it needs: the infrastructure's (`mail.send`,
/// `objects.expire`), then each service's, through its one `register`.
pub fn registry(backends: &Backends, config: &Config) -> JobRegistry {
    let public_url = &config.public_url();
    let objects = backends.objects.clone();
    let clock = backends.clock.clone();
    let registry = backends::mail::register(JobRegistry::new(), backends.mail.clone()).register(
        move |_: JobContext, _: ExpireObjects| {
            let objects = objects.clone();
            let now = clock.now();
            async move {
                let deleted = objects
                    .delete_expired(now)
                    .await
                    .map_err(JobError::retryable)?;
                tracing::info!(deleted, "expired objects deleted");
                Ok(())
            }
        },
    );
    let registry = app::account::server::jobs::register(registry, backends, public_url);
    let registry =
        app::lpa::server::jobs::register(registry, backends, &crate::state::lpa_settings(config));
    let registry = app::performance::server::jobs::register(registry, backends);
    let registry =
        app::datastore::server::jobs::register(registry, backends, &config.datastore_sources);
    let registry =
        app::datastore::server::pull::register(registry, backends, &config.datastore_sources);
    let registry = app::transfer::server::checks::register(registry, backends);
    app::transfer::server::export::register(registry, backends)
}

/// The periodic jobs, each enqueued once per period across all instances.
pub fn schedules() -> Vec<Schedule> {
    // Each period's job carries a dedupe key, so a slow run is never doubled.
    let mut schedules = vec![Schedule::new("objects.expire", "5 * * * *", |period| {
        Ok(JobSpec::new(&ExpireObjects {})?.dedupe_key(format!("objects.expire:{period}")))
    })
    .expect("a valid cron expression")];
    schedules.extend(app::account::server::jobs::schedules());
    schedules.extend(app::lpa::server::jobs::schedules());
    schedules.extend(app::performance::server::jobs::schedules());
    schedules.extend(app::datastore::server::jobs::schedules());
    schedules.extend(app::datastore::server::pull::schedules());
    schedules
}

/// Starts the worker and the scheduler; they stop when `shutdown` is cancelled, the worker after
/// letting running jobs finish.
pub fn start(backends: &Backends, config: &Config, shutdown: CancellationToken) -> JoinSet<()> {
    // Months are worked out one at a time, in the order they were sent, unless configured.
    let mut concurrency = std::collections::HashMap::from([(
        <app::performance::server::jobs::WorkOutMonth as JobKind>::KIND.to_owned(),
        1,
    )]);
    concurrency.extend(config.job_concurrency.clone());
    let worker_config = WorkerConfig {
        concurrency,
        lease: Duration::from_secs(config.job_lease_seconds.max(1)),
        ..WorkerConfig::default()
    };
    let worker = Worker::new(
        backends.jobs.clone(),
        registry(backends, config),
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
                ("lpa.recover-payments", "2026-11-24T10:30:00+00:00"),
                ("lpa.refresh-statuses", "2026-11-24T09:45:00+00:00"),
                ("perfplat.month", "2026-11-01T01:00:00+00:00"),
                ("datastore.stuck", "2026-11-24T10:17:00+00:00"),
                ("datastore.pull", "2026-11-24T02:00:00+00:00"),
            ]
            .map(|(name, period)| (name.to_owned(), period.to_owned()))
        );
    }
}

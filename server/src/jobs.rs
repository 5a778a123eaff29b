//! The app's jobs: which kinds exist, their handlers, the periodic schedules, and the background
//! tasks that run them — inside `server serve` (unless `run_jobs` is off) or alone as
//! `server worker`. Kinds: `mail.send` (from `backends::mail`), `objects.expire`; later services
//! register theirs here (`pdf.render`, …).
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

/// Every kind's handler, with the backends it needs.
pub fn registry(backends: &Backends) -> JobRegistry {
    let objects = backends.objects.clone();
    let clock = backends.clock.clone();
    let registry = backends::mail::register(JobRegistry::new(), backends.mail.clone());
    registry.register(move |_: JobContext, _: ExpireObjects| {
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
    })
}

/// The periodic jobs, each enqueued once per period across all instances.
pub fn schedules() -> Vec<Schedule> {
    vec![Schedule::new("objects.expire", "5 * * * *", |period| {
        // One sweep per hour: the dedupe key stops a slow sweep from being doubled.
        Ok(JobSpec::new(&ExpireObjects {})?.dedupe_key(format!("objects.expire:{period}")))
    })
    .expect("a valid cron expression")]
}

/// Starts the worker and the scheduler; they stop when `shutdown` is cancelled, the worker after
/// letting running jobs finish.
pub fn start(backends: &Backends, config: &Config, shutdown: CancellationToken) -> JoinSet<()> {
    let worker_config = WorkerConfig {
        concurrency: config.job_concurrency.clone(),
        ..WorkerConfig::default()
    };
    let worker = Worker::new(backends.jobs.clone(), registry(backends), worker_config);
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
    fn every_schedule_parses_and_fires_hourly() {
        let schedules = schedules();
        assert_eq!(schedules.len(), 1);
        let at = "2026-11-24T10:30:00Z".parse().unwrap();
        let period = schedules[0].current_period(at).unwrap();
        assert_eq!(period.to_rfc3339(), "2026-11-24T10:05:00+00:00");
    }
}

//! Periodic jobs. Each tick, every schedule works out its current period (its latest firing time
//! at or before now) and tries to record the firing in `job_schedule`; only the instance whose
//! insert went in enqueues the job, in the same transaction. So however many instances tick, each
//! period fires once, and a period missed while nothing ran fires when the next tick comes
//! (only the current one: earlier missed periods are not caught up).
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use croner::Cron;
use tokio::time::MissedTickBehavior;
use tokio_util::sync::CancellationToken;
use tracing::{info, warn};

use super::{Enqueued, JobQueue, JobSpec, QueueError};

type SpecForPeriod = Arc<dyn Fn(DateTime<Utc>) -> Result<JobSpec, QueueError> + Send + Sync>;

/// A named cron schedule (UTC) and the job each of its periods enqueues.
#[derive(Clone)]
pub struct Schedule {
    name: String,
    cron: Cron,
    spec_for_period: SpecForPeriod,
}

impl fmt::Debug for Schedule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Schedule")
            .field("name", &self.name)
            .field("cron", &self.cron.pattern.to_string())
            .finish_non_exhaustive()
    }
}

impl Schedule {
    /// `cron` has five fields, or six with seconds first: `"0 2 1 * *"` is 02:00 UTC on the 1st
    /// of each month. `spec_for_period` builds the job from the period's firing time.
    pub fn new(
        name: impl Into<String>,
        cron: &str,
        spec_for_period: impl Fn(DateTime<Utc>) -> Result<JobSpec, QueueError> + Send + Sync + 'static,
    ) -> Result<Self, QueueError> {
        let name = name.into();
        let cron = Cron::from_str(cron).map_err(|error| QueueError::Schedule {
            name: name.clone(),
            reason: error.to_string(),
        })?;
        Ok(Schedule {
            name,
            cron,
            spec_for_period: Arc::new(spec_for_period),
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The latest firing time at or before `now`: the period `now` is in.
    pub fn current_period(&self, now: DateTime<Utc>) -> Result<DateTime<Utc>, QueueError> {
        self.cron
            .find_previous_occurrence(&now, true)
            .map_err(|error| QueueError::Schedule {
                name: self.name.clone(),
                reason: error.to_string(),
            })
    }
}

/// A firing this instance won.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fired {
    pub schedule: String,
    pub period: DateTime<Utc>,
    pub job: Enqueued,
}

pub struct Scheduler {
    queue: JobQueue,
    schedules: Vec<Schedule>,
}

impl Scheduler {
    pub fn new(queue: JobQueue, schedules: Vec<Schedule>) -> Self {
        Scheduler { queue, schedules }
    }

    /// Fires every schedule whose period at `now` has not fired yet, on any instance.
    pub async fn tick(&self, now: DateTime<Utc>) -> Result<Vec<Fired>, QueueError> {
        let mut fired = Vec::new();
        for schedule in &self.schedules {
            let period = schedule.current_period(now)?;
            let period_key = period.to_rfc3339_opts(SecondsFormat::Secs, true);
            let mut tx = self.queue.begin().await?;
            let recorded = in_transaction!(&mut tx, conn => {
                sqlx::query(
                    "INSERT INTO job_schedule (name, period_key, fired_at) VALUES ($1, $2, $3) \
                     ON CONFLICT DO NOTHING",
                )
                .bind(&schedule.name)
                .bind(&period_key)
                .bind(now)
                .execute(conn)
                .await?
                .rows_affected()
            });
            if recorded == 0 {
                continue;
            }
            let spec = (schedule.spec_for_period)(period)?;
            let job = self.queue.enqueue_in(&mut tx, &spec).await?;
            tx.commit().await?;
            info!(schedule = %schedule.name, %period_key, job_id = job.id(), "schedule fired");
            fired.push(Fired {
                schedule: schedule.name.clone(),
                period,
                job,
            });
        }
        Ok(fired)
    }

    /// Ticks every `interval` by the queue's clock until `shutdown` is cancelled. The interval
    /// bounds how late a firing can be; an interval shorter than the schedules' resolution
    /// costs only a conflicting insert per schedule and tick.
    pub async fn run(&self, interval: Duration, shutdown: CancellationToken) {
        let mut ticks = tokio::time::interval(interval.max(Duration::from_millis(1)));
        ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                biased;
                () = shutdown.cancelled() => return,
                _ = ticks.tick() => {}
            }
            if let Err(error) = self.tick(self.queue.clock().now()).await {
                warn!(%error, "scheduler tick failed");
            }
        }
    }
}

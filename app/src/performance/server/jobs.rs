//! The performance platform's job, `perfplat.month` (other-systems A.3): body `{"year", "month"}`,
//! as the real service's FIFO queue message. It works the month's figures out and keeps them,
//! replacing what an earlier run kept. While a month's job waits or runs, sending the month again
//! adds nothing (its dedupe key is the month); jobs are claimed in the order they were sent. The
//! scheduler sends last month's at 01:00 UTC on the 1st of each month; an admin can send any month.
use backends::jobs::{
    Enqueued, JobContext, JobError, JobKind, JobQueue, JobRegistry, JobSpec, QueueError, Schedule,
};
use backends::Backends;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::MonthlyFigures;
use crate::performance::figures::Month;

/// Work out one month's figures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkOutMonth {
    pub year: i32,
    pub month: u32,
}

impl JobKind for WorkOutMonth {
    const KIND: &'static str = "perfplat.month";
}

impl From<Month> for WorkOutMonth {
    fn from(month: Month) -> Self {
        WorkOutMonth {
            year: month.year(),
            month: month.number(),
        }
    }
}

/// The job for `month`, keyed so a month waiting or running is not sent twice.
pub fn month_job(month: Month) -> Result<JobSpec, QueueError> {
    Ok(JobSpec::new(&WorkOutMonth::from(month))?.dedupe_key(format!("perfplat.month:{month}")))
}

/// Sends `month` to be worked out (again); the job already waiting for it, if one is.
pub async fn send_month(queue: &JobQueue, month: Month) -> Result<Enqueued, QueueError> {
    queue.enqueue(&month_job(month)?).await
}

/// The month that ended before `now`'s month.
fn month_before(now: DateTime<Utc>) -> Option<Month> {
    Month::of(now.date_naive()).previous()
}

pub fn register(registry: JobRegistry, backends: &Backends) -> JobRegistry {
    let figures = MonthlyFigures::of(backends);
    registry.register(move |_: JobContext, job: WorkOutMonth| {
        let figures = figures.clone();
        async move {
            let month = Month::new(job.year, job.month).ok_or_else(|| {
                JobError::permanent(format!("no such month: {}-{}", job.year, job.month))
            })?;
            let worked_out = figures.work_out(month).await.map_err(JobError::retryable)?;
            tracing::info!(%month, started = worked_out.started, "monthly figures worked out");
            Ok(())
        }
    })
}

pub fn schedules() -> Vec<Schedule> {
    vec![Schedule::new("perfplat.month", "0 1 1 * *", |period| {
        let month = month_before(period).ok_or_else(|| QueueError::Schedule {
            name: "perfplat.month".to_owned(),
            reason: format!("no month before {period}"),
        })?;
        month_job(month)
    })
    .expect("a valid cron expression")]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_of_the_month_sends_the_month_before() {
        let at = |text: &str| text.parse::<DateTime<Utc>>().unwrap();
        assert_eq!(
            month_before(at("2026-12-01T01:00:00Z")),
            Month::new(2026, 11)
        );
        assert_eq!(
            month_before(at("2027-01-01T01:00:00Z")),
            Month::new(2026, 12)
        );
    }

    #[test]
    fn the_body_is_the_real_services() {
        let body = serde_json::to_value(WorkOutMonth::from(Month::new(2026, 4).unwrap())).unwrap();
        assert_eq!(body, serde_json::json!({"year": 2026, "month": 4}));
    }
}

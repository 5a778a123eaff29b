//! The scheduler in one process: periods, and instances racing for one firing.
use backends::jobs::{Enqueued, JobSpec, JobState, Schedule, Scheduler};
use chrono::{TimeZone, Utc};
use serde_json::json;

use crate::support::{echo, start_time, Backend, Harness};

backends::on_both_stores!(a_schedule_fires_once_per_period_whoever_ticks);

async fn a_schedule_fires_once_per_period_whoever_ticks(backend: Backend) {
    let h = Harness::new(backend).await;
    // 02:00 on the 1st of each month; the month's figures are the previous month's.
    let monthly = || {
        Schedule::new("perfplat.month", "0 2 1 * *", |period| {
            JobSpec::new(&echo(&period.format("%Y-%m").to_string()))
        })
        .unwrap()
    };
    let first = Scheduler::new(h.queue.clone(), vec![monthly()]);
    let second = Scheduler::new(h.queue.clone(), vec![monthly()]);
    let november = Utc.with_ymd_and_hms(2026, 11, 1, 2, 0, 0).unwrap();
    assert_eq!(monthly().current_period(start_time()).unwrap(), november);

    let fired = first.tick(start_time()).await.unwrap();
    assert_eq!(fired.len(), 1);
    assert_eq!(fired[0].period, november);
    assert!(matches!(fired[0].job, Enqueued::New(_)));
    assert!(second.tick(start_time()).await.unwrap().is_empty());
    assert!(first
        .tick(start_time() + chrono::Duration::days(6))
        .await
        .unwrap()
        .is_empty());

    let december = Utc.with_ymd_and_hms(2026, 12, 1, 2, 0, 0).unwrap();
    assert!(second
        .tick(december - chrono::Duration::seconds(1))
        .await
        .unwrap()
        .is_empty());
    let fired = second.tick(december).await.unwrap();
    assert_eq!(
        fired.iter().map(|f| f.period).collect::<Vec<_>>(),
        [december]
    );
    assert!(first.tick(december).await.unwrap().is_empty());

    let jobs = h.queue.list(JobState::Pending, 10).await.unwrap();
    let mut months: Vec<_> = jobs.into_iter().map(|job| job.payload).collect();
    months.sort_by_key(|payload| payload.to_string());
    assert_eq!(
        months,
        [json!({"text": "2026-11"}), json!({"text": "2026-12"})]
    );
    assert_eq!(h.count("SELECT COUNT(*) FROM job_schedule").await, 2);
}

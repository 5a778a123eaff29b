//! The counter the queue emits for every finished attempt, read through a recorder local to the
//! test's thread (so the test runs on a current-thread runtime).
use std::collections::BTreeMap;
use std::time::Duration;

use backends::jobs::{FailOutcome, JobError, JobSpec};
use metrics_util::debugging::{DebugValue, DebuggingRecorder};

use crate::support::{echo, Backend, Chore, Harness};

const LEASE: Duration = Duration::from_secs(30);

#[test]
fn finished_jobs_are_counted_by_kind_and_outcome_on_sqlite() {
    finished_jobs_are_counted_by_kind_and_outcome(Backend::Sqlite);
}

#[test]
fn finished_jobs_are_counted_by_kind_and_outcome_on_postgres() {
    finished_jobs_are_counted_by_kind_and_outcome(Backend::Postgres);
}

fn finished_jobs_are_counted_by_kind_and_outcome(backend: Backend) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let recorder = DebuggingRecorder::new();
    let snapshotter = recorder.snapshotter();
    metrics::with_local_recorder(&recorder, || {
        runtime.block_on(async {
            let h = Harness::new(backend).await;
            h.queue
                .enqueue(&JobSpec::new(&echo("fine")).unwrap())
                .await
                .unwrap();
            let spec = JobSpec::new(&Chore { number: 1 }).unwrap().max_attempts(2);
            h.queue.enqueue(&spec).await.unwrap();

            let fine = h
                .queue
                .claim("w", &["test.echo"], LEASE)
                .await
                .unwrap()
                .unwrap();
            h.queue.complete(&fine).await.unwrap();
            let flaky = JobError::retryable("flaky");
            let chore = h
                .queue
                .claim("w", &["test.chore"], LEASE)
                .await
                .unwrap()
                .unwrap();
            let outcome = h.queue.fail(&chore, &flaky).await.unwrap();
            let FailOutcome::Retried { run_at } = outcome else {
                panic!("the first failure is retried, got {outcome:?}")
            };
            h.clock.set(run_at);
            let chore = h
                .queue
                .claim("w", &["test.chore"], LEASE)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(
                h.queue.fail(&chore, &flaky).await.unwrap(),
                FailOutcome::Dead
            );
        })
    });

    let mut counted = BTreeMap::new();
    for (key, _, _, value) in snapshotter.snapshot().into_vec() {
        let key = key.key();
        if key.name() != "jobs_finished_total" {
            continue;
        }
        let label = |name: &str| {
            key.labels()
                .find(|label| label.key() == name)
                .map(|label| label.value().to_owned())
                .unwrap_or_default()
        };
        let DebugValue::Counter(count) = value else {
            panic!("jobs_finished_total is a counter")
        };
        counted.insert((label("kind"), label("outcome")), count);
    }
    let expected = BTreeMap::from([
        (("test.chore".to_owned(), "dead".to_owned()), 1),
        (("test.chore".to_owned(), "retried".to_owned()), 1),
        (("test.echo".to_owned(), "succeeded".to_owned()), 1),
    ]);
    assert_eq!(counted, expected);
}

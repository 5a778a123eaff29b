//! The queue on its own: enqueue, transactions, dedupe, due times and leases.
use std::time::Duration;

use backends::clock::Clock;
use backends::jobs::{Enqueued, JobError, JobSpec, JobState, QueueError};
use backends::store::StoreTransaction;
use chrono::Utc;
use serde_json::json;

use crate::support::{echo, Backend, Chore, Harness};

const LEASE: Duration = Duration::from_secs(30);

backends::on_both_stores!(
    a_job_goes_from_enqueued_to_claimed_to_succeeded,
    a_job_enqueued_in_a_transaction_exists_only_if_it_commits,
    concurrent_enqueues_of_one_dedupe_key_make_one_job,
    a_job_is_not_claimed_before_its_run_at,
    an_expired_lease_passes_the_job_to_another_worker_and_refuses_the_first,
    a_job_whose_lease_lapses_on_its_last_attempt_is_dead,
    a_dead_job_retried_is_pending_and_due_now_with_its_attempts_back,
    a_dead_job_is_not_retried_while_a_live_job_holds_its_dedupe_key,
);

async fn a_job_goes_from_enqueued_to_claimed_to_succeeded(backend: Backend) {
    let h = Harness::new(backend).await;
    h.queue.ping().await.unwrap();
    let enqueued = h
        .queue
        .enqueue(&JobSpec::new(&echo("hello")).unwrap())
        .await
        .unwrap();
    let Enqueued::New(id) = enqueued else {
        panic!("expected a new job, got {enqueued:?}")
    };
    let pending = h.job(id).await;
    assert_eq!(pending.state, JobState::Pending);
    assert_eq!(pending.run_at, h.clock.now());
    assert_eq!(pending.attempts, 0);

    let claimed = h
        .queue
        .claim("worker-a", &["test.echo"], LEASE)
        .await
        .unwrap();
    let claimed = claimed.expect("the due job is claimed");
    assert_eq!(claimed.id, id);
    assert_eq!(claimed.payload, json!({"text": "hello"}));
    assert_eq!(claimed.state, JobState::Running);
    assert_eq!(claimed.attempts, 1);
    assert_eq!(claimed.locked_by.as_deref(), Some("worker-a"));
    assert_eq!(claimed.locked_until, Some(h.clock.now() + LEASE));
    assert!(
        h.queue
            .claim("worker-b", &["test.echo"], LEASE)
            .await
            .unwrap()
            .is_none(),
        "a leased job is not claimed twice"
    );
    assert!(
        h.queue
            .claim("worker-b", &["test.other"], LEASE)
            .await
            .unwrap()
            .is_none(),
        "a claim takes only the kinds asked for"
    );

    h.queue.complete(&claimed).await.unwrap();
    let done = h.job(id).await;
    assert_eq!(done.state, JobState::Succeeded);
    assert_eq!(done.finished_at, Some(h.clock.now()));
    assert_eq!((done.locked_by, done.locked_until), (None, None));
    assert!(h
        .queue
        .claim("worker-a", &["test.echo"], LEASE)
        .await
        .unwrap()
        .is_none());
}

/// The caller's own row, written in its transaction beside the job.
async fn write_system_message(tx: &mut StoreTransaction, text: &str) {
    let sql = "INSERT INTO system_message (id, text, updated_at) VALUES (1, $1, $2)";
    match tx {
        StoreTransaction::Sqlite(tx) => sqlx::query(sql)
            .bind(text)
            .bind(Utc::now())
            .execute(&mut **tx)
            .await
            .map(drop),
        StoreTransaction::Postgres(tx) => sqlx::query(sql)
            .bind(text)
            .bind(Utc::now())
            .execute(&mut **tx)
            .await
            .map(drop),
    }
    .expect("the caller's own write");
}

async fn a_job_enqueued_in_a_transaction_exists_only_if_it_commits(backend: Backend) {
    let h = Harness::new(backend).await;
    let spec = JobSpec::new(&echo("rolled back")).unwrap();

    let mut tx = h.store.begin().await.unwrap();
    write_system_message(&mut tx, "rolled back").await;
    h.queue.enqueue_in(&mut tx, &spec).await.unwrap();
    tx.rollback().await.unwrap();
    assert_eq!(h.count("SELECT COUNT(*) FROM jobs").await, 0);
    assert_eq!(h.count("SELECT COUNT(*) FROM system_message").await, 0);

    // Dropping an open transaction rolls it back too.
    let mut tx = h.store.begin().await.unwrap();
    h.queue.enqueue_in(&mut tx, &spec).await.unwrap();
    drop(tx);
    assert_eq!(h.count("SELECT COUNT(*) FROM jobs").await, 0);

    let spec = JobSpec::new(&echo("committed")).unwrap();
    let mut tx = h.store.begin().await.unwrap();
    write_system_message(&mut tx, "committed").await;
    let id = h.queue.enqueue_in(&mut tx, &spec).await.unwrap().id();
    tx.commit().await.unwrap();
    assert_eq!(h.job(id).await.payload, json!({"text": "committed"}));
    assert_eq!(h.count("SELECT COUNT(*) FROM jobs").await, 1);
    assert_eq!(
        h.count("SELECT COUNT(*) FROM system_message WHERE text = 'committed'")
            .await,
        1,
        "the caller's row committed"
    );
}

async fn concurrent_enqueues_of_one_dedupe_key_make_one_job(backend: Backend) {
    let h = Harness::new(backend).await;
    let spec = JobSpec::new(&echo("monthly"))
        .unwrap()
        .dedupe_key("perfplat.month:2026-10");
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let queue = h.queue.clone();
            let spec = spec.clone();
            tokio::spawn(async move { queue.enqueue(&spec).await })
        })
        .collect();
    let mut outcomes = Vec::new();
    for task in tasks {
        outcomes.push(task.await.unwrap().unwrap());
    }
    let new: Vec<i64> = outcomes
        .iter()
        .filter_map(|o| matches!(o, Enqueued::New(_)).then_some(o.id()))
        .collect();
    assert_eq!(
        new.len(),
        1,
        "exactly one enqueue adds the job: {outcomes:?}"
    );
    assert!(
        outcomes.iter().all(|o| o.id() == new[0]),
        "the others return the existing job: {outcomes:?}"
    );
    assert_eq!(h.count("SELECT COUNT(*) FROM jobs").await, 1);

    // While it runs the key is still held; once it finished, the key is free again.
    let running = h
        .queue
        .claim("worker", &["test.echo"], LEASE)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        h.queue.enqueue(&spec).await.unwrap(),
        Enqueued::Existing(running.id)
    );
    h.queue.complete(&running).await.unwrap();
    let again = h.queue.enqueue(&spec).await.unwrap();
    assert!(
        matches!(again, Enqueued::New(id) if id != running.id),
        "{again:?}"
    );
}

async fn a_job_is_not_claimed_before_its_run_at(backend: Backend) {
    let h = Harness::new(backend).await;
    let later = h.clock.now() + chrono::Duration::minutes(10);
    let spec = JobSpec::new(&echo("later")).unwrap().run_at(later);
    let id = h.queue.enqueue(&spec).await.unwrap().id();

    assert!(h
        .queue
        .claim("worker", &["test.echo"], LEASE)
        .await
        .unwrap()
        .is_none());
    h.clock
        .advance(chrono::Duration::minutes(10) - chrono::Duration::seconds(1));
    assert!(h
        .queue
        .claim("worker", &["test.echo"], LEASE)
        .await
        .unwrap()
        .is_none());
    h.clock.advance(chrono::Duration::seconds(1));
    let claimed = h
        .queue
        .claim("worker", &["test.echo"], LEASE)
        .await
        .unwrap();
    assert_eq!(claimed.map(|job| job.id), Some(id));
}

async fn an_expired_lease_passes_the_job_to_another_worker_and_refuses_the_first(backend: Backend) {
    let h = Harness::new(backend).await;
    let id = h
        .queue
        .enqueue(&JobSpec::new(&echo("contested")).unwrap())
        .await
        .unwrap()
        .id();
    let by_a = h
        .queue
        .claim("worker-a", &["test.echo"], LEASE)
        .await
        .unwrap()
        .unwrap();

    // A heartbeat keeps the job A's past the first lease.
    h.clock.advance(chrono::Duration::seconds(20));
    h.queue.heartbeat(&by_a, LEASE).await.unwrap();
    h.clock.advance(chrono::Duration::seconds(20));
    assert!(h
        .queue
        .claim("worker-b", &["test.echo"], LEASE)
        .await
        .unwrap()
        .is_none());

    // A goes quiet; once its lease has passed, B takes the job.
    h.clock.advance(chrono::Duration::seconds(11));
    let by_b = h
        .queue
        .claim("worker-b", &["test.echo"], LEASE)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(by_b.id, id);
    assert_eq!(by_b.attempts, 2);
    assert_eq!(by_b.locked_by.as_deref(), Some("worker-b"));

    // A's late word changes nothing.
    for refused in [
        h.queue.complete(&by_a).await,
        h.queue
            .fail(&by_a, &JobError::permanent("late"))
            .await
            .map(drop),
        h.queue.heartbeat(&by_a, LEASE).await,
    ] {
        assert!(
            matches!(refused, Err(QueueError::LeaseLost { job_id }) if job_id == id),
            "{refused:?}"
        );
    }
    assert_eq!(h.job(id).await.state, JobState::Running);

    h.queue.complete(&by_b).await.unwrap();
    let done = h.job(id).await;
    assert_eq!(
        (done.state, done.attempts, done.last_error),
        (JobState::Succeeded, 2, None)
    );
}

async fn a_job_whose_lease_lapses_on_its_last_attempt_is_dead(backend: Backend) {
    let h = Harness::new(backend).await;
    let spec = JobSpec::new(&echo("poison")).unwrap().max_attempts(1);
    let id = h.queue.enqueue(&spec).await.unwrap().id();
    h.queue
        .claim("worker-a", &["test.echo"], LEASE)
        .await
        .unwrap()
        .unwrap();

    h.clock.advance(chrono::Duration::seconds(31));
    assert!(h
        .queue
        .claim("worker-b", &["test.echo"], LEASE)
        .await
        .unwrap()
        .is_none());
    let dead = h.job(id).await;
    assert_eq!(dead.state, JobState::Dead);
    assert_eq!(dead.attempts, 1);
    assert!(dead.last_error.unwrap().contains("lease expired"));
    assert_eq!(dead.finished_at, Some(h.clock.now()));
}

/// A job claimed once and failed for good: dead, with its error. Its id.
async fn dead_job(h: &Harness, spec: &JobSpec) -> i64 {
    let id = h.queue.enqueue(spec).await.unwrap().id();
    let claimed = h
        .queue
        .claim("worker-a", &["test.echo"], LEASE)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(claimed.id, id);
    h.queue
        .fail(&claimed, &JobError::permanent("the mail server said no"))
        .await
        .unwrap();
    assert_eq!(h.job(id).await.state, JobState::Dead);
    id
}

async fn a_dead_job_retried_is_pending_and_due_now_with_its_attempts_back(backend: Backend) {
    let h = Harness::new(backend).await;
    let id = dead_job(&h, &JobSpec::new(&echo("again")).unwrap()).await;

    // A failure that will be retried is listed as retrying; a pending job never tried is not.
    let later = h.clock.now() + chrono::Duration::hours(1);
    h.queue
        .enqueue(&JobSpec::new(&echo("later")).unwrap().run_at(later))
        .await
        .unwrap();
    let retrying = h
        .queue
        .enqueue(&JobSpec::new(&Chore { number: 1 }).unwrap())
        .await
        .unwrap()
        .id();
    let claimed = h
        .queue
        .claim("worker-a", &["test.chore"], LEASE)
        .await
        .unwrap()
        .unwrap();
    h.queue
        .fail(&claimed, &JobError::retryable("try later"))
        .await
        .unwrap();
    let listed: Vec<i64> = h
        .queue
        .list_retrying(10)
        .await
        .unwrap()
        .iter()
        .map(|job| job.id)
        .collect();
    assert_eq!(listed, [retrying]);

    h.clock.advance(chrono::Duration::minutes(5));
    assert!(h.queue.retry_dead(id).await.unwrap());
    let retried = h.job(id).await;
    assert_eq!(retried.state, JobState::Pending);
    assert_eq!(retried.attempts, 0);
    assert_eq!(retried.run_at, h.clock.now());
    assert_eq!(retried.finished_at, None);
    assert_eq!(
        retried.last_error.as_deref(),
        Some("the mail server said no")
    );
    assert!(
        !h.queue.retry_dead(id).await.unwrap(),
        "only a dead job is retried"
    );
    assert!(!h.queue.retry_dead(id + 1000).await.unwrap());
    // It runs again, from its first attempt.
    let claimed = h
        .queue
        .claim("worker-b", &["test.echo"], LEASE)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((claimed.id, claimed.attempts), (id, 1));
}

async fn a_dead_job_is_not_retried_while_a_live_job_holds_its_dedupe_key(backend: Backend) {
    let h = Harness::new(backend).await;
    let spec = JobSpec::new(&echo("once")).unwrap().dedupe_key("only-one");
    let dead = dead_job(&h, &spec).await;
    let live = h.queue.enqueue(&spec).await.unwrap();
    assert!(matches!(live, Enqueued::New(_)));
    assert!(!h.queue.retry_dead(dead).await.unwrap());
    assert_eq!(h.job(dead).await.state, JobState::Dead);
    h.execute(&format!("DELETE FROM jobs WHERE id = {}", live.id()))
        .await;
    assert!(h.queue.retry_dead(dead).await.unwrap());
    assert_eq!(h.job(dead).await.state, JobState::Pending);
}

//! The worker: handlers, retries with back-off, dead jobs, concurrency per kind, shutdown.
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use backends::clock::Clock;
use backends::jobs::{
    JobContext, JobError, JobRegistry, JobSpec, JobState, QueueDepth, RetryPolicy, Worker,
};
use serde_json::json;
use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;

use crate::support::{eager_worker, echo, eventually, Backend, Chore, Echo, Harness};

const DEADLINE: Duration = Duration::from_secs(30);

backends::on_both_stores!(
    a_worker_runs_due_jobs_through_their_handlers,
    a_failing_job_backs_off_further_each_time_then_dies_keeping_its_error,
    a_permanent_failure_is_dead_at_once,
    a_kind_never_runs_more_jobs_at_once_than_its_concurrency,
    shutdown_lets_running_jobs_finish_and_claims_no_more,
);

async fn a_worker_runs_due_jobs_through_their_handlers(backend: Backend) {
    let h = Harness::new(backend).await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let registry = JobRegistry::new().register({
        let seen = Arc::clone(&seen);
        move |context: JobContext, job: Echo| {
            let seen = Arc::clone(&seen);
            async move {
                seen.lock().unwrap().push((context.attempt, job.text));
                Ok(())
            }
        }
    });
    let worker = Worker::new(h.queue.clone(), registry, eager_worker("worker"));
    let now = h.clock.now();
    h.queue
        .enqueue(&JobSpec::new(&echo("now")).unwrap())
        .await
        .unwrap();
    let later = JobSpec::new(&echo("later"))
        .unwrap()
        .run_at(now + chrono::Duration::hours(1));
    let later_id = h.queue.enqueue(&later).await.unwrap().id();

    assert_eq!(worker.drain().await.unwrap(), 1);
    assert_eq!(*seen.lock().unwrap(), [(1, "now".to_owned())]);
    assert_eq!(h.job(later_id).await.state, JobState::Pending);

    h.clock.advance(chrono::Duration::hours(1));
    assert_eq!(worker.run_once().await.unwrap(), 1);
    assert_eq!(h.job(later_id).await.state, JobState::Succeeded);
    assert_eq!(worker.run_once().await.unwrap(), 0);
}

async fn a_failing_job_backs_off_further_each_time_then_dies_keeping_its_error(backend: Backend) {
    let h = Harness::new(backend).await;
    let policy = RetryPolicy {
        base: Duration::from_secs(10),
        cap: Duration::from_secs(3600),
        jitter: 0.2,
    };
    let queue = h.queue.clone().with_retry_policy(policy);
    let registry = JobRegistry::new().register(|context: JobContext, _: Chore| async move {
        Err(JobError::retryable(format!(
            "attempt {} failed",
            context.attempt
        )))
    });
    let worker = Worker::new(queue.clone(), registry, eager_worker("worker"));
    let spec = JobSpec::new(&Chore { number: 1 }).unwrap().max_attempts(4);
    let id = queue.enqueue(&spec).await.unwrap().id();

    let mut waits = Vec::new();
    for attempt in 1..=3 {
        assert_eq!(
            worker.run_once().await.unwrap(),
            1,
            "attempt {attempt} runs"
        );
        let job = h.job(id).await;
        assert_eq!(job.state, JobState::Pending);
        assert_eq!(job.attempts, attempt);
        assert_eq!(job.last_error, Some(format!("attempt {attempt} failed")));
        let wait = (job.run_at - h.clock.now()).to_std().unwrap();
        let expected = Duration::from_secs(10 * 2u64.pow(attempt as u32 - 1));
        assert!(
            wait >= expected.mul_f64(0.8) && wait <= expected.mul_f64(1.2),
            "after attempt {attempt}: waits {wait:?}, expected {expected:?} ± 20 %"
        );
        waits.push(wait);
        // Not due a moment before its time; due at it.
        h.clock.set(job.run_at - chrono::Duration::milliseconds(1));
        assert_eq!(worker.run_once().await.unwrap(), 0);
        h.clock.set(job.run_at);
    }
    assert!(waits.windows(2).all(|pair| pair[0] < pair[1]), "{waits:?}");

    assert_eq!(worker.run_once().await.unwrap(), 1);
    let dead = h.job(id).await;
    assert_eq!(dead.state, JobState::Dead);
    assert_eq!(dead.attempts, 4);
    assert_eq!(dead.last_error.as_deref(), Some("attempt 4 failed"));
    assert_eq!(dead.finished_at, Some(h.clock.now()));
    h.clock.advance(chrono::Duration::days(1));
    assert_eq!(
        worker.run_once().await.unwrap(),
        0,
        "a dead job never runs again"
    );

    let listed = queue.list(JobState::Dead, 10).await.unwrap();
    assert_eq!(listed.iter().map(|job| job.id).collect::<Vec<_>>(), [id]);
    assert_eq!(
        queue.depth_by_kind().await.unwrap(),
        [QueueDepth {
            kind: "test.chore".to_owned(),
            state: JobState::Dead,
            count: 1
        }]
    );
}

async fn a_permanent_failure_is_dead_at_once(backend: Backend) {
    let h = Harness::new(backend).await;
    let registry = JobRegistry::new()
        .register(|_: JobContext, job: Chore| async move {
            Err(JobError::permanent(format!(
                "chore {} cannot be done",
                job.number
            )))
        })
        .register(|_: JobContext, _: Echo| async { Ok(()) });
    let worker = Worker::new(h.queue.clone(), registry, eager_worker("worker"));
    let refused = h
        .queue
        .enqueue(&JobSpec::new(&Chore { number: 7 }).unwrap())
        .await
        .unwrap();
    // A payload its kind cannot read is as hopeless.
    let garbled = JobSpec {
        payload: json!({"not": "an echo"}),
        ..JobSpec::new(&echo("")).unwrap()
    };
    let garbled = h.queue.enqueue(&garbled).await.unwrap();

    assert_eq!(worker.drain().await.unwrap(), 2);
    let refused = h.job(refused.id()).await;
    assert_eq!((refused.state, refused.attempts), (JobState::Dead, 1));
    assert_eq!(
        refused.last_error.as_deref(),
        Some("chore 7 cannot be done")
    );
    let garbled = h.job(garbled.id()).await;
    assert_eq!((garbled.state, garbled.attempts), (JobState::Dead, 1));
    assert!(garbled
        .last_error
        .unwrap()
        .starts_with("payload is not a test.echo"));
}

/// Handlers that count themselves in and wait at a gate the test opens.
struct GatedHandlers {
    gate: Arc<Semaphore>,
    in_flight: Arc<AtomicUsize>,
    most_at_once: Arc<AtomicUsize>,
}

impl GatedHandlers {
    fn new() -> Self {
        GatedHandlers {
            gate: Arc::new(Semaphore::new(0)),
            in_flight: Arc::new(AtomicUsize::new(0)),
            most_at_once: Arc::new(AtomicUsize::new(0)),
        }
    }

    fn registry(&self) -> JobRegistry {
        let (gate, in_flight, most) = (
            Arc::clone(&self.gate),
            Arc::clone(&self.in_flight),
            Arc::clone(&self.most_at_once),
        );
        JobRegistry::new().register(move |_: JobContext, _: Chore| {
            let (gate, in_flight, most) =
                (Arc::clone(&gate), Arc::clone(&in_flight), Arc::clone(&most));
            async move {
                let now_running = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(now_running, Ordering::SeqCst);
                gate.acquire().await.expect("the gate stays open").forget();
                in_flight.fetch_sub(1, Ordering::SeqCst);
                Ok(())
            }
        })
    }

    fn in_flight(&self) -> usize {
        self.in_flight.load(Ordering::SeqCst)
    }
}

async fn count_in(h: &Harness, state: JobState) -> usize {
    h.queue.list(state, 100).await.unwrap().len()
}

async fn a_kind_never_runs_more_jobs_at_once_than_its_concurrency(backend: Backend) {
    let h = Harness::new(backend).await;
    let handlers = GatedHandlers::new();
    let config = backends::jobs::WorkerConfig {
        concurrency: HashMap::from([("test.chore".to_owned(), 2)]),
        default_concurrency: 10,
        ..eager_worker("worker")
    };
    let worker = Arc::new(Worker::new(h.queue.clone(), handlers.registry(), config));
    for number in 0..6 {
        h.queue
            .enqueue(&JobSpec::new(&Chore { number }).unwrap())
            .await
            .unwrap();
    }
    let shutdown = CancellationToken::new();
    let running = tokio::spawn({
        let (worker, shutdown) = (Arc::clone(&worker), shutdown.clone());
        async move { worker.run(shutdown).await }
    });

    eventually(DEADLINE, "two chores in flight", || async {
        (handlers.in_flight() == 2).then_some(())
    })
    .await;
    assert_eq!(count_in(&h, JobState::Running).await, 2);
    assert_eq!(
        count_in(&h, JobState::Pending).await,
        4,
        "no third chore is claimed"
    );

    handlers.gate.add_permits(6);
    eventually(DEADLINE, "every chore done", || async {
        (count_in(&h, JobState::Succeeded).await == 6).then_some(())
    })
    .await;
    assert_eq!(handlers.most_at_once.load(Ordering::SeqCst), 2);

    shutdown.cancel();
    tokio::time::timeout(DEADLINE, running)
        .await
        .unwrap()
        .unwrap();
}

async fn shutdown_lets_running_jobs_finish_and_claims_no_more(backend: Backend) {
    let h = Harness::new(backend).await;
    let handlers = GatedHandlers::new();
    let config = backends::jobs::WorkerConfig {
        default_concurrency: 1,
        ..eager_worker("worker")
    };
    let worker = Arc::new(Worker::new(h.queue.clone(), handlers.registry(), config));
    let first = h
        .queue
        .enqueue(&JobSpec::new(&Chore { number: 1 }).unwrap())
        .await
        .unwrap();
    let second = h
        .queue
        .enqueue(&JobSpec::new(&Chore { number: 2 }).unwrap())
        .await
        .unwrap();
    let shutdown = CancellationToken::new();
    let running = tokio::spawn({
        let (worker, shutdown) = (Arc::clone(&worker), shutdown.clone());
        async move { worker.run(shutdown).await }
    });
    eventually(DEADLINE, "the first chore in flight", || async {
        (handlers.in_flight() == 1).then_some(())
    })
    .await;

    shutdown.cancel();
    handlers.gate.add_permits(2);
    tokio::time::timeout(DEADLINE, running)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(h.job(first.id()).await.state, JobState::Succeeded);
    assert_eq!(h.job(second.id()).await.state, JobState::Pending);
}

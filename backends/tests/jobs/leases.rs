//! Leases as a running worker keeps them, on the real clock: heartbeats extend a lease while the
//! handler works, and a worker that finds its lease taken tells its handler to stop.
use std::sync::Arc;
use std::time::Duration;

use backends::clock::SystemClock;
use backends::jobs::{
    JobContext, JobError, JobQueue, JobRegistry, JobSpec, JobState, Worker, WorkerConfig,
};
use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;

use crate::support::{eventually, Backend, Chore, Harness};

const DEADLINE: Duration = Duration::from_secs(30);
const LEASE: Duration = Duration::from_secs(2);

backends::on_both_stores!(
    a_running_job_keeps_its_lease_while_its_handler_works,
    a_worker_that_lost_a_lease_cancels_the_handler,
    shutdown_abandons_jobs_that_outlast_the_grace_period,
);

fn real_time_worker(queue: &JobQueue, registry: JobRegistry) -> Arc<Worker> {
    let config = WorkerConfig {
        worker_id: "worker-a".to_owned(),
        poll_interval: Duration::from_millis(10),
        lease: LEASE,
        shutdown_grace: Duration::from_millis(200),
        ..WorkerConfig::default()
    };
    Arc::new(Worker::new(queue.clone(), registry, config))
}

fn run_in_background(
    worker: &Arc<Worker>,
    shutdown: &CancellationToken,
) -> tokio::task::JoinHandle<()> {
    let (worker, shutdown) = (Arc::clone(worker), shutdown.clone());
    tokio::spawn(async move { worker.run(shutdown).await })
}

async fn running_job(queue: &JobQueue, id: i64) -> backends::jobs::Job {
    eventually(DEADLINE, "the job to be running", || async {
        let job = queue.get(id).await.unwrap().unwrap();
        (job.state == JobState::Running).then_some(job)
    })
    .await
}

async fn a_running_job_keeps_its_lease_while_its_handler_works(backend: Backend) {
    let h = Harness::new(backend).await;
    let queue = JobQueue::new(h.store.as_ref(), Arc::new(SystemClock));
    let gate = Arc::new(Semaphore::new(0));
    let registry = JobRegistry::new().register({
        let gate = Arc::clone(&gate);
        move |_: JobContext, _: Chore| {
            let gate = Arc::clone(&gate);
            async move {
                gate.acquire().await.expect("the gate stays open").forget();
                Ok(())
            }
        }
    });
    let worker = real_time_worker(&queue, registry);
    let shutdown = CancellationToken::new();
    let running = run_in_background(&worker, &shutdown);
    let id = queue
        .enqueue(&JobSpec::new(&Chore { number: 1 }).unwrap())
        .await
        .unwrap()
        .id();

    let claimed = running_job(&queue, id).await;
    let first_lease = claimed.locked_until.unwrap();
    eventually(DEADLINE, "a heartbeat to extend the lease", || async {
        let job = queue.get(id).await.unwrap().unwrap();
        (job.locked_until.unwrap() > first_lease).then_some(())
    })
    .await;
    assert!(
        queue
            .claim("worker-b", &["test.chore"], LEASE)
            .await
            .unwrap()
            .is_none(),
        "a kept lease is not claimed"
    );

    gate.add_permits(1);
    let done = eventually(DEADLINE, "the job to succeed", || async {
        let job = queue.get(id).await.unwrap().unwrap();
        (job.state == JobState::Succeeded).then_some(job)
    })
    .await;
    assert_eq!(done.attempts, 1);
    shutdown.cancel();
    running.await.unwrap();
}

async fn a_worker_that_lost_a_lease_cancels_the_handler(backend: Backend) {
    let h = Harness::new(backend).await;
    let queue = JobQueue::new(h.store.as_ref(), Arc::new(SystemClock));
    let told_to_stop = Arc::new(Semaphore::new(0));
    let registry = JobRegistry::new().register({
        let told_to_stop = Arc::clone(&told_to_stop);
        move |context: JobContext, _: Chore| {
            let told_to_stop = Arc::clone(&told_to_stop);
            async move {
                context.cancelled.cancelled().await;
                told_to_stop.add_permits(1);
                Err(JobError::retryable("stopped: the lease was lost"))
            }
        }
    });
    let worker = real_time_worker(&queue, registry);
    let shutdown = CancellationToken::new();
    let running = run_in_background(&worker, &shutdown);
    let id = queue
        .enqueue(&JobSpec::new(&Chore { number: 1 }).unwrap())
        .await
        .unwrap()
        .id();
    running_job(&queue, id).await;

    // Another worker takes the job over, as if worker-a's lease had lapsed.
    h.execute("UPDATE jobs SET locked_by = 'worker-b', attempts = attempts + 1")
        .await;
    tokio::time::timeout(DEADLINE, told_to_stop.acquire())
        .await
        .expect("the handler is told to stop")
        .unwrap()
        .forget();
    shutdown.cancel();
    running.await.unwrap();
    let taken = queue.get(id).await.unwrap().unwrap();
    assert_eq!(
        taken.state,
        JobState::Running,
        "worker-a's failure was refused"
    );
    assert_eq!(taken.locked_by.as_deref(), Some("worker-b"));
    assert_eq!(taken.last_error, None);
}

async fn shutdown_abandons_jobs_that_outlast_the_grace_period(backend: Backend) {
    let h = Harness::new(backend).await;
    let queue = JobQueue::new(h.store.as_ref(), Arc::new(SystemClock));
    let registry = JobRegistry::new().register(|_: JobContext, _: Chore| async {
        std::future::pending::<()>().await;
        Ok(())
    });
    let worker = real_time_worker(&queue, registry);
    let shutdown = CancellationToken::new();
    let running = run_in_background(&worker, &shutdown);
    let id = queue
        .enqueue(&JobSpec::new(&Chore { number: 1 }).unwrap())
        .await
        .unwrap()
        .id();
    running_job(&queue, id).await;

    shutdown.cancel();
    tokio::time::timeout(DEADLINE, running)
        .await
        .expect("the worker stops after the grace period")
        .unwrap();
    let abandoned = queue.get(id).await.unwrap().unwrap();
    assert_eq!(
        abandoned.state,
        JobState::Running,
        "left for its lease to lapse"
    );
    assert_eq!(abandoned.locked_by.as_deref(), Some("worker-a"));
}

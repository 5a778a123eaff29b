//! The worker: claims due jobs of the registered kinds and runs their handlers, at most a
//! configured number at once per kind, keeping each job's lease alive while its handler runs.
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::task::{JoinError, JoinSet};
use tokio::time::MissedTickBehavior;
use tokio_util::sync::CancellationToken;
use tokio_util::task::AbortOnDropHandle;
use tracing::{info, warn};

use super::registry::Handler;
use super::{Job, JobContext, JobError, JobQueue, JobRegistry, QueueError};

#[derive(Clone, Debug)]
pub struct WorkerConfig {
    /// Written into each claimed job's `locked_by`; unique per worker.
    pub worker_id: String,
    /// How many jobs of one kind run at once, for kinds not in `concurrency`.
    pub default_concurrency: usize,
    /// Per-kind limits; 0 keeps this worker from running that kind at all.
    pub concurrency: HashMap<String, usize>,
    /// How often to look for due jobs while idle. A finished job triggers a look at once.
    pub poll_interval: Duration,
    /// How long a claim holds a job; extended every third of it while the handler runs. A job
    /// whose worker died runs again this long after its last extension.
    pub lease: Duration,
    /// On shutdown, how long running jobs may take to finish before they are abandoned to their
    /// leases' expiry.
    pub shutdown_grace: Duration,
}

impl Default for WorkerConfig {
    fn default() -> Self {
        WorkerConfig {
            worker_id: format!(
                "worker-{}-{:08x}",
                std::process::id(),
                rand::random::<u32>()
            ),
            default_concurrency: 2,
            concurrency: HashMap::new(),
            poll_interval: Duration::from_secs(1),
            lease: Duration::from_secs(60),
            shutdown_grace: Duration::from_secs(30),
        }
    }
}

/// The handler of one kind and the permits for its concurrent runs.
struct KindSlots {
    handler: Handler,
    permits: Arc<Semaphore>,
}

pub struct Worker {
    queue: JobQueue,
    config: WorkerConfig,
    kinds: HashMap<&'static str, KindSlots>,
}

impl Worker {
    pub fn new(queue: JobQueue, registry: JobRegistry, config: WorkerConfig) -> Self {
        let kinds = registry
            .into_handlers()
            .map(|(kind, handler)| {
                let limit = config
                    .concurrency
                    .get(kind)
                    .copied()
                    .unwrap_or(config.default_concurrency);
                let permits = Arc::new(Semaphore::new(limit));
                (kind, KindSlots { handler, permits })
            })
            .collect();
        Worker {
            queue,
            config,
            kinds,
        }
    }

    /// Runs until `shutdown` is cancelled, then stops claiming and gives running jobs the grace
    /// period to finish.
    pub async fn run(&self, shutdown: CancellationToken) {
        let mut running = JoinSet::new();
        let abandon = CancellationToken::new();
        let mut poll =
            tokio::time::interval(self.config.poll_interval.max(Duration::from_millis(1)));
        poll.set_missed_tick_behavior(MissedTickBehavior::Delay);
        info!(worker_id = %self.config.worker_id, kinds = ?self.kinds.keys().collect::<Vec<_>>(), "job worker started");
        loop {
            tokio::select! {
                biased;
                () = shutdown.cancelled() => break,
                Some(finished) = running.join_next() => report_crash(finished),
                _ = poll.tick() => {}
            }
            if let Err(error) = self
                .claim_and_start(&mut running, &shutdown, &abandon)
                .await
            {
                warn!(%error, "could not claim jobs");
            }
        }
        let drained = tokio::time::timeout(self.config.shutdown_grace, async {
            while let Some(finished) = running.join_next().await {
                report_crash(finished);
            }
        })
        .await;
        if drained.is_err() {
            warn!(
                abandoned = running.len(),
                "jobs still running after the shutdown grace period are abandoned: they run again \
                 when their leases lapse"
            );
            abandon.cancel();
            running.shutdown().await;
        }
        info!(worker_id = %self.config.worker_id, "job worker stopped");
    }

    /// Runs every job that is due now, as far as the concurrency limits allow, and waits for
    /// them. Returns how many ran. Lets tests drive the worker with a manual clock, no polling.
    pub async fn run_once(&self) -> Result<usize, QueueError> {
        let mut running = JoinSet::new();
        let never = CancellationToken::new();
        let started = self.claim_and_start(&mut running, &never, &never).await;
        // The jobs that did start finish even when a later claim failed.
        while let Some(finished) = running.join_next().await {
            report_crash(finished);
        }
        started
    }

    /// Repeats [`run_once`](Self::run_once) until nothing is due. Jobs retried later stay queued.
    pub async fn drain(&self) -> Result<usize, QueueError> {
        let mut total = 0;
        loop {
            match self.run_once().await? {
                0 => return Ok(total),
                ran => total += ran,
            }
        }
    }

    /// Claims due jobs while some kind has a free slot and `shutdown` is not cancelled, starting
    /// each in `running`.
    async fn claim_and_start(
        &self,
        running: &mut JoinSet<()>,
        shutdown: &CancellationToken,
        abandon: &CancellationToken,
    ) -> Result<usize, QueueError> {
        let mut started = 0;
        loop {
            let open: Vec<&str> = self
                .kinds
                .iter()
                .filter(|(_, slots)| slots.permits.available_permits() > 0)
                .map(|(kind, _)| *kind)
                .collect();
            // Checked after counting the slots, so no slot freed after shutdown began is used.
            if open.is_empty() || shutdown.is_cancelled() {
                return Ok(started);
            }
            let claimed = self
                .queue
                .claim(&self.config.worker_id, &open, self.config.lease)
                .await?;
            let Some(job) = claimed else {
                return Ok(started);
            };
            let slots = self
                .kinds
                .get(job.kind.as_str())
                .expect("a claim returns only the kinds asked for");
            // Only this loop takes permits and the kind had one free, so this does not wait.
            let permit = Arc::clone(&slots.permits)
                .acquire_owned()
                .await
                .expect("the worker never closes its semaphores");
            running.spawn(execute(
                self.queue.clone(),
                Arc::clone(&slots.handler),
                job,
                self.config.lease,
                abandon.child_token(),
                permit,
            ));
            started += 1;
        }
    }
}

/// Runs one claimed job's handler and records how it ended. Holds the kind's permit until then.
async fn execute(
    queue: JobQueue,
    handler: Handler,
    job: Job,
    lease: Duration,
    cancelled: CancellationToken,
    _permit: OwnedSemaphorePermit,
) {
    let context = JobContext {
        job_id: job.id,
        kind: job.kind.clone(),
        attempt: job.attempts,
        cancelled: cancelled.clone(),
    };
    let heartbeat = AbortOnDropHandle::new(tokio::spawn(keep_lease(
        queue.clone(),
        job.clone(),
        lease,
        cancelled,
    )));
    // A task of its own, so a panicking handler fails its job instead of taking the worker down.
    let handling = AbortOnDropHandle::new(tokio::spawn(handler(context, job.payload.clone())));
    let result = handling.await.unwrap_or_else(|crash| {
        Err(JobError::retryable(format!(
            "the handler panicked: {crash}"
        )))
    });
    drop(heartbeat);
    match result {
        Ok(()) => match queue.complete(&job).await {
            Ok(()) => info!(job_id = job.id, kind = %job.kind, "job succeeded"),
            Err(error) => {
                warn!(job_id = job.id, kind = %job.kind, %error, "job succeeded but could not be marked so")
            }
        },
        Err(failure) => match queue.fail(&job, &failure).await {
            Ok(outcome) => {
                warn!(job_id = job.id, kind = %job.kind, error = %failure, ?outcome, "job failed")
            }
            Err(error) => {
                warn!(job_id = job.id, kind = %job.kind, %error, "job failed and the failure could not be recorded")
            }
        },
    }
}

/// Extends the job's lease every third of its length until dropped; if the lease was lost,
/// cancels the handler's token and stops.
async fn keep_lease(queue: JobQueue, job: Job, lease: Duration, lost: CancellationToken) {
    let mut beats = tokio::time::interval((lease / 3).max(Duration::from_millis(10)));
    beats.set_missed_tick_behavior(MissedTickBehavior::Delay);
    // The first tick is immediate, and the claim has just set the lease.
    beats.tick().await;
    loop {
        beats.tick().await;
        match queue.heartbeat(&job, lease).await {
            Ok(()) => {}
            Err(QueueError::LeaseLost { .. }) => {
                warn!(job_id = job.id, kind = %job.kind, "lost the job's lease to another worker");
                lost.cancel();
                return;
            }
            Err(error) => {
                warn!(job_id = job.id, %error, "could not extend the job's lease; trying again")
            }
        }
    }
}

fn report_crash(finished: Result<(), JoinError>) {
    if let Err(crash) = finished {
        warn!(error = %crash, "a job task ended abnormally");
    }
}

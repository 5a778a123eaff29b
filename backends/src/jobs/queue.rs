//! The queue's operations on the `jobs` table.
use std::time::Duration;

use chrono::{DateTime, Utc};
use sqlx::types::Json;

use super::{Job, JobError, JobSpec, JobState, QueueError, RetryPolicy};
use crate::clock::SharedClock;
use crate::store::{Store, StorePool, StoreTransaction};

/// What an enqueue did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Enqueued {
    /// A new job, with its id.
    New(i64),
    /// A live job already held the dedupe key; nothing was added. Its id.
    Existing(i64),
}

impl Enqueued {
    pub fn id(self) -> i64 {
        match self {
            Enqueued::New(id) | Enqueued::Existing(id) => id,
        }
    }
}

/// What became of a failed job.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailOutcome {
    /// It runs again once due at `run_at`.
    Retried {
        run_at: DateTime<Utc>,
    },
    Dead,
}

/// How many jobs of one kind are in one state, for the queue-depth gauge. Succeeded jobs are not
/// counted: they are history, not depth.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueueDepth {
    pub kind: String,
    pub state: JobState,
    pub count: i64,
}

/// The durable job queue. Cheap to clone.
#[derive(Clone)]
pub struct JobQueue {
    pool: StorePool,
    clock: SharedClock,
    retry: RetryPolicy,
}

// Claims the first due job of the given kinds: pending and due, or running with a lapsed lease
// (its worker died) and attempts left. PostgreSQL skips rows other workers are claiming; on
// SQLite the claim runs in a transaction that holds the one write lock.
const CLAIM_POSTGRES: &str = "UPDATE jobs SET state = 'running', attempts = attempts + 1, \
     locked_by = $1, locked_until = $2, updated_at = $3 \
     WHERE id = (SELECT id FROM jobs WHERE kind = ANY($4) \
         AND ((state = 'pending' AND run_at <= $3) \
           OR (state = 'running' AND locked_until <= $3 AND attempts < max_attempts)) \
         ORDER BY run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED) \
     RETURNING *";
const CLAIM_SQLITE: &str = "UPDATE jobs SET state = 'running', attempts = attempts + 1, \
     locked_by = $1, locked_until = $2, updated_at = $3 \
     WHERE id = (SELECT id FROM jobs WHERE kind IN (SELECT value FROM json_each($4)) \
         AND ((state = 'pending' AND run_at <= $3) \
           OR (state = 'running' AND locked_until <= $3 AND attempts < max_attempts)) \
         ORDER BY run_at, id LIMIT 1) \
     RETURNING *";

impl JobQueue {
    pub fn new(store: &dyn Store, clock: SharedClock) -> Self {
        JobQueue {
            pool: store.pool(),
            clock,
            retry: RetryPolicy::default(),
        }
    }

    pub fn with_retry_policy(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// The clock the queue stamps and compares times with.
    pub fn clock(&self) -> &SharedClock {
        &self.clock
    }

    /// A round trip to the jobs table, for the health check.
    pub async fn ping(&self) -> Result<(), QueueError> {
        on_pool!(&self.pool, pool => {
            sqlx::query("SELECT 1 FROM jobs LIMIT 1").fetch_optional(pool).await?;
        });
        Ok(())
    }

    /// Enqueues in a transaction of its own.
    pub async fn enqueue(&self, spec: &JobSpec) -> Result<Enqueued, QueueError> {
        let mut tx = self.pool.begin().await?;
        let enqueued = self.enqueue_in(&mut tx, spec).await?;
        tx.commit().await?;
        Ok(enqueued)
    }

    /// Enqueues inside the caller's transaction: the job exists if and only if it commits.
    pub async fn enqueue_in(
        &self,
        tx: &mut StoreTransaction,
        spec: &JobSpec,
    ) -> Result<Enqueued, QueueError> {
        let now = self.clock.now();
        let run_at = spec.run_at.unwrap_or(now);
        loop {
            let inserted: Option<i64> = in_transaction!(tx, conn => {
                sqlx::query_scalar(
                    "INSERT INTO jobs (kind, payload, dedupe_key, state, run_at, attempts, \
                     max_attempts, created_at, updated_at) \
                     VALUES ($1, $2, $3, 'pending', $4, 0, $5, $6, $6) \
                     ON CONFLICT DO NOTHING RETURNING id",
                )
                .bind(&spec.kind)
                .bind(Json(&spec.payload))
                .bind(&spec.dedupe_key)
                .bind(run_at)
                .bind(spec.max_attempts.max(1))
                .bind(now)
                .fetch_optional(conn)
                .await?
            });
            if let Some(id) = inserted {
                return Ok(Enqueued::New(id));
            }
            // Only the dedupe key can conflict: a live job holds it.
            let existing: Option<i64> = in_transaction!(tx, conn => {
                sqlx::query_scalar(
                    "SELECT id FROM jobs WHERE dedupe_key = $1 AND state IN ('pending', 'running')",
                )
                .bind(&spec.dedupe_key)
                .fetch_optional(conn)
                .await?
            });
            if let Some(id) = existing {
                return Ok(Enqueued::Existing(id));
            }
            // On PostgreSQL the job holding the key may have finished between the two
            // statements, freeing the key: try the insert again.
        }
    }

    /// Takes the first due job of one of `kinds` for `worker_id`, leased for `lease`, counting
    /// the attempt. Running jobs whose lease lapsed on their last attempt are declared dead first.
    pub async fn claim(
        &self,
        worker_id: &str,
        kinds: &[&str],
        lease: Duration,
    ) -> Result<Option<Job>, QueueError> {
        let now = self.clock.now();
        let locked_until = now + lease;
        let mut tx = self.pool.begin().await?;
        let buried: Vec<String> = in_transaction!(&mut tx, conn => {
            sqlx::query_scalar(
                "UPDATE jobs SET state = 'dead', locked_by = NULL, locked_until = NULL, \
                 last_error = 'the lease expired on the last attempt: the worker stopped or hung', \
                 finished_at = $1, updated_at = $1 \
                 WHERE state = 'running' AND locked_until <= $1 AND attempts >= max_attempts \
                 RETURNING kind",
            )
            .bind(now)
            .fetch_all(conn)
            .await?
        });
        let job: Option<Job> = match &mut tx {
            StoreTransaction::Sqlite(tx) => {
                sqlx::query_as(CLAIM_SQLITE)
                    .bind(worker_id)
                    .bind(locked_until)
                    .bind(now)
                    .bind(Json(kinds))
                    .fetch_optional(&mut **tx)
                    .await?
            }
            StoreTransaction::Postgres(tx) => {
                sqlx::query_as(CLAIM_POSTGRES)
                    .bind(worker_id)
                    .bind(locked_until)
                    .bind(now)
                    .bind(kinds)
                    .fetch_optional(&mut **tx)
                    .await?
            }
        };
        tx.commit().await?;
        for kind in &buried {
            count_finished(kind, "dead");
        }
        Ok(job)
    }

    /// Extends the lease of a running job to `lease` from now.
    pub async fn heartbeat(&self, job: &Job, lease: Duration) -> Result<(), QueueError> {
        let now = self.clock.now();
        let updated = on_pool!(&self.pool, pool => {
            sqlx::query(
                "UPDATE jobs SET locked_until = $1, updated_at = $2 \
                 WHERE id = $3 AND state = 'running' AND locked_by = $4 AND attempts = $5",
            )
            .bind(now + lease)
            .bind(now)
            .bind(job.id)
            .bind(&job.locked_by)
            .bind(job.attempts)
            .execute(pool)
            .await?
            .rows_affected()
        });
        lease_held(job, updated)
    }

    /// Marks a claimed job succeeded, if this worker still holds its lease.
    pub async fn complete(&self, job: &Job) -> Result<(), QueueError> {
        let now = self.clock.now();
        let updated = on_pool!(&self.pool, pool => {
            sqlx::query(
                "UPDATE jobs SET state = 'succeeded', locked_by = NULL, locked_until = NULL, \
                 finished_at = $1, updated_at = $1 \
                 WHERE id = $2 AND state = 'running' AND locked_by = $3 AND attempts = $4",
            )
            .bind(now)
            .bind(job.id)
            .bind(&job.locked_by)
            .bind(job.attempts)
            .execute(pool)
            .await?
            .rows_affected()
        });
        lease_held(job, updated)?;
        count_finished(&job.kind, "succeeded");
        Ok(())
    }

    /// Records a claimed job's failure, if this worker still holds its lease: it runs again after
    /// a back-off, or is dead when the failure is permanent or its attempts are spent.
    pub async fn fail(&self, job: &Job, error: &JobError) -> Result<FailOutcome, QueueError> {
        let now = self.clock.now();
        let outcome = match error {
            JobError::Retryable(_) if job.attempts < job.max_attempts => FailOutcome::Retried {
                run_at: now + self.retry.delay_after(job.attempts),
            },
            JobError::Retryable(_) | JobError::Permanent(_) => FailOutcome::Dead,
        };
        let (state, run_at, finished_at) = match outcome {
            FailOutcome::Retried { run_at } => (JobState::Pending, run_at, None),
            FailOutcome::Dead => (JobState::Dead, job.run_at, Some(now)),
        };
        let updated = on_pool!(&self.pool, pool => {
            sqlx::query(
                "UPDATE jobs SET state = $1, run_at = $2, last_error = $3, finished_at = $4, \
                 locked_by = NULL, locked_until = NULL, updated_at = $5 \
                 WHERE id = $6 AND state = 'running' AND locked_by = $7 AND attempts = $8",
            )
            .bind(state.as_str())
            .bind(run_at)
            .bind(error.to_string())
            .bind(finished_at)
            .bind(now)
            .bind(job.id)
            .bind(&job.locked_by)
            .bind(job.attempts)
            .execute(pool)
            .await?
            .rows_affected()
        });
        lease_held(job, updated)?;
        let label = match outcome {
            FailOutcome::Retried { .. } => "retried",
            FailOutcome::Dead => "dead",
        };
        count_finished(&job.kind, label);
        Ok(outcome)
    }

    pub async fn get(&self, id: i64) -> Result<Option<Job>, QueueError> {
        Ok(on_pool!(&self.pool, pool => {
            sqlx::query_as("SELECT * FROM jobs WHERE id = $1")
                .bind(id)
                .fetch_optional(pool)
                .await?
        }))
    }

    /// The most recently changed jobs in `state` (the dead ones for `/admin/jobs`).
    pub async fn list(&self, state: JobState, limit: i64) -> Result<Vec<Job>, QueueError> {
        Ok(on_pool!(&self.pool, pool => {
            sqlx::query_as(
                "SELECT * FROM jobs WHERE state = $1 ORDER BY updated_at DESC, id DESC LIMIT $2",
            )
            .bind(state.as_str())
            .bind(limit)
            .fetch_all(pool)
            .await?
        }))
    }

    /// The most recently failed jobs that will run again: pending after a failed attempt, with
    /// that attempt's error (for `/admin/jobs`).
    pub async fn list_retrying(&self, limit: i64) -> Result<Vec<Job>, QueueError> {
        Ok(on_pool!(&self.pool, pool => {
            sqlx::query_as(
                "SELECT * FROM jobs WHERE state = 'pending' AND attempts > 0 \
                 AND last_error IS NOT NULL ORDER BY updated_at DESC, id DESC LIMIT $1",
            )
            .bind(limit)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Gives dead job `id` its attempts again: pending, due now, no attempts counted (its last
    /// error is kept until the next attempt replaces it). `false` when there is no dead job `id`,
    /// or a live job holds its dedupe key (the work is already waiting to be done).
    pub async fn retry_dead(&self, id: i64) -> Result<bool, QueueError> {
        let now = self.clock.now();
        let updated = on_pool!(&self.pool, pool => {
            sqlx::query(
                "UPDATE jobs SET state = 'pending', attempts = 0, run_at = $1, finished_at = NULL, \
                 locked_by = NULL, locked_until = NULL, updated_at = $1 \
                 WHERE id = $2 AND state = 'dead' AND (dedupe_key IS NULL OR NOT EXISTS ( \
                     SELECT 1 FROM jobs AS live WHERE live.dedupe_key = jobs.dedupe_key \
                     AND live.state IN ('pending', 'running')))",
            )
            .bind(now)
            .bind(id)
            .execute(pool)
            .await
            .map(|result| result.rows_affected())
        });
        match updated {
            Ok(rows) => Ok(rows == 1),
            // A live job took the key between the check and the update (PostgreSQL).
            Err(sqlx::Error::Database(error)) if error.is_unique_violation() => Ok(false),
            Err(error) => Err(error.into()),
        }
    }

    /// How many jobs of each kind are pending, running or dead.
    pub async fn depth_by_kind(&self) -> Result<Vec<QueueDepth>, QueueError> {
        let rows: Vec<(String, String, i64)> = on_pool!(&self.pool, pool => {
            sqlx::query_as(
                "SELECT kind, state, COUNT(*) FROM jobs WHERE state <> 'succeeded' \
                 GROUP BY kind, state ORDER BY kind, state",
            )
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|(kind, state, count)| {
                Ok(QueueDepth {
                    kind,
                    state: state.parse()?,
                    count,
                })
            })
            .collect()
    }

    /// Opens a transaction on the queue's store, for callers that hold the queue but not the store.
    pub async fn begin(&self) -> Result<StoreTransaction, QueueError> {
        Ok(self.pool.begin().await?)
    }
}

/// An update guarded by the lease touched no row: the lease is no longer this worker's.
fn lease_held(job: &Job, rows_updated: u64) -> Result<(), QueueError> {
    if rows_updated == 1 {
        Ok(())
    } else {
        Err(QueueError::LeaseLost { job_id: job.id })
    }
}

fn count_finished(kind: &str, outcome: &'static str) {
    metrics::counter!("jobs_finished_total", "kind" => kind.to_owned(), "outcome" => outcome)
        .increment(1);
}

//! The durable job queue: one `jobs` table in the relational store (SQLite or PostgreSQL).
//!
//! - A [`JobSpec`] names a kind, carries a JSON payload and may carry a dedupe key: while a job
//!   with that key is pending or running, enqueuing the key again returns the existing job.
//! - [`JobQueue::enqueue_in`] enqueues inside the caller's [`StoreTransaction`], so a job exists
//!   exactly when the write that caused it was committed.
//! - Workers [claim](JobQueue::claim) due jobs with a lease and keep extending it while the
//!   handler runs; a job whose worker died is claimed again once its lease has passed. Completing
//!   or failing checks the lease is still the worker's, so a worker that lost it cannot overwrite.
//! - A retryable failure runs again later, backing off exponentially with jitter; after
//!   `max_attempts`, or at once for a permanent failure, the job is dead and keeps its last error.
//! - The [`Worker`] runs handlers from a [`JobRegistry`] with a concurrency limit per kind; the
//!   [`Scheduler`] enqueues periodic jobs once per period however many instances run it.
//!
//! Every time the queue writes comes from its [`Clock`](crate::clock::Clock), so tests move time
//! instead of sleeping.

mod queue;
mod registry;
mod retry;
mod scheduler;
mod worker;

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::store::StoreError;

pub use queue::{Enqueued, FailOutcome, JobQueue, QueueDepth};
pub use registry::{JobContext, JobRegistry};
pub use retry::RetryPolicy;
pub use scheduler::{Fired, Schedule, Scheduler};
pub use worker::{Worker, WorkerConfig};

/// The job queue's one error type.
#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("job payload: {0}")]
    Payload(#[from] serde_json::Error),
    /// The worker no longer holds the job's lease: it expired and another worker claimed the job.
    #[error("job {job_id} is no longer leased to this worker")]
    LeaseLost { job_id: i64 },
    #[error("schedule {name}: {reason}")]
    Schedule { name: String, reason: String },
    #[error("unknown job state {0:?}")]
    UnknownState(String),
}

/// How a handler failed: worth another try later, or never going to work.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum JobError {
    #[error("{0}")]
    Retryable(String),
    #[error("{0}")]
    Permanent(String),
}

impl JobError {
    pub fn retryable(reason: impl fmt::Display) -> Self {
        JobError::Retryable(reason.to_string())
    }

    pub fn permanent(reason: impl fmt::Display) -> Self {
        JobError::Permanent(reason.to_string())
    }
}

/// A kind of job and its payload type: the payload is stored as JSON under the name `KIND`
/// (`"pdf.render"`, `"perfplat.month"`, …) and handed back typed to the kind's handler.
pub trait JobKind: Serialize + DeserializeOwned + Send + 'static {
    const KIND: &'static str;
}

/// How many times a job runs before it is dead, unless its spec says otherwise.
pub const DEFAULT_MAX_ATTEMPTS: i32 = 5;

/// A job to enqueue.
#[derive(Clone, Debug, PartialEq)]
pub struct JobSpec {
    pub kind: String,
    pub payload: Value,
    /// While a job with this key is pending or running, enqueuing it again does nothing.
    pub dedupe_key: Option<String>,
    /// When the job becomes due; `None` means now.
    pub run_at: Option<DateTime<Utc>>,
    pub max_attempts: i32,
}

impl JobSpec {
    pub fn new<K: JobKind>(job: &K) -> Result<Self, QueueError> {
        Ok(JobSpec {
            kind: K::KIND.to_owned(),
            payload: serde_json::to_value(job)?,
            dedupe_key: None,
            run_at: None,
            max_attempts: DEFAULT_MAX_ATTEMPTS,
        })
    }

    pub fn dedupe_key(mut self, key: impl Into<String>) -> Self {
        self.dedupe_key = Some(key.into());
        self
    }

    pub fn run_at(mut self, at: DateTime<Utc>) -> Self {
        self.run_at = Some(at);
        self
    }

    /// At least 1: a job always runs once.
    pub fn max_attempts(mut self, attempts: i32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum JobState {
    Pending,
    Running,
    Succeeded,
    Dead,
}

impl JobState {
    pub fn as_str(self) -> &'static str {
        match self {
            JobState::Pending => "pending",
            JobState::Running => "running",
            JobState::Succeeded => "succeeded",
            JobState::Dead => "dead",
        }
    }
}

impl FromStr for JobState {
    type Err = QueueError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "pending" => Ok(JobState::Pending),
            "running" => Ok(JobState::Running),
            "succeeded" => Ok(JobState::Succeeded),
            "dead" => Ok(JobState::Dead),
            other => Err(QueueError::UnknownState(other.to_owned())),
        }
    }
}

impl TryFrom<String> for JobState {
    type Error = QueueError;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

/// A job as stored. A claimed job is one of these in state running, and is the worker's proof of
/// its lease: completing or failing it checks `locked_by` and `attempts` are still the same.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct Job {
    pub id: i64,
    pub kind: String,
    #[sqlx(json)]
    pub payload: Value,
    pub dedupe_key: Option<String>,
    #[sqlx(try_from = "String")]
    pub state: JobState,
    pub run_at: DateTime<Utc>,
    /// Claims so far, this one included while the job runs.
    pub attempts: i32,
    pub max_attempts: i32,
    pub locked_by: Option<String>,
    pub locked_until: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

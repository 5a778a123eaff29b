//! Which handler runs each kind of job.
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use serde_json::Value;
use tokio_util::sync::CancellationToken;

use super::{JobError, JobKind};

/// What a handler knows about the job it runs.
#[derive(Clone, Debug)]
pub struct JobContext {
    pub job_id: i64,
    pub kind: String,
    /// 1 on the first run, 2 on the first retry, …
    pub attempt: i32,
    /// Cancelled when the worker lost the job's lease (another worker may now run it) or when a
    /// shutdown's grace period ran out. Long handlers should stop at the next safe point.
    pub cancelled: CancellationToken,
}

pub(crate) type HandlerFuture = Pin<Box<dyn Future<Output = Result<(), JobError>> + Send>>;
pub(crate) type Handler = Arc<dyn Fn(JobContext, Value) -> HandlerFuture + Send + Sync>;

/// The handlers a worker runs, one per kind. A worker claims only the kinds registered here.
#[derive(Clone, Default)]
pub struct JobRegistry {
    handlers: HashMap<&'static str, Handler>,
}

impl JobRegistry {
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers the handler for `K`, replacing any earlier one. A payload that does not decode
    /// as `K` fails the job permanently: retrying cannot change it.
    pub fn register<K, F, Fut>(mut self, handler: F) -> Self
    where
        K: JobKind,
        F: Fn(JobContext, K) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), JobError>> + Send + 'static,
    {
        let handler = Arc::new(handler);
        let erased: Handler = Arc::new(move |context, payload| {
            let handler = Arc::clone(&handler);
            Box::pin(async move {
                let job: K = serde_json::from_value(payload).map_err(|error| {
                    JobError::permanent(format!("payload is not a {}: {error}", K::KIND))
                })?;
                handler(context, job).await
            })
        });
        self.handlers.insert(K::KIND, erased);
        self
    }

    pub(crate) fn into_handlers(self) -> impl Iterator<Item = (&'static str, Handler)> {
        self.handlers.into_iter()
    }
}

//! What every job test stands on: a fresh database per test (`backends::testing`), a queue on a
//! manual clock, test job kinds, and a deadline loop for waiting on conditions.
use std::sync::Arc;
use std::time::Duration;

use backends::clock::ManualClock;
use backends::jobs::{Job, JobKind, JobQueue, WorkerConfig};
use backends::store::{Store, StorePool};
use serde::{Deserialize, Serialize};

pub use backends::testing::{eventually, start_time, Backend, TestDatabase};

/// A fresh database with a queue whose time moves only when the test moves it.
pub struct Harness {
    pub store: Arc<dyn Store>,
    pub clock: ManualClock,
    pub queue: JobQueue,
    /// Held so the database outlives the store; dropped (on PostgreSQL, deleted) after it.
    _database: TestDatabase,
}

impl Harness {
    pub async fn new(backend: Backend) -> Self {
        let database = TestDatabase::create(backend).await;
        let store = database.store().await;
        let clock = ManualClock::new(start_time());
        let queue = JobQueue::new(store.as_ref(), Arc::new(clock.clone()));
        Harness {
            store,
            clock,
            queue,
            _database: database,
        }
    }

    pub async fn job(&self, id: i64) -> Job {
        self.queue
            .get(id)
            .await
            .expect("get")
            .expect("the job exists")
    }

    /// Runs a query returning one count, on whichever database the test is on.
    pub async fn count(&self, sql: &str) -> i64 {
        match self.store.pool() {
            StorePool::Sqlite(pool) => sqlx::query_scalar(sql).fetch_one(&pool).await,
            StorePool::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(&pool).await,
        }
        .expect("count")
    }

    /// Changes rows behind the queue's back, as another worker or a person would.
    pub async fn execute(&self, sql: &str) {
        match self.store.pool() {
            StorePool::Sqlite(pool) => sqlx::query(sql).execute(&pool).await.map(drop),
            StorePool::Postgres(pool) => sqlx::query(sql).execute(&pool).await.map(drop),
        }
        .expect("execute")
    }
}

/// A worker that looks for jobs often, so tests that run the polling loop finish quickly.
pub fn eager_worker(worker_id: &str) -> WorkerConfig {
    WorkerConfig {
        worker_id: worker_id.to_owned(),
        poll_interval: Duration::from_millis(10),
        lease: Duration::from_secs(30),
        ..WorkerConfig::default()
    }
}

/// A job that carries some text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Echo {
    pub text: String,
}

impl JobKind for Echo {
    const KIND: &'static str = "test.echo";
}

pub fn echo(text: &str) -> Echo {
    Echo {
        text: text.to_owned(),
    }
}

/// A job whose handler each test decides (fails, blocks, …).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chore {
    pub number: u32,
}

impl JobKind for Chore {
    const KIND: &'static str = "test.chore";
}

//! What every job test stands on: a fresh database per test (a SQLite file in a temp dir, or a
//! PostgreSQL database dropped afterwards), a queue on a manual clock, test job kinds, and a
//! deadline loop for waiting on conditions.
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use backends::clock::ManualClock;
use backends::jobs::{Job, JobKind, JobQueue, WorkerConfig};
use backends::store::{Store, StorePool};
use chrono::{DateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use sqlx::Connection;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The PostgreSQL server tests create their databases on (the machine's local server).
fn postgres_admin_url() -> String {
    std::env::var("TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

/// A database that exists for one test and is dropped after it.
pub enum TestDatabase {
    Sqlite { dir: tempfile::TempDir },
    Postgres { name: String },
}

impl TestDatabase {
    pub async fn create(backend: Backend) -> Self {
        match backend {
            Backend::Sqlite => TestDatabase::Sqlite {
                dir: tempfile::tempdir().expect("temp dir"),
            },
            Backend::Postgres => {
                let name = format!("test_{}", uuid::Uuid::new_v4().simple());
                let mut admin = sqlx::PgConnection::connect(&postgres_admin_url())
                    .await
                    .expect("PostgreSQL must be running for the Postgres tests");
                sqlx::query(&format!("CREATE DATABASE {name}"))
                    .execute(&mut admin)
                    .await
                    .expect("create database");
                TestDatabase::Postgres { name }
            }
        }
    }

    pub fn url(&self) -> String {
        match self {
            TestDatabase::Sqlite { dir } => {
                format!("sqlite://{}", dir.path().join("app.db").display())
            }
            TestDatabase::Postgres { name } => {
                let admin = postgres_admin_url();
                let base = admin
                    .rsplit_once('/')
                    .map_or(admin.as_str(), |(base, _)| base);
                format!("{base}/{name}")
            }
        }
    }

    /// Connects to the database and applies the migrations.
    pub async fn store(&self) -> Arc<dyn Store> {
        let store = backends::store::connect(&self.url())
            .await
            .expect("connect");
        store.migrate().await.expect("migrate");
        store
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let TestDatabase::Postgres { name } = self {
            let name = name.clone();
            // Drop runs outside async; a short-lived runtime on its own thread does the I/O.
            let _ = std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .ok()?;
                runtime.block_on(async {
                    let mut admin = sqlx::PgConnection::connect(&postgres_admin_url())
                        .await
                        .ok()?;
                    sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .execute(&mut admin)
                        .await
                        .ok()
                })
            })
            .join();
        }
    }
}

/// The time every manual clock starts at.
pub fn start_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap()
}

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

/// Polls `condition` until it returns `Some`, or fails the test after `deadline`. Tests wait for
/// conditions, never for fixed times.
pub async fn eventually<T, F, Fut>(deadline: Duration, what: &str, mut condition: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let started = Instant::now();
    loop {
        if let Some(value) = condition().await {
            return value;
        }
        assert!(
            started.elapsed() < deadline,
            "timed out after {deadline:?} waiting for: {what}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Generates one test per backend for each named `async fn(Backend)`, so every job test runs
/// on SQLite and on PostgreSQL in the same run.
#[macro_export]
macro_rules! on_both_stores {
    ($($test:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $test() {
                    super::$test($crate::support::Backend::Sqlite).await
                }
            )+
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $test() {
                    super::$test($crate::support::Backend::Postgres).await
                }
            )+
        }
    };
}

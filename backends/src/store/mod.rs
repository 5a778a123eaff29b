//! The relational store: SQLite (embedded default, a file under `data/`) or PostgreSQL
//! (`DATABASE_URL`), through native sqlx pools. Migrations live in `migrations/sqlite/` and
//! `migrations/postgres/` and run at start-up and by `server migrate`.

mod postgres;
mod sqlite;

use std::sync::Arc;

use async_trait::async_trait;
use sqlx::postgres::PgPool;
use sqlx::sqlite::SqlitePool;

pub use postgres::PostgresStore;
pub use sqlite::SqliteStore;

/// The store layer's one error type.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("cannot use the database location: {0}")]
    Location(String),
}

/// Which database a store talks to, for health reports and logs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoreKind {
    Sqlite,
    Postgres,
}

impl StoreKind {
    pub fn as_str(self) -> &'static str {
        match self {
            StoreKind::Sqlite => "sqlite",
            StoreKind::Postgres => "postgres",
        }
    }
}

#[async_trait]
pub trait Store: Send + Sync + 'static {
    fn kind(&self) -> StoreKind;
    /// Applies any migration not yet applied. Safe when several instances start at once.
    async fn migrate(&self) -> Result<(), StoreError>;
    /// A round trip to the database, for the health check.
    async fn ping(&self) -> Result<(), StoreError>;
    /// Closes the pool: waits for connections in use to be returned.
    async fn close(&self);
    /// The pool itself, for backends built on the store (the job queue) and for callers that
    /// write their own rows in a [`StoreTransaction`].
    fn pool(&self) -> StorePool;

    /// Opens a transaction, so a caller can write its own rows and enqueue the jobs they cause
    /// atomically (see `jobs::JobQueue::enqueue_in`).
    async fn begin(&self) -> Result<StoreTransaction, StoreError> {
        self.pool().begin().await
    }
}

/// The store's connection pool, whichever database it is on. Cheap to clone.
#[derive(Clone, Debug)]
pub enum StorePool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

impl StorePool {
    pub async fn begin(&self) -> Result<StoreTransaction, StoreError> {
        Ok(match self {
            // A deferred SQLite transaction that reads before it writes fails with SQLITE_BUSY
            // when another connection wrote in between, and the busy timeout cannot help it.
            // Taking the write lock at BEGIN makes it wait its turn instead.
            StorePool::Sqlite(pool) => {
                StoreTransaction::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?)
            }
            StorePool::Postgres(pool) => StoreTransaction::Postgres(pool.begin().await?),
        })
    }
}

/// An open transaction on the store. Dropping it without [`commit`](Self::commit) rolls it back.
/// Callers run their own queries on the variant's sqlx transaction.
#[derive(Debug)]
pub enum StoreTransaction {
    Sqlite(sqlx::Transaction<'static, sqlx::Sqlite>),
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
}

impl StoreTransaction {
    pub async fn commit(self) -> Result<(), StoreError> {
        match self {
            StoreTransaction::Sqlite(tx) => tx.commit().await?,
            StoreTransaction::Postgres(tx) => tx.commit().await?,
        }
        Ok(())
    }

    pub async fn rollback(self) -> Result<(), StoreError> {
        match self {
            StoreTransaction::Sqlite(tx) => tx.rollback().await?,
            StoreTransaction::Postgres(tx) => tx.rollback().await?,
        }
        Ok(())
    }
}

/// Opens the store named by `database_url`: `postgres://…` for PostgreSQL, otherwise `sqlite://…`.
pub async fn connect(database_url: &str) -> Result<Arc<dyn Store>, StoreError> {
    if database_url.starts_with("postgres://") || database_url.starts_with("postgresql://") {
        Ok(Arc::new(PostgresStore::connect(database_url).await?))
    } else {
        Ok(Arc::new(SqliteStore::connect(database_url).await?))
    }
}

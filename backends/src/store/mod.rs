//! The relational store: SQLite (embedded default, a file under `data/`) or PostgreSQL
//! (`DATABASE_URL`), through native sqlx pools. Migrations live in `migrations/sqlite/` and
//! `migrations/postgres/` and run at start-up and by `server migrate`.

mod postgres;
mod shared;
mod sqlite;

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

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

/// The notice shown at the top of every page while it is set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SystemMessage {
    pub text: String,
    pub updated_at: DateTime<Utc>,
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
    async fn system_message(&self) -> Result<Option<SystemMessage>, StoreError>;
    /// Sets the message, or clears it with `None`.
    async fn set_system_message(&self, text: Option<&str>) -> Result<(), StoreError>;
    /// Closes the pool: waits for connections in use to be returned.
    async fn close(&self);
}

/// Opens the store named by `database_url`: `postgres://…` for PostgreSQL, otherwise `sqlite://…`.
pub async fn connect(database_url: &str) -> Result<Arc<dyn Store>, StoreError> {
    if database_url.starts_with("postgres://") || database_url.starts_with("postgresql://") {
        Ok(Arc::new(PostgresStore::connect(database_url).await?))
    } else {
        Ok(Arc::new(SqliteStore::connect(database_url).await?))
    }
}

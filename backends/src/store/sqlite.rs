use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use super::{Store, StoreError, StoreKind, StorePool};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/sqlite");

/// How many rows a connection's thread may read ahead of the task taking them. sqlx's default
/// (50) made a query of more rows stop its thread every row once the buffer was full, to be woken
/// as the task took the next: the data store's 1,001-row API page spent more time in those
/// hand-offs than in SQLite (docs/benchmarks.md, issue 23). A bound, not an allocation: a short
/// answer buffers only its own rows.
const ROWS_BUFFERED: usize = 2048;

/// The embedded default: one SQLite file in WAL mode.
pub struct SqliteStore {
    pool: SqlitePool,
    /// The database file, whose sibling `.migrate-lock` file serialises migrations across processes.
    path: PathBuf,
}

impl SqliteStore {
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(5))
            .foreign_keys(true)
            .row_buffer_size(ROWS_BUFFERED);
        let path = options.get_filename().to_path_buf();
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .map_err(|e| StoreError::Location(format!("{}: {e}", parent.display())))?;
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            // An embedded connection cannot be dropped by a server or a network, and sqlx pings
            // every connection as it goes back to the pool anyway: a second ping on the way out
            // is one more hand-off to the connection's thread on every query (issue 18's profile).
            .test_before_acquire(false)
            .acquire_timeout(Duration::from_secs(5))
            .connect_with(options)
            .await?;
        Ok(Self { pool, path })
    }
}

impl SqliteStore {
    /// Applies the migrations on one connection with foreign keys off, as SQLite's own advice
    /// for changing a table asks: SQLite cannot alter a constraint in place, so a migration
    /// rebuilds the table, and dropping the old one must not cascade to the rows that refer to
    /// it. (The pragma cannot change inside a transaction, and sqlx runs each migration in one.)
    /// The references are checked before the connection goes back with foreign keys on.
    async fn migrate_without_foreign_keys(&self) -> Result<(), StoreError> {
        let mut connection = self.pool.acquire().await?;
        sqlx::query("PRAGMA foreign_keys = OFF")
            .execute(&mut *connection)
            .await?;
        let migrated = MIGRATOR.run_direct(&mut *connection).await;
        let broken: Vec<(String,)> = sqlx::query_as("PRAGMA foreign_key_check")
            .fetch_all(&mut *connection)
            .await?;
        sqlx::query("PRAGMA foreign_keys = ON")
            .execute(&mut *connection)
            .await?;
        migrated?;
        match broken.first() {
            None => Ok(()),
            Some((table,)) => Err(StoreError::Location(format!(
                "a migration left rows in {table} referring to rows that are gone"
            ))),
        }
    }
}

#[async_trait]
impl Store for SqliteStore {
    fn kind(&self) -> StoreKind {
        StoreKind::Sqlite
    }

    async fn migrate(&self) -> Result<(), StoreError> {
        // sqlx takes no lock on SQLite, so two processes starting at once could both try to apply
        // the same migration. An exclusive lock on a sibling file serialises them.
        let lock_path = self.path.with_extension("migrate-lock");
        let lock = tokio::task::spawn_blocking(move || -> std::io::Result<std::fs::File> {
            let file = std::fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&lock_path)?;
            file.lock()?;
            Ok(file)
        })
        .await
        .map_err(|e| StoreError::Location(e.to_string()))?
        .map_err(|e| StoreError::Location(format!("migration lock: {e}")))?;
        let result = self.migrate_without_foreign_keys().await;
        drop(lock);
        result
    }

    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn close(&self) {
        self.pool.close().await;
    }

    fn pool(&self) -> StorePool {
        StorePool::Sqlite(self.pool.clone())
    }
}

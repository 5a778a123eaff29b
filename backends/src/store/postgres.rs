use std::time::Duration;

use async_trait::async_trait;
use sqlx::postgres::{PgPool, PgPoolOptions};

use super::{Store, StoreError, StoreKind, StorePool};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/postgres");

/// The production store: PostgreSQL, shared by every instance.
pub struct PostgresStore {
    pool: PgPool,
}

/// A pooled connection idle longer than this is tested before it is used again.
const TEST_AFTER_IDLE: Duration = Duration::from_secs(30);

impl PostgresStore {
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(5))
            // sqlx tests every connection as it goes back to the pool; testing it again as it
            // comes out was a second round trip to PostgreSQL for every query (a tenth of the
            // dashboard's CPU, and more of PostgreSQL's: docs/benchmarks.md, session 17). Only a
            // connection that sat idle, and so may have been dropped since (a restarted server,
            // a firewall), is tested again; a broken one is replaced before anyone gets it.
            .test_before_acquire(false)
            .before_acquire(|connection, meta| {
                Box::pin(async move {
                    if meta.idle_for > TEST_AFTER_IDLE {
                        sqlx::Connection::ping(connection).await?;
                    }
                    Ok(true)
                })
            })
            .connect(url)
            .await?;
        Ok(Self { pool })
    }
}

#[async_trait]
impl Store for PostgresStore {
    fn kind(&self) -> StoreKind {
        StoreKind::Postgres
    }

    async fn migrate(&self) -> Result<(), StoreError> {
        // sqlx holds a PostgreSQL advisory lock while it migrates, so instances starting together
        // apply each migration once.
        Ok(MIGRATOR.run(&self.pool).await?)
    }

    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn close(&self) {
        self.pool.close().await;
    }

    fn pool(&self) -> StorePool {
        StorePool::Postgres(self.pool.clone())
    }
}

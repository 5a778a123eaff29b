use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::postgres::{PgPool, PgPoolOptions};

use super::{Store, StoreError, StoreKind, SystemMessage};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/postgres");

/// The production store: PostgreSQL, shared by every instance.
pub struct PostgresStore {
    pool: PgPool,
}

impl PostgresStore {
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(5))
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

    async fn system_message(&self) -> Result<Option<SystemMessage>, StoreError> {
        let row: Option<(String, DateTime<Utc>)> =
            sqlx::query_as("SELECT text, updated_at FROM system_message WHERE id = 1")
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(|(text, updated_at)| SystemMessage { text, updated_at }))
    }

    async fn set_system_message(&self, text: Option<&str>) -> Result<(), StoreError> {
        match text {
            Some(text) => {
                sqlx::query(
                    "INSERT INTO system_message (id, text, updated_at) VALUES (1, $1, now()) \
                     ON CONFLICT (id) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at",
                )
                .bind(text)
                .execute(&self.pool)
                .await?;
            }
            None => {
                sqlx::query("DELETE FROM system_message WHERE id = 1")
                    .execute(&self.pool)
                    .await?;
            }
        }
        Ok(())
    }

    async fn close(&self) {
        self.pool.close().await;
    }
}

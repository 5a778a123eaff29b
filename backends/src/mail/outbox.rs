//! The embedded mailer: the `outbox` table instead of a mail server.
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use tracing::info;

use super::{Email, MailError, Mailer};
use crate::clock::SharedClock;
use crate::store::{Store, StorePool};

/// A mail as the outbox holds it.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct OutboxEntry {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

/// Writes every mail to the `outbox` table of the relational store, stamped by the clock. Also
/// reads them back, for `/admin/outbox` and for tests. Cheap to clone.
#[derive(Clone)]
pub struct OutboxMailer {
    pool: StorePool,
    clock: SharedClock,
}

impl OutboxMailer {
    pub fn new(store: &dyn Store, clock: SharedClock) -> Self {
        OutboxMailer {
            pool: store.pool(),
            clock,
        }
    }

    /// The latest `limit` mails, newest first.
    pub async fn list(&self, limit: i64) -> Result<Vec<OutboxEntry>, MailError> {
        Ok(on_pool!(&self.pool, pool => {
            sqlx::query_as(
                "SELECT id, recipient, subject, body, created_at FROM outbox \
                 ORDER BY created_at DESC, id DESC LIMIT $1",
            )
            .bind(limit)
            .fetch_all(pool)
            .await?
        }))
    }

    /// The latest `limit` mails to `address`, newest first. The address matches exactly as it
    /// was sent: the outbox keeps what the app gave it and normalises nothing.
    pub async fn for_recipient(
        &self,
        address: &str,
        limit: i64,
    ) -> Result<Vec<OutboxEntry>, MailError> {
        Ok(on_pool!(&self.pool, pool => {
            sqlx::query_as(
                "SELECT id, recipient, subject, body, created_at FROM outbox \
                 WHERE recipient = $1 ORDER BY created_at DESC, id DESC LIMIT $2",
            )
            .bind(address)
            .bind(limit)
            .fetch_all(pool)
            .await?
        }))
    }

    /// The newest mail to `address`, if any: what a test follows a confirmation link from.
    pub async fn latest_for(&self, address: &str) -> Result<Option<OutboxEntry>, MailError> {
        Ok(self.for_recipient(address, 1).await?.into_iter().next())
    }
}

#[async_trait]
impl Mailer for OutboxMailer {
    fn kind(&self) -> &'static str {
        "outbox"
    }

    async fn send(&self, email: &Email) -> Result<(), MailError> {
        let now = self.clock.now();
        let id: i64 = on_pool!(&self.pool, pool => {
            sqlx::query_scalar(
                "INSERT INTO outbox (recipient, subject, body, created_at) \
                 VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(email.to())
            .bind(email.subject())
            .bind(email.text_body())
            .bind(now)
            .fetch_one(pool)
            .await?
        });
        // The recipient is personal data and stays out of the log.
        info!(outbox_id = id, "mail written to the outbox");
        Ok(())
    }

    async fn ping(&self) -> Result<(), MailError> {
        on_pool!(&self.pool, pool => {
            sqlx::query("SELECT 1 FROM outbox LIMIT 1")
                .fetch_optional(pool)
                .await?;
        });
        Ok(())
    }
}

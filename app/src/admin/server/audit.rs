//! The `audit_log` table: every admin action, who did it and when. Written by the action itself,
//! after it succeeded; never changed or deleted by the app.
use backends::clock::SharedClock;
use backends::on_pool;
use backends::store::{StoreError, StorePool};
use chrono::{DateTime, Utc};

use crate::account::server::User;
use crate::admin::audit::AuditAction;

/// One entry as stored.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct AuditEntry {
    pub id: i64,
    pub occurred_at: DateTime<Utc>,
    pub actor_id: String,
    pub actor_email: String,
    pub action: String,
    pub target: Option<String>,
    pub details: sqlx::types::Json<serde_json::Value>,
}

/// Which entries to list: all, or one action's, or one admin's (part of their email).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub action: Option<AuditAction>,
    pub actor: Option<String>,
}

/// The audit log. Cheap to clone.
#[derive(Clone)]
pub struct AuditLog {
    pool: StorePool,
    clock: SharedClock,
}

impl AuditLog {
    pub fn of(backends: &backends::Backends) -> Self {
        AuditLog {
            pool: backends.store.pool(),
            clock: backends.clock.clone(),
        }
    }

    /// Records that `actor` did `action` (to `target`, with `details`) now.
    pub async fn record(
        &self,
        actor: &User,
        action: AuditAction,
        target: Option<&str>,
        details: serde_json::Value,
    ) -> Result<(), StoreError> {
        let now = self.clock.now();
        let details = sqlx::types::Json(details);
        on_pool!(&self.pool, pool => {
            sqlx::query(
                "INSERT INTO audit_log (occurred_at, actor_id, actor_email, action, target, details) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(now)
            .bind(actor.id.as_str())
            .bind(&actor.email)
            .bind(action.name())
            .bind(target)
            .bind(&details)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// Page `page` (from 1) of `per_page` entries matching `filter`, newest first, and how many
    /// match in all.
    pub async fn page(
        &self,
        filter: &AuditFilter,
        page: u32,
        per_page: u32,
    ) -> Result<(Vec<AuditEntry>, u64), StoreError> {
        let action = filter.action.map(AuditAction::name);
        // The admin's email contains what was typed, LIKE's own wildcards taken literally.
        let actor = filter.actor.as_ref().map(|actor| {
            let escaped = actor
                .to_lowercase()
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            format!("%{escaped}%")
        });
        let condition = "($1 IS NULL OR action = $1) \
                         AND ($2 IS NULL OR lower(actor_email) LIKE $2 ESCAPE '\\')";
        let offset = i64::from(page.max(1) - 1) * i64::from(per_page);
        let (entries, total): (Vec<AuditEntry>, i64) = on_pool!(&self.pool, pool => {
            let entries = sqlx::query_as(&format!(
                "SELECT id, occurred_at, actor_id, actor_email, action, target, details \
                 FROM audit_log WHERE {condition} ORDER BY occurred_at DESC, id DESC \
                 LIMIT $3 OFFSET $4"
            ))
            .bind(action)
            .bind(actor.as_deref())
            .bind(i64::from(per_page))
            .bind(offset)
            .fetch_all(pool)
            .await?;
            let total = sqlx::query_scalar(&format!(
                "SELECT COUNT(*) FROM audit_log WHERE {condition}"
            ))
            .bind(action)
            .bind(actor.as_deref())
            .fetch_one(pool)
            .await?;
            (entries, total)
        });
        Ok((entries, u64::try_from(total).unwrap_or_default()))
    }
}

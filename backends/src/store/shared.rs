//! Queries whose SQL reads the same on SQLite and PostgreSQL, written once and run by both stores.
//! Each needs bounds saying the database can encode and decode the types it uses; both drivers
//! meet them. Queries that differ between the two stay in `sqlite.rs` and `postgres.rs`.
use chrono::{DateTime, Utc};
use sqlx::{Database, Encode, Executor, FromRow, IntoArguments, Type};

use super::{StoreError, SystemMessage};

pub async fn system_message<'e, DB, E>(executor: E) -> Result<Option<SystemMessage>, StoreError>
where
    DB: Database,
    E: Executor<'e, Database = DB>,
    for<'r> (String, DateTime<Utc>): FromRow<'r, DB::Row>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
{
    let row: Option<(String, DateTime<Utc>)> =
        sqlx::query_as("SELECT text, updated_at FROM system_message WHERE id = 1")
            .fetch_optional(executor)
            .await?;
    Ok(row.map(|(text, updated_at)| SystemMessage { text, updated_at }))
}

/// Sets the one system message, or clears it with `None`. The time comes from the caller so the
/// app's clock, not the database's, decides it.
pub async fn set_system_message<'e, DB, E>(
    executor: E,
    text: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), StoreError>
where
    DB: Database,
    E: Executor<'e, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> DateTime<Utc>: Encode<'q, DB> + Type<DB>,
{
    match text {
        Some(text) => {
            sqlx::query(
                "INSERT INTO system_message (id, text, updated_at) VALUES (1, $1, $2) \
                 ON CONFLICT (id) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at",
            )
            .bind(text)
            .bind(now)
            .execute(executor)
            .await?;
        }
        None => {
            sqlx::query("DELETE FROM system_message WHERE id = 1")
                .execute(executor)
                .await?;
        }
    }
    Ok(())
}

//! The LPA service's server half: the `applications` table (one row per LPA, the document and
//! metadata as JSON in the real service's shape) and the use cases the pages call.
//!
//! - Every read and write names the owner: another account's LPA is not found, never shown.
//! - Ids are random in 1,000,000 … 99,999,999,999; a clash with an existing id is retried.
//! - Optimistic concurrency: each save names the revision it was made from, and the row is only
//!   updated while it still has that revision, so a save made from a page another tab has since
//!   changed is refused ([`LpaError::Stale`]) instead of overwriting it.
//! - `created_at` is set when the LPA first counts as created and cleared if it stops (§2.3).
//!
//! Every time written comes from the clock, so tests move time.
pub mod use_cases;

use backends::clock::SharedClock;
use backends::on_pool;
use backends::store::{StoreError, StorePool};
use chrono::{DateTime, Utc};
use sqlx::types::Json;

use super::model::{Document, Lpa, LpaId, LpaType, Metadata, Revision};
use crate::account::server::UserId;

/// The LPA layer's one error type.
#[derive(Debug, thiserror::Error)]
pub enum LpaError {
    /// No such LPA for this account (or none at all: the two are never told apart).
    #[error("no such LPA")]
    NotFound,
    /// The LPA changed since the page the save came from was drawn.
    #[error("the LPA has changed since this page was drawn")]
    Stale,
    #[error("no free LPA id after several tries")]
    NoFreeId,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

/// Another account's LPA is a 404; anything else is logged and hidden.
impl From<LpaError> for crate::error::AppError {
    fn from(error: LpaError) -> Self {
        match error {
            LpaError::NotFound => crate::error::AppError::NotFound,
            error => crate::error::AppError::internal(error),
        }
    }
}

#[derive(sqlx::FromRow)]
struct LpaRow {
    id: i64,
    revision: i64,
    started_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    created_at: Option<DateTime<Utc>>,
    completed_at: Option<DateTime<Utc>>,
    locked_at: Option<DateTime<Utc>>,
    locked: bool,
    seed: Option<i64>,
    document: Json<Document>,
    metadata: Json<Metadata>,
}

fn id_of(value: i64) -> Result<LpaId, LpaError> {
    u64::try_from(value)
        .ok()
        .and_then(LpaId::new)
        .ok_or_else(|| LpaError::Database(sqlx::Error::Decode("LPA id out of range".into())))
}

impl TryFrom<LpaRow> for Lpa {
    type Error = LpaError;

    fn try_from(row: LpaRow) -> Result<Self, LpaError> {
        Ok(Lpa {
            id: id_of(row.id)?,
            revision: Revision(row.revision),
            started_at: row.started_at,
            updated_at: row.updated_at,
            created_at: row.created_at,
            completed_at: row.completed_at,
            locked_at: row.locked_at,
            locked: row.locked,
            seed: row.seed.map(id_of).transpose()?,
            document: row.document.0,
            metadata: row.metadata.0,
        })
    }
}

/// The database's number for an id (always in range: ids are at most 11 digits).
fn db_id(id: LpaId) -> i64 {
    i64::try_from(id.get()).unwrap_or(i64::MAX)
}

/// The donor's name as the dashboard searches it.
fn search_text(document: &Document) -> Option<String> {
    document
        .donor()
        .map(|donor| format!("{} {}", donor.name.first(), donor.name.last()).to_lowercase())
}

const COLUMNS: &str = "id, revision, started_at, updated_at, created_at, completed_at, locked_at, \
                       locked, seed, document, metadata";

/// The LPA repository. Cheap to clone.
#[derive(Clone)]
pub struct Lpas {
    pool: StorePool,
    clock: SharedClock,
}

impl Lpas {
    /// The repository over the app's store and clock.
    pub fn of(backends: &backends::Backends) -> Self {
        Lpas {
            pool: backends.store.pool(),
            clock: backends.clock.clone(),
        }
    }

    /// Starts a new LPA of `lpa_type` for `owner`, with a random id.
    pub async fn create(&self, owner: &UserId, lpa_type: LpaType) -> Result<Lpa, LpaError> {
        let now = self.clock.now();
        let document = Json(Document::of_type(lpa_type));
        let metadata = Json(Metadata::default());
        for _ in 0..5 {
            let id = LpaId::new(rand::random_range(LpaId::FIRST_NEW..=LpaId::MAX))
                .ok_or(LpaError::NoFreeId)?;
            let inserted: Option<i64> = on_pool!(&self.pool, pool => {
                sqlx::query_scalar(
                    "INSERT INTO applications (id, owner, revision, started_at, updated_at, locked, \
                     document, metadata) VALUES ($1, $2, 1, $3, $3, FALSE, $4, $5) \
                     ON CONFLICT (id) DO NOTHING RETURNING id",
                )
                .bind(db_id(id))
                .bind(owner)
                .bind(now)
                .bind(&document)
                .bind(&metadata)
                .fetch_optional(pool)
                .await?
            });
            if inserted.is_some() {
                return self.get(owner, id).await?.ok_or(LpaError::NotFound);
            }
        }
        Err(LpaError::NoFreeId)
    }

    /// `owner`'s LPA `id`; `None` if there is none, or it is someone else's.
    pub async fn get(&self, owner: &UserId, id: LpaId) -> Result<Option<Lpa>, LpaError> {
        let row: Option<LpaRow> = on_pool!(&self.pool, pool => {
            sqlx::query_as(&format!(
                "SELECT {COLUMNS} FROM applications WHERE id = $1 AND owner = $2"
            ))
            .bind(db_id(id))
            .bind(owner)
            .fetch_optional(pool)
            .await?
        });
        row.map(Lpa::try_from).transpose()
    }

    /// `owner`'s LPAs, the latest changed first.
    pub async fn list(&self, owner: &UserId) -> Result<Vec<Lpa>, LpaError> {
        let rows: Vec<LpaRow> = on_pool!(&self.pool, pool => {
            sqlx::query_as(&format!(
                "SELECT {COLUMNS} FROM applications WHERE owner = $1 \
                 ORDER BY updated_at DESC, id"
            ))
            .bind(owner)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(Lpa::try_from).collect()
    }

    /// Saves `lpa` (its document and metadata) if it still has the revision `lpa.revision` in the
    /// store; returns it with its new revision and times. `created_at` follows the document.
    pub async fn save(&self, owner: &UserId, lpa: &Lpa) -> Result<Lpa, LpaError> {
        let now = self.clock.now();
        let mut saved = lpa.clone();
        saved.mark_created(now);
        let updated: Option<i64> = on_pool!(&self.pool, pool => {
            sqlx::query_scalar(
                "UPDATE applications SET revision = revision + 1, updated_at = $1, \
                 created_at = $2, search = $3, document = $4, metadata = $5 \
                 WHERE id = $6 AND owner = $7 AND revision = $8 RETURNING revision",
            )
            .bind(now)
            .bind(saved.created_at)
            .bind(search_text(&saved.document))
            .bind(Json(&saved.document))
            .bind(Json(&saved.metadata))
            .bind(db_id(lpa.id))
            .bind(owner)
            .bind(lpa.revision.0)
            .fetch_optional(pool)
            .await?
        });
        match updated {
            Some(revision) => {
                saved.revision = Revision(revision);
                saved.updated_at = now;
                Ok(saved)
            }
            None if self.get(owner, lpa.id).await?.is_some() => Err(LpaError::Stale),
            None => Err(LpaError::NotFound),
        }
    }

    /// Deletes `owner`'s LPA `id`; false if they have none with that id.
    pub async fn delete(&self, owner: &UserId, id: LpaId) -> Result<bool, LpaError> {
        let deleted = on_pool!(&self.pool, pool => {
            sqlx::query("DELETE FROM applications WHERE id = $1 AND owner = $2")
                .bind(db_id(id))
                .bind(owner)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(deleted == 1)
    }
}

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
pub mod checkout;
pub mod emails;
pub mod forms;
pub mod jobs;
pub mod pdf;
pub mod tracking;
pub mod use_cases;

use backends::clock::SharedClock;
use backends::on_pool;
use backends::store::{StoreError, StorePool};
use chrono::{DateTime, Utc};
use sqlx::types::Json;

use super::dashboard::{LpaListed, LpaSearch, PER_PAGE};
use super::events::{take_due, JourneyEvent};
use super::model::{
    CaseNumber, Document, Lpa, LpaId, LpaType, Metadata, Payment, Progress, Revision,
};
use super::tracking::TrackedStatus;
use super::who_are_you::WhoAreYouAnswer;
use crate::account::server::UserId;
use backends::in_transaction;
use backends::store::StoreTransaction;

/// The LPA service's settings, from the server's configuration: given to its jobs, and to its
/// pages and server functions as context.
#[derive(Clone, Debug)]
pub struct LpaSettings {
    /// The app's public origin, for the links in emails.
    pub public_url: String,
    /// LPAs completed on or after this day are tracked through Sirius (`lpa::tracking`).
    pub track_from: chrono::NaiveDate,
}

impl LpaSettings {
    /// The settings provided to the current render or server function.
    pub fn current() -> Result<Self, crate::error::AppError> {
        leptos::prelude::use_context::<Self>()
            .ok_or_else(|| crate::error::AppError::internal("no LPA settings in context"))
    }
}

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
    #[error("mail: {0}")]
    Mail(String),
    #[error("jobs: {0}")]
    Jobs(String),
    #[error("objects: {0}")]
    Objects(String),
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
    payment: Option<Json<Payment>>,
    who_are_you_answered: bool,
    repeat_case_number: Option<i64>,
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
            payment: row.payment.map(|payment| payment.0),
            who_are_you_answered: row.who_are_you_answered,
            repeat_case_number: row
                .repeat_case_number
                .map(|number| {
                    u64::try_from(number)
                        .ok()
                        .and_then(|number| CaseNumber::try_from(number).ok())
                        .ok_or_else(|| {
                            LpaError::Database(sqlx::Error::Decode(
                                "case number out of range".into(),
                            ))
                        })
                })
                .transpose()?,
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

/// A row of the dashboard's listing: the columns kept beside each LPA for its card.
#[derive(sqlx::FromRow)]
struct ListedRow {
    id: i64,
    donor_name: Option<String>,
    lpa_type: Option<String>,
    created_at: Option<DateTime<Utc>>,
    completed_at: Option<DateTime<Utc>>,
    updated_at: DateTime<Utc>,
    reusable: bool,
    tracking_status: Option<String>,
    /// How many rows match, on every row.
    total: i64,
}

impl TryFrom<ListedRow> for LpaListed {
    type Error = LpaError;

    fn try_from(row: ListedRow) -> Result<Self, LpaError> {
        let corrupt = |what: &str| LpaError::Database(sqlx::Error::Decode(what.into()));
        Ok(LpaListed {
            id: u64::try_from(row.id)
                .ok()
                .and_then(LpaId::new)
                .ok_or_else(|| corrupt("LPA id out of range"))?,
            donor: row.donor_name,
            lpa_type: row
                .lpa_type
                .map(|value| LpaType::from_value(&value).ok_or_else(|| corrupt("unknown LPA type")))
                .transpose()?,
            progress: Progress::of(row.created_at.is_some(), row.completed_at.is_some()),
            updated_at: row.updated_at,
            reusable: row.reusable,
            completed_on: row.completed_at.map(|at| at.date_naive()),
            sirius: row
                .tracking_status
                .map(|slug| {
                    TrackedStatus::from_slug(&slug)
                        .ok_or_else(|| corrupt("unknown tracking status"))
                })
                .transpose()?,
        })
    }
}

/// One of an account's LPAs as the admin's page lists it: what it is, its times and its payment,
/// read from the columns kept beside the document.
#[derive(Clone, Debug, PartialEq)]
pub struct LpaRecord {
    pub id: LpaId,
    pub donor: Option<String>,
    pub lpa_type: Option<LpaType>,
    pub started_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub created_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
    pub locked_at: Option<DateTime<Utc>>,
    pub payment: Option<Payment>,
}

#[derive(sqlx::FromRow)]
struct RecordRow {
    id: i64,
    donor_name: Option<String>,
    lpa_type: Option<String>,
    started_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    created_at: Option<DateTime<Utc>>,
    completed_at: Option<DateTime<Utc>>,
    locked_at: Option<DateTime<Utc>>,
    payment: Option<Json<Payment>>,
}

impl TryFrom<RecordRow> for LpaRecord {
    type Error = LpaError;

    fn try_from(row: RecordRow) -> Result<Self, LpaError> {
        Ok(LpaRecord {
            id: id_of(row.id)?,
            donor: row.donor_name,
            lpa_type: row
                .lpa_type
                .map(|value| {
                    LpaType::from_value(&value).ok_or_else(|| {
                        LpaError::Database(sqlx::Error::Decode("unknown LPA type".into()))
                    })
                })
                .transpose()?,
            started_at: row.started_at,
            updated_at: row.updated_at,
            created_at: row.created_at,
            completed_at: row.completed_at,
            locked_at: row.locked_at,
            payment: row.payment.map(|payment| payment.0),
        })
    }
}

const COLUMNS: &str = "id, revision, started_at, updated_at, created_at, completed_at, locked_at, \
                       locked, seed, document, metadata, payment, who_are_you_answered, \
                       repeat_case_number";

/// Records `events` (each already marked recorded in its LPA's metadata) with the day they
/// happened, and nothing else.
async fn record_events(
    tx: &mut StoreTransaction,
    events: &[JourneyEvent],
    now: DateTime<Utc>,
) -> Result<(), LpaError> {
    let today = now.date_naive();
    for event in events {
        in_transaction!(&mut *tx, conn => {
            sqlx::query(
                "INSERT INTO lpa_events (kind, lpa_type, payment_method, applicant, occurred_on) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(event.kind.value())
            .bind(event.lpa_type.map(LpaType::value))
            .bind(event.settled.map(|settled| settled.value()))
            .bind(event.registering.map(|registering| registering.value()))
            .bind(today)
            .execute(conn)
            .await?;
        });
    }
    Ok(())
}

/// `lpa` as it is saved at `now` (`created_at` following the document), and the journey events
/// that state means that it has not recorded yet (now marked recorded).
fn to_save(lpa: &Lpa, now: DateTime<Utc>) -> (Lpa, Vec<JourneyEvent>) {
    let mut saved = lpa.clone();
    saved.mark_created(now);
    let events = take_due(&mut saved);
    (saved, events)
}

/// The UPDATE of a save: `saved`'s columns, if the row is still `owner`'s `read` (its revision)
/// and not locked; the new revision. A macro because the connection's type depends on the store.
macro_rules! update_lpa {
    ($conn:expr, $owner:expr, $read:expr, $saved:expr, $now:expr) => {{
        let saved: &Lpa = $saved;
        sqlx::query_scalar(
            "UPDATE applications SET revision = revision + 1, updated_at = $1, \
             created_at = $2, search = $3, document = $4, metadata = $5, payment = $6, \
             who_are_you_answered = $7, repeat_case_number = $8, locked = $9, \
             locked_at = $10, completed_at = $11, donor_name = $15, lpa_type = $16, \
             reusable = $17 \
             WHERE id = $12 AND owner = $13 AND revision = $14 AND NOT locked \
             RETURNING revision",
        )
        .bind($now)
        .bind(saved.created_at)
        .bind(search_text(&saved.document))
        .bind(Json(&saved.document))
        .bind(Json(&saved.metadata))
        .bind(saved.payment.as_ref().map(Json))
        .bind(saved.who_are_you_answered)
        .bind(
            saved
                .repeat_case_number
                .map(|number| i64::try_from(u64::from(number)).unwrap_or(i64::MAX)),
        )
        .bind(saved.locked)
        .bind(saved.locked_at)
        .bind(saved.completed_at)
        .bind(db_id($read.id))
        .bind($owner)
        .bind($read.revision.0)
        .bind(saved.document.donor().map(|donor| donor.name.to_string()))
        .bind(saved.document.lpa_type().map(LpaType::value))
        .bind(saved.metadata.people_to_notify_confirmed)
        .fetch_optional($conn)
        .await?
    }};
}

/// The value a dashboard search binds.
enum SearchValue {
    Id(i64),
    Text(String),
}

/// The LPA repository. Cheap to clone.
#[derive(Clone)]
pub struct Lpas {
    pool: StorePool,
    clock: SharedClock,
}

impl Lpas {
    /// The repository over the app's store and clock.
    pub fn of(backends: &backends::Backends) -> Self {
        Lpas::new(backends.store.pool(), backends.clock.clone())
    }

    /// The repository over `pool`, writing times from `clock`.
    pub fn new(pool: StorePool, clock: SharedClock) -> Self {
        Lpas { pool, clock }
    }

    /// Starts a new LPA of `lpa_type` for `owner`, with a random id, seeded from `seed` (an LPA
    /// whose people may be reused) if given.
    pub async fn create(
        &self,
        owner: &UserId,
        lpa_type: Option<LpaType>,
        seed: Option<LpaId>,
    ) -> Result<Lpa, LpaError> {
        let now = self.clock.now();
        let document = Json(lpa_type.map(Document::of_type).unwrap_or_default());
        let started = JourneyEvent {
            kind: super::events::EventKind::Started,
            lpa_type,
            settled: None,
            registering: None,
        };
        let mut metadata = Metadata::default();
        metadata.recorded_events.insert(started.kind);
        let metadata = Json(metadata);
        for _ in 0..5 {
            let id = LpaId::new(rand::random_range(LpaId::FIRST_NEW..=LpaId::MAX))
                .ok_or(LpaError::NoFreeId)?;
            let mut tx = self.pool.begin().await?;
            let inserted: Option<i64> = in_transaction!(&mut tx, conn => {
                sqlx::query_scalar(
                    "INSERT INTO applications (id, owner, revision, started_at, updated_at, locked, \
                     seed, document, metadata, lpa_type) \
                     VALUES ($1, $2, 1, $3, $3, FALSE, $4, $5, $6, $7) \
                     ON CONFLICT (id) DO NOTHING RETURNING id",
                )
                .bind(db_id(id))
                .bind(owner)
                .bind(now)
                .bind(seed.map(db_id))
                .bind(&document)
                .bind(&metadata)
                .bind(lpa_type.map(LpaType::value))
                .fetch_optional(conn)
                .await?
            });
            if inserted.is_some() {
                record_events(&mut tx, &[started], now).await?;
                tx.commit().await?;
                return self.get(owner, id).await?.ok_or(LpaError::NotFound);
            }
            tx.rollback().await?;
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

    /// Who owns LPA `id`, if it exists: for admins, who may see anyone's LPA.
    pub async fn owner_of(&self, id: LpaId) -> Result<Option<UserId>, LpaError> {
        let owner: Option<UserId> = on_pool!(&self.pool, pool => {
            sqlx::query_scalar("SELECT owner FROM applications WHERE id = $1")
                .bind(db_id(id))
                .fetch_optional(pool)
                .await?
        });
        Ok(owner)
    }

    /// Every LPA of `owner`, the latest started first: for admins, who see anyone's.
    pub async fn records_of(&self, owner: &UserId) -> Result<Vec<LpaRecord>, LpaError> {
        let rows: Vec<RecordRow> = on_pool!(&self.pool, pool => {
            sqlx::query_as(
                "SELECT id, donor_name, lpa_type, started_at, updated_at, created_at, \
                 completed_at, locked_at, payment FROM applications WHERE owner = $1 \
                 ORDER BY started_at DESC, id",
            )
            .bind(owner)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(LpaRecord::try_from).collect()
    }

    /// Page `page` (from 1) of `owner`'s LPAs matching `search`, the latest changed first, and
    /// how many match in all.
    pub async fn list_page(
        &self,
        owner: &UserId,
        search: Option<&LpaSearch>,
        page: u32,
    ) -> Result<(Vec<LpaListed>, u64), LpaError> {
        let limit = i64::from(PER_PAGE);
        let offset = i64::from(page.saturating_sub(1)) * limit;
        // The donor's name is matched anywhere in the lower-cased `search` column, with LIKE's own
        // wildcards in what was typed taken literally.
        let (condition, value) = match search {
            None => ("", None),
            Some(LpaSearch::Reference(id)) => (" AND id = $2", Some(SearchValue::Id(db_id(*id)))),
            Some(LpaSearch::DonorName(name)) => {
                let escaped = name
                    .replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_");
                (
                    " AND search LIKE $2 ESCAPE '\\'",
                    Some(SearchValue::Text(format!("%{escaped}%"))),
                )
            }
        };
        let (limit_at, offset_at) = if value.is_some() { (3, 4) } else { (2, 3) };
        // The page and how many match in one trip: every row carries the count. A page past the
        // end has no rows to carry it, so only then is it counted on its own.
        let rows_sql = format!(
            "SELECT id, donor_name, lpa_type, created_at, completed_at, updated_at, reusable, \
             tracking_status, COUNT(*) OVER () AS total FROM applications WHERE owner = $1{condition} \
             ORDER BY updated_at DESC, id LIMIT ${limit_at} OFFSET ${offset_at}"
        );
        let count_sql = format!("SELECT COUNT(*) FROM applications WHERE owner = $1{condition}");
        let (rows, total): (Vec<ListedRow>, i64) = on_pool!(&self.pool, pool => {
            let mut rows = sqlx::query_as(&rows_sql).bind(owner);
            let mut count = sqlx::query_scalar(&count_sql).bind(owner);
            match &value {
                Some(SearchValue::Id(id)) => {
                    rows = rows.bind(*id);
                    count = count.bind(*id);
                }
                Some(SearchValue::Text(text)) => {
                    rows = rows.bind(text.clone());
                    count = count.bind(text.clone());
                }
                None => {}
            }
            let rows: Vec<ListedRow> = rows.bind(limit).bind(offset).fetch_all(pool).await?;
            let total = match rows.first() {
                Some(row) => row.total,
                None if offset == 0 => 0,
                None => count.fetch_one(pool).await?,
            };
            (rows, total)
        });
        let lpas = rows
            .into_iter()
            .map(LpaListed::try_from)
            .collect::<Result<_, _>>()?;
        Ok((lpas, u64::try_from(total).unwrap_or_default()))
    }

    /// Saves `lpa` (its document and metadata) if it still has the revision `lpa.revision` in the
    /// store; returns it with its new revision and times. `created_at` follows the document.
    pub async fn save(&self, owner: &UserId, lpa: &Lpa) -> Result<Lpa, LpaError> {
        let now = self.clock.now();
        let (saved, events) = to_save(lpa, now);
        let updated: Option<i64> = if events.is_empty() {
            // Most saves: one statement, with no transaction around it.
            on_pool!(&self.pool, pool => update_lpa!(pool, owner, lpa, &saved, now))
        } else {
            let mut tx = self.pool.begin().await?;
            let updated: Option<i64> =
                in_transaction!(&mut tx, conn => update_lpa!(conn, owner, lpa, &saved, now));
            if updated.is_some() {
                record_events(&mut tx, &events, now).await?;
                tx.commit().await?;
            } else {
                tx.rollback().await?;
            }
            updated
        };
        match updated {
            Some(revision) => Ok(Lpa {
                revision: Revision(revision),
                updated_at: now,
                ..saved
            }),
            None if self.get(owner, lpa.id).await?.is_some() => Err(LpaError::Stale),
            None => Err(LpaError::NotFound),
        }
    }

    /// [`Self::save`] in `tx`, with the journey events the new state means. A row that is not
    /// there with that revision (changed since, or not this owner's) is [`LpaError::NotFound`].
    pub async fn save_in(
        &self,
        tx: &mut StoreTransaction,
        owner: &UserId,
        lpa: &Lpa,
    ) -> Result<Lpa, LpaError> {
        let now = self.clock.now();
        let (mut saved, events) = to_save(lpa, now);
        let updated: Option<i64> =
            in_transaction!(tx, conn => update_lpa!(conn, owner, lpa, &saved, now));
        let revision = updated.ok_or(LpaError::NotFound)?;
        record_events(tx, &events, now).await?;
        saved.revision = Revision(revision);
        saved.updated_at = now;
        Ok(saved)
    }

    /// Records the card payment started for `lpa` (its `payment` as given) without making a new
    /// revision: starting a payment changes no answer, so the page it was started from (a second
    /// click of "Confirm and pay") is still current, and finds the payment started. Refused as
    /// [`LpaError::Stale`] if the LPA changed since `lpa` was read.
    pub async fn record_payment_started(&self, owner: &UserId, lpa: &Lpa) -> Result<(), LpaError> {
        let updated = on_pool!(&self.pool, pool => {
            sqlx::query(
                "UPDATE applications SET payment = $1 \
                 WHERE id = $2 AND owner = $3 AND revision = $4 AND NOT locked",
            )
            .bind(lpa.payment.as_ref().map(Json))
            .bind(db_id(lpa.id))
            .bind(owner)
            .bind(lpa.revision.0)
            .execute(pool)
            .await?
            .rows_affected()
        });
        match updated {
            1 => Ok(()),
            _ if self.get(owner, lpa.id).await?.is_some() => Err(LpaError::Stale),
            _ => Err(LpaError::NotFound),
        }
    }

    /// Opens a transaction on the store, for [`Self::save_in`] with other writes (a mail, the
    /// survey's answer).
    pub async fn begin(&self) -> Result<StoreTransaction, LpaError> {
        Ok(self.pool.begin().await?)
    }

    /// Keeps an answer to "who was using the service", apart from any LPA.
    pub async fn record_who_are_you_in(
        &self,
        tx: &mut StoreTransaction,
        answer: &WhoAreYouAnswer,
    ) -> Result<(), LpaError> {
        let today = self.clock.now().date_naive();
        in_transaction!(tx, conn => {
            sqlx::query("INSERT INTO who_are_you (who, qualifier, answered_on) VALUES ($1, $2, $3)")
                .bind(answer.who.value())
                .bind(answer.qualifier.as_deref())
                .bind(today)
                .execute(conn)
                .await?;
        });
        Ok(())
    }

    /// Every LPA of any owner whose card payment was started but whose outcome was never
    /// recorded, with its owner: the ones to look up again at GOV.UK Pay (recovery).
    pub async fn awaiting_card_outcome(&self) -> Result<Vec<(UserId, Lpa)>, LpaError> {
        #[derive(sqlx::FromRow)]
        struct Owned {
            owner: UserId,
            #[sqlx(flatten)]
            row: LpaRow,
        }
        let rows: Vec<Owned> = on_pool!(&self.pool, pool => {
            sqlx::query_as(&format!(
                "SELECT owner, {COLUMNS} FROM applications WHERE NOT locked AND payment IS NOT NULL"
            ))
            .fetch_all(pool)
            .await?
        });
        let mut waiting = Vec::new();
        for owned in rows {
            let lpa = Lpa::try_from(owned.row)?;
            if lpa
                .payment
                .as_ref()
                .and_then(Payment::awaiting_card_outcome)
                .is_some()
            {
                waiting.push((owned.owner, lpa));
            }
        }
        Ok(waiting)
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

//! The `datastore_pulls` table: how each pull of a source ended (fetched a file, found the store up
//! to date, or failed and why), for staff to see. Written once per pull, when it ends.
use std::fmt;
use std::str::FromStr;

use backends::store::{StoreError, StorePool, StoreTransaction};
use backends::{in_transaction, on_pool};
use chrono::{DateTime, Utc};

use crate::datastore::sources::SourceId;

/// How a pull ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PullOutcome {
    /// A newer file was downloaded and stored.
    Fetched,
    /// The newest file stored was recent enough: nothing was downloaded.
    UpToDate,
    /// The listing or the download failed; nothing was stored.
    Failed,
}

impl PullOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            PullOutcome::Fetched => "fetched",
            PullOutcome::UpToDate => "up_to_date",
            PullOutcome::Failed => "failed",
        }
    }
}

impl fmt::Display for PullOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A value in the `outcome` column the app does not write.
#[derive(Debug, thiserror::Error)]
#[error("unknown pull outcome {0:?}")]
pub struct UnknownOutcome(String);

impl FromStr for PullOutcome {
    type Err = UnknownOutcome;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "fetched" => Ok(PullOutcome::Fetched),
            "up_to_date" => Ok(PullOutcome::UpToDate),
            "failed" => Ok(PullOutcome::Failed),
            other => Err(UnknownOutcome(other.to_owned())),
        }
    }
}

impl TryFrom<String> for PullOutcome {
    type Error = UnknownOutcome;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

/// A pull as recorded; made by [`PullRecord::fetched`], [`PullRecord::up_to_date`] or
/// [`PullRecord::failed`], so each outcome carries what the table requires of it.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct PullRecord {
    /// The source's id, `organisation.dataset`.
    pub source: String,
    pub started_at: DateTime<Utc>,
    pub finished_at: DateTime<Utc>,
    #[sqlx(try_from = "String")]
    pub outcome: PullOutcome,
    /// The file fetched, the newest already stored, or the one whose download failed.
    pub file_name: Option<String>,
    /// Where the file was fetched from, or was to be.
    pub url: Option<String>,
    /// The size and hex SHA-256 of a fetched file, as stored.
    pub bytes: Option<i64>,
    pub sha256: Option<String>,
    pub error: Option<String>,
}

/// When a pull ran: `(started, finished)`.
pub type PullTimes = (DateTime<Utc>, DateTime<Utc>);

impl PullRecord {
    pub fn fetched(
        source: &SourceId,
        (started_at, finished_at): PullTimes,
        file: &FetchedFile,
    ) -> Self {
        PullRecord {
            file_name: Some(file.file_name.clone()),
            url: Some(file.url.clone()),
            bytes: Some(i64::try_from(file.bytes).unwrap_or(i64::MAX)),
            sha256: Some(file.sha256.clone()),
            ..Self::bare(source, started_at, finished_at, PullOutcome::Fetched)
        }
    }

    pub fn up_to_date(
        source: &SourceId,
        (started_at, finished_at): PullTimes,
        newest_stored: String,
    ) -> Self {
        PullRecord {
            file_name: Some(newest_stored),
            ..Self::bare(source, started_at, finished_at, PullOutcome::UpToDate)
        }
    }

    /// `file` is the file being fetched (stored name, URL) when it was the download that failed.
    pub fn failed(
        source: &SourceId,
        (started_at, finished_at): PullTimes,
        file: Option<(String, String)>,
        error: String,
    ) -> Self {
        let (file_name, url) = file.unzip();
        PullRecord {
            file_name,
            url,
            error: Some(error),
            ..Self::bare(source, started_at, finished_at, PullOutcome::Failed)
        }
    }

    fn bare(
        source: &SourceId,
        started_at: DateTime<Utc>,
        finished_at: DateTime<Utc>,
        outcome: PullOutcome,
    ) -> Self {
        PullRecord {
            source: source.to_string(),
            started_at,
            finished_at,
            outcome,
            file_name: None,
            url: None,
            bytes: None,
            sha256: None,
            error: None,
        }
    }
}

/// One line for people: `hmrc.exporters: fetched exporters2402.csv (2048 bytes, SHA-256 …)`.
impl fmt::Display for PullRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self.file_name.as_deref().unwrap_or("no file");
        match self.outcome {
            PullOutcome::Fetched => write!(
                f,
                "{}: fetched {file} ({} bytes, SHA-256 {})",
                self.source,
                self.bytes.unwrap_or_default(),
                self.sha256.as_deref().unwrap_or_default()
            ),
            PullOutcome::UpToDate => {
                write!(f, "{}: up to date ({file} is the newest)", self.source)
            }
            PullOutcome::Failed => write!(
                f,
                "{}: failed: {}",
                self.source,
                self.error.as_deref().unwrap_or_default()
            ),
        }
    }
}

/// A file a pull stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FetchedFile {
    /// Its name in the store (the source's stored name with its date).
    pub file_name: String,
    pub url: String,
    pub bytes: u64,
    /// Hex SHA-256 of the bytes stored.
    pub sha256: String,
}

/// A recorded pull and its row id.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Pull {
    pub id: i64,
    #[sqlx(flatten)]
    pub record: PullRecord,
}

/// The pulls' record. Cheap to clone.
#[derive(Clone)]
pub struct SourcePulls {
    pool: StorePool,
}

impl SourcePulls {
    pub fn of(backends: &backends::Backends) -> Self {
        SourcePulls {
            pool: backends.store.pool(),
        }
    }

    /// Records a pull inside `tx`, so what it caused (a fetched file's ingest job) is written with
    /// it or not at all.
    pub async fn record_in(
        &self,
        tx: &mut StoreTransaction,
        record: &PullRecord,
    ) -> Result<i64, StoreError> {
        let id = in_transaction!(tx, conn => {
            sqlx::query_scalar(
                "INSERT INTO datastore_pulls (source, started_at, finished_at, outcome, file_name, \
                 url, bytes, sha256, error) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
            )
            .bind(&record.source)
            .bind(record.started_at)
            .bind(record.finished_at)
            .bind(record.outcome.as_str())
            .bind(&record.file_name)
            .bind(&record.url)
            .bind(record.bytes)
            .bind(&record.sha256)
            .bind(&record.error)
            .fetch_one(conn)
            .await?
        });
        Ok(id)
    }

    /// Records a pull on its own.
    pub async fn record(&self, record: &PullRecord) -> Result<i64, StoreError> {
        let mut tx = self.pool.begin().await?;
        let id = self.record_in(&mut tx, record).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The source's latest `limit` pulls, the latest first.
    pub async fn recent(&self, source: &SourceId, limit: u32) -> Result<Vec<Pull>, StoreError> {
        let source = source.to_string();
        let pulls = on_pool!(&self.pool, pool => {
            sqlx::query_as(
                "SELECT id, source, started_at, finished_at, outcome, file_name, url, bytes, \
                 sha256, error FROM datastore_pulls WHERE source = $1 \
                 ORDER BY started_at DESC, id DESC LIMIT $2",
            )
            .bind(&source)
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await?
        });
        Ok(pulls)
    }
}

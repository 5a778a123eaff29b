//! Uploaded files, each a version of its dataset ("pipeline_data_file", B.3): the repository
//! over `datastore_versions`. Every change of state names the state it moves from, so two
//! requests (or a request and the hourly check) cannot both move one version.
use backends::clock::SharedClock;
use backends::objects::ObjectKey;
use backends::on_pool;
use backends::store::{StoreError, StorePool, StoreTransaction};
use chrono::{DateTime, Duration, Utc};
use sqlx::types::Json;

use super::datasets::Dataset;
use crate::datastore::columns::Column;
use crate::datastore::upload::{UploadState, STUCK_AFTER_HOURS, STUCK_MESSAGE};

/// A version's id: a UUID, as the real service's.
pub type VersionId = String;

#[derive(Clone, Debug, PartialEq)]
pub struct Version {
    pub id: VersionId,
    pub dataset_id: i64,
    pub object_key: String,
    pub file_name: String,
    pub size_bytes: Option<i64>,
    pub state: UploadState,
    pub error_message: Option<String>,
    /// The columns and types staff confirmed (set when verified).
    pub columns: Option<Vec<Column>>,
    pub uploaded_by: Option<String>,
    pub uploaded_at: DateTime<Utc>,
    pub started_processing_at: Option<DateTime<Utc>>,
    pub processed_at: Option<DateTime<Utc>>,
    pub rows_loaded: Option<i64>,
    pub bytes_loaded: i64,
}

impl Version {
    /// The share of the file loaded so far, 0 to 1.
    pub fn share_loaded(&self) -> f64 {
        match self.size_bytes {
            Some(size) if size > 0 => self.bytes_loaded as f64 / size as f64,
            _ => 0.0,
        }
    }

    pub fn key(&self) -> Result<ObjectKey, StoreError> {
        ObjectKey::new(self.object_key.clone())
            .map_err(|error| StoreError::Database(sqlx::Error::Decode(error.into())))
    }
}

#[derive(sqlx::FromRow)]
struct VersionRow {
    id: String,
    dataset_id: i64,
    object_key: String,
    file_name: String,
    size_bytes: Option<i64>,
    state: String,
    error_message: Option<String>,
    column_types: Option<Json<Vec<Column>>>,
    uploaded_by: Option<String>,
    uploaded_at: DateTime<Utc>,
    started_processing_at: Option<DateTime<Utc>>,
    processed_at: Option<DateTime<Utc>>,
    rows_loaded: Option<i64>,
    bytes_loaded: i64,
}

impl TryFrom<VersionRow> for Version {
    type Error = StoreError;

    fn try_from(row: VersionRow) -> Result<Self, Self::Error> {
        let state = UploadState::parse(&row.state).ok_or_else(|| {
            StoreError::Database(sqlx::Error::Decode(
                format!("unknown upload state {:?}", row.state).into(),
            ))
        })?;
        Ok(Version {
            id: row.id,
            dataset_id: row.dataset_id,
            object_key: row.object_key,
            file_name: row.file_name,
            size_bytes: row.size_bytes,
            state,
            error_message: row.error_message,
            columns: row.column_types.map(|Json(columns)| columns),
            uploaded_by: row.uploaded_by,
            uploaded_at: row.uploaded_at,
            started_processing_at: row.started_processing_at,
            processed_at: row.processed_at,
            rows_loaded: row.rows_loaded,
            bytes_loaded: row.bytes_loaded,
        })
    }
}

const COLUMNS: &str = "id, dataset_id, object_key, file_name, size_bytes, state, error_message, \
    column_types, uploaded_by, uploaded_at, started_processing_at, processed_at, rows_loaded, bytes_loaded";

/// The versions. Cheap to clone.
#[derive(Clone)]
pub struct Versions {
    pool: StorePool,
    clock: SharedClock,
}

impl Versions {
    pub fn of(backends: &backends::Backends) -> Self {
        Versions {
            pool: backends.store.pool(),
            clock: backends.clock.clone(),
        }
    }

    /// A new version of `dataset`, `uploading`: its file goes to `uploads/<org>/<dataset>/<id>`.
    pub async fn start_upload(
        &self,
        dataset: &Dataset,
        file_name: &str,
        uploaded_by: &str,
    ) -> Result<Version, StoreError> {
        let id = uuid::Uuid::new_v4().to_string();
        let key = format!(
            "uploads/{}/{}/{id}",
            dataset.name.organisation, dataset.name.dataset
        );
        let row: VersionRow = on_pool!(&self.pool, pool => {
            sqlx::query_as(&format!(
                "INSERT INTO datastore_versions (id, dataset_id, object_key, file_name, state, uploaded_by, uploaded_at) \
                 VALUES ($1, $2, $3, $4, 'uploading', $5, $6) RETURNING {COLUMNS}"
            ))
            .bind(&id)
            .bind(dataset.id)
            .bind(&key)
            .bind(file_name)
            .bind(uploaded_by)
            .bind(self.clock.now())
            .fetch_one(pool)
            .await?
        });
        row.try_into()
    }

    /// `id` of `dataset_id`, if it is one of its versions.
    pub async fn find(&self, dataset_id: i64, id: &str) -> Result<Option<Version>, StoreError> {
        let row: Option<VersionRow> = on_pool!(&self.pool, pool => {
            sqlx::query_as(&format!(
                "SELECT {COLUMNS} FROM datastore_versions WHERE id = $1 AND dataset_id = $2"
            ))
            .bind(id)
            .bind(dataset_id)
            .fetch_optional(pool)
            .await?
        });
        row.map(Version::try_from).transpose()
    }

    /// Any version by id (the jobs', which are given only the id).
    pub async fn by_id(&self, id: &str) -> Result<Option<Version>, StoreError> {
        let row: Option<VersionRow> = on_pool!(&self.pool, pool => {
            sqlx::query_as(&format!("SELECT {COLUMNS} FROM datastore_versions WHERE id = $1"))
                .bind(id)
                .fetch_optional(pool)
                .await?
        });
        row.map(Version::try_from).transpose()
    }

    /// The dataset's versions, newest upload first.
    pub async fn of_dataset(&self, dataset_id: i64) -> Result<Vec<Version>, StoreError> {
        let rows: Vec<VersionRow> = on_pool!(&self.pool, pool => {
            sqlx::query_as(&format!(
                "SELECT {COLUMNS} FROM datastore_versions WHERE dataset_id = $1 \
                 ORDER BY uploaded_at DESC, id"
            ))
            .bind(dataset_id)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(Version::try_from).collect()
    }

    /// The version whose rows the table holds: the one processed last.
    pub async fn latest_completed(&self, dataset_id: i64) -> Result<Option<Version>, StoreError> {
        let row: Option<VersionRow> = on_pool!(&self.pool, pool => {
            sqlx::query_as(&format!(
                "SELECT {COLUMNS} FROM datastore_versions WHERE dataset_id = $1 AND state = 'completed' \
                 ORDER BY processed_at DESC, id LIMIT 1"
            ))
            .bind(dataset_id)
            .fetch_optional(pool)
            .await?
        });
        row.map(Version::try_from).transpose()
    }

    /// Moves `id` from `from` to `to`, with the columns given; whether it was in `from`.
    async fn advance(
        &self,
        id: &str,
        from: &[UploadState],
        to: UploadState,
        change: Change<'_>,
    ) -> Result<bool, StoreError> {
        let now = self.clock.now();
        let set = match &change {
            Change::Size(_) => "size_bytes = $4",
            Change::Error(_) => "error_message = $4",
            Change::StartProcessing => {
                "started_processing_at = $3, bytes_loaded = 0, error_message = NULL, rows_loaded = $4"
            }
        };
        // `from` is a few of the states' own names, so it is written into the statement.
        let states = from
            .iter()
            .map(|state| format!("'{}'", state.as_str()))
            .collect::<Vec<_>>()
            .join(", ");
        let statement = format!(
            "UPDATE datastore_versions SET state = $1, {set} WHERE id = $2 AND state IN ({states})"
        );
        let changed = on_pool!(&self.pool, pool => {
            let query = sqlx::query(&statement).bind(to.as_str()).bind(id).bind(now);
            let query = match change {
                Change::Size(size) => query.bind(Some(size)),
                Change::Error(message) => query.bind(message.to_owned()),
                Change::StartProcessing => query.bind(None::<i64>),
            };
            query.execute(pool).await?.rows_affected()
        });
        Ok(changed == 1)
    }

    /// The file is stored: `uploaded`, `size` bytes.
    pub async fn uploaded(&self, id: &str, size: u64) -> Result<bool, StoreError> {
        self.advance(
            id,
            &[UploadState::Uploading],
            UploadState::Uploaded,
            Change::Size(size as i64),
        )
        .await
    }

    /// `failed`, with why, from any state but completed.
    pub async fn fail(&self, id: &str, message: &str) -> Result<bool, StoreError> {
        self.advance(
            id,
            &[
                UploadState::Uploading,
                UploadState::Uploaded,
                UploadState::Verified,
                UploadState::ProcessingDss,
                UploadState::ProcessingDataflow,
            ],
            UploadState::Failed,
            Change::Error(message),
        )
        .await
    }

    /// Staff confirmed the preview with these column types: `verified`, in `tx` (which also
    /// sends the processing job). An uploaded version, or a completed one being restored.
    pub async fn verify_in(
        &self,
        tx: &mut StoreTransaction,
        id: &str,
        columns: &[Column],
    ) -> Result<bool, StoreError> {
        let now = self.clock.now();
        let changed = backends::in_transaction!(tx, conn => {
            sqlx::query(
                "UPDATE datastore_versions SET state = 'verified', column_types = $1, verified_at = $2 \
                 WHERE id = $3 AND state IN ('uploaded', 'completed')",
            )
            .bind(Json(columns))
            .bind(now)
            .bind(id)
            .execute(conn)
            .await?
            .rows_affected()
        });
        Ok(changed == 1)
    }

    /// The processing job begins: `processing_dss` (from `verified`, or from `processing_dss`
    /// when a job that died is retried).
    pub async fn start_processing(&self, id: &str) -> Result<bool, StoreError> {
        self.advance(
            id,
            &[UploadState::Verified, UploadState::ProcessingDss],
            UploadState::ProcessingDss,
            Change::StartProcessing,
        )
        .await
    }

    /// How far loading has read into the file.
    pub async fn loaded(&self, id: &str, bytes: u64) -> Result<(), StoreError> {
        on_pool!(&self.pool, pool => {
            sqlx::query("UPDATE datastore_versions SET bytes_loaded = $1 WHERE id = $2")
                .bind(bytes as i64)
                .bind(id)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// The rows are in the table: `completed`, in the transaction that put them there. False
    /// (and the caller rolls back) if the version left `processing_dss` meanwhile.
    pub async fn complete_in(
        &self,
        tx: &mut StoreTransaction,
        id: &str,
        rows: u64,
    ) -> Result<bool, StoreError> {
        let now = self.clock.now();
        let changed = backends::in_transaction!(tx, conn => {
            sqlx::query(
                "UPDATE datastore_versions SET state = 'completed', processed_at = $1, rows_loaded = $2, \
                 bytes_loaded = COALESCE(size_bytes, bytes_loaded) \
                 WHERE id = $3 AND state = 'processing_dss'",
            )
            .bind(now)
            .bind(rows as i64)
            .bind(id)
            .execute(conn)
            .await?
            .rows_affected()
        });
        Ok(changed == 1)
    }

    /// Staff answered "No" to the preview: the version is forgotten (its file is deleted by the
    /// caller). Only an uploaded or failed one.
    pub async fn delete(&self, id: &str) -> Result<bool, StoreError> {
        let deleted = on_pool!(&self.pool, pool => {
            sqlx::query(
                "DELETE FROM datastore_versions WHERE id = $1 AND state IN ('uploaded', 'failed', 'uploading')",
            )
            .bind(id)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(deleted == 1)
    }

    /// B.3's hourly check: versions verified or processing for more than 24 hours are failed.
    pub async fn fail_stuck(&self) -> Result<u64, StoreError> {
        let before = self.clock.now() - Duration::hours(STUCK_AFTER_HOURS);
        let failed = on_pool!(&self.pool, pool => {
            sqlx::query(
                "UPDATE datastore_versions SET state = 'failed', error_message = $1 \
                 WHERE state IN ('verified', 'processing_dss', 'processing_dataflow') \
                 AND COALESCE(started_processing_at, verified_at, uploaded_at) < $2",
            )
            .bind(STUCK_MESSAGE)
            .bind(before)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(failed)
    }
}

enum Change<'a> {
    Size(i64),
    Error(&'a str),
    StartProcessing,
}

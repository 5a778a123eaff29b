//! Loading files: an upload's version into its dataset's table (B.3 step 5), and a source's
//! stored files not yet loaded (B.2, the registry). Both stage the rows, then publish them in
//! the transaction that marks their own row done, so each file is loaded once and whole.
use std::io::Read;
use std::sync::Arc;

use backends::objects::{BodyStream, ObjectKey, ObjectStore};
use backends::on_pool;
use backends::store::{Store, StoreError};
use chrono::{DateTime, Utc};
use futures::FutureExt;

use super::datasets::{Datasets, Origin};
use super::tables::{DatasetTable, Load, LoadError, LoadMode, Loader};
use super::versions::Versions;
use crate::datastore::columns::Column;
use crate::datastore::csv_file::{check_types, inspect, CsvProblem, Inspection};
use crate::datastore::names::DatasetName;

/// An object's bytes as a blocking reader, for the CSV reader on a blocking thread.
pub fn blocking_reader(body: BodyStream) -> impl Read + Send + 'static {
    tokio_util::io::SyncIoBridge::new(tokio_util::io::StreamReader::new(body))
}

/// Why a load could not be done now (the job is tried again); a file's own faults are recorded
/// on its row instead.
#[derive(Debug, thiserror::Error)]
pub enum ProcessingError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("object store: {0}")]
    Objects(#[from] backends::objects::ObjectError),
}

impl From<sqlx::Error> for ProcessingError {
    fn from(error: sqlx::Error) -> Self {
        ProcessingError::Store(StoreError::Database(error))
    }
}

/// The loads. Cheap to clone.
#[derive(Clone)]
pub struct Processing {
    store: Arc<dyn Store>,
    objects: Arc<dyn ObjectStore>,
    datasets: Datasets,
    versions: Versions,
    loader: Loader,
}

/// What ingesting a source's files did.
/// A load's hold on a source file: its registry row and which attempt at the file it is.
#[derive(Clone, Copy, Debug)]
struct Claim {
    id: i64,
    attempt: i32,
}

impl Claim {
    /// The staging table's key of one attempt at the file.
    fn staging_key(self, attempt: i32) -> String {
        format!("f{}a{attempt}", self.id)
    }
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Ingested {
    /// Files loaded, with their rows.
    pub loaded: Vec<(String, u64)>,
    /// Files refused, with why.
    pub failed: Vec<(String, String)>,
}

impl Processing {
    pub fn of(backends: &backends::Backends) -> Self {
        Processing {
            store: backends.store.clone(),
            objects: backends.objects.clone(),
            datasets: Datasets::of(backends),
            versions: Versions::of(backends),
            loader: Loader::of(backends),
        }
    }

    /// Reads a stored file as the preview shows it (up to 100,000 rows). `Ok(Err(problem))` is
    /// the file's own fault, to show staff.
    pub async fn inspect_file(
        &self,
        key: &ObjectKey,
    ) -> Result<Result<Inspection, CsvProblem>, ProcessingError> {
        self.read_file(key, inspect).await
    }

    /// Checks a stored file's first 100,000 rows against the types staff chose.
    pub async fn check_file(
        &self,
        key: &ObjectKey,
        columns: Vec<Column>,
    ) -> Result<Result<(), CsvProblem>, ProcessingError> {
        self.read_file(key, move |reader| check_types(reader, &columns))
            .await
    }

    async fn read_file<T: Send + 'static>(
        &self,
        key: &ObjectKey,
        read: impl FnOnce(Box<dyn Read + Send>) -> Result<T, CsvProblem> + Send + 'static,
    ) -> Result<Result<T, CsvProblem>, ProcessingError> {
        let Some(object) = self.objects.get(key).await? else {
            return Ok(Err(CsvProblem::Unreadable(
                "the uploaded file is missing".to_owned(),
            )));
        };
        let reader: Box<dyn Read + Send> = Box::new(blocking_reader(object.body));
        tokio::task::spawn_blocking(move || read(reader))
            .await
            .map_err(|error| ProcessingError::Store(StoreError::Location(error.to_string())))
    }

    /// Loads version `id` into its dataset's table, replacing what the table held. A version
    /// not verified (or already done, or failed by the hourly check) is left alone.
    pub async fn process_version(&self, id: &str) -> Result<(), ProcessingError> {
        let Some(version) = self.versions.by_id(id).await? else {
            return Ok(());
        };
        if !self.versions.start_processing(id).await? {
            return Ok(());
        }
        let fail = |message: String| async move {
            tracing::warn!(version = id, %message, "an upload failed to load");
            self.versions.fail(id, &message).await.map(|_| ())
        };
        let Some(columns) = version.columns.clone() else {
            return Ok(fail("The file was never verified.".to_owned()).await?);
        };
        let Some(dataset) = self.datasets.by_id(version.dataset_id).await? else {
            return Ok(());
        };
        let Some(object) = self.objects.get(&version.key()?).await? else {
            return Ok(fail("The uploaded file is missing.".to_owned()).await?);
        };
        let table = DatasetTable {
            dataset_id: dataset.id,
            name: dataset.name,
        };
        let versions = self.versions.clone();
        let version_id = id.to_owned();
        let on_progress = move |bytes: u64| {
            let versions = versions.clone();
            let id = version_id.clone();
            async move {
                if let Err(error) = versions.loaded(&id, bytes).await {
                    tracing::warn!(%error, "upload progress not recorded");
                }
            }
            .boxed()
        };
        let staged = self
            .loader
            .stage(
                &table,
                Load {
                    key: format!("v{}", id.replace('-', "")),
                    columns,
                    mode: LoadMode::Replace,
                    file_name: id.to_owned(),
                },
                blocking_reader(object.body),
                &on_progress,
            )
            .await;
        let staged = match staged {
            Ok(staged) => staged,
            Err(LoadError::Store(error)) => return Err(error.into()),
            Err(problem) => return Ok(fail(problem.to_string()).await?),
        };
        let mut tx = self.store.begin().await?;
        if !self.versions.complete_in(&mut tx, id, staged.rows).await? {
            tx.rollback().await?;
            self.loader.discard(&staged).await;
            return Ok(());
        }
        match self.loader.publish_in(&mut tx, &staged).await {
            Ok(_) => tx.commit().await?,
            Err(LoadError::Store(error)) => return Err(error.into()),
            Err(problem) => {
                tx.rollback().await?;
                self.loader.discard(&staged).await;
                fail(problem.to_string()).await?;
            }
        }
        Ok(())
    }

    /// Loads each file stored for source `name` (under `datasets/<organisation>/<dataset>/`)
    /// that the registry does not have as processed or ignored, oldest name first, then looks
    /// again for files stored meanwhile. A file whose rows are wrong is recorded `failed` with
    /// why, and the others still load.
    pub async fn ingest_source(
        &self,
        name: &DatasetName,
        mode: LoadMode,
    ) -> Result<Ingested, ProcessingError> {
        let source = name.schema();
        let prefix = format!("datasets/{}/{}/", name.organisation, name.dataset);
        let dataset = self.datasets.ensure(name, Origin::Source).await?;
        let table = DatasetTable {
            dataset_id: dataset.id,
            name: name.clone(),
        };
        let mut ingested = Ingested::default();
        let mut left_to_others = Vec::new();
        loop {
            let mut stored = self.objects.list(&prefix).await?;
            stored.sort_by(|a, b| a.key.as_str().cmp(b.key.as_str()));
            let mut claimed_any = false;
            for object in stored {
                let file_name = object.key.as_str()[prefix.len()..].to_owned();
                let seen = ingested
                    .failed
                    .iter()
                    .any(|(failed, _)| *failed == file_name)
                    || left_to_others.contains(&file_name);
                if seen {
                    continue;
                }
                let Some(claim) = self.claim(&source, &file_name).await? else {
                    continue;
                };
                claimed_any = true;
                match self
                    .load_file(&table, claim, &object.key, &file_name, mode)
                    .await
                {
                    Ok(Some(rows)) => ingested.loaded.push((file_name, rows)),
                    // Another load has it: never claimed back from it, which would only
                    // take it over in turn.
                    Ok(None) => left_to_others.push(file_name),
                    Err(LoadError::Store(error)) => return Err(error.into()),
                    Err(problem) => {
                        let message = problem.to_string();
                        self.registry_failed(claim, &message).await?;
                        ingested.failed.push((file_name, message));
                    }
                }
            }
            if !claimed_any {
                return Ok(ingested);
            }
        }
    }

    async fn load_file(
        &self,
        table: &DatasetTable,
        claim: Claim,
        key: &ObjectKey,
        file_name: &str,
        mode: LoadMode,
    ) -> Result<Option<u64>, LoadError> {
        // The attempt before this one staged here, if it got that far: a load that died, or one
        // still running that this claim takes over (its next batch finds its table gone).
        if claim.attempt > 1 {
            self.loader
                .drop_staging(table, &claim.staging_key(claim.attempt - 1))
                .await?;
        }
        match self.load_claimed(table, claim, key, file_name, mode).await {
            // A store error while another attempt holds the file is that attempt's doing (it
            // dropped this one's staging table): the file is in its hands, not failed.
            Err(LoadError::Store(error)) => match self.attempt_of(claim.id).await? {
                Some(latest) if latest != claim.attempt => {
                    tracing::info!(%error, file_name, "a later load of the file took it over");
                    Ok(None)
                }
                _ => Err(LoadError::Store(error)),
            },
            other => other,
        }
    }

    async fn load_claimed(
        &self,
        table: &DatasetTable,
        claim: Claim,
        key: &ObjectKey,
        file_name: &str,
        mode: LoadMode,
    ) -> Result<Option<u64>, LoadError> {
        let read = |key: ObjectKey| async move {
            match self.objects.get(&key).await {
                Ok(Some(object)) => Ok(blocking_reader(object.body)),
                Ok(None) => Err(LoadError::Reading("the stored file is gone".to_owned())),
                Err(error) => Err(LoadError::Reading(error.to_string())),
            }
        };
        // A source's columns and types are what its file shows, as an upload's preview would.
        let reader = read(key.clone()).await?;
        let inspection = tokio::task::spawn_blocking(move || inspect(reader))
            .await
            .map_err(|error| LoadError::Reading(error.to_string()))?
            .map_err(LoadError::File)?;
        let staged = self
            .loader
            .stage(
                table,
                Load {
                    key: claim.staging_key(claim.attempt),
                    columns: inspection.columns,
                    mode,
                    file_name: file_name.to_owned(),
                },
                read(key.clone()).await?,
                &|_| async {}.boxed(),
            )
            .await?;
        let mut tx = self.store.begin().await?;
        let finished = self.loader.now();
        let claimed: u64 = backends::in_transaction!(&mut tx, conn => {
            sqlx::query(
                "UPDATE datafile_registry SET state = 'processed', rows_loaded = $1, finished_at = $2, \
                 updated_timestamp = $2, error_message = NULL \
                 WHERE id = $3 AND state = 'processing' AND attempt = $4",
            )
            .bind(staged.rows as i64)
            .bind(finished)
            .bind(claim.id)
            .bind(claim.attempt)
            .execute(conn)
            .await?
            .rows_affected()
        });
        if claimed != 1 {
            // A later attempt holds it, or finished it first.
            tx.rollback().await?;
            self.loader.discard(&staged).await;
            return Ok(None);
        }
        match self.loader.publish_in(&mut tx, &staged).await {
            Ok(_) => {
                tx.commit().await?;
                Ok(Some(staged.rows))
            }
            Err(error) => {
                tx.rollback().await?;
                self.loader.discard(&staged).await;
                Err(error)
            }
        }
    }

    /// The registry's row for the file, marked `processing` by a new attempt; none if it is
    /// processed or ignored.
    async fn claim(&self, source: &str, file_name: &str) -> Result<Option<Claim>, StoreError> {
        let now = self.loader.now();
        let claimed: Option<(i64, i32)> = on_pool!(&self.store.pool(), pool => {
            sqlx::query_as(
                "INSERT INTO datafile_registry (source, file_name, state, started_at, created_timestamp, attempt) \
                 VALUES ($1, $2, 'processing', $3, $3, 1) \
                 ON CONFLICT (source, file_name) WHERE file_name IS NOT NULL DO UPDATE SET \
                 state = 'processing', started_at = $3, updated_timestamp = $3, \
                 attempt = datafile_registry.attempt + 1 \
                 WHERE datafile_registry.state NOT IN ('processed', 'ignored') RETURNING id, attempt",
            )
            .bind(source)
            .bind(file_name)
            .bind(now)
            .fetch_optional(pool)
            .await?
        });
        Ok(claimed.map(|(id, attempt)| Claim { id, attempt }))
    }

    /// The file's latest attempt.
    async fn attempt_of(&self, id: i64) -> Result<Option<i32>, StoreError> {
        Ok(on_pool!(&self.store.pool(), pool => {
            sqlx::query_scalar("SELECT attempt FROM datafile_registry WHERE id = $1")
                .bind(id)
                .fetch_optional(pool)
                .await?
        }))
    }

    async fn registry_failed(&self, claim: Claim, message: &str) -> Result<(), StoreError> {
        let now = self.loader.now();
        on_pool!(&self.store.pool(), pool => {
            sqlx::query(
                "UPDATE datafile_registry SET state = 'failed', error_message = $1, finished_at = $2, \
                 updated_timestamp = $2 WHERE id = $3 AND state = 'processing' AND attempt = $4",
            )
            .bind(message)
            .bind(now)
            .bind(claim.id)
            .bind(claim.attempt)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// The registry's rows for `source`, newest first: what was loaded, when, and what failed.
    pub async fn registry(&self, source: &str) -> Result<Vec<RegistryEntry>, StoreError> {
        let rows = on_pool!(&self.store.pool(), pool => {
            sqlx::query_as(
                "SELECT file_name, state, error_message, rows_loaded, finished_at FROM datafile_registry \
                 WHERE source = $1 ORDER BY created_timestamp DESC, id DESC",
            )
            .bind(source)
            .fetch_all(pool)
            .await?
        });
        Ok(rows)
    }
}

/// A file in the registry.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct RegistryEntry {
    pub file_name: Option<String>,
    pub state: String,
    pub error_message: Option<String>,
    pub rows_loaded: Option<i64>,
    pub finished_at: Option<DateTime<Utc>>,
}

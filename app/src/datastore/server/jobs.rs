//! The data store's jobs: `datastore.process` loads an upload's version (B.3 step 5),
//! `datastore.ingest` loads a source's files not yet loaded (B.2; sent by a pull that fetched
//! one), and `datastore.stuck`, hourly, fails uploads that have been verified or processing for
//! 24 hours. (`datastore.pull` is `super::pull`'s.)
use backends::jobs::{JobContext, JobError, JobKind, JobRegistry, JobSpec, QueueError, Schedule};
use backends::Backends;
use serde::{Deserialize, Serialize};

use super::processing::{Processing, ProcessingError};
use super::pull::IngestSource;
use super::versions::Versions;
use crate::datastore::names::DatasetName;
use crate::datastore::sources::Sources;

/// Load one version into its dataset's table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcessVersion {
    pub version: String,
}

impl JobKind for ProcessVersion {
    const KIND: &'static str = "datastore.process";
}

/// The job for `version`, keyed so one version is never loaded by two jobs at once.
pub fn process_job(version: &str) -> Result<JobSpec, QueueError> {
    Ok(JobSpec::new(&ProcessVersion {
        version: version.to_owned(),
    })?
    .dedupe_key(format!("datastore.process:{version}")))
}

/// Fail the uploads nobody finished.
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
pub struct FailStuckUploads {}

impl JobKind for FailStuckUploads {
    const KIND: &'static str = "datastore.stuck";
}

fn retry(error: ProcessingError) -> JobError {
    JobError::retryable(error)
}

pub fn register(registry: JobRegistry, backends: &Backends, sources: &Sources) -> JobRegistry {
    let processing = Processing::of(backends);
    let ingesting = processing.clone();
    let versions = Versions::of(backends);
    let sources = sources.clone();
    registry
        .register(move |_: JobContext, job: ProcessVersion| {
            let processing = processing.clone();
            async move {
                processing
                    .process_version(&job.version)
                    .await
                    .map_err(retry)
            }
        })
        .register(move |_: JobContext, job: IngestSource| {
            let processing = ingesting.clone();
            let source = sources.find(&job.source).map(|source| {
                (
                    DatasetName::from_schema(&source.id().to_string()),
                    source.mode().into(),
                )
            });
            async move {
                let Some((Some(name), mode)) = source else {
                    return Err(JobError::permanent(format!(
                        "no source {} is configured",
                        job.source
                    )));
                };
                let ingested = processing.ingest_source(&name, mode).await.map_err(retry)?;
                tracing::info!(
                    source = job.source,
                    loaded = ingested.loaded.len(),
                    failed = ingested.failed.len(),
                    "source files ingested"
                );
                Ok(())
            }
        })
        .register(move |_: JobContext, _: FailStuckUploads| {
            let versions = versions.clone();
            async move {
                let failed = versions.fail_stuck().await.map_err(JobError::retryable)?;
                if failed > 0 {
                    tracing::warn!(failed, "uploads failed after 24 hours unfinished");
                }
                Ok(())
            }
        })
}

pub fn schedules() -> Vec<Schedule> {
    vec![Schedule::new("datastore.stuck", "17 * * * *", |period| {
        Ok(JobSpec::new(&FailStuckUploads {})?.dedupe_key(format!("datastore.stuck:{period}")))
    })
    .expect("a valid cron expression")]
}

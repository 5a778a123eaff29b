//! Pulling the data store's sources (other-systems B.1): a source's listing page is read, its
//! newest file chosen, the files already stored under `datasets/<organisation>/<dataset>/` listed,
//! and, when the rule of [`Source::plan`] says so, the file is streamed from the source into the
//! object store, its size limited and its SHA-256 worked out as it passes. Every pull is recorded
//! ([`SourcePulls`]); a fetched file's record and its `datastore.ingest` job are written in one
//! transaction, so a file recorded as fetched is always handed to the loader.
//!
//! The job `datastore.pull` (body `{"source": id}`, or `{"source": null}` for every source) pulls
//! one source, or sends one job per source: each source's job is keyed by the source, so two
//! pulls of a source never run at once, and a failing source holds none of the others up. The
//! scheduler sends the every-source job nightly at 02:00 UTC; `server datastore pull` pulls at
//! once.
use std::io;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use backends::jobs::{
    JobContext, JobError, JobKind, JobQueue, JobRegistry, JobSpec, QueueError, Schedule,
};
use backends::objects::{BodyStream, InvalidKey, ObjectError, ObjectKey, ObjectStore, PutOptions};
use backends::store::StoreError;
use backends::Backends;
use bytes::Bytes;
use futures::{StreamExt, TryStreamExt};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::pulls::{FetchedFile, PullOutcome, PullRecord, SourcePulls};
use crate::datastore::sources::{Link, ListingError, Plan, Source, SourceId, Sources};

/// Pull one configured source (`source`), or every one (`None`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PullSources {
    pub source: Option<String>,
}

impl JobKind for PullSources {
    const KIND: &'static str = "datastore.pull";
}

/// Load the files of a source not yet loaded (other-systems B.2); sent after a pull stored one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IngestSource {
    pub source: String,
}

impl JobKind for IngestSource {
    const KIND: &'static str = "datastore.ingest";
}

/// How long a listing page may take to arrive.
const LISTING_TIMEOUT: Duration = Duration::from_secs(60);
/// A listing page larger than this is not a listing page.
const MAX_LISTING_BYTES: usize = 5 * 1024 * 1024;
/// How long a download may take in all: a file of a few hundred megabytes over a slow link.
const DOWNLOAD_TIMEOUT: Duration = Duration::from_secs(2 * 60 * 60);
/// How long a connection may stay silent, while connecting or during a download.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(30);
const READ_TIMEOUT: Duration = Duration::from_secs(120);
/// A failing pull is tried this many times in all by its job (a source briefly down); every try
/// is recorded.
const PULL_ATTEMPTS: i32 = 3;

/// The object metadata that says where a stored file came from.
pub const SOURCE_URL_METADATA: &str = "source-url";

/// Why one pull failed; recorded as the pull's error.
#[derive(Debug, thiserror::Error)]
pub enum PullError {
    #[error("fetching {url}: {message}")]
    Http { url: String, message: String },
    #[error("{url} answered {status}")]
    Status { url: String, status: u16 },
    #[error("the listing page {url} is larger than {MAX_LISTING_BYTES} bytes")]
    ListingTooLarge { url: String },
    #[error(transparent)]
    Listing(#[from] ListingError),
    #[error("{url} is larger than the source's limit of {limit} bytes")]
    TooLarge { url: String, limit: u64 },
    #[error("the file's object key: {0}")]
    Key(#[from] InvalidKey),
    #[error("the object store: {0}")]
    Objects(#[from] ObjectError),
}

impl PullError {
    fn http(url: &str, error: &reqwest::Error) -> Self {
        // reqwest's own words stop at the outermost cause ("error sending request"); the inner
        // ones say what went wrong (refused, timed out, a certificate).
        let mut message = error.to_string();
        let mut cause = std::error::Error::source(error);
        while let Some(inner) = cause {
            message = format!("{message}: {inner}");
            cause = inner.source();
        }
        PullError::Http {
            url: url.to_owned(),
            message,
        }
    }
}

/// A pull that could not be recorded (the database), or whose ingest job could not be sent.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error("recording the pull: {0}")]
    Store(#[from] StoreError),
    #[error("sending the file to be loaded: {0}")]
    Queue(#[from] QueueError),
}

/// What a pull did, before it is recorded.
enum Pulled {
    Fetched(FetchedFile),
    UpToDate { newest_stored: String },
}

/// A failed pull: why, and the file it was fetching (stored name, URL) if it got that far.
struct Failure {
    file: Option<(String, String)>,
    error: PullError,
}

impl From<PullError> for Failure {
    fn from(error: PullError) -> Self {
        Failure { file: None, error }
    }
}

/// Pulls the configured sources. Cheap to clone.
#[derive(Clone)]
pub struct Puller {
    sources: Arc<Sources>,
    objects: Arc<dyn ObjectStore>,
    jobs: JobQueue,
    pulls: SourcePulls,
    http: reqwest::Client,
}

impl Puller {
    pub fn new(backends: &Backends, sources: Sources) -> Result<Self, reqwest::Error> {
        let http = reqwest::Client::builder()
            .user_agent(concat!("datastore-downloader/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(CONNECT_TIMEOUT)
            .read_timeout(READ_TIMEOUT)
            .build()?;
        Ok(Puller {
            sources: Arc::new(sources),
            objects: backends.objects.clone(),
            jobs: backends.jobs.clone(),
            pulls: SourcePulls::of(backends),
            http,
        })
    }

    pub fn sources(&self) -> &Sources {
        &self.sources
    }

    /// Pulls `source` now and records how it went: fetched (with the file's ingest job), up to
    /// date, or failed (logged too). Only recording can fail.
    pub async fn pull(&self, source: &Source) -> Result<PullRecord, RecordError> {
        let clock = self.jobs.clock();
        let started_at = clock.now();
        let pulled = self.fetch_if_due(source).await;
        let times = (started_at, clock.now());
        let id = source.id();
        match pulled {
            Ok(Pulled::Fetched(file)) => {
                let record = PullRecord::fetched(id, times, &file);
                if let Err(error) = self.record_fetched(&record).await {
                    // Kept, the file would make the next pull find the store up to date and
                    // the loader would never hear of it: it is fetched again instead.
                    if let Ok(key) = ObjectKey::new(id.object_key(&file.file_name)) {
                        if let Err(deleting) = self.objects.delete(&key).await {
                            tracing::error!(source = %id, error = %deleting, "an unrecorded file is left in the store");
                        }
                    }
                    return Err(error);
                }
                tracing::info!(source = %id, file = %file.file_name, bytes = file.bytes, "datastore source fetched");
                Ok(record)
            }
            Ok(Pulled::UpToDate { newest_stored }) => {
                tracing::info!(source = %id, newest_stored = %newest_stored, "datastore source up to date");
                let record = PullRecord::up_to_date(id, times, newest_stored);
                self.pulls.record(&record).await?;
                Ok(record)
            }
            Err(Failure { file, error }) => {
                tracing::warn!(source = %id, %error, "datastore source pull failed");
                let record = PullRecord::failed(id, times, file, error.to_string());
                self.pulls.record(&record).await?;
                Ok(record)
            }
        }
    }

    /// Pulls every source, one after another; one failing does not stop the others.
    pub async fn pull_all(&self) -> Vec<(SourceId, Result<PullRecord, RecordError>)> {
        let mut pulled = Vec::new();
        for source in self.sources.iter() {
            pulled.push((source.id().clone(), self.pull(source).await));
        }
        pulled
    }

    async fn record_fetched(&self, record: &PullRecord) -> Result<(), RecordError> {
        let mut tx = self.jobs.begin().await?;
        self.pulls.record_in(&mut tx, record).await?;
        let ingest = IngestSource {
            source: record.source.clone(),
        };
        self.jobs
            .enqueue_in(&mut tx, &JobSpec::new(&ingest)?)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn fetch_if_due(&self, source: &Source) -> Result<Pulled, Failure> {
        let listing = self.listing(source).await?;
        let stored = self
            .objects
            .list(&source.id().storage_prefix())
            .await
            .map_err(PullError::from)?;
        let plan = source
            .plan(&listing, stored.iter().map(|object| object.key.as_str()))
            .map_err(PullError::from)?;
        match plan {
            Plan::UpToDate { newest_stored } => Ok(Pulled::UpToDate { newest_stored }),
            Plan::Fetch(link) => {
                let file = (source.stored_name(link.date), link.url.to_string());
                self.download(source, &link)
                    .await
                    .map(Pulled::Fetched)
                    .map_err(|error| Failure {
                        file: Some(file),
                        error,
                    })
            }
        }
    }

    /// The listing page's text, read up to [`MAX_LISTING_BYTES`].
    async fn listing(&self, source: &Source) -> Result<String, PullError> {
        let url = source.listing_url().as_str();
        let mut response = self
            .http
            .get(source.listing_url().clone())
            .timeout(LISTING_TIMEOUT)
            .send()
            .await
            .map_err(|error| PullError::http(url, &error))?;
        check_status(url, &response)?;
        let mut page = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|error| PullError::http(url, &error))?
        {
            if page.len() + chunk.len() > MAX_LISTING_BYTES {
                return Err(PullError::ListingTooLarge {
                    url: url.to_owned(),
                });
            }
            page.extend_from_slice(&chunk);
        }
        Ok(String::from_utf8_lossy(&page).into_owned())
    }

    /// Streams the file at `link` into the store under its stored name, counting and hashing it
    /// on the way; refused (and nothing stored) beyond the source's size limit.
    async fn download(&self, source: &Source, link: &Link) -> Result<FetchedFile, PullError> {
        let url = link.url.as_str();
        let key = ObjectKey::new(source.object_key(link.date))?;
        let limit = source.max_bytes();
        let response = self
            .http
            .get(link.url.clone())
            .timeout(DOWNLOAD_TIMEOUT)
            .send()
            .await
            .map_err(|error| PullError::http(url, &error))?;
        check_status(url, &response)?;
        let too_large = || PullError::TooLarge {
            url: url.to_owned(),
            limit,
        };
        if response
            .content_length()
            .is_some_and(|length| length > limit)
        {
            return Err(too_large());
        }
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .map(str::trim)
            .filter(|value| (1..=255).contains(&value.len()))
            .unwrap_or("application/octet-stream")
            .to_owned();
        let tally = Arc::new(Mutex::new(Tally::default()));
        let body = counted(response, limit, tally.clone());
        let options = PutOptions::new(content_type).with_metadata(SOURCE_URL_METADATA, url);
        let stored = self.objects.put(&key, body, options).await;
        let tally = std::mem::take(&mut *tally.lock().unwrap_or_else(PoisonError::into_inner));
        match stored {
            Ok(()) => Ok(FetchedFile {
                file_name: source.stored_name(link.date),
                url: url.to_owned(),
                bytes: tally.bytes,
                sha256: hex::encode(tally.sha256.finalize()),
            }),
            Err(_) if tally.over_limit => Err(too_large()),
            Err(ObjectError::Body(error)) => Err(PullError::Http {
                url: url.to_owned(),
                message: error.to_string(),
            }),
            Err(error) => Err(error.into()),
        }
    }

    /// Runs one `datastore.pull` job.
    async fn run(&self, context: JobContext, job: PullSources) -> Result<(), JobError> {
        let Some(id) = job.source else {
            for source in self.sources.iter() {
                let job = pull_job(Some(source.id())).map_err(JobError::permanent)?;
                self.jobs.enqueue(&job).await.map_err(JobError::retryable)?;
            }
            return Ok(());
        };
        let source = self.sources.find(&id).ok_or_else(|| {
            JobError::permanent(format!("no datastore source {id:?} is configured"))
        })?;
        let record = tokio::select! {
            record = self.pull(source) => record.map_err(JobError::retryable)?,
            () = context.cancelled.cancelled() => {
                // A worker that lost the lease must stop: another may be pulling the source now.
                return Err(JobError::retryable("the pull was stopped before it finished"));
            }
        };
        match (record.outcome, record.error) {
            (PullOutcome::Failed, Some(error)) => Err(JobError::retryable(error)),
            _ => Ok(()),
        }
    }
}

/// A `datastore.pull` job: of one source, keyed by it so its pulls never overlap; or of every
/// source, keyed so only one such job waits at a time.
pub fn pull_job(source: Option<&SourceId>) -> Result<JobSpec, QueueError> {
    let job = PullSources {
        source: source.map(SourceId::to_string),
    };
    let key = match &job.source {
        Some(id) => format!("{}:{id}", PullSources::KIND),
        // Ids have a dot, so no source's key is this one.
        None => format!("{}:all", PullSources::KIND),
    };
    Ok(JobSpec::new(&job)?
        .dedupe_key(key)
        .max_attempts(PULL_ATTEMPTS))
}

/// Refuses an answer that is not a success: its body is an error page, not the file.
fn check_status(url: &str, response: &reqwest::Response) -> Result<(), PullError> {
    if response.status().is_success() {
        Ok(())
    } else {
        Err(PullError::Status {
            url: url.to_owned(),
            status: response.status().as_u16(),
        })
    }
}

/// What has streamed through so far.
#[derive(Default)]
struct Tally {
    bytes: u64,
    sha256: Sha256,
    over_limit: bool,
}

/// The response's body as the store takes it, counted and hashed; it fails (so the store keeps
/// nothing) once more than `limit` bytes have come.
fn counted(response: reqwest::Response, limit: u64, tally: Arc<Mutex<Tally>>) -> BodyStream {
    futures::stream::try_unfold(response, |mut response| async move {
        Ok::<_, reqwest::Error>(response.chunk().await?.map(|chunk| (chunk, response)))
    })
    .map_err(io::Error::other)
    .map(move |chunk: io::Result<Bytes>| {
        let chunk = chunk?;
        let mut tally = tally.lock().unwrap_or_else(PoisonError::into_inner);
        tally.bytes += chunk.len() as u64;
        if tally.bytes > limit {
            tally.over_limit = true;
            return Err(io::Error::other(format!("more than {limit} bytes")));
        }
        tally.sha256.update(&chunk);
        Ok(chunk)
    })
    .boxed()
}

/// Registers `datastore.pull` for `sources`.
pub fn register(registry: JobRegistry, backends: &Backends, sources: &Sources) -> JobRegistry {
    match Puller::new(backends, sources.clone()) {
        Ok(puller) => registry.register(move |context: JobContext, job: PullSources| {
            let puller = puller.clone();
            async move { puller.run(context, job).await }
        }),
        Err(error) => {
            // No HTTP client (its TLS could not start): pulls fail, saying why, and the rest of
            // the app runs.
            tracing::error!(%error, "datastore sources cannot be pulled");
            let reason = format!("no HTTP client for datastore sources: {error}");
            registry.register(move |_: JobContext, _: PullSources| {
                let reason = reason.clone();
                async move { Err(JobError::permanent(reason)) }
            })
        }
    }
}

pub fn schedules() -> Vec<Schedule> {
    vec![
        Schedule::new("datastore.pull", "0 2 * * *", |_| pull_job(None))
            .expect("a valid cron expression"),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jobs_are_keyed_by_their_source() {
        let id: SourceId = "hmrc.exporters".parse().unwrap();
        let one = pull_job(Some(&id)).unwrap();
        assert_eq!(one.payload, serde_json::json!({"source": "hmrc.exporters"}));
        assert_eq!(
            one.dedupe_key.as_deref(),
            Some("datastore.pull:hmrc.exporters")
        );
        let all = pull_job(None).unwrap();
        assert_eq!(all.payload, serde_json::json!({"source": null}));
        assert_eq!(all.dedupe_key.as_deref(), Some("datastore.pull:all"));
    }

    #[test]
    fn the_ingest_body_names_the_source() {
        let body = serde_json::to_value(IngestSource {
            source: "hmrc.exporters".to_owned(),
        })
        .unwrap();
        assert_eq!(body, serde_json::json!({"source": "hmrc.exporters"}));
        assert_eq!(IngestSource::KIND, "datastore.ingest");
    }
}

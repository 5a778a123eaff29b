//! The export (other-systems C.6): once the transfer is confirmed, `transfer.export` packs the
//! consignment as a BagIt bag (`transfer::bag`) in a deterministic `.tar.gz`, stores it and its
//! `.sha256` in the object store, and records where (`updateExportData`, `Export` Completed). A
//! bag that cannot be made (a checksum that does not match, a check result missing) is recorded
//! as failed, with the reason; a store that cannot be reached is tried again.
//!
//! Exporting a consignment again gives the same bytes: the export's time is recorded before the
//! first export and used by every later one.
use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use backends::jobs::{JobContext, JobError, JobKind, JobRegistry, JobSpec, QueueError};
use backends::objects::{ObjectKey, ObjectStore, PutOptions};
use backends::{in_transaction, on_pool, Backends};
use chrono::{DateTime, Utc};
use futures::{StreamExt, TryStreamExt};
use serde::{Deserialize, Serialize};

use super::consignments::{Caller, Consignment};
use super::files::{FileEntry, TransferFile, CLIENT_LAST_MODIFIED};
use super::{TransferError, Transfers};
use crate::transfer::bag::{
    self, AvResult, BagError, BagFile, BagFileKind, BagInfo, FfidMatch, FfidResult, PayloadFile,
};
use crate::transfer::ids::{ConsignmentId, FileId};
use crate::transfer::status::{ConsignmentStatusType, ConsignmentStatusValue};

/// The version the bags name as their creator (`Bag-Creator: TDRExportv<version>`) and the export
/// records.
pub const EXPORT_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Export one consignment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportConsignment {
    pub consignment: ConsignmentId,
}

impl JobKind for ExportConsignment {
    const KIND: &'static str = "transfer.export";
}

pub fn export_job(consignment: &ConsignmentId) -> Result<JobSpec, QueueError> {
    Ok(JobSpec::new(&ExportConsignment {
        consignment: consignment.clone(),
    })?
    .dedupe_key(format!("transfer.export:{consignment}")))
}

/// The name a consignment's bag is saved under: `<reference>.tar.gz`.
pub fn bag_file_name(reference: &impl std::fmt::Display) -> String {
    format!("{reference}.tar.gz")
}

/// Where a consignment's bag is stored.
pub fn export_key(reference: &str) -> ObjectKey {
    ObjectKey::new(format!("transfer/export/{}", bag_file_name(&reference)))
        .expect("references make safe object keys")
}

/// Where its checksum file is stored.
pub fn export_checksum_key(reference: &str) -> ObjectKey {
    ObjectKey::new(format!(
        "transfer/export/{}.sha256",
        bag_file_name(&reference)
    ))
    .expect("references make safe object keys")
}

#[derive(Debug, thiserror::Error)]
enum ExportError {
    /// The bag cannot be made from what is recorded: trying again will not help.
    #[error(transparent)]
    Bag(#[from] BagError),
    #[error(transparent)]
    Transfer(#[from] TransferError),
    #[error(transparent)]
    Objects(#[from] backends::objects::ObjectError),
    #[error("{0}")]
    Io(#[from] io::Error),
    #[error("the bytes of {0} are missing from the object store")]
    BytesMissing(String),
}

/// What the export of a consignment made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exported {
    pub key: ObjectKey,
    pub sha256: String,
    pub size: u64,
}

impl Transfers {
    /// The export's time: recorded the first time, the same ever after.
    async fn export_time(&self, consignment: &Consignment) -> Result<DateTime<Utc>, TransferError> {
        if let Some(at) = consignment.export_at {
            return Ok(at);
        }
        let now = self.clock.now();
        on_pool!(&self.pool, pool => {
            sqlx::query("UPDATE consignments SET export_at = $2 WHERE id = $1 AND export_at IS NULL")
                .bind(consignment.id.as_str())
                .bind(now)
                .execute(pool)
                .await?;
        });
        let again = self.consignment(&Caller::Service, &consignment.id).await?;
        Ok(again.export_at.unwrap_or(now))
    }

    /// The antivirus and file format results of the consignment's files.
    async fn check_results(
        &self,
        consignment: &ConsignmentId,
    ) -> Result<(BTreeMap<String, AvResult>, BTreeMap<String, FfidResult>), TransferError> {
        let av: Vec<(String, String, String)> = on_pool!(&self.pool, pool => {
            sqlx::query_as(
                "SELECT a.file_id, a.software, a.software_version FROM antivirus_metadata a \
                 JOIN transfer_files f ON f.id = a.file_id WHERE f.consignment_id = $1",
            )
            .bind(consignment.as_str())
            .fetch_all(pool)
            .await?
        });
        let ffid: Vec<(String, String, String, String, String)> = on_pool!(&self.pool, pool => {
            sqlx::query_as(
                "SELECT m.file_id, m.software, m.software_version, m.binary_signature_file_version, \
                 m.container_signature_file_version FROM ffid_metadata m \
                 JOIN transfer_files f ON f.id = m.file_id WHERE f.consignment_id = $1",
            )
            .bind(consignment.as_str())
            .fetch_all(pool)
            .await?
        });
        type MatchRow = (String, Option<String>, Option<String>, String, bool);
        let matches: Vec<MatchRow> = on_pool!(&self.pool, pool => {
            sqlx::query_as(
                "SELECT m.file_id, m.extension, m.puid, m.format_name, m.extension_mismatch \
                 FROM ffid_matches m JOIN transfer_files f ON f.id = m.file_id \
                 WHERE f.consignment_id = $1 ORDER BY m.file_id, m.position",
            )
            .bind(consignment.as_str())
            .fetch_all(pool)
            .await?
        });
        let av = av
            .into_iter()
            .map(|(file, software, software_version)| {
                (
                    file,
                    AvResult {
                        software,
                        software_version,
                    },
                )
            })
            .collect();
        let mut ffid: BTreeMap<String, FfidResult> = ffid
            .into_iter()
            .map(|(file, software, software_version, binary, container)| {
                (
                    file,
                    FfidResult {
                        software,
                        software_version,
                        binary_signature_file_version: binary,
                        container_signature_file_version: container,
                        matches: Vec::new(),
                    },
                )
            })
            .collect();
        for (file, extension, puid, format_name, extension_mismatch) in matches {
            if let Some(result) = ffid.get_mut(&file) {
                result.matches.push(FfidMatch {
                    extension,
                    puid,
                    format_name: Some(format_name),
                    extension_mismatch: Some(extension_mismatch),
                });
            }
        }
        Ok((av, ffid))
    }

    /// The export job's `updateExportData`, and `Export` Completed.
    async fn record_export(
        &self,
        consignment: &ConsignmentId,
        location: &str,
    ) -> Result<(), TransferError> {
        self.record_export_data(consignment, location, EXPORT_VERSION, None)
            .await
    }

    /// `updateExportData` from a service client that exported the consignment itself: where the
    /// bag is, which version made it and when (else the time already recorded, else now), and
    /// `Export` Completed. Refused unless the transfer has been confirmed: until then there is
    /// nothing to export.
    pub async fn update_export_data(
        &self,
        consignment: &ConsignmentId,
        location: &str,
        exported_at: Option<DateTime<Utc>>,
        version: &str,
    ) -> Result<(), TransferError> {
        self.consignment(&Caller::Service, consignment).await?;
        let confirmed = self
            .progress(consignment)
            .await?
            .value(ConsignmentStatusType::ConfirmTransfer)
            == Some(ConsignmentStatusValue::Completed);
        if !confirmed {
            return Err(TransferError::Refused(
                "The transfer has not been confirmed, so it cannot have been exported".to_owned(),
            ));
        }
        self.record_export_data(consignment, location, version, exported_at)
            .await
    }

    async fn record_export_data(
        &self,
        consignment: &ConsignmentId,
        location: &str,
        version: &str,
        exported_at: Option<DateTime<Utc>>,
    ) -> Result<(), TransferError> {
        let now = self.clock.now();
        let mut tx = self.pool.begin().await?;
        in_transaction!(&mut tx, conn => {
            sqlx::query(
                "UPDATE consignments SET export_location = $2, export_version = $3, \
                 export_failure = NULL, export_at = COALESCE($4, export_at, $5) WHERE id = $1",
            )
            .bind(consignment.as_str())
            .bind(location)
            .bind(version)
            .bind(exported_at)
            .bind(now)
            .execute(conn)
            .await?;
        });
        self.set_status_in(
            &mut tx,
            consignment,
            ConsignmentStatusType::Export,
            ConsignmentStatusValue::Completed,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The export failed for good: why, and `Export` Failed.
    async fn record_export_failure(
        &self,
        consignment: &ConsignmentId,
        reason: &str,
    ) -> Result<(), TransferError> {
        let mut tx = self.pool.begin().await?;
        in_transaction!(&mut tx, conn => {
            sqlx::query("UPDATE consignments SET export_failure = $2 WHERE id = $1")
                .bind(consignment.as_str())
                .bind(reason)
                .execute(conn)
                .await?;
        });
        self.set_status_in(
            &mut tx,
            consignment,
            ConsignmentStatusType::Export,
            ConsignmentStatusValue::Failed,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Exports the consignment: packs its bag and stores it and its checksum.
pub async fn export(backends: &Backends, id: &ConsignmentId) -> Result<Exported, ExportFailure> {
    let transfers = Transfers::of(backends);
    match export_bag(&transfers, backends.objects.as_ref(), id).await {
        Ok(exported) => {
            transfers
                .record_export(id, exported.key.as_str())
                .await
                .map_err(|error| ExportFailure::Retry(error.to_string()))?;
            Ok(exported)
        }
        Err(ExportError::Bag(error)) => {
            let reason = error.to_string();
            transfers
                .record_export_failure(id, &reason)
                .await
                .map_err(|error| ExportFailure::Retry(error.to_string()))?;
            Err(ExportFailure::Refused(reason))
        }
        Err(error) => Err(ExportFailure::Retry(error.to_string())),
    }
}

/// Why an export did not happen.
#[derive(Debug, thiserror::Error)]
pub enum ExportFailure {
    /// The bag cannot be made; recorded on the consignment.
    #[error("{0}")]
    Refused(String),
    /// Worth trying again.
    #[error("{0}")]
    Retry(String),
}

async fn export_bag(
    transfers: &Transfers,
    objects: &dyn ObjectStore,
    id: &ConsignmentId,
) -> Result<Exported, ExportError> {
    let consignment = transfers.consignment(&Caller::Service, id).await?;
    let exported_at = transfers.export_time(&consignment).await?;
    let files = transfers.files(id).await?;
    let (av, ffid) = transfers.check_results(id).await?;
    let info = BagInfo {
        reference: consignment.reference.to_string(),
        series: consignment
            .series
            .as_ref()
            .map(|series| series.code.clone()),
        body_name: consignment.body.name.clone(),
        consignment_type: consignment.consignment_type,
        include_top_level_folder: consignment.include_top_level_folder,
        started_at: Some(consignment.created_at),
        completed_at: consignment.transfer_initiated_at,
        exported_at,
        contact_name: consignment.contact_name.clone().unwrap_or_default(),
        contact_email: consignment.contact_email.clone().unwrap_or_default(),
        bag_creator_version: EXPORT_VERSION.to_owned(),
        metadata_schema_library_version: None,
    };
    let references: BTreeMap<&FileId, &str> = files
        .iter()
        .map(|file| (&file.id, file.reference.as_str()))
        .collect();
    let bag_files: Vec<BagFile> = files
        .iter()
        .map(|file| bag_file(file, &references, &av, &ffid))
        .collect();

    // The payload is copied from the object store to disk first: packing reads each file twice
    // (to check its checksum, then into the archive), and runs on a blocking thread.
    let work = tempfile::tempdir()?;
    let payload_dir = work.path().join("payload");
    tokio::fs::create_dir_all(&payload_dir).await?;
    for file in files.iter().filter(|file| file.entry == FileEntry::File) {
        let object = objects
            .get(&file.upload_key())
            .await?
            .ok_or_else(|| ExportError::BytesMissing(file.original_path.to_string()))?;
        let mut copy = tokio::fs::File::create(payload_dir.join(file.id.as_str())).await?;
        let mut body = object.body;
        while let Some(chunk) = body.try_next().await? {
            tokio::io::AsyncWriteExt::write_all(&mut copy, &chunk).await?;
        }
        tokio::io::AsyncWriteExt::flush(&mut copy).await?;
    }
    let archive = work.path().join("bag.tar.gz");
    let packed = {
        let archive = archive.clone();
        tokio::task::spawn_blocking(move || pack_to(&info, &bag_files, &payload_dir, &archive))
            .await
            .map_err(io::Error::other)??
    };

    let key = export_key(consignment.reference.as_str());
    let size = tokio::fs::metadata(&archive).await?.len();
    let body = tokio_util::io::ReaderStream::new(tokio::fs::File::open(&archive).await?).boxed();
    objects
        .put(
            &key,
            body,
            PutOptions::new("application/gzip").download_as(bag_file_name(&consignment.reference)),
        )
        .await?;
    objects
        .put(
            &export_checksum_key(consignment.reference.as_str()),
            backends::objects::body_from_bytes(packed.sha256_line.clone()),
            PutOptions::new("text/plain")
                .download_as(format!("{}.sha256", bag_file_name(&consignment.reference))),
        )
        .await?;
    Ok(Exported {
        key,
        sha256: packed.sha256_hex,
        size,
    })
}

fn pack_to(
    info: &BagInfo,
    files: &[BagFile],
    payload_dir: &Path,
    archive: &PathBuf,
) -> Result<bag::PackedBag, ExportError> {
    let out = io::BufWriter::new(std::fs::File::create(archive)?);
    let packed = bag::pack(
        info,
        files,
        |file| std::fs::File::open(payload_dir.join(file.id.as_str())).map(io::BufReader::new),
        out,
    )?;
    Ok(packed)
}

fn bag_file(
    file: &TransferFile,
    references: &BTreeMap<&FileId, &str>,
    av: &BTreeMap<String, AvResult>,
    ffid: &BTreeMap<String, FfidResult>,
) -> BagFile {
    let kind = match file.entry {
        FileEntry::Folder => BagFileKind::Folder,
        FileEntry::File => BagFileKind::File(Box::new(PayloadFile {
            size: file.client_size().unwrap_or_default(),
            last_modified: file
                .metadata
                .get(CLIENT_LAST_MODIFIED)
                .and_then(|at| DateTime::parse_from_rfc3339(at).ok())
                .map(|at| at.with_timezone(&Utc))
                .unwrap_or_default(),
            client_sha256: file.client_checksum().map(str::to_owned),
            properties: file.metadata.clone(),
            av: av.get(file.id.as_str()).cloned(),
            ffid: ffid.get(file.id.as_str()).cloned(),
        })),
    };
    BagFile {
        id: file.id.clone(),
        reference: file.reference.clone(),
        path: file.original_path.to_string(),
        parent_reference: file
            .parent_id
            .as_ref()
            .and_then(|parent| references.get(parent))
            .map(|reference| (*reference).to_owned()),
        kind,
    }
}

pub fn register(registry: JobRegistry, backends: &Backends) -> JobRegistry {
    let backends = backends.clone();
    registry.register(move |_: JobContext, job: ExportConsignment| {
        let backends = backends.clone();
        async move {
            match export(&backends, &job.consignment).await {
                Ok(exported) => {
                    tracing::info!(consignment = %job.consignment, key = %exported.key.as_str(), size = exported.size, "consignment exported");
                    Ok(())
                }
                Err(ExportFailure::Refused(reason)) => Err(JobError::permanent(reason)),
                Err(ExportFailure::Retry(reason)) => Err(JobError::retryable(reason)),
            }
        }
    })
}

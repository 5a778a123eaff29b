//! The three checks every uploaded file goes through (other-systems C.4), each a job of its own
//! so the worker pool runs a file's three at once: antivirus (the configured scanner: clamd in
//! production), the server's SHA-256 against the browser's, and file format identification to
//! PRONOM PUIDs. Each records its metadata and statuses in one transaction, with the time it ran,
//! and when a check has a status for every file its consignment status completes.
//!
//! A check is safe to run twice: one that finds its status already recorded (a worker died after
//! committing) does nothing more; one killed part-way recorded nothing and runs again.
//!
//! Each finding, once committed, is announced on the consignment's fan-out topic
//! ([`checks_topic`]), so a checking page's websocket (on any instance) sends the new counts.
use backends::fanout::{FanOut, Topic};
use backends::jobs::{JobContext, JobError, JobKind, JobRegistry, JobSpec, QueueError};
use backends::objects::{BodyStream, ObjectStore, PutOptions};
use backends::store::StoreTransaction;
use backends::{in_transaction, Backends};
use chrono::{DateTime, Utc};
use futures::TryStreamExt;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::files::{
    quarantine_key, AntivirusRecord, FfidRecord, FileEntry, FilesOf, TransferFile, SERVER_CHECKSUM,
};
use super::{TransferError, Transfers};
use crate::transfer::formats::{self, Identification};
use crate::transfer::ids::{ConsignmentId, FileId};
use crate::transfer::status::{
    Check, CheckProgress, ChecksState, ConsignmentStatusValue, ConsignmentType, FileStatus,
    FileStatusType, FileStatusValue,
};

/// Scan one file for viruses.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScanFile {
    pub file: FileId,
}

impl JobKind for ScanFile {
    const KIND: &'static str = "transfer.antivirus";
}

/// Compute one file's SHA-256 and compare it with the browser's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChecksumFile {
    pub file: FileId,
}

impl JobKind for ChecksumFile {
    const KIND: &'static str = "transfer.checksum";
}

/// Identify one file's format.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentifyFile {
    pub file: FileId,
}

impl JobKind for IdentifyFile {
    const KIND: &'static str = "transfer.ffid";
}

/// How often a check is tried before the file is recorded as having failed it: enough to ride
/// out a scanner restarting, few enough that a file that cannot be checked is soon reported.
pub const CHECK_ATTEMPTS: i32 = 5;

/// The job running `check` on `file`, keyed so one check of a file is queued once.
pub fn check_job(check: Check, file: &FileId) -> Result<JobSpec, QueueError> {
    let file = file.clone();
    let spec = match check {
        Check::Antivirus => JobSpec::new(&ScanFile { file: file.clone() })?,
        Check::Checksum => JobSpec::new(&ChecksumFile { file: file.clone() })?,
        Check::FileFormat => JobSpec::new(&IdentifyFile { file: file.clone() })?,
    };
    Ok(spec
        .max_attempts(CHECK_ATTEMPTS)
        .dedupe_key(format!("transfer.{}:{file}", check.as_str())))
}

/// The fan-out topic a consignment's findings are announced on: `consignment:<id>`.
pub fn checks_topic(consignment: &ConsignmentId) -> Option<Topic> {
    Topic::new(format!("consignment:{consignment}")).ok()
}

/// What is announced on [`checks_topic`] when a check of a file has recorded its finding. Those
/// who listen read the consignment's [`ChecksState`] again; the announcement only says when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingRecorded {
    pub file: FileId,
    pub check: Check,
}

/// What a check found about a file.
enum Finding {
    Antivirus {
        software: String,
        software_version: String,
        database_version: String,
        /// The threats found, one per line; empty when clean.
        result: String,
    },
    Checksum {
        server: String,
        matches: bool,
    },
    FileFormat(Identification),
    /// A file format check a service client ran and reported (`addBulkFFIDMetadata`), with the
    /// status TDR's rules give it.
    ReportedFileFormat {
        report: FfidReport,
        status: FileStatusValue,
    },
    /// The check could not be done, every attempt: the file fails it.
    Failed(Check),
}

/// An antivirus result a service client reports (`addBulkAntivirusMetadata`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AntivirusReport {
    pub file: FileId,
    pub software: String,
    pub software_version: String,
    pub database_version: String,
    /// The threats found, one per line; empty when clean.
    pub result: String,
    pub at: DateTime<Utc>,
}

/// A file format result a service client reports (`addBulkFFIDMetadata`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FfidReport {
    pub file: FileId,
    pub software: String,
    pub software_version: String,
    pub binary_signature_file_version: String,
    pub container_signature_file_version: String,
    pub method: String,
    /// At least one: TDR refuses a result without matches.
    pub matches: Vec<FfidReportMatch>,
    pub at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FfidReportMatch {
    pub extension: Option<String>,
    pub identification_basis: String,
    pub puid: Option<String>,
    pub file_extension_mismatch: bool,
    pub format_name: String,
}

/// A file format result as the store keeps it, wherever it came from.
struct FfidRow<'a> {
    software: &'a str,
    software_version: &'a str,
    binary_signature_file_version: &'a str,
    container_signature_file_version: &'a str,
    method: &'a str,
    matches: Vec<FfidMatchRow<'a>>,
}

struct FfidMatchRow<'a> {
    extension: Option<&'a str>,
    identification_basis: &'a str,
    puid: Option<&'a str>,
    extension_mismatch: bool,
    format_name: &'a str,
}

impl Finding {
    fn ffid_row(&self) -> Option<FfidRow<'_>> {
        match self {
            Finding::FileFormat(identification) => Some(FfidRow {
                software: identification.software,
                software_version: &identification.software_version,
                binary_signature_file_version: &identification.binary_signature_file_version,
                container_signature_file_version: &identification.container_signature_file_version,
                method: identification.method,
                matches: identification
                    .matches
                    .iter()
                    .map(|found| FfidMatchRow {
                        extension: found.extension.as_deref(),
                        identification_basis: found.identification_basis.as_str(),
                        puid: found.puid,
                        extension_mismatch: found.file_extension_mismatch,
                        format_name: found.format_name,
                    })
                    .collect(),
            }),
            Finding::ReportedFileFormat { report, .. } => Some(FfidRow {
                software: &report.software,
                software_version: &report.software_version,
                binary_signature_file_version: &report.binary_signature_file_version,
                container_signature_file_version: &report.container_signature_file_version,
                method: &report.method,
                matches: report
                    .matches
                    .iter()
                    .map(|found| FfidMatchRow {
                        extension: found.extension.as_deref(),
                        identification_basis: &found.identification_basis,
                        puid: found.puid.as_deref(),
                        extension_mismatch: found.file_extension_mismatch,
                        format_name: &found.format_name,
                    })
                    .collect(),
            }),
            _ => None,
        }
    }
}

impl Finding {
    fn statuses(&self, consignment_type: ConsignmentType) -> Vec<FileStatus> {
        let status = |status_type, value| FileStatus { status_type, value };
        match self {
            Finding::Antivirus { result, .. } => vec![status(
                FileStatusType::Antivirus,
                if result.is_empty() {
                    FileStatusValue::Success
                } else {
                    FileStatusValue::VirusDetected
                },
            )],
            Finding::Checksum { server, matches } => vec![
                status(
                    FileStatusType::ServerChecksum,
                    if server.is_empty() {
                        FileStatusValue::Failed
                    } else {
                        FileStatusValue::Success
                    },
                ),
                status(
                    FileStatusType::ChecksumMatch,
                    if *matches {
                        FileStatusValue::Success
                    } else {
                        FileStatusValue::Mismatch
                    },
                ),
            ],
            Finding::FileFormat(identification) => vec![status(
                FileStatusType::FFID,
                formats::ffid_status(
                    identification,
                    consignment_type == ConsignmentType::Judgment,
                ),
            )],
            Finding::ReportedFileFormat { status: value, .. } => {
                vec![status(FileStatusType::FFID, *value)]
            }
            Finding::Failed(Check::Checksum) => vec![
                status(FileStatusType::ServerChecksum, FileStatusValue::Failed),
                status(FileStatusType::ChecksumMatch, FileStatusValue::Failed),
            ],
            Finding::Failed(check) => {
                vec![status(check.progress_status(), FileStatusValue::Failed)]
            }
        }
    }
}

impl CheckError {
    /// Trying again cannot help: a file the scanner refuses (too large to scan, say).
    fn is_permanent(&self) -> bool {
        matches!(self, CheckError::Antivirus(error) if !error.is_retryable())
    }
}

#[derive(Debug, thiserror::Error)]
enum CheckError {
    #[error(transparent)]
    Transfer(#[from] TransferError),
    #[error(transparent)]
    Objects(#[from] backends::objects::ObjectError),
    #[error(transparent)]
    Antivirus(#[from] backends::antivirus::AntivirusError),
    #[error("reading the file: {0}")]
    Io(#[from] std::io::Error),
    #[error("the file's bytes are missing from the object store")]
    BytesMissing,
}

/// What the checks need. Cheap to clone.
#[derive(Clone)]
struct Checker {
    transfers: Transfers,
    objects: std::sync::Arc<dyn ObjectStore>,
    antivirus: std::sync::Arc<dyn backends::antivirus::Antivirus>,
    fanout: std::sync::Arc<dyn FanOut>,
}

impl Checker {
    async fn run(&self, check: Check, file_id: &FileId, attempt: i32) -> Result<(), CheckError> {
        let file = match self.transfers.file(file_id).await {
            Ok(file) => file,
            // The consignment was deleted since: nothing to check.
            Err(TransferError::NotFound) => return Ok(()),
            Err(error) => return Err(error.into()),
        };
        let recorded = file
            .statuses
            .iter()
            .any(|status| status.status_type == check.progress_status());
        if !recorded {
            self.transfers
                .start_check_run(file_id, check, attempt, Utc::now())
                .await?;
            let finding = match check {
                Check::Antivirus => self.scan(&file).await?,
                Check::Checksum => self.checksum(&file).await?,
                Check::FileFormat => self.identify(&file).await?,
            };
            self.transfers
                .record_finding(&file, check, attempt, &finding, Utc::now())
                .await?;
            self.announce(&file, check).await;
        }
        if check == Check::Antivirus {
            let infected = self
                .transfers
                .file(file_id)
                .await?
                .statuses
                .contains(&FileStatus {
                    status_type: FileStatusType::Antivirus,
                    value: FileStatusValue::VirusDetected,
                });
            if infected {
                self.quarantine(&file).await?;
            }
        }
        Ok(())
    }

    async fn record_failure(
        &self,
        check: Check,
        file_id: &FileId,
        attempt: i32,
    ) -> Result<(), CheckError> {
        let file = self.transfers.file(file_id).await?;
        self.transfers
            .record_finding(&file, check, attempt, &Finding::Failed(check), Utc::now())
            .await?;
        self.announce(&file, check).await;
        Ok(())
    }

    /// Tells whoever follows the consignment's checks that a finding was committed. Best effort:
    /// a lost announcement is made up for by the listener's own periodic look.
    async fn announce(&self, file: &TransferFile, check: Check) {
        let Some(topic) = checks_topic(&file.consignment_id) else {
            return;
        };
        let recorded = FindingRecorded {
            file: file.id.clone(),
            check,
        };
        let payload = serde_json::to_value(recorded).unwrap_or_default();
        if let Err(error) = self.fanout.publish(&topic, payload).await {
            tracing::warn!(%error, consignment = %file.consignment_id, "a check's finding was not announced");
        }
    }

    /// The file's bytes: in the upload area, or in the quarantine if its antivirus check has
    /// already found a virus and moved it there (the other two checks still run on it; nothing
    /// in the quarantine is ever exported).
    async fn body(&self, file: &TransferFile) -> Result<BodyStream, CheckError> {
        if let Some(object) = self.objects.get(&file.upload_key()).await? {
            return Ok(object.body);
        }
        Ok(self
            .objects
            .get(&quarantine_key(&file.consignment_id, &file.id))
            .await?
            .ok_or(CheckError::BytesMissing)?
            .body)
    }

    async fn scan(&self, file: &TransferFile) -> Result<Finding, CheckError> {
        let scan = self.antivirus.scan(self.body(file).await?).await?;
        Ok(Finding::Antivirus {
            software: scan.software,
            software_version: scan.software_version,
            database_version: scan.database_version,
            result: scan.threats.join("\n"),
        })
    }

    async fn checksum(&self, file: &TransferFile) -> Result<Finding, CheckError> {
        let mut hasher = Sha256::new();
        let mut body = self.body(file).await?;
        while let Some(chunk) = body.try_next().await? {
            hasher.update(&chunk);
        }
        let server = hex::encode(hasher.finalize());
        let matches = file.client_checksum() == Some(server.as_str());
        Ok(Finding::Checksum { server, matches })
    }

    async fn identify(&self, file: &TransferFile) -> Result<Finding, CheckError> {
        // Identification reads the file where it likes (a ZIP's directory is at its end): a
        // temporary copy on disk, so a large file is never held in memory.
        let copy = tempfile::NamedTempFile::new()?;
        let mut writer = tokio::fs::File::create(copy.path()).await?;
        let mut body = self.body(file).await?;
        while let Some(chunk) = body.try_next().await? {
            tokio::io::AsyncWriteExt::write_all(&mut writer, &chunk).await?;
        }
        tokio::io::AsyncWriteExt::flush(&mut writer).await?;
        drop(writer);
        let name = file.file_name.clone();
        let identification = tokio::task::spawn_blocking(move || {
            let reader = std::io::BufReader::new(std::fs::File::open(copy.path())?);
            formats::identify(&name, reader)
        })
        .await
        .map_err(std::io::Error::other)??;
        Ok(Finding::FileFormat(identification))
    }

    /// Moves an infected file out of the upload area, where nothing reads it again: it is
    /// copied to the quarantine first, so a worker dying half-way loses nothing.
    async fn quarantine(&self, file: &TransferFile) -> Result<(), CheckError> {
        let Some(object) = self.objects.get(&file.upload_key()).await? else {
            return Ok(());
        };
        self.objects
            .put(
                &quarantine_key(&file.consignment_id, &file.id),
                object.body,
                PutOptions::new("application/octet-stream"),
            )
            .await?;
        self.objects.delete(&file.upload_key()).await?;
        tracing::warn!(file = %file.id, consignment = %file.consignment_id, "infected file quarantined");
        Ok(())
    }
}

impl Transfers {
    /// How far the consignment's checks have got: each check's count of files processed, the
    /// number of files, and whether the checks are over.
    pub async fn checks_state(&self, id: &ConsignmentId) -> Result<ChecksState, TransferError> {
        let progress = self.progress(id).await?;
        Ok(ChecksState {
            progress: CheckProgress::of(&self.file_statuses_of(id).await?),
            total_files: self.file_count(id).await?,
            over: progress.checks_over(),
        })
    }

    async fn start_check_run(
        &self,
        file: &FileId,
        check: Check,
        attempt: i32,
        at: DateTime<Utc>,
    ) -> Result<(), TransferError> {
        backends::on_pool!(&self.pool, pool => {
            sqlx::query(
                "INSERT INTO transfer_check_runs (file_id, check_name, attempt, started_at) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
            )
            .bind(file.as_str())
            .bind(check.as_str())
            .bind(attempt)
            .bind(at)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// Records what `check` found about `file` with its statuses, ends the run, and completes the
    /// consignment's status for the check if every file now has one — in one transaction.
    async fn record_finding(
        &self,
        file: &TransferFile,
        check: Check,
        attempt: i32,
        finding: &Finding,
        finished_at: DateTime<Utc>,
    ) -> Result<(), TransferError> {
        let now = self.clock.now();
        let mut tx = self.pool.begin().await?;
        let consignment_type =
            super::locked_consignment_type(&mut tx, &file.consignment_id).await?;
        match finding {
            Finding::Antivirus {
                software,
                software_version,
                database_version,
                result,
            } => {
                in_transaction!(&mut tx, conn => {
                    sqlx::query(
                        "INSERT INTO antivirus_metadata (file_id, software, software_version, \
                         database_version, result, scanned_at) VALUES ($1, $2, $3, $4, $5, $6) \
                         ON CONFLICT (file_id) DO NOTHING",
                    )
                    .bind(file.id.as_str())
                    .bind(software)
                    .bind(software_version)
                    .bind(database_version)
                    .bind(result)
                    .bind(finished_at)
                    .execute(conn)
                    .await?;
                });
            }
            Finding::Checksum { server, .. } => {
                in_transaction!(&mut tx, conn => {
                    sqlx::query(
                        "INSERT INTO file_metadata (file_id, property_name, value) VALUES ($1, $2, $3) \
                         ON CONFLICT (file_id, property_name) DO UPDATE SET value = excluded.value",
                    )
                    .bind(file.id.as_str())
                    .bind(SERVER_CHECKSUM)
                    .bind(server)
                    .execute(conn)
                    .await?;
                });
            }
            Finding::Failed(_) => {}
            Finding::FileFormat(_) | Finding::ReportedFileFormat { .. } => {
                let Some(row) = finding.ffid_row() else {
                    unreachable!("a file format finding has a row");
                };
                let inserted = in_transaction!(&mut tx, conn => {
                    sqlx::query(
                        "INSERT INTO ffid_metadata (file_id, software, software_version, \
                         binary_signature_file_version, container_signature_file_version, method, \
                         identified_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
                         ON CONFLICT (file_id) DO NOTHING",
                    )
                    .bind(file.id.as_str())
                    .bind(row.software)
                    .bind(row.software_version)
                    .bind(row.binary_signature_file_version)
                    .bind(row.container_signature_file_version)
                    .bind(row.method)
                    .bind(finished_at)
                    .execute(conn)
                    .await?
                    .rows_affected()
                });
                if inserted > 0 {
                    for (position, found) in row.matches.iter().enumerate() {
                        in_transaction!(&mut tx, conn => {
                            sqlx::query(
                                "INSERT INTO ffid_matches (file_id, position, extension, \
                                 identification_basis, puid, extension_mismatch, format_name) \
                                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
                            )
                            .bind(file.id.as_str())
                            .bind(i32::try_from(position).unwrap_or(i32::MAX))
                            .bind(found.extension)
                            .bind(found.identification_basis)
                            .bind(found.puid)
                            .bind(found.extension_mismatch)
                            .bind(found.format_name)
                            .execute(conn)
                            .await?;
                        });
                    }
                }
            }
        }
        for status in finding.statuses(consignment_type) {
            record_status(&mut tx, &file.consignment_id, &file.id, &status, now).await?;
        }
        in_transaction!(&mut tx, conn => {
            sqlx::query(
                "UPDATE transfer_check_runs SET finished_at = $4 \
                 WHERE file_id = $1 AND check_name = $2 AND attempt = $3",
            )
            .bind(file.id.as_str())
            .bind(check.as_str())
            .bind(attempt)
            .bind(finished_at)
            .execute(conn)
            .await?;
        });
        self.complete_check_if_done(&mut tx, &file.consignment_id, check)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Completes the consignment's status for `check` once every file has a status of its type:
    /// `Completed`, or `CompletedWithIssues` if any is not `Success`.
    async fn complete_check_if_done(
        &self,
        tx: &mut StoreTransaction,
        consignment: &ConsignmentId,
        check: Check,
    ) -> Result<(), TransferError> {
        let tally: Option<(i64, i64, i64)> = in_transaction!(tx, conn => {
            sqlx::query_as(
                "SELECT files, checked, failed FROM transfer_check_tallies \
                 WHERE consignment_id = $1 AND status_type = $2",
            )
            .bind(consignment.as_str())
            .bind(check.progress_status().as_str())
            .fetch_optional(conn)
            .await?
        });
        // No tally: no file has a status of the check's yet.
        let Some((files, checked, failed)) = tally else {
            return Ok(());
        };
        if checked >= files {
            let value = if failed > 0 {
                ConsignmentStatusValue::CompletedWithIssues
            } else {
                ConsignmentStatusValue::Completed
            };
            self.set_status_in(tx, consignment, check.consignment_status(), value)
                .await?;
        }
        Ok(())
    }

    /// A file a service client reports on: it exists, is a file (folders are not checked), and
    /// its consignment's upload is complete — there is nothing to check before.
    async fn reported_file(&self, id: &FileId) -> Result<TransferFile, TransferError> {
        let file = self.file(id).await?;
        if file.entry == FileEntry::Folder {
            return Err(TransferError::Refused(format!(
                "{id} is a folder: only files are checked"
            )));
        }
        let uploaded = self
            .progress(&file.consignment_id)
            .await?
            .value(crate::transfer::status::ConsignmentStatusType::Upload)
            == Some(ConsignmentStatusValue::Completed);
        if !uploaded {
            return Err(TransferError::Refused(format!(
                "The upload of file {id}'s consignment is not complete, so it cannot have been checked"
            )));
        }
        Ok(file)
    }

    /// `addBulkAntivirusMetadata`: a service client's antivirus results, each recorded as the
    /// antivirus job records its own (metadata, `Antivirus` status — `Success` when no threat
    /// was found, else `VirusDetected` — and the consignment's `ServerAntivirus` once every
    /// file has one), and read back. Refused, before anything is recorded, if a file is
    /// unknown, a folder, not yet uploaded, or has a result already: a result is recorded once.
    pub async fn record_antivirus_reports(
        &self,
        reports: &[AntivirusReport],
    ) -> Result<Vec<AntivirusRecord>, TransferError> {
        let mut files = Vec::with_capacity(reports.len());
        let mut seen = std::collections::BTreeSet::new();
        for report in reports {
            let file = self.reported_file(&report.file).await?;
            let recorded = self.antivirus_records_of(FilesOf::File(&file.id)).await?;
            if !recorded.is_empty() || !seen.insert(file.id.clone()) {
                return Err(TransferError::Refused(format!(
                    "File {} already has antivirus metadata",
                    file.id
                )));
            }
            files.push((file, report));
        }
        let mut recorded = Vec::with_capacity(files.len());
        for (file, report) in files {
            let finding = Finding::Antivirus {
                software: report.software.clone(),
                software_version: report.software_version.clone(),
                database_version: report.database_version.clone(),
                result: report.result.clone(),
            };
            self.record_finding(&file, Check::Antivirus, 0, &finding, report.at)
                .await?;
            recorded.extend(
                self.antivirus_records_of(FilesOf::File(&file.id))
                    .await?
                    .into_values(),
            );
        }
        Ok(recorded)
    }

    /// `addBulkFFIDMetadata`: a service client's file format results, each judged by TDR's rules
    /// (`formats::ffid_status_of`; an empty file by the size the browser gave) and recorded as
    /// the file format job records its own, then read back. Refused, before anything is
    /// recorded, as [`Transfers::record_antivirus_reports`] is, and for a result without
    /// matches, in TDR's words.
    pub async fn record_ffid_reports(
        &self,
        reports: &[FfidReport],
    ) -> Result<Vec<FfidRecord>, TransferError> {
        let mut findings = Vec::with_capacity(reports.len());
        let mut seen = std::collections::BTreeSet::new();
        for report in reports {
            if report.matches.is_empty() {
                return Err(TransferError::Refused(format!(
                    "No ffid matches for file {}",
                    report.file
                )));
            }
            let file = self.reported_file(&report.file).await?;
            let recorded = self.ffid_records_of(FilesOf::File(&file.id)).await?;
            if !recorded.is_empty() || !seen.insert(file.id.clone()) {
                return Err(TransferError::Refused(format!(
                    "File {} already has ffid metadata",
                    file.id
                )));
            }
            let consignment = self
                .consignment(&super::Caller::Service, &file.consignment_id)
                .await?;
            let puids: Vec<&str> = report
                .matches
                .iter()
                .map(|found| found.puid.as_deref().unwrap_or(""))
                .collect();
            let status = formats::ffid_status_of(
                &puids,
                consignment.consignment_type == ConsignmentType::Judgment,
                file.client_size() == Some(0),
                false,
            );
            let finding = Finding::ReportedFileFormat {
                report: report.clone(),
                status,
            };
            findings.push((file, finding, report.at));
        }
        let mut recorded = Vec::with_capacity(findings.len());
        for (file, finding, at) in findings {
            self.record_finding(&file, Check::FileFormat, 0, &finding, at)
                .await?;
            recorded.extend(
                self.ffid_records_of(FilesOf::File(&file.id))
                    .await?
                    .into_values(),
            );
        }
        Ok(recorded)
    }

    /// `addMultipleFileStatuses`: statuses a service client's checks found, recorded in one
    /// transaction (a status already recorded is not recorded twice), and each check whose
    /// statuses now cover every file of its consignment completes the consignment's status for
    /// it, as the checks' own findings do. Refused, before anything is recorded, if a file is
    /// unknown, a folder, or its consignment's upload is not complete.
    pub async fn add_file_statuses(
        &self,
        statuses: &[(FileId, FileStatus)],
    ) -> Result<(), TransferError> {
        let mut files_consignment = std::collections::BTreeMap::new();
        for (file_id, _) in statuses {
            if !files_consignment.contains_key(file_id) {
                let consignment = self.reported_file(file_id).await?.consignment_id;
                files_consignment.insert(file_id.clone(), consignment);
            }
        }
        let consignments: std::collections::BTreeSet<&ConsignmentId> =
            files_consignment.values().collect();
        let now = self.clock.now();
        let mut tx = self.pool.begin().await?;
        for consignment in &consignments {
            super::lock_consignment(&mut tx, consignment).await?;
        }
        for (file_id, status) in statuses {
            let consignment = &files_consignment[file_id];
            record_status(&mut tx, consignment, file_id, status, now).await?;
        }
        for consignment in &consignments {
            for check in Check::ALL {
                if statuses
                    .iter()
                    .any(|(_, status)| status.status_type == check.progress_status())
                {
                    self.complete_check_if_done(&mut tx, consignment, check)
                        .await?;
                }
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// When each check of each file of the consignment started and ended, attempt by attempt.
    pub async fn check_runs(
        &self,
        consignment: &ConsignmentId,
    ) -> Result<Vec<CheckRun>, TransferError> {
        type RunRow = (String, String, i32, DateTime<Utc>, Option<DateTime<Utc>>);
        let rows: Vec<RunRow> = backends::on_pool!(&self.pool, pool => {
            sqlx::query_as(
                "SELECT r.file_id, r.check_name, r.attempt, r.started_at, r.finished_at \
                 FROM transfer_check_runs r JOIN transfer_files f ON f.id = r.file_id \
                 WHERE f.consignment_id = $1 ORDER BY r.started_at",
            )
            .bind(consignment.as_str())
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|(file, check, attempt, started_at, finished_at)| {
                Ok(CheckRun {
                    file: file.parse().map_err(super::undecodable)?,
                    check: check.parse().map_err(super::undecodable)?,
                    attempt,
                    started_at,
                    finished_at,
                })
            })
            .collect()
    }
}

/// One run of one check of one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckRun {
    pub file: FileId,
    pub check: Check,
    pub attempt: i32,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

pub fn register(registry: JobRegistry, backends: &Backends) -> JobRegistry {
    let checker = Checker {
        transfers: Transfers::of(backends),
        objects: backends.objects.clone(),
        antivirus: backends.antivirus.clone(),
        fanout: backends.fanout.clone(),
    };
    let (scanner, summer, identifier) = (checker.clone(), checker.clone(), checker);
    registry
        .register(move |context: JobContext, job: ScanFile| {
            let checker = scanner.clone();
            async move { run(&checker, Check::Antivirus, &job.file, &context).await }
        })
        .register(move |context: JobContext, job: ChecksumFile| {
            let checker = summer.clone();
            async move { run(&checker, Check::Checksum, &job.file, &context).await }
        })
        .register(move |context: JobContext, job: IdentifyFile| {
            let checker = identifier.clone();
            async move { run(&checker, Check::FileFormat, &job.file, &context).await }
        })
}

async fn run(
    checker: &Checker,
    check: Check,
    file: &FileId,
    context: &JobContext,
) -> Result<(), JobError> {
    let Err(error) = checker.run(check, file, context.attempt).await else {
        return Ok(());
    };
    tracing::warn!(%file, check = check.as_str(), attempt = context.attempt, %error, "file check failed");
    if context.attempt < CHECK_ATTEMPTS && !error.is_permanent() {
        return Err(JobError::retryable(error));
    }
    // The last attempt, or one that cannot succeed: the file fails the check, so the
    // consignment's checks can end and the person sees which file could not be checked.
    checker
        .record_failure(check, file, context.attempt)
        .await
        .map_err(JobError::retryable)
}

/// Records `status` of file `file` of `consignment`, unless it is recorded already, inside the
/// caller's transaction (which holds the consignment's lock, so tallies are not raced). A status
/// of a check's progress type also counts in the consignment's tally of that check
/// (`transfer_check_tallies`): the file as checked if it is its first status of the type, and as
/// failed if it is not `Success`.
async fn record_status(
    tx: &mut StoreTransaction,
    consignment: &ConsignmentId,
    file: &FileId,
    status: &FileStatus,
    now: DateTime<Utc>,
) -> Result<(), TransferError> {
    let tallied = Check::ALL
        .iter()
        .any(|check| check.progress_status() == status.status_type);
    let first_of_its_type = tallied && {
        let earlier: Option<i64> = in_transaction!(&mut *tx, conn => {
            sqlx::query_scalar(
                "SELECT 1 FROM file_statuses WHERE status_type = $1 AND file_id = $2 LIMIT 1",
            )
            .bind(status.status_type.as_str())
            .bind(file.as_str())
            .fetch_optional(conn)
            .await?
        });
        earlier.is_none()
    };
    let inserted = in_transaction!(&mut *tx, conn => {
        sqlx::query(
            "INSERT INTO file_statuses (file_id, status_type, value, created_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
        )
        .bind(file.as_str())
        .bind(status.status_type.as_str())
        .bind(status.value.as_str())
        .bind(now)
        .execute(conn)
        .await?
        .rows_affected()
    }) > 0;
    if !tallied || !inserted {
        return Ok(());
    }
    let checked = i64::from(first_of_its_type);
    let failed = i64::from(status.value != FileStatusValue::Success);
    let updated = in_transaction!(&mut *tx, conn => {
        sqlx::query(
            "UPDATE transfer_check_tallies SET checked = checked + $3, failed = failed + $4 \
             WHERE consignment_id = $1 AND status_type = $2",
        )
        .bind(consignment.as_str())
        .bind(status.status_type.as_str())
        .bind(checked)
        .bind(failed)
        .execute(conn)
        .await?
        .rows_affected()
    });
    if updated == 0 {
        // The check's first status in this consignment: its files are counted once, here.
        in_transaction!(&mut *tx, conn => {
            sqlx::query(
                "INSERT INTO transfer_check_tallies (consignment_id, status_type, files, checked, failed) \
                 VALUES ($1, $2, (SELECT COUNT(*) FROM transfer_files \
                   WHERE consignment_id = $1 AND file_type = 'File'), $3, $4)",
            )
            .bind(consignment.as_str())
            .bind(status.status_type.as_str())
            .bind(checked)
            .bind(failed)
            .execute(conn)
            .await?;
        });
    }
    Ok(())
}

//! A consignment's files and folders, their metadata and statuses (other-systems C.1, C.3).
use std::collections::{BTreeMap, HashMap};

use backends::objects::ObjectKey;
use backends::store::StoreTransaction;
use backends::{in_transaction, on_pool};
use chrono::{DateTime, SecondsFormat, Utc};

use super::consignments::Consignment;
use super::{undecodable, TransferError, Transfers};
use crate::transfer::ids::{ConsignmentId, FileId};
use crate::transfer::reference::file_reference;
use crate::transfer::status::{
    Check, ChecksTally, ConsignmentStatusType, ConsignmentStatusValue, FileStatus, FileStatusType,
    FileStatusValue, JUDGED_STATUSES,
};
use crate::transfer::upload::{check_folder, check_upload, FileInput, RecordPath};

/// The client-side metadata TDR records for every file at upload (C.1).
pub const CLIENT_CHECKSUM: &str = "SHA256ClientSideChecksum";
pub const CLIENT_PATH: &str = "ClientSideOriginalFilepath";
pub const CLIENT_LAST_MODIFIED: &str = "ClientSideFileLastModifiedDate";
pub const CLIENT_SIZE: &str = "ClientSideFileSize";
/// What the checksum check computed.
pub const SERVER_CHECKSUM: &str = "SHA256ServerSideChecksum";

/// A file or a folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileEntry {
    File,
    Folder,
}

impl FileEntry {
    pub fn as_str(self) -> &'static str {
        match self {
            FileEntry::File => "File",
            FileEntry::Folder => "Folder",
        }
    }
}

/// A file as `addFilesAndMetadata` made it: its id, and the browser's id for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewFile {
    pub file_id: FileId,
    pub match_id: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransferFile {
    pub id: FileId,
    pub consignment_id: ConsignmentId,
    pub entry: FileEntry,
    pub file_name: String,
    pub reference: String,
    pub parent_id: Option<FileId>,
    pub original_path: RecordPath,
    pub upload_match_id: Option<String>,
    pub metadata: BTreeMap<String, String>,
    pub statuses: Vec<FileStatus>,
}

impl TransferFile {
    pub fn client_checksum(&self) -> Option<&str> {
        self.metadata.get(CLIENT_CHECKSUM).map(String::as_str)
    }

    /// The size the browser reported.
    pub fn client_size(&self) -> Option<u64> {
        self.metadata.get(CLIENT_SIZE)?.parse().ok()
    }

    /// Where the file's bytes are kept while it is checked: TDR's upload bucket key
    /// `<consignmentId>/<fileId>`, under the service's prefix.
    pub fn upload_key(&self) -> ObjectKey {
        upload_key(&self.consignment_id, &self.id)
    }
}

pub fn upload_key(consignment: &ConsignmentId, file: &FileId) -> ObjectKey {
    ObjectKey::new(format!("{}{file}", upload_prefix(consignment)))
        .expect("ids make safe object keys")
}

/// Where a consignment's files are kept while they are checked: the prefix of their
/// [`upload_key`]s.
pub fn upload_prefix(consignment: &ConsignmentId) -> String {
    format!("transfer/upload/{consignment}/")
}

/// Where an infected file is moved to: never exported, kept for The National Archives to see.
pub fn quarantine_key(consignment: &ConsignmentId, file: &FileId) -> ObjectKey {
    ObjectKey::new(format!("transfer/quarantine/{consignment}/{file}"))
        .expect("ids make safe object keys")
}

pub(super) type FileRow = (
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    String,
    Option<String>,
);

pub(super) const FILE_COLUMNS: &str =
    "f.id, f.consignment_id, f.file_type, f.file_name, f.file_reference, \
     f.parent_id, f.original_path, f.upload_match_id";

fn datetime_text(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

impl Transfers {
    /// `startUpload`: refused if an upload was started before, in TDR's words; else the `Upload`
    /// and `ClientChecks` statuses start and the folder's name is kept.
    pub async fn start_upload(
        &self,
        consignment: &Consignment,
        parent_folder: &str,
        include_top_level_folder: bool,
    ) -> Result<(), TransferError> {
        let progress = self.progress(&consignment.id).await?;
        if let Some(existing) = progress.value(ConsignmentStatusType::Upload) {
            return Err(TransferError::Refused(format!(
                "Existing consignment upload status is '{existing}', so cannot start new upload"
            )));
        }
        let mut tx = self.pool.begin().await?;
        in_transaction!(&mut tx, conn => {
            sqlx::query(
                "UPDATE consignments SET parent_folder = $2, include_top_level_folder = $3 \
                 WHERE id = $1",
            )
            .bind(consignment.id.as_str())
            .bind(parent_folder)
            .bind(include_top_level_folder)
            .execute(conn)
            .await?;
        });
        for status_type in [
            ConsignmentStatusType::Upload,
            ConsignmentStatusType::ClientChecks,
        ] {
            self.set_status_in(
                &mut tx,
                &consignment.id,
                status_type,
                ConsignmentStatusValue::InProgress,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// `startUpload` for a caller: refused in TDR's words if an upload was started before, else
    /// only at the journey's upload step (`Progress::accepts`).
    pub async fn start_upload_for(
        &self,
        caller: &super::Caller,
        id: &ConsignmentId,
        parent_folder: &str,
        include_top_level_folder: bool,
    ) -> Result<(), TransferError> {
        let consignment = self.consignment(caller, id).await?;
        let started = self
            .progress(id)
            .await?
            .value(ConsignmentStatusType::Upload)
            .is_some();
        if !started {
            self.consignment_at_step(caller, id, crate::transfer::flow::Step::Upload)
                .await?;
        }
        self.start_upload(&consignment, parent_folder, include_top_level_folder)
            .await
    }

    /// `addFilesAndMetadata`: a row for each file and for each folder above them (and each empty
    /// folder), with the client-side metadata, all in one transaction. Only while the upload is
    /// in progress, and only once.
    pub async fn add_files_and_metadata(
        &self,
        consignment: &Consignment,
        files: &[FileInput],
        empty_directories: &[RecordPath],
    ) -> Result<Vec<NewFile>, TransferError> {
        let progress = self.progress(&consignment.id).await?;
        if progress.value(ConsignmentStatusType::Upload) != Some(ConsignmentStatusValue::InProgress)
        {
            return Err(TransferError::Refused(
                "the upload has not been started, or is over".to_owned(),
            ));
        }
        let with_ids: Vec<(FileId, FileInput)> = files
            .iter()
            .map(|file| (FileId::random(), file.clone()))
            .collect();
        let mut tx = self.pool.begin().await?;
        // Two requests at once (a browser resuming) add the files once.
        super::lock_consignment(&mut tx, &consignment.id).await?;
        self.insert_files_in(&mut tx, &consignment.id, &with_ids, empty_directories)
            .await?;
        tx.commit().await?;
        Ok(with_ids
            .into_iter()
            .map(|(file_id, file)| NewFile {
                file_id,
                match_id: file.match_id,
            })
            .collect())
    }

    /// `addFilesAndMetadata` for a browser that may be resuming an upload it started before (the
    /// page reloaded, the connection lost): the first time, as [`Self::add_files_and_metadata`],
    /// the files all in the folder the upload started with; again, with the same files (each path
    /// once more, with the same checksum and size), the files recorded then, each with the match
    /// id sent now. Other files are refused: the consignment has its files.
    pub async fn add_or_match_files(
        &self,
        consignment: &Consignment,
        files: &[FileInput],
    ) -> Result<Vec<NewFile>, TransferError> {
        let top = files.first().map(|file| file.original_path.top_folder());
        if top.is_some() && top != consignment.parent_folder.as_deref() {
            return Err(TransferError::Refused(
                "The files are not in the folder the upload was started with".to_owned(),
            ));
        }
        let recorded: Vec<TransferFile> = self
            .files(&consignment.id)
            .await?
            .into_iter()
            .filter(|file| file.entry == FileEntry::File)
            .collect();
        if recorded.is_empty() {
            return self.add_files_and_metadata(consignment, files, &[]).await;
        }
        let progress = self.progress(&consignment.id).await?;
        if progress.value(ConsignmentStatusType::Upload) != Some(ConsignmentStatusValue::InProgress)
        {
            return Err(TransferError::Refused(
                "the upload has not been started, or is over".to_owned(),
            ));
        }
        let by_path: BTreeMap<&str, &TransferFile> = recorded
            .iter()
            .map(|file| (file.original_path.as_str(), file))
            .collect();
        let same = |file: &FileInput| {
            by_path
                .get(file.original_path.as_str())
                .filter(|known| {
                    known.client_checksum() == Some(file.checksum.as_str())
                        && known.client_size() == Some(file.file_size)
                })
                .map(|known| NewFile {
                    file_id: known.id.clone(),
                    match_id: file.match_id.clone(),
                })
        };
        let matched: Option<Vec<NewFile>> = files.iter().map(same).collect();
        match matched {
            Some(matched) if matched.len() == recorded.len() => Ok(matched),
            _ => Err(TransferError::Refused(
                "This upload was started with other files: to upload these, start a new transfer"
                    .to_owned(),
            )),
        }
    }

    /// A whole upload at once, as the form without JavaScript sends it: the files' bytes are
    /// already stored under their ids, so in one transaction the upload starts, the files and
    /// folders are recorded, and the upload completes (starting the checks).
    pub async fn record_upload(
        &self,
        consignment: &Consignment,
        files: &[(FileId, FileInput)],
    ) -> Result<(), TransferError> {
        let progress = self.progress(&consignment.id).await?;
        if let Some(existing) = progress.value(ConsignmentStatusType::Upload) {
            return Err(TransferError::Refused(format!(
                "Existing consignment upload status is '{existing}', so cannot start new upload"
            )));
        }
        let paths: Vec<&RecordPath> = files.iter().map(|(_, file)| &file.original_path).collect();
        let parent_folder =
            check_upload(&paths).map_err(|bad| TransferError::Refused(bad.to_string()))?;
        let mut tx = self.pool.begin().await?;
        in_transaction!(&mut tx, conn => {
            sqlx::query("UPDATE consignments SET parent_folder = $2 WHERE id = $1")
                .bind(consignment.id.as_str())
                .bind(&parent_folder)
                .execute(conn)
                .await?;
        });
        self.insert_files_in(&mut tx, &consignment.id, files, &[])
            .await?;
        self.complete_upload_in(&mut tx, &consignment.id).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The browser has sent every file's bytes (`Upload` Completed): the checks start. Refused
    /// unless the upload is in progress.
    pub async fn complete_upload(&self, consignment: &Consignment) -> Result<(), TransferError> {
        let progress = self.progress(&consignment.id).await?;
        if progress.value(ConsignmentStatusType::Upload) != Some(ConsignmentStatusValue::InProgress)
        {
            return Err(TransferError::Refused(
                "the upload has not been started, or is over".to_owned(),
            ));
        }
        let mut tx = self.pool.begin().await?;
        self.complete_upload_in(&mut tx, &consignment.id).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The upload is over, every file's bytes stored: each file's `Upload` status succeeds, the
    /// consignment's `Upload` and `ClientChecks` complete, the server checks start, and the
    /// three check jobs of every file are queued — all in the caller's transaction.
    pub(super) async fn complete_upload_in(
        &self,
        tx: &mut StoreTransaction,
        consignment: &ConsignmentId,
    ) -> Result<(), TransferError> {
        let now = self.clock.now();
        let file_ids: Vec<String> = in_transaction!(tx, conn => {
            sqlx::query_scalar(
                "SELECT id FROM transfer_files WHERE consignment_id = $1 AND file_type = 'File' \
                 ORDER BY original_path",
            )
            .bind(consignment.as_str())
            .fetch_all(conn)
            .await?
        });
        for file_id in &file_ids {
            in_transaction!(tx, conn => {
                sqlx::query(
                    "INSERT INTO file_statuses (file_id, status_type, value, created_at) \
                     VALUES ($1, 'Upload', 'Success', $2) ON CONFLICT DO NOTHING",
                )
                .bind(file_id)
                .bind(now)
                .execute(conn)
                .await?;
            });
        }
        for (status_type, value) in [
            (
                ConsignmentStatusType::Upload,
                ConsignmentStatusValue::Completed,
            ),
            (
                ConsignmentStatusType::ClientChecks,
                ConsignmentStatusValue::Completed,
            ),
            (
                ConsignmentStatusType::ServerAntivirus,
                ConsignmentStatusValue::InProgress,
            ),
            (
                ConsignmentStatusType::ServerChecksum,
                ConsignmentStatusValue::InProgress,
            ),
            (
                ConsignmentStatusType::ServerFFID,
                ConsignmentStatusValue::InProgress,
            ),
        ] {
            self.set_status_in(tx, consignment, status_type, value)
                .await?;
        }
        for file_id in file_ids {
            let file_id: FileId = file_id.parse().map_err(undecodable)?;
            for check in Check::ALL {
                self.jobs
                    .enqueue_in(tx, &super::checks::check_job(check, &file_id)?)
                    .await?;
            }
        }
        Ok(())
    }

    /// Records `files` (with the ids their bytes are stored under) and the folders above them in
    /// the caller's transaction; refused if the consignment has files already.
    async fn insert_files_in(
        &self,
        tx: &mut StoreTransaction,
        consignment: &ConsignmentId,
        files: &[(FileId, FileInput)],
        empty_directories: &[RecordPath],
    ) -> Result<(), TransferError> {
        let paths: Vec<&RecordPath> = files.iter().map(|(_, file)| &file.original_path).collect();
        let sized: Vec<(&RecordPath, u64)> = files
            .iter()
            .map(|(_, file)| (&file.original_path, file.file_size))
            .collect();
        check_folder(&sized).map_err(|bad| TransferError::Refused(bad.to_string()))?;
        let mut folders: Vec<RecordPath> = paths
            .iter()
            .flat_map(|path| path.ancestors())
            .chain(empty_directories.iter().flat_map(|folder| {
                let mut chain = folder.ancestors();
                chain.push(folder.clone());
                chain
            }))
            .collect();
        folders.sort();
        folders.dedup();
        if let Some(clash) = folders.iter().find(|folder| paths.contains(folder)) {
            return Err(TransferError::Refused(format!(
                "{clash} is both a file and a folder"
            )));
        }
        let now = self.clock.now();
        let already: i64 = in_transaction!(tx, conn => {
            sqlx::query_scalar("SELECT COUNT(*) FROM transfer_files WHERE consignment_id = $1")
                .bind(consignment.as_str())
                .fetch_one(conn)
                .await?
        });
        if already > 0 {
            return Err(TransferError::Refused(
                "the consignment's files have already been added".to_owned(),
            ));
        }
        let first_reference =
            Self::take_sequence(tx, "file", (folders.len() + files.len()) as u64).await?;
        let mut references = (first_reference..).map(file_reference);
        // Sorted, so every folder comes after the folders above it.
        let mut folder_ids: BTreeMap<RecordPath, FileId> = BTreeMap::new();
        let mut entries = Vec::with_capacity(folders.len() + files.len());
        for folder in &folders {
            let id = FileId::random();
            entries.push(Entry {
                id: id.clone(),
                kind: FileEntry::Folder,
                path: folder,
                reference: references.next().expect("unbounded"),
                parent: folder
                    .parent()
                    .and_then(|parent| folder_ids.get(&parent).cloned()),
                match_id: None,
            });
            folder_ids.insert(folder.clone(), id);
        }
        let mut metadata = Vec::with_capacity(4 * files.len());
        for (id, file) in files {
            let parent = file.original_path.parent();
            entries.push(Entry {
                id: id.clone(),
                kind: FileEntry::File,
                path: &file.original_path,
                reference: references.next().expect("unbounded"),
                parent: parent.and_then(|parent| folder_ids.get(&parent).cloned()),
                match_id: Some(&file.match_id),
            });
            let last_modified = DateTime::<Utc>::from_timestamp_millis(file.last_modified)
                .map(datetime_text)
                .unwrap_or_default();
            metadata.extend([
                (id, CLIENT_CHECKSUM, file.checksum.to_string()),
                (id, CLIENT_PATH, file.original_path.to_string()),
                (id, CLIENT_LAST_MODIFIED, last_modified),
                (id, CLIENT_SIZE, file.file_size.to_string()),
            ]);
        }
        // Many rows a statement (a consignment may have 10,000 files), within SQLite's and
        // PostgreSQL's limits on bound parameters.
        for batch in entries.chunks(ROWS_PER_INSERT) {
            in_transaction!(tx, conn => {
                let mut insert = sqlx::QueryBuilder::new(
                    "INSERT INTO transfer_files (id, consignment_id, file_type, file_name, \
                     file_reference, parent_id, original_path, upload_match_id, created_at) ",
                );
                insert.push_values(batch, |mut row, entry| {
                    row.push_bind(entry.id.as_str())
                        .push_bind(consignment.as_str())
                        .push_bind(entry.kind.as_str())
                        .push_bind(entry.path.file_name())
                        .push_bind(entry.reference.as_str())
                        .push_bind(entry.parent.as_ref().map(FileId::as_str))
                        .push_bind(entry.path.as_str())
                        .push_bind(entry.match_id)
                        .push_bind(now);
                });
                insert.build().execute(conn).await?;
            });
        }
        for batch in metadata.chunks(ROWS_PER_INSERT) {
            in_transaction!(tx, conn => {
                let mut insert = sqlx::QueryBuilder::new(
                    "INSERT INTO file_metadata (file_id, property_name, value) ",
                );
                insert.push_values(batch, |mut row, (id, name, value)| {
                    row.push_bind(id.as_str())
                        .push_bind(*name)
                        .push_bind(value.as_str());
                });
                insert.build().execute(conn).await?;
            });
        }
        Ok(())
    }

    /// Every file and folder of the consignment, by path, with metadata and statuses.
    pub async fn files(
        &self,
        consignment: &ConsignmentId,
    ) -> Result<Vec<TransferFile>, TransferError> {
        let rows: Vec<FileRow> = on_pool!(&self.pool, pool => {
            sqlx::query_as(&format!(
                "SELECT {FILE_COLUMNS} FROM transfer_files f WHERE f.consignment_id = $1 \
                 ORDER BY f.original_path"
            ))
            .bind(consignment.as_str())
            .fetch_all(pool)
            .await?
        });
        let metadata: Vec<(String, String, String)> = on_pool!(&self.pool, pool => {
            sqlx::query_as(
                "SELECT m.file_id, m.property_name, m.value FROM file_metadata m \
                 JOIN transfer_files f ON f.id = m.file_id WHERE f.consignment_id = $1",
            )
            .bind(consignment.as_str())
            .fetch_all(pool)
            .await?
        });
        let statuses = self.file_status_rows(consignment).await?;
        let mut by_file_metadata: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
        for (file_id, name, value) in metadata {
            by_file_metadata
                .entry(file_id)
                .or_default()
                .insert(name, value);
        }
        let mut by_file_statuses: BTreeMap<String, Vec<FileStatus>> = BTreeMap::new();
        for (file_id, status) in statuses {
            by_file_statuses.entry(file_id).or_default().push(status);
        }
        rows.into_iter()
            .map(|row| {
                let metadata = by_file_metadata.remove(&row.0).unwrap_or_default();
                let statuses = by_file_statuses.remove(&row.0).unwrap_or_default();
                file_of(row, metadata, statuses)
            })
            .collect()
    }

    /// One file, with its metadata and statuses.
    pub async fn file(&self, id: &FileId) -> Result<TransferFile, TransferError> {
        let row: Option<FileRow> = on_pool!(&self.pool, pool => {
            sqlx::query_as(&format!("SELECT {FILE_COLUMNS} FROM transfer_files f WHERE f.id = $1"))
                .bind(id.as_str())
                .fetch_optional(pool)
                .await?
        });
        let row = row.ok_or(TransferError::NotFound)?;
        let metadata: Vec<(String, String)> = on_pool!(&self.pool, pool => {
            sqlx::query_as("SELECT property_name, value FROM file_metadata WHERE file_id = $1")
                .bind(id.as_str())
                .fetch_all(pool)
                .await?
        });
        let statuses: Vec<(String, String)> = on_pool!(&self.pool, pool => {
            sqlx::query_as("SELECT status_type, value FROM file_statuses WHERE file_id = $1 ORDER BY id")
                .bind(id.as_str())
                .fetch_all(pool)
                .await?
        });
        let statuses = statuses
            .into_iter()
            .map(|(status_type, value)| status_of(&status_type, &value))
            .collect::<Result<_, _>>()?;
        file_of(row, metadata.into_iter().collect(), statuses)
    }

    async fn file_status_rows(
        &self,
        consignment: &ConsignmentId,
    ) -> Result<Vec<(String, FileStatus)>, TransferError> {
        let rows: Vec<(String, String, String)> = on_pool!(&self.pool, pool => {
            sqlx::query_as(
                "SELECT s.file_id, s.status_type, s.value FROM file_statuses s \
                 JOIN transfer_files f ON f.id = s.file_id WHERE f.consignment_id = $1 ORDER BY s.id",
            )
            .bind(consignment.as_str())
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|(file_id, status_type, value)| Ok((file_id, status_of(&status_type, &value)?)))
            .collect()
    }

    /// What `allChecksSucceeded` needs of each of `consignments`' file statuses (by id; none for
    /// a consignment without any), counted by the database.
    pub(super) async fn checks_tallies(
        &self,
        consignments: &[ConsignmentId],
    ) -> Result<HashMap<String, ChecksTally>, TransferError> {
        let names = |types: &mut dyn Iterator<Item = FileStatusType>| {
            types
                .map(|status_type| format!("'{}'", status_type.as_str()))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let judged = names(&mut JUDGED_STATUSES.into_iter());
        let checks = names(&mut Check::ALL.into_iter().map(Check::progress_status));
        let listed = placeholders(1, consignments.len());
        let rows: Vec<(String, i64, i64)> = on_pool!(&self.pool, pool => {
            let sql = format!(
                "SELECT f.consignment_id, \
                 COUNT(CASE WHEN s.status_type IN ({judged}) AND s.value <> '{success}' THEN 1 END), \
                 COUNT(DISTINCT CASE WHEN s.status_type IN ({checks}) THEN s.status_type END) \
                 FROM file_statuses s JOIN transfer_files f ON f.id = s.file_id \
                 WHERE f.consignment_id IN ({listed}) GROUP BY f.consignment_id",
                success = FileStatusValue::Success.as_str(),
            );
            let mut query = sqlx::query_as(&sql);
            for id in consignments {
                query = query.bind(id.as_str());
            }
            query.fetch_all(pool).await?
        });
        rows.into_iter()
            .map(|(id, judged_not_success, checks_present)| {
                Ok((
                    id,
                    ChecksTally {
                        judged_not_success: u64::try_from(judged_not_success)
                            .map_err(undecodable)?,
                        checks_present: usize::try_from(checks_present).map_err(undecodable)?,
                    },
                ))
            })
            .collect()
    }

    /// Every file status of the consignment.
    pub async fn file_statuses_of(
        &self,
        consignment: &ConsignmentId,
    ) -> Result<Vec<FileStatus>, TransferError> {
        Ok(self
            .file_status_rows(consignment)
            .await?
            .into_iter()
            .map(|(_, status)| status)
            .collect())
    }

    /// How many files (not folders) the consignment has.
    pub async fn file_count(&self, consignment: &ConsignmentId) -> Result<u64, TransferError> {
        let count: i64 = on_pool!(&self.pool, pool => {
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM transfer_files WHERE consignment_id = $1 AND file_type = 'File'",
            )
            .bind(consignment.as_str())
            .fetch_one(pool)
            .await?
        });
        u64::try_from(count).map_err(undecodable)
    }
}

/// One row of `transfer_files`.
struct Entry<'a> {
    id: FileId,
    kind: FileEntry,
    path: &'a RecordPath,
    reference: String,
    parent: Option<FileId>,
    match_id: Option<&'a str>,
}

/// Rows inserted by one statement: 9 parameters each stays far under SQLite's 32,766.
const ROWS_PER_INSERT: usize = 500;

pub(super) fn status_of(status_type: &str, value: &str) -> Result<FileStatus, TransferError> {
    Ok(FileStatus {
        status_type: status_type.parse::<FileStatusType>().map_err(undecodable)?,
        value: value.parse::<FileStatusValue>().map_err(undecodable)?,
    })
}

pub(super) fn file_of(
    (
        id,
        consignment_id,
        file_type,
        file_name,
        reference,
        parent_id,
        original_path,
        upload_match_id,
    ): FileRow,
    metadata: BTreeMap<String, String>,
    statuses: Vec<FileStatus>,
) -> Result<TransferFile, TransferError> {
    Ok(TransferFile {
        id: id.parse().map_err(undecodable)?,
        consignment_id: consignment_id.parse().map_err(undecodable)?,
        entry: if file_type == "Folder" {
            FileEntry::Folder
        } else {
            FileEntry::File
        },
        file_name,
        reference,
        parent_id: parent_id
            .map(|id| id.parse())
            .transpose()
            .map_err(undecodable)?,
        original_path: RecordPath::try_from(original_path).map_err(undecodable)?,
        upload_match_id,
        metadata,
        statuses,
    })
}

impl Transfers {
    /// Whether the top-level folder's name is kept in the catalogue (`includeTopLevelFolder`).
    pub async fn set_include_top_level_folder(
        &self,
        consignment: &ConsignmentId,
        include: bool,
    ) -> Result<(), TransferError> {
        on_pool!(&self.pool, pool => {
            sqlx::query("UPDATE consignments SET include_top_level_folder = $2 WHERE id = $1")
                .bind(consignment.as_str())
                .bind(include)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// Each identified file's PUIDs, `|`-separated as TDR's error report writes them.
    pub async fn puids(
        &self,
        consignment: &ConsignmentId,
    ) -> Result<BTreeMap<FileId, String>, TransferError> {
        let rows: Vec<(String, Option<String>)> = on_pool!(&self.pool, pool => {
            sqlx::query_as(
                "SELECT m.file_id, m.puid FROM ffid_matches m JOIN transfer_files f ON f.id = m.file_id \
                 WHERE f.consignment_id = $1 ORDER BY m.file_id, m.position",
            )
            .bind(consignment.as_str())
            .fetch_all(pool)
            .await?
        });
        let mut puids: BTreeMap<FileId, Vec<String>> = BTreeMap::new();
        for (file, puid) in rows {
            let file: FileId = file.parse().map_err(undecodable)?;
            puids.entry(file).or_default().extend(puid);
        }
        Ok(puids
            .into_iter()
            .map(|(file, puids)| (file, puids.join("|")))
            .collect())
    }
}

/// What the antivirus check recorded about a file (`antivirusMetadata`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AntivirusRecord {
    pub file_id: FileId,
    pub software: String,
    pub software_version: String,
    pub database_version: String,
    /// The threats found, one per line; empty when clean.
    pub result: String,
    pub scanned_at: DateTime<Utc>,
}

/// What the file format check recorded about a file (`ffidMetadata`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FfidRecord {
    pub file_id: FileId,
    pub software: String,
    pub software_version: String,
    pub binary_signature_file_version: String,
    pub container_signature_file_version: String,
    pub method: String,
    pub identified_at: DateTime<Utc>,
    pub matches: Vec<FfidMatchRecord>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FfidMatchRecord {
    pub extension: Option<String>,
    pub identification_basis: String,
    pub puid: Option<String>,
    pub extension_mismatch: bool,
    pub format_name: String,
}

/// Which files' check results to read: a consignment's, one file's, or some files'.
#[derive(Clone, Copy)]
pub(super) enum FilesOf<'a> {
    Consignment(&'a ConsignmentId),
    File(&'a FileId),
    Files(&'a [FileId]),
}

impl FilesOf<'_> {
    /// The condition on the joined `transfer_files f`, with its parameters (`$1` …).
    fn condition(self) -> (String, Vec<String>) {
        match self {
            FilesOf::Consignment(id) => ("f.consignment_id = $1".to_owned(), vec![id.to_string()]),
            FilesOf::File(id) => ("f.id = $1".to_owned(), vec![id.to_string()]),
            FilesOf::Files([]) => ("1 = 0".to_owned(), Vec::new()),
            FilesOf::Files(ids) => (
                format!("f.id IN ({})", placeholders(1, ids.len())),
                ids.iter().map(FileId::to_string).collect(),
            ),
        }
    }
}

/// `$from, $from+1, …`: `count` parameters, for an `IN (…)` list.
pub(super) fn placeholders(from: usize, count: usize) -> String {
    (from..from + count)
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Transfers {
    /// The antivirus results of the consignment's files, by file.
    pub async fn antivirus_records(
        &self,
        consignment: &ConsignmentId,
    ) -> Result<BTreeMap<FileId, AntivirusRecord>, TransferError> {
        self.antivirus_records_of(FilesOf::Consignment(consignment))
            .await
    }

    /// The file format results of the consignment's files, by file.
    pub async fn ffid_records(
        &self,
        consignment: &ConsignmentId,
    ) -> Result<BTreeMap<FileId, FfidRecord>, TransferError> {
        self.ffid_records_of(FilesOf::Consignment(consignment))
            .await
    }

    pub(super) async fn antivirus_records_of(
        &self,
        files: FilesOf<'_>,
    ) -> Result<BTreeMap<FileId, AntivirusRecord>, TransferError> {
        type Row = (String, String, String, String, String, DateTime<Utc>);
        let (condition, parameters) = files.condition();
        let sql = format!(
            "SELECT a.file_id, a.software, a.software_version, a.database_version, a.result, \
             a.scanned_at FROM antivirus_metadata a JOIN transfer_files f ON f.id = a.file_id \
             WHERE {condition}"
        );
        let rows: Vec<Row> = on_pool!(&self.pool, pool => {
            let mut query = sqlx::query_as(&sql);
            for parameter in &parameters {
                query = query.bind(parameter);
            }
            query.fetch_all(pool).await?
        });
        rows.into_iter()
            .map(
                |(file_id, software, software_version, database_version, result, scanned_at)| {
                    let file_id: FileId = file_id.parse().map_err(undecodable)?;
                    Ok((
                        file_id.clone(),
                        AntivirusRecord {
                            file_id,
                            software,
                            software_version,
                            database_version,
                            result,
                            scanned_at,
                        },
                    ))
                },
            )
            .collect()
    }

    pub(super) async fn ffid_records_of(
        &self,
        files: FilesOf<'_>,
    ) -> Result<BTreeMap<FileId, FfidRecord>, TransferError> {
        type Row = (
            String,
            String,
            String,
            String,
            String,
            String,
            DateTime<Utc>,
        );
        type MatchRow = (String, Option<String>, String, Option<String>, bool, String);
        let (condition, parameters) = files.condition();
        let sql = format!(
            "SELECT m.file_id, m.software, m.software_version, m.binary_signature_file_version, \
             m.container_signature_file_version, m.method, m.identified_at FROM ffid_metadata m \
             JOIN transfer_files f ON f.id = m.file_id WHERE {condition}"
        );
        let rows: Vec<Row> = on_pool!(&self.pool, pool => {
            let mut query = sqlx::query_as(&sql);
            for parameter in &parameters {
                query = query.bind(parameter);
            }
            query.fetch_all(pool).await?
        });
        let sql = format!(
            "SELECT m.file_id, m.extension, m.identification_basis, m.puid, \
             m.extension_mismatch, m.format_name FROM ffid_matches m \
             JOIN transfer_files f ON f.id = m.file_id WHERE {condition} \
             ORDER BY m.file_id, m.position"
        );
        let matches: Vec<MatchRow> = on_pool!(&self.pool, pool => {
            let mut query = sqlx::query_as(&sql);
            for parameter in &parameters {
                query = query.bind(parameter);
            }
            query.fetch_all(pool).await?
        });
        let mut records: BTreeMap<FileId, FfidRecord> = BTreeMap::new();
        for (file_id, software, software_version, binary, container, method, identified_at) in rows
        {
            let file_id: FileId = file_id.parse().map_err(undecodable)?;
            records.insert(
                file_id.clone(),
                FfidRecord {
                    file_id,
                    software,
                    software_version,
                    binary_signature_file_version: binary,
                    container_signature_file_version: container,
                    method,
                    identified_at,
                    matches: Vec::new(),
                },
            );
        }
        for (file_id, extension, identification_basis, puid, extension_mismatch, format_name) in
            matches
        {
            let file_id: FileId = file_id.parse().map_err(undecodable)?;
            if let Some(record) = records.get_mut(&file_id) {
                record.matches.push(FfidMatchRecord {
                    extension,
                    identification_basis,
                    puid,
                    extension_mismatch,
                    format_name,
                });
            }
        }
        Ok(records)
    }
}

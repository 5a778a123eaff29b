//! File and consignment metadata as the GraphQL API adds and changes it (other-systems C.1,
//! C.7): `addMultipleFileMetadata` (a service client's checks), `addOrUpdateBulkFileMetadata`
//! (descriptive and closure metadata of a consignment's files) and
//! `addOrUpdateConsignmentMetadata`, as name/value rows in `file_metadata` and
//! `consignment_metadata`.
//!
//! TDR checks property names against its metadata schema (a foreign key to its property
//! tables); ours are the lists below, with TDR's names. What the upload and the checks record
//! about a file, and the declarations the journey's own steps record about a consignment, are
//! not changed here: the journey's rule (`Progress`) is the only way to them. Nothing changes
//! once the transfer is confirmed.
use std::collections::{BTreeMap, BTreeSet};

use backends::store::StoreTransaction;
use backends::{in_transaction, on_pool};

use super::files::{
    placeholders, CLIENT_CHECKSUM, CLIENT_LAST_MODIFIED, CLIENT_PATH, CLIENT_SIZE, SERVER_CHECKSUM,
};
use super::{lock_consignment, undecodable, Caller, TransferError, Transfers};
use crate::transfer::agreement;
use crate::transfer::flow::{Progress, Step};
use crate::transfer::ids::{ConsignmentId, FileId};
use crate::transfer::status::{ConsignmentStatusType, ConsignmentStatusValue};

/// The longest value a property may have, in characters (TDR's schema allows descriptions of
/// 8,000).
pub const MAX_METADATA_VALUE: usize = 8_000;
/// The longest property name, in characters.
pub const MAX_PROPERTY_NAME: usize = 100;
/// The most rows one request may add or change.
pub const MAX_METADATA_ROWS: usize = 10_000;

/// The file properties that describe a record, its closure and its rights (TDR's metadata
/// schema names, `Supplied` and `Defined`): what a member sets, and a service client too.
pub const DESCRIPTIVE_FILE_PROPERTIES: [&str; 21] = [
    "ClosurePeriod",
    "ClosureStartDate",
    "ClosureType",
    "DescriptionAlternate",
    "DescriptionClosed",
    "description",
    "end_date",
    "EvidenceProvidedBy",
    "file_name_translation",
    "FoiExemptionAsserted",
    "FoiExemptionCode",
    "former_reference_department",
    "HeldBy",
    "Language",
    "LegalStatus",
    "RelatedMaterial",
    "RestrictionsOnUse",
    "RightsCopyright",
    "TitleAlternate",
    "TitleClosed",
    "creating_body",
];

/// The file properties the upload and the checks record (TDR's `System` properties, and the
/// server's checksum): never set by a person. Of these a service client's checks may record
/// [`SERVER_CHECKSUM`] only, once.
pub const PROTECTED_FILE_PROPERTIES: [&str; 11] = [
    "UUID",
    "Filename",
    "FileType",
    "FileReference",
    "ParentReference",
    "OriginalFilepath",
    CLIENT_CHECKSUM,
    CLIENT_PATH,
    CLIENT_LAST_MODIFIED,
    CLIENT_SIZE,
    SERVER_CHECKSUM,
];

/// What the final confirmation records (C.2 step 8).
const LEGAL_CUSTODY_CONFIRMED: &str = "LegalCustodyTransferConfirmed";

/// The consignment properties the journey's own steps record (the agreement's answers, the
/// custody confirmation): refused here, so that only the step records them.
pub const JOURNEY_CONSIGNMENT_PROPERTIES: [&str; 5] = [
    agreement::LEGAL_STATUS_PROPERTY,
    agreement::APPRAISAL_SELECTION_SIGN_OFF,
    agreement::SENSITIVITY_REVIEW_SIGN_OFF,
    agreement::INITIAL_OPEN_RECORDS,
    LEGAL_CUSTODY_CONFIRMED,
];

/// The other consignment properties TDR has (its `ConsignmentProperty` table): kept as given.
/// Nothing of the journey reads them.
pub const CONSIGNMENT_PROPERTIES: [&str; 16] = [
    "AllEnglishConfirmed",
    "AppraisalSelectionSignOffConfirmed",
    "ClientSideDraftMetadataFileName",
    "CrownCopyrightConfirmed",
    "FinalOpenRecordsConfirmed",
    "InitialOpenRecordsConfirmed",
    "JudgmentNeutralCitation",
    "JudgmentNoNeutralCitation",
    "JudgmentReference",
    "JudgmentType",
    "JudgmentUpdate",
    "JudgmentUpdateDetails",
    "JudgmentUpdateType",
    "LegalOwnershipTransferConfirmed",
    "PublicRecordsConfirmed",
    "SensitivityReviewSignOffConfirmed",
];

/// TDR's words when a file is not one of the consignment's files.
const NOT_THE_CONSIGNMENTS_FILES: &str =
    "Input contains directory id or contains non-existing file id or consignment id is incorrect";

/// One property of one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileMetadataRow {
    pub file_id: FileId,
    pub property_name: String,
    pub value: String,
}

/// Which file properties a mutation may set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Setting {
    /// A person's (or a service's) description of the records.
    Descriptive,
    /// A service client's checks: the descriptive properties and the server's checksum.
    Checks,
}

fn invalid(message: impl Into<String>) -> TransferError {
    TransferError::InvalidInput(message.into())
}

/// Whether `count` rows may be taken at once.
fn check_count(count: usize, what: &str) -> Result<(), TransferError> {
    if count == 0 {
        return Err(invalid(format!("{what} is empty: give at least one value")));
    }
    if count > MAX_METADATA_ROWS {
        return Err(too_many());
    }
    Ok(())
}

fn too_many() -> TransferError {
    invalid(format!(
        "At most {MAX_METADATA_ROWS} metadata values may be given at once"
    ))
}

/// A property name and its value, whatever the property.
fn check_name_and_value(name: &str, value: &str) -> Result<(), TransferError> {
    if name.trim().is_empty() {
        return Err(invalid("A property name must not be empty"));
    }
    if name.chars().count() > MAX_PROPERTY_NAME {
        return Err(invalid(format!(
            "A property name is at most {MAX_PROPERTY_NAME} characters"
        )));
    }
    if value.chars().count() > MAX_METADATA_VALUE {
        return Err(invalid(format!(
            "The value of {name} is longer than {MAX_METADATA_VALUE} characters"
        )));
    }
    Ok(())
}

/// Whether a file property may be set by this mutation.
fn check_file_property(name: &str, setting: Setting) -> Result<(), TransferError> {
    if DESCRIPTIVE_FILE_PROPERTIES.contains(&name)
        || (setting == Setting::Checks && name == SERVER_CHECKSUM)
    {
        Ok(())
    } else if PROTECTED_FILE_PROPERTIES.contains(&name) {
        // TDR's words.
        Err(invalid(format!(
            "Protected metadata property found: {name}"
        )))
    } else {
        Err(invalid(format!("'{name}' is not a file metadata property")))
    }
}

/// File metadata rows: each well formed, of a property this mutation may set, and each file's
/// property given once.
fn check_file_rows(rows: &[FileMetadataRow], setting: Setting) -> Result<(), TransferError> {
    let mut seen = BTreeSet::new();
    for row in rows {
        check_name_and_value(&row.property_name, &row.value)?;
        check_file_property(&row.property_name, setting)?;
        if !seen.insert((&row.file_id, row.property_name.as_str())) {
            return Err(invalid(format!(
                "{} is given more than once for file {}",
                row.property_name, row.file_id
            )));
        }
    }
    Ok(())
}

/// The journey's step that records a consignment property, if one does.
fn step_recording(name: &str) -> Option<Step> {
    match name {
        agreement::LEGAL_STATUS_PROPERTY => Some(Step::TransferAgreement),
        agreement::APPRAISAL_SELECTION_SIGN_OFF
        | agreement::SENSITIVITY_REVIEW_SIGN_OFF
        | agreement::INITIAL_OPEN_RECORDS => Some(Step::TransferAgreementContinued),
        LEGAL_CUSTODY_CONFIRMED => Some(Step::ConfirmTransfer),
        _ => None,
    }
}

/// Consignment metadata rows: each well formed, of a property TDR has, each given once; then
/// none of those the journey's steps record.
fn check_consignment_rows(rows: &[(String, String)]) -> Result<(), TransferError> {
    check_count(rows.len(), "consignmentMetadata")?;
    let mut seen = BTreeSet::new();
    for (name, value) in rows {
        check_name_and_value(name, value)?;
        let known = CONSIGNMENT_PROPERTIES.contains(&name.as_str())
            || JOURNEY_CONSIGNMENT_PROPERTIES.contains(&name.as_str());
        if !known {
            return Err(invalid(format!(
                "'{name}' is not a consignment metadata property"
            )));
        }
        if !seen.insert(name.as_str()) {
            return Err(invalid(format!("{name} is given more than once")));
        }
    }
    if let Some((name, step)) = rows
        .iter()
        .find_map(|(name, _)| step_recording(name).map(|step| (name, step)))
    {
        return Err(TransferError::Refused(format!(
            "{name} is recorded by the journey's '{}' step: take that step",
            step.name()
        )));
    }
    Ok(())
}

/// The refusal once the transfer is confirmed.
fn confirmed(consignment: &ConsignmentId) -> TransferError {
    TransferError::Refused(format!(
        "The transfer of consignment {consignment} has been confirmed, so its metadata cannot be changed"
    ))
}

/// Whether a consignment's metadata may change: until the journey's confirmation step is done
/// (after it come only the export and nothing the person changes).
fn open_for_metadata(
    consignment: &ConsignmentId,
    progress: &Progress,
) -> Result<(), TransferError> {
    if Step::ConfirmTransfer.is_done(progress) {
        Err(confirmed(consignment))
    } else {
        Ok(())
    }
}

/// The most ids one `IN (…)` list binds.
const ID_CHUNK: usize = 500;

impl Transfers {
    /// Each of these files' consignment and whether it is a folder; files not found are
    /// missing from the answer.
    async fn file_facts(
        &self,
        ids: &BTreeSet<FileId>,
    ) -> Result<BTreeMap<FileId, (ConsignmentId, bool)>, TransferError> {
        let ids: Vec<&FileId> = ids.iter().collect();
        let mut facts = BTreeMap::new();
        for chunk in ids.chunks(ID_CHUNK) {
            let sql = format!(
                "SELECT id, consignment_id, file_type FROM transfer_files WHERE id IN ({})",
                placeholders(1, chunk.len())
            );
            let rows: Vec<(String, String, String)> = on_pool!(&self.pool, pool => {
                let mut query = sqlx::query_as(&sql);
                for id in chunk {
                    query = query.bind(id.as_str());
                }
                query.fetch_all(pool).await?
            });
            for (id, consignment, file_type) in rows {
                facts.insert(
                    id.parse().map_err(undecodable)?,
                    (
                        consignment.parse().map_err(undecodable)?,
                        file_type == "Folder",
                    ),
                );
            }
        }
        Ok(facts)
    }

    /// The journey's rule for metadata, again in the transaction that changes it, with the
    /// consignment's row locked (PostgreSQL; SQLite has one writer): a confirmation committed
    /// since is seen, one being made waits.
    async fn still_open_in(
        tx: &mut StoreTransaction,
        consignment: &ConsignmentId,
    ) -> Result<(), TransferError> {
        lock_consignment(tx, consignment).await?;
        let value: Option<String> = in_transaction!(tx, conn => {
            sqlx::query_scalar(
                "SELECT value FROM consignment_statuses WHERE consignment_id = $1 \
                 AND status_type = $2",
            )
            .bind(consignment.as_str())
            .bind(ConsignmentStatusType::ConfirmTransfer.as_str())
            .fetch_optional(conn)
            .await?
        });
        if value.as_deref() == Some(ConsignmentStatusValue::Completed.as_str()) {
            return Err(confirmed(consignment));
        }
        Ok(())
    }

    /// `addMultipleFileMetadata`: a service client's checks record properties of files (the
    /// server's checksum, or descriptive ones), each once — refused if the file has it already.
    /// Files of any consignment, but only files (not folders), and not once the transfer is
    /// confirmed; the checksum only once the upload is complete (there is nothing to check
    /// before). All or nothing.
    pub async fn add_file_metadata(
        &self,
        rows: &[FileMetadataRow],
    ) -> Result<Vec<FileMetadataRow>, TransferError> {
        check_count(rows.len(), "metadataInputValues")?;
        check_file_rows(rows, Setting::Checks)?;
        let ids: BTreeSet<FileId> = rows.iter().map(|row| row.file_id.clone()).collect();
        let facts = self.file_facts(&ids).await?;
        let mut consignments = BTreeSet::new();
        for id in &ids {
            let (consignment, folder) = facts.get(id).ok_or(TransferError::NotFound)?;
            if *folder {
                return Err(invalid(format!(
                    "{id} is a folder: metadata is recorded for files"
                )));
            }
            consignments.insert(consignment.clone());
        }
        for consignment in &consignments {
            let progress = self.progress(consignment).await?;
            open_for_metadata(consignment, &progress)?;
            let uploaded = progress.value(ConsignmentStatusType::Upload)
                == Some(ConsignmentStatusValue::Completed);
            let checksum = rows.iter().find(|row| {
                row.property_name == SERVER_CHECKSUM
                    && facts.get(&row.file_id).map(|(of, _)| of) == Some(consignment)
            });
            if let (Some(row), false) = (checksum, uploaded) {
                return Err(TransferError::Refused(format!(
                    "The upload of file {}'s consignment is not complete, so it cannot have been checked",
                    row.file_id
                )));
            }
        }
        let mut tx = self.pool.begin().await?;
        for consignment in &consignments {
            Self::still_open_in(&mut tx, consignment).await?;
        }
        for row in rows {
            let added = in_transaction!(&mut tx, conn => {
                sqlx::query(
                    "INSERT INTO file_metadata (file_id, property_name, value) VALUES ($1, $2, $3) \
                     ON CONFLICT (file_id, property_name) DO NOTHING",
                )
                .bind(row.file_id.as_str())
                .bind(&row.property_name)
                .bind(&row.value)
                .execute(conn)
                .await?
                .rows_affected()
            });
            if added == 0 {
                // Dropping the transaction undoes the rows added before.
                return Err(TransferError::Refused(format!(
                    "File {} already has {}",
                    row.file_id, row.property_name
                )));
            }
        }
        tx.commit().await?;
        Ok(rows.to_vec())
    }

    /// `addOrUpdateBulkFileMetadata`: descriptive metadata of files of one consignment the
    /// caller may see, each property set (or, given empty, removed, as TDR does); answers the
    /// properties set. Refused for a folder or another consignment's file (TDR's words), for a
    /// property the upload or the checks record, and once the transfer is confirmed. All or
    /// nothing.
    pub async fn add_or_update_file_metadata(
        &self,
        caller: &Caller,
        consignment: &ConsignmentId,
        files: &[FileId],
        rows: &[FileMetadataRow],
    ) -> Result<Vec<FileMetadataRow>, TransferError> {
        let consignment = self.consignment(caller, consignment).await?;
        if files.is_empty() {
            // TDR's words.
            return Err(invalid(
                "'fileIds' is empty. Please provide at least one fileId.",
            ));
        }
        if rows.len() > MAX_METADATA_ROWS {
            return Err(too_many());
        }
        check_file_rows(rows, Setting::Descriptive)?;
        let ids: BTreeSet<FileId> = files.iter().cloned().collect();
        let facts = self.file_facts(&ids).await?;
        let theirs = ids.iter().all(|id| {
            facts
                .get(id)
                .is_some_and(|(of, folder)| *of == consignment.id && !folder)
        });
        if !theirs {
            return Err(invalid(NOT_THE_CONSIGNMENTS_FILES));
        }
        let progress = self.progress(&consignment.id).await?;
        open_for_metadata(&consignment.id, &progress)?;
        let mut tx = self.pool.begin().await?;
        Self::still_open_in(&mut tx, &consignment.id).await?;
        for row in rows {
            if row.value.is_empty() {
                in_transaction!(&mut tx, conn => {
                    sqlx::query(
                        "DELETE FROM file_metadata WHERE file_id = $1 AND property_name = $2",
                    )
                    .bind(row.file_id.as_str())
                    .bind(&row.property_name)
                    .execute(conn)
                    .await?;
                });
            } else {
                in_transaction!(&mut tx, conn => {
                    sqlx::query(
                        "INSERT INTO file_metadata (file_id, property_name, value) VALUES ($1, $2, $3) \
                         ON CONFLICT (file_id, property_name) DO UPDATE SET value = excluded.value",
                    )
                    .bind(row.file_id.as_str())
                    .bind(&row.property_name)
                    .bind(&row.value)
                    .execute(conn)
                    .await?;
                });
            }
        }
        tx.commit().await?;
        Ok(rows
            .iter()
            .filter(|row| !row.value.is_empty())
            .cloned()
            .collect())
    }

    /// `addOrUpdateConsignmentMetadata`: properties of a consignment the caller may see, each
    /// set as given; answers them. Refused for a property TDR does not have or one the
    /// journey's steps record (the agreement's answers, the custody confirmation: take the
    /// step), and once the transfer is confirmed. All or nothing.
    pub async fn add_or_update_consignment_metadata(
        &self,
        caller: &Caller,
        consignment: &ConsignmentId,
        rows: &[(String, String)],
    ) -> Result<Vec<(String, String)>, TransferError> {
        let consignment = self.consignment(caller, consignment).await?;
        check_consignment_rows(rows)?;
        let progress = self.progress(&consignment.id).await?;
        open_for_metadata(&consignment.id, &progress)?;
        let mut tx = self.pool.begin().await?;
        Self::still_open_in(&mut tx, &consignment.id).await?;
        for (name, value) in rows {
            in_transaction!(&mut tx, conn => {
                sqlx::query(
                    "INSERT INTO consignment_metadata (consignment_id, property_name, value) \
                     VALUES ($1, $2, $3) ON CONFLICT (consignment_id, property_name) \
                     DO UPDATE SET value = excluded.value",
                )
                .bind(consignment.id.as_str())
                .bind(name)
                .bind(value)
                .execute(conn)
                .await?;
            });
        }
        tx.commit().await?;
        Ok(rows.to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(file: &FileId, name: &str, value: &str) -> FileMetadataRow {
        FileMetadataRow {
            file_id: file.clone(),
            property_name: name.to_owned(),
            value: value.to_owned(),
        }
    }

    fn message(error: TransferError) -> String {
        match error {
            TransferError::InvalidInput(message) | TransferError::Refused(message) => message,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn file_rows_are_descriptive_properties_each_given_once() {
        let file = FileId::random();
        assert!(check_file_rows(
            &[
                row(&file, "ClosureType", "Closed"),
                row(&file, "description", "")
            ],
            Setting::Descriptive
        )
        .is_ok());
        let protected = check_file_rows(&[row(&file, CLIENT_CHECKSUM, "00")], Setting::Descriptive)
            .unwrap_err();
        assert!(matches!(protected, TransferError::InvalidInput(_)));
        assert_eq!(
            message(protected),
            "Protected metadata property found: SHA256ClientSideChecksum"
        );
        // The server's checksum is the checks' only.
        assert!(check_file_rows(&[row(&file, SERVER_CHECKSUM, "ab")], Setting::Checks).is_ok());
        assert!(
            check_file_rows(&[row(&file, SERVER_CHECKSUM, "ab")], Setting::Descriptive).is_err()
        );
        assert!(check_file_rows(&[row(&file, CLIENT_SIZE, "1")], Setting::Checks).is_err());
        let unknown =
            check_file_rows(&[row(&file, "Colour", "red")], Setting::Descriptive).unwrap_err();
        assert_eq!(message(unknown), "'Colour' is not a file metadata property");
        assert!(check_file_rows(&[row(&file, " ", "x")], Setting::Descriptive).is_err());
        let long = "x".repeat(MAX_METADATA_VALUE + 1);
        assert!(
            check_file_rows(&[row(&file, "description", &long)], Setting::Descriptive).is_err()
        );
        let longest = "é".repeat(MAX_METADATA_VALUE);
        assert!(
            check_file_rows(&[row(&file, "description", &longest)], Setting::Descriptive).is_ok(),
            "characters, not bytes"
        );
        let twice = check_file_rows(
            &[
                row(&file, "Language", "Welsh"),
                row(&file, "Language", "English"),
            ],
            Setting::Descriptive,
        )
        .unwrap_err();
        assert!(matches!(twice, TransferError::InvalidInput(_)));
        let other = FileId::random();
        assert!(check_file_rows(
            &[
                row(&file, "Language", "Welsh"),
                row(&other, "Language", "English")
            ],
            Setting::Descriptive
        )
        .is_ok());
    }

    #[test]
    fn consignment_rows_leave_the_journeys_declarations_to_its_steps() {
        let rows = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
                .collect()
        };
        assert!(check_consignment_rows(&rows(&[("JudgmentType", "judgment")])).is_ok());
        assert!(matches!(
            check_consignment_rows(&[]).unwrap_err(),
            TransferError::InvalidInput(_)
        ));
        let journey =
            check_consignment_rows(&rows(&[("LegalStatus", "Not Public Record(s)")])).unwrap_err();
        assert!(matches!(journey, TransferError::Refused(_)));
        assert_eq!(
            message(journey),
            "LegalStatus is recorded by the journey's 'transfer-agreement' step: take that step"
        );
        assert!(matches!(
            check_consignment_rows(&rows(&[(LEGAL_CUSTODY_CONFIRMED, "true")])).unwrap_err(),
            TransferError::Refused(_)
        ));
        // Bad input is told before the journey's refusal.
        assert!(matches!(
            check_consignment_rows(&rows(&[("LegalStatus", "x"), ("Nonsense", "y")])).unwrap_err(),
            TransferError::InvalidInput(_)
        ));
        assert!(matches!(
            check_consignment_rows(&rows(&[("JudgmentType", "a"), ("JudgmentType", "b")]))
                .unwrap_err(),
            TransferError::InvalidInput(_)
        ));
        assert!(matches!(
            check_consignment_rows(&rows(&[("", "a")])).unwrap_err(),
            TransferError::InvalidInput(_)
        ));
    }

    #[test]
    fn metadata_is_open_until_the_transfer_is_confirmed() {
        let id = ConsignmentId::random();
        let uploading = Progress {
            statuses: vec![(
                ConsignmentStatusType::Upload,
                ConsignmentStatusValue::InProgress,
            )],
            all_checks_succeeded: false,
        };
        assert!(open_for_metadata(&id, &uploading).is_ok());
        let confirmed = Progress {
            statuses: vec![(
                ConsignmentStatusType::ConfirmTransfer,
                ConsignmentStatusValue::Completed,
            )],
            all_checks_succeeded: true,
        };
        assert!(matches!(
            open_for_metadata(&id, &confirmed).unwrap_err(),
            TransferError::Refused(_)
        ));
    }
}

//! The objects the API answers with, with TDR's type and field names.
use std::collections::BTreeMap;

use async_graphql::{ComplexObject, Context, Object, Result, SimpleObject};
use tokio::sync::OnceCell;

use super::inputs::{ConsignmentFilters, ConsignmentMetadataFilter, FileFilters, PaginationInput};
use super::scalars::{epoch_millis, Long, Uuid, ZonedDateTime};
use super::{answer, coded, codes, invalid_input, MAX_FILE_PAGE};
use crate::transfer::ids::FileId;
use crate::transfer::server::{
    AntivirusRecord, Caller, Consignment, ConsignmentFilter, ConsignmentStatusRecord, FfidRecord,
    FileCheckFailure, FileEntry, FileFilter, FileMetadataRow, FilePageRequest, ReviewDetails,
    Series, TransferFile, Transfers,
};
use crate::transfer::status::{all_checks_succeeded, CheckProgress, FileStatus};

pub(super) fn transfers<'a>(ctx: &Context<'a>) -> Result<&'a Transfers> {
    ctx.data::<Transfers>()
}

#[derive(SimpleObject)]
#[graphql(name = "Series")]
pub struct SeriesNode {
    pub seriesid: Uuid,
    pub bodyid: Uuid,
    pub name: String,
    pub code: String,
    pub description: Option<String>,
}

impl From<Series> for SeriesNode {
    fn from(series: Series) -> Self {
        SeriesNode {
            seriesid: Uuid::from(&series.id),
            bodyid: Uuid::from(&series.body_id),
            name: series.name,
            code: series.code,
            description: Some(series.description).filter(|text| !text.is_empty()),
        }
    }
}

/// A consignment. Its files are read once, the first time a field needs them.
pub struct ConsignmentNode {
    consignment: Consignment,
    files: OnceCell<Vec<TransferFile>>,
    /// `getConsignment`'s `paginationInput`: the page `paginatedFiles` answers when it is given
    /// none of its own.
    pagination: Option<PaginationInput>,
}

impl ConsignmentNode {
    pub fn new(consignment: Consignment) -> Self {
        ConsignmentNode {
            consignment,
            files: OnceCell::new(),
            pagination: None,
        }
    }

    pub fn with_pagination(mut self, pagination: Option<PaginationInput>) -> Self {
        self.pagination = pagination;
        self
    }

    async fn all_files(&self, ctx: &Context<'_>) -> Result<&[TransferFile]> {
        let transfers = transfers(ctx)?;
        let files = self
            .files
            .get_or_try_init(|| async {
                transfers.files(&self.consignment.id).await.map_err(answer)
            })
            .await?;
        Ok(files)
    }

    async fn file_statuses(&self, ctx: &Context<'_>) -> Result<Vec<FileStatus>> {
        Ok(self
            .all_files(ctx)
            .await?
            .iter()
            .flat_map(|file| file.statuses.iter().copied())
            .collect())
    }

    fn only_files(files: &[TransferFile]) -> impl Iterator<Item = &TransferFile> {
        files.iter().filter(|file| file.entry == FileEntry::File)
    }
}

#[Object(name = "Consignment")]
impl ConsignmentNode {
    async fn consignmentid(&self) -> Uuid {
        Uuid::from(&self.consignment.id)
    }

    /// Who started it (null once their account is deleted).
    async fn userid(&self) -> Option<Uuid> {
        let user_id = self.consignment.user_id.as_deref()?;
        super::user_uuid(user_id).parse().ok()
    }

    async fn seriesid(&self) -> Option<Uuid> {
        self.consignment
            .series
            .as_ref()
            .map(|series| Uuid::from(&series.id))
    }

    async fn created_datetime(&self) -> ZonedDateTime {
        ZonedDateTime(self.consignment.created_at)
    }

    async fn transfer_initiated_datetime(&self) -> Option<ZonedDateTime> {
        self.consignment.transfer_initiated_at.map(ZonedDateTime)
    }

    async fn export_datetime(&self) -> Option<ZonedDateTime> {
        self.consignment.export_at.map(ZonedDateTime)
    }

    /// Where the exported bag is: its key in the object store.
    async fn export_location(&self) -> Option<&str> {
        self.consignment.export_location.as_deref()
    }

    async fn consignment_type(&self) -> &str {
        self.consignment.consignment_type.as_str()
    }

    async fn include_top_level_folder(&self) -> bool {
        self.consignment.include_top_level_folder
    }

    async fn series_name(&self) -> Option<&str> {
        self.consignment
            .series
            .as_ref()
            .map(|series| series.name.as_str())
    }

    async fn transferring_body_name(&self) -> &str {
        &self.consignment.body.name
    }

    async fn transferring_body_tdr_code(&self) -> &str {
        &self.consignment.body.tdr_code
    }

    async fn parent_folder(&self) -> Option<&str> {
        self.consignment.parent_folder.as_deref()
    }

    /// The uploaded folder's own id, once its files are recorded.
    async fn parent_folder_id(&self, ctx: &Context<'_>) -> Result<Option<Uuid>> {
        let Some(parent) = &self.consignment.parent_folder else {
            return Ok(None);
        };
        Ok(self
            .all_files(ctx)
            .await?
            .iter()
            .find(|file| file.entry == FileEntry::Folder && file.original_path.as_str() == parent)
            .map(|folder| Uuid::from(&folder.id)))
    }

    async fn consignment_reference(&self) -> &str {
        self.consignment.reference.as_str()
    }

    /// Every check of every file succeeded, and each of the three has run (C.4).
    async fn all_checks_succeeded(&self, ctx: &Context<'_>) -> Result<bool> {
        Ok(all_checks_succeeded(&self.file_statuses(ctx).await?))
    }

    async fn total_files(&self, ctx: &Context<'_>) -> Result<i32> {
        let count = Self::only_files(self.all_files(ctx).await?).count();
        Ok(i32::try_from(count).unwrap_or(i32::MAX))
    }

    /// The files' sizes as the browser gave them, added up.
    async fn total_file_size(&self, ctx: &Context<'_>) -> Result<Long> {
        let total: u64 = Self::only_files(self.all_files(ctx).await?)
            .filter_map(TransferFile::client_size)
            .sum();
        Ok(Long(i64::try_from(total).unwrap_or(i64::MAX)))
    }

    /// How many files each check has processed.
    async fn file_checks(&self, ctx: &Context<'_>) -> Result<FileChecks> {
        let progress = CheckProgress::of(&self.file_statuses(ctx).await?);
        let count = |n: u64| i32::try_from(n).unwrap_or(i32::MAX);
        Ok(FileChecks {
            antivirus_progress: AntivirusProgress {
                files_processed: count(progress.antivirus),
            },
            checksum_progress: ChecksumProgress {
                files_processed: count(progress.checksum),
            },
            ffid_progress: FfidProgress {
                files_processed: count(progress.ffid),
            },
        })
    }

    /// The files and folders, by path; only those passing the filters, if any.
    async fn files(
        &self,
        ctx: &Context<'_>,
        file_filters_input: Option<FileFilters>,
    ) -> Result<Vec<FileNode>> {
        let transfers = transfers(ctx)?;
        let look_ahead = ctx.look_ahead();
        let antivirus = if look_ahead.field("antivirusMetadata").exists() {
            transfers
                .antivirus_records(&self.consignment.id)
                .await
                .map_err(answer)?
        } else {
            BTreeMap::new()
        };
        let mut ffid = if look_ahead.field("ffidMetadata").exists() {
            transfers
                .ffid_records(&self.consignment.id)
                .await
                .map_err(answer)?
        } else {
            BTreeMap::new()
        };
        let files = self.all_files(ctx).await?;
        let references: BTreeMap<&FileId, &str> = files
            .iter()
            .map(|file| (&file.id, file.reference.as_str()))
            .collect();
        let properties = file_filters_input.as_ref().and_then(metadata_properties);
        let passes = |file: &TransferFile| match &file_filters_input {
            None => true,
            Some(filters) => {
                filters
                    .file_type_identifier
                    .as_deref()
                    .is_none_or(|kind| kind == file.entry.as_str())
                    && filters
                        .selected_file_ids
                        .as_ref()
                        .is_none_or(|ids| ids.iter().any(|id| id.as_str() == file.id.as_str()))
                    && filters.parent_id.as_ref().is_none_or(|parent| {
                        file.parent_id
                            .as_ref()
                            .is_some_and(|id| id.as_str() == parent.as_str())
                    })
            }
        };
        Ok(files
            .iter()
            .filter(|file| passes(file))
            .map(|file| {
                let parent_reference = file
                    .parent_id
                    .as_ref()
                    .and_then(|parent| references.get(parent))
                    .map(|reference| (*reference).to_owned());
                FileNode::new(
                    file,
                    parent_reference,
                    antivirus.get(&file.id).cloned(),
                    ffid.remove(&file.id),
                    properties.as_deref(),
                )
            })
            .collect())
    }

    /// A page of the files and folders, by path (within a folder, by name), Relay-style: the
    /// cursor is a file's id, the page after it is the one after that file, so paging with
    /// cursors visits each once. `paginationInput` as TDR's: `limit` (at most
    /// [`MAX_FILE_PAGE`], the most when not given), `currentPage` (pages to skip after the
    /// cursor), `currentCursor` and `fileFilters`; when not given, `getConsignment`'s.
    async fn paginated_files(
        &self,
        ctx: &Context<'_>,
        pagination_input: Option<PaginationInput>,
    ) -> Result<FileConnection> {
        let input = pagination_input
            .or_else(|| self.pagination.clone())
            // TDR's words.
            .ok_or_else(|| {
                invalid_input(
                    "No pagination input argument provided for 'paginatedFiles' field query",
                )
            })?;
        let limit = match input.limit {
            None => MAX_FILE_PAGE,
            Some(limit) if limit < 1 => return Err(invalid_input("limit must be at least 1")),
            Some(limit) => limit.min(MAX_FILE_PAGE),
        };
        let page = u64::try_from(input.current_page.unwrap_or(0))
            .map_err(|_| invalid_input("currentPage must not be negative"))?;
        let after = match &input.current_cursor {
            Some(cursor) => Some(cursor.parse::<Uuid>().map(|id| id.file()).map_err(|_| {
                coded(
                    codes::REFUSED,
                    format!("The cursor {cursor} is not the id of a file of this consignment"),
                )
            })?),
            None => None,
        };
        let filters = input.file_filters.as_ref();
        let filter = FileFilter {
            file_type: filters.and_then(|filters| filters.file_type_identifier.clone()),
            selected: filters
                .and_then(|filters| filters.selected_file_ids.as_ref())
                .map(|ids| ids.iter().map(Uuid::file).collect()),
            parent: filters
                .and_then(|filters| filters.parent_id.as_ref())
                .map(Uuid::file),
        };
        let properties = filters.and_then(metadata_properties);
        let limit_count = limit as u64;
        let transfers = transfers(ctx)?;
        let found = transfers
            .file_page(
                &self.consignment.id,
                &FilePageRequest {
                    filter,
                    after: after.clone(),
                    offset: page.saturating_mul(limit_count),
                    limit: limit_count,
                },
            )
            .await
            .map_err(answer)?;
        let ids: Vec<FileId> = found.files.iter().map(|file| file.id.clone()).collect();
        let node = ctx.look_ahead().field("edges").field("node");
        let antivirus = if node.field("antivirusMetadata").exists() {
            transfers
                .antivirus_records_for(&ids)
                .await
                .map_err(answer)?
        } else {
            BTreeMap::new()
        };
        let mut ffid = if node.field("ffidMetadata").exists() {
            transfers.ffid_records_for(&ids).await.map_err(answer)?
        } else {
            BTreeMap::new()
        };
        let edges: Vec<FileEdge> = found
            .files
            .iter()
            .map(|file| FileEdge {
                cursor: file.id.to_string(),
                node: FileNode::new(
                    file,
                    found.parent_references.get(&file.id).cloned(),
                    antivirus.get(&file.id).cloned(),
                    ffid.remove(&file.id),
                    properties.as_deref(),
                ),
            })
            .collect();
        let count = |n: u64| i32::try_from(n).unwrap_or(i32::MAX);
        Ok(FileConnection {
            page_info: PageInfo {
                has_next_page: found.more,
                has_previous_page: after.is_some() || page > 0,
                start_cursor: edges.first().map(|edge| edge.cursor.clone()),
                end_cursor: edges.last().map(|edge| edge.cursor.clone()),
            },
            edges,
            total_pages: Some(count(found.total.div_ceil(limit_count))),
            total_items: Some(count(found.total)),
        })
    }

    /// Its statuses, in the order they were first set.
    async fn consignment_statuses(&self, ctx: &Context<'_>) -> Result<Vec<ConsignmentStatus>> {
        Ok(transfers(ctx)?
            .consignment_statuses(&self.consignment.id)
            .await
            .map_err(answer)?
            .into_iter()
            .map(|record| ConsignmentStatus::new(&self.consignment, record))
            .collect())
    }

    /// Its name/value metadata (the agreement's answers), by name; only the names asked for,
    /// if any.
    async fn consignment_metadata(
        &self,
        ctx: &Context<'_>,
        consignment_metadata_filters_input: Option<ConsignmentMetadataFilter>,
    ) -> Result<Vec<ConsignmentMetadata>> {
        Ok(transfers(ctx)?
            .consignment_metadata(&self.consignment.id)
            .await
            .map_err(answer)?
            .into_iter()
            .filter(|(name, _)| {
                consignment_metadata_filters_input
                    .as_ref()
                    .is_none_or(|filter| filter.property_names.contains(name))
            })
            .map(|(property_name, value)| ConsignmentMetadata {
                property_name,
                value,
            })
            .collect())
    }
}

#[derive(SimpleObject)]
pub struct FileChecks {
    pub antivirus_progress: AntivirusProgress,
    pub checksum_progress: ChecksumProgress,
    pub ffid_progress: FfidProgress,
}

#[derive(SimpleObject)]
pub struct AntivirusProgress {
    pub files_processed: i32,
}

#[derive(SimpleObject)]
pub struct ChecksumProgress {
    pub files_processed: i32,
}

#[derive(SimpleObject)]
#[graphql(name = "FFIDProgress")]
pub struct FfidProgress {
    pub files_processed: i32,
}

/// The metadata properties `fileMetadata` is to show (`metadataFilters`), if not all.
fn metadata_properties(filters: &FileFilters) -> Option<Vec<String>> {
    filters
        .metadata_filters
        .as_ref()
        .and_then(|metadata| metadata.properties.clone())
        .filter(|properties| !properties.is_empty())
}

#[derive(SimpleObject)]
#[graphql(name = "File")]
pub struct FileNode {
    pub file_id: Uuid,
    /// The browser's own id for it (files only).
    pub upload_match_id: Option<String>,
    /// `File` or `Folder`.
    pub file_type: String,
    pub file_name: String,
    pub file_reference: String,
    pub parent_id: Option<Uuid>,
    pub parent_reference: Option<String>,
    pub original_file_path: String,
    pub file_metadata: Vec<FileMetadataValue>,
    pub file_statuses: Vec<FileStatusNode>,
    pub ffid_metadata: Option<FfidMetadata>,
    pub antivirus_metadata: Option<AntivirusMetadata>,
}

impl FileNode {
    /// The file as the API shows it; its `fileMetadata` only the `properties` given, if any.
    fn new(
        file: &TransferFile,
        parent_reference: Option<String>,
        antivirus: Option<AntivirusRecord>,
        ffid: Option<FfidRecord>,
        properties: Option<&[String]>,
    ) -> Self {
        FileNode {
            file_id: Uuid::from(&file.id),
            upload_match_id: file.upload_match_id.clone(),
            file_type: file.entry.as_str().to_owned(),
            file_name: file.file_name.clone(),
            file_reference: file.reference.clone(),
            parent_id: file.parent_id.as_ref().map(Uuid::from),
            parent_reference,
            original_file_path: file.original_path.to_string(),
            file_metadata: file
                .metadata
                .iter()
                .filter(|(name, _)| properties.is_none_or(|wanted| wanted.contains(name)))
                .map(|(name, value)| FileMetadataValue {
                    name: name.clone(),
                    value: value.clone(),
                })
                .collect(),
            file_statuses: file
                .statuses
                .iter()
                .map(|status| FileStatusNode::new(&file.id, *status))
                .collect(),
            antivirus_metadata: antivirus.map(AntivirusMetadata::from),
            ffid_metadata: ffid.map(FfidMetadata::from),
        }
    }
}

#[derive(SimpleObject)]
pub struct FileMetadataValue {
    pub name: String,
    pub value: String,
}

#[derive(SimpleObject)]
#[graphql(name = "FileStatus")]
pub struct FileStatusNode {
    pub file_id: Uuid,
    pub status_type: String,
    pub status_value: String,
}

impl FileStatusNode {
    pub fn new(file: &FileId, status: FileStatus) -> Self {
        FileStatusNode {
            file_id: Uuid::from(file),
            status_type: status.status_type.as_str().to_owned(),
            status_value: status.value.as_str().to_owned(),
        }
    }
}

#[derive(SimpleObject)]
pub struct AntivirusMetadata {
    pub file_id: Uuid,
    pub software: String,
    pub software_version: String,
    pub database_version: String,
    /// The threats found, one per line; empty when clean.
    pub result: String,
    /// When it was scanned, in milliseconds since the epoch.
    pub datetime: Long,
}

impl From<AntivirusRecord> for AntivirusMetadata {
    fn from(record: AntivirusRecord) -> Self {
        AntivirusMetadata {
            file_id: Uuid::from(&record.file_id),
            software: record.software,
            software_version: record.software_version,
            database_version: record.database_version,
            result: record.result,
            datetime: epoch_millis(record.scanned_at),
        }
    }
}

#[derive(SimpleObject)]
#[graphql(name = "FFIDMetadata")]
pub struct FfidMetadata {
    pub file_id: Uuid,
    pub software: String,
    pub software_version: String,
    pub binary_signature_file_version: String,
    pub container_signature_file_version: String,
    pub method: String,
    pub matches: Vec<FfidMetadataMatches>,
    /// When it was identified, in milliseconds since the epoch.
    pub datetime: Long,
}

#[derive(SimpleObject)]
#[graphql(name = "FFIDMetadataMatches")]
pub struct FfidMetadataMatches {
    pub extension: Option<String>,
    pub identification_basis: String,
    pub puid: Option<String>,
    pub file_extension_mismatch: Option<bool>,
    pub format_name: Option<String>,
}

impl From<FfidRecord> for FfidMetadata {
    fn from(record: FfidRecord) -> Self {
        FfidMetadata {
            file_id: Uuid::from(&record.file_id),
            software: record.software,
            software_version: record.software_version,
            binary_signature_file_version: record.binary_signature_file_version,
            container_signature_file_version: record.container_signature_file_version,
            method: record.method,
            matches: record
                .matches
                .into_iter()
                .map(|found| FfidMetadataMatches {
                    extension: found.extension,
                    identification_basis: found.identification_basis,
                    puid: found.puid,
                    file_extension_mismatch: Some(found.extension_mismatch),
                    format_name: Some(found.format_name),
                })
                .collect(),
            datetime: epoch_millis(record.identified_at),
        }
    }
}

#[derive(SimpleObject)]
pub struct ConsignmentStatus {
    /// TDR gives each status row an id; ours are kept one per type, so there is none to give.
    pub consignment_status_id: Option<Uuid>,
    pub consignment_id: Uuid,
    pub status_type: String,
    pub value: String,
    pub created_datetime: ZonedDateTime,
    pub modified_datetime: Option<ZonedDateTime>,
}

impl ConsignmentStatus {
    pub fn new(consignment: &Consignment, record: ConsignmentStatusRecord) -> Self {
        ConsignmentStatus {
            consignment_status_id: None,
            consignment_id: Uuid::from(&consignment.id),
            status_type: record.status_type.as_str().to_owned(),
            value: record.value.as_str().to_owned(),
            created_datetime: ZonedDateTime(record.created_at),
            modified_datetime: record.modified_at.map(ZonedDateTime),
        }
    }
}

#[derive(SimpleObject)]
pub struct ConsignmentMetadata {
    pub property_name: String,
    pub value: String,
}

#[derive(SimpleObject)]
pub struct FileMatches {
    pub file_id: Uuid,
    pub match_id: String,
}

#[derive(SimpleObject)]
pub struct TransferAgreementPrivateBeta {
    pub consignment_id: Uuid,
    pub all_public_records: bool,
}

#[derive(SimpleObject)]
pub struct TransferAgreementCompliance {
    pub consignment_id: Uuid,
    pub appraisal_selection_signed_off: bool,
    pub initial_open_records: Option<bool>,
    pub sensitivity_review_signed_off: bool,
}

#[derive(SimpleObject)]
pub struct FinalTransferConfirmation {
    pub consignment_id: Uuid,
    pub legal_custody_transfer_confirmed: bool,
}

/// Information about pagination in a connection.
#[derive(SimpleObject)]
pub struct PageInfo {
    /// When paginating forwards, are there more items?
    pub has_next_page: bool,
    /// When paginating backwards, are there more items?
    pub has_previous_page: bool,
    /// When paginating backwards, the cursor to continue.
    pub start_cursor: Option<String>,
    /// When paginating forwards, the cursor to continue.
    pub end_cursor: Option<String>,
}

/// An edge in a connection.
#[derive(SimpleObject)]
pub struct ConsignmentEdge {
    /// The item at the end of the edge.
    pub node: ConsignmentNode,
    /// A cursor for use in pagination: the consignment's reference.
    pub cursor: String,
}

/// A connection to a list of items.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct ConsignmentConnection {
    /// Information to aid in pagination.
    pub page_info: PageInfo,
    /// A list of edges.
    pub edges: Vec<ConsignmentEdge>,
    #[graphql(skip)]
    pub limit: i32,
    #[graphql(skip)]
    pub filter: ConsignmentFilter,
    #[graphql(skip)]
    pub caller: Caller,
}

#[ComplexObject]
impl ConsignmentConnection {
    /// How many pages of `limit` (by default the query's) the consignments passing the filters
    /// (by default the query's) fill.
    async fn total_pages(
        &self,
        ctx: &Context<'_>,
        limit: Option<i32>,
        consignment_filters_input: Option<ConsignmentFilters>,
    ) -> Result<Option<i32>> {
        let limit = limit.unwrap_or(self.limit);
        let limit = u64::try_from(limit)
            .ok()
            .filter(|limit| *limit > 0)
            .ok_or_else(|| super::invalid_input("limit must be at least 1"))?;
        let filter = match consignment_filters_input {
            Some(filters) => super::query::filter_of(filters)?,
            None => self.filter.clone(),
        };
        let total = transfers(ctx)?
            .count_consignments(&self.caller, &filter)
            .await
            .map_err(answer)?;
        Ok(Some(
            i32::try_from(total.div_ceil(limit)).unwrap_or(i32::MAX),
        ))
    }
}

/// An edge in a connection.
#[derive(SimpleObject)]
pub struct FileEdge {
    /// The item at the end of the edge.
    pub node: FileNode,
    /// A cursor for use in pagination: the file's id.
    pub cursor: String,
}

/// A connection to a list of items.
#[derive(SimpleObject)]
pub struct FileConnection {
    /// Information to aid in pagination.
    pub page_info: PageInfo,
    /// A list of edges.
    pub edges: Vec<FileEdge>,
    /// How many pages of the page's `limit` the files and folders passing the filters fill.
    pub total_pages: Option<i32>,
    /// How many files and folders pass the filters.
    pub total_items: Option<i32>,
}

/// A failed check of a file, with what TDR's report shows beside it (`getFileCheckFailures`).
#[derive(SimpleObject)]
#[graphql(name = "FileCheckFailure")]
pub struct FileCheckFailureNode {
    pub file_id: Uuid,
    pub consignment_id: Uuid,
    /// Ours: TDR's report has the consignment's id only.
    pub consignment_reference: String,
    pub consignment_type: String,
    /// The file's place among the files reported, from 1 (the rows of one file share it).
    pub rank_over_file_path: i32,
    /// A format the file format check found (one row per format).
    #[graphql(name = "PUID")]
    pub puid: Option<String>,
    /// Who started the consignment (null once their account is deleted).
    pub user_id: Option<Uuid>,
    pub status_type: String,
    pub status_value: String,
    pub series_name: Option<String>,
    pub transferring_body_name: Option<String>,
    /// The threats found, one per line; empty when clean; null if not scanned.
    pub antivirus_result: Option<String>,
    pub extension: Option<String>,
    pub identification_basis: Option<String>,
    pub extension_mismatch: bool,
    pub format_name: Option<String>,
    /// The SHA-256 the browser computed.
    pub checksum: Option<String>,
    /// When the failed status was recorded.
    pub created_date_time: ZonedDateTime,
}

impl From<FileCheckFailure> for FileCheckFailureNode {
    fn from(failure: FileCheckFailure) -> Self {
        let found = failure.ffid_match;
        FileCheckFailureNode {
            file_id: Uuid::from(&failure.file_id),
            consignment_id: Uuid::from(&failure.consignment_id),
            consignment_reference: failure.consignment_reference.to_string(),
            consignment_type: failure.consignment_type.as_str().to_owned(),
            rank_over_file_path: i32::try_from(failure.rank).unwrap_or(i32::MAX),
            puid: found.as_ref().and_then(|found| found.puid.clone()),
            user_id: failure
                .user_id
                .as_deref()
                .and_then(|id| super::user_uuid(id).parse().ok()),
            status_type: failure.status.status_type.as_str().to_owned(),
            status_value: failure.status.value.as_str().to_owned(),
            series_name: failure.series_name,
            transferring_body_name: Some(failure.body_name),
            antivirus_result: failure.antivirus_result,
            extension: found.as_ref().and_then(|found| found.extension.clone()),
            identification_basis: found
                .as_ref()
                .map(|found| found.identification_basis.clone()),
            extension_mismatch: found.as_ref().is_some_and(|found| found.extension_mismatch),
            format_name: found.map(|found| found.format_name),
            checksum: failure.client_checksum,
            created_date_time: ZonedDateTime(failure.created_at),
        }
    }
}

/// A consignment whose metadata is under review (`getConsignmentReviewDetails`).
#[derive(SimpleObject)]
pub struct ConsignmentReviewDetails {
    pub consignment_id: Uuid,
    pub consignment_reference: String,
    /// `Requested`, `Rejected`, `Approved` or `Transferred`.
    pub review_status: String,
    pub transferring_body_name: Option<String>,
    pub series_name: Option<String>,
    pub last_updated: ZonedDateTime,
}

impl From<ReviewDetails> for ConsignmentReviewDetails {
    fn from(details: ReviewDetails) -> Self {
        ConsignmentReviewDetails {
            consignment_id: Uuid::from(&details.consignment_id),
            consignment_reference: details.reference.to_string(),
            review_status: details.status.as_str().to_owned(),
            transferring_body_name: Some(details.body_name),
            series_name: details.series_name,
            last_updated: ZonedDateTime(details.last_updated),
        }
    }
}

/// A property of a file, as the metadata mutations answer it.
#[derive(SimpleObject)]
pub struct FileMetadataWithFileId {
    pub file_property_name: String,
    pub file_id: Uuid,
    pub value: String,
}

impl From<FileMetadataRow> for FileMetadataWithFileId {
    fn from(row: FileMetadataRow) -> Self {
        FileMetadataWithFileId {
            file_property_name: row.property_name,
            file_id: Uuid::from(&row.file_id),
            value: row.value,
        }
    }
}

/// A property of a consignment, as `addOrUpdateConsignmentMetadata` answers it.
#[derive(SimpleObject)]
pub struct ConsignmentMetadataWithConsignmentId {
    pub consignment_id: Uuid,
    pub property_name: String,
    pub value: String,
}

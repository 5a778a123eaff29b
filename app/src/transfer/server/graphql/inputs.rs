//! The mutations' and queries' inputs, with TDR's type and field names.
use async_graphql::{Enum, InputObject};

use super::scalars::{Long, Uuid, ZonedDateTime};

#[derive(InputObject)]
pub struct AddConsignmentInput {
    pub seriesid: Option<Uuid>,
    /// `standard` (`judgment` consignments have no journey here).
    pub consignment_type: String,
}

#[derive(InputObject)]
pub struct UpdateConsignmentSeriesIdInput {
    pub consignment_id: Uuid,
    pub series_id: Uuid,
}

#[derive(InputObject)]
pub struct AddTransferAgreementPrivateBetaInput {
    pub consignment_id: Uuid,
    /// Recorded as the legal status "Public Record(s)" when true, "Not Public Record(s)" when
    /// false: the answers of the agreement's first page.
    pub all_public_records: bool,
}

#[derive(InputObject)]
pub struct AddTransferAgreementComplianceInput {
    pub consignment_id: Uuid,
    pub appraisal_selection_signed_off: bool,
    pub initial_open_records: Option<bool>,
    pub sensitivity_review_signed_off: bool,
}

#[derive(InputObject)]
pub struct StartUploadInput {
    pub consignment_id: Uuid,
    pub parent_folder: String,
    /// False when not given.
    pub include_top_level_folder: Option<bool>,
}

#[derive(InputObject)]
pub struct ClientSideMetadataInput {
    pub original_path: String,
    /// The SHA-256 the browser computed, in hex.
    pub checksum: String,
    /// Milliseconds since the epoch.
    pub last_modified: Long,
    pub file_size: Long,
    /// The browser's own id for the file, given back with the file's id.
    pub match_id: String,
}

#[derive(InputObject)]
#[graphql(name = "AddFileAndMetadataInput")]
pub struct AddFilesAndMetadataInput {
    pub consignment_id: Uuid,
    pub metadata_input: Vec<ClientSideMetadataInput>,
    /// Folders with nothing in them, by path; none when not given.
    pub empty_directories: Option<Vec<String>>,
}

#[derive(InputObject)]
pub struct ConsignmentStatusInput {
    pub consignment_id: Uuid,
    pub status_type: String,
    pub status_value: Option<String>,
}

#[derive(InputObject)]
pub struct AddFileStatusInput {
    pub file_id: Uuid,
    pub status_type: String,
    pub status_value: String,
}

#[derive(InputObject)]
pub struct AddMultipleFileStatusesInput {
    pub statuses: Vec<AddFileStatusInput>,
}

#[derive(InputObject)]
pub struct AddAntivirusMetadataInputValues {
    pub file_id: Uuid,
    pub software: String,
    pub software_version: String,
    pub database_version: String,
    /// The threats found, one per line; empty when the file is clean.
    pub result: String,
    /// When it was scanned, in milliseconds since the epoch.
    pub datetime: Long,
}

#[derive(InputObject)]
pub struct AddAntivirusMetadataInput {
    pub antivirus_metadata: Vec<AddAntivirusMetadataInputValues>,
}

#[derive(InputObject)]
#[graphql(name = "FFIDMetadataInputMatches")]
pub struct FfidMetadataInputMatches {
    pub extension: Option<String>,
    pub identification_basis: String,
    pub puid: Option<String>,
    /// False when not given.
    pub file_extension_mismatch: Option<bool>,
    /// Empty when not given.
    pub format_name: Option<String>,
}

#[derive(InputObject)]
#[graphql(name = "FFIDMetadataInputValues")]
pub struct FfidMetadataInputValues {
    pub file_id: Uuid,
    pub software: String,
    pub software_version: String,
    pub binary_signature_file_version: String,
    pub container_signature_file_version: String,
    pub method: String,
    pub matches: Vec<FfidMetadataInputMatches>,
}

#[derive(InputObject)]
#[graphql(name = "FFIDMetadataInput")]
pub struct FfidMetadataInput {
    pub metadata_input_values: Vec<FfidMetadataInputValues>,
}

#[derive(InputObject)]
pub struct AddFinalTransferConfirmationInput {
    pub consignment_id: Uuid,
    pub legal_custody_transfer_confirmed: bool,
}

#[derive(InputObject)]
pub struct UpdateExportDataInput {
    pub consignment_id: Uuid,
    pub export_location: String,
    pub export_datetime: Option<ZonedDateTime>,
    pub export_version: String,
}

#[derive(InputObject, Clone)]
pub struct ConsignmentFilters {
    /// Only those this account started.
    pub user_id: Option<Uuid>,
    pub consignment_type: Option<String>,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(rename_items = "PascalCase")]
pub enum ConsignmentOrderField {
    ConsignmentReference,
    CreatedAtTimestamp,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(rename_items = "PascalCase")]
pub enum Direction {
    Ascending,
    Descending,
}

#[derive(InputObject, Clone, Copy)]
pub struct ConsignmentOrderBy {
    pub consignment_order_field: ConsignmentOrderField,
    pub order_direction: Direction,
}

#[derive(InputObject, Clone)]
pub struct FileFilters {
    /// `File` or `Folder`.
    pub file_type_identifier: Option<String>,
    pub selected_file_ids: Option<Vec<Uuid>>,
    pub parent_id: Option<Uuid>,
    pub metadata_filters: Option<FileMetadataFilters>,
}

#[derive(InputObject)]
pub struct ConsignmentMetadataFilter {
    pub property_names: Vec<String>,
}

#[derive(InputObject, Clone)]
pub struct FileMetadataFilters {
    /// Only these properties in each file's `fileMetadata`; all when not given.
    pub properties: Option<Vec<String>>,
}

/// A page of a consignment's files and folders (`paginatedFiles`).
#[derive(InputObject, Clone)]
pub struct PaginationInput {
    /// How many to a page: the most, [`super::MAX_FILE_PAGE`], when not given or larger.
    pub limit: Option<i32>,
    /// How many pages of `limit` to skip after the cursor.
    pub current_page: Option<i32>,
    /// The `endCursor` of the page before: a file's id.
    pub current_cursor: Option<String>,
    pub file_filters: Option<FileFilters>,
}

#[derive(InputObject)]
pub struct GetFileCheckFailuresInput {
    pub consignment_id: Option<Uuid>,
    /// Only failures recorded after this.
    pub start_date_time: Option<ZonedDateTime>,
    /// Only failures recorded before this.
    pub end_date_time: Option<ZonedDateTime>,
}

#[derive(InputObject)]
pub struct AddFileMetadataWithFileIdInputValues {
    pub file_property_name: String,
    pub file_id: Uuid,
    pub value: String,
}

#[derive(InputObject)]
pub struct AddFileMetadataWithFileIdInput {
    pub metadata_input_values: Vec<AddFileMetadataWithFileIdInputValues>,
}

#[derive(InputObject)]
pub struct AddOrUpdateMetadata {
    pub file_property_name: String,
    /// Empty removes the property.
    pub value: String,
}

#[derive(InputObject)]
pub struct AddOrUpdateFileMetadata {
    pub file_id: Uuid,
    pub metadata: Vec<AddOrUpdateMetadata>,
}

#[derive(InputObject)]
pub struct AddOrUpdateBulkFileMetadataInput {
    pub consignment_id: Uuid,
    pub file_metadata: Vec<AddOrUpdateFileMetadata>,
}

#[derive(InputObject)]
pub struct AddOrUpdateConsignmentMetadata {
    pub property_name: String,
    pub value: String,
}

#[derive(InputObject)]
pub struct AddOrUpdateConsignmentMetadataInput {
    pub consignment_id: Uuid,
    pub consignment_metadata: Vec<AddOrUpdateConsignmentMetadata>,
}

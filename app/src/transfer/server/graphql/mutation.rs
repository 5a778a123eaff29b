//! The mutations. The journey's (a person's declarations and upload) are for signed-in members
//! only, each at its step of the journey as the pages take it; the checks' and the export's
//! reports are for service clients only; the descriptive metadata of a consignment and its files
//! for either, on consignments they may see, until the transfer is confirmed. Each is one call
//! of the repository, which keeps the rules.
use std::sync::Arc;

use async_graphql::{Context, Object, Result};
use chrono::{DateTime, Utc};

use super::inputs::{
    AddAntivirusMetadataInput, AddConsignmentInput, AddFileMetadataWithFileIdInput,
    AddFilesAndMetadataInput, AddFinalTransferConfirmationInput, AddMultipleFileStatusesInput,
    AddOrUpdateBulkFileMetadataInput, AddOrUpdateConsignmentMetadataInput,
    AddTransferAgreementComplianceInput, AddTransferAgreementPrivateBetaInput,
    ConsignmentStatusInput, FfidMetadataInput, StartUploadInput, UpdateConsignmentSeriesIdInput,
    UpdateExportDataInput,
};
use super::query::{client, consignment_type};
use super::scalars::{Long, Uuid};
use super::types::{
    transfers, AntivirusMetadata, ConsignmentMetadataWithConsignmentId, ConsignmentNode,
    ConsignmentStatus, FfidMetadata, FileMatches, FileMetadataWithFileId, FileStatusNode,
    FinalTransferConfirmation, TransferAgreementCompliance, TransferAgreementPrivateBeta,
};
use super::{answer, coded, codes, invalid_input, Client};
use crate::account::server::User;
use crate::transfer::agreement;
use crate::transfer::flow::Step;
use crate::transfer::ids::ConsignmentId;
use crate::transfer::server::{
    AntivirusReport, Caller, ClientName, Consignment, FfidReport, FfidReportMatch, FileMetadataRow,
    StatusChange, TransferError, Transfers,
};
use crate::transfer::status::{
    ConsignmentStatusType, ConsignmentStatusValue, ConsignmentType, FileStatus, FileStatusType,
    FileStatusValue,
};
use crate::transfer::upload::{FileInput, RecordPath, Sha256Hex, MAX_FILE_BYTES};

pub struct Mutation;

/// The member calling, for the journey's mutations.
fn member<'a>(ctx: &Context<'a>, doing: &str) -> Result<&'a Arc<User>> {
    match client(ctx)? {
        Client::Member(user) => Ok(user),
        Client::Service(_) => Err(coded(
            codes::NOT_AUTHORISED,
            format!("Only a signed-in member of a transferring body may {doing}"),
        )),
    }
}

/// A signed-in member's consignment at `step` of its journey (refused otherwise, as the pages
/// refuse it), and the repository: how the journey's mutations begin.
async fn member_consignment_at<'a>(
    ctx: &Context<'a>,
    doing: &str,
    id: &ConsignmentId,
    step: Step,
) -> Result<(&'a Transfers, Consignment)> {
    let caller = Caller::account(member(ctx, doing)?);
    let transfers = transfers(ctx)?;
    let (consignment, _) = transfers
        .consignment_at_step(&caller, id, step)
        .await
        .map_err(answer)?;
    Ok((transfers, consignment))
}

/// The service client calling, for the checks' and the export's reports.
fn service<'a>(ctx: &Context<'a>, doing: &str) -> Result<&'a ClientName> {
    match client(ctx)? {
        Client::Service(name) => Ok(name),
        Client::Member(_) => Err(coded(
            codes::NOT_AUTHORISED,
            format!("Only a service client may {doing}"),
        )),
    }
}

/// Milliseconds since the epoch as a time.
fn moment(millis: Long) -> Result<DateTime<Utc>> {
    DateTime::from_timestamp_millis(millis.0)
        .ok_or_else(|| invalid_input(format!("{} is not a time in milliseconds", millis.0)))
}

/// A path the upload names.
fn record_path(path: &str) -> Result<RecordPath> {
    RecordPath::try_from(path.to_owned()).map_err(|bad| invalid_input(bad.to_string()))
}

fn status_input(
    status_type: &str,
    value: &str,
) -> Result<(ConsignmentStatusType, ConsignmentStatusValue)> {
    match (status_type.parse(), value.parse()) {
        (Ok(status_type), Ok(value)) => Ok((status_type, value)),
        // TDR's words.
        _ => Err(invalid_input(format!(
            "Invalid ConsignmentStatus input: either '{status_type}' or '{value}'"
        ))),
    }
}

fn as_int(count: u64) -> i32 {
    i32::try_from(count).unwrap_or(i32::MAX)
}

#[Object]
impl Mutation {
    /// Starts a consignment for the member's body (a `standard` one), with its series if given.
    async fn add_consignment(
        &self,
        ctx: &Context<'_>,
        add_consignment_input: AddConsignmentInput,
    ) -> Result<ConsignmentNode> {
        let user = member(ctx, "start a consignment")?;
        let transfers = transfers(ctx)?;
        if consignment_type(&add_consignment_input.consignment_type)? != ConsignmentType::Standard {
            return Err(coded(
                codes::REFUSED,
                "Judgment consignments have no journey in this service: start a standard one",
            ));
        }
        let user_id = user.id.to_string();
        let body = transfers
            .body_of_member(&user_id)
            .await
            .map_err(answer)?
            .ok_or_else(|| {
                coded(
                    codes::NOT_AUTHORISED,
                    "Your account is not linked to a transferring body, so you cannot start a transfer",
                )
            })?;
        let series = match &add_consignment_input.seriesid {
            Some(id) => Some(
                transfers
                    .series(&id.series())
                    .await
                    .map_err(answer)?
                    .filter(|series| series.body_id == body.id)
                    .ok_or_else(|| answer(TransferError::NotFound))?,
            ),
            None => None,
        };
        let consignment = transfers
            .add_consignment(&user_id, &body, ConsignmentType::Standard)
            .await
            .map_err(answer)?;
        if let Some(series) = series {
            transfers
                .set_series(&consignment, &series.id)
                .await
                .map_err(answer)?;
        }
        let caller = client(ctx)?.caller();
        let consignment = transfers
            .consignment(&caller, &consignment.id)
            .await
            .map_err(answer)?;
        Ok(ConsignmentNode::new(consignment))
    }

    /// Chooses the consignment's series (one of its body's), at the series step.
    async fn update_consignment_series_id(
        &self,
        ctx: &Context<'_>,
        update_consignment_series_id: UpdateConsignmentSeriesIdInput,
    ) -> Result<Option<i32>> {
        let input = update_consignment_series_id;
        let (transfers, consignment) = member_consignment_at(
            ctx,
            "choose a series",
            &input.consignment_id.consignment(),
            Step::Series,
        )
        .await?;
        transfers
            .set_series(&consignment, &input.series_id.series())
            .await
            .map_err(answer)?;
        Ok(Some(1))
    }

    /// The agreement's first part: the records' legal status, as the page records it.
    async fn add_transfer_agreement_private_beta(
        &self,
        ctx: &Context<'_>,
        add_transfer_agreement_private_beta_input: AddTransferAgreementPrivateBetaInput,
    ) -> Result<TransferAgreementPrivateBeta> {
        let input = add_transfer_agreement_private_beta_input;
        let (transfers, consignment) = member_consignment_at(
            ctx,
            "agree to a transfer",
            &input.consignment_id.consignment(),
            Step::TransferAgreement,
        )
        .await?;
        let legal_status = if input.all_public_records {
            agreement::PUBLIC_RECORDS
        } else {
            agreement::NOT_PUBLIC_RECORDS
        };
        transfers
            .record_answers(
                &consignment.id,
                &[(agreement::LEGAL_STATUS_PROPERTY, legal_status.to_owned())],
                (
                    ConsignmentStatusType::TransferAgreement,
                    ConsignmentStatusValue::InProgress,
                ),
            )
            .await
            .map_err(answer)?;
        Ok(TransferAgreementPrivateBeta {
            consignment_id: input.consignment_id,
            all_public_records: input.all_public_records,
        })
    }

    /// The agreement's second part: the Departmental Records Officer's sign-offs, both of which
    /// must be given (refused in TDR's words otherwise), as the page records them.
    async fn add_transfer_agreement_compliance(
        &self,
        ctx: &Context<'_>,
        add_transfer_agreement_compliance_input: AddTransferAgreementComplianceInput,
    ) -> Result<TransferAgreementCompliance> {
        let input = add_transfer_agreement_compliance_input;
        let (transfers, consignment) = member_consignment_at(
            ctx,
            "agree to a transfer",
            &input.consignment_id.consignment(),
            Step::TransferAgreementContinued,
        )
        .await?;
        if !input.appraisal_selection_signed_off {
            return Err(coded(
                codes::REFUSED,
                agreement::APPRAISAL_SELECTION_MISSING,
            ));
        }
        if !input.sensitivity_review_signed_off {
            return Err(coded(codes::REFUSED, agreement::SENSITIVITY_REVIEW_MISSING));
        }
        let mut answers = vec![
            (
                agreement::APPRAISAL_SELECTION_SIGN_OFF,
                agreement::CONFIRMED.to_owned(),
            ),
            (
                agreement::SENSITIVITY_REVIEW_SIGN_OFF,
                agreement::CONFIRMED.to_owned(),
            ),
        ];
        if let Some(open) = input.initial_open_records {
            answers.push((agreement::INITIAL_OPEN_RECORDS, open.to_string()));
        }
        transfers
            .record_answers(
                &consignment.id,
                &answers,
                (
                    ConsignmentStatusType::TransferAgreement,
                    ConsignmentStatusValue::Completed,
                ),
            )
            .await
            .map_err(answer)?;
        Ok(TransferAgreementCompliance {
            consignment_id: input.consignment_id,
            appraisal_selection_signed_off: true,
            initial_open_records: input.initial_open_records,
            sensitivity_review_signed_off: true,
        })
    }

    /// Starts the upload of the folder `parentFolder` (its name): refused, in TDR's words, if an
    /// upload was started before. Answers the folder's name.
    async fn start_upload(
        &self,
        ctx: &Context<'_>,
        start_upload_input: StartUploadInput,
    ) -> Result<String> {
        let input = start_upload_input;
        let caller = Caller::account(member(ctx, "upload records")?);
        let folder = record_path(&input.parent_folder)?;
        if folder.parent().is_some() {
            return Err(invalid_input(
                "parentFolder is the uploaded folder's own name, without a path",
            ));
        }
        transfers(ctx)?
            .start_upload_for(
                &caller,
                &input.consignment_id.consignment(),
                folder.as_str(),
                input.include_top_level_folder.unwrap_or(false),
            )
            .await
            .map_err(answer)?;
        Ok(folder.to_string())
    }

    /// Records the upload's files and folders with what the browser found about each, while
    /// the upload is in progress; answers each file's id with the browser's id for it. The
    /// browser then sends each file's bytes and says the upload is over.
    async fn add_files_and_metadata(
        &self,
        ctx: &Context<'_>,
        add_files_and_metadata_input: AddFilesAndMetadataInput,
    ) -> Result<Vec<FileMatches>> {
        let input = add_files_and_metadata_input;
        member(ctx, "upload records")?;
        let mut files = Vec::with_capacity(input.metadata_input.len());
        for file in input.metadata_input {
            let size = u64::try_from(file.file_size.0)
                .ok()
                .filter(|size| *size <= MAX_FILE_BYTES)
                .ok_or_else(|| {
                    invalid_input(format!(
                        "{}: a file's size is from 0 to {MAX_FILE_BYTES} bytes",
                        file.original_path
                    ))
                })?;
            files.push(FileInput {
                original_path: record_path(&file.original_path)?,
                checksum: Sha256Hex::try_from(file.checksum)
                    .map_err(|bad| invalid_input(bad.to_string()))?,
                last_modified: file.last_modified.0,
                file_size: size,
                match_id: file.match_id,
            });
        }
        let empty_directories = input
            .empty_directories
            .unwrap_or_default()
            .iter()
            .map(|folder| record_path(folder))
            .collect::<Result<Vec<_>>>()?;
        let (transfers, consignment) = member_consignment_at(
            ctx,
            "upload records",
            &input.consignment_id.consignment(),
            Step::Upload,
        )
        .await?;
        Ok(transfers
            .add_files_and_metadata(&consignment, &files, &empty_directories)
            .await
            .map_err(answer)?
            .into_iter()
            .map(|file| FileMatches {
                file_id: Uuid::from(&file.file_id),
                match_id: file.match_id,
            })
            .collect())
    }

    /// Adds a status the consignment does not have yet: the service's own (its checks', the
    /// export's). A person's statuses follow from the journey's steps.
    async fn add_consignment_status(
        &self,
        ctx: &Context<'_>,
        add_consignment_status_input: ConsignmentStatusInput,
    ) -> Result<ConsignmentStatus> {
        let input = add_consignment_status_input;
        let caller = client(ctx)?.caller();
        let value = input.status_value.as_deref().unwrap_or_default();
        let (status_type, value) = status_input(&input.status_type, value)?;
        let transfers = transfers(ctx)?;
        let id = input.consignment_id.consignment();
        transfers
            .change_status(&caller, &id, status_type, value, StatusChange::Add)
            .await
            .map_err(answer)?;
        let consignment = transfers.consignment(&caller, &id).await.map_err(answer)?;
        let record = transfers
            .consignment_statuses(&id)
            .await
            .map_err(answer)?
            .into_iter()
            .find(|record| record.status_type == status_type)
            .ok_or_else(|| answer(TransferError::NotFound))?;
        Ok(ConsignmentStatus::new(&consignment, record))
    }

    /// Changes a status the consignment has: the service's own; from a person, only `Upload`
    /// `Completed` — the browser has sent every file — which completes the upload and starts the
    /// checks. Answers how many statuses changed.
    async fn update_consignment_status(
        &self,
        ctx: &Context<'_>,
        update_consignment_status_input: ConsignmentStatusInput,
    ) -> Result<Option<i32>> {
        let input = update_consignment_status_input;
        let caller = client(ctx)?.caller();
        let value = input.status_value.as_deref().unwrap_or_default();
        let (status_type, value) = status_input(&input.status_type, value)?;
        let changed = transfers(ctx)?
            .change_status(
                &caller,
                &input.consignment_id.consignment(),
                status_type,
                value,
                StatusChange::Update,
            )
            .await
            .map_err(answer)?;
        Ok(Some(as_int(changed)))
    }

    /// Service clients: statuses their checks found for files, as the checks' own findings are
    /// recorded (each check's consignment status completes once every file has one).
    async fn add_multiple_file_statuses(
        &self,
        ctx: &Context<'_>,
        add_multiple_file_statuses_input: AddMultipleFileStatusesInput,
    ) -> Result<Vec<FileStatusNode>> {
        service(ctx, "record file statuses")?;
        let mut statuses = Vec::new();
        for input in add_multiple_file_statuses_input.statuses {
            let status = match (
                input.status_type.parse::<FileStatusType>(),
                input.status_value.parse::<FileStatusValue>(),
            ) {
                (Ok(status_type), Ok(value)) => FileStatus { status_type, value },
                _ => {
                    return Err(invalid_input(format!(
                        "Invalid FileStatus input: either '{}' or '{}'",
                        input.status_type, input.status_value
                    )))
                }
            };
            statuses.push((input.file_id.file(), status));
        }
        transfers(ctx)?
            .add_file_statuses(&statuses)
            .await
            .map_err(answer)?;
        Ok(statuses
            .iter()
            .map(|(file, status)| FileStatusNode::new(file, *status))
            .collect())
    }

    /// Service clients: antivirus results, each recorded once with its status (`Success` when
    /// clean, else `VirusDetected`), and answered as recorded.
    async fn add_bulk_antivirus_metadata(
        &self,
        ctx: &Context<'_>,
        add_bulk_antivirus_metadata_input: AddAntivirusMetadataInput,
    ) -> Result<Vec<AntivirusMetadata>> {
        service(ctx, "record antivirus results")?;
        let reports = add_bulk_antivirus_metadata_input
            .antivirus_metadata
            .into_iter()
            .map(|input| {
                Ok(AntivirusReport {
                    file: input.file_id.file(),
                    software: input.software,
                    software_version: input.software_version,
                    database_version: input.database_version,
                    result: input.result,
                    at: moment(input.datetime)?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(transfers(ctx)?
            .record_antivirus_reports(&reports)
            .await
            .map_err(answer)?
            .into_iter()
            .map(AntivirusMetadata::from)
            .collect())
    }

    /// Service clients: file format results (at least one match each), each recorded once with
    /// the status TDR's rules give it, and answered as recorded.
    #[graphql(name = "addBulkFFIDMetadata")]
    async fn add_bulk_ffid_metadata(
        &self,
        ctx: &Context<'_>,
        #[graphql(name = "addBulkFFIDMetadataInput")] input: FfidMetadataInput,
    ) -> Result<Vec<FfidMetadata>> {
        service(ctx, "record file format results")?;
        let transfers = transfers(ctx)?;
        let now = transfers.clock.now();
        let reports: Vec<FfidReport> = input
            .metadata_input_values
            .into_iter()
            .map(|values| FfidReport {
                file: values.file_id.file(),
                software: values.software,
                software_version: values.software_version,
                binary_signature_file_version: values.binary_signature_file_version,
                container_signature_file_version: values.container_signature_file_version,
                method: values.method,
                matches: values
                    .matches
                    .into_iter()
                    .map(|found| FfidReportMatch {
                        extension: found.extension,
                        identification_basis: found.identification_basis,
                        puid: found.puid,
                        file_extension_mismatch: found.file_extension_mismatch.unwrap_or(false),
                        format_name: found.format_name.unwrap_or_default(),
                    })
                    .collect(),
                at: now,
            })
            .collect();
        Ok(transfers
            .record_ffid_reports(&reports)
            .await
            .map_err(answer)?
            .into_iter()
            .map(FfidMetadata::from)
            .collect())
    }

    /// The final confirmation: custody of the records passes to The National Archives (it must
    /// be confirmed; refused in TDR's words otherwise). As the page does, this also initiates
    /// the transfer and starts the export, in one transaction.
    async fn add_final_transfer_confirmation(
        &self,
        ctx: &Context<'_>,
        add_final_transfer_confirmation_input: AddFinalTransferConfirmationInput,
    ) -> Result<FinalTransferConfirmation> {
        let input = add_final_transfer_confirmation_input;
        let user = member(ctx, "confirm a transfer")?;
        let caller = Caller::account(user);
        let transfers = transfers(ctx)?;
        let (consignment, _) = transfers
            .consignment_at_step(
                &caller,
                &input.consignment_id.consignment(),
                Step::ConfirmTransfer,
            )
            .await
            .map_err(answer)?;
        if !input.legal_custody_transfer_confirmed {
            return Err(coded(codes::REFUSED, agreement::CUSTODY_MISSING));
        }
        let name = [&user.details.first_names, &user.details.last_name]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" ");
        transfers
            .confirm_transfer(&consignment, &name, &user.email)
            .await
            .map_err(answer)?;
        Ok(FinalTransferConfirmation {
            consignment_id: input.consignment_id,
            legal_custody_transfer_confirmed: true,
        })
    }

    /// The transfer is initiated: answered 1 once the final confirmation has been made (which
    /// initiated it); refused before.
    async fn update_transfer_initiated(
        &self,
        ctx: &Context<'_>,
        consignmentid: Uuid,
    ) -> Result<Option<i32>> {
        let caller = Caller::account(member(ctx, "initiate a transfer")?);
        let transfers = transfers(ctx)?;
        let id = consignmentid.consignment();
        let consignment = transfers.consignment(&caller, &id).await.map_err(answer)?;
        let confirmed = transfers
            .progress(&id)
            .await
            .map_err(answer)?
            .value(ConsignmentStatusType::ConfirmTransfer)
            == Some(ConsignmentStatusValue::Completed);
        if confirmed && consignment.transfer_initiated_at.is_some() {
            Ok(Some(1))
        } else {
            Err(coded(
                codes::REFUSED,
                "The transfer of custody has not been confirmed (addFinalTransferConfirmation)",
            ))
        }
    }

    /// Service clients: where an export they made is, and `Export` Completed; only once the
    /// transfer has been confirmed.
    async fn update_export_data(
        &self,
        ctx: &Context<'_>,
        export_data: UpdateExportDataInput,
    ) -> Result<Option<i32>> {
        service(ctx, "record an export")?;
        if export_data.export_location.trim().is_empty() {
            return Err(invalid_input("exportLocation must not be empty"));
        }
        transfers(ctx)?
            .update_export_data(
                &export_data.consignment_id.consignment(),
                &export_data.export_location,
                export_data.export_datetime.map(|at| at.0),
                &export_data.export_version,
            )
            .await
            .map_err(answer)?;
        Ok(Some(1))
    }

    /// Service clients (TDR: the checksum check's role): properties their checks found for
    /// files — the server's checksum (`SHA256ServerSideChecksum`, once the upload is complete)
    /// or descriptive ones — each recorded once (`REFUSED` if the file has it already). Not
    /// for folders, nor for what the upload records; not once the transfer is confirmed.
    /// Answered as recorded; all or nothing.
    async fn add_multiple_file_metadata(
        &self,
        ctx: &Context<'_>,
        add_multiple_file_metadata_input: AddFileMetadataWithFileIdInput,
    ) -> Result<Vec<FileMetadataWithFileId>> {
        service(ctx, "record file metadata found by the checks")?;
        let rows: Vec<FileMetadataRow> = add_multiple_file_metadata_input
            .metadata_input_values
            .into_iter()
            .map(|input| FileMetadataRow {
                file_id: input.file_id.file(),
                property_name: input.file_property_name,
                value: input.value,
            })
            .collect();
        Ok(transfers(ctx)?
            .add_file_metadata(&rows)
            .await
            .map_err(answer)?
            .into_iter()
            .map(FileMetadataWithFileId::from)
            .collect())
    }

    /// Descriptive and closure metadata of files of a consignment the caller may see (a
    /// member: their body's), each property set, or removed when given empty (as TDR does);
    /// answers the properties set. Only the consignment's files (not folders: TDR's words
    /// otherwise), only TDR's descriptive properties (not what the upload and the checks
    /// record), and not once the transfer is confirmed. All or nothing.
    async fn add_or_update_bulk_file_metadata(
        &self,
        ctx: &Context<'_>,
        add_or_update_bulk_file_metadata_input: AddOrUpdateBulkFileMetadataInput,
    ) -> Result<Vec<FileMetadataWithFileId>> {
        let input = add_or_update_bulk_file_metadata_input;
        let caller = client(ctx)?.caller();
        let files: Vec<_> = input
            .file_metadata
            .iter()
            .map(|file| file.file_id.file())
            .collect();
        let rows: Vec<FileMetadataRow> = input
            .file_metadata
            .into_iter()
            .flat_map(|file| {
                let file_id = file.file_id.file();
                file.metadata
                    .into_iter()
                    .map(move |metadata| FileMetadataRow {
                        file_id: file_id.clone(),
                        property_name: metadata.file_property_name,
                        value: metadata.value,
                    })
            })
            .collect();
        Ok(transfers(ctx)?
            .add_or_update_file_metadata(
                &caller,
                &input.consignment_id.consignment(),
                &files,
                &rows,
            )
            .await
            .map_err(answer)?
            .into_iter()
            .map(FileMetadataWithFileId::from)
            .collect())
    }

    /// Properties of a consignment the caller may see (a member: their body's), each set as
    /// given; answered as set. Only TDR's consignment properties; not the declarations the
    /// journey's steps record (the agreement's answers, the custody confirmation: `REFUSED`,
    /// take the step), and not once the transfer is confirmed. All or nothing.
    async fn add_or_update_consignment_metadata(
        &self,
        ctx: &Context<'_>,
        add_or_update_consignment_metadata_input: AddOrUpdateConsignmentMetadataInput,
    ) -> Result<Vec<ConsignmentMetadataWithConsignmentId>> {
        let input = add_or_update_consignment_metadata_input;
        let caller = client(ctx)?.caller();
        let rows: Vec<(String, String)> = input
            .consignment_metadata
            .into_iter()
            .map(|metadata| (metadata.property_name, metadata.value))
            .collect();
        Ok(transfers(ctx)?
            .add_or_update_consignment_metadata(&caller, &input.consignment_id.consignment(), &rows)
            .await
            .map_err(answer)?
            .into_iter()
            .map(
                |(property_name, value)| ConsignmentMetadataWithConsignmentId {
                    consignment_id: input.consignment_id.clone(),
                    property_name,
                    value,
                },
            )
            .collect())
    }
}

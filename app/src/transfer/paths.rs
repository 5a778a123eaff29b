//! Every URL of the transfer pages, declared once: TDR's routes (other-systems C.2) under
//! `/transfer`. For members of a transferring body (and admins).
use super::ids::{ConsignmentId, FileId};
use crate::paths::Path;

/// "Transfer digital records": start a transfer.
pub const HOMEPAGE: Path = Path::new("/transfer");
/// The consignments of the person's body, newest first, `?page=`.
pub const VIEW_TRANSFERS: Path = Path::new("/transfer/view-transfers");
pub const SERIES: Path<ConsignmentId> = Path::new("/transfer/consignment/{id}/series");
pub const TRANSFER_AGREEMENT: Path<ConsignmentId> =
    Path::new("/transfer/consignment/{id}/transfer-agreement");
pub const TRANSFER_AGREEMENT_CONTINUED: Path<ConsignmentId> =
    Path::new("/transfer/consignment/{id}/transfer-agreement-continued");
/// "Upload your records"; the files are posted to it as multipart without JavaScript.
pub const UPLOAD: Path<ConsignmentId> = Path::new("/transfer/consignment/{id}/upload");
/// The upload with JavaScript (answered by the server, JSON, `X-CSRF-Token`): starts the upload
/// (`startUpload`: `{"parentFolder", "includeTopLevelFolder"}`)...
pub const UPLOAD_START: Path<ConsignmentId> = Path::new("/transfer/consignment/{id}/upload/start");
/// ...records every file's metadata (`addFilesAndMetadata`: `[{"originalPath", "checksum",
/// "lastModified", "fileSize", "matchId"}]` answered `[{"fileId", "matchId"}]`)...
pub const UPLOAD_METADATA: Path<ConsignmentId> =
    Path::new("/transfer/consignment/{id}/upload/metadata");
/// ...takes each file's bytes in chunks (`PUT ?offset=`; `GET`: how much is stored)...
pub const UPLOAD_FILE: Path<(ConsignmentId, FileId)> =
    Path::new("/transfer/consignment/{id}/upload/files/{file}");
/// ...and completes it once every file is whole, starting the checks.
pub const UPLOAD_COMPLETE: Path<ConsignmentId> =
    Path::new("/transfer/consignment/{id}/upload/complete");
/// "Checking your records".
pub const FILE_CHECKS: Path<ConsignmentId> = Path::new("/transfer/consignment/{id}/file-checks");
/// The checks' progress as a websocket (answered by the server): the `ChecksState` at once and
/// again after each finding, closed once the checks are over.
pub const CHECK_EVENTS: Path<ConsignmentId> =
    Path::new("/transfer/consignment/{id}/file-checks/events");
pub const FILE_CHECKS_RESULTS: Path<ConsignmentId> =
    Path::new("/transfer/consignment/{id}/file-checks-results");
/// The failures as a spreadsheet (answered by the server).
pub const DOWNLOAD_FAILURES: Path<ConsignmentId> =
    Path::new("/transfer/consignment/{id}/file-checks-results/download-failures");
pub const CONFIRM_TRANSFER: Path<ConsignmentId> =
    Path::new("/transfer/consignment/{id}/confirm-transfer");
pub const TRANSFER_COMPLETE: Path<ConsignmentId> =
    Path::new("/transfer/consignment/{id}/transfer-complete");
/// The consignment's exported bag (`<reference>.tar.gz`), for admins (answered by the server: a
/// redirect to a link into the object store that works for a minute)...
pub const EXPORT: Path<ConsignmentId> = Path::new("/transfer/consignment/{id}/export");
/// ...and its checksum file (`<reference>.tar.gz.sha256`, `sha256sum`'s line), likewise.
pub const EXPORT_CHECKSUM: Path<ConsignmentId> =
    Path::new("/transfer/consignment/{id}/export/sha256");
/// The GraphQL API (other-systems C.7), answered by the server: operations as POST; in
/// development, GET serves GraphiQL.
pub const GRAPHQL: Path = Path::new("/transfer/graphql");

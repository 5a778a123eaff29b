//! The upload with JavaScript (C.3), as TDR's browser takes it, in JSON:
//!
//! 1. `POST …/upload/start` `{"parentFolder", "includeTopLevelFolder"}` (`startUpload`). Sent
//!    again for the same folder while the upload is in progress, it resumes it.
//! 2. `POST …/upload/metadata` `[{"originalPath", "checksum", "lastModified", "fileSize",
//!    "matchId"}]` → `[{"fileId", "matchId"}]` (`addFilesAndMetadata`; the same files again give
//!    the same ids, so a reloaded page resumes).
//! 3. `GET …/upload/files/{file}` → `{"received", "complete", "next": {"offset", "url",
//!    "headers"}}`: how much is stored, and where to send the chunk at `received` (with
//!    `?offset=N`, the chunk at N): the object store's own upload URL (S3's with S3, so the bytes
//!    go straight there). The browser `PUT`s the chunk's bytes (`CHUNK_BYTES` long, the last
//!    shorter) to it with exactly those headers, then `POST …/upload/files/{file}`, which takes
//!    in what has arrived (joining the file once whole; `app::transfer::server::chunks`) and
//!    answers as the `GET` does.
//! 4. `POST …/upload/complete` → `{"redirect"}` to the checking page, once every file's object is
//!    whole at the size declared (else 409 naming the first that is not), starting the checks.
//!
//! Each request is admitted as the upload page is (signed in — else 401 with where to sign in —,
//! the `transfer` role or an admin, the consignment one of their bodies' — else 404 —, its
//! journey at the upload — else 409 with where it is), and must carry the page's CSRF token in
//! `X-CSRF-Token` from this site. Refusals are `{"error", "file"?, "redirect"?}`.
use std::sync::Arc;

use app::account::server::User;
use app::auth::ssr::{admit, signed_in_from, SessionEnded};
use app::auth::Audience;
use app::error::AppError;
use app::pages::transfer::frame::ssr::consignment_of;
use app::transfer::flow::{Progress, Step};
use app::transfer::ids::ConsignmentId;
use app::transfer::paths;
use app::transfer::server::chunks::{ChunkError, Chunks};
use app::transfer::server::{Consignment, FileEntry, TransferError, Transfers};
use app::transfer::status::{ConsignmentStatusType, ConsignmentStatusValue};
use app::transfer::upload::{
    check_folder, FileInput, FileMatch, RecordPath, StartUpload, UploadCompleted, UploadProblem,
    MAX_FILES, MAX_PATH_BYTES,
};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::request::Parts;
use axum::http::{header, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::de::DeserializeOwned;

use crate::http::csrf::header_token_from_this_site;
use crate::state::AppState;

/// The start's body: a folder's name and a flag.
const START_BYTES: usize = 16 * 1024;
/// The metadata of the most files a consignment takes, each with the longest path.
const METADATA_BYTES: usize = MAX_FILES * (MAX_PATH_BYTES + 512);

/// A refusal, answered as JSON.
struct Refusal {
    status: StatusCode,
    problem: UploadProblem,
}

impl Refusal {
    fn new(status: StatusCode, error: impl Into<String>) -> Self {
        Refusal {
            status,
            problem: UploadProblem {
                error: error.into(),
                ..Default::default()
            },
        }
    }

    fn going_to(mut self, redirect: String) -> Self {
        self.problem.redirect = Some(redirect);
        self
    }

    fn about(mut self, file: &RecordPath) -> Self {
        self.problem.file = Some(file.to_string());
        self
    }

    fn internal(error: impl std::fmt::Display) -> Self {
        tracing::error!(%error, "an upload request failed");
        Refusal::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Sorry, there is a problem with the service: try again later",
        )
    }

    fn not_found() -> Self {
        Refusal::new(StatusCode::NOT_FOUND, "Page not found")
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        no_store(self.status, Json(self.problem))
    }
}

fn no_store(status: StatusCode, body: impl IntoResponse) -> Response {
    (status, [(header::CACHE_CONTROL, "no-store")], body).into_response()
}

fn answer<T: serde::Serialize>(value: T) -> Response {
    no_store(StatusCode::OK, Json(value))
}

/// A refusal of the repository's: the consignment cannot take it now.
impl From<TransferError> for Refusal {
    fn from(error: TransferError) -> Self {
        match error {
            TransferError::NotFound => Refusal::not_found(),
            TransferError::Refused(reason) => Refusal::new(StatusCode::CONFLICT, reason),
            other => Refusal::internal(other),
        }
    }
}

/// The request's consignment, admitted as the upload page admits it, with where its journey is.
async fn admitted(
    state: &AppState,
    parts: &Parts,
    id: &ConsignmentId,
) -> Result<(Arc<User>, Consignment, Progress), Refusal> {
    let Some(user) = signed_in_from(&parts.extensions) else {
        let timed_out = parts.extensions.get::<SessionEnded>().is_some();
        let page = paths::UPLOAD.to(id.clone()).to_string();
        return Err(Refusal::new(
            StatusCode::UNAUTHORIZED,
            "Your session has ended: sign in again, then select the folder again to go on",
        )
        .going_to(app::auth::sign_in_url(timed_out, &page)));
    };
    let user = admit(Some(user), Audience::Transferring)
        .map_err(|_| Refusal::new(StatusCode::FORBIDDEN, "Forbidden"))?;
    if !header_token_from_this_site(parts) {
        tracing::warn!(path = %parts.uri.path(), "upload request refused: CSRF token or origin did not match");
        return Err(Refusal::new(StatusCode::FORBIDDEN, "Forbidden"));
    }
    let (consignment, progress) = match consignment_of(&state.backends, &user, id).await {
        Ok(found) => found,
        Err(AppError::NotFound) => return Err(Refusal::not_found()),
        Err(error) => return Err(Refusal::internal(error)),
    };
    if let Err(current) = progress.accepts(Step::Upload) {
        return Err(Refusal::new(
            StatusCode::CONFLICT,
            "This transfer\u{2019}s records have already been uploaded",
        )
        .going_to(current.href(id).to_string()));
    }
    Ok((user, consignment, progress))
}

/// The upload has been started (and not completed).
fn started(progress: &Progress) -> Result<(), Refusal> {
    if progress.value(ConsignmentStatusType::Upload) == Some(ConsignmentStatusValue::InProgress) {
        Ok(())
    } else {
        Err(Refusal::new(
            StatusCode::CONFLICT,
            "The upload has not been started",
        ))
    }
}

async fn json_body<T: DeserializeOwned>(body: Body, limit: usize) -> Result<T, Refusal> {
    let bytes = axum::body::to_bytes(body, limit)
        .await
        .map_err(|_| Refusal::new(StatusCode::PAYLOAD_TOO_LARGE, "The request is too large"))?;
    serde_json::from_slice(&bytes)
        .map_err(|error| Refusal::new(StatusCode::BAD_REQUEST, format!("Bad request: {error}")))
}

/// `POST /transfer/consignment/{id}/upload/start`.
pub async fn start(State(state): State<AppState>, request: Request) -> Response {
    match try_start(&state, request).await {
        Ok(response) => response,
        Err(refusal) => refusal.into_response(),
    }
}

async fn try_start(state: &AppState, request: Request) -> Result<Response, Refusal> {
    let (parts, body) = request.into_parts();
    let id = paths::UPLOAD_START
        .parse(parts.uri.path())
        .ok_or_else(Refusal::not_found)?;
    let (_, consignment, progress) = admitted(state, &parts, &id).await?;
    let input: StartUpload = json_body(body, START_BYTES).await?;
    let folder = RecordPath::try_from(input.parent_folder.clone())
        .ok()
        .filter(|folder| folder.parent().is_none())
        .ok_or_else(|| {
            Refusal::new(
                StatusCode::BAD_REQUEST,
                "The folder\u{2019}s name cannot be used: rename it and try again",
            )
        })?;
    let transfers = Transfers::of(&state.backends);
    match progress.value(ConsignmentStatusType::Upload) {
        None => {
            transfers
                .start_upload(
                    &consignment,
                    folder.as_str(),
                    input.include_top_level_folder,
                )
                .await?;
        }
        // The same folder again: the browser is resuming.
        Some(ConsignmentStatusValue::InProgress)
            if consignment.parent_folder.as_deref() == Some(folder.as_str()) =>
        {
            transfers
                .set_include_top_level_folder(&id, input.include_top_level_folder)
                .await?;
        }
        Some(_) => {
            let started_with = consignment.parent_folder.unwrap_or_default();
            return Err(Refusal::new(
                StatusCode::CONFLICT,
                format!(
                    "The upload of the folder \u{2018}{started_with}\u{2019} has started: select \
                     that folder to go on with it, or start a new transfer"
                ),
            ));
        }
    }
    Ok(answer(serde_json::json!({})))
}

/// `POST /transfer/consignment/{id}/upload/metadata`.
pub async fn metadata(State(state): State<AppState>, request: Request) -> Response {
    match try_metadata(&state, request).await {
        Ok(response) => response,
        Err(refusal) => refusal.into_response(),
    }
}

async fn try_metadata(state: &AppState, request: Request) -> Result<Response, Refusal> {
    let (parts, body) = request.into_parts();
    let id = paths::UPLOAD_METADATA
        .parse(parts.uri.path())
        .ok_or_else(Refusal::not_found)?;
    let (_, consignment, progress) = admitted(state, &parts, &id).await?;
    started(&progress)?;
    let files: Vec<FileInput> = json_body(body, METADATA_BYTES).await?;
    let sized: Vec<(&RecordPath, u64)> = files
        .iter()
        .map(|file| (&file.original_path, file.file_size))
        .collect();
    check_folder(&sized).map_err(|bad| Refusal::new(StatusCode::BAD_REQUEST, bad.to_string()))?;
    let added = Transfers::of(&state.backends)
        .add_or_match_files(&consignment, &files)
        .await?;
    let matches: Vec<FileMatch> = added
        .into_iter()
        .map(|new| FileMatch {
            file_id: new.file_id,
            match_id: new.match_id,
        })
        .collect();
    Ok(answer(matches))
}

/// `GET` and `POST /transfer/consignment/{id}/upload/files/{file}`.
pub async fn file(State(state): State<AppState>, request: Request) -> Response {
    match try_file(&state, request).await {
        Ok(response) => response,
        Err(refusal) => refusal.into_response(),
    }
}

#[derive(serde::Deserialize)]
struct ChunkQuery {
    offset: Option<u64>,
}

async fn try_file(state: &AppState, request: Request) -> Result<Response, Refusal> {
    let (parts, _) = request.into_parts();
    let (id, file_id) = paths::UPLOAD_FILE
        .parse(parts.uri.path())
        .ok_or_else(Refusal::not_found)?;
    let (_, _, progress) = admitted(state, &parts, &id).await?;
    started(&progress)?;
    let file = Transfers::of(&state.backends).file(&file_id).await?;
    if file.consignment_id != id || file.entry != FileEntry::File {
        return Err(Refusal::not_found());
    }
    let size = file
        .client_size()
        .ok_or_else(|| Refusal::internal(format!("file {file_id} has no declared size")))?;
    let asked = serde_urlencoded::from_str::<ChunkQuery>(parts.uri.query().unwrap_or(""))
        .map_err(|_| {
            Refusal::new(
                StatusCode::BAD_REQUEST,
                "Bad request: the offset is not a number",
            )
        })?
        .offset;
    let chunks = Chunks::of(&state.backends);
    let mut received = if parts.method == Method::POST {
        chunks.settle(&id, &file_id, size).await
    } else {
        chunks.received(&id, &file_id, size).await
    }
    .map_err(Refusal::internal)?;
    if !received.complete {
        let offset = asked.unwrap_or(received.received);
        received.next = Some(chunks.target(&id, &file_id, size, offset).await.map_err(
            |error| {
                match error {
                    ChunkError::BadOffset => {
                        Refusal::new(StatusCode::BAD_REQUEST, error.to_string())
                            .about(&file.original_path)
                    }
                    ChunkError::Objects(error) => Refusal::internal(error),
                }
            },
        )?);
    }
    Ok(answer(received))
}

/// `POST /transfer/consignment/{id}/upload/complete`.
pub async fn complete(State(state): State<AppState>, request: Request) -> Response {
    match try_complete(&state, request).await {
        Ok(response) => response,
        Err(refusal) => refusal.into_response(),
    }
}

async fn try_complete(state: &AppState, request: Request) -> Result<Response, Refusal> {
    let (parts, _) = request.into_parts();
    let id = paths::UPLOAD_COMPLETE
        .parse(parts.uri.path())
        .ok_or_else(Refusal::not_found)?;
    let (_, consignment, progress) = admitted(state, &parts, &id).await?;
    started(&progress)?;
    let transfers = Transfers::of(&state.backends);
    let files = transfers.files(&id).await?;
    if !files.iter().any(|file| file.entry == FileEntry::File) {
        return Err(Refusal::new(
            StatusCode::CONFLICT,
            "No files have been added to the upload",
        ));
    }
    let missing = Chunks::of(&state.backends)
        .first_not_whole(&id, &files)
        .await
        .map_err(Refusal::internal)?;
    if let Some(path) = missing {
        return Err(Refusal::new(
            StatusCode::CONFLICT,
            format!(
                "The file \u{2018}{path}\u{2019} has not been uploaded completely: select the \
                 folder again to go on with the upload"
            ),
        )
        .about(path));
    }
    transfers.complete_upload(&consignment).await?;
    Ok(answer(UploadCompleted {
        redirect: paths::FILE_CHECKS.to(id).to_string(),
    }))
}

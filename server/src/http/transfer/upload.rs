//! `POST /transfer/consignment/{id}/upload` (C.3 without JavaScript): the folder's files as
//! `multipart/form-data`, each streamed to the object store under its new file id while its
//! SHA-256 and size are computed, as the browser would have; then, in one transaction, the upload
//! is recorded and its checks queued. Nothing is recorded for a folder that cannot be taken: its
//! stored files are removed and the page says why (`?error=`).
use std::io;

use app::csrf::{CsrfToken, FIELD as CSRF_FIELD};
use app::error::AppError;
use app::pages::transfer::consignment::upload::{UploadRefusal, FILES, INCLUDE_TOP_LEVEL_FOLDER};
use app::pages::transfer::frame::ssr::consignment_at;
use app::transfer::flow::Step;
use app::transfer::ids::FileId;
use app::transfer::paths;
use app::transfer::server::{upload_key, TransferError, Transfers};
use app::transfer::upload::{FileInput, RecordPath, Sha256Hex, MAX_FILES, MAX_FILE_BYTES};
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use backends::objects::{ObjectKey, PutOptions};
use bytes::Bytes;
use futures::StreamExt;
use sha2::{Digest, Sha256};
use tokio::sync::mpsc;

use crate::error::ServerError;
use crate::http::auth::admit_or_sign_in;
use crate::state::AppState;

pub async fn upload(State(state): State<AppState>, request: Request) -> Response {
    let path = request.uri().path().to_owned();
    let user = match admit_or_sign_in(&request, app::auth::Audience::Transferring) {
        Ok(user) => user,
        Err(refused) => return *refused,
    };
    let backends = &state.backends;
    let consignment = match consignment_at(backends, &user, &path, Step::Upload).await {
        Ok(Ok(consignment)) => consignment,
        Ok(Err(elsewhere)) => return Redirect::to(&elsewhere.redirect).into_response(),
        Err(error) => return ServerError::from(error).into_response(),
    };
    let session_token = request.extensions().get::<CsrfToken>().cloned();
    let (parts, body) = request.into_parts();
    if !crate::http::csrf::same_origin(&parts) {
        return StatusCode::FORBIDDEN.into_response();
    }
    let refused = |refusal: UploadRefusal| {
        Redirect::to(
            &paths::UPLOAD
                .to(consignment.id.clone())
                .query("error", refusal.code())
                .to_string(),
        )
        .into_response()
    };
    let Ok(mut form) = Multipart::from_request(Request::from_parts(parts, body), &()).await else {
        return refused(UploadRefusal::NoFiles);
    };
    // The token first: nothing else is read for a request another site made.
    let token = match form.next_field().await {
        Ok(Some(field)) if field.name() == Some(CSRF_FIELD) => field.text().await.ok(),
        _ => None,
    };
    let token_ok = match (&session_token, token) {
        (Some(session), Some(token)) => crate::http::csrf::verify(session, &token),
        _ => false,
    };
    if !token_ok {
        return StatusCode::FORBIDDEN.into_response();
    }

    let mut stored: Vec<(FileId, FileInput)> = Vec::new();
    let outcome = receive(backends, &consignment.id, &mut form, &mut stored).await;
    let keys: Vec<ObjectKey> = stored
        .iter()
        .map(|(id, _)| upload_key(&consignment.id, id))
        .collect();
    let forget = || async {
        for key in &keys {
            let _ = backends.objects.delete(key).await;
        }
    };
    let include_top_level_folder = match outcome {
        Ok(include) => include,
        Err(Received::Refused(refusal)) => {
            forget().await;
            return refused(refusal);
        }
        Err(Received::Failed(error)) => {
            forget().await;
            return ServerError::from(error).into_response();
        }
    };
    let files = with_top_folder(stored, consignment.reference.as_str());
    let transfers = Transfers::of(backends);
    match transfers.record_upload(&consignment, &files).await {
        Ok(()) => {}
        Err(TransferError::Refused(reason)) => {
            tracing::info!(consignment = %consignment.id, %reason, "upload refused");
            forget().await;
            return refused(if reason.contains("one folder") {
                UploadRefusal::SeveralFolders
            } else {
                UploadRefusal::BadName
            });
        }
        Err(error) => {
            forget().await;
            return ServerError::from(AppError::from(error)).into_response();
        }
    }
    if include_top_level_folder {
        if let Err(error) = transfers
            .set_include_top_level_folder(&consignment.id, true)
            .await
        {
            return ServerError::from(AppError::from(error)).into_response();
        }
    }
    Redirect::to(&paths::FILE_CHECKS.to(consignment.id).to_string()).into_response()
}

enum Received {
    Refused(UploadRefusal),
    Failed(AppError),
}

/// Streams every file part to the object store, adding each stored file to `stored`; returns
/// whether the top-level folder's name is to be kept.
async fn receive(
    backends: &backends::Backends,
    consignment: &app::transfer::ids::ConsignmentId,
    form: &mut Multipart,
    stored: &mut Vec<(FileId, FileInput)>,
) -> Result<bool, Received> {
    let mut include_top_level_folder = false;
    loop {
        let field = match form.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(_) => return Err(Received::Refused(UploadRefusal::NoFiles)),
        };
        match field.name() {
            Some(name) if name == INCLUDE_TOP_LEVEL_FOLDER => {
                include_top_level_folder = field.text().await.is_ok_and(|value| value == "true");
            }
            Some(name) if name == FILES => {
                let file_name = field.file_name().unwrap_or_default().trim().to_owned();
                // A form with no file chosen sends one empty, nameless part.
                if file_name.is_empty() {
                    continue;
                }
                if stored.len() >= MAX_FILES {
                    return Err(Received::Refused(UploadRefusal::TooMany));
                }
                let path = RecordPath::try_from(file_name)
                    .map_err(|_| Received::Refused(UploadRefusal::BadName))?;
                let id = FileId::random();
                let (checksum, size) =
                    store(backends, &upload_key(consignment, &id), field).await?;
                stored.push((
                    id,
                    FileInput {
                        original_path: path,
                        checksum,
                        last_modified: backends.clock.now().timestamp_millis(),
                        file_size: size,
                        match_id: stored.len().to_string(),
                    },
                ));
            }
            _ => {}
        }
    }
    if stored.is_empty() {
        return Err(Received::Refused(UploadRefusal::NoFiles));
    }
    Ok(include_top_level_folder)
}

/// One file part into the object store, hashed and counted as it goes.
async fn store(
    backends: &backends::Backends,
    key: &ObjectKey,
    mut field: axum::extract::multipart::Field<'_>,
) -> Result<(Sha256Hex, u64), Received> {
    let (sender, receiver) = mpsc::channel::<io::Result<Bytes>>(4);
    let body = futures::stream::unfold(receiver, |mut receiver| async move {
        receiver.recv().await.map(|chunk| (chunk, receiver))
    })
    .boxed();
    let pump = async move {
        let mut hasher = Sha256::new();
        let mut size: u64 = 0;
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    size += chunk.len() as u64;
                    if size > MAX_FILE_BYTES {
                        let _ = sender.send(Err(io::Error::other("too large"))).await;
                        return Err(UploadRefusal::TooLarge);
                    }
                    hasher.update(&chunk);
                    if sender.send(Ok(chunk)).await.is_err() {
                        return Err(UploadRefusal::NoFiles);
                    }
                }
                Ok(None) => return Ok((hex::encode(hasher.finalize()), size)),
                Err(error) => {
                    let _ = sender.send(Err(io::Error::other(error.to_string()))).await;
                    return Err(UploadRefusal::NoFiles);
                }
            }
        }
    };
    let options = PutOptions::new("application/octet-stream");
    let (put, pumped) = tokio::join!(backends.objects.put(key, body, options), pump);
    let (checksum, size) = pumped.map_err(Received::Refused)?;
    put.map_err(|error| Received::Failed(AppError::internal(error)))?;
    let checksum = Sha256Hex::try_from(checksum)
        .map_err(|error| Received::Failed(AppError::internal(error)))?;
    Ok((checksum, size))
}

/// Files chosen one by one, not as a folder, come without a folder in their names: they are put
/// in one named after the consignment, as every consignment has one top-level folder.
fn with_top_folder(files: Vec<(FileId, FileInput)>, reference: &str) -> Vec<(FileId, FileInput)> {
    if files
        .iter()
        .any(|(_, file)| file.original_path.as_str().contains('/'))
    {
        return files;
    }
    files
        .into_iter()
        .map(|(id, mut file)| {
            if let Ok(path) = RecordPath::try_from(format!("{reference}/{}", file.original_path)) {
                file.original_path = path;
            }
            (id, file)
        })
        .collect()
}

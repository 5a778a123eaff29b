//! `GET /transfer/consignment/{id}/export` and `…/export/sha256`: a transferred consignment's
//! bag (`<reference>.tar.gz`) and its checksum file, for admins only, each download in the audit
//! log. A redirect to a link into the object store that works for a minute (S3's presigned URL,
//! or the filesystem store's signed `/objects/` URL), which serves it as an attachment under its
//! own name. A consignment not exported yet — or exported somewhere a service client reported,
//! not into this store — is the 404 page, as is one that does not exist.
use std::time::Duration;

use app::admin::audit::AuditAction;
use app::admin::server::AuditLog;
use app::auth::Audience;
use app::error::AppError;
use app::transfer::paths;
use app::transfer::server::export::{export_checksum_key, export_key};
use app::transfer::server::{Caller, Transfers};
use axum::extract::{Request, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};

use crate::error::ServerError;
use crate::http::auth::admit_or_sign_in;
use crate::state::AppState;

/// How long the link into the object store works: long enough to follow the redirect.
const LINK_LIFETIME: Duration = Duration::from_secs(60);

/// The bag itself.
pub async fn bag(state: State<AppState>, request: Request) -> Response {
    download(state, request, Exported::Bag).await
}

/// Its `.sha256` file.
pub async fn checksum(state: State<AppState>, request: Request) -> Response {
    download(state, request, Exported::Checksum).await
}

#[derive(Clone, Copy)]
enum Exported {
    Bag,
    Checksum,
}

async fn download(State(state): State<AppState>, request: Request, file: Exported) -> Response {
    let admin = match admit_or_sign_in(&request, Audience::Admins) {
        Ok(admin) => admin,
        Err(refused) => return *refused,
    };
    let path = request.uri().path();
    let parsed = match file {
        Exported::Bag => paths::EXPORT.parse(path),
        Exported::Checksum => paths::EXPORT_CHECKSUM.parse(path),
    };
    let Some(id) = parsed else {
        return ServerError::from(AppError::NotFound).into_response();
    };
    let consignment = match Transfers::of(&state.backends)
        .consignment(&Caller::account(&admin), &id)
        .await
    {
        Ok(consignment) => consignment,
        Err(error) => return ServerError::from(AppError::from(error)).into_response(),
    };
    let reference = consignment.reference.as_str();
    let key = match file {
        Exported::Bag => export_key(reference),
        Exported::Checksum => export_checksum_key(reference),
    };
    let objects = &state.backends.objects;
    let link = async {
        match objects.head(&key).await? {
            Some(_) => objects.presign_get(&key, LINK_LIFETIME).await.map(Some),
            None => Ok(None),
        }
    };
    let url = match link.await {
        Ok(Some(url)) => url,
        Ok(None) => return ServerError::from(AppError::NotFound).into_response(),
        Err(error) => return ServerError::Internal(error.into()).into_response(),
    };
    let audited = AuditLog::of(&state.backends)
        .record(
            &admin,
            AuditAction::TransferExportDownloaded,
            Some(reference),
            serde_json::json!({ "consignment": id.as_str(), "object": key.as_str() }),
        )
        .await;
    if let Err(error) = audited {
        return ServerError::Internal(error.into()).into_response();
    }
    ([(header::CACHE_CONTROL, "no-store")], Redirect::to(&url)).into_response()
}

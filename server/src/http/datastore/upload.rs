//! `POST /upload/data/{slug}` (other-systems B.3 step 3): a CSV file, as `multipart/form-data`,
//! streamed into the object store as a new version of the dataset — never held whole in memory,
//! up to [`LARGEST_UPLOAD`] — then on to its preview. The page is `app::pages::upload::data`.
//!
//! The form puts its CSRF token before the file, so the token is checked before any of the file
//! is read. A missing, empty or non-`.csv` file, or one too large, goes back to the page with
//! `?error=` (the page shows the GOV.UK error); the version is recorded `failed` and its object
//! removed when the file stops part-way.
use std::io;

use app::csrf::{CsrfToken, FIELD as CSRF_FIELD};
use app::datastore::paths;
use app::datastore::server::datasets::{Datasets, Origin};
use app::datastore::server::versions::Versions;
use app::error::AppError;
use app::pages::upload::data::{UploadRefusal, CSV_FILE};
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use backends::objects::PutOptions;
use bytes::Bytes;
use futures::StreamExt;
use tokio::sync::mpsc;

use app::auth::ssr::signed_in_from;

use crate::error::ServerError;
use crate::http::auth::admit_or_sign_in;
use crate::state::AppState;

/// The largest file taken: large datasets, not unbounded ones.
pub const LARGEST_UPLOAD: u64 = 2 * 1024 * 1024 * 1024;

pub async fn upload(State(state): State<AppState>, request: Request) -> Response {
    let path = request.uri().path().to_owned();
    let user = match admit_or_sign_in(&request, app::auth::Audience::DataStaff) {
        Ok(user) => user,
        Err(refused) => return *refused,
    };
    let Some(slug) = paths::UPLOAD_DATA.parse(&path) else {
        return ServerError::from(AppError::NotFound).into_response();
    };
    let backends = &state.backends;
    let dataset = match Datasets::of(backends).by_slug(&slug).await {
        Ok(Some(dataset)) if dataset.origin == Origin::Upload => dataset,
        Ok(_) => return ServerError::from(AppError::NotFound).into_response(),
        Err(error) => return ServerError::from(AppError::internal(error)).into_response(),
    };
    let session_token = request.extensions().get::<CsrfToken>().cloned();
    let (parts, body) = request.into_parts();
    if !crate::http::csrf::same_origin(&parts) {
        return StatusCode::FORBIDDEN.into_response();
    }
    let Ok(mut form) = Multipart::from_request(Request::from_parts(parts, body), &()).await else {
        return refused(&slug, UploadRefusal::NotCsv);
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
    let mut field = match form.next_field().await {
        Ok(Some(field)) if field.name() == Some(CSV_FILE) => field,
        _ => return refused(&slug, UploadRefusal::NotCsv),
    };
    let file_name = field
        .file_name()
        .map(|name| {
            name.rsplit(['/', '\\'])
                .next()
                .unwrap_or(name)
                .trim()
                .to_owned()
        })
        .unwrap_or_default();
    if !file_name.to_ascii_lowercase().ends_with(".csv") || file_name.chars().count() > 255 {
        return refused(&slug, UploadRefusal::NotCsv);
    }

    let versions = Versions::of(backends);
    let version = match versions
        .start_upload(&dataset, &file_name, &user.email)
        .await
    {
        Ok(version) => version,
        Err(error) => return ServerError::from(AppError::internal(error)).into_response(),
    };
    let key = match version.key() {
        Ok(key) => key,
        Err(error) => return ServerError::from(AppError::internal(error)).into_response(),
    };
    // The file's parts are handed to the object store as they arrive.
    let (sender, receiver) = mpsc::channel::<io::Result<Bytes>>(4);
    let body = futures::stream::unfold(receiver, |mut receiver| async move {
        receiver.recv().await.map(|chunk| (chunk, receiver))
    })
    .boxed();
    let pump = async move {
        let mut size: u64 = 0;
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    size += chunk.len() as u64;
                    if size > LARGEST_UPLOAD {
                        let _ = sender.send(Err(io::Error::other("too large"))).await;
                        return Err(UploadRefusal::TooLarge);
                    }
                    if sender.send(Ok(chunk)).await.is_err() {
                        return Err(UploadRefusal::NotCsv);
                    }
                }
                Ok(None) => return Ok(size),
                Err(error) => {
                    let _ = sender.send(Err(io::Error::other(error.to_string()))).await;
                    return Err(UploadRefusal::NotCsv);
                }
            }
        }
    };
    let options = PutOptions::new("text/csv").with_metadata("file-name", ascii_only(&file_name));
    let (stored, pumped) = tokio::join!(backends.objects.put(&key, body, options), pump);
    let outcome = match (stored, pumped) {
        (Ok(_), Ok(size)) if size > 0 => Ok(size),
        // An empty file part is what a browser sends when no file was chosen.
        (Ok(_), Ok(_)) => Err(UploadRefusal::NotCsv),
        (_, Err(refusal)) => Err(refusal),
        (Err(error), Ok(_)) => {
            tracing::error!(error = %error, "an upload could not be stored");
            let _ = versions
                .fail(&version.id, "The file could not be stored.")
                .await;
            return ServerError::from(AppError::internal(error)).into_response();
        }
    };
    match outcome {
        Ok(size) => match versions.uploaded(&version.id, size).await {
            Ok(_) => {
                Redirect::to(&paths::VERIFY.to((slug, version.id)).to_string()).into_response()
            }
            Err(error) => ServerError::from(AppError::internal(error)).into_response(),
        },
        Err(refusal) => {
            let _ = backends.objects.delete(&key).await;
            let _ = versions.fail(&version.id, refusal.message()).await;
            refused(&slug, refusal)
        }
    }
}

fn refused(slug: &app::datastore::names::DatasetSlug, refusal: UploadRefusal) -> Response {
    Redirect::to(
        &paths::UPLOAD_DATA
            .to(slug.clone())
            .query("error", refusal.code())
            .to_string(),
    )
    .into_response()
}

/// Object metadata travels as HTTP headers on S3: printable ASCII only.
fn ascii_only(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .take(200)
        .collect()
}

/// `GET /upload/progress/{id}`: the real service's progress JSON `{"state", "progress",
/// "info"}` for a version, for staff (the progress page asks its server function; scripts may
/// ask this).
pub async fn progress(State(state): State<AppState>, request: Request) -> Response {
    use app::datastore::upload::Progress;

    let Some(user) = signed_in_from(request.extensions()) else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    if !user.role.is_data_staff() {
        return StatusCode::FORBIDDEN.into_response();
    }
    let Some(id) = paths::PROGRESS.parse(request.uri().path()) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match Versions::of(&state.backends).by_id(&id).await {
        Ok(Some(version)) => {
            axum::Json(Progress::of(Some(version.state), version.share_loaded())).into_response()
        }
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => ServerError::from(AppError::internal(error)).into_response(),
    }
}

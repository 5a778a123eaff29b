//! `/objects/{key}`: where the filesystem object store's signed URLs point. A URL is honoured only
//! with a valid, unexpired signature for its method and key (S3 serves its own presigned URLs).
use std::io;

use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use backends::objects::{ObjectKey, ObjectRequest, SignedQuery};
use futures::TryStreamExt;

use crate::state::AppState;

/// Bodies larger than this are refused with 413 (uploads are documents, not archives).
const MAX_UPLOAD_BYTES: usize = 512 * 1024 * 1024;

pub fn routes() -> Router<AppState> {
    Router::new().route(
        backends::objects::SIGNED_URL_ROUTE,
        get(download)
            .put(upload)
            .layer(axum::extract::DefaultBodyLimit::max(MAX_UPLOAD_BYTES)),
    )
}

fn refused(status: StatusCode, reason: &str) -> Response {
    (status, axum::Json(serde_json::json!({ "error": reason }))).into_response()
}

async fn download(
    State(state): State<AppState>,
    Path(key): Path<String>,
    query: Result<Query<SignedQuery>, QueryRejection>,
) -> Response {
    let Ok(key) = ObjectKey::new(key) else {
        return refused(StatusCode::NOT_FOUND, "no such object");
    };
    let Ok(Query(query)) = query else {
        return refused(StatusCode::FORBIDDEN, "this link is not signed");
    };
    let now = state.backends.clock.now();
    if let Err(error) = state
        .url_signer
        .verify(ObjectRequest::get(), &key, &query, now)
    {
        tracing::info!(%error, "refused an object download");
        return refused(
            StatusCode::FORBIDDEN,
            "this link is not valid or has expired",
        );
    }
    match state.backends.objects.get(&key).await {
        Ok(Some(object)) => {
            let mut response = (
                [
                    (header::CONTENT_TYPE, object.info.content_type.clone()),
                    (header::CACHE_CONTROL, "private, no-store".to_owned()),
                ],
                Body::from_stream(object.body),
            )
                .into_response();
            // The name was checked when stored, so it is always a valid header value.
            if let Some(disposition) = object
                .info
                .content_disposition()
                .and_then(|value| HeaderValue::from_str(&value).ok())
            {
                response
                    .headers_mut()
                    .insert(header::CONTENT_DISPOSITION, disposition);
            }
            response
        }
        Ok(None) => refused(StatusCode::NOT_FOUND, "no such object"),
        Err(error) => {
            tracing::error!(%error, "object download failed");
            refused(
                StatusCode::INTERNAL_SERVER_ERROR,
                "the object could not be read",
            )
        }
    }
}

async fn upload(
    State(state): State<AppState>,
    Path(key): Path<String>,
    query: Result<Query<SignedQuery>, QueryRejection>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let Ok(key) = ObjectKey::new(key) else {
        return refused(StatusCode::NOT_FOUND, "no such object");
    };
    let Ok(Query(query)) = query else {
        return refused(StatusCode::FORBIDDEN, "this link is not signed");
    };
    // hyper ends the body at its Content-Length (and fails one that ends sooner), so the signed
    // length bounds what is stored.
    let request = ObjectRequest::put_with(&headers);
    let now = state.backends.clock.now();
    if let Err(error) = state.url_signer.verify(request, &key, &query, now) {
        tracing::info!(%error, "refused an object upload");
        return refused(
            StatusCode::FORBIDDEN,
            "this link is not valid or has expired",
        );
    }
    // Verified: an upload URL is signed for one content type, and the request sent it.
    let options = query.put_options(request.content_type.unwrap_or("application/octet-stream"));
    let body = Box::pin(body.into_data_stream().map_err(io::Error::other));
    match state.backends.objects.put(&key, body, options).await {
        Ok(()) => StatusCode::CREATED.into_response(),
        Err(error) => {
            tracing::warn!(%error, "object upload failed");
            refused(StatusCode::BAD_REQUEST, "the upload could not be stored")
        }
    }
}

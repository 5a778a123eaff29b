//! What the object store tests run against: a store of either kind, a manual clock, and for S3 a
//! real `s3s-fs` server; for the filesystem, an HTTP route that serves its signed URLs the way the
//! app's `/objects/{*key}` route is meant to.
use std::io;
use std::net::Ipv4Addr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use backends::clock::{ManualClock, SharedClock};
use backends::objects::{
    self, ObjectKey, ObjectRequest, ObjectStore, ObjectsConfig, SignedQuery, UrlSigner,
};
use backends::testing::S3Server;
use chrono::{TimeZone, Utc};
use futures::TryStreamExt;
use tempfile::TempDir;

const S3_BUCKET: &str = "objects-test";
const SIGNING_KEY: &[u8] = b"objects-test-signing-key-32-bytes!";

/// A store under test and what it stands on; dropping it stops the servers and removes the files.
pub struct Harness {
    pub store: Arc<dyn ObjectStore>,
    /// The clock the store's own decisions read (the filesystem backend's URL expiry). S3 checks
    /// its presigned URLs against the real time instead.
    pub clock: ManualClock,
    /// The filesystem backend's root; `None` for S3.
    pub filesystem_root: Option<PathBuf>,
    _running: Running,
}

enum Running {
    Filesystem {
        _dir: TempDir,
        route: tokio::task::JoinHandle<()>,
    },
    S3 {
        _server: S3Server,
    },
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Running::Filesystem { route, .. } = self {
            route.abort();
        }
    }
}

fn start_of_test_time() -> ManualClock {
    ManualClock::new(Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap())
}

impl Harness {
    pub async fn filesystem() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("objects");
        let clock = start_of_test_time();
        let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .await
            .unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let signer = UrlSigner::new(base_url, SIGNING_KEY).unwrap();
        let store = objects::connect(ObjectsConfig {
            filesystem_root: root.clone(),
            url_signer: signer.clone(),
            clock: Arc::new(clock.clone()),
            s3: None,
        })
        .await
        .unwrap();
        let route = signed_url_route(RouteState {
            store: store.clone(),
            signer,
            clock: Arc::new(clock.clone()),
        });
        let route = tokio::spawn(async move {
            axum::serve(listener, route).await.unwrap();
        });
        Self {
            store,
            clock,
            filesystem_root: Some(root),
            _running: Running::Filesystem { _dir: dir, route },
        }
    }

    pub async fn s3() -> Self {
        let server = S3Server::start();
        let config = server.bucket(S3_BUCKET).await;
        let clock = start_of_test_time();
        let store = objects::connect(ObjectsConfig {
            filesystem_root: PathBuf::from("unused-by-s3"),
            url_signer: UrlSigner::new("http://unused-by-s3", SIGNING_KEY).unwrap(),
            clock: Arc::new(clock.clone()),
            s3: Some(config),
        })
        .await
        .unwrap();
        Self {
            store,
            clock,
            filesystem_root: None,
            _running: Running::S3 { _server: server },
        }
    }
}

#[derive(Clone)]
struct RouteState {
    store: Arc<dyn ObjectStore>,
    signer: UrlSigner,
    clock: SharedClock,
}

/// `GET`/`PUT /objects/{*key}`: what the app's route must do with a filesystem signed URL.
fn signed_url_route(state: RouteState) -> Router {
    Router::new()
        .route("/objects/{*key}", get(download).put(upload))
        .with_state(state)
}

async fn download(
    State(state): State<RouteState>,
    Path(key): Path<String>,
    Query(query): Query<SignedQuery>,
) -> Response {
    let Ok(key) = ObjectKey::new(key) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if let Err(refused) = state
        .signer
        .verify(ObjectRequest::get(), &key, &query, state.clock.now())
    {
        return (StatusCode::FORBIDDEN, refused.to_string()).into_response();
    }
    match state.store.get(&key).await {
        Ok(Some(object)) => {
            let mut headers = vec![(header::CONTENT_TYPE, object.info.content_type.clone())];
            if let Some(disposition) = object.info.content_disposition() {
                headers.push((header::CONTENT_DISPOSITION, disposition));
            }
            let mut response = Body::from_stream(object.body).into_response();
            for (name, value) in headers {
                response
                    .headers_mut()
                    .insert(name, value.parse().expect("a checked header value"));
            }
            response
        }
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => (StatusCode::INTERNAL_SERVER_ERROR, error.to_string()).into_response(),
    }
}

async fn upload(
    State(state): State<RouteState>,
    Path(key): Path<String>,
    Query(query): Query<SignedQuery>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let Ok(key) = ObjectKey::new(key) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let request = ObjectRequest::put_with(&headers);
    if let Err(refused) = state
        .signer
        .verify(request, &key, &query, state.clock.now())
    {
        return (StatusCode::FORBIDDEN, refused.to_string()).into_response();
    }
    let content_type = request
        .content_type
        .expect("verified: the signed content type was sent");
    let body = Box::pin(body.into_data_stream().map_err(io::Error::other));
    match state
        .store
        .put(&key, body, query.put_options(content_type))
        .await
    {
        Ok(()) => StatusCode::OK.into_response(),
        Err(error) => (StatusCode::INTERNAL_SERVER_ERROR, error.to_string()).into_response(),
    }
}

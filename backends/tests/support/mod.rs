//! What the object store tests run against: a store of either kind, a manual clock, and for S3 a
//! real `s3s-fs` server; for the filesystem, an HTTP route that serves its signed URLs the way the
//! app's `/objects/{*key}` route is meant to.
use std::fs::File;
use std::io;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use backends::clock::{ManualClock, SharedClock};
use backends::objects::{
    self, ObjectKey, ObjectStore, ObjectsConfig, PutOptions, S3Config, S3Credentials, SignedQuery,
    UrlSigner,
};
use chrono::{TimeZone, Utc};
use futures::TryStreamExt;
use tempfile::TempDir;

const S3S_FS_INSTALL: &str = "cargo install s3s-fs@0.14.1 --features binary --locked";
const S3_ACCESS_KEY: &str = "objects-test-access-key";
const S3_SECRET_KEY: &str = "objects-test-secret-key";
const S3_BUCKET: &str = "objects-test";
const SIGNING_KEY: &[u8] = b"objects-test-signing-key-32-bytes!";
const SERVER_START_TIMEOUT: Duration = Duration::from_secs(20);

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
        _server: S3sFs,
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
        let server = S3sFs::start();
        let config = S3Config {
            bucket: S3_BUCKET.to_owned(),
            endpoint: Some(format!("http://{}", server.address)),
            region: Some("us-east-1".to_owned()),
            credentials: Some(S3Credentials {
                access_key_id: S3_ACCESS_KEY.to_owned(),
                secret_access_key: S3_SECRET_KEY.to_owned(),
            }),
        };
        // Provisioning, which the store itself never does.
        objects::s3_client(&config)
            .await
            .create_bucket()
            .bucket(S3_BUCKET)
            .send()
            .await
            .expect("creating the test bucket");
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

/// A real S3 server on a free port with its own directory, stopped when dropped (also when the
/// test panics). Under nextest each test is its own process group, so even a killed test takes
/// the server with it.
pub struct S3sFs {
    child: Child,
    address: SocketAddr,
    _dir: TempDir,
}

impl S3sFs {
    fn start() -> Self {
        // The port is free when chosen but could be taken before the server binds it: retry.
        let mut failures = Vec::new();
        for _ in 0..3 {
            match Self::try_start() {
                Ok(server) => return server,
                Err(failure) => failures.push(failure),
            }
        }
        panic!("s3s-fs did not start:\n{}", failures.join("\n"));
    }

    fn try_start() -> Result<Self, String> {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir(&data).unwrap();
        let log_path = dir.path().join("s3s-fs.log");
        let log = File::create(&log_path).unwrap();
        let address = free_local_address();
        let spawned = Command::new("s3s-fs")
            .args(["--host", "127.0.0.1", "--port", &address.port().to_string()])
            .args(["--access-key", S3_ACCESS_KEY, "--secret-key", S3_SECRET_KEY])
            .arg(&data)
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn();
        let child = match spawned {
            Ok(child) => child,
            Err(error) if error.kind() == io::ErrorKind::NotFound => panic!(
                "the S3 tests need the s3s-fs server on PATH; install it with `{S3S_FS_INSTALL}`"
            ),
            Err(error) => panic!("starting s3s-fs: {error}"),
        };
        let mut server = Self {
            child,
            address,
            _dir: dir,
        };
        let deadline = Instant::now() + SERVER_START_TIMEOUT;
        loop {
            if let Some(status) = server.child.try_wait().unwrap() {
                let log = std::fs::read_to_string(&log_path).unwrap_or_default();
                return Err(format!("s3s-fs exited ({status}):\n{log}"));
            }
            if TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_ok() {
                return Ok(server);
            }
            if Instant::now() > deadline {
                let log = std::fs::read_to_string(&log_path).unwrap_or_default();
                return Err(format!(
                    "s3s-fs did not answer on {address} within {SERVER_START_TIMEOUT:?}:\n{log}"
                ));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for S3sFs {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_local_address() -> SocketAddr {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .unwrap()
        .local_addr()
        .unwrap()
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
        .verify("GET", &key, None, &query, state.clock.now())
    {
        return (StatusCode::FORBIDDEN, refused.to_string()).into_response();
    }
    match state.store.get(&key).await {
        Ok(Some(object)) => (
            [(header::CONTENT_TYPE, object.info.content_type.clone())],
            Body::from_stream(object.body),
        )
            .into_response(),
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
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok());
    if let Err(refused) = state
        .signer
        .verify("PUT", &key, content_type, &query, state.clock.now())
    {
        return (StatusCode::FORBIDDEN, refused.to_string()).into_response();
    }
    let content_type = content_type.expect("verified: the signed content type was sent");
    let body = Box::pin(body.into_data_stream().map_err(io::Error::other));
    match state
        .store
        .put(&key, body, PutOptions::new(content_type))
        .await
    {
        Ok(()) => StatusCode::OK.into_response(),
        Err(error) => (StatusCode::INTERNAL_SERVER_ERROR, error.to_string()).into_response(),
    }
}

//! The data store API's HAWK authentication over HTTP (other-systems B.5–B.6), on SQLite and
//! PostgreSQL: requests signed with the `hawk` crate as a client, and with mohawk (the Python
//! library the real service and its clients use); nonces in the store's table, in Redis, and in a
//! Redis that stops.
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::str::FromStr;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use app::datastore::names::DatasetName;
use app::datastore::server::datasets::{Datasets, Origin};
use app::datastore::server::hawk::{
    ClientId, DatabaseNonces, HawkClients, NonceStore, Scope, NONCE_KEPT,
};
use backends::clock::ManualClock;
use backends::testing::{start_time, unused_local_address};
use hawk::{Credentials, Header, Key, PayloadHasher, RequestBuilder, SHA256};
use serde_json::{json, Value};
use server::http::datastore::paths::DATASETS;

use crate::support::{eventually, Backend, Browser, TestApp, TestDatabase};

const WAIT: Duration = Duration::from_secs(15);

/// A HAWK client of the API, as its owner holds it.
pub struct Client {
    pub id: String,
    pub key: String,
}

impl Client {
    fn credentials(&self) -> Credentials {
        Credentials {
            id: self.id.clone(),
            key: Key::new(self.key.as_bytes(), SHA256).unwrap(),
        }
    }
}

/// Makes a client with the given scopes (by name).
pub async fn client(app: &TestApp, id: &str, scopes: &[&str]) -> Client {
    let scopes: Vec<Scope> = scopes.iter().map(|s| Scope::parse(s).unwrap()).collect();
    let key = clients(app)
        .create(&ClientId::new(id).unwrap(), &scopes, "a test client")
        .await
        .unwrap();
    Client {
        id: id.to_owned(),
        key,
    }
}

fn clients(app: &TestApp) -> HawkClients {
    HawkClients::new(
        app.state.backends.store.as_ref(),
        app.state.backends.clock.clone(),
    )
}

/// What a request is signed over. By default: a GET of the datasets, now, with a fresh nonce and
/// the hash of an empty body with no content type.
#[derive(Clone)]
pub struct Signing {
    pub path: String,
    pub at: SystemTime,
    pub nonce: String,
    /// The content type and body the payload hash is made from; `None` signs without a hash.
    pub payload: Option<(String, Vec<u8>)>,
}

impl Default for Signing {
    fn default() -> Self {
        Signing {
            path: DATASETS.pattern().to_owned(),
            at: SystemTime::now(),
            nonce: format!("{:016x}", rand::random::<u64>()),
            payload: Some((String::new(), Vec::new())),
        }
    }
}

/// The `Authorization` header for a GET signed as `signing` says, and the header itself (to check
/// the answer's signature with).
pub fn sign(browser: &Browser, client: &Client, signing: &Signing) -> (String, Header) {
    let hash = signing
        .payload
        .as_ref()
        .map(|(content_type, body)| PayloadHasher::hash(content_type, SHA256, body).unwrap());
    let port = browser.addr.port();
    let header = RequestBuilder::new("GET", "127.0.0.1", port, &signing.path)
        .hash(hash.as_deref())
        .request()
        .make_header_full(&client.credentials(), signing.at, signing.nonce.clone())
        .unwrap();
    (format!("Hawk {header}"), header)
}

/// Sends a GET of `path` with this `Authorization` and this content type and body, if any.
pub(crate) async fn send(
    browser: &Browser,
    path: &str,
    authorization: Option<&str>,
    content: Option<(&str, &[u8])>,
) -> reqwest::Response {
    let mut request = browser.no_redirect.get(browser.url(path));
    if let Some(authorization) = authorization {
        request = request.header("authorization", authorization);
    }
    if let Some((content_type, body)) = content {
        request = request
            .header("content-type", content_type)
            .body(body.to_vec());
    }
    request.send().await.expect("request")
}

/// A signed GET of the datasets with an empty body; its status and body.
pub async fn signed_get(browser: &Browser, client: &Client, signing: &Signing) -> (u16, String) {
    let (authorization, _) = sign(browser, client, signing);
    let response = send(browser, &signing.path, Some(authorization.as_str()), None).await;
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

/// Asserts the request was refused as the real service refuses: 401 and nothing else.
fn assert_refused((status, body): (u16, String), why: &str) {
    assert_eq!(status, 401, "{why}: {body}");
    assert_eq!(body, "", "{why}: a 401's body is empty");
}

fn assert_answered((status, body): (u16, String), why: &str) -> Value {
    assert_eq!(status, 200, "{why}: {body}");
    serde_json::from_str(&body).unwrap()
}

/// Whether `server_authorization` is the answer's HAWK signature for the request made with
/// `request_header`, over `body` of `content_type`.
fn answer_is_signed(
    browser: &Browser,
    client: &Client,
    path: &str,
    request_header: &Header,
    server_authorization: &str,
    content_type: &str,
    body: &[u8],
) -> bool {
    let Some(text) = server_authorization.strip_prefix("Hawk ") else {
        return false;
    };
    let Ok(response_header) = Header::from_str(text) else {
        return false;
    };
    let media_type = content_type.split(';').next().unwrap().trim();
    let hash = PayloadHasher::hash(media_type, SHA256, body).unwrap();
    let request = RequestBuilder::new("GET", "127.0.0.1", browser.addr.port(), path).request();
    request
        .make_response_builder(request_header)
        .hash(&hash[..])
        .response()
        .validate_header(&response_header, &client.credentials().key)
}

async fn add_dataset(app: &TestApp, schema: &str) {
    Datasets::of(&app.state.backends)
        .create(
            &DatasetName::from_schema(schema).unwrap(),
            Origin::Upload,
            None,
        )
        .await
        .unwrap();
}

async fn a_signed_request_is_answered_and_the_answer_is_signed(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    add_dataset(&app, "ons.postcodes").await;
    add_dataset(&app, "hmrc.exporters").await;
    let dataflow = client(&app, "dataflow", &["list_datasets"]).await;

    let signing = Signing::default();
    let (authorization, header) = sign(&app, &dataflow, &signing);
    let response = send(&app, &signing.path, Some(authorization.as_str()), None).await;
    assert_eq!(response.status(), 200);
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    let server_authorization = response.headers()["server-authorization"]
        .to_str()
        .unwrap()
        .to_owned();
    let body = response.bytes().await.unwrap();
    let datasets: Value = serde_json::from_slice(&body).unwrap();
    let listed: Vec<(&str, &str, &str)> = datasets["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["organisation"].as_str().unwrap(),
                d["dataset"].as_str().unwrap(),
                d["slug"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        listed,
        [
            ("hmrc", "exporters", "hmrc-exporters"),
            ("ons", "postcodes", "ons-postcodes")
        ]
    );
    assert_eq!(datasets["datasets"][0]["schema"], "hmrc.exporters");
    assert_eq!(datasets["datasets"][0]["origin"], "upload");
    assert!(datasets["datasets"][0]["id"].is_i64());
    assert!(datasets["datasets"][0]["created_at"].is_string());

    let path = signing.path.as_str();
    assert!(
        answer_is_signed(
            &app,
            &dataflow,
            path,
            &header,
            &server_authorization,
            &content_type,
            &body
        ),
        "Server-Authorization: {server_authorization}"
    );
    // It signs this answer and no other.
    let mut altered = body.to_vec();
    altered.push(b' ');
    assert!(!answer_is_signed(
        &app,
        &dataflow,
        path,
        &header,
        &server_authorization,
        &content_type,
        &altered
    ));
    assert!(!answer_is_signed(
        &app,
        &dataflow,
        path,
        &header,
        &server_authorization,
        "text/plain",
        &body
    ));

    // The MAC covers the query too.
    let with_query = Signing {
        path: format!("{}?orientation=records", DATASETS.pattern()),
        ..Signing::default()
    };
    assert_answered(signed_get(&app, &dataflow, &with_query).await, "a query");
}

async fn a_request_is_answered_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let dataflow = client(&app, "dataflow", &["list_datasets"]).await;
    let signing = Signing::default();
    assert_answered(
        signed_get(&app, &dataflow, &signing).await,
        "the first time",
    );
    assert_refused(signed_get(&app, &dataflow, &signing).await, "a replay");
    // The nonce is one client's: another's request with the same nonce and time is its own.
    let other = client(&app, "other", &["*"]).await;
    assert_answered(
        signed_get(&app, &other, &signing).await,
        "another client's nonce",
    );
}

/// On the app's clock, which the test holds still and moves.
async fn timestamps_more_than_a_minute_off_are_refused(backend: Backend) {
    let clock = ManualClock::new(start_time());
    let app = TestApp::spawn_with_clock(backend, &clock).await;
    let dataflow = client(&app, "dataflow", &["list_datasets"]).await;
    let now: SystemTime = start_time().into();
    let at = |offset: i64| Signing {
        at: if offset >= 0 {
            now + Duration::from_secs(offset as u64)
        } else {
            now - Duration::from_secs(offset.unsigned_abs())
        },
        ..Signing::default()
    };
    for offset in [-60, -59, 0, 59, 60] {
        assert_answered(
            signed_get(&app, &dataflow, &at(offset)).await,
            &format!("{offset} s off"),
        );
    }
    for offset in [-61, 61, -3600, 86_400] {
        assert_refused(
            signed_get(&app, &dataflow, &at(offset)).await,
            &format!("{offset} s off"),
        );
    }
    let far_future = Signing {
        at: UNIX_EPOCH + Duration::from_secs(u64::from(u32::MAX) + 1),
        ..Signing::default()
    };
    assert_refused(
        signed_get(&app, &dataflow, &far_future).await,
        "beyond any clock",
    );

    // Signed at the clock's time, then the clock moves on.
    let signed_now = at(0);
    clock.advance(chrono::Duration::seconds(61));
    assert_refused(signed_get(&app, &dataflow, &signed_now).await, "61 s later");
}

async fn the_payload_hash_is_required_and_checked(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let dataflow = client(&app, "dataflow", &["list_datasets"]).await;
    let path = DATASETS.pattern();

    let unhashed = Signing {
        payload: None,
        ..Signing::default()
    };
    assert_refused(
        signed_get(&app, &dataflow, &unhashed).await,
        "no payload hash",
    );
    let another_body = Signing {
        payload: Some((String::new(), b"{}".to_vec())),
        ..Signing::default()
    };
    assert_refused(
        signed_get(&app, &dataflow, &another_body).await,
        "the hash of another body",
    );
    let another_type = Signing {
        payload: Some(("application/json".to_owned(), Vec::new())),
        ..Signing::default()
    };
    assert_refused(
        signed_get(&app, &dataflow, &another_type).await,
        "the hash of another content type",
    );

    // A body and its content type, hashed as sent (the type without its parameters).
    let with_body = Signing {
        payload: Some(("text/plain".to_owned(), b"hello".to_vec())),
        ..Signing::default()
    };
    let (authorization, _) = sign(&app, &dataflow, &with_body);
    let response = send(
        &app,
        path,
        Some(authorization.as_str()),
        Some(("Text/Plain; charset=utf-8", &b"hello"[..])),
    )
    .await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    let tampered = Signing {
        nonce: "tampered".to_owned(),
        ..with_body
    };
    let (authorization, _) = sign(&app, &dataflow, &tampered);
    let response = send(
        &app,
        path,
        Some(authorization.as_str()),
        Some(("text/plain", &b"hellO"[..])),
    )
    .await;
    assert_eq!(response.status(), 401);
    assert_eq!(response.text().await.unwrap(), "");
}

async fn scopes_unknown_and_revoked_clients_are_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let tables_only = client(
        &app,
        "tables-only",
        &["get_table_data", "get_table_structure"],
    )
    .await;
    assert_refused(
        signed_get(&app, &tables_only, &Signing::default()).await,
        "outside its scope",
    );
    let everything = client(&app, "everything", &["*"]).await;
    assert_answered(
        signed_get(&app, &everything, &Signing::default()).await,
        "scope *",
    );

    let stranger = Client {
        id: "stranger".to_owned(),
        key: everything.key.clone(),
    };
    assert_refused(
        signed_get(&app, &stranger, &Signing::default()).await,
        "an unknown client",
    );
    let wrong_key = Client {
        id: everything.id.clone(),
        key: "not the key it was given, but as long".to_owned(),
    };
    assert_refused(
        signed_get(&app, &wrong_key, &Signing::default()).await,
        "a MAC made with another key",
    );

    let revoked = client(&app, "revoked", &["list_datasets"]).await;
    assert_answered(
        signed_get(&app, &revoked, &Signing::default()).await,
        "before revoking",
    );
    assert!(clients(&app)
        .revoke(&ClientId::new("revoked").unwrap())
        .await
        .unwrap());
    assert_refused(
        signed_get(&app, &revoked, &Signing::default()).await,
        "a revoked client",
    );
    // Its id is not given out again.
    let again = clients(&app)
        .create(&ClientId::new("revoked").unwrap(), &[Scope::Everything], "")
        .await;
    assert!(again.is_err());
}

async fn malformed_headers_are_400_with_a_json_error(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let dataflow = client(&app, "dataflow", &["list_datasets"]).await;
    let path = DATASETS.pattern();

    let response = send(&app, path, None, None).await;
    assert_eq!(response.status(), 401, "no Authorization header");
    assert_eq!(response.text().await.unwrap(), "");

    let (signed, _) = sign(&app, &dataflow, &Signing::default());
    let without_nonce = signed
        .split(", ")
        .filter(|attribute| !attribute.starts_with("nonce="))
        .collect::<Vec<_>>()
        .join(", ");
    for authorization in [
        "Bearer feed_abc".to_owned(),
        "Hawk".to_owned(),
        r#"Hawk id="dataflow", ts="soon", nonce="n", mac="bWFj""#.to_owned(),
        without_nonce,
        signed.replace("mac=", "colour=\"red\", mac="),
        format!("{signed}, {}", &signed["Hawk ".len()..]),
    ] {
        let response = send(&app, path, Some(authorization.as_str()), None).await;
        assert_eq!(response.status(), 400, "{authorization}");
        assert_eq!(
            response.headers()["content-type"],
            "application/json",
            "{authorization}"
        );
        assert_eq!(
            response.json::<Value>().await.unwrap(),
            json!({ "error": "Invalid authorization header." }),
            "{authorization}"
        );
    }
}

/// The store's table of nonces, directly: a nonce is new once per client and time, and rows are
/// dropped once expired.
async fn nonces_in_the_table_are_seen_once_and_then_dropped(backend: Backend) {
    let database = TestDatabase::create(backend).await;
    let store = backends::store::connect(&database.url()).await.unwrap();
    store.migrate().await.unwrap();
    let clock = ManualClock::new(start_time());
    let nonces = DatabaseNonces::new(store.as_ref(), std::sync::Arc::new(clock.clone()));
    let dataflow = ClientId::new("dataflow").unwrap();
    let other = ClientId::new("other").unwrap();
    let ts = start_time().timestamp();

    assert!(nonces.first_use(&dataflow, "n1", ts).await.unwrap());
    assert!(!nonces.first_use(&dataflow, "n1", ts).await.unwrap());
    assert!(nonces.first_use(&dataflow, "n1", ts + 1).await.unwrap());
    assert!(nonces.first_use(&other, "n1", ts).await.unwrap());

    let rows = || async {
        backends::on_pool!(&store.pool(), pool => {
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM datastore_hawk_nonces")
                .fetch_one(pool)
                .await
                .unwrap()
        })
    };
    assert_eq!(rows().await, 3);
    clock.advance(chrono::Duration::from_std(NONCE_KEPT).unwrap() + chrono::Duration::seconds(1));
    assert!(nonces.first_use(&dataflow, "n2", ts + 301).await.unwrap());
    assert_eq!(rows().await, 1, "the expired rows were dropped");
    store.close().await;
}

/// One address's allowance, counted before anything is looked up.
async fn the_api_allows_an_address_a_burst_of_calls(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let path = DATASETS.pattern();
    let answers = futures::future::join_all((0..120).map(|_| async {
        let response = send(&app, path, None, None).await;
        let status = response.status().as_u16();
        if status == 429 {
            assert!(response.headers().contains_key("retry-after"));
            let body: Value = response.json().await.unwrap();
            assert!(body["error"]
                .as_str()
                .unwrap()
                .starts_with("Too many requests"));
        }
        status
    }))
    .await;
    let refused = answers.iter().filter(|&&status| status == 401).count();
    let limited = answers.iter().filter(|&&status| status == 429).count();
    assert_eq!(refused + limited, answers.len(), "{answers:?}");
    assert!(refused >= 60, "the burst is answered: {answers:?}");
    assert!(limited > 0, "then the allowance runs out: {answers:?}");
}

backends::on_both_stores!(
    a_signed_request_is_answered_and_the_answer_is_signed,
    a_request_is_answered_once,
    timestamps_more_than_a_minute_off_are_refused,
    the_payload_hash_is_required_and_checked,
    scopes_unknown_and_revoked_clients_are_refused,
    malformed_headers_are_400_with_a_json_error,
    nonces_in_the_table_are_seen_once_and_then_dropped,
    the_api_allows_an_address_a_burst_of_calls,
);

fn redis_url() -> String {
    std::env::var("TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".to_owned())
}

async fn nonce_rows(app: &TestApp) -> i64 {
    backends::on_pool!(&app.state.backends.store.pool(), pool => {
        sqlx::query_scalar("SELECT COUNT(*) FROM datastore_hawk_nonces")
            .fetch_one(pool)
            .await
            .unwrap()
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_redis_a_request_is_answered_once() {
    let app = TestApp::spawn_with(Backend::Sqlite, |config| {
        config.redis_url = Some(redis_url());
    })
    .await;
    // Ids of their own: tests and runs share the machine's Redis.
    let id = format!("dataflow-{:x}", rand::random::<u64>());
    let dataflow = client(&app, &id, &["list_datasets"]).await;
    let signing = Signing::default();
    assert_answered(
        signed_get(&app, &dataflow, &signing).await,
        "the first time",
    );
    assert_refused(signed_get(&app, &dataflow, &signing).await, "a replay");
    assert_eq!(nonce_rows(&app).await, 0, "the nonces are in Redis");
}

/// A Redis server of this test's own, so it can stop it.
struct OwnRedis {
    child: Child,
    address: SocketAddr,
}

impl OwnRedis {
    fn start_on(address: SocketAddr) -> Self {
        let child = Command::new("redis-server")
            .args(["--bind", "127.0.0.1", "--port", &address.port().to_string()])
            .args(["--save", "", "--appendonly", "no"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("redis-server (scripts/setup --tests installs it)");
        let deadline = Instant::now() + WAIT;
        while TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_err() {
            assert!(
                Instant::now() < deadline,
                "redis-server did not answer on {address}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        OwnRedis { child, address }
    }

    fn url(&self) -> String {
        format!("redis://{}", self.address)
    }

    fn stop(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for OwnRedis {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_nonce_store_that_is_down_refuses_requests_until_it_is_back() {
    let address = unused_local_address();
    let redis = OwnRedis::start_on(address);
    let app = TestApp::spawn_with(Backend::Sqlite, |config| {
        config.redis_url = Some(redis.url());
    })
    .await;
    let dataflow = client(&app, "dataflow", &["list_datasets"]).await;
    assert_answered(
        signed_get(&app, &dataflow, &Signing::default()).await,
        "Redis up",
    );

    redis.stop();
    let started = Instant::now();
    assert_refused(
        signed_get(&app, &dataflow, &Signing::default()).await,
        "Redis down",
    );
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "refused within the nonce store's timeout"
    );

    // Redis back on its port: the app finds it again.
    let _redis = OwnRedis::start_on(address);
    eventually(WAIT, "a request answered once Redis is back", || async {
        let (status, _) = signed_get(&app, &dataflow, &Signing::default()).await;
        (status == 200).then_some(())
    })
    .await;
}

/// mohawk, the HAWK library of the real service and of its clients, against our API: it signs,
/// we answer; we sign, it accepts.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mohawk_signs_requests_we_accept_and_accepts_our_answers() {
    require_mohawk();
    let app = TestApp::spawn(Backend::Sqlite).await;
    add_dataset(&app, "ons.postcodes").await;
    let dataflow = client(&app, "dataflow", &["list_datasets"]).await;
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/integration/mohawk_client.py"
    );
    let output = tokio::process::Command::new("python3")
        .arg(script)
        .arg(app.url(DATASETS.pattern()))
        .args([&dataflow.id, &dataflow.key])
        .output()
        .await
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let seen: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        seen,
        json!({
            "signed": {"status": 200, "answer_accepted": true, "datasets": ["ons-postcodes"]},
            "with_query": {"status": 200, "answer_accepted": true},
            "replayed": {"status": 401, "body": ""},
            "wrong_key": {"status": 401, "body": ""},
            "altered_answer_refused": true,
        })
    );
}

fn require_mohawk() {
    let installed = Command::new("python3")
        .args(["-c", "import mohawk"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    assert!(
        installed,
        "the HAWK interoperability test needs python3 with mohawk: run scripts/setup --tests \
         (or python3 -m pip install mohawk==1.1.0)"
    );
}

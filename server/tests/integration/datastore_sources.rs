//! The data store's sources (other-systems B.1) on SQLite and PostgreSQL, their files kept on a
//! real S3 server (s3s-fs): a publisher the test runs (a small axum server) lists monthly files
//! on a page and serves them; the `datastore.pull` job, run by a worker the test drives, fetches
//! the newest once, then finds the store up to date, then fetches a newer file when one is
//! published, each time recording the pull and sending the file to be loaded. Sources whose page
//! has no file, whose page or file fails, or whose file is over its limit are recorded as failed,
//! store nothing, and hold no other source up. `server datastore pull` does the same at once, on
//! the filesystem store.
use std::collections::HashMap;
use std::net::SocketAddr;
use std::process::Command;
use std::sync::{Arc, Mutex};

use app::datastore::server::pull::{pull_job, IngestSource, SOURCE_URL_METADATA};
use app::datastore::server::{Pull, PullOutcome, SourcePulls};
use app::datastore::sources::{LoadMode, Source, SourceId, SourceSettings, Sources};
use axum::body::Body;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use backends::clock::ManualClock;
use backends::jobs::{JobKind, JobState, Worker, WorkerConfig};
use backends::objects::ObjectKey;
use backends::on_both_stores;
use backends::testing::{start_time, S3Server, S3_ACCESS_KEY, S3_SECRET_KEY};
use bytes::Bytes;
use sha2::{Digest, Sha256};

use crate::support::{test_config, Backend, TestApp, TestDatabase};

const SERVER: &str = env!("CARGO_BIN_EXE_server");

/// What the publisher answers at a path.
#[derive(Clone)]
enum Answer {
    /// An HTML page.
    Page(String),
    /// A file, its length announced.
    File(Bytes),
    /// A file sent in chunks, its length not announced.
    Streamed(Bytes),
    /// Only a status.
    Status(StatusCode),
}

type Answers = Arc<Mutex<HashMap<String, Answer>>>;

/// A website publishing datasets' files, as HMRC's or the ONS' does. Stops when dropped.
struct Publisher {
    addr: SocketAddr,
    answers: Answers,
    server: tokio::task::JoinHandle<()>,
}

impl Publisher {
    async fn start() -> Self {
        let answers = Answers::default();
        let app = axum::Router::new()
            .fallback(answer)
            .with_state(answers.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let server = tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        Publisher {
            addr,
            answers,
            server,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn answer(&self, path: &str, answer: Answer) {
        self.answers.lock().unwrap().insert(path.to_owned(), answer);
    }

    /// Lists `files` on the page `folder` (links relative to it, as such pages have them, and one
    /// link to something else) and serves each one in it.
    fn publish(&self, folder: &str, files: &[(&str, Answer)]) {
        let links: String = files
            .iter()
            .map(|(name, _)| format!(r#"<li><a href="{name}">{name}</a></li>"#))
            .collect();
        self.answer(
            folder,
            Answer::Page(format!(
                r#"<html><body><h1>Files</h1><ul>{links}</ul><a href="/about">About</a></body></html>"#
            )),
        );
        for (name, file) in files {
            self.answer(&format!("{folder}{name}"), file.clone());
        }
    }
}

impl Drop for Publisher {
    fn drop(&mut self) {
        self.server.abort();
    }
}

async fn answer(State(answers): State<Answers>, uri: Uri) -> Response {
    let found = answers.lock().unwrap().get(uri.path()).cloned();
    match found {
        Some(Answer::Page(html)) => axum::response::Html(html).into_response(),
        Some(Answer::File(bytes)) => ([("content-type", "text/csv")], bytes).into_response(),
        Some(Answer::Streamed(bytes)) => {
            let chunks: Vec<Result<Bytes, std::io::Error>> = bytes
                .chunks(1000)
                .map(|chunk| Ok(Bytes::copy_from_slice(chunk)))
                .collect();
            Body::from_stream(futures::stream::iter(chunks)).into_response()
        }
        Some(Answer::Status(status)) => status.into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// A month's CSV file of `rows` rows.
fn csv(month: &str, rows: usize) -> Bytes {
    let mut text = String::from("company,postcode,month\n");
    for row in 0..rows {
        text.push_str(&format!("Company {row} Ltd,AB1 {row}CD,{month}\n"));
    }
    Bytes::from(text)
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// A source of monthly CSV files named `{prefix}YYMM.csv` listed at `listing`, kept as the same
/// names.
fn source(id: &str, listing: String, prefix: &str, max_bytes: u64) -> Source {
    Source::new(SourceSettings {
        id: id.to_owned(),
        name: format!("{id} files"),
        listing_url: listing,
        link_pattern: format!(r"/{prefix}(?P<date>\d{{4}})\.csv$"),
        date_format: "%y%m".to_owned(),
        upper_case_dates: false,
        stored_name: format!("{prefix}{{date}}.csv"),
        refresh_delay_days: 1,
        mode: LoadMode::Incremental,
        max_bytes,
    })
    .unwrap()
}

fn exporters(publisher: &Publisher) -> Source {
    source(
        "hmrc.exporters",
        publisher.url("/trade-data/exporters/"),
        "exporters",
        1_000_000,
    )
}

/// An app with `sources` configured, its objects on a fresh S3 bucket of `s3`, its time a manual
/// clock's, running no jobs by itself: the test runs them ([`run_jobs`]).
async fn app_with(backend: Backend, s3: &S3Server, sources: Vec<Source>) -> TestApp {
    let bucket = s3.bucket("datastore-sources-test").await;
    let database = TestDatabase::create(backend).await;
    let mut config = test_config(database.url());
    config.run_jobs = false;
    config.s3_bucket = Some(bucket.bucket.clone());
    config.s3_endpoint = Some(s3.endpoint());
    config.s3_region = Some("us-east-1".to_owned());
    config.s3_access_key_id = Some(S3_ACCESS_KEY.to_owned());
    config.s3_secret_access_key = Some(S3_SECRET_KEY.to_owned());
    config.datastore_sources = Sources::new(sources).unwrap();
    let clock = ManualClock::new(start_time());
    let app = TestApp::spawn_on_with_clock(database, config, Arc::new(clock)).await;
    assert_eq!(app.state.backends.objects.kind().as_str(), "s3");
    app
}

/// Runs every job due now, as the app's worker would; how many ran.
async fn run_jobs(app: &TestApp) -> usize {
    let backends = &app.state.backends;
    Worker::new(
        backends.jobs.clone(),
        server::jobs::registry(backends, &app.state.config),
        WorkerConfig::default(),
    )
    .drain()
    .await
    .unwrap()
}

/// Sends the nightly job (every source) and runs it and the jobs it sends.
async fn pull_every_source(app: &TestApp) {
    let backends = &app.state.backends;
    backends
        .jobs
        .enqueue(&pull_job(None).unwrap())
        .await
        .unwrap();
    run_jobs(app).await;
}

/// The names of the objects stored for `source`.
async fn stored(app: &TestApp, source: &str) -> Vec<String> {
    let id: SourceId = source.parse().unwrap();
    let prefix = id.storage_prefix();
    app.state
        .backends
        .objects
        .list(&prefix)
        .await
        .unwrap()
        .into_iter()
        .map(|object| object.key.as_str()[prefix.len()..].to_owned())
        .collect()
}

async fn pulls(app: &TestApp, source: &str) -> Vec<Pull> {
    SourcePulls::of(&app.state.backends)
        .recent(&source.parse().unwrap(), 10)
        .await
        .unwrap()
}

/// The sources the `datastore.ingest` jobs waiting name, oldest first.
/// The sources sent to be loaded, in the order sent (their jobs run by [`run_jobs`] or not).
async fn ingest_jobs(app: &TestApp) -> Vec<String> {
    let mut jobs = Vec::new();
    for state in [
        JobState::Pending,
        JobState::Running,
        JobState::Succeeded,
        JobState::Dead,
    ] {
        jobs.extend(app.state.backends.jobs.list(state, 100).await.unwrap());
    }
    jobs.sort_by_key(|job| job.id);
    jobs.into_iter()
        .filter(|job| job.kind == IngestSource::KIND)
        .map(|job| {
            serde_json::from_value::<IngestSource>(job.payload)
                .unwrap()
                .source
        })
        .collect()
}

async fn a_source_is_fetched_once_then_up_to_date_then_again_when_newer(backend: Backend) {
    let publisher = Publisher::start().await;
    let january = csv("2024-01", 10);
    let february = csv("2024-02", 20);
    publisher.publish(
        "/trade-data/exporters/",
        &[
            ("exporters2401.csv", Answer::File(january)),
            ("exporters2402.csv", Answer::File(february.clone())),
        ],
    );
    let s3 = S3Server::start();
    let app = app_with(backend, &s3, vec![exporters(&publisher)]).await;

    // The first pull fetches only the newest file, and sends it to be loaded.
    pull_every_source(&app).await;
    assert_eq!(stored(&app, "hmrc.exporters").await, ["exporters2402.csv"]);
    let key = ObjectKey::new("datasets/hmrc/exporters/exporters2402.csv").unwrap();
    let object = app.state.backends.objects.get(&key).await.unwrap().unwrap();
    let february_url = publisher.url("/trade-data/exporters/exporters2402.csv");
    assert_eq!(
        object.info.metadata.get(SOURCE_URL_METADATA),
        Some(&february_url)
    );
    assert_eq!(object.info.content_type, "text/csv");
    assert_eq!(object.into_bytes().await.unwrap(), february);
    let recorded = pulls(&app, "hmrc.exporters").await;
    assert_eq!(recorded.len(), 1);
    let fetched = &recorded[0].record;
    assert_eq!(fetched.outcome, PullOutcome::Fetched);
    assert_eq!(fetched.file_name.as_deref(), Some("exporters2402.csv"));
    assert_eq!(fetched.url.as_deref(), Some(february_url.as_str()));
    assert_eq!(fetched.bytes, Some(february.len() as i64));
    assert_eq!(fetched.sha256, Some(sha256_hex(&february)));
    assert_eq!(fetched.error, None);
    assert_eq!(ingest_jobs(&app).await, ["hmrc.exporters"]);

    // Pulled again, nothing newer: nothing fetched, nothing sent.
    pull_every_source(&app).await;
    let recorded = pulls(&app, "hmrc.exporters").await;
    assert_eq!(recorded.len(), 2);
    assert_eq!(recorded[0].record.outcome, PullOutcome::UpToDate);
    assert_eq!(
        recorded[0].record.file_name.as_deref(),
        Some("exporters2402.csv")
    );
    assert_eq!(
        recorded[0].record.to_string(),
        "hmrc.exporters: up to date (exporters2402.csv is the newest)"
    );
    assert_eq!(stored(&app, "hmrc.exporters").await, ["exporters2402.csv"]);
    assert_eq!(ingest_jobs(&app).await, ["hmrc.exporters"]);

    // A newer month published: fetched beside the older, and sent to be loaded.
    let march = csv("2024-03", 30);
    publisher.publish(
        "/trade-data/exporters/",
        &[
            ("exporters2401.csv", Answer::File(csv("2024-01", 10))),
            ("exporters2402.csv", Answer::File(february)),
            ("exporters2403.csv", Answer::Streamed(march.clone())),
        ],
    );
    pull_every_source(&app).await;
    assert_eq!(
        stored(&app, "hmrc.exporters").await,
        ["exporters2402.csv", "exporters2403.csv"]
    );
    let latest = &pulls(&app, "hmrc.exporters").await[0].record;
    assert_eq!(latest.outcome, PullOutcome::Fetched);
    assert_eq!(latest.file_name.as_deref(), Some("exporters2403.csv"));
    assert_eq!(latest.bytes, Some(march.len() as i64));
    assert_eq!(latest.sha256, Some(sha256_hex(&march)));
    assert_eq!(
        ingest_jobs(&app).await,
        ["hmrc.exporters", "hmrc.exporters"]
    );
    // Each fetched file was loaded once, February's 20 rows then March's 30 after them.
    let (rows, loaded): (i64, String) = backends::on_pool!(&app.state.backends.store.pool(), pool => {
        sqlx::query_as(
            "SELECT (SELECT row_count FROM datastore_tables), \
             (SELECT string_agg(file_name, ',') FROM (SELECT file_name FROM datafile_registry \
              WHERE state = 'processed' ORDER BY id) AS files)",
        )
        .fetch_one(pool)
        .await
        .unwrap()
    });
    assert_eq!(
        (rows, loaded.as_str()),
        (50, "exporters2402.csv,exporters2403.csv")
    );
}

async fn failing_sources_are_recorded_and_hold_no_other_source_up(backend: Backend) {
    let publisher = Publisher::start().await;
    let february = csv("2024-02", 20);
    publisher.publish(
        "/trade-data/exporters/",
        &[("exporters2402.csv", Answer::File(february))],
    );
    // A page that links to no file of its source.
    publisher.publish(
        "/trade-data/importers/",
        &[("exporters2402.csv", Answer::File(csv("2024-02", 1)))],
    );
    // A page that fails.
    publisher.answer(
        "/broken/",
        Answer::Status(StatusCode::INTERNAL_SERVER_ERROR),
    );
    // A page whose file fails.
    publisher.publish(
        "/roads/",
        &[(
            "roads2402.csv",
            Answer::Status(StatusCode::SERVICE_UNAVAILABLE),
        )],
    );
    let s3 = S3Server::start();
    let app = app_with(
        backend,
        &s3,
        vec![
            source(
                "hmrc.importers",
                publisher.url("/trade-data/importers/"),
                "importers",
                1_000_000,
            ),
            source("ons.broken", publisher.url("/broken/"), "broken", 1_000_000),
            source("dft.roads", publisher.url("/roads/"), "roads", 1_000_000),
            exporters(&publisher),
        ],
    )
    .await;

    pull_every_source(&app).await;

    assert_eq!(stored(&app, "hmrc.exporters").await, ["exporters2402.csv"]);
    assert_eq!(ingest_jobs(&app).await, ["hmrc.exporters"]);
    let failed = |id: &'static str| {
        let app = &app;
        async move {
            let recorded = pulls(app, id).await;
            assert_eq!(recorded.len(), 1, "{id} pulled once so far");
            assert_eq!(recorded[0].record.outcome, PullOutcome::Failed, "{id}");
            assert!(stored(app, id).await.is_empty(), "{id} stored nothing");
            recorded[0].record.clone()
        }
    };
    let importers = failed("hmrc.importers").await;
    assert_eq!(importers.error.as_deref(), Some("No valid links found."));
    assert_eq!(importers.file_name, None);
    let broken = failed("ons.broken").await;
    assert_eq!(
        broken.error,
        Some(format!("{} answered 500", publisher.url("/broken/")))
    );
    let roads = failed("dft.roads").await;
    let roads_file = publisher.url("/roads/roads2402.csv");
    assert_eq!(roads.error, Some(format!("{roads_file} answered 503")));
    assert_eq!(roads.file_name.as_deref(), Some("roads2402.csv"));
    assert_eq!(roads.url, Some(roads_file));

    // Each failing source's job is tried again later; the good one's is done.
    let retrying = app.state.backends.jobs.list_retrying(10).await.unwrap();
    let mut retried: Vec<String> = retrying
        .iter()
        .map(|job| job.payload["source"].as_str().unwrap().to_owned())
        .collect();
    retried.sort();
    assert_eq!(retried, ["dft.roads", "hmrc.importers", "ons.broken"]);
}

async fn a_download_over_its_limit_leaves_no_object(backend: Backend) {
    let publisher = Publisher::start().await;
    let big = csv("2024-02", 200);
    assert!(big.len() > 5_000);
    // One says its length, the other only sends more than it may.
    publisher.publish(
        "/announced/",
        &[("announced2402.csv", Answer::File(big.clone()))],
    );
    publisher.publish(
        "/streamed/",
        &[("streamed2402.csv", Answer::Streamed(big.clone()))],
    );
    let s3 = S3Server::start();
    let app = app_with(
        backend,
        &s3,
        vec![
            source(
                "hmrc.announced",
                publisher.url("/announced/"),
                "announced",
                5_000,
            ),
            source(
                "hmrc.streamed",
                publisher.url("/streamed/"),
                "streamed",
                5_000,
            ),
        ],
    )
    .await;

    pull_every_source(&app).await;

    for (id, file) in [
        ("hmrc.announced", "/announced/announced2402.csv"),
        ("hmrc.streamed", "/streamed/streamed2402.csv"),
    ] {
        assert!(stored(&app, id).await.is_empty(), "{id}");
        let recorded = pulls(&app, id).await;
        assert_eq!(recorded[0].record.outcome, PullOutcome::Failed, "{id}");
        assert_eq!(
            recorded[0].record.error,
            Some(format!(
                "{} is larger than the source's limit of 5000 bytes",
                publisher.url(file)
            ))
        );
    }
    assert!(app
        .state
        .backends
        .objects
        .list("datasets/")
        .await
        .unwrap()
        .is_empty());
    assert_eq!(ingest_jobs(&app).await, Vec::<String>::new());
}

/// `server datastore pull [SOURCE]` with `config_file`, against `app`'s database and objects.
fn cli(app: &TestApp, config_file: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(SERVER)
        .arg("--config")
        .arg(config_file)
        .args(["datastore", "pull"])
        .args(args)
        .env("DATABASE_URL", &app.state.config.database_url)
        .env("APP_OBJECTS_DIR", &app.state.config.objects_dir)
        .env("APP_ENVIRONMENT", "test")
        .env_remove("APP_DATABASE_URL")
        .output()
        .unwrap()
}

/// A `[[datastore_sources]]` table for a source of monthly CSV files.
fn source_table(id: &str, listing: &str, prefix: &str) -> String {
    format!(
        r#"
[[datastore_sources]]
id = "{id}"
name = "{id} files"
listing_url = "{listing}"
link_pattern = '/{prefix}(?P<date>\d{{4}})\.csv$'
date_format = "%y%m"
stored_name = "{prefix}{{date}}.csv"
mode = "snapshot"
max_bytes = 1_000_000
"#
    )
}

async fn the_command_pulls_at_once_and_fails_when_a_pull_fails(backend: Backend) {
    let publisher = Publisher::start().await;
    let february = csv("2024-02", 20);
    publisher.publish(
        "/trade-data/exporters/",
        &[("exporters2402.csv", Answer::File(february.clone()))],
    );
    publisher.answer("/broken/", Answer::Status(StatusCode::BAD_GATEWAY));
    let database = TestDatabase::create(backend).await;
    let mut config = test_config(database.url());
    config.run_jobs = false;
    let app = TestApp::spawn_on(database, config).await;
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.toml");
    let exporters_table = source_table(
        "hmrc.exporters",
        &publisher.url("/trade-data/exporters/"),
        "exporters",
    );
    std::fs::write(&good, &exporters_table).unwrap();

    let output = cli(&app, &good, &[]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        stdout,
        format!(
            "hmrc.exporters: fetched exporters2402.csv ({} bytes, SHA-256 {})\n",
            february.len(),
            sha256_hex(&february)
        )
    );
    assert_eq!(stored(&app, "hmrc.exporters").await, ["exporters2402.csv"]);
    assert_eq!(ingest_jobs(&app).await, ["hmrc.exporters"]);

    let output = cli(&app, &good, &["hmrc.exporters"]);
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "hmrc.exporters: up to date (exporters2402.csv is the newest)\n"
    );

    let output = cli(&app, &good, &["ons.postcodes"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains(
        r#"no datastore source \"ons.postcodes\" is configured (configured: hmrc.exporters)"#
    ));

    // With a failing source beside it, the good one still goes and the command fails.
    let with_broken = dir.path().join("with-broken.toml");
    let broken_table = source_table("ons.broken", &publisher.url("/broken/"), "broken");
    std::fs::write(&with_broken, format!("{broken_table}{exporters_table}")).unwrap();
    let output = cli(&app, &with_broken, &[]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        format!(
            "ons.broken: failed: {} answered 502\n\
             hmrc.exporters: up to date (exporters2402.csv is the newest)\n",
            publisher.url("/broken/")
        )
    );
    assert_eq!(pulls(&app, "ons.broken").await.len(), 1);

    // A source that cannot work stops the command before it starts, saying why.
    let no_date = dir.path().join("no-date.toml");
    std::fs::write(&no_date, exporters_table.replace("(?P<date>", "(")).unwrap();
    let output = cli(&app, &no_date, &[]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr
            .contains("datastore source hmrc.exporters: link_pattern: it needs a group named date"),
        "{stderr}"
    );
}

async fn staff_see_the_sources_and_pull_one_now(backend: Backend) {
    use app::account::server::Role;

    use crate::accounts::{create_account, sign_in, PASSWORD};

    let publisher = Publisher::start().await;
    publisher.publish(
        "/trade-data/exporters/",
        &[("exporters2401.csv", Answer::File(csv("2024-01", 10)))],
    );
    let s3 = S3Server::start();
    let app = app_with(backend, &s3, vec![exporters(&publisher)]).await;
    let signed_in = |email: &'static str, role: Role| {
        let app = &app;
        async move {
            create_account(app, email, role).await;
            let browser = app.new_browser();
            assert_eq!(sign_in(&browser, email, PASSWORD).await.status(), 303);
            browser
        }
    };
    let citizen = signed_in("citizen@example.com", Role::Citizen).await;
    assert_eq!(citizen.get("/upload/sources").await.status(), 403);
    let staff = signed_in("data@example.com", Role::DataStore).await;
    let page = staff.get_page("/upload/sources", 200).await;
    assert_eq!(page.texts("main h2"), ["hmrc.exporters files"]);
    assert!(page.html.contains("Not pulled yet."), "{}", page.html);

    // "Pull now" sends the source's pull, once however often it is pressed before it runs.
    let pulled = staff
        .post_form("/upload/sources", &[("source", "hmrc.exporters")])
        .await;
    assert_eq!(pulled.status(), 303);
    assert_eq!(
        pulled.headers()["location"],
        "/upload/sources?pulling=hmrc.exporters"
    );
    staff
        .post_form("/upload/sources", &[("source", "hmrc.exporters")])
        .await;
    let pending = app
        .state
        .backends
        .jobs
        .list(JobState::Pending, 10)
        .await
        .unwrap();
    let keys: Vec<Option<String>> = pending.iter().map(|job| job.dedupe_key.clone()).collect();
    assert_eq!(keys, [Some("datastore.pull:hmrc.exporters".to_owned())]);
    let banner = staff
        .get_page("/upload/sources?pulling=hmrc.exporters", 200)
        .await;
    assert!(
        banner
            .text(".govuk-notification-banner__content")
            .contains("hmrc.exporters files will be pulled in a moment"),
        "{}",
        banner.html
    );

    // A source that is not configured is refused at the field.
    let refused = staff
        .post_form("/upload/sources", &[("source", "hmrc.nothing")])
        .await;
    assert_eq!(refused.status(), 400);
    let refused = crate::support::Page::new(refused.text().await.unwrap());
    assert!(
        refused
            .text(".govuk-error-summary")
            .contains("Choose a source to pull"),
        "{}",
        refused.html
    );

    // Pulled and loaded: the page says what was fetched and loaded.
    run_jobs(&app).await;
    let page = staff.get_page("/upload/sources", 200).await;
    let tables = page.texts("table");
    assert!(
        tables
            .iter()
            .any(|t| t.contains("Fetched exporters2401.csv")),
        "{tables:?}"
    );
    assert!(
        tables
            .iter()
            .any(|t| t.contains("exporters2401.csv") && t.contains("Loaded, 10 rows")),
        "{tables:?}"
    );
}

on_both_stores!(
    a_source_is_fetched_once_then_up_to_date_then_again_when_newer,
    failing_sources_are_recorded_and_hold_no_other_source_up,
    a_download_over_its_limit_leaves_no_object,
    the_command_pulls_at_once_and_fails_when_a_pull_fails,
    staff_see_the_sources_and_pull_one_now,
);

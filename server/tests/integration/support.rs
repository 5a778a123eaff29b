//! The test harness every integration test uses: the real router on a random port, against a fresh
//! SQLite file or a fresh PostgreSQL database, and an HTTP client that keeps cookies and follows
//! redirects.
use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use std::sync::Arc;

use backends::clock::{SharedClock, SystemClock};
use server::config::{Config, Environment, LogFormat};
use server::state::AppState;
use sqlx::Connection;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// Which relational store a test app runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The PostgreSQL server tests create their databases on (the machine's local server).
pub fn postgres_admin_url() -> String {
    std::env::var("TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

/// A database that exists for one test and is dropped after it.
pub enum TestDatabase {
    Sqlite { dir: tempfile::TempDir },
    Postgres { name: String },
}

impl TestDatabase {
    pub async fn create(backend: Backend) -> Self {
        match backend {
            Backend::Sqlite => TestDatabase::Sqlite {
                dir: tempfile::tempdir().expect("temp dir"),
            },
            Backend::Postgres => {
                let name = format!("test_{}", uuid::Uuid::new_v4().simple());
                let mut admin = sqlx::PgConnection::connect(&postgres_admin_url())
                    .await
                    .expect(
                        "PostgreSQL must be running for the Postgres tests (see scripts/services)",
                    );
                sqlx::query(&format!("CREATE DATABASE {name}"))
                    .execute(&mut admin)
                    .await
                    .expect("create database");
                TestDatabase::Postgres { name }
            }
        }
    }

    pub fn url(&self) -> String {
        match self {
            TestDatabase::Sqlite { dir } => {
                format!("sqlite://{}", dir.path().join("data/app.db").display())
            }
            TestDatabase::Postgres { name } => database_url(name),
        }
    }

    /// The URL with a different host:port, for reaching the database through a proxy.
    pub fn url_via(&self, proxy: SocketAddr) -> String {
        match self {
            TestDatabase::Sqlite { .. } => self.url(),
            TestDatabase::Postgres { name } => format!("postgres://postgres@{proxy}/{name}"),
        }
    }
}

fn database_url(name: &str) -> String {
    let admin = postgres_admin_url();
    let base = admin
        .rsplit_once('/')
        .map(|(base, _)| base)
        .unwrap_or(&admin);
    format!("{base}/{name}")
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let TestDatabase::Postgres { name } = self {
            let name = name.clone();
            // Drop runs outside async; a short-lived runtime on its own thread does the I/O.
            let _ = std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .ok()?;
                runtime.block_on(async {
                    let mut admin = sqlx::PgConnection::connect(&postgres_admin_url())
                        .await
                        .ok()?;
                    sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .execute(&mut admin)
                        .await
                        .ok()
                })
            })
            .join();
        }
    }
}

/// One browser's view of an app: its own cookies, shared by both clients.
pub struct Browser {
    pub addr: SocketAddr,
    /// Follows redirects; shares its cookies with `no_redirect`.
    pub client: reqwest::Client,
    /// Answers redirects as they are, to check POST/redirect/GET.
    pub no_redirect: reqwest::Client,
}

impl Browser {
    fn new(addr: SocketAddr) -> Self {
        let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
        let client = reqwest::Client::builder()
            .cookie_provider(jar.clone())
            .timeout(Duration::from_secs(30))
            .build()
            .expect("client");
        let no_redirect = reqwest::Client::builder()
            .cookie_provider(jar)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(30))
            .build()
            .expect("client");
        Browser {
            addr,
            client,
            no_redirect,
        }
    }
}

/// A running app, and the browser most tests use ([`TestApp`] derefs to it). Stops when dropped.
pub struct TestApp {
    browser: Browser,
    pub state: AppState,
    /// Held so the database outlives the app; dropped (and on PostgreSQL, deleted) after it.
    _database: TestDatabase,
    _objects_dir: tempfile::TempDir,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<anyhow::Result<()>>>,
}

/// The configuration a test app starts from: test environment, quiet logs, a random port.
pub fn test_config(database_url: String) -> Config {
    Config {
        environment: Environment::Test,
        addr: SocketAddr::from(([127, 0, 0, 1], 0)),
        database_url,
        site_root: PathBuf::from("target/site"),
        log_format: LogFormat::Json,
        shutdown_grace_seconds: 5,
        ..Config::default()
    }
}

/// Turns a test configuration into a production one, which needs its secret key set.
pub fn make_production(config: &mut Config) {
    config.environment = Environment::Production;
    config.secret_key = Some("a production secret key of 32 bytes or more".to_owned());
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> Self {
        Self::spawn_with(backend, |_| {}).await
    }

    /// Spawns with the test configuration changed by `adjust`.
    pub async fn spawn_with(backend: Backend, adjust: impl FnOnce(&mut Config)) -> Self {
        let database = TestDatabase::create(backend).await;
        let mut config = test_config(database.url());
        adjust(&mut config);
        Self::spawn_on(database, config).await
    }

    /// Spawns against an existing database with a given configuration.
    pub async fn spawn_on(database: TestDatabase, config: Config) -> Self {
        Self::spawn_on_with_clock(database, config, Arc::new(SystemClock)).await
    }

    /// Spawns with the time read from `clock`, such as a [`ManualClock`] the test moves.
    pub async fn spawn_on_with_clock(
        database: TestDatabase,
        mut config: Config,
        clock: SharedClock,
    ) -> Self {
        server::telemetry::init_logging(config.log_format);
        let objects_dir = tempfile::tempdir().expect("temp dir");
        if config.objects_dir == Config::default().objects_dir {
            config.objects_dir = objects_dir.path().to_path_buf();
        }
        let state = server::app::build_state_with_clock(config, clock)
            .await
            .expect("app state");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("local addr");
        let (shutdown_tx, shutdown_rx) = oneshot::channel::<()>();
        let server = tokio::spawn(server::app::serve(listener, state.clone(), async move {
            let _ = shutdown_rx.await;
        }));
        TestApp {
            browser: Browser::new(addr),
            state,
            _database: database,
            _objects_dir: objects_dir,
            shutdown: Some(shutdown_tx),
            server: Some(server),
        }
    }

    /// Another browser, with cookies of its own (a second device, another person).
    pub fn new_browser(&self) -> Browser {
        Browser::new(self.browser.addr)
    }

    /// Sends the shutdown signal and waits for the server to finish.
    pub async fn stop(mut self) -> anyhow::Result<()> {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        match self.server.take() {
            Some(server) => server.await?,
            None => Ok(()),
        }
    }
}

impl std::ops::Deref for TestApp {
    type Target = Browser;

    fn deref(&self) -> &Browser {
        &self.browser
    }
}

impl Browser {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request")
    }

    /// GET, asserting the status, returning the body as a parsed HTML document.
    pub async fn get_page(&self, path: &str, expected_status: u16) -> Page {
        let response = self.get(path).await;
        assert_eq!(
            response.status().as_u16(),
            expected_status,
            "status of GET {path}"
        );
        Page::new(response.text().await.expect("body"))
    }

    /// Submits a form as a browser without JavaScript would: the page's CSRF token (from a GET
    /// of `path`) is added to `fields`. Redirects are not followed.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let token = self.csrf_token(path).await;
        let mut body: Vec<(&str, &str)> = vec![("csrf_token", &token)];
        body.extend_from_slice(fields);
        self.no_redirect
            .post(self.url(path))
            .form(&body)
            .send()
            .await
            .expect("request")
    }

    /// The CSRF token the page at `path` puts in its forms.
    pub async fn csrf_token(&self, path: &str) -> String {
        let page = Page::new(self.get(path).await.text().await.expect("body"));
        page.attrs("input[name=csrf_token]", "value")
            .into_iter()
            .next()
            .expect("the page has a form with a CSRF token")
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// A parsed HTML page with helpers for the assertions tests make.
pub struct Page {
    pub html: String,
    document: scraper::Html,
}

impl Page {
    pub fn new(html: String) -> Self {
        let document = scraper::Html::parse_document(&html);
        Page { html, document }
    }

    /// The text of every element matching `selector`, whitespace collapsed.
    pub fn texts(&self, selector: &str) -> Vec<String> {
        let selector = scraper::Selector::parse(selector).expect("valid selector");
        self.document
            .select(&selector)
            .map(|e| {
                e.text()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    /// The text of the one element matching `selector`.
    pub fn text(&self, selector: &str) -> String {
        let texts = self.texts(selector);
        assert_eq!(
            texts.len(),
            1,
            "expected one element for {selector}, found {}",
            texts.len()
        );
        texts.into_iter().next().unwrap_or_default()
    }

    pub fn count(&self, selector: &str) -> usize {
        self.texts(selector).len()
    }

    /// The values of `attribute` on every element matching `selector`.
    pub fn attrs(&self, selector: &str, attribute: &str) -> Vec<String> {
        let selector = scraper::Selector::parse(selector).expect("valid selector");
        self.document
            .select(&selector)
            .filter_map(|e| e.value().attr(attribute).map(str::to_owned))
            .collect()
    }

    pub fn title(&self) -> String {
        self.text("head > title")
    }
}

/// Polls `condition` until it returns `Some`, or fails the test after `deadline`. Tests wait for
/// conditions, never for fixed times.
pub async fn eventually<T, F, Fut>(deadline: Duration, what: &str, mut condition: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let started = Instant::now();
    loop {
        if let Some(value) = condition().await {
            return value;
        }
        assert!(
            started.elapsed() < deadline,
            "timed out after {deadline:?} waiting for: {what}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Generates one `#[tokio::test]` per backend for each named `async fn(Backend)`, so every
/// integration test runs on SQLite and on PostgreSQL in the same run.
#[macro_export]
macro_rules! on_both_stores {
    ($($test:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $test() {
                    super::$test($crate::support::Backend::Sqlite).await
                }
            )+
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $test() {
                    super::$test($crate::support::Backend::Postgres).await
                }
            )+
        }
    };
}

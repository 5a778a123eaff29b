//! The test harness every integration test uses: the real router on a random port, against a fresh
//! SQLite file or a fresh PostgreSQL database, and an HTTP client that keeps cookies and follows
//! redirects.
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use backends::clock::{SharedClock, SystemClock};
use server::config::{Config, Environment, LogFormat};
use server::state::AppState;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use backends::testing::{eventually, Backend, TestDatabase};

/// One browser's view of an app: its own cookies, shared by both clients.
pub struct Browser {
    pub addr: SocketAddr,
    cookies: Arc<reqwest::cookie::Jar>,
    /// Follows redirects; shares its cookies with `no_redirect`.
    pub client: reqwest::Client,
    /// Answers redirects as they are, to check POST/redirect/GET.
    pub no_redirect: reqwest::Client,
}

impl Browser {
    fn new(addr: SocketAddr) -> Self {
        Self::with_cookies(addr, Arc::new(reqwest::cookie::Jar::default()))
    }

    fn with_cookies(addr: SocketAddr, jar: Arc<reqwest::cookie::Jar>) -> Self {
        let client = reqwest::Client::builder()
            .cookie_provider(jar.clone())
            .timeout(Duration::from_secs(30))
            .build()
            .expect("client");
        let no_redirect = reqwest::Client::builder()
            .cookie_provider(jar.clone())
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(30))
            .build()
            .expect("client");
        Browser {
            addr,
            cookies: jar,
            client,
            no_redirect,
        }
    }

    /// The `Cookie` header this browser sends to its app (for clients other than its own).
    pub fn cookie_header(&self) -> Option<String> {
        use reqwest::cookie::CookieStore;
        let url = format!("http://{}/", self.addr)
            .parse()
            .expect("the app's URL");
        self.cookies
            .cookies(&url)
            .and_then(|value| value.to_str().ok().map(str::to_owned))
    }

    /// The same browser, its requests sent to another instance (as a load balancer might).
    pub fn via(&self, instance: &TestApp) -> Browser {
        Self::with_cookies(instance.addr, self.cookies.clone())
    }
}

/// A running app, and the browser most tests use ([`TestApp`] derefs to it). Stops when dropped.
pub struct TestApp {
    browser: Browser,
    pub state: AppState,
    /// Held so the database outlives the app (and every other instance sharing it); dropped, and
    /// on PostgreSQL deleted, after the last.
    database: Arc<TestDatabase>,
    objects_dir: Arc<tempfile::TempDir>,
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
    // Never called by these tests: production needs a GOV.UK Pay to start.
    config.pay_url = Some("https://publicapi.payments.service.gov.uk".to_owned());
    config.pay_api_key = Some("a production GOV.UK Pay key".to_owned());
    config.sirius_url = Some("https://lpa.api.opg.service.justice.gov.uk".to_owned());
    config.os_places_url = Some("https://api.os.uk".to_owned());
    config.os_places_key = Some("a production OS Places key".to_owned());
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

    /// Spawns on a fresh database with the time read from `clock`, which the test moves.
    pub async fn spawn_with_clock(backend: Backend, clock: &backends::clock::ManualClock) -> Self {
        let database = TestDatabase::create(backend).await;
        let config = test_config(database.url());
        Self::spawn_on_with_clock(database, config, Arc::new(clock.clone())).await
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
        let objects_dir = Arc::new(tempfile::tempdir().expect("temp dir"));
        if config.objects_dir == Config::default().objects_dir {
            config.objects_dir = objects_dir.path().to_path_buf();
        }
        Self::start(Arc::new(database), objects_dir, config, clock).await
    }

    /// A second instance of the same app: the same configuration (database, objects, sessions
    /// backend), its own process state and port, as in a deployment of several instances.
    pub async fn another_instance(&self) -> TestApp {
        self.another_instance_with(|_| {}).await
    }

    /// A second instance whose configuration differs by `adjust` (one that runs no jobs, say).
    pub async fn another_instance_with(&self, adjust: impl FnOnce(&mut Config)) -> TestApp {
        let mut config = self.state.config.as_ref().clone();
        adjust(&mut config);
        Self::start(
            self.database.clone(),
            self.objects_dir.clone(),
            config,
            self.state.backends.clock.clone(),
        )
        .await
    }

    async fn start(
        database: Arc<TestDatabase>,
        objects_dir: Arc<tempfile::TempDir>,
        config: Config,
        clock: SharedClock,
    ) -> Self {
        server::telemetry::init_logging(config.log_format);
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
            database,
            objects_dir,
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

/// A websocket of the app, as the test's client holds it.
pub type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Opens the websocket at `path` as `browser` (its cookies), sending `origin`; the handshake's
/// status if refused.
pub async fn websocket(browser: &Browser, path: &str, origin: &str) -> Result<Socket, u16> {
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    let mut request = format!("ws://{}{path}", browser.addr)
        .into_client_request()
        .unwrap();
    request
        .headers_mut()
        .insert("origin", origin.parse().unwrap());
    if let Some(cookies) = browser.cookie_header() {
        request
            .headers_mut()
            .insert("cookie", cookies.parse().unwrap());
    }
    match tokio_tungstenite::connect_async(request).await {
        Ok((socket, _)) => Ok(socket),
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
            Err(response.status().as_u16())
        }
        Err(error) => panic!("websocket: {error}"),
    }
}

/// An app that runs no jobs itself, its objects in a directory `server worker` processes share.
pub struct WithWorkers {
    pub app: TestApp,
    pub objects_dir: tempfile::TempDir,
    /// A configuration file for the workers (`--config`), if they need one.
    config_file: Option<std::path::PathBuf>,
}

impl WithWorkers {
    pub async fn start(backend: Backend) -> Self {
        Self::start_with(backend, |_| {}).await
    }

    /// [`start`](Self::start), with the app's configuration changed by `adjust`.
    pub async fn start_with(backend: Backend, adjust: impl FnOnce(&mut Config)) -> Self {
        let database = TestDatabase::create(backend).await;
        let objects_dir = tempfile::tempdir().unwrap();
        let mut config = test_config(database.url());
        config.objects_dir = objects_dir.path().to_path_buf();
        config.run_jobs = false;
        adjust(&mut config);
        WithWorkers {
            app: TestApp::spawn_on(database, config).await,
            objects_dir,
            config_file: None,
        }
    }

    /// The workers read `toml` as their configuration file.
    pub fn configure(&mut self, toml: &str) {
        let file = self.objects_dir.path().join("worker.toml");
        std::fs::write(&file, toml).unwrap();
        self.config_file = Some(file);
    }

    /// A `server worker` process on the app's database and objects; a job whose worker died is
    /// claimed again after a lease of 2 seconds.
    pub fn worker(&self) -> tokio::process::Child {
        let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_server"));
        if let Some(file) = &self.config_file {
            command.arg("--config").arg(file);
        }
        command
            .arg("worker")
            .env("DATABASE_URL", self.app.state.config.database_url.clone())
            .env("APP_OBJECTS_DIR", self.objects_dir.path())
            .env("APP_ENVIRONMENT", "test")
            .env("APP_JOB_LEASE_SECONDS", "2")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .unwrap()
    }
}

/// Kills `worker` with SIGKILL, as a machine that loses the process does, and waits for it.
pub async fn kill(mut worker: tokio::process::Child) {
    let pid = worker.id().unwrap().to_string();
    assert!(std::process::Command::new("kill")
        .args(["-KILL", &pid])
        .status()
        .unwrap()
        .success());
    worker.wait().await.unwrap();
}

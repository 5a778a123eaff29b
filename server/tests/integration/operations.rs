//! Operations: health, metrics, security headers, request ids, compression, static files, shutdown.
use std::net::SocketAddr;
use std::time::Duration;

use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;

use crate::support::{eventually, test_config, Backend, Page, TestApp, TestDatabase};
use backends::on_both_stores;

async fn healthcheck_reports_every_backend(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = app.get("/healthcheck").await;
    assert_eq!(response.status().as_u16(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    let store = if backend == Backend::Sqlite {
        "sqlite"
    } else {
        "postgres"
    };
    let checks: Vec<(String, String, String)> = body["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let field = |name: &str| c[name].as_str().unwrap_or_default().to_owned();
            (field("name"), field("backend"), field("status"))
        })
        .collect();
    let expected = [
        ("database", store),
        ("objects", "filesystem"),
        ("sessions", store),
        ("fanout", "in-process"),
        ("jobs", store),
        ("mail", "outbox"),
        ("antivirus", "embedded-eicar"),
    ]
    .map(|(name, kind)| (name.to_owned(), kind.to_owned(), "ok".to_owned()));
    assert_eq!(checks, expected);
}

async fn metrics_count_requests_by_route_and_status(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let before = counter(&app, "/cookies", "200").await;
    for _ in 0..3 {
        app.get_page("/cookies", 200).await;
    }
    app.get_page("/not-a-page", 404).await;
    let after = counter(&app, "/cookies", "200").await;
    assert!(
        after >= before + 3.0,
        "counter went from {before} to {after}"
    );
    let text = app.get("/metrics").await.text().await.unwrap();
    assert!(
        text.contains(r#"http_requests_total{method="GET",route="unmatched",status="404"}"#),
        "{text}"
    );
    assert!(text.contains(
        r#"http_request_duration_seconds_bucket{method="GET",route="/cookies",le="0.005"}"#
    ));
}

/// The value of `http_requests_total` for a route and status, 0 when absent.
async fn counter(app: &TestApp, route: &str, status: &str) -> f64 {
    let response = app.get("/metrics").await;
    assert_eq!(
        response.headers()["content-type"],
        "text/plain; version=0.0.4; charset=utf-8"
    );
    let text = response.text().await.unwrap();
    let prefix =
        format!(r#"http_requests_total{{method="GET",route="{route}",status="{status}"}} "#);
    text.lines()
        .find_map(|line| line.strip_prefix(&prefix))
        .map(|value| value.trim().parse().unwrap())
        .unwrap_or(0.0)
}

async fn pages_carry_a_nonce_csp_and_security_headers(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let mut nonces = Vec::new();
    for _ in 0..2 {
        let response = app.get("/").await;
        let headers = response.headers().clone();
        let csp = headers["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert!(csp.contains("object-src 'none'"), "{csp}");
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert_eq!(headers["referrer-policy"], "no-referrer");
        let nonce = csp
            .split("'nonce-")
            .nth(1)
            .and_then(|rest| rest.split('\'').next())
            .unwrap()
            .to_owned();
        let page = Page::new(response.text().await.unwrap());
        // Every inline script carries this response's nonce.
        let inline_scripts = page.count("script:not([src])");
        assert!(inline_scripts >= 1);
        assert_eq!(
            page.attrs("script:not([src])", "nonce"),
            vec![nonce.clone(); inline_scripts]
        );
        nonces.push(nonce);
    }
    assert_ne!(nonces[0], nonces[1], "a fresh nonce per response");

    // Machine endpoints get the policy too, without a nonce.
    let health = app.get("/healthcheck").await;
    let csp = health.headers()["content-security-policy"]
        .to_str()
        .unwrap();
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("nonce"),
        "{csp}"
    );
}

async fn request_ids_are_made_or_kept_when_plausible(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let made = app.get("/healthcheck").await.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(made.len(), 36, "a UUID: {made}");

    let kept = app
        .client
        .get(app.url("/healthcheck"))
        .header("x-request-id", "lb-0123456789abcdef")
        .send()
        .await
        .unwrap();
    assert_eq!(kept.headers()["x-request-id"], "lb-0123456789abcdef");

    let replaced = app
        .client
        .get(app.url("/healthcheck"))
        .header("x-request-id", "drop table; <b>")
        .send()
        .await
        .unwrap();
    assert_ne!(replaced.headers()["x-request-id"], "drop table; <b>");
}

async fn pages_are_compressed_when_the_client_accepts_it(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let client = reqwest::Client::new();
    let response = client
        .get(app.url("/"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["content-encoding"], "gzip");
}

async fn static_files_are_served_with_long_cache_headers(backend: Backend) {
    let site = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(site.path().join("pkg")).unwrap();
    std::fs::create_dir_all(site.path().join("assets/images")).unwrap();
    std::fs::write(site.path().join("pkg/app.0123abcd.css"), "body{}").unwrap();
    std::fs::write(site.path().join("assets/images/favicon.svg"), "<svg/>").unwrap();
    let root = site.path().to_path_buf();
    let app = TestApp::spawn_with(backend, |config| config.site_root = root).await;

    let hashed = app.get("/pkg/app.0123abcd.css").await;
    assert_eq!(hashed.status().as_u16(), 200);
    assert_eq!(
        hashed.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(hashed.headers()["content-type"], "text/css");

    let asset = app.get("/assets/images/favicon.svg").await;
    assert_eq!(asset.status().as_u16(), 200);
    assert_eq!(asset.headers()["cache-control"], "public, max-age=86400");
    assert!(asset.headers().contains_key("last-modified"));
}

async fn shutdown_finishes_and_closes_the_store(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.get_page("/", 200).await;
    let store = app.state.backends.store.clone();
    let addr = app.addr;
    tokio::time::timeout(Duration::from_secs(10), app.stop())
        .await
        .expect("stops in time")
        .expect("clean stop");
    assert!(
        store.ping().await.is_err(),
        "the pool is closed after shutdown"
    );
    assert!(
        TcpStream::connect(addr).await.is_err(),
        "nothing listens any more"
    );
}

on_both_stores!(
    healthcheck_reports_every_backend,
    metrics_count_requests_by_route_and_status,
    pages_carry_a_nonce_csp_and_security_headers,
    request_ids_are_made_or_kept_when_plausible,
    pages_are_compressed_when_the_client_accepts_it,
    static_files_are_served_with_long_cache_headers,
    shutdown_finishes_and_closes_the_store,
);

/// A TCP proxy to PostgreSQL that the test can cut, making the database unreachable for real.
struct CuttableProxy {
    addr: SocketAddr,
    tasks: JoinSet<()>,
}

impl CuttableProxy {
    async fn start(target: SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let mut tasks = JoinSet::new();
        tasks.spawn(async move {
            let mut connections = JoinSet::new();
            while let Ok((mut inbound, _)) = listener.accept().await {
                connections.spawn(async move {
                    if let Ok(mut outbound) = TcpStream::connect(target).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
            }
        });
        CuttableProxy { addr, tasks }
    }

    /// Stops accepting and closes every connection (dropping the tasks drops their sockets).
    fn cut(&mut self) {
        self.tasks.abort_all();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthcheck_answers_503_when_postgres_is_unreachable() {
    let database = TestDatabase::create(Backend::Postgres).await;
    let mut proxy = CuttableProxy::start("127.0.0.1:5432".parse().unwrap()).await;
    let config = test_config(database.url_via(proxy.addr));
    let app = TestApp::spawn_on(database, config).await;
    assert_eq!(app.get("/healthcheck").await.status().as_u16(), 200);

    proxy.cut();
    let body: serde_json::Value = eventually(
        Duration::from_secs(15),
        "healthcheck reports 503",
        || async {
            let response = app.get("/healthcheck").await;
            if response.status().as_u16() == 503 {
                response.json().await.ok()
            } else {
                None
            }
        },
    )
    .await;
    assert_eq!(body["status"], "unavailable");
    assert_eq!(body["checks"][0]["status"], "down");
    assert_eq!(body["checks"][0]["backend"], "postgres");
}

//! Sessions through the app's own session layer (`server::http::sessions`): kept between
//! requests, with safe cookie flags, ended by inactivity, id cycled on demand — on the database
//! store (SQLite, PostgreSQL) and on Redis shared by two instances.
use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::Path;
use axum::routing::get;
use axum::Router;
use backends::clock::{ManualClock, SharedClock, SystemClock};
use backends::sessions::Sessions;
use backends::store::Store;
use server::config::{Config, Environment};
use tower_sessions::Session;

use crate::support::{test_config, Backend, TestDatabase};
use backends::on_both_stores;

const KEY: &str = "answer";

/// A small app behind the real session layer and its extension by requests (on `clock`):
/// `/put/{value}`, `/get`, `/cycle`.
async fn serve(store: Sessions, config: &Config, clock: SharedClock) -> SocketAddr {
    let router = Router::new()
        .route(
            "/put/{value}",
            get(|session: Session, Path(value): Path<String>| async move {
                session.insert(KEY, value).await.unwrap();
                "stored"
            }),
        )
        .route(
            "/get",
            get(|session: Session| async move {
                session
                    .get::<String>(KEY)
                    .await
                    .unwrap()
                    .unwrap_or_else(|| "none".to_owned())
            }),
        )
        .route(
            "/cycle",
            get(|session: Session| async move {
                session.cycle_id().await.unwrap();
                "cycled"
            }),
        )
        .layer(axum::middleware::from_fn_with_state(
            clock,
            server::http::sessions::extend,
        ))
        .layer(server::http::sessions::layer(store, config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });
    addr
}

/// A GET with an optional session cookie; the body and the `Set-Cookie` header, if any.
async fn request(addr: SocketAddr, path: &str, cookie: Option<&str>) -> (String, Option<String>) {
    let mut request = reqwest::Client::new().get(format!("http://{addr}{path}"));
    if let Some(cookie) = cookie {
        request = request.header("Cookie", cookie);
    }
    let response = request.send().await.unwrap();
    assert_eq!(response.status().as_u16(), 200, "GET {path}");
    let set_cookie = response
        .headers()
        .get("set-cookie")
        .map(|v| v.to_str().unwrap().to_owned());
    (response.text().await.unwrap(), set_cookie)
}

/// `name=value` from a `Set-Cookie` header.
fn pair(set_cookie: &str) -> String {
    set_cookie.split(';').next().unwrap().trim().to_owned()
}

/// The app's relational store on the test database, whose pool database-backed sessions share.
async fn relational_store(database: &TestDatabase) -> Arc<dyn Store> {
    let store = backends::store::connect(&database.url()).await.unwrap();
    store.migrate().await.unwrap();
    store
}

fn redis_url() -> String {
    std::env::var("TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".to_owned())
}

async fn a_session_is_kept_between_requests_with_safe_cookie_flags(backend: Backend) {
    let database = TestDatabase::create(backend).await;
    let config = test_config(database.url());
    let store = Sessions::connect(
        relational_store(&database).await.as_ref(),
        None,
        Arc::new(SystemClock),
    )
    .await
    .unwrap();
    let expected_kind = if backend == Backend::Sqlite {
        "sqlite"
    } else {
        "postgres"
    };
    assert_eq!(store.kind(), expected_kind);
    let addr = serve(store.clone(), &config, Arc::new(SystemClock)).await;

    let (_, no_cookie) = request(addr, "/get", None).await;
    assert_eq!(no_cookie, None, "reading an empty session sets no cookie");

    let (_, set_cookie) = request(addr, "/put/yes", None).await;
    let set_cookie = set_cookie.expect("a session cookie");
    assert!(set_cookie.starts_with("session="), "{set_cookie}");
    for flag in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age="] {
        assert!(set_cookie.contains(flag), "{flag} in {set_cookie}");
    }
    assert!(
        !set_cookie.contains("Secure"),
        "plain HTTP in tests: {set_cookie}"
    );
    let (body, _) = request(addr, "/get", Some(&pair(&set_cookie))).await;
    assert_eq!(body, "yes");

    // In production the cookie is Secure and host-bound.
    let production = Config {
        environment: Environment::Production,
        ..config
    };
    let addr = serve(store, &production, Arc::new(SystemClock)).await;
    let (_, set_cookie) = request(addr, "/put/yes", None).await;
    let set_cookie = set_cookie.unwrap();
    assert!(set_cookie.starts_with("__Host-session="), "{set_cookie}");
    assert!(set_cookie.contains("Secure"), "{set_cookie}");
}

async fn a_session_ends_after_the_configured_inactivity(backend: Backend) {
    let database = TestDatabase::create(backend).await;
    let config = test_config(database.url());
    assert_eq!(config.session_inactivity_minutes, 75);
    let clock = ManualClock::new(chrono::Utc::now());
    let shared: SharedClock = Arc::new(clock.clone());
    let store = Sessions::connect(relational_store(&database).await.as_ref(), None, shared)
        .await
        .unwrap();
    let addr = serve(store, &config, Arc::new(clock.clone())).await;

    let (_, set_cookie) = request(addr, "/put/kept", None).await;
    let cookie = pair(&set_cookie.unwrap());
    clock.advance(chrono::Duration::minutes(74));
    let (body, _) = request(addr, "/get", Some(&cookie)).await;
    assert_eq!(
        body, "kept",
        "74 minutes without a request: still signed in"
    );
    clock.advance(chrono::Duration::minutes(77));
    let (body, _) = request(addr, "/get", Some(&cookie)).await;
    assert_eq!(
        body, "none",
        "past the inactivity limit the session is gone"
    );
}

/// A request moves the session's end (saves it and sends its cookie again) only when the last
/// move was a minute ago or more, or when the request changed the session: reading pages does not
/// write the session row every time.
async fn a_session_is_saved_again_once_a_minute_at_most(backend: Backend) {
    let database = TestDatabase::create(backend).await;
    let config = test_config(database.url());
    let clock = ManualClock::new(chrono::Utc::now());
    let store = Sessions::connect(
        relational_store(&database).await.as_ref(),
        None,
        Arc::new(clock.clone()),
    )
    .await
    .unwrap();
    let addr = serve(store, &config, Arc::new(clock.clone())).await;

    let (_, set_cookie) = request(addr, "/put/kept", None).await;
    let cookie = pair(&set_cookie.expect("a new session is saved"));
    clock.advance(chrono::Duration::seconds(30));
    let (body, set_cookie) = request(addr, "/get", Some(&cookie)).await;
    assert_eq!(body, "kept");
    assert_eq!(
        set_cookie, None,
        "30 seconds after the last save: not saved again"
    );
    clock.advance(chrono::Duration::seconds(29));
    assert_eq!(
        request(addr, "/get", Some(&cookie)).await.1,
        None,
        "59 seconds"
    );
    clock.advance(chrono::Duration::seconds(1));
    let (body, set_cookie) = request(addr, "/get", Some(&cookie)).await;
    assert_eq!(body, "kept");
    let set_cookie =
        set_cookie.expect("a minute after the last save: saved, the cookie sent again");
    assert_eq!(pair(&set_cookie), cookie, "the same session");
    assert!(set_cookie.contains("Max-Age=4500"), "{set_cookie}");
    assert_eq!(
        request(addr, "/get", Some(&cookie)).await.1,
        None,
        "just saved: not again"
    );
    // A change is saved at once, whenever it comes.
    let (_, set_cookie) = request(addr, "/put/changed", Some(&cookie)).await;
    assert!(set_cookie.is_some(), "a changed session is saved");
    assert_eq!(request(addr, "/get", Some(&cookie)).await.0, "changed");
    // Without a session, reading creates none.
    assert_eq!(request(addr, "/get", None).await.1, None);
}

async fn cycling_the_id_keeps_the_data_and_retires_the_old_id(backend: Backend) {
    let database = TestDatabase::create(backend).await;
    let config = test_config(database.url());
    let store = Sessions::connect(
        relational_store(&database).await.as_ref(),
        None,
        Arc::new(SystemClock),
    )
    .await
    .unwrap();
    let addr = serve(store, &config, Arc::new(SystemClock)).await;
    let (_, set_cookie) = request(addr, "/put/mine", None).await;
    let old = pair(&set_cookie.unwrap());
    let (_, set_cookie) = request(addr, "/cycle", Some(&old)).await;
    let new = pair(&set_cookie.expect("a new cookie"));
    assert_ne!(old, new);
    assert_eq!(request(addr, "/get", Some(&new)).await.0, "mine");
    assert_eq!(request(addr, "/get", Some(&old)).await.0, "none");
}

on_both_stores!(
    a_session_is_kept_between_requests_with_safe_cookie_flags,
    a_session_ends_after_the_configured_inactivity,
    a_session_is_saved_again_once_a_minute_at_most,
    cycling_the_id_keeps_the_data_and_retires_the_old_id,
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_redis_a_session_written_through_one_instance_is_read_by_another() {
    let database = TestDatabase::create(Backend::Sqlite).await;
    let config = test_config(database.url());
    let redis = redis_url();
    // Two instances: each its own connection pool to Redis and its own HTTP server.
    let store_a = Sessions::connect(
        relational_store(&database).await.as_ref(),
        Some(&redis),
        Arc::new(SystemClock),
    )
    .await
    .expect("Redis must be running for this test (see scripts/services)");
    let store_b = Sessions::connect(
        relational_store(&database).await.as_ref(),
        Some(&redis),
        Arc::new(SystemClock),
    )
    .await
    .unwrap();
    assert_eq!(store_a.kind(), "redis");
    store_a.ping().await.unwrap();
    let a = serve(store_a, &config, Arc::new(SystemClock)).await;
    let b = serve(store_b, &config, Arc::new(SystemClock)).await;

    let (_, set_cookie) = request(a, "/put/shared", None).await;
    let cookie = pair(&set_cookie.unwrap());
    assert_eq!(request(b, "/get", Some(&cookie)).await.0, "shared");
    let (_, set_cookie) = request(b, "/cycle", Some(&cookie)).await;
    let cycled = pair(&set_cookie.unwrap());
    assert_eq!(request(a, "/get", Some(&cycled)).await.0, "shared");
    assert_eq!(request(a, "/get", Some(&cookie)).await.0, "none");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_redis_a_session_ends_after_the_configured_inactivity() {
    let database = TestDatabase::create(Backend::Sqlite).await;
    let config = test_config(database.url());
    let clock = ManualClock::new(chrono::Utc::now());
    let store = Sessions::connect(
        relational_store(&database).await.as_ref(),
        Some(&redis_url()),
        Arc::new(clock.clone()),
    )
    .await
    .unwrap();
    let addr = serve(store, &config, Arc::new(clock.clone())).await;
    let (_, set_cookie) = request(addr, "/put/kept", None).await;
    let cookie = pair(&set_cookie.unwrap());
    clock.advance(chrono::Duration::minutes(76));
    assert_eq!(request(addr, "/get", Some(&cookie)).await.0, "none");
}

//! A fake of GOV.UK Pay that we own, for development and tests: the public API for card payments
//! (create, get, search by reference) with the real one's field names, statuses and errors, and
//! the payer's pages `next_url` leads to, where GOV.UK Pay's sandbox test cards pay, are declined
//! or fail. Everything is in memory.
//!
//! GOV.UK Pay asks services not to run integration tests against its test accounts, and to build
//! a stub of its API instead (docs.payments.service.gov.uk/testing_govuk_pay); this is that
//! stub, over HTTP, so the same client code runs against it and against the real service.
//!
//! [`router`] is the fake as an axum router, to serve alone or nest in another app under a
//! prefix; [`spawn`] serves it on a free local port (tests); the `govuk-pay-fake` binary runs it
//! on its own.

mod api;
mod card_form;
mod cards;
mod pages;
mod payments;

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use axum::routing::{get, post};
use axum::{middleware, Router};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use payments::Payments;

/// The API key the binary accepts unless told another.
pub const DEFAULT_API_KEY: &str = "fake-govuk-pay-key";

#[derive(Clone)]
pub struct FakePayConfig {
    /// The one key the API accepts, as `Authorization: Bearer {api_key}`.
    pub api_key: String,
    /// The absolute URL the router is reachable at, with any prefix it is nested under (say
    /// `http://127.0.0.1:3000/__dev/govuk-pay`): `next_url` and the API's links start with it.
    pub base_url: String,
}

/// The fake's state, shared by its handlers.
struct Fake {
    api_key: String,
    /// Without a trailing slash.
    base_url: String,
    /// The path of `base_url` (`""` at the root), for the pages' own links, which stay on the
    /// host the payer used.
    base_path: String,
    payments: Mutex<Payments>,
}

impl Fake {
    /// No handler holds the lock across an await. One that panicked left at worst one payment
    /// half-changed: better to go on serving than to fail every request after it.
    fn payments(&self) -> MutexGuard<'_, Payments> {
        self.payments.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The fake GOV.UK Pay: `POST /v1/payments`, `GET /v1/payments`, `GET /v1/payments/{id}` (with
/// the API key), and the payer's pages under `/secure/`.
///
/// # Panics
///
/// If `config.base_url` is not an absolute URL.
pub fn router(config: FakePayConfig) -> Router {
    let base = url::Url::parse(&config.base_url)
        .unwrap_or_else(|error| panic!("FakePayConfig::base_url must be a URL: {error}"));
    let fake = Arc::new(Fake {
        api_key: config.api_key,
        // As parsed: ASCII, so every link made from it is a valid header value too.
        base_url: base.as_str().trim_end_matches('/').to_owned(),
        base_path: base.path().trim_end_matches('/').to_owned(),
        payments: Mutex::new(Payments::default()),
    });
    let api = Router::new()
        .route("/v1/payments", post(api::create).get(api::search))
        .route("/v1/payments/{payment_id}", get(api::get))
        .route_layer(middleware::from_fn_with_state(
            fake.clone(),
            api::require_api_key,
        ));
    let pages = Router::new()
        .route("/secure", post(pages::continue_payment))
        .route(
            "/secure/{token}",
            get(pages::card_details).post(pages::submit_card_details),
        )
        .route("/secure/{token}/cancel", post(pages::cancel))
        .route(pages::STYLESHEET_PATH, get(pages::stylesheet))
        .route(pages::ICON_PATH, get(pages::icon));
    api.merge(pages).with_state(fake)
}

/// The fake serving on a local port until dropped.
pub struct RunningFake {
    address: SocketAddr,
    base_url: String,
    server: JoinHandle<()>,
}

impl RunningFake {
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// `http://127.0.0.1:{port}`: the API's base URL, as a client is configured with it.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }
}

impl Drop for RunningFake {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// Serves a new fake, with no payments, on a free port of 127.0.0.1.
pub async fn spawn(api_key: impl Into<String>) -> std::io::Result<RunningFake> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
    let address = listener.local_addr()?;
    let base_url = format!("http://{address}");
    let app = router(FakePayConfig {
        api_key: api_key.into(),
        base_url: base_url.clone(),
    });
    let server = tokio::spawn(async move {
        if let Err(error) = axum::serve(listener, app).await {
            eprintln!("the fake GOV.UK Pay stopped serving: {error}");
        }
    });
    Ok(RunningFake {
        address,
        base_url,
        server,
    })
}

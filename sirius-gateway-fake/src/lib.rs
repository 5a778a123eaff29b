//! A Sirius gateway that we own, for development and tests: the one endpoint of opg-data-lpa that
//! the online tool calls, `GET /v1/lpa-online-tool/lpas/A{11 digits}`, answering with the real
//! gateway's JSON, status codes and error bodies, after checking the request's AWS SigV4
//! signature as API Gateway does. What it answers for each A-reference is told to it, over HTTP
//! under `/__control/` or through [`RunningGateway`]: any Sirius status and dates, 404, 410,
//! 5xx, garbage, a delay, an `Age`. A reference it was told nothing about has not been received
//! yet: 404, as the real one answers.
//!
//! [`router`] is the fake as an axum router, to serve alone or nest in another app under a
//! prefix; [`spawn`] serves it on a free local port (tests); the `sirius-gateway-fake` binary runs
//! it on its own.

mod answers;
mod api;
mod control;
pub mod sigv4;

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

use axum::routing::{delete, get};
use axum::Router;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use answers::Answers;
pub use answers::{Answer, LpaRecord};

/// The credentials the binary accepts unless told others (AWS's documentation example keys).
pub const DEFAULT_ACCESS_KEY_ID: &str = "AKIDSIRIUSFAKE";
pub const DEFAULT_SECRET_ACCESS_KEY: &str = "sirius-gateway-fake-secret-key";
pub const DEFAULT_REGION: &str = "eu-west-1";

/// Who may call the fake: one access key, as an IAM role the gateway's resource policy allows.
#[derive(Clone, Debug)]
pub struct FakeGatewayConfig {
    pub access_key_id: String,
    pub secret_access_key: String,
    /// The region the signature must be scoped to (service `execute-api`).
    pub region: String,
}

impl Default for FakeGatewayConfig {
    fn default() -> Self {
        Self {
            access_key_id: DEFAULT_ACCESS_KEY_ID.to_owned(),
            secret_access_key: DEFAULT_SECRET_ACCESS_KEY.to_owned(),
            region: DEFAULT_REGION.to_owned(),
        }
    }
}

/// The fake's state, shared by its handlers.
struct Fake {
    config: FakeGatewayConfig,
    answers: Answers,
    answering: answers::Answering,
}

/// The fake gateway: `GET /v1/lpa-online-tool/lpas/{id}` (signed), and its controls:
/// `PUT /__control/lpas/{id}` (a JSON list of [`Answer`]s, given in turn, the last one
/// repeated), `GET /__control/lpas/{id}` (`{"calls": n}`: the signed lookups it answered), and
/// `DELETE /__control/lpas` (forget everything).
pub fn router(config: FakeGatewayConfig) -> Router {
    router_with(Arc::new(Fake {
        config,
        answers: Answers::default(),
        answering: Default::default(),
    }))
}

fn router_with(fake: Arc<Fake>) -> Router {
    Router::new()
        .route("/v1/lpa-online-tool/lpas/{id}", get(api::lpa))
        .route(
            "/__control/lpas/{id}",
            get(control::calls).put(control::answer),
        )
        .route("/__control/lpas", delete(control::forget))
        .fallback(api::not_found)
        .with_state(fake)
}

/// The fake serving on a local port until dropped, and told what to answer directly.
pub struct RunningGateway {
    address: SocketAddr,
    base_url: String,
    fake: Arc<Fake>,
    server: JoinHandle<()>,
}

impl RunningGateway {
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// `http://127.0.0.1:{port}`: the gateway's base URL, as a client is configured with it.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub fn config(&self) -> &FakeGatewayConfig {
        &self.fake.config
    }

    /// From now on, lookups of `reference` (`A` and 11 digits) get `answers` in turn, the last
    /// one repeated. The count of calls starts again at 0.
    pub fn answer(&self, reference: &str, answers: Vec<Answer>) {
        self.fake.answers.set(reference, answers);
    }

    /// How many signed lookups of `reference` the fake has answered (or begun answering).
    pub fn calls(&self, reference: &str) -> u64 {
        self.fake.answers.calls(reference)
    }

    /// The most lookups it was answering at one time.
    pub fn most_at_once(&self) -> u64 {
        self.fake.answering.most()
    }
}

impl Drop for RunningGateway {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// Serves a new fake, told nothing yet, on a free port of 127.0.0.1.
pub async fn spawn(config: FakeGatewayConfig) -> std::io::Result<RunningGateway> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
    let address = listener.local_addr()?;
    let fake = Arc::new(Fake {
        config,
        answers: Answers::default(),
        answering: Default::default(),
    });
    let app = router_with(fake.clone());
    let server = tokio::spawn(async move {
        if let Err(error) = axum::serve(listener, app).await {
            eprintln!("the fake Sirius gateway stopped serving: {error}");
        }
    });
    Ok(RunningGateway {
        address,
        base_url: format!("http://{address}"),
        fake,
        server,
    })
}

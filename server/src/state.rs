//! What every handler can reach. Handlers take only the parts they need through `FromRef`.
use std::sync::Arc;

use app::datastore::server::hawk::HawkAccess;
use app::services::Services;
use axum::extract::FromRef;
use backends::objects::UrlSigner;
use backends::Backends;
use leptos::config::LeptosOptions;
use metrics_exporter_prometheus::PrometheusHandle;

use crate::config::Config;

/// The state handed to every handler and middleware. Axum clones it for each of them on every
/// request, so it is one shared allocation: a clone is one reference count, where cloning the
/// parts (the Leptos options' strings, every backend's `Arc`) was about 6 % of a page's CPU time.
#[derive(Clone)]
pub struct AppState(Arc<SharedState>);

impl AppState {
    pub fn new(parts: SharedState) -> Self {
        AppState(Arc::new(parts))
    }
}

impl std::ops::Deref for AppState {
    type Target = SharedState;

    fn deref(&self) -> &SharedState {
        &self.0
    }
}

pub struct SharedState {
    pub config: Arc<Config>,
    pub leptos_options: LeptosOptions,
    pub backends: Backends,
    /// The services' running parts (the feed's intake).
    pub services: Services,
    /// Who may call the data store's API, and the nonces they have used.
    pub datastore_hawk: HawkAccess,
    /// Signs and checks the filesystem object store's download and upload URLs.
    pub url_signer: UrlSigner,
    /// The object store's own origin, when browsers upload to it directly (S3).
    pub object_uploads_origin: Option<String>,
    pub metrics: PrometheusHandle,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

impl FromRef<AppState> for Backends {
    fn from_ref(state: &AppState) -> Self {
        state.backends.clone()
    }
}

/// The LPA service's settings from the configuration.
pub fn lpa_settings(config: &Config) -> app::lpa::server::LpaSettings {
    app::lpa::server::LpaSettings {
        public_url: config.public_url(),
        track_from: config.track_from_date,
    }
}

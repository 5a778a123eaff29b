//! Builds the running app from configuration: backends, state, router; serves it until shutdown.
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use backends::Backends;
use leptos::config::LeptosOptions;
use tokio::net::TcpListener;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

use app::datastore::server::hawk::HawkAccess;
use app::services::Services;
use backends::addresses::{AddressLookup, OsPlaces};
use backends::antivirus::ClamdConfig;
use backends::broker::Broker;
use backends::clock::{SharedClock, SystemClock};
use backends::fanout::{FanOut, InProcessFanOut, RabbitFanOut};
use backends::jobs::JobQueue;
use backends::mail::MailConfig;
use backends::objects::{
    ObjectKey, ObjectStore, ObjectStoreKind, ObjectsConfig, PutOptions, S3Config, S3Credentials,
    UrlSigner,
};
use backends::payments::{GovUkPay, PaymentProvider};
use backends::sessions::Sessions;
use backends::sirius::{GatewaySettings, SiriusGateway, StatusGateway};

use crate::config::{Config, Environment};
use crate::state::{AppState, SharedState};

/// The file cargo-leptos writes beside the server binary when `hash-files` is on: the content
/// hashes in the names of `/pkg` files.
const HASH_FILE: &str = "hash.txt";

/// Opens the backends named by the configuration and applies pending migrations.
pub async fn build_state(config: Config) -> anyhow::Result<AppState> {
    build_state_with_clock(config, Arc::new(SystemClock)).await
}

/// As [`build_state`], with the time read from `clock` (tests move a manual clock).
pub async fn build_state_with_clock(
    config: Config,
    clock: SharedClock,
) -> anyhow::Result<AppState> {
    let store = backends::store::connect(&config.database_url)
        .await
        .with_context(|| format!("opening the {} store", store_label(&config.database_url)))?;
    store
        .migrate()
        .await
        .context("applying database migrations")?;
    let url_signer =
        UrlSigner::new(config.public_url(), secret_key(&config)?).context("the secret key")?;
    let s3_credentials = s3_credentials(&config)?;
    let objects = backends::objects::connect(ObjectsConfig {
        filesystem_root: config.objects_dir.clone(),
        url_signer: url_signer.clone(),
        clock: clock.clone(),
        s3: config.s3_bucket.clone().map(|bucket| S3Config {
            bucket,
            endpoint: config.s3_endpoint.clone(),
            region: config.s3_region.clone(),
            credentials: s3_credentials,
        }),
    })
    .await
    .context("opening the object store")?;
    let sessions = Sessions::connect(store.as_ref(), config.redis_url.as_deref(), clock.clone())
        .await
        .context("opening the session store")?;
    let jobs = JobQueue::new(store.as_ref(), clock.clone());
    let mail = backends::mail::connect(
        &MailConfig {
            smtp_url: config.smtp_url.clone(),
            from: config.mail_from.clone(),
            ..MailConfig::default()
        },
        store.as_ref(),
        clock.clone(),
    )
    .context("the mail configuration")?;
    let (fanout, broker) = live_backends(&config)
        .await
        .context("connecting to the message broker")?;
    let pay_url = match &config.pay_url {
        Some(url) => Some(url.clone()),
        None if config.serves_fake_pay() => Some(crate::http::fake_pay_url(&config)),
        None => None,
    };
    let (pay_url, pay_api_key) = pay_url.zip(config.pay_api_key()).context(
        "pay_url and pay_api_key (APP_PAY_URL, APP_PAY_API_KEY) must be set in production",
    )?;
    let payments: Arc<dyn PaymentProvider> =
        Arc::new(GovUkPay::new(&pay_url, pay_api_key).context("the GOV.UK Pay configuration")?);
    let sirius = sirius_gateway(&config, clock.clone()).await?;
    let addresses = address_lookup(&config)?;
    let antivirus =
        backends::antivirus::connect(config.clamd_addr.as_ref().map(|address| ClamdConfig {
            stream_max_bytes: config.clamd_stream_max_bytes,
            ..ClamdConfig::new(address)
        }))
        .context("the antivirus configuration")?;
    if config.environment == Environment::Production && config.clamd_addr.is_none() {
        tracing::warn!(
            "no clamd_addr (CLAMD_ADDR): files are scanned for the EICAR test string only, not for viruses"
        );
    }
    let backends = Backends {
        store,
        objects,
        sessions,
        fanout,
        broker,
        jobs,
        mail,
        payments,
        sirius,
        addresses,
        antivirus,
        clock,
    };
    let services = Services::start(&backends, config.datastore_sources.clone())
        .await
        .map_err(|error| anyhow::anyhow!("starting the services: {error}"))?;
    let datastore_hawk = HawkAccess::start(&backends, config.redis_url.as_deref())
        .await
        .context("starting the data store API's HAWK nonce store")?;
    let leptos_options = leptos_options(&config);
    let object_uploads_origin = object_uploads_origin(backends.objects.as_ref()).await?;
    Ok(AppState::new(SharedState {
        config: Arc::new(config),
        leptos_options,
        backends,
        services,
        datastore_hawk,
        url_signer,
        object_uploads_origin,
        metrics: crate::telemetry::metrics_handle(),
    }))
}

/// Where browsers send uploads when that is not this app: S3's origin, read from an upload URL
/// of its own making (AWS's bucket host, or the configured endpoint's).
async fn object_uploads_origin(objects: &dyn ObjectStore) -> anyhow::Result<Option<String>> {
    if objects.kind() != ObjectStoreKind::S3 {
        return Ok(None);
    }
    let probe = ObjectKey::new("origin-probe").expect("a valid key");
    let presigned = objects
        .presign_put(
            &probe,
            &PutOptions::new("application/octet-stream"),
            0,
            Duration::from_secs(60),
        )
        .await
        .context("making an S3 upload URL")?;
    let url: http::Uri = presigned.url.parse().context("S3's upload URL")?;
    let (Some(scheme), Some(authority)) = (url.scheme_str(), url.authority()) else {
        anyhow::bail!("S3's upload URL {url} has no origin");
    };
    Ok(Some(format!("{scheme}://{authority}")))
}

/// The Sirius gateway: the configured one, or (outside production, without one) our fake, which
/// the app serves itself.
async fn sirius_gateway(
    config: &Config,
    clock: backends::clock::SharedClock,
) -> anyhow::Result<Arc<dyn StatusGateway>> {
    let url = match &config.sirius_url {
        Some(url) => url.clone(),
        None if config.serves_fake_sirius() => crate::http::fake_sirius_url(config),
        None => anyhow::bail!("sirius_url (APP_SIRIUS_URL) must be set in production"),
    };
    let settings = GatewaySettings {
        access_key: config.sirius_access_key(),
        cache_for: std::time::Duration::from_secs(config.sirius_cache_seconds),
        ..GatewaySettings::new(&url, &config.sirius_region)
    };
    let gateway = SiriusGateway::new(settings, clock)
        .await
        .context("the Sirius gateway configuration")?;
    Ok(Arc::new(gateway))
}

/// OS Places: the configured one, or (outside production, without one) our fake, which the app
/// serves itself.
fn address_lookup(config: &Config) -> anyhow::Result<Arc<dyn AddressLookup>> {
    let url = match &config.os_places_url {
        Some(url) => url.clone(),
        None if config.serves_fake_os_places() => crate::http::fake_os_places_url(config),
        None => anyhow::bail!("os_places_url (APP_OS_PLACES_URL) must be set in production"),
    };
    let key = config.os_places_key().context(
        "os_places_key (APP_OS_PLACES_KEY) must be set with os_places_url in production",
    )?;
    Ok(Arc::new(
        OsPlaces::new(&url, key).context("the OS Places configuration")?,
    ))
}

/// The fan-out, and the broker services queue on: RabbitMQ when `amqp_url` is set, else
/// in-process and none.
async fn live_backends(config: &Config) -> anyhow::Result<(Arc<dyn FanOut>, Option<Arc<Broker>>)> {
    match &config.amqp_url {
        Some(url) => {
            let broker = Broker::connect(url, &config.amqp_namespace).await?;
            let fanout: Arc<dyn FanOut> = Arc::new(RabbitFanOut::start(broker.clone()));
            Ok((fanout, Some(broker)))
        }
        None => Ok((Arc::new(InProcessFanOut::default()), None)),
    }
}

/// The configured secret key; outside production, a random one when none is configured.
fn secret_key(config: &Config) -> anyhow::Result<Vec<u8>> {
    match &config.secret_key {
        Some(key) => Ok(key.as_bytes().to_vec()),
        None if config.environment == Environment::Production => {
            anyhow::bail!("secret_key (APP_SECRET_KEY) must be set in production")
        }
        None => Ok(rand::random::<[u8; 32]>().to_vec()),
    }
}

fn s3_credentials(config: &Config) -> anyhow::Result<Option<S3Credentials>> {
    match (&config.s3_access_key_id, &config.s3_secret_access_key) {
        (Some(access_key_id), Some(secret_access_key)) => Ok(Some(S3Credentials {
            access_key_id: access_key_id.clone(),
            secret_access_key: secret_access_key.clone(),
        })),
        (None, None) => Ok(None),
        _ => anyhow::bail!(
            "S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY are set together, or neither is"
        ),
    }
}

fn store_label(url: &str) -> &'static str {
    if url.starts_with("postgres") {
        "PostgreSQL"
    } else {
        "SQLite"
    }
}

fn leptos_options(config: &Config) -> LeptosOptions {
    let hash_files = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join(HASH_FILE).exists()))
        .unwrap_or(false);
    LeptosOptions::builder()
        .output_name("app")
        .site_root(config.site_root.to_string_lossy().into_owned())
        .site_pkg_dir("pkg")
        .site_addr(config.addr)
        .hash_files(hash_files)
        .build()
}

/// Serves until `shutdown` resolves, then lets in-flight requests finish (up to the configured
/// grace period) and closes the backends.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let grace = Duration::from_secs(state.config.shutdown_grace_seconds);
    let backends = state.backends.clone();
    let services = state.services.clone();
    let stop_jobs = CancellationToken::new();
    let mut jobs = if state.config.run_jobs {
        crate::jobs::start(&backends, &state.config, stop_jobs.clone())
    } else {
        JoinSet::new()
    };
    let router = crate::http::router(state);
    let (stopping_tx, stopping_rx) = tokio::sync::oneshot::channel::<()>();
    // The peer address reaches handlers (rate limits count by it).
    let service = router.into_make_service_with_connect_info::<std::net::SocketAddr>();
    let server = axum::serve(listener, service).with_graceful_shutdown(async move {
        shutdown.await;
        tracing::info!("shutting down: finishing requests in flight");
        let _ = stopping_tx.send(());
    });
    let mut server = tokio::spawn(async move { server.await });
    // Whichever comes first after the signal: all requests finished, or the grace period ran out.
    tokio::select! {
        result = &mut server => result??,
        _ = async {
            let _ = stopping_rx.await;
            tokio::time::sleep(grace).await;
        } => {
            tracing::warn!(seconds = grace.as_secs(), "grace period over: closing remaining connections");
            server.abort();
        }
    }
    stop_jobs.cancel();
    while jobs.join_next().await.is_some() {}
    services.close().await;
    backends.fanout.close().await;
    backends.store.close().await;
    backends.sessions.close().await;
    Ok(())
}

/// Runs the job worker and scheduler, without HTTP, until `shutdown` resolves; then lets
/// running jobs finish and closes the backends.
pub async fn work(state: AppState, shutdown: impl Future<Output = ()>) -> anyhow::Result<()> {
    let stop = CancellationToken::new();
    let mut jobs = crate::jobs::start(&state.backends, &state.config, stop.clone());
    shutdown.await;
    tracing::info!("shutting down: letting running jobs finish");
    stop.cancel();
    while jobs.join_next().await.is_some() {}
    state.services.close().await;
    state.backends.fanout.close().await;
    state.backends.store.close().await;
    state.backends.sessions.close().await;
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM (what process managers send).
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}

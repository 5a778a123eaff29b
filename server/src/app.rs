//! Builds the running app from configuration: backends, state, router; serves it until shutdown.
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use backends::Backends;
use leptos::config::LeptosOptions;
use tokio::net::TcpListener;

use crate::config::Config;
use crate::state::AppState;

/// The file cargo-leptos writes beside the server binary when `hash-files` is on: the content
/// hashes in the names of `/pkg` files.
const HASH_FILE: &str = "hash.txt";

/// Opens the backends named by the configuration and applies pending migrations.
pub async fn build_state(config: Config) -> anyhow::Result<AppState> {
    let store = backends::store::connect(&config.database_url)
        .await
        .with_context(|| format!("opening the {} store", store_label(&config.database_url)))?;
    store
        .migrate()
        .await
        .context("applying database migrations")?;
    let leptos_options = leptos_options(&config);
    Ok(AppState {
        config: Arc::new(config),
        leptos_options,
        backends: Backends { store },
        metrics: crate::telemetry::metrics_handle(),
    })
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
    let router = crate::http::router(state);
    let (stopping_tx, stopping_rx) = tokio::sync::oneshot::channel::<()>();
    let server = axum::serve(listener, router).with_graceful_shutdown(async move {
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
    backends.store.close().await;
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

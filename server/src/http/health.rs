//! `/healthcheck`: JSON, one entry per backend; 503 when any is down, so a load balancer takes the
//! instance out of rotation.
use std::time::{Duration, Instant};

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use backends::Backends;
use serde::Serialize;

/// A dependency that does not answer within this time counts as down.
const CHECK_TIMEOUT: Duration = Duration::from_secs(2);

#[derive(Debug, Serialize)]
pub struct Health {
    pub status: &'static str,
    pub checks: Vec<Check>,
}

#[derive(Debug, Serialize)]
pub struct Check {
    pub name: &'static str,
    pub backend: &'static str,
    pub status: &'static str,
    pub latency_ms: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

pub async fn healthcheck(State(backends): State<Backends>) -> (StatusCode, Json<Health>) {
    let started = Instant::now();
    let outcome = tokio::time::timeout(CHECK_TIMEOUT, backends.store.ping()).await;
    let error = match outcome {
        Ok(Ok(())) => None,
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "database health check failed");
            Some("database query failed".to_owned())
        }
        Err(_) => Some(format!("no answer within {} s", CHECK_TIMEOUT.as_secs())),
    };
    let database = Check {
        name: "database",
        backend: backends.store.kind().as_str(),
        status: if error.is_none() { "ok" } else { "down" },
        latency_ms: started.elapsed().as_millis() as u64,
        error,
    };
    let healthy = database.error.is_none();
    let health = Health {
        status: if healthy { "ok" } else { "unavailable" },
        checks: vec![database],
    };
    let status = if healthy {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(health))
}

//! `/healthcheck`: JSON, one entry per backend; 503 when any is down, so a load balancer takes the
//! instance out of rotation.
use std::future::Future;
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
    let store = backends.store.clone();
    let store_kind = store.kind().as_str();
    let objects = backends.objects.clone();
    let sessions = backends.sessions.clone();
    let fanout = backends.fanout.clone();
    let jobs = backends.jobs.clone();
    let mail = backends.mail.clone();
    let antivirus = backends.antivirus.clone();
    let checks = futures::join!(
        check("database", store.kind().as_str(), async move {
            store.ping().await.map_err(|e| e.to_string())
        }),
        check("objects", objects.kind().as_str(), async move {
            objects.ping().await.map_err(|e| e.to_string())
        }),
        check("sessions", sessions.kind(), async move {
            sessions.ping().await.map_err(|e| e.to_string())
        }),
        check("fanout", fanout.kind(), async move {
            fanout.ping().await.map_err(|e| e.to_string())
        }),
        check("jobs", store_kind, async move {
            jobs.ping().await.map_err(|e| e.to_string())
        }),
        check("mail", mail.kind(), async move {
            mail.ping().await.map_err(|e| e.to_string())
        }),
        check("antivirus", antivirus.kind(), async move {
            antivirus.ping().await.map_err(|e| e.to_string())
        }),
    );
    let checks = vec![
        checks.0, checks.1, checks.2, checks.3, checks.4, checks.5, checks.6,
    ];
    let healthy = checks.iter().all(|c| c.error.is_none());
    let health = Health {
        status: if healthy { "ok" } else { "unavailable" },
        checks,
    };
    let status = if healthy {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(health))
}

/// Runs one backend's probe with a deadline. The reason is logged; the response names only what
/// failed, never connection details.
async fn check(
    name: &'static str,
    backend: &'static str,
    probe: impl Future<Output = Result<(), String>>,
) -> Check {
    let started = Instant::now();
    let error = match tokio::time::timeout(CHECK_TIMEOUT, probe).await {
        Ok(Ok(())) => None,
        Ok(Err(reason)) => {
            tracing::warn!(check = name, %reason, "health check failed");
            Some(format!("{name} check failed"))
        }
        Err(_) => Some(format!("no answer within {} s", CHECK_TIMEOUT.as_secs())),
    };
    Check {
        name,
        backend,
        status: if error.is_none() { "ok" } else { "down" },
        latency_ms: started.elapsed().as_millis() as u64,
        error,
    }
}

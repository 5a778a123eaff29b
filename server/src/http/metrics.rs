//! Prometheus metrics at `/metrics`: requests by route and status, a latency histogram, job
//! queue depth by kind and state, and finished jobs by kind and outcome.
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::header::{HeaderValue, CONTENT_TYPE};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::PrometheusHandle;

use crate::state::AppState;

pub async fn track(request: Request, next: Next) -> Response {
    // The route pattern, not the raw path, keeps label values bounded.
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "unmatched".to_owned());
    let method = request.method().to_string();
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics::counter!("http_requests_total", "method" => method.clone(), "route" => route.clone(), "status" => status)
        .increment(1);
    metrics::histogram!("http_request_duration_seconds", "method" => method, "route" => route)
        .record(started.elapsed().as_secs_f64());
    response
}

pub async fn render(State(state): State<AppState>) -> Response {
    // Queue depth is read when scraped, so every instance reports the shared queue as it is.
    match state.backends.jobs.depth_by_kind().await {
        Ok(depths) => {
            for depth in depths {
                metrics::gauge!(
                    "jobs_queue_depth",
                    "kind" => depth.kind,
                    "state" => depth.state.as_str()
                )
                .set(depth.count as f64);
            }
        }
        Err(error) => tracing::warn!(%error, "could not read the job queue depth"),
    }
    let handle: &PrometheusHandle = &state.metrics;
    let mut response = handle.render().into_response();
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    response
}

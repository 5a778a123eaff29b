//! Per-address rate limits (tower_governor): a client that sends too many requests to a limited
//! route gets the GOV.UK "too many attempts" page (429) with `Retry-After`, and nothing it sent is
//! processed. Limits apply by client address: the connection's peer, or, behind a trusted load
//! balancer (`trust_forwarded_for`), the address it puts first in `X-Forwarded-For`.
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, HeaderValue, Request, Response, StatusCode};
use governor::middleware::NoOpMiddleware;
use tower_governor::governor::{GovernorConfig, GovernorConfigBuilder};
use tower_governor::key_extractor::KeyExtractor;
use tower_governor::{GovernorError, GovernorLayer};

use crate::error::RenderErrorPage;

/// How many requests an address may send at once, and how fast that allowance refills.
#[derive(Clone, Copy, Debug)]
pub struct Limit {
    pub burst: u32,
    pub refill_every: Duration,
}

/// State-changing forms: generous for people, a wall for scripts.
pub const FORMS: Limit = Limit {
    burst: 30,
    refill_every: Duration::from_secs(2),
};

/// Signing in, and the account forms that send email or take a password: enough for someone
/// mistyping, far too few for guessing passwords or flooding inboxes (the account lockout guards
/// each account; this guards the service from one address).
pub const ACCOUNT: Limit = Limit {
    burst: 10,
    refill_every: Duration::from_secs(6),
};

/// The client's address, as the key of the limit.
#[derive(Clone, Copy, Debug)]
pub struct ClientAddress {
    pub trust_forwarded_for: bool,
}

impl KeyExtractor for ClientAddress {
    type Key = IpAddr;

    fn extract<T>(&self, request: &Request<T>) -> Result<Self::Key, GovernorError> {
        let forwarded = self
            .trust_forwarded_for
            .then(|| request.headers().get("x-forwarded-for"))
            .flatten()
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split(',').next())
            .and_then(|first| first.trim().parse().ok());
        forwarded
            .or_else(|| {
                request
                    .extensions()
                    .get::<ConnectInfo<SocketAddr>>()
                    .map(|info| info.0.ip())
            })
            .ok_or(GovernorError::UnableToExtractKey)
    }
}

pub type Layer = GovernorLayer<ClientAddress, NoOpMiddleware, Body>;

/// The layer for one group of routes. Its memory of addresses is pruned every minute.
pub fn layer(limit: Limit, trust_forwarded_for: bool) -> Layer {
    let config: Arc<GovernorConfig<ClientAddress, NoOpMiddleware>> = Arc::new(
        GovernorConfigBuilder::default()
            .period(limit.refill_every)
            .burst_size(limit.burst.max(1))
            .key_extractor(ClientAddress {
                trust_forwarded_for,
            })
            .finish()
            .expect("a non-zero period and burst"),
    );
    let limiter = Arc::downgrade(config.limiter());
    tokio::spawn(async move {
        let mut every_minute = tokio::time::interval(Duration::from_secs(60));
        loop {
            every_minute.tick().await;
            let Some(limiter) = limiter.upgrade() else {
                return;
            };
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
    });
    GovernorLayer::new(config).error_handler(too_many_requests)
}

/// As [`layer`], for the JSON API: a client over its allowance gets 429 in the API's error
/// envelope, with `Retry-After`.
pub fn api_layer(limit: Limit, trust_forwarded_for: bool) -> Layer {
    layer(limit, trust_forwarded_for).error_handler(|error| {
        let mut response = too_many_requests(error);
        response.extensions_mut().remove::<RenderErrorPage>();
        let status = response.status();
        let body = super::api_error::ApiError::new(
            status,
            "Too many requests: wait a moment before sending more",
        )
        .body();
        *response.body_mut() = Body::from(body.to_string());
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        response
    })
}

/// As [`layer`], for the GraphQL API: a client over its allowance gets 429 with a GraphQL error
/// (`extensions.code` `RATE_LIMITED`), with `Retry-After`.
pub fn graphql_layer(limit: Limit, trust_forwarded_for: bool) -> Layer {
    layer(limit, trust_forwarded_for).error_handler(|error| {
        let mut response = too_many_requests(error);
        response.extensions_mut().remove::<RenderErrorPage>();
        let body = serde_json::json!({
            "errors": [{
                "message": "Too many requests: wait a moment before sending more",
                "extensions": { "code": "RATE_LIMITED" },
            }]
        });
        *response.body_mut() = Body::from(body.to_string());
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/graphql-response+json"),
        );
        response
    })
}

fn too_many_requests(error: GovernorError) -> Response<Body> {
    let (status, retry_after) = match error {
        GovernorError::TooManyRequests { wait_time, .. } => {
            (StatusCode::TOO_MANY_REQUESTS, Some(wait_time.max(1)))
        }
        GovernorError::UnableToExtractKey | GovernorError::Other { .. } => {
            tracing::error!(%error, "rate limit could not tell who sent a request");
            (StatusCode::INTERNAL_SERVER_ERROR, None)
        }
    };
    let mut response = Response::new(Body::empty());
    *response.status_mut() = status;
    if let Some(seconds) = retry_after {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    response.extensions_mut().insert(RenderErrorPage::ForStatus);
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(forwarded_for: Option<&str>) -> Request<()> {
        let mut request = Request::new(());
        if let Some(value) = forwarded_for {
            request
                .headers_mut()
                .insert("x-forwarded-for", HeaderValue::from_str(value).unwrap());
        }
        request
            .extensions_mut()
            .insert(ConnectInfo(SocketAddr::from(([10, 0, 0, 9], 4000))));
        request
    }

    #[test]
    fn the_forwarded_address_counts_only_behind_a_trusted_proxy() {
        let peer: IpAddr = [10, 0, 0, 9].into();
        let client: IpAddr = [203, 0, 113, 7].into();
        let direct = ClientAddress {
            trust_forwarded_for: false,
        };
        let proxied = ClientAddress {
            trust_forwarded_for: true,
        };
        let forged = request(Some("203.0.113.7, 10.0.0.1"));
        assert_eq!(
            direct.extract(&forged).unwrap(),
            peer,
            "a client could forge it"
        );
        assert_eq!(proxied.extract(&forged).unwrap(), client);
        assert_eq!(proxied.extract(&request(Some("garbage"))).unwrap(), peer);
        assert_eq!(proxied.extract(&request(None)).unwrap(), peer);
        assert!(direct.extract(&Request::new(())).is_err());
    }
}

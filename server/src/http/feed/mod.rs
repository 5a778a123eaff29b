//! The message feed's HTTP surface (fpesa, reference D): the REST API under `/api/v1/`, the
//! websocket at `/ws/v1/`, and the OpenAPI document. Paths answer with and without their
//! trailing slash, as the original did behind nginx.
mod api;
mod hub;
mod ws;

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::Extension;

use app::feed::paths;
use axum::routing::{any, get, post, MethodRouter};
use axum::Router;

use super::rate_limit::{self, Limit};
use crate::state::AppState;

/// Reading is public, but one address may not flood it.
const READS: Limit = Limit {
    burst: 500,
    refill_every: Duration::from_millis(10),
};

/// The allowance for posts, per address and per token.
pub fn post_limit(state: &AppState) -> Limit {
    let per_second = state.config.feed_posts_per_second.max(1);
    Limit {
        burst: state.config.feed_posts_burst.max(1),
        refill_every: Duration::from_nanos(1_000_000_000 / u64::from(per_second)),
    }
}

/// The API's routes. They sit inside the session layers: a signed-in user may post from the
/// browser (with the CSRF token), API clients with a bearer token.
pub fn routes(state: &AppState) -> Router<AppState> {
    let trust = state.config.trust_forwarded_for;
    // One subscription to the feed for all of this instance's websockets.
    let hub = hub::LiveHub::start(state.backends.fanout.clone());
    let reads = rate_limit::api_layer(READS, trust);
    let messages = get(api::list_messages)
        .layer::<_, Infallible>(reads.clone())
        .merge(
            post(api::post_message)
                .layer::<_, Infallible>(rate_limit::api_layer(post_limit(state), trust))
                .layer(Extension(Arc::new(api::TokenLimits::new(post_limit(
                    state,
                ))))),
        )
        .fallback(api::method_not_allowed);
    let read_only = |route: MethodRouter<AppState>| {
        route.layer(reads.clone()).fallback(api::method_not_allowed)
    };
    Router::new()
        .route(paths::API_MESSAGES_BARE.pattern(), messages.clone())
        .route(paths::API_MESSAGES.pattern(), messages)
        .route(
            paths::API_MESSAGE.pattern(),
            read_only(get(api::get_message)),
        )
        .route(paths::API_OPENAPI.pattern(), read_only(get(api::openapi)))
        .route(
            paths::WEBSOCKET_BARE.pattern(),
            read_only(get(ws::upgrade)).layer(Extension(hub.clone())),
        )
        .route(
            paths::WEBSOCKET.pattern(),
            read_only(get(ws::upgrade)).layer(Extension(hub)),
        )
        // Anything else under the API's paths answers in its error envelope, not as a page.
        .route(paths::API_ANYTHING_ELSE.pattern(), any(api::not_found))
        .route(
            paths::WEBSOCKET_ANYTHING_ELSE.pattern(),
            any(api::not_found),
        )
}

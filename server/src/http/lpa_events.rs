//! The LPA service's websockets, each sending the announcements of one fan-out topic as text
//! frames. The session decides who may listen, and only pages of this site may open them
//! (cross-site websocket hijacking), whatever cookies a browser sends.
//!
//! - `/lpa/{id}/events`: one LPA's (`{"form_ready": key}`), for its owner or an admin, so a
//!   page waiting for a paper form hears the moment it is stored.
//! - `/user/dashboard/events`: the signed-in person's LPAs' status changes
//!   (`app::lpa::tracking::StatusChanged`), so an open dashboard shows what Sirius says as soon
//!   as anything (the dashboard itself, the refresh job, another instance) finds it.
use std::time::Duration;

use app::auth::ssr::signed_in_from;
use app::lpa::server::{forms, tracking};
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use backends::fanout::{Delivery, Subscription, Topic};
use futures::{SinkExt, StreamExt};

use crate::error::ServerError;
use crate::http::csrf::same_origin;
use crate::state::AppState;

/// The server pings each listener this often, so a dead connection is noticed and closed.
const PING_EVERY: Duration = Duration::from_secs(30);

/// `/lpa/{id}/events`.
pub async fn lpa(State(state): State<AppState>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let Some(user) = signed_in_from(&parts.extensions) else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    if !same_origin(&parts) {
        return StatusCode::FORBIDDEN.into_response();
    }
    let Some(id) = app::lpa::paths::EVENTS.parse(parts.uri.path()) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match forms::viewable(&state.backends, &user, id).await {
        Ok(Some(_)) => {}
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(error) => return ServerError::from(app::error::AppError::from(error)).into_response(),
    }
    // The page asks about its form once the socket is open, so an announcement is either
    // before that answer or heard here.
    listen(&state, parts, forms::topic(id)).await
}

/// `/user/dashboard/events`.
pub async fn dashboard(State(state): State<AppState>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let Some(user) = signed_in_from(&parts.extensions) else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    if !same_origin(&parts) {
        return StatusCode::FORBIDDEN.into_response();
    }
    // The dashboard asks for its statuses once the socket is open, so a change found while it
    // asks is heard here.
    listen(&state, parts, tracking::owner_topic(&user.id)).await
}

/// Subscribes to `topic` before answering the upgrade (so nothing announced after the client
/// hears the socket is open is missed), then forwards its announcements.
async fn listen(state: &AppState, mut parts: Parts, topic: Option<Topic>) -> Response {
    let upgrade = match WebSocketUpgrade::from_request_parts(&mut parts, state).await {
        Ok(upgrade) => upgrade,
        Err(rejection) => return rejection.into_response(),
    };
    let Some(topic) = topic else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let subscription = match state.backends.fanout.subscribe(&topic).await {
        Ok(subscription) => subscription,
        Err(error) => {
            tracing::warn!(%error, "a websocket's announcements could not be subscribed to");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    upgrade
        // Clients send nothing we read; pings and closes are small.
        .max_message_size(1024)
        .on_upgrade(move |socket| forward(socket, subscription))
}

/// Sends each announcement until the client leaves or the subscription ends (the broker was
/// lost, or the client fell behind); then closes, and the client connects and asks again.
async fn forward(socket: WebSocket, mut subscription: Subscription) {
    let (mut sender, mut receiver) = socket.split();
    let mut ping = tokio::time::interval(PING_EVERY);
    ping.tick().await;
    loop {
        tokio::select! {
            delivery = subscription.next() => {
                let Some(Delivery::Event(event)) = delivery else { break };
                let text = event.payload.to_string();
                if sender.send(Message::Text(text.into())).await.is_err() {
                    return;
                }
            }
            frame = receiver.next() => {
                // Anything but a frame (a close, an error, the end) means the client has gone.
                if !matches!(frame, Some(Ok(_))) {
                    return;
                }
            }
            _ = ping.tick() => {
                if sender.send(Message::Ping(Default::default())).await.is_err() {
                    return;
                }
            }
        }
    }
    let _ = sender.send(Message::Close(None)).await;
}

//! `/transfer/consignment/{id}/file-checks/events`: the checking page's websocket. The caller is
//! admitted as the page admits them (signed in, the `transfer` role or an admin, the consignment
//! one of their bodies'); only pages of this site may open it. It sends the consignment's
//! `ChecksState` as a JSON text frame at once, again after each finding announced on the
//! consignment's fan-out topic (from any instance, through the broker when there is one), and
//! closes once the checks are over.
use std::time::Duration;

use app::auth::ssr::{admit, signed_in_from};
use app::auth::Audience;
use app::error::AppError;
use app::pages::transfer::frame::ssr::caller_of;
use app::transfer::ids::ConsignmentId;
use app::transfer::paths;
use app::transfer::server::checks::checks_topic;
use app::transfer::server::{TransferError, Transfers};
use app::transfer::status::ChecksState;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use backends::fanout::{Delivery, Subscription};
use futures::{FutureExt, SinkExt, StreamExt};

use crate::error::ServerError;
use crate::http::csrf::same_origin;
use crate::state::AppState;

/// The server pings each listener this often, so a dead connection is noticed, and reads the
/// state again then, so an announcement lost on the way costs at most this long.
const LOOK_EVERY: Duration = Duration::from_secs(15);

pub async fn checks(State(state): State<AppState>, request: Request) -> Response {
    let (mut parts, _) = request.into_parts();
    let user = match admit(signed_in_from(&parts.extensions), Audience::Transferring) {
        Ok(user) => user,
        Err(AppError::SignInRequired) => return StatusCode::UNAUTHORIZED.into_response(),
        Err(_) => return StatusCode::FORBIDDEN.into_response(),
    };
    if !same_origin(&parts) {
        return StatusCode::FORBIDDEN.into_response();
    }
    let Some(id) = paths::CHECK_EVENTS.parse(parts.uri.path()) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let transfers = Transfers::of(&state.backends);
    match transfers.consignment(&caller_of(&user), &id).await {
        Ok(_) => {}
        Err(TransferError::NotFound) => return StatusCode::NOT_FOUND.into_response(),
        Err(error) => return ServerError::from(AppError::from(error)).into_response(),
    }
    let upgrade = match WebSocketUpgrade::from_request_parts(&mut parts, &state).await {
        Ok(upgrade) => upgrade,
        Err(rejection) => return rejection.into_response(),
    };
    let Some(topic) = checks_topic(&id) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    // Subscribed before the state is first read, so no finding falls between the two.
    let subscription = match state.backends.fanout.subscribe(&topic).await {
        Ok(subscription) => subscription,
        Err(error) => {
            tracing::warn!(%error, "a consignment's findings could not be subscribed to");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    upgrade
        // Clients send nothing we read; pings and closes are small.
        .max_message_size(1024)
        .on_upgrade(move |socket| follow(socket, transfers, id, subscription))
}

/// What the subscription said since the state was last sent.
enum Heard {
    Nothing,
    Findings,
    /// It ended (the client fell behind, or the broker was lost): one last look, then close; the
    /// page connects again and is sent the state anew.
    Ended,
}

/// Every delivery that is already waiting, after the first one: a burst of findings is one look.
fn drain(subscription: &mut Subscription, first: Option<Delivery>) -> Heard {
    let mut heard = Heard::Nothing;
    let mut next = Some(first);
    while let Some(delivery) = next {
        match delivery {
            Some(Delivery::Event(_)) => heard = Heard::Findings,
            Some(Delivery::Lagged { .. }) | None => return Heard::Ended,
        }
        next = subscription.next().now_or_never();
    }
    heard
}

async fn follow(
    socket: WebSocket,
    transfers: Transfers,
    id: ConsignmentId,
    mut subscription: Subscription,
) {
    let (mut sender, mut receiver) = socket.split();
    let mut look = tokio::time::interval(LOOK_EVERY);
    look.tick().await;
    let mut sent: Option<ChecksState> = None;
    let mut heard = Heard::Findings;
    loop {
        if !matches!(heard, Heard::Nothing) {
            let now = match transfers.checks_state(&id).await {
                Ok(now) => now,
                Err(error) => {
                    tracing::warn!(%error, consignment = %id, "the checks' state could not be read");
                    break;
                }
            };
            if sent != Some(now) {
                let text = serde_json::to_string(&now).unwrap_or_default();
                if sender.send(Message::Text(text.into())).await.is_err() {
                    return;
                }
                sent = Some(now);
            }
            if now.over || matches!(heard, Heard::Ended) {
                break;
            }
        }
        heard = tokio::select! {
            delivery = subscription.next() => drain(&mut subscription, delivery),
            frame = receiver.next() => {
                // Anything but a frame (a close, an error, the end) means the client has gone.
                if !matches!(frame, Some(Ok(_))) {
                    return;
                }
                Heard::Nothing
            }
            _ = look.tick() => {
                if sender.send(Message::Ping(Default::default())).await.is_err() {
                    return;
                }
                Heard::Findings
            }
        };
    }
    let _ = sender.send(Message::Close(None)).await;
}

//! The paper forms' two server-only URLs (reference §7.3); their page is
//! `app::pages::lpa::download`.
//!
//! - `/lpa/{id}/download/{form}/{file}`: the form's file, for its owner or an admin. A stored form
//!   is a redirect to a link into the object store that works for a minute (S3's presigned URL,
//!   or the filesystem store's signed `/objects/` URL), which serves it as an attachment under
//!   its own name. A form not stored (expired since the page showed the link, or the LPA changed)
//!   goes back to its page, which waits for it to be drawn again. Anything else is the 404 page.
//! - `/lpa/{id}/events`: a websocket that sends the LPA's announcements (`{"form_ready": key}`)
//!   as text frames, so a waiting page hears the moment its form is stored. The session decides
//!   who may listen, so a browser on another site may not open it (cross-site websocket
//!   hijacking), whatever cookies it sends.
use std::time::Duration;

use app::auth::ssr::{signed_in_from, SessionEnded};
use app::lpa::server::forms::{self, FormFile};
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use backends::fanout::{Delivery, Subscription};
use futures::{SinkExt, StreamExt};

use crate::error::ServerError;
use crate::http::csrf::same_origin;
use crate::state::AppState;

/// The server pings each listener this often, so a dead connection is noticed and closed.
const PING_EVERY: Duration = Duration::from_secs(30);

pub async fn file(State(state): State<AppState>, request: Request) -> Response {
    let path = request.uri().path().to_owned();
    let Some(user) = signed_in_from(request.extensions()) else {
        let timed_out = request.extensions().get::<SessionEnded>().is_some();
        return Redirect::to(&app::auth::sign_in_url(timed_out, &path)).into_response();
    };
    let Some((id, (form, file_name))) = app::lpa::paths::DOWNLOAD_FILE.parse(&path) else {
        return ServerError::from(app::error::AppError::NotFound).into_response();
    };
    match forms::file(&state.backends, &user, id, form, &file_name).await {
        Ok(Some(FormFile::At(url))) => {
            ([(header::CACHE_CONTROL, "no-store")], Redirect::to(&url)).into_response()
        }
        Ok(Some(FormFile::Preparing { draft })) => {
            Redirect::to(&app::lpa::paths::download(id, form, draft).to_string()).into_response()
        }
        Ok(None) => ServerError::from(app::error::AppError::NotFound).into_response(),
        Err(error) => ServerError::from(app::error::AppError::from(error)).into_response(),
    }
}

pub async fn events(State(state): State<AppState>, request: Request) -> Response {
    let (mut parts, _) = request.into_parts();
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
    let upgrade = match WebSocketUpgrade::from_request_parts(&mut parts, &state).await {
        Ok(upgrade) => upgrade,
        Err(rejection) => return rejection.into_response(),
    };
    // Subscribed before the client hears the socket is open: it asks about its form once open,
    // so an announcement is either before that answer or heard here.
    let Some(topic) = forms::topic(id) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let subscription = match state.backends.fanout.subscribe(&topic).await {
        Ok(subscription) => subscription,
        Err(error) => {
            tracing::warn!(%error, "an LPA's announcements could not be subscribed to");
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

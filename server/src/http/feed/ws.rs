//! `/ws/v1/`: every stored message as it arrives (reference D.2).
//!
//! As the original, each message is one binary frame holding the object as posted. Beyond it:
//! - `?envelope=true` sends text frames `{"id", "inserted", "message"}` instead;
//! - `?after=N` first sends, in order, every message stored after id N (the last one a client
//!   saw before it reconnected), then live ones: nothing lost, nothing twice.
//!
//! The connection never misses a message while it is open: it subscribes before it reads the
//! table, skips ids it has sent, fills any gap in the ids from the table, and when the broker
//! connection is lost it subscribes again and catches up from the table. A client too slow to
//! keep up is closed (1013, "try again later") rather than buffered without end; it reconnects
//! with `after`.
use std::sync::Arc;
use std::time::Duration;

use app::feed::server::Feed;
use axum::extract::ws::{CloseFrame, Message, Utf8Bytes, WebSocket, WebSocketUpgrade};
use axum::extract::FromRequestParts;
use axum::extract::{Extension, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use futures::stream::SplitSink;
use futures::{SinkExt, StreamExt};

use tokio::sync::broadcast::error::{RecvError, TryRecvError};

use super::hub::{HubItem, LiveFrame, LiveHub};
use crate::http::api_error::ApiError;
use crate::state::AppState;

/// The server pings each connection this often (as the original); a dead one fails to write.
const PING_EVERY: Duration = Duration::from_secs(10);
/// A frame the client does not take within this long ends the connection.
const SEND_TIMEOUT: Duration = Duration::from_secs(10);
/// Messages read from the table at a time while catching up.
const CATCH_UP_PAGE: u64 = 500;
/// Frames written in one go when a client has several waiting.
const WRITE_AT_ONCE: usize = 64;
/// What a connection may hold unsent beyond the socket's own buffers.
const MAX_WRITE_BUFFER: usize = 256 * 1024;

/// What the client asked for in the query.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LiveOptions {
    pub after: Option<i64>,
    pub envelope: bool,
}

pub fn parse_live_options(query: &str) -> Result<LiveOptions, String> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(query).map_err(|error| error.to_string())?;
    let mut options = LiveOptions::default();
    for (name, value) in pairs {
        match name.as_str() {
            "after" => {
                let after = value
                    .parse::<u64>()
                    .ok()
                    .filter(|_| value.bytes().all(|b| b.is_ascii_digit()))
                    .and_then(|n| i64::try_from(n).ok())
                    .ok_or_else(|| format!("'{value}' is not a message id"))?;
                options.after = Some(after);
            }
            "envelope" => {
                options.envelope = match value.as_str() {
                    "true" | "1" => true,
                    "false" | "0" => false,
                    _ => return Err(format!("'{value}' is not true or false")),
                }
            }
            other => {
                return Err(format!(
                    "Additional properties are not allowed ('{other}' was unexpected)"
                ))
            }
        }
    }
    Ok(options)
}

pub async fn upgrade(
    State(state): State<AppState>,
    Extension(hub): Extension<Arc<LiveHub>>,
    request: Request,
) -> Response {
    let options = match parse_live_options(request.uri().query().unwrap_or_default()) {
        Ok(options) => options,
        Err(reason) => {
            return ApiError::bad_request(format!(
                "Can not validate request arguments according to schema: {reason}"
            ))
            .into_response()
        }
    };
    let (mut parts, _) = request.into_parts();
    let upgrade = match WebSocketUpgrade::from_request_parts(&mut parts, &state).await {
        Ok(upgrade) => upgrade,
        // A plain GET (not an upgrade) is told what it needs: 426 and `Upgrade: websocket`.
        Err(rejection) => {
            let mut response = ApiError::new(
                StatusCode::UPGRADE_REQUIRED,
                format!("This address is a websocket: {}", rejection.body_text()),
            )
            .into_response();
            response
                .headers_mut()
                .insert(header::UPGRADE, HeaderValue::from_static("websocket"));
            return response;
        }
    };
    let feed = state.services.feed.messages.clone();
    // "From now" is fixed before the client hears the connection is open: whatever it posts
    // after that is stored with a later id, so it comes back even if it beats the subscription.
    let options = match options.after {
        Some(_) => options,
        None => match feed.newest_id().await {
            Ok(newest) => LiveOptions {
                after: Some(newest),
                ..options
            },
            Err(error) => return ApiError::from(error).into_response(),
        },
    };
    upgrade
        .read_buffer_size(4 * 1024)
        .write_buffer_size(0)
        .max_write_buffer_size(MAX_WRITE_BUFFER)
        // Clients send nothing we read; pings and closes are small.
        .max_message_size(4 * 1024)
        .on_upgrade(move |socket| async move {
            metrics::gauge!("feed_websockets").increment(1.0);
            serve(socket, feed, hub, options).await;
            metrics::gauge!("feed_websockets").decrement(1.0);
        })
}

/// The client went away or stopped reading: the connection is over.
struct Gone;

type Sender = SplitSink<WebSocket, Message>;

/// Sends one frame now.
async fn send(sender: &mut Sender, frame: Message) -> Result<(), Gone> {
    queue(sender, frame).await?;
    flush(sender).await
}

/// Adds a frame to the connection's write buffer (written out by [`flush`], or once the buffer
/// is full).
async fn queue(sender: &mut Sender, frame: Message) -> Result<(), Gone> {
    match tokio::time::timeout(SEND_TIMEOUT, sender.feed(frame)).await {
        Ok(Ok(())) => Ok(()),
        _ => Err(Gone),
    }
}

async fn flush(sender: &mut Sender) -> Result<(), Gone> {
    match tokio::time::timeout(SEND_TIMEOUT, sender.flush()).await {
        Ok(Ok(())) => Ok(()),
        _ => Err(Gone),
    }
}

fn live_frame(frame: &LiveFrame, envelope: bool) -> Message {
    if envelope {
        Message::Text(frame.envelope.clone())
    } else {
        Message::Binary(frame.raw.clone())
    }
}

/// Sends what the table holds after `sent` (and before `before`), updating `sent`.
async fn catch_up(
    feed: &Feed,
    sender: &mut Sender,
    sent: &mut i64,
    before: Option<i64>,
    envelope: bool,
) -> Result<(), Gone> {
    loop {
        let Ok(page) = feed.after(*sent, before, CATCH_UP_PAGE).await else {
            // The table cannot be read now: the live stream goes on; a later gap retries.
            return Ok(());
        };
        for message in &page {
            queue(sender, live_frame(&LiveFrame::new(message), envelope)).await?;
            *sent = message.id;
        }
        flush(sender).await?;
        if (page.len() as u64) < CATCH_UP_PAGE {
            return Ok(());
        }
    }
}

async fn serve(socket: WebSocket, feed: Feed, hub: Arc<LiveHub>, options: LiveOptions) {
    let (mut sender, mut receiver) = socket.split();
    // Client frames are ignored, but reading them notices a close at once.
    let (closed_tx, mut closed) = tokio::sync::oneshot::channel::<()>();
    let reader = tokio::spawn(async move {
        while let Some(Ok(frame)) = receiver.next().await {
            if matches!(frame, Message::Close(_)) {
                break;
            }
        }
        let _ = closed_tx.send(());
    });
    let _ = forward(&feed, &hub, &mut sender, options, &mut closed).await;
    reader.abort();
}

async fn forward(
    feed: &Feed,
    hub: &LiveHub,
    sender: &mut Sender,
    options: LiveOptions,
    closed: &mut tokio::sync::oneshot::Receiver<()>,
) -> Result<(), Gone> {
    let envelope = options.envelope;
    let mut last = options.after.unwrap_or(0);
    let mut ping = tokio::time::interval(PING_EVERY);
    ping.tick().await;
    // Subscribed first, then the table: whatever is committed from here on comes live.
    let mut live = hub.subscribe();
    catch_up(feed, sender, &mut last, None, envelope).await?;
    loop {
        tokio::select! {
            item = live.recv() => {
                let mut item = item;
                // Whatever else is waiting goes out in the same write.
                let mut queued = 0;
                loop {
                    match item {
                        Ok(HubItem::Message(frame)) => {
                            if frame.id > last + 1 {
                                catch_up(feed, sender, &mut last, Some(frame.id), envelope).await?;
                            }
                            if frame.id > last {
                                queue(sender, live_frame(&frame, envelope)).await?;
                                last = frame.id;
                                queued += 1;
                            }
                        }
                        Ok(HubItem::Resync) => {
                            catch_up(feed, sender, &mut last, None, envelope).await?;
                        }
                        Err(RecvError::Lagged(missed)) => {
                            tracing::info!(missed, "a websocket client could not keep up: closed");
                            let close = CloseFrame {
                                code: axum::extract::ws::close_code::AGAIN,
                                reason: Utf8Bytes::from_static("too slow: reconnect with ?after=<last id>"),
                            };
                            let _ = send(sender, Message::Close(Some(close))).await;
                            return Err(Gone);
                        }
                        Err(RecvError::Closed) => return Err(Gone),
                    }
                    if queued >= WRITE_AT_ONCE {
                        break;
                    }
                    match live.try_recv() {
                        Ok(next) => item = Ok(next),
                        Err(TryRecvError::Lagged(missed)) => item = Err(RecvError::Lagged(missed)),
                        Err(TryRecvError::Empty | TryRecvError::Closed) => break,
                    }
                }
                flush(sender).await?;
            }
            _ = &mut *closed => return Err(Gone),
            _ = ping.tick() => send(sender, Message::Ping(Default::default())).await?,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn live_options_are_after_and_envelope_only() {
        assert_eq!(parse_live_options("").unwrap(), LiveOptions::default());
        assert_eq!(
            parse_live_options("after=12&envelope=true").unwrap(),
            LiveOptions {
                after: Some(12),
                envelope: true
            }
        );
        assert!(parse_live_options("after=-1").is_err());
        assert!(parse_live_options("after=+1").is_err());
        assert!(parse_live_options("envelope=yes").is_err());
        assert!(parse_live_options("limit=1").is_err());
    }
}

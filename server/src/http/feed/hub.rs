//! One subscription to the feed's fan-out topic per app instance, shared by every websocket on it.
//! Each stored message is decoded and its two frames (the raw object, the envelope) made once;
//! websockets get a pointer to them. With 10,000 sockets that is one parse and two strings a
//! message, not 10,000 of each.
//!
//! When the hub's subscription ends (the broker connection was lost, or the hub fell behind) it
//! subscribes again and then tells every socket to [`Resync`](HubItem::Resync): each catches up
//! from the table, which holds whatever the fan-out did not deliver meanwhile.
use std::sync::{Arc, Weak};
use std::time::Duration;

use app::feed::server::StoredMessage;
use axum::extract::ws::Utf8Bytes;
use backends::fanout::{Delivery, FanOut};
use bytes::Bytes;
use futures::StreamExt;
use tokio::sync::broadcast;
use tokio_util::sync::{CancellationToken, DropGuard};

/// Items kept for sockets that are behind; a socket further behind is closed (1013).
const CAPACITY: usize = 1024;

/// A stored message, ready to send.
pub struct LiveFrame {
    pub id: i64,
    /// The object as posted (the original's frame).
    pub raw: Bytes,
    /// `{"id", "inserted", "message"}` (`?envelope=true`).
    pub envelope: Utf8Bytes,
}

impl LiveFrame {
    pub fn new(message: &StoredMessage) -> Self {
        LiveFrame {
            id: message.id,
            raw: Bytes::from(message.message.as_str().to_owned()),
            envelope: Utf8Bytes::from(serde_json::to_string(message).unwrap_or_default()),
        }
    }
}

#[derive(Clone)]
pub enum HubItem {
    Message(Arc<LiveFrame>),
    /// Messages may have been missed: catch up from the table.
    Resync,
}

pub struct LiveHub {
    sender: broadcast::Sender<HubItem>,
    /// Stops the hub's task when the hub is dropped (with the router), even while it waits.
    _stop: DropGuard,
}

impl LiveHub {
    /// Starts following the feed. The hub stops when the last handle to it is dropped.
    pub fn start(fanout: Arc<dyn FanOut>) -> Arc<Self> {
        let stop = CancellationToken::new();
        let hub = Arc::new(LiveHub {
            sender: broadcast::channel(CAPACITY).0,
            _stop: stop.clone().drop_guard(),
        });
        let weak = Arc::downgrade(&hub);
        tokio::spawn(async move {
            tokio::select! {
                _ = stop.cancelled() => {}
                _ = follow(weak, fanout) => {}
            }
        });
        hub
    }

    pub fn subscribe(&self) -> broadcast::Receiver<HubItem> {
        self.sender.subscribe()
    }
}

async fn follow(hub: Weak<LiveHub>, fanout: Arc<dyn FanOut>) {
    let topic = app::feed::server::topic();
    let mut retry = 0u32;
    loop {
        let subscription = fanout.subscribe(&topic).await;
        let Some(sender) = hub.upgrade().map(|hub| hub.sender.clone()) else {
            return;
        };
        let mut subscription = match subscription {
            Ok(subscription) => subscription,
            Err(error) => {
                // The broker is away: sockets stay connected and wait.
                tracing::debug!(%error, "the live feed is waiting for the broker");
                tokio::time::sleep(Duration::from_millis(200u64 << retry.min(5))).await;
                retry += 1;
                continue;
            }
        };
        retry = 0;
        let _ = sender.send(HubItem::Resync);
        drop(sender);
        while let Some(delivery) = subscription.next().await {
            let Some(hub) = hub.upgrade() else { return };
            match delivery {
                Delivery::Event(event) => {
                    if let Some(message) = StoredMessage::from_live(event.payload) {
                        let _ = hub
                            .sender
                            .send(HubItem::Message(Arc::new(LiveFrame::new(&message))));
                    }
                }
                Delivery::Lagged { missed } => {
                    tracing::warn!(missed, "the live feed's hub fell behind the fan-out");
                    break;
                }
            }
        }
    }
}

//! Live fan-out: an event published on a topic reaches every current subscriber of that topic, on
//! this instance or (with a broker) on any instance. Live pages (the message feed, a PDF's status,
//! a consignment's checks) subscribe; nothing is stored here, so a subscriber sees only what is
//! published while it listens.
//!
//! Delivery is at most once per subscription and bounded: a subscriber that falls too far behind
//! is told it lagged and its subscription ends, so memory never grows with a slow reader. It can
//! subscribe again and catch up from the durable store.
//!
//! With a broker, an instance also receives its own publications back. Each event carries a
//! unique id and the publishing instance, so a consumer can tell them apart.

mod memory;
mod rabbitmq;

use std::pin::Pin;

use async_trait::async_trait;
use futures::Stream;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub use memory::InProcessFanOut;
pub use rabbitmq::RabbitFanOut;

/// The fan-out layer's one error type.
#[derive(Debug, thiserror::Error)]
pub enum FanOutError {
    #[error("invalid topic {0:?}: 1 to 200 characters of letters, digits and . _ : -")]
    InvalidTopic(String),
    #[error("the message broker is unavailable: {0}")]
    Unavailable(String),
}

/// A topic name such as `feed` or `lpa:4fd2`. Checked, so it is safe as a routing key.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Topic(String);

impl Topic {
    pub fn new(name: impl Into<String>) -> Result<Self, FanOutError> {
        let name = name.into();
        let valid = !name.is_empty()
            && name.len() <= 200
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | ':' | '-'));
        if valid {
            Ok(Topic(name))
        } else {
            Err(FanOutError::InvalidTopic(name))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Topic {
    type Error = FanOutError;

    fn try_from(name: String) -> Result<Self, Self::Error> {
        Topic::new(name)
    }
}

impl From<Topic> for String {
    fn from(topic: Topic) -> Self {
        topic.0
    }
}

/// One publication.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Unique per publication: the same event seen twice (through a broker) has the same id.
    pub id: Uuid,
    /// The instance that published it.
    pub origin: Uuid,
    pub topic: Topic,
    pub payload: serde_json::Value,
}

/// What a subscription yields: events in publication order, or, once, that the subscriber fell
/// behind and lost events, after which the subscription ends.
#[derive(Clone, Debug, PartialEq)]
pub enum Delivery {
    Event(Event),
    /// `missed` events were dropped for this subscriber; nothing follows.
    Lagged {
        missed: u64,
    },
}

pub type Subscription = Pin<Box<dyn Stream<Item = Delivery> + Send>>;

#[async_trait]
pub trait FanOut: Send + Sync + 'static {
    /// `in-process` or `rabbitmq`, for health reports.
    fn kind(&self) -> &'static str;

    /// This instance's id, the `origin` of what it publishes.
    fn instance(&self) -> Uuid;

    /// Publishes `payload` on `topic`. Returns once the event is handed over: to the local
    /// subscribers, or confirmed by the broker. Returns the event as sent.
    async fn publish(
        &self,
        topic: &Topic,
        payload: serde_json::Value,
    ) -> Result<Event, FanOutError>;

    /// Publishes several payloads on `topic`, in order; returns once all are handed over. The
    /// broker's implementation waits for all confirms together instead of one after another.
    async fn publish_all(
        &self,
        topic: &Topic,
        payloads: Vec<serde_json::Value>,
    ) -> Result<Vec<Event>, FanOutError> {
        let mut events = Vec::with_capacity(payloads.len());
        for payload in payloads {
            events.push(self.publish(topic, payload).await?);
        }
        Ok(events)
    }

    /// Subscribes to `topic`: every event published after this call returns, until the
    /// subscription ends. It ends after [`Delivery::Lagged`], and also, with no `Lagged`, when
    /// the connection to the broker is lost: events may have been missed, so a subscriber that
    /// must miss nothing subscribes again and catches up from the durable store.
    async fn subscribe(&self, topic: &Topic) -> Result<Subscription, FanOutError>;

    /// Whether publishing works now.
    async fn ping(&self) -> Result<(), FanOutError>;

    /// Lets go of the broker, at shutdown.
    async fn close(&self) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topics_are_short_safe_names() {
        for good in ["feed", "lpa:4fd2", "consignment:a-b_c.1"] {
            assert_eq!(Topic::new(good).unwrap().as_str(), good);
        }
        for bad in ["", "with space", "slash/no", "#", &"x".repeat(201)] {
            assert!(Topic::new(bad).is_err(), "{bad:?}");
        }
        assert!(serde_json::from_str::<Topic>("\"a b\"").is_err());
    }
}

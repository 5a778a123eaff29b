//! The embedded fan-out: one bounded tokio broadcast channel per topic with subscribers.
use std::collections::HashMap;
use std::sync::Mutex;

use async_trait::async_trait;
use futures::stream;
use tokio::sync::broadcast::{self, error::RecvError};
use uuid::Uuid;

use super::{Delivery, Event, FanOut, FanOutError, Subscription, Topic};

/// Events kept per topic for subscribers that are behind. One past that, the slowest is dropped.
pub const DEFAULT_CAPACITY: usize = 1024;

pub struct InProcessFanOut {
    instance: Uuid,
    capacity: usize,
    topics: Mutex<HashMap<Topic, broadcast::Sender<Event>>>,
}

impl InProcessFanOut {
    pub fn new(capacity: usize) -> Self {
        Self {
            instance: Uuid::new_v4(),
            capacity: capacity.max(1),
            topics: Mutex::new(HashMap::new()),
        }
    }

    fn topics(&self) -> std::sync::MutexGuard<'_, HashMap<Topic, broadcast::Sender<Event>>> {
        self.topics
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Hands `event` to this process's subscribers of its topic (the broker's fan-out delivers
    /// what arrives from the broker this way).
    pub(crate) fn deliver(&self, event: Event) {
        let mut topics = self.topics();
        if let Some(sender) = topics.get(&event.topic) {
            // An error means every subscriber has gone: the channel is let go.
            if sender.send(event.clone()).is_err() {
                topics.remove(&event.topic);
            }
        }
    }

    /// Ends every subscription (they see their stream end), when deliveries may have been lost.
    pub(crate) fn end_all(&self) {
        self.topics().clear();
    }

    /// The topics that have subscribers now.
    pub(crate) fn subscribed_topics(&self) -> Vec<Topic> {
        let mut topics = self.topics();
        topics.retain(|_, sender| sender.receiver_count() > 0);
        topics.keys().cloned().collect()
    }

    /// Topics with at least one subscriber (channels of topics nobody listens to are let go).
    pub fn topic_count(&self) -> usize {
        self.subscribed_topics().len()
    }
}

impl Default for InProcessFanOut {
    fn default() -> Self {
        Self::new(DEFAULT_CAPACITY)
    }
}

#[async_trait]
impl FanOut for InProcessFanOut {
    fn kind(&self) -> &'static str {
        "in-process"
    }

    fn instance(&self) -> Uuid {
        self.instance
    }

    async fn publish(
        &self,
        topic: &Topic,
        payload: serde_json::Value,
    ) -> Result<Event, FanOutError> {
        let event = Event {
            id: Uuid::new_v4(),
            origin: self.instance,
            topic: topic.clone(),
            payload,
        };
        self.deliver(event.clone());
        Ok(event)
    }

    async fn subscribe(&self, topic: &Topic) -> Result<Subscription, FanOutError> {
        let receiver = self
            .topics()
            .entry(topic.clone())
            .or_insert_with(|| broadcast::channel(self.capacity).0)
            .subscribe();
        Ok(Box::pin(stream::unfold(
            Some(receiver),
            |receiver| async move {
                let mut receiver = receiver?;
                match receiver.recv().await {
                    Ok(event) => Some((Delivery::Event(event), Some(receiver))),
                    // Dropping the receiver here frees its place in the channel at once.
                    Err(RecvError::Lagged(missed)) => Some((Delivery::Lagged { missed }, None)),
                    Err(RecvError::Closed) => None,
                }
            },
        )))
    }

    async fn ping(&self) -> Result<(), FanOutError> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::StreamExt;
    use serde_json::json;

    fn topic(name: &str) -> Topic {
        Topic::new(name).unwrap()
    }

    #[tokio::test]
    async fn subscribers_of_a_topic_get_its_events_in_order_and_no_others() {
        let fanout = InProcessFanOut::default();
        let mut feed_a = fanout.subscribe(&topic("feed")).await.unwrap();
        let mut feed_b = fanout.subscribe(&topic("feed")).await.unwrap();
        let mut other = fanout.subscribe(&topic("other")).await.unwrap();

        let first = fanout
            .publish(&topic("feed"), json!({"n": 1}))
            .await
            .unwrap();
        let second = fanout
            .publish(&topic("feed"), json!({"n": 2}))
            .await
            .unwrap();
        assert_eq!(first.origin, fanout.instance());
        assert_ne!(first.id, second.id);

        for subscription in [&mut feed_a, &mut feed_b] {
            assert_eq!(
                subscription.next().await,
                Some(Delivery::Event(first.clone()))
            );
            assert_eq!(
                subscription.next().await,
                Some(Delivery::Event(second.clone()))
            );
        }
        let marker = fanout
            .publish(&topic("other"), json!("only"))
            .await
            .unwrap();
        assert_eq!(other.next().await, Some(Delivery::Event(marker)));
    }

    #[tokio::test]
    async fn publishing_without_subscribers_keeps_nothing() {
        let fanout = InProcessFanOut::default();
        fanout.publish(&topic("feed"), json!(1)).await.unwrap();
        assert_eq!(fanout.topic_count(), 0);
        let subscription = fanout.subscribe(&topic("feed")).await.unwrap();
        assert_eq!(fanout.topic_count(), 1);
        drop(subscription);
        fanout.publish(&topic("feed"), json!(2)).await.unwrap();
        assert_eq!(
            fanout.topic_count(),
            0,
            "the channel goes with its last subscriber"
        );
    }

    #[tokio::test]
    async fn a_slow_subscriber_is_told_it_lagged_and_dropped_while_others_keep_up() {
        let fanout = InProcessFanOut::new(4);
        let mut slow = fanout.subscribe(&topic("feed")).await.unwrap();
        let mut fast = fanout.subscribe(&topic("feed")).await.unwrap();
        for n in 0..10 {
            fanout.publish(&topic("feed"), json!(n)).await.unwrap();
            // The fast one reads each event as it comes.
            match fast.next().await {
                Some(Delivery::Event(event)) => assert_eq!(event.payload, json!(n)),
                other => panic!("fast subscriber got {other:?}"),
            }
        }
        // Capacity 4: of 10 events the slow one lost the oldest 6, is told so, and is dropped.
        assert_eq!(slow.next().await, Some(Delivery::Lagged { missed: 6 }));
        assert_eq!(slow.next().await, None);
        fanout
            .publish(&topic("feed"), json!("after"))
            .await
            .unwrap();
        assert!(matches!(fast.next().await, Some(Delivery::Event(_))));
    }
}

//! The production fan-out: RabbitMQ. Events go to the direct exchange `{ns}.live` with their
//! topic as routing key. Each app instance has one exclusive queue, bound to the topics its
//! subscribers listen to, and hands what arrives to them through an in-process fan-out (the same
//! bounded channels as the embedded backend). An instance gets its own publications back that
//! way, so every subscriber sees one order.
//!
//! When the connection is lost, every subscription ends (events published meanwhile are not
//! coming): subscribers subscribe again, which waits for the new connection, and catch up from
//! the store.
use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use futures::StreamExt;
use lapin::options::{BasicConsumeOptions, QueueBindOptions, QueueDeclareOptions};
use lapin::types::{AMQPValue, FieldTable};
use lapin::ExchangeKind;
use tokio::sync::watch;
use uuid::Uuid;

use super::{Event, FanOut, FanOutError, InProcessFanOut, Subscription, Topic};
use crate::broker::{unavailable, Broker, BrokerConnection, Persistence};

/// Events an instance's queue holds before the broker drops the oldest: an instance that
/// cannot keep up loses old live events rather than the broker's memory.
const QUEUE_LIMIT: i64 = 100_000;

/// The live queue of one connection, once declared and consumed.
#[derive(Clone)]
struct LiveQueue {
    connection: Arc<BrokerConnection>,
    name: String,
    /// Topics bound on this queue.
    bound: Arc<Mutex<HashSet<Topic>>>,
}

pub struct RabbitFanOut {
    broker: Arc<Broker>,
    local: Arc<InProcessFanOut>,
    exchange: String,
    ready: watch::Receiver<Option<LiveQueue>>,
}

impl RabbitFanOut {
    /// Starts consuming this instance's live queue, over every connection the broker makes.
    pub fn start(broker: Arc<Broker>) -> Self {
        let local = Arc::new(InProcessFanOut::default());
        let exchange = broker.name("live");
        let (ready_sender, ready) = watch::channel(None);
        tokio::spawn(consume(
            broker.clone(),
            local.clone(),
            exchange.clone(),
            ready_sender,
        ));
        RabbitFanOut {
            broker,
            local,
            exchange,
            ready,
        }
    }

    async fn live_queue(&self) -> Result<LiveQueue, FanOutError> {
        let mut ready = self.ready.clone();
        let wait = ready.wait_for(|queue| {
            queue
                .as_ref()
                .is_some_and(|q| !q.connection.lost.is_cancelled())
        });
        let queue = match tokio::time::timeout(std::time::Duration::from_secs(5), wait).await {
            Ok(Ok(queue)) => queue.clone(),
            _ => None,
        };
        queue.ok_or_else(|| unavailable("no connection to the message broker"))
    }
}

/// The consumer loop: on each connection, declare the exchange and this instance's queue, bind
/// the topics that have subscribers, and deliver what arrives until the connection is lost.
async fn consume(
    broker: Arc<Broker>,
    local: Arc<InProcessFanOut>,
    exchange: String,
    ready: watch::Sender<Option<LiveQueue>>,
) {
    let queue_name = broker.name(&format!("live.{}", broker.instance()));
    while let Some(connection) = broker.connected().await {
        let outcome = consume_on(&connection, &local, &exchange, &queue_name, &ready).await;
        ready.send_replace(None);
        // Whatever was published while the queue was not consumed is lost to this instance.
        local.end_all();
        if let Err(error) = outcome {
            tracing::warn!(%error, "the live fan-out's consumer stopped");
        }
        // Wait for this connection to be replaced, or retry on it after a moment.
        tokio::select! {
            _ = connection.lost.cancelled() => {}
            _ = tokio::time::sleep(std::time::Duration::from_secs(1)) => {}
        }
    }
}

async fn consume_on(
    connection: &Arc<BrokerConnection>,
    local: &InProcessFanOut,
    exchange: &str,
    queue_name: &str,
    ready: &watch::Sender<Option<LiveQueue>>,
) -> Result<(), FanOutError> {
    let mut arguments = FieldTable::default();
    arguments.insert("x-max-length".into(), AMQPValue::LongLongInt(QUEUE_LIMIT));
    let options = QueueDeclareOptions {
        exclusive: true,
        auto_delete: true,
        ..QueueDeclareOptions::default()
    };
    let channel = connection
        .declare(
            exchange,
            ExchangeKind::Direct,
            queue_name,
            options,
            arguments,
        )
        .await?;
    let bound = Arc::new(Mutex::new(HashSet::new()));
    let queue = LiveQueue {
        connection: connection.clone(),
        name: queue_name.to_owned(),
        bound,
    };
    for topic in local.subscribed_topics() {
        bind(&queue, exchange, &topic).await?;
    }
    let mut deliveries = channel
        .basic_consume(
            queue_name.into(),
            "live".into(),
            BasicConsumeOptions {
                no_ack: true,
                ..BasicConsumeOptions::default()
            },
            FieldTable::default(),
        )
        .await
        .map_err(unavailable)?;
    ready.send_replace(Some(queue));
    loop {
        tokio::select! {
            _ = connection.lost.cancelled() => return Ok(()),
            delivery = deliveries.next() => match delivery {
                Some(Ok(delivery)) => match serde_json::from_slice::<Event>(&delivery.data) {
                    Ok(event) => local.deliver(event),
                    Err(error) => tracing::warn!(%error, "a live event that is not one of ours was dropped"),
                },
                Some(Err(error)) => return Err(unavailable(error)),
                None => return Ok(()),
            }
        }
    }
}

async fn bind(queue: &LiveQueue, exchange: &str, topic: &Topic) -> Result<(), FanOutError> {
    if queue
        .bound
        .lock()
        .map(|b| b.contains(topic))
        .unwrap_or(false)
    {
        return Ok(());
    }
    let channel = queue.connection.channel().await?;
    channel
        .queue_bind(
            queue.name.as_str().into(),
            exchange.into(),
            topic.as_str().into(),
            QueueBindOptions::default(),
            FieldTable::default(),
        )
        .await
        .map_err(unavailable)?;
    let _ = channel.close(200, "bound".into()).await;
    if let Ok(mut bound) = queue.bound.lock() {
        bound.insert(topic.clone());
    }
    Ok(())
}

#[async_trait]
impl FanOut for RabbitFanOut {
    fn kind(&self) -> &'static str {
        "rabbitmq"
    }

    fn instance(&self) -> Uuid {
        self.broker.instance()
    }

    async fn publish(
        &self,
        topic: &Topic,
        payload: serde_json::Value,
    ) -> Result<Event, FanOutError> {
        let mut events = self.publish_all(topic, vec![payload]).await?;
        events
            .pop()
            .ok_or_else(|| unavailable("nothing was published"))
    }

    async fn publish_all(
        &self,
        topic: &Topic,
        payloads: Vec<serde_json::Value>,
    ) -> Result<Vec<Event>, FanOutError> {
        let events: Vec<Event> = payloads
            .into_iter()
            .map(|payload| Event {
                id: Uuid::new_v4(),
                origin: self.broker.instance(),
                topic: topic.clone(),
                payload,
            })
            .collect();
        let bodies: Vec<Vec<u8>> = events
            .iter()
            .map(|event| serde_json::to_vec(event).unwrap_or_default())
            .collect();
        self.broker
            .publish(
                &self.exchange,
                topic.as_str(),
                &bodies,
                Persistence::Transient,
            )
            .await?;
        Ok(events)
    }

    async fn subscribe(&self, topic: &Topic) -> Result<Subscription, FanOutError> {
        // Subscribed before binding, so nothing that arrives once the binding is in place is
        // missed; and a connection lost in between ends this subscription too.
        let subscription = self.local.subscribe(topic).await?;
        let queue = self.live_queue().await?;
        bind(&queue, &self.exchange, topic).await?;
        Ok(subscription)
    }

    async fn ping(&self) -> Result<(), FanOutError> {
        if self.broker.is_connected() {
            Ok(())
        } else {
            Err(unavailable("no connection to the message broker"))
        }
    }

    async fn close(&self) {
        self.broker.close().await;
    }
}

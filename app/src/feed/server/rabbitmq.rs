//! The production intake: a POST publishes the message, persistent, to the fanout exchange
//! `{ns}.feed.posted` and is answered once the broker confirms it. The exchange feeds the durable
//! queue `{ns}.feed.store-writer`, which every instance consumes with a single active consumer:
//! one instance at a time commits messages, in queue order, so ids rise in the order they are
//! published live. A delivery is acknowledged only after its row is committed and published; a
//! redelivery (the writer died in between) finds its row by the idempotency key.
use std::sync::Arc;

use async_trait::async_trait;
use futures::{FutureExt, StreamExt};
use lapin::options::{
    BasicAckOptions, BasicConsumeOptions, BasicQosOptions, QueueBindOptions, QueueDeclareOptions,
};
use lapin::types::{AMQPValue, FieldTable};
use lapin::ExchangeKind;

use super::intake::{retry_delay, write_batch, BATCH};
use super::{Feed, FeedError, FeedIntake, PostedMessage};
use backends::broker::{unavailable, Broker, BrokerConnection, Persistence};
use backends::fanout::{FanOut, FanOutError};

/// Messages the store writer's queue holds before the broker refuses more.
const QUEUE_LIMIT: i64 = 100_000;

pub struct RabbitIntake {
    broker: Arc<Broker>,
    exchange: String,
}

impl RabbitIntake {
    /// Declares the exchange and queue (so a POST is never confirmed into nowhere) and starts
    /// this instance's store-writer consumer.
    pub async fn start(
        broker: Arc<Broker>,
        feed: Feed,
        fanout: Arc<dyn FanOut>,
    ) -> Result<Self, FeedError> {
        let exchange = broker.name("feed.posted");
        let queue = broker.name("feed.store-writer");
        let connection = broker.connected_soon().await?;
        declare(&connection, &exchange, &queue).await?;
        tokio::spawn(consume(
            broker.clone(),
            feed,
            fanout,
            exchange.clone(),
            queue,
        ));
        Ok(RabbitIntake { broker, exchange })
    }
}

async fn declare(
    connection: &BrokerConnection,
    exchange: &str,
    queue: &str,
) -> Result<lapin::Channel, FanOutError> {
    let mut arguments = FieldTable::default();
    arguments.insert("x-single-active-consumer".into(), AMQPValue::Boolean(true));
    // Back-pressure: past this backlog the broker refuses new posts (the POST is answered 503,
    // "try again") instead of the backlog, and the live delay, growing without end.
    arguments.insert("x-max-length".into(), AMQPValue::LongLongInt(QUEUE_LIMIT));
    arguments.insert(
        "x-overflow".into(),
        AMQPValue::LongString("reject-publish".into()),
    );
    let options = QueueDeclareOptions {
        durable: true,
        ..QueueDeclareOptions::default()
    };
    let channel = connection
        .declare(exchange, ExchangeKind::Fanout, queue, options, arguments)
        .await?;
    channel
        .queue_bind(
            queue.into(),
            exchange.into(),
            "".into(),
            QueueBindOptions::default(),
            FieldTable::default(),
        )
        .await
        .map_err(unavailable)?;
    Ok(channel)
}

/// The store writer, over every connection the broker makes.
async fn consume(
    broker: Arc<Broker>,
    feed: Feed,
    fanout: Arc<dyn FanOut>,
    exchange: String,
    queue: String,
) {
    while let Some(connection) = broker.connected().await {
        if let Err(error) = write_on(&connection, &feed, fanout.as_ref(), &exchange, &queue).await {
            tracing::warn!(%error, "the feed's store writer stopped");
        }
        tokio::select! {
            _ = connection.lost.cancelled() => {}
            _ = tokio::time::sleep(std::time::Duration::from_secs(1)) => {}
        }
    }
}

async fn write_on(
    connection: &BrokerConnection,
    feed: &Feed,
    fanout: &dyn FanOut,
    exchange: &str,
    queue: &str,
) -> Result<(), FeedError> {
    let channel = declare(connection, exchange, queue).await?;
    channel
        .basic_qos(BATCH as u16, BasicQosOptions::default())
        .await
        .map_err(unavailable)?;
    let mut deliveries = channel
        .basic_consume(
            queue.into(),
            "store-writer".into(),
            BasicConsumeOptions::default(),
            FieldTable::default(),
        )
        .await
        .map_err(unavailable)?;
    loop {
        let first = tokio::select! {
            _ = connection.lost.cancelled() => return Ok(()),
            first = deliveries.next() => first,
        };
        let Some(first) = first else { return Ok(()) };
        let mut batch = vec![first.map_err(unavailable)?];
        // Whatever else has arrived goes into the same transaction.
        while batch.len() < BATCH {
            match deliveries.next().now_or_never() {
                Some(Some(Ok(delivery))) => batch.push(delivery),
                Some(Some(Err(error))) => return Err(unavailable(error).into()),
                _ => break,
            }
        }
        let messages: Vec<PostedMessage> = batch
            .iter()
            .filter_map(|delivery| match serde_json::from_slice(&delivery.data) {
                Ok(message) => Some(message),
                Err(error) => {
                    // Acknowledged with the batch: a message we cannot read would come back forever.
                    tracing::error!(%error, "a message in the feed's queue is not one of ours: dropped");
                    None
                }
            })
            .collect();
        let mut attempt = 0;
        loop {
            match write_batch(feed, fanout, &messages).await {
                Ok(_) => break,
                // Held, not acknowledged: if this instance dies, another writer gets them.
                Err(error) => {
                    if connection.lost.is_cancelled() || !connection.connection.status().connected()
                    {
                        // Unacknowledged, so the broker gives the batch to the next writer.
                        tracing::info!(%error, "the broker connection is closing: the batch will be redelivered");
                        return Ok(());
                    }
                    tracing::error!(%error, attempt, "the feed's store writer could not write a batch");
                    tokio::time::sleep(retry_delay(attempt)).await;
                    attempt += 1;
                }
            }
        }
        if let Some(last) = batch.last() {
            last.acker
                .ack(BasicAckOptions { multiple: true })
                .await
                .map_err(unavailable)?;
        }
    }
}

#[async_trait]
impl FeedIntake for RabbitIntake {
    fn kind(&self) -> &'static str {
        "rabbitmq"
    }

    async fn accept(&self, message: PostedMessage) -> Result<(), FeedError> {
        let body = serde_json::to_vec(&message)
            .map_err(|error| FeedError::Malformed(error.to_string()))?;
        self.broker
            .publish(&self.exchange, "", &[body], Persistence::Persistent)
            .await?;
        Ok(())
    }

    async fn close(&self) {
        self.broker.close().await;
    }
}

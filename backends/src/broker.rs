//! The connection to RabbitMQ (`AMQP_URL`), shared by the broker's fan-out and the feed's intake.
//!
//! One supervisor task holds the connection: when it is lost (the broker restarted, the network
//! failed) it reconnects with back-off and hands the new connection to whoever waits for one.
//! Each consumer runs a loop of its own over connections (see [`Broker::connected`]), declaring
//! what it needs on each, since a restarted broker has forgotten exclusive queues and bindings.
//! Publishing always uses publisher confirms: a publish returns once the broker has the message
//! (for a persistent message to a durable queue, once it is on disk).
use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use lapin::options::{
    BasicPublishOptions, ConfirmSelectOptions, ExchangeDeclareOptions, QueueDeclareOptions,
};
use lapin::types::FieldTable;
use lapin::{BasicProperties, Confirmation, Connection, ConnectionProperties, ExchangeKind};
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

use crate::fanout::FanOutError;

/// How long a publish or subscribe waits for a connection before it gives up.
const WAIT_FOR_CONNECTION: Duration = Duration::from_secs(5);

/// One connection to the broker, until it is lost.
pub struct BrokerConnection {
    pub connection: Connection,
    /// A channel in confirm mode, for publishing.
    publisher: lapin::Channel,
    /// Cancelled when the connection is lost.
    pub lost: CancellationToken,
}

impl BrokerConnection {
    /// A new channel on this connection, for a consumer or for declarations.
    pub async fn channel(&self) -> Result<lapin::Channel, FanOutError> {
        self.connection.create_channel().await.map_err(unavailable)
    }

    /// A new channel, with the durable exchange `exchange` of `kind` and the queue `queue`
    /// declared on it (both are idempotent: every instance declares them on each connection).
    pub async fn declare(
        &self,
        exchange: &str,
        kind: ExchangeKind,
        queue: &str,
        queue_options: QueueDeclareOptions,
        queue_arguments: FieldTable,
    ) -> Result<lapin::Channel, FanOutError> {
        let channel = self.channel().await?;
        channel
            .exchange_declare(
                exchange.into(),
                kind,
                ExchangeDeclareOptions {
                    durable: true,
                    ..ExchangeDeclareOptions::default()
                },
                FieldTable::default(),
            )
            .await
            .map_err(unavailable)?;
        channel
            .queue_declare(queue.into(), queue_options, queue_arguments)
            .await
            .map_err(unavailable)?;
        Ok(channel)
    }
}

pub fn unavailable(error: impl std::fmt::Display) -> FanOutError {
    FanOutError::Unavailable(error.to_string())
}

/// What a message is to the broker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Persistence {
    /// Written to disk in a durable queue: survives a broker restart.
    Persistent,
    /// Kept in memory only (live events, useless after a restart).
    Transient,
}

pub struct Broker {
    /// Prefixes every exchange and queue name, so deployments (and tests) can share a broker.
    namespace: String,
    instance: Uuid,
    current: watch::Receiver<Option<Arc<BrokerConnection>>>,
    stop: CancellationToken,
}

impl Broker {
    /// Connects to `url`; fails at once if the broker cannot be reached now (a wrong
    /// configuration should stop start-up), then keeps the connection up.
    pub async fn connect(url: &str, namespace: &str) -> Result<Arc<Self>, FanOutError> {
        let first = open(url).await?;
        let (sender, current) = watch::channel(Some(first.clone()));
        let stop = CancellationToken::new();
        tokio::spawn(supervise(url.to_owned(), first, sender, stop.clone()));
        Ok(Arc::new(Broker {
            namespace: namespace.to_owned(),
            instance: Uuid::new_v4(),
            current,
            stop,
        }))
    }

    /// This app instance's id (its live queue is named after it).
    pub fn instance(&self) -> Uuid {
        self.instance
    }

    /// `{namespace}.{name}`: the name of an exchange or queue of this deployment.
    pub fn name(&self, name: &str) -> String {
        format!("{}.{name}", self.namespace)
    }

    /// The connection, waiting for one while the broker is away. `None` once the broker has been
    /// closed.
    pub async fn connected(&self) -> Option<Arc<BrokerConnection>> {
        let mut current = self.current.clone();
        tokio::select! {
            _ = self.stop.cancelled() => None,
            found = current.wait_for(Option::is_some) => found.ok().and_then(|c| c.clone()),
        }
    }

    /// As [`connected`](Self::connected), but gives up after a few seconds.
    pub async fn connected_soon(&self) -> Result<Arc<BrokerConnection>, FanOutError> {
        match tokio::time::timeout(WAIT_FOR_CONNECTION, self.connected()).await {
            Ok(Some(connection)) => Ok(connection),
            Ok(None) => Err(unavailable("the broker connection is closed")),
            Err(_) => Err(unavailable("no connection to the message broker")),
        }
    }

    /// Whether the connection is up now.
    pub fn is_connected(&self) -> bool {
        self.current
            .borrow()
            .as_ref()
            .is_some_and(|c| !c.lost.is_cancelled())
    }

    /// Publishes `bodies` in order to `exchange` with `routing_key`, then waits for the broker to
    /// confirm them all. With `mandatory`, a message no queue takes is an error.
    pub async fn publish(
        &self,
        exchange: &str,
        routing_key: &str,
        bodies: &[Vec<u8>],
        persistence: Persistence,
    ) -> Result<(), FanOutError> {
        let connection = self.connected_soon().await?;
        let properties = BasicProperties::default()
            .with_content_type("application/json".into())
            .with_delivery_mode(match persistence {
                Persistence::Persistent => 2,
                Persistence::Transient => 1,
            });
        let options = BasicPublishOptions {
            // A persistent message that reaches no queue would be lost: the broker returns it.
            mandatory: persistence == Persistence::Persistent,
            ..BasicPublishOptions::default()
        };
        let mut confirms = Vec::with_capacity(bodies.len());
        for body in bodies {
            let confirm = connection
                .publisher
                .basic_publish(
                    exchange.into(),
                    routing_key.into(),
                    options,
                    body,
                    properties.clone(),
                )
                .await
                .map_err(unavailable)?;
            confirms.push(confirm);
        }
        for confirm in futures::future::join_all(confirms).await {
            match confirm.map_err(unavailable)? {
                Confirmation::Ack(None) => {}
                Confirmation::Ack(Some(_)) => {
                    return Err(unavailable("the broker had no queue for the message"))
                }
                Confirmation::Nack(_) => return Err(unavailable("the broker refused the message")),
                Confirmation::NotRequested => {
                    return Err(unavailable("the publishing channel is not confirming"))
                }
            }
        }
        Ok(())
    }

    /// Closes the connection and stops reconnecting.
    pub async fn close(&self) {
        self.stop.cancel();
        let connection = self.current.borrow().clone();
        if let Some(connection) = connection {
            let _ = connection
                .connection
                .close(200, "the app instance is stopping".into())
                .await;
        }
    }
}

async fn open(url: &str) -> Result<Arc<BrokerConnection>, FanOutError> {
    let connection = Connection::connect(
        url,
        ConnectionProperties::default().with_connection_name("lpa-app".into()),
    )
    .await
    .map_err(unavailable)?;
    let publisher = connection.create_channel().await.map_err(unavailable)?;
    publisher
        .confirm_select(ConfirmSelectOptions::default())
        .await
        .map_err(unavailable)?;
    let lost = CancellationToken::new();
    let mut events = connection.events_listener();
    let watch_lost = lost.clone();
    tokio::spawn(async move {
        while let Some(event) = events.next().await {
            if let lapin::Event::Error(error) = event {
                tracing::warn!(%error, "the connection to the message broker was lost");
                break;
            }
        }
        watch_lost.cancel();
    });
    Ok(Arc::new(BrokerConnection {
        connection,
        publisher,
        lost,
    }))
}

async fn supervise(
    url: String,
    mut connection: Arc<BrokerConnection>,
    current: watch::Sender<Option<Arc<BrokerConnection>>>,
    stop: CancellationToken,
) {
    loop {
        tokio::select! {
            _ = stop.cancelled() => return,
            _ = connection.lost.cancelled() => {}
        }
        current.send_replace(None);
        let mut attempt = 0u32;
        connection = loop {
            let delay = Duration::from_millis(100u64 << attempt.min(5));
            tokio::select! {
                _ = stop.cancelled() => return,
                _ = tokio::time::sleep(delay) => {}
            }
            match open(&url).await {
                Ok(connection) => break connection,
                Err(error) => {
                    attempt += 1;
                    tracing::debug!(%error, attempt, "reconnecting to the message broker");
                }
            }
        };
        tracing::info!("reconnected to the message broker");
        current.send_replace(Some(connection.clone()));
    }
}

//! Accepting posted messages, and the store writer that commits them and only then publishes
//! them live.
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use tokio::sync::{mpsc, oneshot};

use super::{topic, Feed, FeedError, PostedMessage, StoredMessage};
use backends::fanout::FanOut;

/// The most messages the store writer commits in one transaction.
pub(super) const BATCH: usize = 500;

#[async_trait]
pub trait FeedIntake: Send + Sync + 'static {
    /// `in-process` or `rabbitmq`, for health reports.
    fn kind(&self) -> &'static str;

    /// Accepts a message. Returns once it cannot be lost: committed (embedded), or confirmed
    /// by the broker, whose durable queue the store writer empties. An error means it was not
    /// accepted.
    async fn accept(&self, message: PostedMessage) -> Result<(), FeedError>;

    /// Stops taking messages and lets the store writer finish.
    async fn close(&self) {}
}

/// Commits a batch, then publishes each stored row live, in id order. A batch that was committed
/// before (a redelivery) is published again with its old ids; subscribers skip ids they have.
pub(super) async fn write_batch(
    feed: &Feed,
    fanout: &dyn FanOut,
    batch: &[PostedMessage],
) -> Result<Vec<StoredMessage>, FeedError> {
    let stored = feed.store_batch(batch).await?;
    let payloads = stored.iter().map(StoredMessage::to_live).collect();
    fanout.publish_all(&topic(), payloads).await?;
    Ok(stored)
}

/// How long the writer waits before trying again after the database refused a batch.
pub(super) fn retry_delay(attempt: u32) -> Duration {
    Duration::from_millis(100u64 << attempt.min(6))
}

type Accepting = (PostedMessage, oneshot::Sender<Result<(), String>>);

/// The embedded intake: one store-writer task in this process, fed by a bounded channel. A POST
/// waits for its batch to be committed and published, so it is answered only once it is stored.
pub struct InProcessIntake {
    sender: mpsc::Sender<Accepting>,
}

impl InProcessIntake {
    /// Starts the store writer. It stops when the intake is dropped.
    pub fn start(feed: Feed, fanout: Arc<dyn FanOut>) -> Self {
        let (sender, receiver) = mpsc::channel(BATCH * 8);
        tokio::spawn(run_writer(feed, fanout, receiver));
        InProcessIntake { sender }
    }
}

async fn run_writer(feed: Feed, fanout: Arc<dyn FanOut>, mut receiver: mpsc::Receiver<Accepting>) {
    let mut waiting = Vec::with_capacity(BATCH);
    // Everything already queued goes into one transaction: one commit for a burst of posts.
    while receiver.recv_many(&mut waiting, BATCH).await > 0 {
        let (batch, replies): (Vec<_>, Vec<_>) = waiting.drain(..).unzip();
        let outcome = write_batch(&feed, fanout.as_ref(), &batch)
            .await
            .map(|_| ())
            .map_err(|error| {
                tracing::error!(%error, messages = batch.len(), "the feed's store writer failed a batch");
                error.to_string()
            });
        for reply in replies {
            let _ = reply.send(outcome.clone());
        }
    }
}

#[async_trait]
impl FeedIntake for InProcessIntake {
    fn kind(&self) -> &'static str {
        "in-process"
    }

    async fn accept(&self, message: PostedMessage) -> Result<(), FeedError> {
        let (reply, outcome) = oneshot::channel();
        self.sender
            .send((message, reply))
            .await
            .map_err(|_| FeedError::Unavailable("the store writer has stopped".to_owned()))?;
        match outcome.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(error)) => Err(FeedError::Unavailable(error)),
            Err(_) => Err(FeedError::Unavailable(
                "the store writer has stopped".to_owned(),
            )),
        }
    }
}

//! The system message, a small service of its own: a notice an admin sets (planned maintenance,
//! known problems) that every page shows at the top of its content. Stored in the table
//! `system_message` (at most one row) through [`SystemMessages`]; every page reads it through
//! [`SystemMessageService`], which keeps it in memory until a change is announced on the fan-out.
use leptos::prelude::*;

use crate::error::AppError;
use crate::govuk::NotificationBanner;

/// The most a message may hold, as the real admin allows (reference §9).
pub const MAX_MESSAGE: usize = 8000;

/// The current system message, if an admin has set one.
#[server(prefix = "/_fn", endpoint = "system-message")]
pub async fn get_system_message() -> Result<Option<String>, AppError> {
    // Provided by the server beside the other services (`app::services::Services` holds it).
    use_context::<SystemMessageService>()
        .ok_or_else(|| AppError::internal("the system message service missing from context"))?
        .current()
        .await
        .map_err(AppError::internal)
}

#[component]
pub fn SystemMessageBanner() -> impl IntoView {
    let message = Resource::new_blocking(|| (), |_| get_system_message());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                // A failure to read the message must not take the page down with it.
                message
                    .await
                    .ok()
                    .flatten()
                    .map(|text| view! {
                        // Its own title id: a page may show a banner of its own too.
                        <NotificationBanner
                            title_id=Some("system-message-title".into())
                            content=Some(text.into())
                        />
                    })
            })}
        </Suspense>
    }
}

#[cfg(feature = "ssr")]
pub use repository::{SystemMessage, SystemMessages};
#[cfg(feature = "ssr")]
pub use service::SystemMessageService;

#[cfg(feature = "ssr")]
mod repository {
    use backends::clock::SharedClock;
    use backends::on_pool;
    use backends::store::{StoreError, StorePool};
    use chrono::{DateTime, Utc};

    /// The notice shown at the top of every page while it is set.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct SystemMessage {
        pub text: String,
        pub updated_at: DateTime<Utc>,
    }

    /// The system message's table. Cheap to clone.
    #[derive(Clone)]
    pub struct SystemMessages {
        pool: StorePool,
        clock: SharedClock,
    }

    impl SystemMessages {
        pub fn new(store: &dyn backends::store::Store, clock: SharedClock) -> Self {
            SystemMessages {
                pool: store.pool(),
                clock,
            }
        }

        /// The repository over the app's store and clock.
        pub fn of(backends: &backends::Backends) -> Self {
            SystemMessages::new(backends.store.as_ref(), backends.clock.clone())
        }

        pub async fn get(&self) -> Result<Option<SystemMessage>, StoreError> {
            let row: Option<(String, DateTime<Utc>)> = on_pool!(&self.pool, pool => {
                sqlx::query_as("SELECT text, updated_at FROM system_message WHERE id = 1")
                    .fetch_optional(pool)
                    .await?
            });
            Ok(row.map(|(text, updated_at)| SystemMessage { text, updated_at }))
        }

        /// Sets the one message, or clears it with `None`. The table refuses an empty or
        /// overlong text ([`MAX_MESSAGE`](super::MAX_MESSAGE) characters at most).
        pub async fn set(&self, text: Option<&str>) -> Result<(), StoreError> {
            let now = self.clock.now();
            on_pool!(&self.pool, pool => {
                match text {
                    Some(text) => sqlx::query(
                        "INSERT INTO system_message (id, text, updated_at) VALUES (1, $1, $2) \
                         ON CONFLICT (id) DO UPDATE SET text = excluded.text, \
                         updated_at = excluded.updated_at",
                    )
                    .bind(text)
                    .bind(now)
                    .execute(pool)
                    .await?,
                    None => sqlx::query("DELETE FROM system_message WHERE id = 1")
                        .execute(pool)
                        .await?,
                };
            });
            Ok(())
        }
    }
}

#[cfg(feature = "ssr")]
mod service {
    use std::sync::{Arc, Mutex, MutexGuard};
    use std::time::{Duration, Instant};

    use backends::fanout::{Delivery, FanOut, Topic};
    use backends::store::StoreError;
    use futures::StreamExt;

    use super::SystemMessages;

    /// The fan-out topic on which a change of the message is announced to every instance.
    const TOPIC: &str = "system-message";
    /// A kept message is read again after this long even if no change was announced: the bound
    /// on how long an instance shows an old message when an announcement is lost (published while
    /// the broker was unreachable).
    const MAX_AGE: Duration = Duration::from_secs(60);
    /// How long to wait before subscribing again after the subscription ended or failed, doubling
    /// up to `RESUBSCRIBE_MAX`.
    const RESUBSCRIBE_FIRST: Duration = Duration::from_millis(100);
    const RESUBSCRIBE_MAX: Duration = Duration::from_secs(5);

    /// Every page shows the system message, so this instance keeps it in memory instead of
    /// reading the table on every render. It keeps it only while it is subscribed to the
    /// announcements of changes (`system-message` on the fan-out, which reaches every instance):
    /// an announcement, or the subscription ending, forgets it, and the next page reads the table.
    /// Cheap to clone.
    #[derive(Clone)]
    pub struct SystemMessageService {
        messages: SystemMessages,
        fanout: Arc<dyn FanOut>,
        topic: Topic,
        kept: Arc<Mutex<Kept>>,
        listener: Arc<tokio::task::JoinHandle<()>>,
    }

    #[derive(Default)]
    struct Kept {
        /// Subscribed to the announcements now: only then may a message be kept.
        listening: bool,
        /// Moves on at every announcement and every change of `listening`, so a read of the table
        /// that began before one does not keep what it read.
        generation: u64,
        message: Option<(Option<String>, Instant)>,
    }

    impl Kept {
        fn forget(&mut self) {
            self.generation += 1;
            self.message = None;
        }
    }

    impl SystemMessageService {
        /// Starts listening for announcements (on the fan-out of `backends`).
        pub fn start(backends: &backends::Backends) -> Self {
            let topic = Topic::new(TOPIC).expect("a valid topic name");
            let kept = Arc::new(Mutex::new(Kept::default()));
            let listener =
                tokio::spawn(listen(backends.fanout.clone(), topic.clone(), kept.clone()));
            SystemMessageService {
                messages: SystemMessages::of(backends),
                fanout: backends.fanout.clone(),
                topic,
                kept,
                listener: Arc::new(listener),
            }
        }

        /// The message every page shows now, if one is set.
        pub async fn current(&self) -> Result<Option<String>, StoreError> {
            let generation = {
                let kept = self.kept();
                if let Some((message, read_at)) = &kept.message {
                    if read_at.elapsed() < MAX_AGE {
                        return Ok(message.clone());
                    }
                }
                kept.generation
            };
            let message = self.messages.get().await?.map(|message| message.text);
            let mut kept = self.kept();
            if kept.listening && kept.generation == generation {
                kept.message = Some((message.clone(), Instant::now()));
            }
            Ok(message)
        }

        /// Sets the message (or clears it with `None`) and announces the change to every
        /// instance. The table refuses an empty or overlong text.
        pub async fn set(&self, text: Option<&str>) -> Result<(), StoreError> {
            self.messages.set(text).await?;
            self.kept().forget();
            if let Err(error) = self
                .fanout
                .publish(&self.topic, serde_json::Value::Null)
                .await
            {
                // Stored; the other instances read it again within MAX_AGE.
                tracing::warn!(%error, "could not announce the new system message");
            }
            Ok(())
        }

        /// Whether this instance hears about changes now, and so keeps the message in memory.
        pub fn is_listening(&self) -> bool {
            self.kept().listening
        }

        /// Stops listening (at shutdown).
        pub fn close(&self) {
            self.listener.abort();
        }

        fn kept(&self) -> MutexGuard<'_, Kept> {
            lock(&self.kept)
        }
    }

    fn lock(kept: &Mutex<Kept>) -> MutexGuard<'_, Kept> {
        // Nothing panics while holding the lock; a poisoned one still holds valid state.
        kept.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Forgets the kept message at every announcement; subscribes again when the subscription
    /// ends (the broker connection lost, or this instance fell behind).
    async fn listen(fanout: Arc<dyn FanOut>, topic: Topic, kept: Arc<Mutex<Kept>>) {
        let set_listening = |listening: bool| {
            let mut kept = lock(&kept);
            kept.listening = listening;
            kept.forget();
        };
        let mut wait = RESUBSCRIBE_FIRST;
        loop {
            match fanout.subscribe(&topic).await {
                Ok(mut subscription) => {
                    wait = RESUBSCRIBE_FIRST;
                    set_listening(true);
                    while let Some(delivery) = subscription.next().await {
                        match delivery {
                            Delivery::Event(_) => lock(&kept).forget(),
                            Delivery::Lagged { .. } => break,
                        }
                    }
                    set_listening(false);
                }
                Err(error) => {
                    tracing::warn!(%error, "could not subscribe to system message changes")
                }
            }
            tokio::time::sleep(wait).await;
            wait = (wait * 2).min(RESUBSCRIBE_MAX);
        }
    }
}

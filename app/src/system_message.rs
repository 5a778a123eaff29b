//! The system message, a small service of its own: a notice an admin sets (planned maintenance,
//! known problems) that every page shows at the top of its content. Stored in the table
//! `system_message` (at most one row) through [`SystemMessages`].
use leptos::prelude::*;

use crate::error::AppError;
use crate::govuk::NotificationBanner;

/// The current system message, if an admin has set one.
#[server(prefix = "/_fn", endpoint = "system-message")]
pub async fn get_system_message() -> Result<Option<String>, AppError> {
    let backends = crate::ssr::backends()?;
    let message = SystemMessages::of(&backends)
        .get()
        .await
        .map_err(AppError::internal)?;
    Ok(message.map(|m| m.text))
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
                    .map(|text| view! { <NotificationBanner content=Some(text.into())/> })
            })}
        </Suspense>
    }
}

#[cfg(feature = "ssr")]
pub use repository::{SystemMessage, SystemMessages};

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
        /// overlong text (1,000 characters at most).
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

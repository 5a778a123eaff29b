//! Backends: one trait per concern, two implementations each (embedded default and production),
//! picked once at start-up from configuration. The rest of the code sees only the traits.

// First, so the modules below can use its macros.
#[macro_use]
mod macros;

pub mod accounts;
pub mod broker;
pub mod clock;
pub mod fanout;
pub mod feed;
pub mod jobs;
pub mod mail;
pub mod objects;
pub mod sessions;
pub mod store;
#[cfg(feature = "testing")]
pub mod testing;

use std::sync::Arc;

/// Every backend the app uses, as shared trait objects. Cheap to clone; provided to pages and
/// server functions as context and held by the server's state.
#[derive(Clone)]
pub struct Backends {
    pub store: Arc<dyn store::Store>,
    pub accounts: accounts::Accounts,
    pub objects: Arc<dyn objects::ObjectStore>,
    pub sessions: sessions::Sessions,
    pub fanout: Arc<dyn fanout::FanOut>,
    /// The message feed's table.
    pub feed: feed::Feed,
    /// Takes posted feed messages: in-process, or through the broker.
    pub feed_intake: Arc<dyn feed::FeedIntake>,
    /// The API tokens that may post to the feed.
    pub feed_tokens: feed::FeedTokens,
    pub jobs: jobs::JobQueue,
    pub mail: Arc<dyn mail::Mailer>,
    /// The time every backend and rule reads.
    pub clock: clock::SharedClock,
}

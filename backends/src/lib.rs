//! Backends: one trait per concern, two implementations each (embedded default and production),
//! picked once at start-up from configuration. The rest of the code sees only the traits.

// First, so the modules below can use its macros.
#[macro_use]
mod macros;

pub mod addresses;
pub mod antivirus;
pub mod broker;
pub mod clock;
pub mod fanout;
pub mod jobs;
pub mod mail;
pub mod objects;
pub mod payments;
pub mod sessions;
pub mod sirius;
pub mod store;
#[cfg(feature = "testing")]
pub mod testing;

use std::sync::Arc;

/// Every backend the app uses, as shared trait objects. Cheap to clone; provided to pages and
/// server functions as context and held by the server's state.
#[derive(Clone)]
pub struct Backends {
    pub store: Arc<dyn store::Store>,
    pub objects: Arc<dyn objects::ObjectStore>,
    pub sessions: sessions::Sessions,
    pub fanout: Arc<dyn fanout::FanOut>,
    /// RabbitMQ, when configured: services declare their own queues on it.
    pub broker: Option<Arc<broker::Broker>>,
    pub jobs: jobs::JobQueue,
    pub mail: Arc<dyn mail::Mailer>,
    /// GOV.UK Pay (or our fake of it, by URL).
    pub payments: Arc<dyn payments::PaymentProvider>,
    /// Ordnance Survey Places (or our fake of it, by URL): addresses by postcode.
    pub addresses: Arc<dyn addresses::AddressLookup>,
    /// The Sirius gateway (or our fake of it, by URL): where a completed LPA has got to.
    pub sirius: Arc<dyn sirius::StatusGateway>,
    /// clamd, or (unconfigured) the embedded scanner that finds only the EICAR test string.
    pub antivirus: Arc<dyn antivirus::Antivirus>,
    /// The time every backend and rule reads.
    pub clock: clock::SharedClock,
}

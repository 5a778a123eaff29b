//! The services' running parts, started once with the app and handed to pages, forms, server
//! functions and the server's handlers. Only services with something running live here (the feed's
//! intake, the system message kept in memory, the accounts' allowances), and what the app was
//! started with that pages and forms need (the data store's configured sources); the others are
//! repositories over the backends, made where they are used (`account::server::Accounts::of(&backends)`).
use std::sync::Arc;

use leptos::prelude::use_context;

use crate::allowance::Allowances;
use crate::error::AppError;
use crate::feed::server::FeedService;
use crate::system_message::SystemMessageService;

#[derive(Clone)]
pub struct Services {
    pub feed: FeedService,
    pub system_message: SystemMessageService,
    /// Each account's allowance of calls to outside services.
    pub allowances: Arc<Allowances>,
    /// The data store's external sources, as configured (their page lets staff pull them).
    pub datastore_sources: Arc<crate::datastore::sources::Sources>,
}

impl Services {
    pub async fn start(
        backends: &backends::Backends,
        datastore_sources: crate::datastore::sources::Sources,
    ) -> Result<Self, AppError> {
        let allowances = Arc::new(Allowances::default());
        let kept = Arc::downgrade(&allowances);
        tokio::spawn(async move {
            let mut every_minute = tokio::time::interval(std::time::Duration::from_secs(60));
            loop {
                every_minute.tick().await;
                let Some(allowances) = kept.upgrade() else {
                    return;
                };
                allowances.forget_refilled();
            }
        });
        Ok(Services {
            feed: FeedService::start(backends).await?,
            system_message: SystemMessageService::start(backends),
            allowances,
            datastore_sources: Arc::new(datastore_sources),
        })
    }

    /// Stops what the services run (the feed's store writer finishes what it has taken).
    pub async fn close(&self) {
        self.system_message.close();
        self.feed.intake.close().await;
    }
}

/// The services, provided as context to every render and server function by the server.
pub fn current() -> Result<Services, AppError> {
    use_context::<Services>().ok_or_else(|| AppError::internal("services missing from context"))
}

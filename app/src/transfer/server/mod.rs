//! The transfer service's server half: its repository over the shared pool (bodies and series,
//! consignments and their statuses, files and what the checks found), the checks' jobs, the
//! export, the service clients' tokens, and the GraphQL API over the same repository.
mod bodies;
pub mod checks;
pub mod chunks;
mod consignments;
pub mod export;
mod file_pages;
mod files;
pub mod graphql;
mod metadata;
mod reports;
mod tokens;

use backends::clock::SharedClock;
use backends::jobs::{JobQueue, QueueError};
use backends::store::{StoreError, StorePool, StoreTransaction};

use crate::transfer::ids::ConsignmentId;
use crate::transfer::status::ConsignmentType;

pub use bodies::{Body, Series};
pub use checks::{AntivirusReport, FfidReport, FfidReportMatch};
pub use consignments::{
    Caller, Consignment, ConsignmentFilter, ConsignmentListing, ConsignmentOrder, ConsignmentPage,
    ConsignmentStatusRecord, StatusChange,
};
pub use file_pages::{FileFilter, FilePage, FilePageRequest};
pub use files::{
    quarantine_key, upload_key, upload_prefix, AntivirusRecord, FfidMatchRecord, FfidRecord,
    FileEntry, NewFile, TransferFile,
};
pub use metadata::{
    FileMetadataRow, CONSIGNMENT_PROPERTIES, DESCRIPTIVE_FILE_PROPERTIES,
    JOURNEY_CONSIGNMENT_PROPERTIES, MAX_METADATA_ROWS, MAX_METADATA_VALUE, MAX_PROPERTY_NAME,
    PROTECTED_FILE_PROPERTIES,
};
pub use reports::{FailureFilter, FileCheckFailure, ReviewDetails, ReviewStatus};
pub use tokens::{ClientName, ServiceTokens};

/// The service layer's one error type.
#[derive(Debug, thiserror::Error)]
pub enum TransferError {
    /// No such consignment, file, body or series — or one the caller may not see, which reads the
    /// same so as not to tell one from the other.
    #[error("not found")]
    NotFound,
    /// The request is well formed but the consignment cannot take it now; the message says why,
    /// in TDR's words where it has them.
    #[error("{0}")]
    Refused(String),
    /// The caller may see the consignment but not do this to it (a person setting what only the
    /// service's checks set, or the reverse); the message says why.
    #[error("{0}")]
    Forbidden(String),
    /// The input cannot be taken whatever the consignment's state (an unknown metadata property,
    /// a folder where a file is needed); the message says why, in TDR's words where it has them.
    #[error("{0}")]
    InvalidInput(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The checks' jobs could not be queued.
    #[error(transparent)]
    Queue(#[from] QueueError),
}

impl From<sqlx::Error> for TransferError {
    fn from(error: sqlx::Error) -> Self {
        TransferError::Store(StoreError::Database(error))
    }
}

/// A value the store holds that the code cannot read: a constraint the schema should have kept.
fn undecodable(error: impl std::error::Error + Send + Sync + 'static) -> TransferError {
    TransferError::Store(StoreError::Database(sqlx::Error::Decode(Box::new(error))))
}

/// The transfer service's repository. Cheap to clone.
#[derive(Clone)]
pub struct Transfers {
    pool: StorePool,
    clock: SharedClock,
    jobs: JobQueue,
}

impl Transfers {
    pub fn of(backends: &backends::Backends) -> Self {
        Transfers {
            pool: backends.store.pool(),
            clock: backends.clock.clone(),
            jobs: backends.jobs.clone(),
        }
    }
}

/// Failures the pages do not handle themselves: a missing consignment is the 404 page, the rest
/// are logged and shown as the problem page.
impl From<TransferError> for crate::error::AppError {
    fn from(error: TransferError) -> Self {
        match error {
            TransferError::NotFound => crate::error::AppError::NotFound,
            TransferError::Forbidden(_) => crate::error::AppError::Forbidden,
            other => crate::error::AppError::internal(other),
        }
    }
}

/// Serialises writes that must see each other per consignment on PostgreSQL: the checks'
/// findings (so the last file's completes the status), the files added. (SQLite's one writer
/// does that already.)
async fn lock_consignment(
    tx: &mut StoreTransaction,
    consignment: &ConsignmentId,
) -> Result<(), TransferError> {
    locked_consignment_type(tx, consignment).await.map(|_| ())
}

/// [`lock_consignment`], reading the consignment's type on the way (what a check's finding needs
/// of it), so the caller need not read the consignment as well.
async fn locked_consignment_type(
    tx: &mut StoreTransaction,
    consignment: &ConsignmentId,
) -> Result<ConsignmentType, TransferError> {
    let found: Option<String> = match tx {
        StoreTransaction::Postgres(tx) => {
            sqlx::query_scalar("SELECT consignment_type FROM consignments WHERE id = $1 FOR UPDATE")
                .bind(consignment.as_str())
                .fetch_optional(&mut **tx)
                .await?
        }
        StoreTransaction::Sqlite(tx) => {
            sqlx::query_scalar("SELECT consignment_type FROM consignments WHERE id = $1")
                .bind(consignment.as_str())
                .fetch_optional(&mut **tx)
                .await?
        }
    };
    found
        .ok_or(TransferError::NotFound)?
        .parse()
        .map_err(undecodable)
}

//! The data store's server half: the datasets and versions repositories, the loader, the loads
//! themselves and their jobs; the API's HAWK clients and nonces; the pulls of external sources
//! and their record.
pub mod datasets;
pub mod hawk;
pub mod jobs;
pub mod processing;
pub mod pull;
mod pulls;
pub mod reader;
pub mod tables;
pub mod versions;

pub use pulls::{FetchedFile, Pull, PullOutcome, PullRecord, PullTimes, SourcePulls};

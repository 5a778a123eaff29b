//! The data store's server half: the datasets and versions repositories, the loader, the loads
//! themselves and their jobs; the API's HAWK clients and nonces.
pub mod datasets;
pub mod hawk;
pub mod jobs;
pub mod processing;
pub mod tables;
pub mod versions;

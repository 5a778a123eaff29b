//! The data store's server half.
pub mod catalogue;
pub mod hawk;

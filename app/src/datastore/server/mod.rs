//! The data store's server half.

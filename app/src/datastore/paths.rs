//! Every URL the data store's pages answer.

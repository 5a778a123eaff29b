//! Integration tests: the real router, over HTTP, on SQLite and on PostgreSQL. One test binary, so
//! it links once.
mod support;

mod accounts;
mod addresses;
mod admin;
mod admin_users;
mod checkout;
mod cli;
mod datastore_api;
mod datastore_hawk;
mod datastore_loading;
mod datastore_sources;
mod datastore_upload;
mod feed;
mod feed_pages;
mod forms;
mod jobs;
mod lpa;
mod objects;
mod operations;
mod pages;
mod paper_forms;
mod performance;
mod production;
mod sessions;
mod store;
mod structure;
mod tracking;
mod transfer;
mod transfer_graphql;
mod transfer_js;

//! Integration tests: the real router, over HTTP, on SQLite and on PostgreSQL. One test binary, so
//! it links once.
mod support;

mod accounts;
mod cli;
mod forms;
mod jobs;
mod objects;
mod operations;
mod pages;
mod production;
mod sessions;
mod store;

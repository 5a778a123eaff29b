//! The job queue's integration tests, each on SQLite and on PostgreSQL (one database per test).
mod counters;
mod leases;
mod processes;
mod queue;
mod scheduler;
mod support;
mod worker;

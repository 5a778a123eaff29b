//! The axum binary: configuration, state, backends wiring, HTTP interfaces, job workers, CLI.

pub mod app;
pub mod cli;
pub mod config;
pub mod error;
pub mod http;
pub mod jobs;
pub mod state;
pub mod telemetry;

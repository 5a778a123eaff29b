//! The axum binary: configuration, state, backends wiring, HTTP interfaces, CLI.

pub mod app;
pub mod cli;
pub mod config;
pub mod error;
pub mod http;
pub mod state;
pub mod telemetry;

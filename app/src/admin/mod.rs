//! The admin service (reference §9): staff with the `admin` role use the same app. Its URLs, the
//! audit log's actions, and behind `ssr` its server half: the audit log's repository.
pub mod audit;
pub mod paths;
#[cfg(feature = "ssr")]
pub mod server;

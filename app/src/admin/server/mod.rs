//! The admin service's server half: the audit log, and what an admin does to accounts.
mod audit;
pub mod users;

pub use audit::{AuditEntry, AuditFilter, AuditLog};

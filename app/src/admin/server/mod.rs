//! The admin service's server half: the audit log.
mod audit;

pub use audit::{AuditEntry, AuditFilter, AuditLog};

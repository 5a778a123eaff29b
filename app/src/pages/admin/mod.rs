//! `/admin/...`: pages for staff with the admin role. Each is wrapped in `Protected` for
//! `Audience::Admins`, and each server function behind them checks the role itself.
pub mod outbox;

/// Every admin page, for the test that a citizen is refused each one.
pub const ADMIN_PAGES: &[crate::paths::Path] = &[crate::account::paths::ADMIN_OUTBOX];

//! `/user/...`: the pages of the account signed in.
pub mod dashboard;

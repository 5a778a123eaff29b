//! `/user/...`: the pages of the account signed in.
pub mod about_you;
pub mod account;
pub mod change_email_address;
pub mod change_password;
pub mod dashboard;
pub mod delete;

//! Accounts: the rules for email addresses and passwords, shared by the server and the browser.
pub mod rules;

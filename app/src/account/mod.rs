//! Accounts: the rules for email addresses and passwords, shared by the server and the browser.
#[cfg(feature = "ssr")]
pub mod deletion;
#[cfg(feature = "ssr")]
pub mod emails;
pub mod fields;
pub mod paths;
#[cfg(feature = "ssr")]
pub mod requests;
pub mod rules;

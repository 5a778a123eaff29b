//! The accounts service (reference section 1): its URLs, the rules for email addresses and
//! passwords (shared by the server and the browser), the fields its pages share, and behind `ssr`
//! its server half: the account repository, the emails, the use cases and the jobs.
pub mod details;
pub mod fields;
pub mod paths;
pub mod rules;
#[cfg(feature = "ssr")]
pub mod server;

//! Make a lasting power of attorney (reference §2–§4): the LPA service's core, compiled into the
//! server and the browser alike.
//!
//! - [`model`]: the LPA as types that cannot hold what the real service's validators refuse
//!   (names, addresses, dates of birth, attorneys, decisions, instructions), and the document's own
//!   rules (at most five people to notify, one trust corporation, the clean-ups when attorneys or
//!   decisions change).
//! - [`rules`]: a person form's fields into model values, with GOV.UK messages.
//! - [`flow`]: the steps in one typed table, and the flow checker: which step may be seen, where to
//!   go instead, where to resume, what comes next.
//! - [`warnings`]: what we ask people to confirm before saving (the same name in two roles, an age
//!   under 18 or of 100 or more), checked on the server with and without JavaScript.
//! - [`correspondent`], [`payment`], [`who_are_you`]: who receives the registered LPA, the fee
//!   (one pure function) and what is recorded about paying, and the anonymous survey answer.
//! - [`dashboard`]: the dashboard's search, pages and pager.
//! - [`events`]: the journey's events for the monthly figures, each recorded once per LPA.
//! - [`date_check`]: the legal order of signatures, for the signing-date check.
//! - [`tracking`]: where a completed LPA has got to at OPG, as Sirius last said.
//! - [`addresses`]: the address finder: OS addresses as the LPA's lines, and its buttons.
//! - [`paths`]: every URL of the journey.
//!
//! No I/O here: the repository and the use cases are the server half, [`server`].
pub mod addresses;
pub mod correspondent;
pub mod dashboard;
pub mod date_check;
pub mod events;
pub mod flow;
pub mod model;
pub mod paper;
pub mod paths;
pub mod payment;
pub mod rules;
pub mod tracking;
pub mod warnings;
pub mod who_are_you;

#[cfg(feature = "ssr")]
pub mod server;

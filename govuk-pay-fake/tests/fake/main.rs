//! The fake GOV.UK Pay over real HTTP: its API answering as GOV.UK Pay's does (shapes, states,
//! errors, idempotency, search), the payer's pages moving payments to each outcome, and the
//! binary.

mod api;
mod binary;
mod pages;
mod support;

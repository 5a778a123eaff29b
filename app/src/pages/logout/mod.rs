//! `/logout` is the "Sign out" link, served by the server (`server/src/http/auth.rs`): it signs
//! out at once when the browser says the link was on this site. `/logout/confirm` is where it
//! sends anyone else: a button that posts the form with its CSRF token.
pub mod confirm;

//! The performance platform (other-systems A): the satisfaction form's feedback, and the monthly
//! figures (completion rate, satisfaction, digital take-up) published on `/stats`. Its URLs, its
//! rules (shared by the server and the browser), and behind `ssr` its server half: the feedback
//! and figures repositories and the `perfplat.month` job.
pub mod feedback;
pub mod figures;
pub mod paths;
#[cfg(feature = "ssr")]
pub mod server;

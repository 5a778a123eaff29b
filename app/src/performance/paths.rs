//! Every URL of the performance platform, declared once.
use crate::paths::Path;

/// The satisfaction form, linked from the phase banner on every page (`?from=` the page's path).
pub const SEND_FEEDBACK: Path = Path::new("/send-feedback");
/// After sending it (`?returnTarget=` the page it came from).
pub const FEEDBACK_THANKS: Path = Path::new("/feedback-thanks");

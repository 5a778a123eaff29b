//! Every URL of the performance platform, declared once.
use crate::paths::Path;

/// The satisfaction form, linked from the phase banner on every page (`?from=` the page's path).
pub const SEND_FEEDBACK: Path = Path::new("/send-feedback");
/// After sending it (`?returnTarget=` the page it came from).
pub const FEEDBACK_THANKS: Path = Path::new("/feedback-thanks");
/// The monthly figures, for anyone to read.
pub const STATS: Path = Path::new("/stats");
/// The same figures as data (answered by the server).
pub const STATS_JSON: Path = Path::new("/stats.json");
pub const STATS_CSV: Path = Path::new("/stats.csv");

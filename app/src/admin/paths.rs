//! Every URL of the admin service, declared once. Each page is for the `admin` role only.
use crate::paths::Path;

/// The admin's start page: a link to each of the pages below.
pub const HOME: Path = Path::new("/admin");
pub const SYSTEM_MESSAGE: Path = Path::new("/admin/system-message");
/// Feedback received between two dates (`?start=YYYY-MM-DD&end=YYYY-MM-DD&page=N`).
pub const FEEDBACK: Path = Path::new("/admin/feedback");
/// The same range as a CSV file (answered by the server, streamed).
pub const FEEDBACK_EXPORT: Path = Path::new("/admin/feedback/export");
/// Who did what (`?action=&actor=&page=`).
pub const AUDIT_LOG: Path = Path::new("/admin/audit");
/// The monthly figures worked out so far, and working a month out again.
pub const PERFORMANCE: Path = Path::new("/admin/performance");
/// Entering OPG's count of applications received through every channel in a month.
pub const ALL_CHANNELS: Path = Path::new("/admin/performance/all-channels");

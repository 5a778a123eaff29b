//! Every URL of the admin service, declared once. Each page is for the `admin` role only.
use crate::account::rules::UserId;
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
/// Find a user: by part of their email address (`?email=&page=`), their id or an LPA's reference.
pub const USERS: Path = Path::new("/admin/users");
/// One user's account and LPAs (`?done=activated|unlocked` after an action).
pub const USER: Path<UserId> = Path::new("/admin/users/{id}");
/// "Are you sure" pages for what an admin may do to an account, each posting to itself.
pub const ACTIVATE_USER: Path<UserId> = Path::new("/admin/users/{id}/activate");
pub const UNLOCK_USER: Path<UserId> = Path::new("/admin/users/{id}/unlock");
pub const DELETE_USER: Path<UserId> = Path::new("/admin/users/{id}/delete");
/// The job queue: how deep, what runs, what failed; dead jobs retried from here.
pub const JOBS: Path = Path::new("/admin/jobs");

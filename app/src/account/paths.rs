//! Every URL of the accounts service (reference 1.1), declared once.
use crate::paths::Path;

pub const SIGN_UP: Path = Path::new("/signup");
pub const CHECK_EMAIL: Path = Path::new("/signup/check-email");
/// The emailed link that confirms a new account's address.
pub const CONFIRM_EMAIL: Path<String> = Path::new("/signup/confirm/{token}");
pub const RESEND_EMAIL: Path = Path::new("/signup/resend-email");

pub const SIGN_IN: Path = Path::new("/login");
/// Sign in again after the session timed out.
pub const SIGN_IN_TIMEOUT: Path = Path::new("/login/timeout");
/// The service navigation's sign-out link (answered by the server, not a page).
pub const SIGN_OUT: Path = Path::new("/logout");
pub const CONFIRM_SIGN_OUT: Path = Path::new("/logout/confirm");
pub const SIGNED_OUT: Path = Path::new("/signed-out");

pub const FORGOT_PASSWORD: Path = Path::new("/forgot-password");
pub const RESET_LINK_SENT: Path = Path::new("/forgot-password/sent");
/// The emailed link that sets a new password.
pub const RESET_PASSWORD: Path<String> = Path::new("/forgot-password/reset/{token}");

/// The account's LPAs.
pub const DASHBOARD: Path = Path::new("/user/dashboard");
/// Their second and later pages.
pub const DASHBOARD_PAGE: Path<usize> = Path::new("/user/dashboard/page/{page}");
/// The account's own pages.
pub const ACCOUNT: Path = Path::new("/user/account");
/// Shown once after the terms change.
pub const NEW_TERMS: Path = Path::new("/user/dashboard/new-terms");
pub const ABOUT_YOU: Path = Path::new("/user/about-you");
/// The details form for someone who has not given their name yet.
pub const NEW_ABOUT_YOU: Path = Path::new("/user/about-you/new");
pub const CHANGE_PASSWORD: Path = Path::new("/user/change-password");
pub const CHANGE_EMAIL: Path = Path::new("/user/change-email-address");
/// The emailed link that moves the account to its new address.
pub const VERIFY_NEW_EMAIL: Path<String> = Path::new("/user/change-email-address/verify/{token}");
pub const DELETE_ACCOUNT: Path = Path::new("/user/delete");
pub const CONFIRM_DELETE_ACCOUNT: Path = Path::new("/user/delete/confirm");
pub const DELETED: Path = Path::new("/deleted");
pub const TERMS: Path = Path::new("/terms");

/// The mail sent so far, for admins (embedded defaults have no real mail).
pub const ADMIN_OUTBOX: Path = Path::new("/admin/outbox");

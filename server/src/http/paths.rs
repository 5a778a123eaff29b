//! The URLs only the server answers: operations endpoints, static files, signed objects and the
//! development helpers. Pages' and forms' URLs are the services' (`app::*::paths`).
use app::paths::Path;

pub const HEALTHCHECK: Path = Path::new("/healthcheck");
pub const METRICS: Path = Path::new("/metrics");
/// cargo-leptos's output (content-hashed names) and our own static files.
pub const PKG: Path = Path::new("/pkg");
pub const ASSETS: Path = Path::new("/assets");
/// Where Leptos server functions are called (`#[server(prefix = "/_fn")]`).
pub const SERVER_FUNCTIONS: Path = Path::new("/_fn/");

/// Development and test only: the newest mail to an address, a failing and a panicking handler,
/// and moving the caller's session end.
pub const DEV_OUTBOX_LATEST: Path = Path::new("/__dev/outbox/latest");
pub const DEV_FAIL: Path = Path::new("/__dev/fail");
pub const DEV_PANIC: Path = Path::new("/__dev/panic");
/// Development only, when no `pay_url` is configured: the fake GOV.UK Pay, served by the app.
pub const DEV_GOVUK_PAY: Path = Path::new("/__dev/govuk-pay");
/// Development only, when no `os_places_url` is configured: the fake OS Places, served by the
/// app.
pub const DEV_OS_PLACES: Path = Path::new("/__dev/os-places");
/// Development only, when no `sirius_url` is configured: the fake Sirius gateway, served by the
/// app (its controls under `/__dev/sirius/__control/`).
pub const DEV_SIRIUS: Path = Path::new("/__dev/sirius");
pub const DEV_SESSION_EXPIRES_IN: Path<u64> = Path::new("/__dev/session-expires-in/{seconds}");

//! The URLs of the site around the services: the list of services, cookies, accessibility, the
//! component gallery, and the endpoints the page shell calls.
use crate::paths::Path;

pub const LANDING: Path = Path::new("/");
pub const COOKIES: Path = Path::new("/cookies");
/// The cookie banner's form; opening it shows the cookies page.
pub const COOKIE_BANNER: Path = Path::new("/cookie-banner");
pub const ACCESSIBILITY: Path = Path::new("/accessibility");
/// The GOV.UK component gallery (development and test only).
pub const DESIGN_SYSTEM: Path = Path::new("/design-system");
/// How long the session has left, read without extending it (the timeout warning).
pub const SESSION_STATE: Path = Path::new("/session-state");

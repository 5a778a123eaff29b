//! Every URL of the live message feed, declared once: its pages and fpesa's API (reference D).
use crate::paths::Path;

pub const FEED: Path = Path::new("/feed");
pub const SAVED: Path = Path::new("/feed/saved");
pub const DEV: Path = Path::new("/feed/dev");
/// The developer page's second form: a hundred messages at once.
pub const POST_MANY: Path = Path::new("/feed/dev/post-100");

/// Post a message, or read a page of them (the original's URL, with its trailing slash).
pub const API_MESSAGES: Path = Path::new("/api/v1/messages/");
/// The same without the trailing slash, as the original answered both behind nginx.
pub const API_MESSAGES_BARE: Path = Path::new("/api/v1/messages");
/// One message, by id (ours).
pub const API_MESSAGE: Path<u64> = Path::new("/api/v1/messages/{id}");
pub const API_OPENAPI: Path = Path::new("/api/v1/openapi.json");
/// The websocket, with and without the trailing slash.
pub const WEBSOCKET: Path = Path::new("/ws/v1/");
pub const WEBSOCKET_BARE: Path = Path::new("/ws/v1");
/// Everything else under the API's prefixes answers in the API's error envelope.
pub const API_ANYTHING_ELSE: Path = Path::new("/api/{*rest}");
pub const WEBSOCKET_ANYTHING_ELSE: Path = Path::new("/ws/{*rest}");

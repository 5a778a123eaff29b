//! The data store (other-systems B, seed 002): datasets that change rarely, pulled from external
//! HTTP sources or uploaded as CSV by staff, loaded into one table per dataset, and served through
//! a HAWK-authenticated paginated JSON API. Its URLs, its rules (shared by the server and the
//! browser), and behind `ssr` its server half: repositories, the loader and its jobs.
/// Server-only: the API is answered by the server, never called from the browser.
#[cfg(feature = "ssr")]
pub mod api;
pub mod columns;
#[cfg(feature = "ssr")]
pub mod csv_file;
pub mod names;
pub mod paths;
#[cfg(feature = "ssr")]
pub mod server;
/// Server-only: sources are the server's configuration, and reading their listing pages needs an
/// HTML parser the browser build has no use for.
#[cfg(feature = "ssr")]
pub mod sources;
pub mod upload;

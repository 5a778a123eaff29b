//! Transfer digital records (other-systems C, seed 003: The National Archives' TDR). A
//! transferring body's members transfer consignments of records: they choose a series, agree to
//! the transfer, upload a folder, the server checks every file three ways (antivirus, checksum,
//! file format), they see the results and confirm, and an export job packs the consignment as a
//! BagIt bag. Its URLs and rules (shared by the server and the browser) are here; behind `ssr`
//! its server half: the repository, the checks, the export and the GraphQL API.
pub mod agreement;
#[cfg(feature = "ssr")]
pub mod bag;
pub mod flow;
#[cfg(feature = "ssr")]
pub mod formats;
pub mod ids;
pub mod paths;
pub mod reference;
#[cfg(feature = "ssr")]
pub mod server;
pub mod status;
pub mod upload;

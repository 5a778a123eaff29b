//! Antivirus: one [`Antivirus`] trait, chosen once at start-up by [`connect`].
//!
//! - [`ClamdScanner`], for production, streams each body to a ClamAV daemon (`CLAMD_ADDR`) with
//!   its INSTREAM command and reports what it found, with clamd's engine and signature database
//!   versions.
//! - [`EmbeddedScanner`], the default when no clamd is configured, finds **only the EICAR test
//!   string**. It lets the app run alone, with no configuration, and its uploads be tested end to
//!   end; it protects against nothing. **Production must configure clamd.**
//!
//! Either way a scan reads the body as it streams in and never holds a whole file in memory.

mod clamd;
mod embedded;

use std::io;
use std::sync::Arc;

use async_trait::async_trait;

use crate::objects::BodyStream;

pub use clamd::{
    ClamdConfig, ClamdScanner, DEFAULT_COMMAND_TIMEOUT, DEFAULT_SCAN_TIMEOUT,
    DEFAULT_STREAM_MAX_BYTES,
};
pub use embedded::{eicar_test_string, EmbeddedScanner, EICAR_THREAT};

/// What a scan found, with what found it: the fields a transfer's record keeps (TDR's `result`,
/// `software`, `softwareVersion` and `databaseVersion`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scan {
    /// The names of the threats found; empty when the file is clean.
    pub threats: Vec<String>,
    /// The scanning engine: `ClamAV`, or `embedded-eicar`.
    pub software: String,
    pub software_version: String,
    /// The signature database the engine scanned with.
    pub database_version: String,
}

impl Scan {
    pub fn is_clean(&self) -> bool {
        self.threats.is_empty()
    }

    /// The threats one per line, as TDR's `result` holds them; empty when clean.
    pub fn result(&self) -> String {
        self.threats.join("\n")
    }
}

/// The antivirus layer's one error type. A scan that fails never means "clean".
#[derive(Debug, thiserror::Error)]
pub enum AntivirusError {
    /// Worth trying again later: clamd could not be reached, dropped the connection, or did not
    /// answer in time.
    #[error("the antivirus scanner is unavailable: {0}")]
    Unavailable(String),
    /// The body is longer than the scanner accepts (clamd's `StreamMaxLength`): it was not
    /// scanned, and sending it again cannot help.
    #[error("the file is larger than the antivirus scanner accepts")]
    TooLarge,
    /// Reading the body to scan failed (its source, not the scanner).
    #[error("reading the file to scan failed: {0}")]
    Body(#[source] io::Error),
    /// clamd answered, but with an error instead of a verdict.
    #[error("the antivirus scanner could not scan the file: {0}")]
    Failed(String),
    /// The antivirus configuration cannot work (a `CLAMD_ADDR` that is not `host:port`).
    #[error("antivirus configuration: {0}")]
    Config(String),
}

impl AntivirusError {
    /// Whether scanning the same file again later may succeed, so a job should retry it.
    pub fn is_retryable(&self) -> bool {
        match self {
            AntivirusError::Unavailable(_) | AntivirusError::Body(_) => true,
            AntivirusError::TooLarge | AntivirusError::Failed(_) | AntivirusError::Config(_) => {
                false
            }
        }
    }
}

/// Scans files for malware. One implementation per backend; the rest of the app sees only this
/// trait.
#[async_trait]
pub trait Antivirus: Send + Sync + 'static {
    /// `"clamd"` or `"embedded-eicar"`, for the health check and logs.
    fn kind(&self) -> &'static str;
    /// Checks the scanner answers, for the health check.
    async fn ping(&self) -> Result<(), AntivirusError>;
    /// Reads `body` to its end (or until the scanner can say) and reports what it holds.
    async fn scan(&self, body: BodyStream) -> Result<Scan, AntivirusError>;
}

/// The scanner the configuration names: clamd when `clamd` is set, otherwise the embedded
/// EICAR-only scanner. clamd's address is checked here, so a bad one stops the start; whether
/// clamd answers is the health check's business (it may start after the app).
pub fn connect(clamd: Option<ClamdConfig>) -> Result<Arc<dyn Antivirus>, AntivirusError> {
    Ok(match clamd {
        Some(config) => Arc::new(ClamdScanner::new(config)?),
        None => Arc::new(EmbeddedScanner),
    })
}

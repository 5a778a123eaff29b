//! The production scanner: a ClamAV daemon over TCP, through clamav-client's INSTREAM command.
use std::fmt::Display;
use std::future::Future;
use std::io;
use std::time::Duration;

use async_trait::async_trait;
use bytes::Bytes;
use clamav_client::tokio::TransportProtocol;
use futures::{Stream, StreamExt};
use tokio::net::TcpStream;

use super::{Antivirus, AntivirusError, Scan};
use crate::objects::BodyStream;

/// clamd's own default `StreamMaxLength` (100M). Debian's packaged `clamd.conf` sets 25M: set
/// `stream_max_bytes` to whatever the clamd in use has.
pub const DEFAULT_STREAM_MAX_BYTES: u64 = 100 * 1024 * 1024;
/// How long connecting to clamd, PING and VERSION may take.
pub const DEFAULT_COMMAND_TIMEOUT: Duration = Duration::from_secs(10);
/// How long sending a body and clamd's verdict on it may take together. clamd gives up scanning
/// one stream after its `MaxScanTime` (2 minutes by default); the rest is for the transfer.
pub const DEFAULT_SCAN_TIMEOUT: Duration = Duration::from_secs(5 * 60);

/// The INSTREAM chunks the body is cut into: large enough that a 100 MB file is a few thousand
/// writes, small enough to keep little in memory.
const INSTREAM_CHUNK_BYTES: usize = 64 * 1024;

/// What a scan reports as the database version when clamd's VERSION names none: clamd names only
/// official databases (`daily`), not a custom one such as the tests'.
const UNKNOWN_DATABASE_VERSION: &str = "unknown";

/// Where clamd is and what it accepts.
#[derive(Clone, Debug)]
pub struct ClamdConfig {
    /// clamd's `TCPSocket`, as `host:port`.
    pub address: String,
    /// clamd's `StreamMaxLength` in bytes (or less). The scanner stops a longer body itself with
    /// [`AntivirusError::TooLarge`] before clamd has more than it accepts: past its limit clamd
    /// closes the connection while the body is still being sent, which leaves only a broken
    /// connection to report ([`AntivirusError::Unavailable`]; an error still, never "clean").
    /// Keep it at or under clamd's `MaxFileSize` too: clamd reports a file over that as clean
    /// unless `AlertExceedsMax` is on.
    pub stream_max_bytes: u64,
    /// How long connecting, PING and VERSION may take.
    pub command_timeout: Duration,
    /// How long sending one body and waiting for clamd's verdict may take together.
    pub scan_timeout: Duration,
}

impl ClamdConfig {
    /// clamd at `address` (`host:port`), with the default limit and timeouts.
    pub fn new(address: impl Into<String>) -> Self {
        ClamdConfig {
            address: address.into(),
            stream_max_bytes: DEFAULT_STREAM_MAX_BYTES,
            command_timeout: DEFAULT_COMMAND_TIMEOUT,
            scan_timeout: DEFAULT_SCAN_TIMEOUT,
        }
    }
}

/// Scans with a ClamAV daemon: a new TCP connection per command, as clamd expects.
pub struct ClamdScanner {
    config: ClamdConfig,
}

impl ClamdScanner {
    pub fn new(config: ClamdConfig) -> Result<Self, AntivirusError> {
        check_address(&config.address)?;
        Ok(ClamdScanner { config })
    }

    fn transport(&self) -> Clamd<'_> {
        Clamd {
            address: &self.config.address,
            connect_timeout: self.config.command_timeout,
        }
    }

    fn unavailable(&self, doing: &str, error: impl Display) -> AntivirusError {
        AntivirusError::Unavailable(format!(
            "clamd at {} ({doing}): {error}",
            self.config.address
        ))
    }

    /// Runs a short command (PING, VERSION) within the command timeout.
    async fn command(
        &self,
        name: &str,
        request: impl Future<Output = io::Result<Vec<u8>>>,
    ) -> Result<Vec<u8>, AntivirusError> {
        match tokio::time::timeout(self.config.command_timeout, request).await {
            Ok(Ok(reply)) => Ok(reply),
            Ok(Err(error)) => Err(self.unavailable(name, error)),
            Err(_) => Err(self.unavailable(
                name,
                format!("no answer within {:?}", self.config.command_timeout),
            )),
        }
    }

    async fn engine(&self) -> Result<Engine, AntivirusError> {
        let reply = self
            .command(
                "VERSION",
                clamav_client::tokio::get_version(self.transport()),
            )
            .await?;
        if reply.is_empty() {
            return Err(self.unavailable("VERSION", "the connection closed without an answer"));
        }
        parse_version(&reply)
    }
}

#[async_trait]
impl Antivirus for ClamdScanner {
    fn kind(&self) -> &'static str {
        "clamd"
    }

    async fn ping(&self) -> Result<(), AntivirusError> {
        let reply = self
            .command("PING", clamav_client::tokio::ping(self.transport()))
            .await?;
        if reply == clamav_client::PONG {
            Ok(())
        } else {
            Err(AntivirusError::Failed(format!(
                "clamd answered PING with {:?}",
                String::from_utf8_lossy(&reply)
            )))
        }
    }

    async fn scan(&self, body: BodyStream) -> Result<Scan, AntivirusError> {
        // Asked before the body is read, so a clamd that is down fails the scan with the body
        // untouched. A database reload between the two is possible but harmless: the versions
        // are the ones in force just before the scan.
        let engine = self.engine().await?;
        let scanning = clamav_client::tokio::scan_stream(
            within_limit(body, self.config.stream_max_bytes),
            self.transport(),
            Some(INSTREAM_CHUNK_BYTES),
        );
        let reply = match tokio::time::timeout(self.config.scan_timeout, scanning).await {
            Ok(Ok(reply)) => reply,
            // Either `within_limit` ended the body (an `AntivirusError` inside) or the connection
            // failed.
            Ok(Err(error)) => match error.downcast::<AntivirusError>() {
                Ok(stopped) => return Err(stopped),
                Err(error) => return Err(self.unavailable("INSTREAM", error)),
            },
            Err(_) => {
                return Err(self.unavailable(
                    "INSTREAM",
                    format!("no verdict within {:?}", self.config.scan_timeout),
                ))
            }
        };
        if reply.is_empty() {
            // clamd died or was stopped mid-scan.
            return Err(self.unavailable("INSTREAM", "the connection closed without a verdict"));
        }
        Ok(Scan {
            threats: parse_verdict(&reply)?,
            software: engine.software,
            software_version: engine.version,
            database_version: engine.database,
        })
    }
}

/// clamd's TCP socket, connected within a deadline (clamav-client's own `Tcp` waits as long as
/// the system does).
struct Clamd<'a> {
    address: &'a str,
    connect_timeout: Duration,
}

impl TransportProtocol for Clamd<'_> {
    type Stream = TcpStream;

    async fn connect(&self) -> io::Result<TcpStream> {
        tokio::time::timeout(self.connect_timeout, TcpStream::connect(self.address))
            .await
            .map_err(|_| {
                io::Error::new(
                    io::ErrorKind::TimedOut,
                    format!("no connection within {:?}", self.connect_timeout),
                )
            })?
    }
}

/// `body`, ending in an error as soon as it passes `max_bytes` (before clamd is sent more than it
/// accepts) or its source fails. The error is an [`AntivirusError`] inside the `io::Error`
/// clamav-client hands back, so [`ClamdScanner::scan`] can tell it from a connection's.
fn within_limit(body: BodyStream, max_bytes: u64) -> impl Stream<Item = io::Result<Bytes>> + Send {
    let mut total: u64 = 0;
    body.map(move |chunk| {
        let chunk = chunk.map_err(|error| io::Error::other(AntivirusError::Body(error)))?;
        total += chunk.len() as u64;
        if total > max_bytes {
            return Err(io::Error::other(AntivirusError::TooLarge));
        }
        Ok(chunk)
    })
}

/// `host:port`, checked at start-up: a bad address would otherwise fail every scan as if clamd
/// were down.
fn check_address(address: &str) -> Result<(), AntivirusError> {
    let valid = address.rsplit_once(':').is_some_and(|(host, port)| {
        !host.is_empty() && port.parse::<u16>().is_ok_and(|port| port != 0)
    });
    if valid {
        Ok(())
    } else {
        Err(AntivirusError::Config(format!(
            "clamd's address must be host:port, not {address:?}"
        )))
    }
}

/// The engine and database, from clamd's VERSION answer.
#[derive(Debug, PartialEq, Eq)]
struct Engine {
    software: String,
    version: String,
    database: String,
}

/// `ClamAV 1.0.7/27345/Mon Jul 15 08:26:35 2024` (with an official database), or `ClamAV 1.4.6`
/// (with a custom one only).
fn parse_version(reply: &[u8]) -> Result<Engine, AntivirusError> {
    let reply = String::from_utf8_lossy(reply);
    let reply = reply.trim_end_matches('\0').trim();
    let mut parts = reply.split('/');
    let engine = parts.next().unwrap_or_default();
    // Only ClamAV speaks this protocol; anything else (`UNKNOWN COMMAND`) is not a version.
    let (software, version) = engine
        .split_once(' ')
        .filter(|(software, version)| *software == "ClamAV" && !version.trim().is_empty())
        .ok_or_else(|| AntivirusError::Failed(format!("clamd answered VERSION with {reply:?}")))?;
    let database = parts
        .next()
        .map(str::trim)
        .filter(|database| !database.is_empty())
        .unwrap_or(UNKNOWN_DATABASE_VERSION);
    Ok(Engine {
        software: software.to_owned(),
        version: version.trim().to_owned(),
        database: database.to_owned(),
    })
}

/// The threats in clamd's answer to INSTREAM: `stream: OK`, or `stream: NAME FOUND` (one line per
/// signature with `AllMatchScans`), or an error such as `INSTREAM size limit exceeded. ERROR`.
fn parse_verdict(reply: &[u8]) -> Result<Vec<String>, AntivirusError> {
    let reply = String::from_utf8_lossy(reply);
    let mut threats = Vec::new();
    let lines = reply
        .split(['\0', '\n'])
        .map(str::trim)
        .filter(|line| !line.is_empty());
    for line in lines {
        if line.contains("size limit exceeded") {
            return Err(AntivirusError::TooLarge);
        } else if let Some(found) = line.strip_suffix(" FOUND") {
            threats.push(found.strip_prefix("stream: ").unwrap_or(found).to_owned());
        } else if !line.ends_with(" OK") {
            return Err(AntivirusError::Failed(format!(
                "clamd answered INSTREAM with {line:?}"
            )));
        }
    }
    Ok(threats)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_reply_names_the_database_when_clamd_has_an_official_one() {
        let engine = parse_version(b"ClamAV 1.0.7/27345/Mon Jul 15 08:26:35 2024\0").unwrap();
        assert_eq!(
            engine,
            Engine {
                software: "ClamAV".to_owned(),
                version: "1.0.7".to_owned(),
                database: "27345".to_owned(),
            }
        );
    }

    #[test]
    fn a_version_reply_without_a_database_says_unknown() {
        let engine = parse_version(b"ClamAV 1.4.6\0").unwrap();
        assert_eq!(
            (engine.software.as_str(), engine.version.as_str()),
            ("ClamAV", "1.4.6")
        );
        assert_eq!(engine.database, UNKNOWN_DATABASE_VERSION);
    }

    #[test]
    fn an_unexpected_version_reply_is_an_error() {
        for reply in [&b"UNKNOWN COMMAND\0"[..], b"ClamAV\0", b"ClamAV \0"] {
            assert!(
                matches!(parse_version(reply), Err(AntivirusError::Failed(_))),
                "{reply:?}"
            );
        }
    }

    #[test]
    fn verdicts() {
        assert_eq!(
            parse_verdict(b"stream: OK\0").unwrap(),
            Vec::<String>::new()
        );
        assert_eq!(
            parse_verdict(b"stream: Eicar-Test-Signature FOUND\0").unwrap(),
            ["Eicar-Test-Signature"]
        );
        assert_eq!(
            parse_verdict(b"stream: A.UNOFFICIAL FOUND\0stream: B FOUND\0").unwrap(),
            ["A.UNOFFICIAL", "B"]
        );
        assert!(matches!(
            parse_verdict(b"INSTREAM size limit exceeded. ERROR\0"),
            Err(AntivirusError::TooLarge)
        ));
        assert!(matches!(
            parse_verdict(b"stream: Can't allocate memory ERROR\0"),
            Err(AntivirusError::Failed(_))
        ));
    }

    #[test]
    fn the_address_must_be_host_and_port() {
        for address in ["127.0.0.1:3310", "clamav:3310", "[::1]:3310"] {
            assert!(check_address(address).is_ok(), "{address}");
        }
        for address in ["127.0.0.1", ":3310", "clamav:", "clamav:0", "clamav:http"] {
            assert!(
                matches!(check_address(address), Err(AntivirusError::Config(_))),
                "{address}"
            );
        }
    }
}

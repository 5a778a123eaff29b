//! A real ClamAV daemon for the antivirus tests: Debian's clamd, never a mock. Each test starts
//! its own, on a free port, with the signature database in `backends/testdata/clamav` (the EICAR
//! test string only: freshclam's databases cannot be fetched here).
use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

use super::unused_local_address;
use crate::antivirus::ClamdConfig;

const CLAMD_INSTALL: &str = "apt-get install -y clamav-daemon clamav";
/// Debian installs clamd in /usr/sbin, which a non-root PATH may lack.
const CLAMD_PROGRAMS: [&str; 2] = ["clamd", "/usr/sbin/clamd"];
const TEST_DATABASE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/clamav");
/// Loading even a tiny database takes clamd a moment, longer on two busy cores.
const SERVER_START_TIMEOUT: Duration = Duration::from_secs(60);
/// The test server's `StreamMaxLength`: small, so a test can pass it cheaply, and above every
/// file the tests expect scanned.
pub const CLAMD_STREAM_MAX_BYTES: u64 = 8 * 1024 * 1024;

/// clamd, stopped (SIGKILL) when dropped, also when the test panics. Under nextest each test is
/// its own process group, so even a killed test takes the server with it.
pub struct ClamdServer {
    child: Child,
    pub address: SocketAddr,
    _dir: TempDir,
}

impl ClamdServer {
    pub fn start() -> Self {
        // The port is free when chosen but could be taken before clamd binds it: retry.
        let mut failures = Vec::new();
        for _ in 0..3 {
            match Self::try_start() {
                Ok(server) => return server,
                Err(failure) => failures.push(failure),
            }
        }
        panic!("clamd did not start:\n{}", failures.join("\n"));
    }

    /// The scanner's configuration for this server, its stream limit included.
    pub fn scanner_config(&self) -> ClamdConfig {
        ClamdConfig {
            stream_max_bytes: CLAMD_STREAM_MAX_BYTES,
            ..ClamdConfig::new(self.address.to_string())
        }
    }

    fn try_start() -> Result<Self, String> {
        let dir = tempfile::tempdir().unwrap();
        let database = dir.path().join("database");
        copy_files(Path::new(TEST_DATABASE), &database).expect("copying the test database");
        let scratch = dir.path().join("tmp");
        fs::create_dir(&scratch).unwrap();
        let address = unused_local_address();
        let config = dir.path().join("clamd.conf");
        fs::write(
            &config,
            format!(
                "Foreground yes\n\
                 TCPSocket {port}\n\
                 TCPAddr 127.0.0.1\n\
                 DatabaseDirectory {database}\n\
                 TemporaryDirectory {scratch}\n\
                 StreamMaxLength {CLAMD_STREAM_MAX_BYTES}\n\
                 LogSyslog no\n",
                port = address.port(),
                database = database.display(),
                scratch = scratch.display(),
            ),
        )
        .unwrap();
        let log_path = dir.path().join("clamd.log");
        let log = File::create(&log_path).unwrap();
        let child = spawn_clamd(&config, log)?;
        let mut server = Self {
            child,
            address,
            _dir: dir,
        };
        let deadline = Instant::now() + SERVER_START_TIMEOUT;
        loop {
            if let Some(status) = server.child.try_wait().unwrap() {
                let log = fs::read_to_string(&log_path).unwrap_or_default();
                return Err(format!("clamd exited ({status}):\n{log}"));
            }
            if answers_ping(address) {
                return Ok(server);
            }
            if Instant::now() > deadline {
                let log = fs::read_to_string(&log_path).unwrap_or_default();
                return Err(format!(
                    "clamd did not answer PING on {address} within {SERVER_START_TIMEOUT:?}:\n{log}"
                ));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for ClamdServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn spawn_clamd(config: &Path, log: File) -> Result<Child, String> {
    for program in CLAMD_PROGRAMS {
        let spawned = Command::new(program)
            .arg(format!("--config-file={}", config.display()))
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log.try_clone().unwrap())
            .spawn();
        match spawned {
            Ok(child) => return Ok(child),
            Err(error) if error.kind() == io::ErrorKind::NotFound => continue,
            Err(error) => return Err(format!("starting {program}: {error}")),
        }
    }
    panic!("the antivirus tests need ClamAV's clamd; install it with `{CLAMD_INSTALL}` (scripts/setup --tests does)")
}

fn copy_files(from: &Path, to: &Path) -> io::Result<()> {
    fs::create_dir(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        fs::copy(entry.path(), to.join(entry.file_name()))?;
    }
    Ok(())
}

/// Whether clamd answers PING on `address` (its database loaded: clamd listens only then).
fn answers_ping(address: SocketAddr) -> bool {
    let Ok(mut stream) = TcpStream::connect_timeout(&address, Duration::from_millis(200)) else {
        return false;
    };
    let mut reply = Vec::new();
    stream
        .set_read_timeout(Some(Duration::from_secs(1)))
        .is_ok()
        && stream.write_all(b"zPING\0").is_ok()
        && stream.read_to_end(&mut reply).is_ok()
        && reply == clamav_client::PONG
}

//! A real S3 server for the object store's tests: s3s-fs (crates.io), never a mock. Each test
//! starts its own, on a free port with its own directory.
use std::fs::File;
use std::io;
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

use super::unused_local_address;
use crate::objects::{s3_client, S3Config, S3Credentials};

const S3S_FS_INSTALL: &str = "cargo install s3s-fs@0.14.1 --features binary --locked";
/// The keys the server accepts.
pub const S3_ACCESS_KEY: &str = "objects-test-access-key";
pub const S3_SECRET_KEY: &str = "objects-test-secret-key";
const SERVER_START_TIMEOUT: Duration = Duration::from_secs(20);

/// s3s-fs, stopped when dropped (also when the test panics). Under nextest each test is its own
/// process group, so even a killed test takes the server with it.
pub struct S3Server {
    child: Child,
    pub address: SocketAddr,
    _dir: TempDir,
}

impl S3Server {
    pub fn start() -> Self {
        // The port is free when chosen but could be taken before the server binds it: retry.
        let mut failures = Vec::new();
        for _ in 0..3 {
            match Self::try_start() {
                Ok(server) => return server,
                Err(failure) => failures.push(failure),
            }
        }
        panic!("s3s-fs did not start:\n{}", failures.join("\n"));
    }

    /// The server's URL, as `S3_ENDPOINT` takes it.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.address)
    }

    /// A new bucket on this server, and the store configuration that uses it.
    pub async fn bucket(&self, name: &str) -> S3Config {
        let config = S3Config {
            bucket: name.to_owned(),
            endpoint: Some(self.endpoint()),
            region: Some("us-east-1".to_owned()),
            credentials: Some(S3Credentials {
                access_key_id: S3_ACCESS_KEY.to_owned(),
                secret_access_key: S3_SECRET_KEY.to_owned(),
            }),
        };
        // Provisioning, which the store itself never does.
        s3_client(&config)
            .await
            .create_bucket()
            .bucket(name)
            .send()
            .await
            .expect("creating the test bucket");
        config
    }

    fn try_start() -> Result<Self, String> {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir(&data).unwrap();
        let log_path = dir.path().join("s3s-fs.log");
        let log = File::create(&log_path).unwrap();
        let address = unused_local_address();
        let spawned = Command::new("s3s-fs")
            .args(["--host", "127.0.0.1", "--port", &address.port().to_string()])
            .args(["--access-key", S3_ACCESS_KEY, "--secret-key", S3_SECRET_KEY])
            .arg(&data)
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn();
        let child = match spawned {
            Ok(child) => child,
            Err(error) if error.kind() == io::ErrorKind::NotFound => panic!(
                "the S3 tests need the s3s-fs server on PATH; install it with `{S3S_FS_INSTALL}`"
            ),
            Err(error) => panic!("starting s3s-fs: {error}"),
        };
        let mut server = Self {
            child,
            address,
            _dir: dir,
        };
        let deadline = Instant::now() + SERVER_START_TIMEOUT;
        loop {
            if let Some(status) = server.child.try_wait().unwrap() {
                let log = std::fs::read_to_string(&log_path).unwrap_or_default();
                return Err(format!("s3s-fs exited ({status}):\n{log}"));
            }
            if TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_ok() {
                return Ok(server);
            }
            if Instant::now() > deadline {
                let log = std::fs::read_to_string(&log_path).unwrap_or_default();
                return Err(format!(
                    "s3s-fs did not answer on {address} within {SERVER_START_TIMEOUT:?}:\n{log}"
                ));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

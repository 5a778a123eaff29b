//! A real SMTP server for the mail tests: aiosmtpd (PyPI), never a mock. Each test starts its own.
use std::fs::File;
use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde::Deserialize;
use tempfile::TempDir;

use super::{eventually, unused_local_address};

const AIOSMTPD_INSTALL: &str = "pip install aiosmtpd";
const SERVER_START_TIMEOUT: Duration = Duration::from_secs(20);
const DELIVERY_TIMEOUT: Duration = Duration::from_secs(10);

/// A real SMTP server: aiosmtpd with its Mailbox handler, which writes each mail it accepts to a
/// Maildir. Stopped when dropped, also when the test panics.
pub struct SmtpServer {
    child: Child,
    pub address: SocketAddr,
    maildir: PathBuf,
    _dir: TempDir,
}

/// A mail as the server stored it, decoded by Python's `email` package.
#[derive(Debug, Deserialize)]
pub struct Received {
    /// `X-RcptTo`, which aiosmtpd adds: the envelope recipient.
    pub envelope_recipient: String,
    pub to: String,
    pub from: String,
    pub date: String,
    pub subject: String,
    pub content_type: String,
    pub body: String,
}

// Decodes a stored mail (encoded words, quoted-printable, base64) as a mail client would.
const DECODE_MAIL: &str = "import email, email.policy, json, sys\n\
m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=email.policy.default)\n\
print(json.dumps({'envelope_recipient': m['X-RcptTo'], 'to': m['To'], 'from': m['From'], 'date': m['Date'], \
'subject': m['Subject'], 'content_type': m.get_content_type(), 'body': m.get_content()}))";

impl SmtpServer {
    pub fn start() -> Self {
        Self::start_with(&[])
    }

    /// On a port of its own, with extra `aiosmtpd` options.
    pub fn start_with(options: &[&str]) -> Self {
        // The port is free when chosen but could be taken before the server binds it: retry.
        let mut failures = Vec::new();
        for _ in 0..3 {
            match Self::try_start(unused_local_address().port(), options) {
                Ok(server) => return server,
                Err(failure) => failures.push(failure),
            }
        }
        panic!("aiosmtpd did not start:\n{}", failures.join("\n"));
    }

    pub fn start_on(port: u16) -> Self {
        Self::try_start(port, &[]).unwrap_or_else(|failure| panic!("{failure}"))
    }

    fn try_start(port: u16, options: &[&str]) -> Result<Self, String> {
        require_aiosmtpd();
        let dir = tempfile::tempdir().unwrap();
        let maildir = dir.path().join("maildir");
        let log_path = dir.path().join("aiosmtpd.log");
        let log = File::create(&log_path).unwrap();
        let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        let child = Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-l", &address.to_string()])
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .args(options)
            .arg(&maildir)
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("starting python3 -m aiosmtpd");
        let mut server = SmtpServer {
            child,
            address,
            maildir,
            _dir: dir,
        };
        let deadline = Instant::now() + SERVER_START_TIMEOUT;
        loop {
            if let Some(status) = server.child.try_wait().unwrap() {
                let log = std::fs::read_to_string(&log_path).unwrap_or_default();
                return Err(format!("aiosmtpd exited ({status}):\n{log}"));
            }
            if TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_ok() {
                return Ok(server);
            }
            if Instant::now() > deadline {
                let log = std::fs::read_to_string(&log_path).unwrap_or_default();
                return Err(format!(
                    "aiosmtpd did not answer on {address} within {SERVER_START_TIMEOUT:?}:\n{log}"
                ));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The mails the server has stored so far.
    pub fn received(&self) -> Vec<Received> {
        let Ok(files) = std::fs::read_dir(self.maildir.join("new")) else {
            return Vec::new();
        };
        files.map(|file| decode(&file.unwrap().path())).collect()
    }

    /// Waits until the server has stored `count` mails, and returns them.
    pub async fn wait_for(&self, count: usize) -> Vec<Received> {
        let what = format!("{count} mail(s) in {}", self.maildir.display());
        eventually(DELIVERY_TIMEOUT, &what, || async {
            let received = self.received();
            (received.len() >= count).then_some(received)
        })
        .await
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn require_aiosmtpd() {
    let installed = Command::new("python3")
        .args(["-c", "import aiosmtpd"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    assert!(
        installed,
        "the SMTP tests need a real SMTP server: python3 with aiosmtpd. Install it with \
         `{AIOSMTPD_INSTALL}`"
    );
}

fn decode(path: &Path) -> Received {
    let output = Command::new("python3")
        .args(["-c", DECODE_MAIL])
        .arg(path)
        .output()
        .expect("running python3 to decode a mail");
    assert!(
        output.status.success(),
        "decoding {}: {}",
        path.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("the decoded mail as JSON")
}

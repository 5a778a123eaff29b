//! The `govuk-pay-fake` binary: where it listens, which key it takes, and stopping on SIGTERM.

use std::process::Stdio;
use std::time::Duration;

use reqwest::StatusCode;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

use crate::support::{http_client, payment_request};

/// How long the binary may take to start or to stop.
const DEADLINE: Duration = Duration::from_secs(20);

fn fake() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_govuk-pay-fake"));
    command
        .env_remove("GOVUK_PAY_FAKE_ADDR")
        .env_remove("GOVUK_PAY_FAKE_API_KEY")
        .env_remove("GOVUK_PAY_FAKE_BASE_URL")
        .stdout(Stdio::piped())
        .kill_on_drop(true);
    command
}

/// Starts the binary and reads the URL it announces.
async fn start(mut command: Command) -> (Child, String) {
    let mut child = command.spawn().expect("the binary starts");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let line = tokio::time::timeout(DEADLINE, lines.next_line())
        .await
        .expect("the binary announces its address in time")
        .unwrap()
        .expect("a line on standard output");
    let url = line
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
        .to_owned();
    (child, url)
}

async fn create_status(url: &str, api_key: &str) -> StatusCode {
    http_client()
        .post(format!("{url}/v1/payments"))
        .bearer_auth(api_key)
        .json(&payment_request("LPA-7000-0201"))
        .send()
        .await
        .unwrap()
        .status()
}

async fn stop_with_sigterm(mut child: Child) {
    let pid = child.id().unwrap().to_string();
    let signalled = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    assert!(signalled.success());
    let status = tokio::time::timeout(DEADLINE, child.wait())
        .await
        .expect("the binary stops after SIGTERM")
        .unwrap();
    assert!(status.success(), "{status:?}");
}

#[tokio::test]
async fn the_binary_announces_a_free_port_takes_its_key_and_stops_on_sigterm() {
    let mut command = fake();
    command.args(["--addr", "127.0.0.1:0", "--api-key", "binary-test-key"]);
    let (child, url) = start(command).await;
    let port: u16 = url
        .strip_prefix("http://127.0.0.1:")
        .and_then(|port| port.parse().ok())
        .unwrap_or_else(|| panic!("not a local URL: {url}"));
    assert_ne!(port, 0);
    assert_eq!(
        create_status(&url, "binary-test-key").await,
        StatusCode::CREATED
    );
    assert_eq!(
        create_status(&url, "fake-govuk-pay-key").await,
        StatusCode::UNAUTHORIZED
    );
    stop_with_sigterm(child).await;
}

#[tokio::test]
async fn the_binary_reads_its_address_and_key_from_the_environment() {
    let mut command = fake();
    command
        .env("GOVUK_PAY_FAKE_ADDR", "127.0.0.1:0")
        .env("GOVUK_PAY_FAKE_API_KEY", "key-from-the-environment");
    let (child, url) = start(command).await;
    assert_eq!(
        create_status(&url, "key-from-the-environment").await,
        StatusCode::CREATED
    );
    stop_with_sigterm(child).await;
}

#[tokio::test]
async fn without_a_key_the_binary_takes_the_default_one() {
    let mut command = fake();
    command.args(["--addr", "127.0.0.1:0"]);
    let (child, url) = start(command).await;
    assert_eq!(
        create_status(&url, "fake-govuk-pay-key").await,
        StatusCode::CREATED
    );
    stop_with_sigterm(child).await;
}

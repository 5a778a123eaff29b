//! The machine's RabbitMQ for tests: a namespace of its own per test (so tests share the broker
//! without sharing queues), removed at the end, and a real restart of the broker.
use std::time::Duration;

use lapin::options::{ExchangeDeleteOptions, QueueDeleteOptions};
use lapin::{Connection, ConnectionProperties};

/// The machine's broker (guest/guest on 5672).
pub const AMQP_URL: &str = "amqp://guest:guest@127.0.0.1:5672/%2f";

/// A test's own exchange and queue names on the shared broker. Removed by [`remove`](Self::remove)
/// at the end of the test, or, if the test panicked first, when it is dropped.
pub struct RabbitNamespace {
    pub name: String,
    removed: bool,
}

impl RabbitNamespace {
    pub fn new() -> Self {
        RabbitNamespace {
            name: format!("test-{}", uuid::Uuid::new_v4().simple()),
            removed: false,
        }
    }

    /// Deletes the durable queue and exchanges the app declared under this namespace (exclusive
    /// queues go with their connections).
    pub async fn remove(mut self) {
        self.removed = true;
        remove(&self.name).await;
    }
}

impl Drop for RabbitNamespace {
    fn drop(&mut self) {
        if self.removed {
            return;
        }
        // A panicking test never reached `remove`: clean up on a runtime of our own, since the
        // test's runtime may be the one unwinding.
        let name = self.name.clone();
        let _ = std::thread::spawn(move || {
            if let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                runtime.block_on(remove(&name));
            }
        })
        .join();
    }
}

async fn remove(namespace: &str) {
    let Ok(connection) = Connection::connect(AMQP_URL, ConnectionProperties::default()).await
    else {
        return;
    };
    if let Ok(channel) = connection.create_channel().await {
        let name = |suffix: &str| format!("{namespace}.{suffix}");
        let _ = channel
            .queue_delete(
                name("feed.store-writer").as_str().into(),
                QueueDeleteOptions::default(),
            )
            .await;
        for exchange in ["feed.posted", "live"] {
            let _ = channel
                .exchange_delete(
                    name(exchange).as_str().into(),
                    ExchangeDeleteOptions::default(),
                )
                .await;
        }
    }
    let _ = connection.close(200, "test done".into()).await;
}

impl Default for RabbitNamespace {
    fn default() -> Self {
        Self::new()
    }
}

fn broker_port_open() -> bool {
    std::net::TcpStream::connect_timeout(
        &std::net::SocketAddr::from(([127, 0, 0, 1], 5672)),
        Duration::from_millis(200),
    )
    .is_ok()
}

/// Restarts the machine's RabbitMQ server (as its machine notes start it) and waits until it
/// takes connections again. Durable queues and persistent messages survive; connections do not.
pub async fn restart_broker() {
    let run = |program: &str, args: &[&str]| {
        let status = std::process::Command::new(program)
            .args(args)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .unwrap_or_else(|error| panic!("running {program}: {error}"));
        assert!(status.success(), "{program} {args:?} failed: {status}");
    };
    tokio::task::spawn_blocking(move || {
        run("rabbitmqctl", &["shutdown"]);
        run("rabbitmq-server", &["-detached"]);
    })
    .await
    .expect("restart");
    super::eventually(
        Duration::from_secs(60),
        "RabbitMQ to take connections again",
        || async {
            if !broker_port_open() {
                return None;
            }
            Connection::connect(AMQP_URL, ConnectionProperties::default())
                .await
                .ok()
                .map(|_| ())
        },
    )
    .await;
}

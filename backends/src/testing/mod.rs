//! What the tests of every crate stand on (the `testing` feature, for dev-dependencies only): a
//! fresh database per test on SQLite or PostgreSQL, `on_both_stores!` to run a test on each, a
//! real local SMTP server, S3 server and clamd, and `eventually` for waiting on conditions instead
//! of fixed times.
mod clamd;
mod database;
mod rabbitmq;
mod s3;
mod smtp;

use std::future::Future;
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeZone, Utc};

pub use clamd::{ClamdServer, CLAMD_STREAM_MAX_BYTES};
pub use database::{postgres_admin_url, Backend, TestDatabase};
pub use rabbitmq::{restart_broker, RabbitNamespace, AMQP_URL};
pub use s3::{S3Server, S3_ACCESS_KEY, S3_SECRET_KEY};
pub use smtp::{Received, SmtpServer};

/// The time every manual clock in the tests starts at.
pub fn start_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap()
}

/// Polls `condition` until it returns `Some`, or fails the test after `deadline`. Tests wait for
/// conditions, never for fixed times.
pub async fn eventually<T, F, Fut>(deadline: Duration, what: &str, mut condition: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let started = Instant::now();
    loop {
        if let Some(value) = condition().await {
            return value;
        }
        assert!(
            started.elapsed() < deadline,
            "timed out after {deadline:?} waiting for: {what}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A local address nothing listens on (bound, then released).
pub fn unused_local_address() -> SocketAddr {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|listener| listener.local_addr())
        .expect("a free local port")
}

/// Generates one `#[tokio::test]` per store for each named `async fn(Backend)`, so every test
/// runs on SQLite and on PostgreSQL in the same run.
#[macro_export]
macro_rules! on_both_stores {
    ($($test:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $test() {
                    super::$test($crate::testing::Backend::Sqlite).await
                }
            )+
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $test() {
                    super::$test($crate::testing::Backend::Postgres).await
                }
            )+
        }
    };
}

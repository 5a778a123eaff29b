//! `os-places-fake`: the fake OS Places API on its own port. Prints `listening on http://ADDR`
//! once it is bound, and stops on SIGTERM or Ctrl-C.

use std::io;
use std::net::SocketAddr;

use clap::Parser;
use tokio::net::TcpListener;
use tokio::signal::unix::{signal, SignalKind};

#[derive(Parser)]
#[command(about = "A fake of Ordnance Survey's Places API (postcode search), from a fixture")]
struct Cli {
    /// The address to listen on; port 0 takes a free one.
    #[arg(long, env = "OS_PLACES_FAKE_ADDR", default_value = "127.0.0.1:8091")]
    addr: SocketAddr,
    /// The API key clients must send as `key=`.
    #[arg(long, env = "OS_PLACES_FAKE_KEY", default_value = os_places_fake::DEFAULT_KEY, hide_env_values = true)]
    key: String,
}

#[tokio::main]
async fn main() -> io::Result<()> {
    let cli = Cli::parse();
    let listener = TcpListener::bind(cli.addr).await?;
    let address = listener.local_addr()?;
    let app = os_places_fake::router(cli.key);
    println!("listening on http://{address}");
    axum::serve(listener, app)
        .with_graceful_shutdown(stopped())
        .await
}

/// Resolves on SIGTERM or Ctrl-C (SIGINT).
async fn stopped() {
    let mut terminate = match signal(SignalKind::terminate()) {
        Ok(terminate) => terminate,
        Err(error) => {
            eprintln!("cannot listen for SIGTERM ({error}); stop with Ctrl-C");
            let _ = tokio::signal::ctrl_c().await;
            return;
        }
    };
    tokio::select! {
        _ = terminate.recv() => {}
        _ = tokio::signal::ctrl_c() => {}
    }
}

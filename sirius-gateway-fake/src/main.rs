//! `sirius-gateway-fake`: the fake Sirius gateway on its own port. Prints `listening on
//! http://ADDR` once it is bound (so a script can start it on port 0 and read where it is), and
//! stops on SIGTERM or Ctrl-C.

use std::io;
use std::net::SocketAddr;

use clap::Parser;
use sirius_gateway_fake::{
    router, FakeGatewayConfig, DEFAULT_ACCESS_KEY_ID, DEFAULT_REGION, DEFAULT_SECRET_ACCESS_KEY,
};
use tokio::net::TcpListener;
use tokio::signal::unix::{signal, SignalKind};

#[derive(Parser)]
#[command(about = "A fake of the Sirius gateway (opg-data-lpa), in memory, checking SigV4")]
struct Cli {
    /// The address to listen on; port 0 takes a free one.
    #[arg(long, env = "SIRIUS_FAKE_ADDR", default_value = "127.0.0.1:8090")]
    addr: SocketAddr,
    /// The one access key id whose signatures are accepted.
    #[arg(long, env = "SIRIUS_FAKE_ACCESS_KEY_ID", default_value = DEFAULT_ACCESS_KEY_ID)]
    access_key_id: String,
    /// Its secret key.
    #[arg(long, env = "SIRIUS_FAKE_SECRET_ACCESS_KEY", default_value = DEFAULT_SECRET_ACCESS_KEY, hide_env_values = true)]
    secret_access_key: String,
    /// The region signatures must be scoped to.
    #[arg(long, env = "SIRIUS_FAKE_REGION", default_value = DEFAULT_REGION)]
    region: String,
}

#[tokio::main]
async fn main() -> io::Result<()> {
    let cli = Cli::parse();
    let listener = TcpListener::bind(cli.addr).await?;
    let address = listener.local_addr()?;
    let app = router(FakeGatewayConfig {
        access_key_id: cli.access_key_id,
        secret_access_key: cli.secret_access_key,
        region: cli.region,
    });
    // Standard output is line-buffered: the line is out before the first request is served.
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

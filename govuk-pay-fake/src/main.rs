//! `govuk-pay-fake`: the fake GOV.UK Pay on its own port. Prints `listening on http://ADDR` once
//! it is bound (so a script can start it on port 0 and read where it is), and stops on SIGTERM or
//! Ctrl-C.

use std::io;
use std::net::SocketAddr;

use clap::Parser;
use govuk_pay_fake::{router, FakePayConfig, DEFAULT_API_KEY};
use tokio::net::TcpListener;
use tokio::signal::unix::{signal, SignalKind};

#[derive(Parser)]
#[command(about = "A fake of GOV.UK Pay's public API and payment pages, in memory")]
struct Cli {
    /// The address to listen on; port 0 takes a free one.
    #[arg(long, env = "GOVUK_PAY_FAKE_ADDR", default_value = "127.0.0.1:8089")]
    addr: SocketAddr,
    /// The API key clients send as `Authorization: Bearer KEY`.
    #[arg(long, env = "GOVUK_PAY_FAKE_API_KEY", default_value = DEFAULT_API_KEY, hide_env_values = true)]
    api_key: String,
    /// The URL clients reach the fake at, if not `http://ADDR` (behind a proxy, say).
    #[arg(long, env = "GOVUK_PAY_FAKE_BASE_URL")]
    base_url: Option<String>,
}

#[tokio::main]
async fn main() -> io::Result<()> {
    let cli = Cli::parse();
    let listener = TcpListener::bind(cli.addr).await?;
    let address = listener.local_addr()?;
    let base_url = cli.base_url.unwrap_or_else(|| format!("http://{address}"));
    if let Err(error) = url::Url::parse(&base_url) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("--base-url {base_url:?} is not a URL: {error}"),
        ));
    }
    let app = router(FakePayConfig {
        api_key: cli.api_key,
        base_url,
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

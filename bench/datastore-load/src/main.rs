//! The load client of `bench/datastore`: GETs of one page of a data store table, each signed with
//! HAWK (SHA-256) and a fresh nonce, so every request goes through the app's whole guard (header,
//! timestamp, client lookup, MAC, payload hash, nonce store, scope) and the page read; and the
//! same requests, signed the same way, to the bare axum baseline (which ignores the signature).
//!
//! ```text
//! datastore-load get  --url http://127.0.0.1:PORT/api/v1/table-data/SCHEMA/L0?orientation=tabular
//!     --hawk-id ID --hawk-key KEY [--rows 1000] [--concurrency 16] [--seconds 10] [--warmup 2]
//!     [--rate R] [--server-pid PID] [--threads 1]
//! datastore-load wait --url ... --hawk-id ID --hawk-key KEY [--rows 1000] [--timeout 300]
//! ```
//!
//! `get`: each connection first makes one request and checks its page — 200, JSON
//! `{"headers", "values", "next"}` with `--rows` rows each as long as the headers, `next` a URL —
//! and, where the answer carries `Server-Authorization` (the app's does), that it is the HAWK
//! response MAC for the request over that body. Then the connections GET the page over and over:
//! a warm-up, then the measured seconds. Only a 200 counts as expected; the run fails (exit 1) if
//! more than 1 % of the measured answers are anything else or did not come (connection errors).
//!
//! `wait`: asks for the page every half second until one passes the first-request checks (the
//! app answers 404 `{}` until the loader has published the table), or fails after `--timeout`.
//!
//! Signing: HAWK over GET, the URL's path and query, the host and port of `--url` (sent as `Host`),
//! the time now and a nonce never used before (a random prefix for this process and a counter),
//! with the payload hash of an empty body and no content type (the app requires a hash on every
//! request). Every request also sends `Accept: application/json`, no `Accept-Encoding`, and an
//! `X-Forwarded-For` from a rotating pool of 65 536 addresses (10.2.0.0/16) so the API's
//! per-address allowance (burst 60, then 20 a second; the app runs with `trust_forwarded_for`)
//! never answers: each address comes round every 65 536 requests.
//!
//! With `--rate R` the connections send R requests a second between them on a fixed schedule,
//! each latency counted from when its request was due (no coordinated omission), as
//! `page-load --rate`. With `--server-pid PID` the report includes that process's CPU over the
//! measured seconds; it always includes the whole machine's and the client's own.
//!
//! The report goes to stderr; the last line on stdout is `RESULT key=value ...` for the script.
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use clap::{Parser, Subcommand};
use http_body_util::Full;
use hyper::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HOST};
use hyper::Request;
use load_client::{exchange, http1_connect, Conn, Load, Pacer, Tally, Target};

#[derive(Parser)]
// As with most command lines, a flag given twice takes its last value.
#[command(name = "datastore-load", args_override_self = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Worker threads of the client's runtime
    #[arg(long, global = true, default_value_t = 1)]
    threads: usize,
}

#[derive(Subcommand)]
enum Command {
    /// GET the page over and over on every connection (200), and report
    Get(RunArgs),
    /// Ask for the page until it is there (the table published), then exit
    Wait(WaitArgs),
}

#[derive(clap::Args, Clone)]
struct Page {
    /// http://HOST:PORT/PATH?QUERY of the page
    #[arg(long)]
    url: String,
    /// The HAWK client's id (`server hawk-client create --id`)
    #[arg(long)]
    hawk_id: String,
    /// Its key, as `server hawk-client create` printed it
    // A base64url key may begin with a hyphen, and is still the value.
    #[arg(long, allow_hyphen_values = true)]
    hawk_key: String,
    /// Rows the page must have
    #[arg(long, default_value_t = 1000)]
    rows: usize,
}

#[derive(clap::Args)]
struct RunArgs {
    #[command(flatten)]
    page: Page,
    #[command(flatten)]
    load: Load,
}

#[derive(clap::Args)]
struct WaitArgs {
    #[command(flatten)]
    page: Page,
    /// Seconds to wait at most
    #[arg(long, default_value_t = 300.0)]
    timeout: f64,
}

fn main() {
    let cli = Cli::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(cli.threads.max(1))
        .enable_all()
        .build()
        .expect("runtime");
    let ok = runtime.block_on(async {
        match cli.command {
            Command::Get(args) => run(args).await,
            Command::Wait(args) => wait(args).await,
        }
    });
    std::process::exit(if ok { 0 } else { 1 });
}

fn die(message: &str) -> ! {
    eprintln!("datastore-load: {message}");
    std::process::exit(2)
}

// ---------------------------------------------------------------------------------------------
// Signing

/// Signs GETs of one URL as a HAWK client.
struct Signer {
    credentials: hawk::Credentials,
    host: String,
    port: u16,
    /// The path and query, as signed and sent.
    resource: String,
    /// The payload hash of an empty body with no content type.
    empty_hash: Vec<u8>,
    /// This process's nonces begin with it; a counter follows.
    nonce_prefix: String,
}

static NEXT_NONCE: AtomicU64 = AtomicU64::new(0);

impl Signer {
    fn new(page: &Page, target: &Target) -> Self {
        let key = hawk::Key::new(page.hawk_key.as_bytes(), hawk::SHA256)
            .unwrap_or_else(|error| die(&format!("--hawk-key: {error}")));
        let host = match target.authority.rsplit_once(':') {
            Some((host, _)) => host.to_owned(),
            None => target.authority.clone(),
        };
        let empty_hash = hawk::PayloadHasher::hash("", hawk::SHA256, b"")
            .unwrap_or_else(|error| die(&format!("hashing an empty payload: {error}")));
        Signer {
            credentials: hawk::Credentials {
                id: page.hawk_id.clone(),
                key,
            },
            host,
            port: target.addr.port(),
            resource: target.path.clone(),
            empty_hash,
            nonce_prefix: random_prefix(),
        }
    }

    fn request(&self) -> hawk::Request<'_> {
        hawk::RequestBuilder::new("GET", &self.host, self.port, &self.resource)
            .hash(&self.empty_hash[..])
            .request()
    }

    /// A `Hawk …` header for one request: now, and a nonce of its own.
    fn sign(&self) -> hawk::Header {
        let nonce = format!(
            "{}{:x}",
            self.nonce_prefix,
            NEXT_NONCE.fetch_add(1, Ordering::Relaxed)
        );
        self.request()
            .make_header_full(&self.credentials, SystemTime::now(), nonce)
            .unwrap_or_else(|error| die(&format!("signing: {error}")))
    }

    /// Whether `server_authorization` is the response MAC for the request signed with
    /// `request_header`, over `body` of `content_type`.
    fn answer_is_signed(
        &self,
        request_header: &hawk::Header,
        server_authorization: &str,
        content_type: &str,
        body: &[u8],
    ) -> bool {
        let Some(text) = server_authorization.strip_prefix("Hawk ") else {
            return false;
        };
        let Ok(response_header) = hawk::Header::from_str(text) else {
            return false;
        };
        let media_type = content_type.split(';').next().unwrap_or_default().trim();
        let Ok(hash) = hawk::PayloadHasher::hash(media_type, hawk::SHA256, body) else {
            return false;
        };
        let request = self.request();
        request
            .make_response_builder(request_header)
            .hash(&hash[..])
            .response()
            .validate_header(&response_header, &self.credentials.key)
    }
}

/// Eight random bytes in hex (from the kernel), so nonces differ between runs of the client.
fn random_prefix() -> String {
    use std::io::Read;
    let mut bytes = [0u8; 8];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut file| file.read_exact(&mut bytes))
        .unwrap_or_else(|error| die(&format!("/dev/urandom: {error}")));
    bytes.iter().map(|b| format!("{b:02x}")).collect::<String>() + "-"
}

// ---------------------------------------------------------------------------------------------
// HTTP

static NEXT_ADDRESS: AtomicU64 = AtomicU64::new(0);

/// The next client address of the pool (10.2.0.0/16): only a header value, never connected to.
fn forwarded_for() -> String {
    let n = NEXT_ADDRESS.fetch_add(1, Ordering::Relaxed) % 65_536;
    format!("10.2.{}.{}", n >> 8, n & 255)
}

struct Answer {
    status: u16,
    content_type: String,
    server_authorization: Option<String>,
    body: Bytes,
}

/// One kept-alive connection sending the signed GET (connecting again after an error).
struct Client<'a> {
    target: &'a Target,
    signer: &'a Signer,
    conn: Option<Conn>,
}

impl<'a> Client<'a> {
    fn new(target: &'a Target, signer: &'a Signer) -> Self {
        Client {
            target,
            signer,
            conn: None,
        }
    }

    /// The GET, signed now: the answer and the header it was signed with.
    async fn get(&mut self) -> Result<(Answer, hawk::Header), String> {
        if self.conn.is_none() {
            self.conn = Some(http1_connect(self.target.addr).await?);
        }
        let header = self.signer.sign();
        let request = Request::get(&self.target.path)
            .header(HOST, &self.target.authority)
            .header(ACCEPT, "application/json")
            .header(AUTHORIZATION, format!("Hawk {header}"))
            .header("x-forwarded-for", forwarded_for())
            .body(Full::new(Bytes::new()))
            .map_err(|e| e.to_string())?;
        let conn = self.conn.as_mut().expect("connected");
        match exchange(conn, request).await {
            Ok(response) => {
                let text = |name| {
                    response
                        .headers()
                        .get(name)
                        .and_then(|v: &hyper::header::HeaderValue| v.to_str().ok())
                        .map(str::to_owned)
                };
                let answer = Answer {
                    status: response.status().as_u16(),
                    content_type: text(CONTENT_TYPE.as_str()).unwrap_or_default(),
                    server_authorization: text("server-authorization"),
                    body: response.into_body(),
                };
                Ok((answer, header))
            }
            Err(error) => {
                self.conn = None;
                Err(error)
            }
        }
    }
}

/// What the first request of a connection checked.
struct Checked {
    headers: usize,
    bytes: usize,
    /// Whether the answer carried a `Server-Authorization` (each one found is checked).
    signed: bool,
}

/// The first-request checks: a 200 page of `rows` rows, each as long as the headers, with a
/// `next` link; a correct `Server-Authorization` if there is one.
fn check_page(
    signer: &Signer,
    rows: usize,
    answer: &Answer,
    header: &hawk::Header,
) -> Result<Checked, String> {
    let shown = || {
        String::from_utf8_lossy(&answer.body)
            .chars()
            .take(300)
            .collect::<String>()
    };
    if answer.status != 200 {
        return Err(format!("{} {}", answer.status, shown()));
    }
    let page: serde_json::Value = serde_json::from_slice(&answer.body)
        .map_err(|error| format!("not JSON ({error}): {}", shown()))?;
    let headers = page["headers"]
        .as_array()
        .ok_or_else(|| format!("no headers: {}", shown()))?
        .len();
    let values = page["values"]
        .as_array()
        .ok_or_else(|| format!("no values: {}", shown()))?;
    if values.len() != rows {
        return Err(format!("{} rows, not {rows}", values.len()));
    }
    if let Some(bad) = values
        .iter()
        .position(|row| row.as_array().map(Vec::len) != Some(headers))
    {
        return Err(format!(
            "row {bad} is not {headers} values: {}",
            values[bad]
        ));
    }
    if !page["next"].is_string() {
        return Err(format!("no next page: next is {}", page["next"]));
    }
    let signed = match &answer.server_authorization {
        Some(value) => {
            if !signer.answer_is_signed(header, value, &answer.content_type, &answer.body) {
                return Err(format!(
                    "Server-Authorization {value:?} is not the answer's MAC"
                ));
            }
            true
        }
        None => false,
    };
    Ok(Checked {
        headers,
        bytes: answer.body.len(),
        signed,
    })
}

fn target_of(page: &Page) -> Target {
    Target::parse(&page.url).unwrap_or_else(|error| die(&format!("--url {error}")))
}

// ---------------------------------------------------------------------------------------------
// Waiting

async fn wait(args: WaitArgs) -> bool {
    let target = target_of(&args.page);
    let signer = Signer::new(&args.page, &target);
    let began = Instant::now();
    let deadline = began + Duration::from_secs_f64(args.timeout);
    let mut client = Client::new(&target, &signer);
    let mut last = String::new();
    while Instant::now() < deadline {
        match client.get().await {
            Ok((answer, header)) => match check_page(&signer, args.page.rows, &answer, &header) {
                Ok(checked) => {
                    eprintln!(
                        "{} is there after {:.1} s: {} rows of {} columns, {} bytes{}",
                        target.path,
                        began.elapsed().as_secs_f64(),
                        args.page.rows,
                        checked.headers,
                        checked.bytes,
                        if checked.signed {
                            ", its answer signed"
                        } else {
                            ""
                        }
                    );
                    return true;
                }
                Err(why) => last = why,
            },
            Err(error) => last = error,
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    eprintln!(
        "datastore-load: {} was not there within {} s; the last answer: {last}",
        target.path, args.timeout
    );
    false
}

// ---------------------------------------------------------------------------------------------
// The run

async fn drive(mut client: Client<'static>, mut pacer: Pacer) -> Tally {
    let mut tally = Tally::default();
    while let Some(turn) = pacer.next_due().await {
        let (outcome, latency) = turn.time(client.get()).await;
        match outcome {
            Ok((answer, _)) => {
                tally.answered(
                    latency,
                    answer.status.to_string(),
                    answer.status == 200,
                    || {
                        let body = String::from_utf8_lossy(&answer.body);
                        format!(
                            "{} {}",
                            answer.status,
                            body.chars().take(300).collect::<String>()
                        )
                    },
                );
            }
            Err(error) => tally.failed(latency.is_some(), error),
        }
    }
    tally
}

async fn run(args: RunArgs) -> bool {
    let RunArgs { page, load } = args;
    load.check().unwrap_or_else(|error| die(&error));
    let target = target_of(&page);
    // Leaked: the connections' tasks borrow them for the life of the process.
    let target: &'static Target = Box::leak(Box::new(target));
    let signer: &'static Signer = Box::leak(Box::new(Signer::new(&page, target)));

    // Each connection's first request is checked in full.
    let mut clients = Vec::with_capacity(load.concurrency);
    let mut first: Option<Checked> = None;
    for i in 0..load.concurrency {
        let mut client = Client::new(target, signer);
        let checked = match client.get().await {
            Ok((answer, header)) => check_page(signer, page.rows, &answer, &header),
            Err(error) => Err(error),
        };
        match checked {
            Ok(checked) => {
                first.get_or_insert(checked);
            }
            Err(why) => {
                eprintln!(
                    "datastore-load: connection {i}'s first GET {}: {why}",
                    target.path
                );
                return false;
            }
        }
        clients.push(client);
    }
    let first = first.expect("at least one connection");

    let measured = load.run(clients, drive, || {}).await;
    eprintln!(
        "GET {} ({} rows of {} columns, {} bytes{}), HAWK-signed, a fresh nonce each: {}",
        page.url,
        page.rows,
        first.headers,
        first.bytes,
        if first.signed {
            ", answers signed and checked"
        } else {
            ", answers not signed"
        },
        load.describe(None)
    );
    measured.report(200, &[]);
    println!(
        "{}",
        measured.result_line(&format!(
            "response_bytes={} columns={}",
            first.bytes, first.headers
        ))
    );
    measured.passed("datastore-load", 200)
}

//! The load client of `bench/run`: the page path under load (a page for anyone, a signed-in LPA
//! step, the donor form's save, the summary), as a browser without JavaScript uses them, and the
//! same client against the bare axum baseline.
//!
//! ```text
//! page-load edit    --url http://127.0.0.1:PORT --email E --password P [--concurrency 16]
//!     [--seconds 10] [--warmup 2] [--threads 1]
//! page-load step    --url http://127.0.0.1:PORT --email E --password P [same options]
//! page-load summary --url http://127.0.0.1:PORT --email E --password P [same options]
//! page-load get       --url http://127.0.0.1:PORT/PATH [same options, no account]
//! page-load bare-post --url http://127.0.0.1:PORT/form [same options, no account]
//! ```
//!
//! `edit`: each connection signs the account in (a session of its own), starts an LPA of its
//! own (`/lpa/type`), adds its donor, then posts `/lpa/{id}/donor/edit` over and over with the
//! LPA's current revision (read from the edit page once, then +1 after each save), the first name
//! alternating so every save changes the document. Only a 303 to `/lpa/{id}/donor` counts as a
//! save; a 400 (a stale revision or an invalid field) re-reads the revision from the page it
//! answers with. At the end every connection reads its edit page again: the revision must have
//! gone up by exactly the saves counted, or the run fails.
//!
//! `step`: each connection signs in, starts an LPA of its own with its donor, then GETs its
//! next step, `/lpa/{id}/when-lpa-starts` (200), over and over.
//!
//! `summary`: each connection signs in and takes an LPA of its own through every step to its
//! summary (`/lpa/{id}/summary`, 200), then GETs that page over and over.
//!
//! `set-password --url http://HOST:PORT/forgot-password/reset/TOKEN --password P` sets an
//! account's password through the link `server create-admin` prints.
//!
//! With `--rate R` the connections send R requests a second between them on a fixed schedule
//! (each connection every `concurrency / R` seconds, staggered), not each as soon as it has its
//! last answer; a latency then counts from when the request was due, so time spent waiting for a
//! busy connection is charged too (no coordinated omission), as wrk2 measures.
//!
//! With `--server-pid PID` the report includes that process's CPU over the measured seconds;
//! it always includes the whole machine's (from /proc/stat) and the client's own.
//!
//! `bare-post` posts a form body of the same fields and size (urlencoded) and expects 303;
//! `get` GETs the URL without signing in (keeping the cookies it is given, as a browser keeps
//! the CSRF cookie after its first page) and expects 200.
//!
//! Every request sends `Accept: text/html`, no `Accept-Encoding`, and an `X-Forwarded-For` from a
//! rotating pool of 65 536 addresses (10.1.0.0/16), so the server's per-address form limits
//! (burst 30, one more every 2 s) never answer: each address comes round every 65 536 requests.
//! The report goes to stderr; the last line on stdout is `RESULT key=value ...` for the script.
//! The exit status is 1 if more than 1 % of the measured answers are not the expected ones, if
//! nothing was measured, or if the saves do not add up.
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use bytes::Bytes;
use clap::{Parser, Subcommand};
use http_body_util::Full;
use hyper::header::{HeaderMap, ACCEPT, CONTENT_TYPE, COOKIE, HOST, LOCATION, SET_COOKIE};
use hyper::{Method, Request};
use load_client::{exchange, http1_connect, Conn, Counts, Load, Pacer, Tally, Target};

/// The load client of `bench/run`: the page path under load, as a browser without JavaScript
/// uses it (the source's header says more).
#[derive(Parser)]
// As with most command lines, a flag given twice takes its last value.
#[command(name = "page-load", args_override_self = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Worker threads of the client's runtime
    #[arg(long, global = true, default_value_t = 1)]
    threads: usize,
}

#[derive(Subcommand)]
enum Command {
    /// Save the donor form over and over, each connection on an LPA of its own (303)
    Edit(RunArgs),
    /// GET each connection's next LPA step, /lpa/{id}/when-lpa-starts (200)
    Step(RunArgs),
    /// GET each connection's LPA summary, /lpa/{id}/summary (200)
    Summary(RunArgs),
    /// GET the dashboard of an account with at least 50 LPAs, /user/dashboard (200)
    Dashboard(RunArgs),
    /// GET each connection's LPA checkout, everything answered, /lpa/{id}/checkout (200)
    Checkout(RunArgs),
    /// GET the URL without signing in, keeping the cookies it is given (200)
    Get(RunArgs),
    /// POST a form of the donor save's fields and size to the URL (303)
    BarePost(RunArgs),
    /// Set an account's password through the link `server create-admin` prints
    SetPassword(SetPasswordArgs),
    /// Sign in and submit the form at the URL's path, as a browser would (303): once, or once for
    /// each value of `--each`, all in one session
    Submit(SubmitArgs),
}

#[derive(clap::Args)]
struct RunArgs {
    /// http://HOST:PORT, with the path to request for `get` and `bare-post`
    #[arg(long)]
    url: String,
    /// The account each connection signs in as (edit, step, summary)
    #[arg(long)]
    email: Option<String>,
    /// The account's password
    // It may begin with a hyphen, and is still the value.
    #[arg(long, allow_hyphen_values = true)]
    password: Option<String>,
    #[command(flatten)]
    load: Load,
}

#[derive(clap::Args)]
struct SetPasswordArgs {
    /// The reset link: http://HOST:PORT/forgot-password/reset/TOKEN
    #[arg(long)]
    url: String,
    /// The password to set
    // It may begin with a hyphen, and is still the value.
    #[arg(long, allow_hyphen_values = true)]
    password: String,
}

#[derive(clap::Args)]
struct SubmitArgs {
    /// http://HOST:PORT/PATH of the form's page
    #[arg(long)]
    url: String,
    /// The account to sign in as
    #[arg(long)]
    email: String,
    // It may begin with a hyphen, and is still the value.
    #[arg(long, allow_hyphen_values = true)]
    password: String,
    /// A field to send, NAME=VALUE (repeat for more)
    #[arg(long = "field", allow_hyphen_values = true)]
    fields: Vec<String>,
    /// NAME=V1,V2,…: submit once for each value, with the other fields
    #[arg(long)]
    each: Option<String>,
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
            Command::Edit(args) => run(Mode::Edit, args).await,
            Command::Step(args) => run(Mode::Step, args).await,
            Command::Summary(args) => run(Mode::Summary, args).await,
            Command::Dashboard(args) => run(Mode::Dashboard, args).await,
            Command::Checkout(args) => run(Mode::Checkout, args).await,
            Command::Get(args) => run(Mode::Get, args).await,
            Command::BarePost(args) => run(Mode::BarePost, args).await,
            Command::SetPassword(args) => set_password(args).await,
            Command::Submit(args) => submit(args).await,
        }
    });
    std::process::exit(if ok { 0 } else { 1 });
}

fn die(message: &str) -> ! {
    eprintln!("page-load: {message}");
    std::process::exit(2)
}

fn parse_url(url: &str) -> Target {
    Target::parse(url).unwrap_or_else(|error| die(&format!("--url {error}")))
}

/// The load a run puts on the server (`set-password` is no run).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Edit,
    Step,
    Summary,
    Dashboard,
    Checkout,
    BarePost,
    Get,
}

impl Mode {
    fn expected_status(self) -> u16 {
        match self {
            Mode::Edit | Mode::BarePost => 303,
            Mode::Step | Mode::Summary | Mode::Dashboard | Mode::Checkout | Mode::Get => 200,
        }
    }

    fn signs_in(self) -> bool {
        matches!(
            self,
            Mode::Edit | Mode::Step | Mode::Summary | Mode::Dashboard | Mode::Checkout
        )
    }
}

// ---------------------------------------------------------------------------------------------
// HTTP: one kept-alive connection with the cookies of one browser

static NEXT_ADDRESS: AtomicU64 = AtomicU64::new(0);

/// The next client address of the pool (10.1.0.0/16).
fn forwarded_for() -> String {
    let n = NEXT_ADDRESS.fetch_add(1, Ordering::Relaxed) % 65_536;
    format!("10.1.{}.{}", n >> 8, n & 255)
}

struct Answer {
    status: u16,
    location: Option<String>,
    body: Bytes,
}

impl Answer {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn describe(&self) -> String {
        let mut text = format!("{}", self.status);
        if let Some(to) = &self.location {
            text.push_str(&format!(" to {to}"));
        }
        let body = self.text();
        // The errors of a form page, if any, say most about a refusal.
        let shown = match body.find("govuk-error-summary") {
            Some(at) => strip_tags(&body[at..]),
            None => strip_tags(&body),
        };
        if !shown.is_empty() {
            text.push_str(": ");
            text.push_str(&shown.chars().take(300).collect::<String>());
        }
        text
    }
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

struct Browser {
    target: Target,
    conn: Option<Conn>,
    cookies: BTreeMap<String, String>,
    cookie_header: String,
}

impl Browser {
    fn new(target: Target) -> Self {
        Browser {
            target,
            conn: None,
            cookies: BTreeMap::new(),
            cookie_header: String::new(),
        }
    }

    /// One request on the kept-alive connection (made again after an error). `form`: an
    /// urlencoded body, sent as a POST.
    async fn send(&mut self, path: &str, form: Option<Bytes>) -> Result<Answer, String> {
        if self.conn.is_none() {
            self.conn = Some(http1_connect(self.target.addr).await?);
        }
        let mut builder = Request::builder()
            .method(if form.is_some() {
                Method::POST
            } else {
                Method::GET
            })
            .uri(path)
            .header(HOST, &self.target.authority)
            .header(ACCEPT, "text/html")
            .header("x-forwarded-for", forwarded_for());
        if !self.cookie_header.is_empty() {
            builder = builder.header(COOKIE, &self.cookie_header);
        }
        let body = match form {
            Some(bytes) => {
                builder = builder.header(CONTENT_TYPE, "application/x-www-form-urlencoded");
                Full::new(bytes)
            }
            None => Full::new(Bytes::new()),
        };
        let request = builder.body(body).map_err(|e| e.to_string())?;
        let conn = self.conn.as_mut().expect("connected");
        match exchange(conn, request).await {
            Ok(response) => {
                self.keep_cookies(response.headers());
                let location = response
                    .headers()
                    .get(LOCATION)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned);
                Ok(Answer {
                    status: response.status().as_u16(),
                    location,
                    body: response.into_body(),
                })
            }
            Err(error) => {
                self.conn = None;
                Err(error)
            }
        }
    }

    fn keep_cookies(&mut self, headers: &HeaderMap) {
        let mut changed = false;
        for value in headers.get_all(SET_COOKIE) {
            let Ok(value) = value.to_str() else { continue };
            let mut parts = value.split(';');
            let pair = parts.next().unwrap_or_default();
            let Some((name, value)) = pair.split_once('=') else {
                continue;
            };
            let gone = value.trim().is_empty()
                || parts.any(|attribute| attribute.trim().eq_ignore_ascii_case("max-age=0"));
            changed = true;
            if gone {
                self.cookies.remove(name.trim());
            } else {
                self.cookies
                    .insert(name.trim().to_owned(), value.trim().to_owned());
            }
        }
        if changed {
            self.cookie_header = self
                .cookies
                .iter()
                .map(|(name, value)| format!("{name}={value}"))
                .collect::<Vec<_>>()
                .join("; ");
        }
    }

    /// GET `path`, expecting 200: the page.
    async fn page(&mut self, path: &str) -> Result<String, String> {
        let answer = self.send(path, None).await?;
        if answer.status != 200 {
            return Err(format!("GET {path}: {}", answer.describe()));
        }
        Ok(answer.text())
    }

    /// Submits the form of the page at `path` as a browser would: the page's CSRF token and (if
    /// it has one) revision, then `fields`. Expects 303; where it goes.
    async fn save(&mut self, path: &str, fields: &[(&str, &str)]) -> Result<String, String> {
        let page = self.page(path).await?;
        let token = input_value(&page, "csrf_token")
            .ok_or_else(|| format!("GET {path}: no csrf_token field"))?;
        let mut body = vec![("csrf_token", token.as_str())];
        let revision = input_value(&page, "revision");
        if let Some(revision) = &revision {
            body.push(("revision", revision.as_str()));
        }
        body.extend_from_slice(fields);
        let answer = self.send(path, Some(Bytes::from(urlencode(&body)))).await?;
        match (answer.status, &answer.location) {
            (303, Some(to)) => Ok(to.clone()),
            _ => Err(format!("POST {path}: {}", answer.describe())),
        }
    }
}

/// The value of the `<input>` named `name` in `html`.
fn input_value(html: &str, name: &str) -> Option<String> {
    let needle = format!("name=\"{name}\"");
    let at = html.find(&needle)?;
    let start = html[..at].rfind('<')?;
    let end = at + html[at..].find('>')?;
    let tag = &html[start..end];
    let from = tag.find(" value=\"")? + " value=\"".len();
    let rest = &tag[from..];
    Some(rest[..rest.find('"')?].replace("&amp;", "&"))
}

/// `application/x-www-form-urlencoded`.
fn urlencode(fields: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (i, (name, value)) in fields.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        encode_into(&mut out, name);
        out.push('=');
        encode_into(&mut out, value);
    }
    out
}

fn encode_into(out: &mut String, text: &str) {
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => {
                out.push(byte as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Making an LPA

const DONOR: &[(&str, &str)] = &[
    ("name-title", "Mrs"),
    ("name-first", "Dana"),
    ("name-last", "Donor"),
    ("dob-day", "1"),
    ("dob-month", "2"),
    ("dob-year", "1950"),
    ("address-address1", "1 High Street"),
    ("address-address3", "Leeds"),
    ("address-postcode", "LS1 1AA"),
];

/// The donor fields with another first name (the same length), so each save changes something.
fn donor_named(first: &'static str) -> Vec<(&'static str, &'static str)> {
    DONOR
        .iter()
        .map(|&(name, value)| (name, if name == "name-first" { first } else { value }))
        .collect()
}

const ATTORNEY: &[(&str, &str)] = &[
    ("name-first", "Ann"),
    ("name-last", "Attorney"),
    ("kind", "human"),
    ("dob-day", "2"),
    ("dob-month", "3"),
    ("dob-year", "1970"),
    ("address-address1", "2 Low Road"),
    ("address-postcode", "LS2 2BB"),
];

/// Signs `email` in on a fresh browser; names the account if it has no name yet.
async fn sign_in(browser: &mut Browser, email: &str, password: &str) -> Result<(), String> {
    let to = browser
        .save("/login", &[("email", email), ("password", password)])
        .await
        .map_err(|e| format!("signing in: {e}"))?;
    if to == "/user/about-you/new" {
        browser
            .save(
                "/user/about-you/new",
                &[("name_first", "Sam"), ("name_last", "Smith")],
            )
            .await
            .map_err(|e| format!("naming the account: {e}"))?;
    }
    Ok(())
}

/// Starts a property and financial affairs LPA and adds its donor: its base path `/lpa/{id}`.
async fn start_lpa(browser: &mut Browser) -> Result<String, String> {
    let to = browser
        .save("/lpa/type", &[("type", "property-and-financial")])
        .await?;
    let base = to
        .strip_suffix("/donor")
        .filter(|base| base.starts_with("/lpa/"))
        .ok_or_else(|| format!("a new LPA should go to its donor, not {to}"))?
        .to_owned();
    expect_to(
        browser.save(&format!("{base}/donor/add"), DONOR).await?,
        &format!("{base}/donor"),
    )?;
    Ok(base)
}

/// A step's URL segment, its form's fields, and the segment its save goes to.
type Step = (
    &'static str,
    &'static [(&'static str, &'static str)],
    &'static str,
);

/// Takes the LPA at `base` (with its donor) through every step to the summary: one attorney,
/// no replacements, the certificate provider skipped, nobody to notify, an instruction.
async fn to_the_summary(browser: &mut Browser, base: &str) -> Result<(), String> {
    // Each step's form, and where its save goes.
    let steps: &[Step] = &[
        ("when-lpa-starts", &[("when", "now")], "primary-attorney"),
        ("primary-attorney/add", ATTORNEY, "primary-attorney"),
        // An empty form confirms "no replacements", skips the certificate provider for now,
        // and confirms nobody to notify.
        ("replacement-attorney", &[], "certificate-provider"),
        ("certificate-provider", &[], "people-to-notify"),
        ("people-to-notify", &[], "instructions"),
        (
            "instructions",
            &[("instruction", "Sell the car"), ("preference", "")],
            "summary",
        ),
    ];
    for (step, fields, next) in steps {
        let to = browser.save(&format!("{base}/{step}"), fields).await?;
        expect_to(to, &format!("{base}/{next}"))?;
    }
    let summary = browser.page(&format!("{base}/summary")).await?;
    for expected in ["Mrs Dana Donor", "Ann Attorney", "Sell the car"] {
        if !summary.contains(expected) {
            return Err(format!("{base}/summary does not show {expected}"));
        }
    }
    Ok(())
}

/// Takes the LPA at `base`, at its summary (the certificate provider skipped), on to its
/// checkout: the certificate provider added, the donor applying, post to the donor, the survey,
/// no repeat application, no fee reduction.
async fn to_the_checkout(browser: &mut Browser, base: &str) -> Result<(), String> {
    let steps: &[Step] = &[
        (
            "certificate-provider/add",
            &[
                ("role", "certificate-provider"),
                ("name-first", "Cee"),
                ("name-last", "Provider"),
                ("address-address1", "3 Side Street"),
                ("address-postcode", "YO1 1AA"),
            ],
            "certificate-provider",
        ),
        (
            "applicant",
            &[("whoIsRegistering", "donor")],
            "correspondent",
        ),
        (
            "correspondent",
            &[("contact", "post"), ("contactInWelsh", "0")],
            "who-are-you",
        ),
        ("who-are-you", &[("who", "donor")], "repeat-application"),
        (
            "repeat-application",
            &[("isRepeatApplication", "is-new")],
            "fee-reduction",
        ),
        (
            "fee-reduction",
            &[("reductionOptions", "notApply")],
            "checkout",
        ),
    ];
    for (step, fields, next) in steps {
        let to = browser.save(&format!("{base}/{step}"), fields).await?;
        expect_to(to, &format!("{base}/{next}"))?;
    }
    let checkout = browser.page(&format!("{base}/checkout")).await?;
    if !checkout.contains("Application fee: £92") {
        return Err(format!("{base}/checkout does not show the fee"));
    }
    Ok(())
}

/// LPAs the dashboard's account has: a full first page.
const DASHBOARD_LPAS: usize = 50;

fn expect_to(to: String, expected: &str) -> Result<(), String> {
    if to == expected {
        Ok(())
    } else {
        Err(format!("expected a redirect to {expected}, got {to}"))
    }
}

// ---------------------------------------------------------------------------------------------
// Statistics

#[derive(Default)]
struct Stats {
    tally: Tally,
    /// Saves answered (303 to the donor page), warm-up included.
    saves: u64,
    /// Saves the revisions show: the end revision less the start one, over the connections.
    revisions_gained: i64,
    request_bytes: usize,
    response_bytes: usize,
}

impl Counts for Stats {
    fn tally(&self) -> &Tally {
        &self.tally
    }

    fn tally_mut(&mut self) -> &mut Tally {
        &mut self.tally
    }

    fn merge(&mut self, other: Stats) {
        self.tally.merge(other.tally);
        self.saves += other.saves;
        self.revisions_gained += other.revisions_gained;
        self.request_bytes = self.request_bytes.max(other.request_bytes);
        self.response_bytes = self.response_bytes.max(other.response_bytes);
    }
}

// ---------------------------------------------------------------------------------------------
// The run

async fn set_password(args: SetPasswordArgs) -> bool {
    let SetPasswordArgs { url, password } = args;
    let target = parse_url(&url);
    let mut browser = Browser::new(target.clone());
    let fields = [
        ("password", password.as_str()),
        ("password_confirm", password.as_str()),
    ];
    match browser.save(&target.path, &fields).await {
        Ok(_) => true,
        Err(error) => {
            eprintln!("page-load: setting the password: {error}");
            false
        }
    }
}

async fn submit(args: SubmitArgs) -> bool {
    let target = parse_url(&args.url);
    let mut browser = Browser::new(target.clone());
    let fields: Vec<(&str, &str)> = args
        .fields
        .iter()
        .map(|field| field.split_once('=').unwrap_or((field.as_str(), "")))
        .collect();
    let rounds: Vec<Option<(&str, &str)>> =
        match args.each.as_deref().and_then(|each| each.split_once('=')) {
            Some((name, values)) => values.split(',').map(|value| Some((name, value))).collect(),
            None => vec![None],
        };
    let submitted = async {
        sign_in(&mut browser, &args.email, &args.password).await?;
        for round in rounds {
            let mut sent = fields.clone();
            sent.extend(round);
            browser.save(&target.path, &sent).await?;
        }
        Ok::<(), String>(())
    };
    match submitted.await {
        Ok(_) => true,
        Err(error) => {
            eprintln!("page-load: submitting {}: {error}", target.path);
            false
        }
    }
}

/// What one connection works on once set up.
struct Work {
    browser: Browser,
    /// The path requested.
    path: String,
    /// For a save: the LPA's revision as this connection knows it, and the one it started from.
    revision: i64,
    start_revision: i64,
    /// For a save: where a save goes (the donor's page).
    saved_to: String,
    /// The CSRF token the forms carry (the session's; a stand-in of the same length for bare).
    csrf: String,
}

async fn prepare(
    mode: Mode,
    target: &Target,
    email: &str,
    password: &str,
    first: bool,
) -> Result<Work, String> {
    let mut browser = Browser::new(target.clone());
    if mode.signs_in() {
        sign_in(&mut browser, email, password).await?;
    }
    let mut work = Work {
        browser,
        path: target.path.clone(),
        revision: 0,
        start_revision: 0,
        saved_to: String::new(),
        csrf: "x".repeat(43),
    };
    match mode {
        Mode::Edit => {
            let base = start_lpa(&mut work.browser).await?;
            work.path = format!("{base}/donor/edit");
            work.saved_to = format!("{base}/donor");
            let page = work.browser.page(&work.path).await?;
            work.revision = input_value(&page, "revision")
                .and_then(|r| r.parse().ok())
                .ok_or_else(|| format!("{}: no revision field", work.path))?;
            work.start_revision = work.revision;
            work.csrf = input_value(&page, "csrf_token")
                .ok_or_else(|| format!("{}: no csrf_token field", work.path))?;
        }
        Mode::Step => {
            let base = start_lpa(&mut work.browser).await?;
            work.path = format!("{base}/when-lpa-starts");
        }
        Mode::Summary => {
            let base = start_lpa(&mut work.browser).await?;
            to_the_summary(&mut work.browser, &base).await?;
            work.path = format!("{base}/summary");
        }
        Mode::Checkout => {
            let base = start_lpa(&mut work.browser).await?;
            to_the_summary(&mut work.browser, &base).await?;
            to_the_checkout(&mut work.browser, &base).await?;
            work.path = format!("{base}/checkout");
        }
        Mode::Dashboard => {
            // The first connection gives the shared account its 50 LPAs (each with a donor).
            if first {
                for _ in 0..DASHBOARD_LPAS {
                    start_lpa(&mut work.browser).await?;
                }
            }
            work.path = "/user/dashboard".to_owned();
            let page = work.browser.page(&work.path).await?;
            let cards = page.matches("class=\"govuk-summary-card__title\"").count();
            if cards != DASHBOARD_LPAS {
                return Err(format!(
                    "the dashboard shows {cards} LPAs, not {DASHBOARD_LPAS}"
                ));
            }
        }
        Mode::BarePost | Mode::Get => {}
    }
    Ok(work)
}

/// The body of the `k`th donor save (or a bare POST of the same shape).
fn donor_body(csrf: &str, revision: i64, k: u64) -> Bytes {
    let revision = revision.to_string();
    let mut fields = vec![("csrf_token", csrf), ("revision", revision.as_str())];
    fields.extend(donor_named(if k.is_multiple_of(2) {
        "Dina"
    } else {
        "Dana"
    }));
    Bytes::from(urlencode(&fields))
}

async fn drive(mode: Mode, mut work: Work, mut pacer: Pacer) -> Stats {
    let mut stats = Stats::default();
    let expected = mode.expected_status();
    while let Some(turn) = pacer.next_due().await {
        let form = match mode {
            Mode::Edit | Mode::BarePost => {
                let body = donor_body(&work.csrf, work.revision, turn.number());
                stats.request_bytes = body.len();
                Some(body)
            }
            Mode::Step | Mode::Summary | Mode::Dashboard | Mode::Checkout | Mode::Get => None,
        };
        let (outcome, latency) = turn.time(work.browser.send(&work.path, form)).await;
        match outcome {
            Ok(answer) => {
                let mut good = answer.status == expected;
                if mode == Mode::Edit {
                    if answer.status == 303
                        && answer.location.as_deref() == Some(work.saved_to.as_str())
                    {
                        work.revision += 1;
                        stats.saves += 1;
                    } else {
                        good = false;
                        if answer.status == 400 {
                            // Refused: the page it answers with carries the current revision.
                            if let Some(r) =
                                input_value(&answer.text(), "revision").and_then(|r| r.parse().ok())
                            {
                                work.revision = r;
                            }
                        }
                    }
                }
                stats.response_bytes = answer.body.len();
                let status = match (&answer.location, good) {
                    (Some(to), false) => format!("{} to {to}", answer.status),
                    _ => answer.status.to_string(),
                };
                stats.tally.answered(latency, status, good, || {
                    format!("{}: {}", work.path, answer.describe())
                });
            }
            Err(error) => stats
                .tally
                .failed(latency.is_some(), format!("{}: {error}", work.path)),
        }
    }
    if mode == Mode::Edit {
        // What the store says: the revision on the edit page now.
        match work.browser.page(&work.path).await {
            Ok(page) => match input_value(&page, "revision").and_then(|r| r.parse::<i64>().ok()) {
                Some(now) => stats.revisions_gained = now - work.start_revision,
                None => {
                    stats
                        .tally
                        .problem(|| format!("{}: no revision at the end", work.path));
                    stats.revisions_gained = -1_000_000_000;
                }
            },
            Err(error) => {
                stats.tally.problem(|| format!("at the end: {error}"));
                stats.revisions_gained = -1_000_000_000;
            }
        }
    }
    stats
}

async fn run(mode: Mode, args: RunArgs) -> bool {
    let RunArgs {
        url,
        email,
        password,
        load,
    } = args;
    load.check().unwrap_or_else(|error| die(&error));
    let target = parse_url(&url);
    let (email, password) = (email.unwrap_or_default(), password.unwrap_or_default());
    if mode.signs_in() && (email.is_empty() || password.is_empty()) {
        die("--email and --password are required");
    }

    // Set up one connection at a time: signing in hashes a password on the server.
    let setup_began = Instant::now();
    let mut works = Vec::with_capacity(load.concurrency);
    for i in 0..load.concurrency {
        match prepare(mode, &target, &email, &password, i == 0).await {
            Ok(work) => works.push(work),
            Err(error) => {
                eprintln!("page-load: setting up connection {i}: {error}");
                return false;
            }
        }
    }
    let setup = setup_began.elapsed().as_secs_f64();
    let what = match mode {
        Mode::Edit => "POST /lpa/{id}/donor/edit (an LPA per connection)".to_owned(),
        Mode::Step => "GET /lpa/{id}/when-lpa-starts (an LPA per connection)".to_owned(),
        Mode::Summary => "GET /lpa/{id}/summary (an LPA per connection)".to_owned(),
        Mode::Dashboard => format!("GET /user/dashboard ({DASHBOARD_LPAS} LPAs on the page)"),
        Mode::Checkout => "GET /lpa/{id}/checkout (an LPA per connection)".to_owned(),
        Mode::BarePost => format!("POST {} (bare)", target.path),
        Mode::Get => format!("GET {} (not signed in)", target.path),
    };

    // "measuring" is for a profiler to start on (bench/run's BENCH_PROFILE).
    let measured = load
        .run(
            works,
            |work, pacer| drive(mode, work, pacer),
            || eprintln!("measuring"),
        )
        .await;
    let stats = &measured.counts;
    let verified = match mode {
        Mode::Edit => {
            if stats.revisions_gained == stats.saves as i64 {
                "yes"
            } else {
                "no"
            }
        }
        _ => "n/a",
    };
    eprintln!("{what} at {url}: {}", load.describe(Some(setup)));
    let mut own_lines = vec![format!(
        "  bytes      request body {}, response body {}",
        stats.request_bytes, stats.response_bytes
    )];
    if mode == Mode::Edit {
        own_lines.push(format!(
            "  saves      {} answered with 303 to the donor page (warm-up included); the revisions went up by {} ({})",
            stats.saves,
            stats.revisions_gained,
            if verified == "yes" { "they agree" } else { "THEY DO NOT AGREE" }
        ));
    }
    measured.report(mode.expected_status(), &own_lines);
    println!(
        "{}",
        measured.result_line(&format!(
            "saves={} verified={verified} request_bytes={} response_bytes={}",
            stats.saves, stats.request_bytes, stats.response_bytes
        ))
    );
    if !measured.passed("page-load", mode.expected_status()) {
        return false;
    }
    if verified == "no" {
        eprintln!("page-load: the saves counted and the revisions stored do not agree");
        return false;
    }
    true
}

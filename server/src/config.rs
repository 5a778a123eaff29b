//! Layered configuration: built-in defaults < a TOML file (`--config` or `APP_CONFIG`) < environment.
//!
//! Environment names: every key as `APP_<KEY>` (`APP_DATABASE_URL`, `APP_ENVIRONMENT`, …), plus the
//! conventional `DATABASE_URL`, and `LEPTOS_SITE_ADDR` / `LEPTOS_SITE_ROOT` as cargo-leptos sets them.
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Environment {
    /// A developer's machine: dev-only pages and routes are on.
    Development,
    /// Automated tests: as development.
    Test,
    /// A live service: dev-only pages and routes are off, cookies are `Secure`.
    Production,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Json,
    Pretty,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Config {
    pub environment: Environment,
    /// Where the HTTP server listens.
    pub addr: SocketAddr,
    /// `sqlite://data/app.db` (embedded default) or `postgres://…`.
    pub database_url: String,
    /// The built site (cargo-leptos' `target/site`): `pkg/` and `assets/`.
    pub site_root: PathBuf,
    pub log_format: LogFormat,
    /// How long in-flight requests may take to finish after a shutdown signal.
    pub shutdown_grace_seconds: u64,
    /// The app's public origin, for the links it hands out (signed object URLs, emails);
    /// `http://{addr}` by default.
    pub public_url: Option<String>,
    /// The secret that signs URLs, at least 32 bytes. Required in production; elsewhere a random
    /// one is made at each start.
    pub secret_key: Option<String>,
    /// Redis for sessions (`REDIS_URL`); without it, sessions live in the database.
    pub redis_url: Option<String>,
    /// An S3 bucket for objects (`S3_BUCKET`); without it, objects live in `objects_dir`.
    pub s3_bucket: Option<String>,
    /// Another S3 server than AWS's (`S3_ENDPOINT`), addressed path-style.
    pub s3_endpoint: Option<String>,
    /// The bucket's region (`S3_REGION`); the AWS configuration's, or `us-east-1`, by default.
    pub s3_region: Option<String>,
    /// Static keys for an S3-compatible server (`S3_ACCESS_KEY_ID` and `S3_SECRET_ACCESS_KEY`,
    /// both or neither); without them, the AWS SDK's own chain (its environment variables, the
    /// instance's role).
    pub s3_access_key_id: Option<String>,
    pub s3_secret_access_key: Option<String>,
    /// RabbitMQ (`AMQP_URL`) for live fan-out across instances and the feed's queue; without it,
    /// both stay in this process (one instance).
    pub amqp_url: Option<String>,
    /// Prefixes the broker's exchange and queue names, so deployments can share a broker.
    pub amqp_namespace: String,
    /// Feed posts each address may send per second, and in a burst (tokens have their own, equal
    /// allowance).
    pub feed_posts_per_second: u32,
    pub feed_posts_burst: u32,
    /// The filesystem object store's directory.
    pub objects_dir: PathBuf,
    /// A session ends after this long without a request.
    pub session_inactivity_minutes: u64,
    /// An SMTP server for mail (`SMTP_URL`: `smtp://`, `smtp://…?tls=required` or `smtps://`,
    /// credentials in the URL); without it, mail goes to the outbox table.
    pub smtp_url: Option<String>,
    /// The `From` of every mail.
    pub mail_from: String,
    /// clamd's TCP socket (`CLAMD_ADDR`, `host:port`) for virus scanning. Without it, files are
    /// scanned by the embedded scanner, which finds only the EICAR test string: production must
    /// set it.
    pub clamd_addr: Option<String>,
    /// clamd's `StreamMaxLength` in bytes: longer files are refused as too large, unscanned.
    pub clamd_stream_max_bytes: u64,
    /// Behind a load balancer that sets `X-Forwarded-For`: rate limits count the address it puts
    /// first. Off, they count the connection's address (a client could forge the header).
    pub trust_forwarded_for: bool,
    /// Whether `server serve` also runs the job worker and scheduler. Off when separate
    /// `server worker` processes do the jobs.
    pub run_jobs: bool,
    /// GOV.UK Pay's API (`https://publicapi.payments.service.gov.uk`, or our fake's URL). Outside
    /// production, when unset, the app serves the fake itself at `/__dev/govuk-pay`.
    pub pay_url: Option<String>,
    /// GOV.UK Pay's API key (a secret). Required with `pay_url` in production; outside production
    /// the fake's key by default.
    pub pay_api_key: Option<String>,
    /// How many jobs of a kind one worker runs at once, by kind (`{ "pdf.render" = 4 }`); 2 for
    /// kinds not listed, 0 to leave a kind to other workers.
    pub job_concurrency: HashMap<String, usize>,
    /// How long a worker holds a job it has claimed without renewing it (it renews while the job
    /// runs): a job whose worker died runs again this long after the worker last renewed it.
    pub job_lease_seconds: u64,
    /// The Sirius gateway (opg-data-lpa), or our `sirius-gateway-fake`, before `/v1/…`. Outside
    /// production, when unset, the app serves the fake itself at `/__dev/sirius`.
    pub sirius_url: Option<String>,
    /// The AWS region the gateway's SigV4 signatures are scoped to.
    pub sirius_region: String,
    /// Static keys to sign gateway requests with (both or neither); without them, the AWS SDK's
    /// own chain (its environment variables, the task's role), as the real service does. Outside
    /// production, the app's own fake's keys when it serves the fake.
    pub sirius_access_key_id: Option<String>,
    pub sirius_secret_access_key: Option<String>,
    /// How long an answer of the Sirius gateway is used before asking again (less the `Age` the
    /// gateway gives it).
    pub sirius_cache_seconds: u64,
    /// Ordnance Survey's Places API (`https://api.os.uk`), or our `os-places-fake`, for the
    /// address finder. Outside production, when unset, the app serves the fake itself at
    /// `/__dev/os-places`.
    pub os_places_url: Option<String>,
    /// Its API key (a secret). Required with `os_places_url` in production; outside production,
    /// the fake's by default.
    pub os_places_key: Option<String>,
    /// LPAs completed on or after this date are tracked through Sirius (reference §6).
    pub track_from_date: chrono::NaiveDate,
    /// The data store's external sources (`[[datastore_sources]]` tables, README), pulled nightly
    /// and by `server datastore pull`; none by default. Checked as the configuration loads, so a
    /// source that cannot work stops the start with what is wrong.
    pub datastore_sources: app::datastore::sources::Sources,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            environment: Environment::Development,
            addr: SocketAddr::from(([127, 0, 0, 1], 3000)),
            database_url: "sqlite://data/app.db".to_owned(),
            site_root: PathBuf::from("target/site"),
            log_format: LogFormat::Json,
            shutdown_grace_seconds: 20,
            public_url: None,
            secret_key: None,
            redis_url: None,
            s3_bucket: None,
            s3_endpoint: None,
            s3_region: None,
            s3_access_key_id: None,
            s3_secret_access_key: None,
            amqp_url: None,
            amqp_namespace: "lpa".to_owned(),
            feed_posts_per_second: 20,
            feed_posts_burst: 200,
            objects_dir: PathBuf::from(backends::objects::DEFAULT_FILESYSTEM_ROOT),
            // The real service signs users out after 75 minutes without activity.
            session_inactivity_minutes: 75,
            smtp_url: None,
            mail_from: backends::mail::DEFAULT_FROM.to_owned(),
            clamd_addr: None,
            clamd_stream_max_bytes: backends::antivirus::DEFAULT_STREAM_MAX_BYTES,
            trust_forwarded_for: false,
            run_jobs: true,
            pay_url: None,
            pay_api_key: None,
            job_concurrency: HashMap::new(),
            job_lease_seconds: 60,
            sirius_url: None,
            sirius_region: sirius_gateway_fake::DEFAULT_REGION.to_owned(),
            sirius_access_key_id: None,
            sirius_secret_access_key: None,
            sirius_cache_seconds: 300,
            os_places_url: None,
            os_places_key: None,
            // The real service's `track-from-date`.
            track_from_date: chrono::NaiveDate::from_ymd_opt(2019, 4, 1).expect("a date"),
            datastore_sources: app::datastore::sources::Sources::default(),
        }
    }
}

impl Config {
    /// Loads the layers. A missing file named explicitly is an error; bad values name their key.
    pub fn load(file: Option<&Path>) -> Result<Self, Box<figment::Error>> {
        let mut figment = Figment::from(Serialized::defaults(Config::default()));
        if let Some(file) = file {
            if !file.exists() {
                return Err(Box::new(figment::Error::from(format!(
                    "configuration file {} does not exist",
                    file.display()
                ))));
            }
            figment = figment.merge(Toml::file(file));
        }
        figment
            .merge(Env::raw().only(&[
                "DATABASE_URL",
                "REDIS_URL",
                "AMQP_URL",
                "S3_BUCKET",
                "S3_ENDPOINT",
                "S3_REGION",
                "S3_ACCESS_KEY_ID",
                "S3_SECRET_ACCESS_KEY",
                "SMTP_URL",
                "CLAMD_ADDR",
            ]))
            .merge(
                Env::raw()
                    .only(&["LEPTOS_SITE_ADDR"])
                    .map(|_| "addr".into()),
            )
            .merge(
                Env::raw()
                    .only(&["LEPTOS_SITE_ROOT"])
                    .map(|_| "site_root".into()),
            )
            .merge(Env::prefixed("APP_").ignore(&["CONFIG"]))
            .extract()
            .map_err(Box::new)
    }

    /// Dev-only pages and routes (the deliberate-failure routes, later the design-system gallery).
    pub fn dev_routes(&self) -> bool {
        self.environment != Environment::Production
    }

    /// Whether the app serves the fake GOV.UK Pay itself (development, when no `pay_url` is set).
    pub fn serves_fake_pay(&self) -> bool {
        self.dev_routes() && self.pay_url.is_none()
    }

    /// Whether the app serves the fake Sirius gateway itself (development, when no `sirius_url`
    /// is set).
    pub fn serves_fake_sirius(&self) -> bool {
        self.dev_routes() && self.sirius_url.is_none()
    }

    /// The keys to sign Sirius gateway requests with: the configured ones, or (when the app
    /// serves the fake itself) the fake's; `None` for the AWS SDK's chain.
    pub fn sirius_access_key(&self) -> Option<(String, String)> {
        match (&self.sirius_access_key_id, &self.sirius_secret_access_key) {
            (Some(id), Some(secret)) => Some((id.clone(), secret.clone())),
            _ if self.serves_fake_sirius() => Some((
                sirius_gateway_fake::DEFAULT_ACCESS_KEY_ID.to_owned(),
                sirius_gateway_fake::DEFAULT_SECRET_ACCESS_KEY.to_owned(),
            )),
            _ => None,
        }
    }

    /// Whether the app serves the fake OS Places itself (development, when no `os_places_url`
    /// is set).
    pub fn serves_fake_os_places(&self) -> bool {
        self.dev_routes() && self.os_places_url.is_none()
    }

    /// The OS Places key: the configured one, or (outside production) our fake's.
    pub fn os_places_key(&self) -> Option<String> {
        match (&self.os_places_key, self.dev_routes()) {
            (Some(key), _) => Some(key.clone()),
            (None, true) => Some(os_places_fake::DEFAULT_KEY.to_owned()),
            (None, false) => None,
        }
    }

    /// GOV.UK Pay's API key: the configured one, or (outside production) our fake's. `None` in
    /// production without one.
    pub fn pay_api_key(&self) -> Option<String> {
        match (&self.pay_api_key, self.dev_routes()) {
            (Some(key), _) => Some(key.clone()),
            (None, true) => Some(govuk_pay_fake::DEFAULT_API_KEY.to_owned()),
            (None, false) => None,
        }
    }

    /// The origin of GOV.UK Pay's payment pages, where "Confirm and pay" leads, when it is not
    /// ours: GOV.UK Pay's own card pages for its API, else the configured server's origin.
    pub fn payment_pages_origin(&self) -> Option<String> {
        let url = self.pay_url.as_deref()?;
        let (scheme, rest) = url.split_once("://")?;
        let host = rest.split(['/', '?', '#']).next()?;
        if host.ends_with(".payments.service.gov.uk") {
            return Some("https://card.payments.service.gov.uk".to_owned());
        }
        Some(format!("{scheme}://{host}"))
    }

    /// Where the app is reached from outside.
    pub fn public_url(&self) -> String {
        self.public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.addr))
    }

    /// Cookies are `Secure` in production (served over HTTPS); development and tests run on plain
    /// HTTP on localhost, where browsers would drop them.
    pub fn secure_cookies(&self) -> bool {
        self.environment == Environment::Production
    }
}

#[cfg(test)]
// figment's Jail takes closures returning its own (large) error type.
#[allow(clippy::result_large_err)]
mod tests {
    use super::*;

    #[test]
    fn file_overrides_defaults_and_environment_overrides_file() {
        figment::Jail::expect_with(|jail| {
            jail.create_file("app.toml", "environment = \"production\"\ndatabase_url = \"sqlite://file.db\"\nshutdown_grace_seconds = 5")?;
            jail.set_env("APP_DATABASE_URL", "postgres://postgres@127.0.0.1/env");
            let config = Config::load(Some(Path::new("app.toml"))).map_err(|e| e.to_string())?;
            assert_eq!(config.environment, Environment::Production);
            assert_eq!(config.database_url, "postgres://postgres@127.0.0.1/env");
            assert_eq!(config.shutdown_grace_seconds, 5);
            assert_eq!(
                config.log_format,
                LogFormat::Json,
                "untouched keys keep their defaults"
            );
            assert!(!config.dev_routes());
            Ok(())
        });
    }

    #[test]
    fn conventional_environment_names_are_read() {
        figment::Jail::expect_with(|jail| {
            jail.set_env("DATABASE_URL", "postgres://postgres@127.0.0.1/conventional");
            jail.set_env("LEPTOS_SITE_ADDR", "0.0.0.0:8080");
            jail.set_env("LEPTOS_SITE_ROOT", "/srv/site");
            jail.set_env("CLAMD_ADDR", "clamav:3310");
            let config = Config::load(None).map_err(|e| e.to_string())?;
            assert_eq!(
                config.database_url,
                "postgres://postgres@127.0.0.1/conventional"
            );
            assert_eq!(config.addr, "0.0.0.0:8080".parse().unwrap());
            assert_eq!(config.site_root, PathBuf::from("/srv/site"));
            assert_eq!(config.clamd_addr.as_deref(), Some("clamav:3310"));
            Ok(())
        });
    }

    const EXPORTERS: &str = r#"
        [[datastore_sources]]
        id = "hmrc.exporters"
        name = "HMRC exporters"
        listing_url = "https://www.uktradeinfo.com/trade-data/exporters/"
        link_pattern = 'exporters(?P<date>\d{4})\.csv$'
        date_format = "%y%m"
        stored_name = "exporters{date}.csv"
        mode = "incremental"
        max_bytes = 100_000_000
    "#;

    #[test]
    fn datastore_sources_are_tables_of_the_file() {
        figment::Jail::expect_with(|jail| {
            jail.create_file("app.toml", EXPORTERS)?;
            let config = Config::load(Some(Path::new("app.toml"))).map_err(|e| e.to_string())?;
            let source = config
                .datastore_sources
                .find("hmrc.exporters")
                .expect("the source");
            assert_eq!(source.name(), "HMRC exporters");
            assert_eq!(source.refresh_delay_days(), 1, "the default delay");
            assert!(Config::default().datastore_sources.is_empty());
            Ok(())
        });
    }

    #[test]
    fn a_datastore_source_that_cannot_work_stops_the_start() {
        figment::Jail::expect_with(|jail| {
            jail.create_file("app.toml", &EXPORTERS.replace("{date}", ""))?;
            let error = Config::load(Some(Path::new("app.toml")))
                .unwrap_err()
                .to_string();
            assert!(
                error.contains("datastore source hmrc.exporters: stored_name: write {date} once"),
                "{error}"
            );
            Ok(())
        });
    }

    #[test]
    fn a_bad_value_names_its_key_and_a_missing_file_is_an_error() {
        figment::Jail::expect_with(|jail| {
            jail.set_env("APP_ENVIRONMENT", "staging");
            let error = Config::load(None).unwrap_err().to_string();
            assert!(error.contains("environment"), "{error}");
            let missing = Config::load(Some(Path::new("nope.toml")))
                .unwrap_err()
                .to_string();
            assert!(missing.contains("nope.toml"), "{missing}");
            Ok(())
        });
    }
}

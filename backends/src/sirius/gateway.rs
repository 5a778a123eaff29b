//! [`SiriusGateway`]: the [`StatusGateway`] over the gateway's HTTP API, with reqwest. Each
//! request is signed with SigV4 (service `execute-api`) by aws-sigv4, with keys from the
//! configuration or, without them, from the AWS SDK's default credential chain (environment,
//! profile, container or instance role) as the real service's task role provides them.
//!
//! Around each lookup, from the outside in: a cache of answers (a burst of lookups of one LPA
//! makes one call, and an answer is kept [`GatewaySettings::cache_for`] less the `Age` the
//! gateway says its copy already had); the circuit breaker; at most
//! [`GatewaySettings::max_in_flight`] calls at once; retries with exponential back-off on
//! 502/503/504, timeouts and lost connections; a timeout on each attempt.
use std::fmt;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use async_trait::async_trait;
use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
use aws_credential_types::Credentials;
use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
use aws_sigv4::sign::v4;
use backon::{ExponentialBuilder, Retryable};
use reqwest::header::{HeaderValue, ACCEPT, ACCEPT_LANGUAGE, AGE};
use reqwest::{StatusCode, Url};
use tokio::sync::Semaphore;

use super::{online_tool_id, CircuitBreaker, GatewayError, Lookup, SiriusRecord, StatusGateway};
use crate::clock::SharedClock;

/// How the client behaves; [`GatewaySettings::new`] gives the defaults.
#[derive(Clone, Debug)]
pub struct GatewaySettings {
    /// The gateway's base URL, before `/v1/…`.
    pub base_url: String,
    /// The AWS region the signature is scoped to.
    pub region: String,
    /// An access key id and secret to sign with; `None` takes the AWS default credential chain.
    pub access_key: Option<(String, String)>,
    /// The most one attempt may take, connection included.
    pub attempt_timeout: Duration,
    /// Attempts after the first, on 502, 503, 504, a timeout or a lost connection.
    pub retries: usize,
    /// The first back-off (doubling after each retry, with jitter).
    pub first_backoff: Duration,
    /// How long an answer is used before asking again.
    pub cache_for: Duration,
    /// The most lookups on their way to the gateway at once.
    pub max_in_flight: usize,
    /// Failures in a row that open the circuit, and for how long it stays open.
    pub failures_to_open: u32,
    pub open_for: chrono::Duration,
}

impl GatewaySettings {
    pub fn new(base_url: &str, region: &str) -> Self {
        Self {
            base_url: base_url.to_owned(),
            region: region.to_owned(),
            access_key: None,
            attempt_timeout: Duration::from_secs(5),
            retries: 2,
            first_backoff: Duration::from_millis(100),
            cache_for: Duration::from_secs(5 * 60),
            max_in_flight: 50,
            failures_to_open: 5,
            open_for: chrono::Duration::seconds(30),
        }
    }
}

/// An answer and how long it may be used.
#[derive(Clone)]
struct Fresh {
    lookup: Lookup,
    for_: Duration,
}

/// Each cached answer expires when its own freshness runs out.
struct FreshFor;

impl moka::Expiry<u64, Fresh> for FreshFor {
    fn expire_after_create(
        &self,
        _: &u64,
        fresh: &Fresh,
        _: std::time::Instant,
    ) -> Option<Duration> {
        Some(fresh.for_)
    }
}

/// The Sirius gateway's API at a base URL (the real gateway, or a `sirius-gateway-fake`).
pub struct SiriusGateway {
    /// `…/v1/lpa-online-tool/lpas/`, ready for a reference.
    lpas_url: Url,
    region: String,
    credentials: SharedCredentialsProvider,
    /// The credentials last provided, until they are close to expiring.
    current: Mutex<Option<Credentials>>,
    http: reqwest::Client,
    cache: moka::future::Cache<u64, Fresh>,
    in_flight: Semaphore,
    breaker: CircuitBreaker,
    backoff: ExponentialBuilder,
    cache_for: Duration,
}

/// Debug output names the URL only (never credentials).
impl fmt::Debug for SiriusGateway {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SiriusGateway")
            .field("lpas_url", &self.lpas_url.as_str())
            .field("breaker", &self.breaker)
            .finish_non_exhaustive()
    }
}

/// How one attempt went wrong, and whether another may go better.
struct Failure {
    error: GatewayError,
    retry: bool,
}

impl From<GatewayError> for Failure {
    fn from(error: GatewayError) -> Self {
        Failure {
            error,
            retry: false,
        }
    }
}

impl SiriusGateway {
    pub async fn new(settings: GatewaySettings, clock: SharedClock) -> Result<Self, GatewayError> {
        let base = Url::parse(&settings.base_url).map_err(|error| {
            GatewayError::Config(format!("{:?} is not a URL: {error}", settings.base_url))
        })?;
        if !matches!(base.scheme(), "https" | "http") || base.host_str().is_none() {
            return Err(GatewayError::Config(format!(
                "{:?} is not an http(s) URL with a host",
                settings.base_url
            )));
        }
        let lpas_url = Url::parse(&format!(
            "{}/v1/lpa-online-tool/lpas/",
            base.as_str().trim_end_matches('/')
        ))
        .map_err(|error| GatewayError::Config(error.to_string()))?;
        let credentials = match settings.access_key {
            Some((id, secret)) => SharedCredentialsProvider::new(Credentials::new(
                id,
                secret,
                None,
                None,
                "configuration",
            )),
            // Told the region, so making the chain asks nothing of the network (no IMDS region
            // lookup at start-up); credentials are looked for at the first lookup.
            None => SharedCredentialsProvider::new(
                aws_config::default_provider::credentials::DefaultCredentialsChain::builder()
                    .region(aws_config::Region::new(settings.region.clone()))
                    .build()
                    .await,
            ),
        };
        let http = reqwest::Client::builder()
            .connect_timeout(settings.attempt_timeout)
            .timeout(settings.attempt_timeout)
            // The gateway never redirects; a redirect would take a signed request elsewhere.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|error| GatewayError::Config(format!("the HTTP client: {error}")))?;
        Ok(Self {
            lpas_url,
            region: settings.region,
            credentials,
            current: Mutex::new(None),
            http,
            cache: moka::future::Cache::builder()
                .max_capacity(100_000)
                .expire_after(FreshFor)
                .build(),
            in_flight: Semaphore::new(settings.max_in_flight.max(1)),
            breaker: CircuitBreaker::new(settings.failures_to_open, settings.open_for, clock),
            backoff: ExponentialBuilder::default()
                .with_min_delay(settings.first_backoff)
                .with_max_times(settings.retries)
                .with_jitter(),
            cache_for: settings.cache_for,
        })
    }

    /// Whether the circuit is open (or being tried): lookups are failing fast.
    pub fn is_failing_fast(&self) -> bool {
        self.breaker.is_open()
    }

    /// Credentials to sign with: the last ones while they have five minutes left.
    async fn credentials(&self) -> Result<Credentials, GatewayError> {
        let margin = Duration::from_secs(5 * 60);
        let usable = |credentials: &Credentials| {
            credentials
                .expiry()
                .is_none_or(|expiry| expiry > SystemTime::now() + margin)
        };
        if let Some(current) = self
            .current
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
            .filter(usable)
        {
            return Ok(current);
        }
        let fresh = self
            .credentials
            .provide_credentials()
            .await
            .map_err(|error| GatewayError::Credentials(error.to_string()))?;
        *self.current.lock().unwrap_or_else(PoisonError::into_inner) = Some(fresh.clone());
        Ok(fresh)
    }

    /// One signed GET of `reference`.
    async fn attempt(&self, url: &Url) -> Result<Fresh, Failure> {
        let credentials = self.credentials().await?;
        let identity = credentials.into();
        let params = v4::SigningParams::builder()
            .identity(&identity)
            .region(&self.region)
            .name("execute-api")
            .time(SystemTime::now())
            .settings(SigningSettings::default())
            .build()
            .map_err(|error| GatewayError::Config(error.to_string()))?
            .into();
        let headers = [("accept", "application/json"), ("accept-language", "en")];
        let signable = SignableRequest::new(
            "GET",
            url.as_str(),
            headers.iter().copied(),
            SignableBody::Bytes(&[]),
        )
        .map_err(|error| GatewayError::Config(error.to_string()))?;
        let (instructions, _) = sign(signable, &params)
            .map_err(|error| GatewayError::Config(error.to_string()))?
            .into_parts();
        let mut request = self
            .http
            .get(url.clone())
            .header(ACCEPT, "application/json")
            .header(ACCEPT_LANGUAGE, "en");
        for (name, value) in instructions.headers() {
            let mut value = HeaderValue::from_str(value)
                .map_err(|error| GatewayError::Config(error.to_string()))?;
            value.set_sensitive(name == "authorization" || name == "x-amz-security-token");
            request = request.header(name, value);
        }
        let response = request.send().await.map_err(|error| Failure {
            error: GatewayError::Unavailable(describe(&error)),
            retry: error.is_timeout() || error.is_connect() || error.is_request(),
        })?;
        let status = response.status();
        let age = response
            .headers()
            .get(AGE)
            .and_then(|age| age.to_str().ok()?.trim().parse::<u64>().ok())
            .map_or(Duration::ZERO, Duration::from_secs);
        let body = response.bytes().await.map_err(|error| Failure {
            error: GatewayError::Unavailable(describe(&error)),
            retry: true,
        })?;
        let lookup = match status {
            StatusCode::OK => Lookup::Found(self.record(url, &body)?),
            StatusCode::NOT_FOUND => Lookup::NotReceived,
            StatusCode::GONE => Lookup::Deleted,
            StatusCode::BAD_GATEWAY
            | StatusCode::SERVICE_UNAVAILABLE
            | StatusCode::GATEWAY_TIMEOUT => {
                return Err(Failure {
                    error: GatewayError::Unavailable(format!("{status}")),
                    retry: true,
                })
            }
            status if status.is_server_error() => {
                return Err(GatewayError::Unavailable(format!("{status}")).into())
            }
            status => {
                return Err(GatewayError::Refused {
                    status: status.as_u16(),
                    body: excerpt(&body),
                }
                .into())
            }
        };
        Ok(Fresh {
            lookup,
            for_: self.cache_for.saturating_sub(age),
        })
    }

    /// A 200's record, which must be the LPA asked for.
    fn record(&self, url: &Url, body: &[u8]) -> Result<SiriusRecord, GatewayError> {
        let record: SiriusRecord = serde_json::from_slice(body)
            .map_err(|error| GatewayError::BadResponse(format!("{error}: {}", excerpt(body))))?;
        let asked = url
            .path_segments()
            .and_then(|mut segments| segments.next_back());
        if asked != Some(record.online_lpa_id.as_str()) {
            return Err(GatewayError::BadResponse(format!(
                "asked for {asked:?}, answered {:?}",
                record.online_lpa_id
            )));
        }
        Ok(record)
    }

    /// The call behind the cache: breaker, limit, retries.
    async fn fetch(&self, id: u64) -> Result<Fresh, GatewayError> {
        if !self.breaker.allows() {
            return Err(GatewayError::CircuitOpen);
        }
        let url = self
            .lpas_url
            .join(&online_tool_id(id))
            .map_err(|error| GatewayError::Config(error.to_string()));
        let result = match url {
            Ok(url) => {
                let _permit = self
                    .in_flight
                    .acquire()
                    .await
                    .map_err(|_| GatewayError::Unavailable("shutting down".to_owned()))?;
                (|| self.attempt(&url))
                    .retry(self.backoff)
                    .sleep(tokio::time::sleep)
                    .when(|failure| failure.retry)
                    .notify(|failure, after| {
                        tracing::info!(error = %failure.error, ?after, "retrying a Sirius gateway lookup");
                    })
                    .await
                    .map_err(|failure| failure.error)
            }
            Err(error) => Err(error),
        };
        match &result {
            Ok(_) | Err(GatewayError::Refused { .. } | GatewayError::BadResponse(_)) => {
                self.breaker.succeeded()
            }
            Err(_) => self.breaker.failed(),
        }
        result
    }
}

#[async_trait]
impl StatusGateway for SiriusGateway {
    async fn lookup(&self, id: u64) -> Result<Lookup, GatewayError> {
        self.cache
            .try_get_with(id, self.fetch(id))
            .await
            .map(|fresh| fresh.lookup)
            .map_err(|error| (*error).clone())
    }
}

/// A reqwest error with its causes (its own message rarely says what happened).
fn describe(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// The start of a body, for an error message.
fn excerpt(body: &[u8]) -> String {
    String::from_utf8_lossy(&body[..body.len().min(200)]).into_owned()
}

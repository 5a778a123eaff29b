//! Finding addresses by postcode: one [`AddressLookup`] trait, and [`OsPlaces`], which implements
//! it over Ordnance Survey's Places API (`GET {base}/search/places/v1/postcode?postcode=…&key=…`,
//! the delivery point addresses, in English). The same client talks to the real API and to
//! `os-places-fake`, which answers as it does. How an address is split into the LPA's lines is
//! the LPA service's business, not this layer's.
use std::fmt;
use std::time::Duration;

use async_trait::async_trait;
use reqwest::{StatusCode, Url};
use serde::Deserialize;

/// An address as OS Places gives it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct PlaceAddress {
    #[serde(rename = "UPRN")]
    pub uprn: String,
    /// The whole address, comma-separated, ending with the postcode.
    #[serde(rename = "ADDRESS")]
    pub address: String,
    #[serde(rename = "POSTCODE")]
    pub postcode: String,
}

/// The address lookup's one error type.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AddressLookupError {
    /// Not a postcode OS can search for (400).
    #[error("not a postcode that can be looked up")]
    InvalidPostcode,
    /// Not reached, too slow, or 5xx.
    #[error("the address lookup is unavailable: {0}")]
    Unavailable(String),
    /// It refused the request (a wrong key, over the quota).
    #[error("the address lookup refused the request: {0}")]
    Refused(u16),
    /// It answered something this client does not understand.
    #[error("the address lookup's answer could not be understood: {0}")]
    BadResponse(String),
    /// The client cannot be made from its configuration.
    #[error("address lookup configuration: {0}")]
    Config(String),
}

/// Finds the addresses at a postcode.
#[async_trait]
pub trait AddressLookup: Send + Sync + fmt::Debug {
    /// Every address at `postcode` (none when it has none).
    async fn by_postcode(&self, postcode: &str) -> Result<Vec<PlaceAddress>, AddressLookupError>;
}

/// How long a lookup may take: a person is waiting on it.
const TIMEOUT: Duration = Duration::from_secs(5);

/// OS Places at a base URL (`https://api.os.uk`, or an `os-places-fake`).
#[derive(Clone)]
pub struct OsPlaces {
    postcode_url: Url,
    key: String,
    http: reqwest::Client,
}

/// The key is a secret: debug output names the URL only.
impl fmt::Debug for OsPlaces {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OsPlaces")
            .field("postcode_url", &self.postcode_url.as_str())
            .finish_non_exhaustive()
    }
}

#[derive(Deserialize)]
struct Answer {
    header: Header,
    #[serde(default)]
    results: Vec<Place>,
}

#[derive(Deserialize)]
struct Header {
    totalresults: u64,
}

#[derive(Deserialize)]
struct Place {
    #[serde(rename = "DPA")]
    dpa: PlaceAddress,
}

impl OsPlaces {
    pub fn new(base_url: &str, key: impl Into<String>) -> Result<Self, AddressLookupError> {
        let base = Url::parse(base_url).map_err(|error| {
            AddressLookupError::Config(format!("{base_url:?} is not a URL: {error}"))
        })?;
        if !matches!(base.scheme(), "https" | "http") {
            return Err(AddressLookupError::Config(format!(
                "{base_url:?} is not an http(s) URL"
            )));
        }
        let postcode_url = Url::parse(&format!(
            "{}/search/places/v1/postcode",
            base.as_str().trim_end_matches('/')
        ))
        .map_err(|error| AddressLookupError::Config(error.to_string()))?;
        let http = reqwest::Client::builder()
            .connect_timeout(TIMEOUT)
            .timeout(TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|error| AddressLookupError::Config(format!("the HTTP client: {error}")))?;
        Ok(Self {
            postcode_url,
            key: key.into(),
            http,
        })
    }
}

#[async_trait]
impl AddressLookup for OsPlaces {
    async fn by_postcode(&self, postcode: &str) -> Result<Vec<PlaceAddress>, AddressLookupError> {
        let response = self
            .http
            .get(self.postcode_url.clone())
            .query(&[
                ("postcode", postcode),
                ("key", self.key.as_str()),
                ("lr", "EN"),
                ("dataset", "DPA"),
            ])
            .header("accept", "application/json")
            .send()
            .await
            // Without the URL, which holds the key.
            .map_err(|error| AddressLookupError::Unavailable(error.without_url().to_string()))?;
        match response.status() {
            StatusCode::OK => {}
            StatusCode::BAD_REQUEST => return Err(AddressLookupError::InvalidPostcode),
            status if status.is_server_error() => {
                return Err(AddressLookupError::Unavailable(status.to_string()))
            }
            status => return Err(AddressLookupError::Refused(status.as_u16())),
        }
        let body = response
            .bytes()
            .await
            .map_err(|error| AddressLookupError::Unavailable(error.without_url().to_string()))?;
        let answer: Answer = serde_json::from_slice(&body)
            .map_err(|error| AddressLookupError::BadResponse(error.to_string()))?;
        if answer.results.is_empty() && answer.header.totalresults > 0 {
            return Err(AddressLookupError::BadResponse(
                "results counted but not given".to_owned(),
            ));
        }
        Ok(answer
            .results
            .into_iter()
            .map(|result| result.dpa)
            .collect())
    }
}

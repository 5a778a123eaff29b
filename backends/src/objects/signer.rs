//! Signed URLs for the filesystem backend, the stand-in for S3's presigned URLs: the app serves
//! `GET`/`PUT {base_url}/objects/{key}` and lets a request through only when [`UrlSigner::verify`]
//! accepts its query. The signature is an HMAC-SHA256 over the method, key, expiry and (for `PUT`)
//! the content type, the body's exact length and the stored object's expiry, so none of them can
//! be changed without the secret key.
use std::fmt;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Deserialize;
use sha2::Sha256;

use super::{ObjectError, ObjectKey};

/// Where the filesystem store's signed URLs point, and the route that answers them (the server's).
pub const SIGNED_URL_PREFIX: &str = "/objects/";
pub const SIGNED_URL_ROUTE: &str = "/objects/{*key}";

type HmacSha256 = Hmac<Sha256>;

/// Shorter keys are refused: the signature is only as strong as the key.
pub const MIN_SIGNING_KEY_BYTES: usize = 32;

/// Everything but RFC 3986's unreserved characters is percent-encoded.
const URL_COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Why a signed URL is refused. The route answers 403 for all of them (410 may suit `Expired`).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("the signed URL is malformed: {0}")]
    Malformed(&'static str),
    #[error("the signature does not match")]
    Invalid,
    #[error("the signed URL has expired")]
    Expired,
    #[error("the URL was signed for {signed}, not {requested}")]
    MethodMismatch { signed: String, requested: String },
    #[error("the URL was signed for content type {signed:?}, not {requested:?}")]
    ContentTypeMismatch {
        signed: String,
        requested: Option<String>,
    },
    #[error("the URL was signed for a body of {signed} bytes, not {requested:?}")]
    LengthMismatch { signed: u64, requested: Option<u64> },
}

/// What a request to `/objects/{key}` sends that its URL's signature binds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ObjectRequest<'a> {
    pub method: &'a str,
    pub content_type: Option<&'a str>,
    /// The request's `Content-Length`, if it sent one.
    pub content_length: Option<u64>,
}

impl<'a> ObjectRequest<'a> {
    pub fn get() -> Self {
        ObjectRequest {
            method: "GET",
            content_type: None,
            content_length: None,
        }
    }

    pub fn put(content_type: Option<&'a str>, content_length: Option<u64>) -> Self {
        ObjectRequest {
            method: "PUT",
            content_type,
            content_length,
        }
    }

    /// A `PUT` as its headers describe it (an unreadable header counts as absent).
    pub fn put_with(headers: &'a http::HeaderMap) -> Self {
        let text = |name| headers.get(name).and_then(|value| value.to_str().ok());
        Self::put(
            text(http::header::CONTENT_TYPE),
            text(http::header::CONTENT_LENGTH).and_then(|length| length.parse().ok()),
        )
    }
}

/// The query of a signed URL, as the route extracts it (`axum::extract::Query<SignedQuery>`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct SignedQuery {
    /// Unix seconds after which the URL is refused.
    pub expires: i64,
    /// Lower-case hex HMAC-SHA256.
    pub signature: String,
    /// `PUT` for upload URLs; absent for `GET`.
    pub method: Option<String>,
    /// The content type an upload URL was signed for; the upload must send exactly this one.
    pub content_type: Option<String>,
    /// The bytes an upload URL was signed for; the upload's body must be exactly this long.
    pub length: Option<u64>,
    /// Unix seconds: when the object an upload URL stores expires (`PutOptions::expires_at`).
    pub object_expires: Option<i64>,
}

impl SignedQuery {
    /// What a verified upload stores its object with: the content type it sent (the one signed)
    /// and the signed expiry.
    pub fn put_options(&self, content_type: &str) -> super::PutOptions {
        let options = super::PutOptions::new(content_type);
        match self
            .object_expires
            .and_then(|at| DateTime::from_timestamp(at, 0))
        {
            Some(expires_at) => options.expiring_at(expires_at),
            None => options,
        }
    }
}

/// Signs and verifies the filesystem backend's URLs. Clones share the key.
#[derive(Clone)]
pub struct UrlSigner {
    base_url: String,
    key: Arc<[u8]>,
}

impl fmt::Debug for UrlSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UrlSigner")
            .field("base_url", &self.base_url)
            .field("key", &"<redacted>")
            .finish()
    }
}

impl UrlSigner {
    /// `base_url` is the app's public origin (and path prefix, if any), e.g.
    /// `https://lpa.example.gov.uk`; `key` is a secret of at least [`MIN_SIGNING_KEY_BYTES`].
    pub fn new(base_url: impl Into<String>, key: impl Into<Vec<u8>>) -> Result<Self, ObjectError> {
        let key = key.into();
        if key.len() < MIN_SIGNING_KEY_BYTES {
            return Err(ObjectError::Config(format!(
                "the URL signing key must be at least {MIN_SIGNING_KEY_BYTES} bytes"
            )));
        }
        let base_url = base_url.into().trim_end_matches('/').to_owned();
        Ok(Self {
            base_url,
            key: key.into(),
        })
    }

    /// A URL that lets anyone holding it download `key` until `expires_at`.
    pub fn sign_get(&self, key: &ObjectKey, expires_at: DateTime<Utc>) -> String {
        let expires = expires_at.timestamp();
        let signature = self.signature(&Signed {
            method: "GET",
            key,
            expires,
            content_type: None,
            length: None,
            object_expires: None,
        });
        format!(
            "{}?expires={expires}&signature={signature}",
            self.object_url(key)
        )
    }

    /// A URL that lets anyone holding it upload `key`, `length` bytes sent with exactly
    /// `content_type`, until `expires_at`; the object stored expires at `object_expires_at`, if
    /// given.
    pub fn sign_put(
        &self,
        key: &ObjectKey,
        content_type: &str,
        length: u64,
        object_expires_at: Option<DateTime<Utc>>,
        expires_at: DateTime<Utc>,
    ) -> String {
        let expires = expires_at.timestamp();
        let object_expires = object_expires_at.map(|at| at.timestamp());
        let signature = self.signature(&Signed {
            method: "PUT",
            key,
            expires,
            content_type: Some(content_type),
            length: Some(length),
            object_expires,
        });
        let mut url = format!(
            "{}?expires={expires}&signature={signature}&method=PUT&content_type={}&length={length}",
            self.object_url(key),
            utf8_percent_encode(content_type, URL_COMPONENT)
        );
        if let Some(object_expires) = object_expires {
            url.push_str(&format!("&object_expires={object_expires}"));
        }
        url
    }

    /// Accepts a request to `/objects/{key}` only if its query was signed by this key for this
    /// method and key (and, for `PUT`, the request's `Content-Type` and `Content-Length`) and has
    /// not expired at `now`.
    pub fn verify(
        &self,
        request: ObjectRequest<'_>,
        key: &ObjectKey,
        query: &SignedQuery,
        now: DateTime<Utc>,
    ) -> Result<(), SignatureError> {
        let signed_method = query.method.as_deref().unwrap_or("GET");
        if !matches!(signed_method, "GET" | "PUT") {
            return Err(SignatureError::Malformed("method must be GET or PUT"));
        }
        let signature = hex::decode(&query.signature)
            .map_err(|_| SignatureError::Malformed("signature must be hex"))?;
        let mac = self.mac(&Signed {
            method: signed_method,
            key,
            expires: query.expires,
            content_type: query.content_type.as_deref(),
            length: query.length,
            object_expires: query.object_expires,
        });
        // Checked before anything else the query claims, and in constant time.
        mac.verify_slice(&signature)
            .map_err(|_| SignatureError::Invalid)?;
        if !request.method.eq_ignore_ascii_case(signed_method) {
            return Err(SignatureError::MethodMismatch {
                signed: signed_method.to_owned(),
                requested: request.method.to_owned(),
            });
        }
        if signed_method == "PUT" {
            let signed = query
                .content_type
                .as_deref()
                .ok_or(SignatureError::Malformed(
                    "an upload URL names its content type",
                ))?;
            if request.content_type != Some(signed) {
                return Err(SignatureError::ContentTypeMismatch {
                    signed: signed.to_owned(),
                    requested: request.content_type.map(str::to_owned),
                });
            }
            let length = query
                .length
                .ok_or(SignatureError::Malformed("an upload URL names its length"))?;
            if request.content_length != Some(length) {
                return Err(SignatureError::LengthMismatch {
                    signed: length,
                    requested: request.content_length,
                });
            }
        }
        if now.timestamp() >= query.expires {
            return Err(SignatureError::Expired);
        }
        Ok(())
    }

    fn object_url(&self, key: &ObjectKey) -> String {
        let path = key
            .segments()
            .map(|segment| utf8_percent_encode(segment, URL_COMPONENT).to_string())
            .collect::<Vec<_>>()
            .join("/");
        format!("{}{SIGNED_URL_PREFIX}{path}", self.base_url)
    }

    fn signature(&self, signed: &Signed<'_>) -> String {
        hex::encode(self.mac(signed).finalize().into_bytes())
    }

    fn mac(&self, signed: &Signed<'_>) -> HmacSha256 {
        let mut mac =
            HmacSha256::new_from_slice(&self.key).expect("HMAC-SHA256 accepts keys of any length");
        // One line each, empty when absent: keys and content types cannot contain control
        // characters, so no two different requests produce the same message.
        let message = format!(
            "objects-v2\n{}\n{}\n{}\n{}\n{}\n{}",
            signed.method,
            signed.key,
            signed.expires,
            signed.content_type.unwrap_or(""),
            signed
                .length
                .map(|length| length.to_string())
                .unwrap_or_default(),
            signed
                .object_expires
                .map(|at| at.to_string())
                .unwrap_or_default(),
        );
        mac.update(message.as_bytes());
        mac
    }
}

/// What a URL's signature covers.
struct Signed<'a> {
    method: &'a str,
    key: &'a ObjectKey,
    expires: i64,
    content_type: Option<&'a str>,
    length: Option<u64>,
    object_expires: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    const KEY: &[u8] = b"0123456789abcdef0123456789abcdef";

    /// The bytes the tests' upload URLs are signed for, as a request's `Content-Length`.
    const BYTES: u64 = 4_096;
    const LENGTH: Option<u64> = Some(BYTES);

    fn signer() -> UrlSigner {
        UrlSigner::new("https://lpa.example/", KEY).unwrap()
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap()
    }

    fn key(key: &str) -> ObjectKey {
        ObjectKey::new(key).unwrap()
    }

    /// Splits a signed URL into its path and query, as the route sees them.
    fn parse(signed: &str) -> (String, SignedQuery) {
        let url = url::Url::parse(signed).unwrap();
        let pairs: std::collections::HashMap<String, String> =
            url.query_pairs().into_owned().collect();
        let query = SignedQuery {
            expires: pairs["expires"].parse().unwrap(),
            signature: pairs["signature"].clone(),
            method: pairs.get("method").cloned(),
            content_type: pairs.get("content_type").cloned(),
            length: pairs.get("length").map(|length| length.parse().unwrap()),
            object_expires: pairs.get("object_expires").map(|at| at.parse().unwrap()),
        };
        (url.path().to_owned(), query)
    }

    #[test]
    fn a_signed_get_url_is_accepted_until_it_expires() {
        let signer = signer();
        let object = key("lpa/7000 1234/lp1f.pdf");
        let url = signer.sign_get(&object, now() + Duration::minutes(5));
        let (path, query) = parse(&url);
        assert_eq!(path, "/objects/lpa/7000%201234/lp1f.pdf");
        assert!(url.starts_with("https://lpa.example/objects/"));
        assert_eq!(query.expires, (now() + Duration::minutes(5)).timestamp());

        assert_eq!(
            signer.verify(ObjectRequest::get(), &object, &query, now()),
            Ok(())
        );
        let last_second = now() + Duration::minutes(5) - Duration::seconds(1);
        assert_eq!(
            signer.verify(ObjectRequest::get(), &object, &query, last_second),
            Ok(())
        );
        let at_expiry = now() + Duration::minutes(5);
        assert_eq!(
            signer.verify(ObjectRequest::get(), &object, &query, at_expiry),
            Err(SignatureError::Expired)
        );
    }

    #[test]
    fn a_signed_put_url_binds_the_method_and_content_type() {
        let signer = signer();
        let object = key("uploads/a.csv");
        let url = signer.sign_put(
            &object,
            "text/csv; charset=utf-8",
            BYTES,
            None,
            now() + Duration::hours(1),
        );
        let (_, query) = parse(&url);
        assert_eq!(
            query.content_type.as_deref(),
            Some("text/csv; charset=utf-8")
        );

        let csv = Some("text/csv; charset=utf-8");
        assert_eq!(
            signer.verify(ObjectRequest::put(csv, LENGTH), &object, &query, now()),
            Ok(())
        );
        assert!(matches!(
            signer.verify(ObjectRequest::get(), &object, &query, now()),
            Err(SignatureError::MethodMismatch { .. })
        ));
        assert!(matches!(
            signer.verify(
                ObjectRequest::put(Some("text/html"), LENGTH),
                &object,
                &query,
                now()
            ),
            Err(SignatureError::ContentTypeMismatch { .. })
        ));
        assert!(matches!(
            signer.verify(ObjectRequest::put(None, LENGTH), &object, &query, now()),
            Err(SignatureError::ContentTypeMismatch { .. })
        ));
        let get_url = signer.sign_get(&object, now() + Duration::hours(1));
        let (_, get_query) = parse(&get_url);
        assert!(matches!(
            signer.verify(ObjectRequest::put(csv, LENGTH), &object, &get_query, now()),
            Err(SignatureError::MethodMismatch { .. })
        ));
    }

    #[test]
    fn an_upload_url_takes_a_body_of_exactly_its_length() {
        let signer = signer();
        let object = key("transfer/parts/a/b/0");
        let url = signer.sign_put(
            &object,
            "application/octet-stream",
            BYTES,
            None,
            now() + Duration::hours(1),
        );
        let (_, query) = parse(&url);
        assert_eq!(query.length, LENGTH);
        let bytes = Some("application/octet-stream");
        assert_eq!(
            signer.verify(ObjectRequest::put(bytes, LENGTH), &object, &query, now()),
            Ok(())
        );
        for sent in [
            None,
            Some(0),
            Some(BYTES - 1),
            Some(BYTES + 1),
            Some(u64::MAX),
        ] {
            assert_eq!(
                signer.verify(ObjectRequest::put(bytes, sent), &object, &query, now()),
                Err(SignatureError::LengthMismatch {
                    signed: BYTES,
                    requested: sent
                })
            );
        }
        for claimed in [None, Some(BYTES * 1_000)] {
            let longer = SignedQuery {
                length: claimed,
                ..query.clone()
            };
            assert_eq!(
                signer.verify(ObjectRequest::put(bytes, claimed), &object, &longer, now()),
                Err(SignatureError::Invalid)
            );
        }
    }

    #[test]
    fn an_upload_is_read_from_its_headers() {
        let mut headers = http::HeaderMap::new();
        headers.insert(http::header::CONTENT_TYPE, "text/csv".parse().unwrap());
        headers.insert(http::header::CONTENT_LENGTH, "4096".parse().unwrap());
        assert_eq!(
            ObjectRequest::put_with(&headers),
            ObjectRequest::put(Some("text/csv"), LENGTH)
        );
        headers.insert(http::header::CONTENT_LENGTH, "-1".parse().unwrap());
        headers.remove(http::header::CONTENT_TYPE);
        assert_eq!(
            ObjectRequest::put_with(&headers),
            ObjectRequest::put(None, None)
        );
    }

    #[test]
    fn an_upload_urls_object_expiry_is_signed() {
        let signer = signer();
        let object = key("transfer/parts/a/b/0");
        let object_expires = now() + Duration::days(7);
        let url = signer.sign_put(
            &object,
            "application/octet-stream",
            BYTES,
            Some(object_expires),
            now() + Duration::hours(1),
        );
        let (_, query) = parse(&url);
        assert_eq!(query.object_expires, Some(object_expires.timestamp()));
        let bytes = Some("application/octet-stream");
        assert_eq!(
            signer.verify(ObjectRequest::put(bytes, LENGTH), &object, &query, now()),
            Ok(())
        );
        for changed in [None, Some(object_expires.timestamp() + 86_400)] {
            let kept_longer = SignedQuery {
                object_expires: changed,
                ..query.clone()
            };
            assert_eq!(
                signer.verify(
                    ObjectRequest::put(bytes, LENGTH),
                    &object,
                    &kept_longer,
                    now()
                ),
                Err(SignatureError::Invalid)
            );
        }
    }

    #[test]
    fn tampering_with_any_part_is_refused() {
        let signer = signer();
        let object = key("a/b.pdf");
        let (_, query) = parse(&signer.sign_get(&object, now() + Duration::minutes(5)));

        let other_key = key("a/c.pdf");
        assert_eq!(
            signer.verify(ObjectRequest::get(), &other_key, &query, now()),
            Err(SignatureError::Invalid)
        );
        let later = SignedQuery {
            expires: query.expires + 3600,
            ..query.clone()
        };
        assert_eq!(
            signer.verify(ObjectRequest::get(), &object, &later, now()),
            Err(SignatureError::Invalid)
        );
        let mut flipped = query.signature.clone().into_bytes();
        flipped[0] = if flipped[0] == b'0' { b'1' } else { b'0' };
        let flipped = SignedQuery {
            signature: String::from_utf8(flipped).unwrap(),
            ..query.clone()
        };
        assert_eq!(
            signer.verify(ObjectRequest::get(), &object, &flipped, now()),
            Err(SignatureError::Invalid)
        );
        let short = SignedQuery {
            signature: query.signature[..10].to_owned(),
            ..query.clone()
        };
        assert_eq!(
            signer.verify(ObjectRequest::get(), &object, &short, now()),
            Err(SignatureError::Invalid)
        );
        let not_hex = SignedQuery {
            signature: "zz".to_owned(),
            ..query.clone()
        };
        assert!(matches!(
            signer.verify(ObjectRequest::get(), &object, &not_hex, now()),
            Err(SignatureError::Malformed(_))
        ));
        let as_put = SignedQuery {
            method: Some("PUT".to_owned()),
            content_type: Some("text/html".to_owned()),
            ..query.clone()
        };
        assert_eq!(
            signer.verify(
                ObjectRequest::put(Some("text/html"), LENGTH),
                &object,
                &as_put,
                now()
            ),
            Err(SignatureError::Invalid)
        );

        let other_signer = UrlSigner::new("https://lpa.example", [7u8; 32]).unwrap();
        assert_eq!(
            other_signer.verify(ObjectRequest::get(), &object, &query, now()),
            Err(SignatureError::Invalid)
        );
    }

    #[test]
    fn short_signing_keys_are_refused_and_never_printed() {
        assert!(matches!(
            UrlSigner::new("https://lpa.example", [1u8; 31]),
            Err(ObjectError::Config(_))
        ));
        let printed = format!("{:?}", signer());
        assert!(!printed.contains("0123456789abcdef"), "{printed}");
    }
}

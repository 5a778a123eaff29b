//! Checking an AWS Signature Version 4 on a request, as API Gateway does for an `awsSigv4`
//! method: the `Authorization` header's credential scope must name our key, region and
//! `execute-api`, its time must be within five minutes, and the signature must be the one the
//! secret key gives for the headers it says it signed. The signature is recomputed with
//! aws-sigv4, the signer the AWS SDKs use, so only the parsing here is ours.
use std::time::{Duration, SystemTime};

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
use aws_sigv4::sign::v4;
use axum::http::{HeaderMap, Method, Uri};
use chrono::NaiveDateTime;

/// How far a request's time may be from ours, either way.
pub const ALLOWED_SKEW: Duration = Duration::from_secs(5 * 60);

/// The key a signature must be made with, and the scope it must be for.
pub struct Expected<'a> {
    pub access_key_id: &'a str,
    pub secret_access_key: &'a str,
    pub region: &'a str,
    pub service: &'a str,
}

/// Why a request is refused, with API Gateway's messages.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// No `Authorization` header (API Gateway: 403 "Missing Authentication Token").
    Missing,
    /// An unknown key, or a scope for another region or service.
    InvalidToken,
    /// Outside the allowed skew.
    Expired,
    /// Anything else: unreadable, or the signature does not match.
    Mismatch,
}

impl Refusal {
    pub fn message(&self) -> &'static str {
        match self {
            Refusal::Missing => "Missing Authentication Token",
            Refusal::InvalidToken => "The security token included in the request is invalid.",
            Refusal::Expired => "Signature expired",
            Refusal::Mismatch => {
                "The request signature we calculated does not match the signature you provided. \
                 Check your AWS Secret Access Key and signing method."
            }
        }
    }
}

/// The parts of an `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`.
struct Authorization<'a> {
    access_key_id: &'a str,
    date: &'a str,
    region: &'a str,
    service: &'a str,
    signed_headers: Vec<&'a str>,
    signature: &'a str,
}

fn parse(header: &str) -> Option<Authorization<'_>> {
    let fields = header.strip_prefix("AWS4-HMAC-SHA256 ")?;
    let (mut credential, mut signed_headers, mut signature) = (None, None, None);
    for field in fields.split(',').map(str::trim) {
        let (name, value) = field.split_once('=')?;
        match name {
            "Credential" => credential = Some(value),
            "SignedHeaders" => signed_headers = Some(value),
            "Signature" => signature = Some(value),
            _ => return None,
        }
    }
    let mut scope = credential?.split('/');
    let authorization = Authorization {
        access_key_id: scope.next()?,
        date: scope.next()?,
        region: scope.next()?,
        service: scope.next()?,
        signed_headers: signed_headers?.split(';').collect(),
        signature: signature?,
    };
    (scope.next()? == "aws4_request" && scope.next().is_none()).then_some(authorization)
}

/// Whether the request (`uri` as received: path and query) carries a valid signature for
/// `expected` at `now`. The body is hashed as it came (empty for a GET).
pub fn verify(
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
    expected: &Expected<'_>,
    now: SystemTime,
) -> Result<(), Refusal> {
    let header = headers
        .get("authorization")
        .ok_or(Refusal::Missing)?
        .to_str()
        .map_err(|_| Refusal::Mismatch)?;
    let authorization = parse(header).ok_or(Refusal::Mismatch)?;
    if authorization.access_key_id != expected.access_key_id
        || authorization.region != expected.region
        || authorization.service != expected.service
    {
        return Err(Refusal::InvalidToken);
    }
    let amz_date = headers
        .get("x-amz-date")
        .and_then(|value| value.to_str().ok())
        .ok_or(Refusal::Mismatch)?;
    let signed_at = NaiveDateTime::parse_from_str(amz_date, "%Y%m%dT%H%M%SZ")
        .map_err(|_| Refusal::Mismatch)?
        .and_utc();
    if !amz_date.starts_with(authorization.date) {
        return Err(Refusal::Mismatch);
    }
    let signed_at = SystemTime::UNIX_EPOCH
        + Duration::from_secs(u64::try_from(signed_at.timestamp()).map_err(|_| Refusal::Mismatch)?);
    let skew = now
        .duration_since(signed_at)
        .unwrap_or_else(|early| early.duration());
    if skew > ALLOWED_SKEW {
        return Err(Refusal::Expired);
    }
    if !authorization.signed_headers.contains(&"host") {
        return Err(Refusal::Mismatch);
    }
    // Only the headers it says it signed, as it sent them (every value of a repeated one).
    let mut signed = Vec::new();
    for name in &authorization.signed_headers {
        let values: Vec<&str> = headers
            .get_all(*name)
            .iter()
            .map(|value| value.to_str().map_err(|_| Refusal::Mismatch))
            .collect::<Result<_, _>>()?;
        if values.is_empty() {
            return Err(Refusal::Mismatch);
        }
        signed.extend(values.into_iter().map(|value| (*name, value)));
    }
    let identity = Credentials::new(
        expected.access_key_id,
        expected.secret_access_key,
        None,
        None,
        "sirius-gateway-fake",
    )
    .into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(expected.region)
        .name(expected.service)
        .time(signed_at)
        .settings(SigningSettings::default())
        .build()
        .map_err(|_| Refusal::Mismatch)?
        .into();
    let request = SignableRequest::new(
        method.as_str(),
        uri.to_string(),
        signed.into_iter(),
        SignableBody::Bytes(body),
    )
    .map_err(|_| Refusal::Mismatch)?;
    let (_, signature) = sign(request, &params)
        .map_err(|_| Refusal::Mismatch)?
        .into_parts();
    if equal_in_constant_time(signature.as_bytes(), authorization.signature.as_bytes()) {
        Ok(())
    } else {
        Err(Refusal::Mismatch)
    }
}

/// Compares without stopping at the first difference, so the time taken says nothing of where
/// a guessed signature goes wrong.
fn equal_in_constant_time(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |diff, (x, y)| diff | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// AWS's SigV4 test suite, `get-vanilla` (aws-signing-test-suite/v4/get-vanilla in
    /// smithy-rs): its request, its key, its time, and the signature the suite gives.
    const VANILLA_AUTHORIZATION: &str = "AWS4-HMAC-SHA256 \
        Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
        SignedHeaders=host;x-amz-date, \
        Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";
    const VANILLA_EXPECTED: Expected<'static> = Expected {
        access_key_id: "AKIDEXAMPLE",
        secret_access_key: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        region: "us-east-1",
        service: "service",
    };

    fn vanilla_headers(authorization: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("host", "example.amazonaws.com".parse().unwrap());
        headers.insert("x-amz-date", "20150830T123600Z".parse().unwrap());
        headers.insert("authorization", authorization.parse().unwrap());
        headers
    }

    /// 2015-08-30T12:36:00Z, plus `seconds`.
    fn vanilla_time(seconds: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(1_440_938_160 + seconds)
    }

    fn check(headers: &HeaderMap, uri: &str, now: SystemTime) -> Result<(), Refusal> {
        verify(
            &Method::GET,
            &uri.parse().unwrap(),
            headers,
            b"",
            &VANILLA_EXPECTED,
            now,
        )
    }

    #[test]
    fn the_test_suites_vanilla_get_is_accepted() {
        assert_eq!(
            check(
                &vanilla_headers(VANILLA_AUTHORIZATION),
                "/",
                vanilla_time(0)
            ),
            Ok(())
        );
        assert_eq!(
            check(
                &vanilla_headers(VANILLA_AUTHORIZATION),
                "/",
                vanilla_time(299)
            ),
            Ok(())
        );
    }

    #[test]
    fn a_changed_request_signature_key_or_time_is_refused() {
        let headers = vanilla_headers(VANILLA_AUTHORIZATION);
        assert_eq!(
            check(&headers, "/other", vanilla_time(0)),
            Err(Refusal::Mismatch)
        );
        let tampered = VANILLA_AUTHORIZATION.replace("5fa00fa3", "5fa00fa4");
        assert_eq!(
            check(&vanilla_headers(&tampered), "/", vanilla_time(0)),
            Err(Refusal::Mismatch)
        );
        let other_key = VANILLA_AUTHORIZATION.replace("AKIDEXAMPLE", "AKIDOTHER");
        assert_eq!(
            check(&vanilla_headers(&other_key), "/", vanilla_time(0)),
            Err(Refusal::InvalidToken)
        );
        let other_region = VANILLA_AUTHORIZATION.replace("us-east-1", "eu-west-1");
        assert_eq!(
            check(&vanilla_headers(&other_region), "/", vanilla_time(0)),
            Err(Refusal::InvalidToken)
        );
        assert_eq!(
            check(&headers, "/", vanilla_time(301)),
            Err(Refusal::Expired)
        );
        let mut other_host = headers.clone();
        other_host.insert("host", "evil.example.com".parse().unwrap());
        assert_eq!(
            check(&other_host, "/", vanilla_time(0)),
            Err(Refusal::Mismatch)
        );
    }

    #[test]
    fn an_unsigned_or_unreadable_request_is_refused() {
        let mut headers = vanilla_headers(VANILLA_AUTHORIZATION);
        headers.remove("authorization");
        assert_eq!(check(&headers, "/", vanilla_time(0)), Err(Refusal::Missing));
        for garbage in [
            "Bearer abc",
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service",
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request",
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
             SignedHeaders=x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
        ] {
            assert_eq!(
                check(&vanilla_headers(garbage), "/", vanilla_time(0)),
                Err(Refusal::Mismatch),
                "{garbage}"
            );
        }
    }
}

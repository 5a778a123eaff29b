//! The object store (PDFs, uploads, bags, source files): a directory (`data/objects/` by default)
//! or an S3 bucket (`S3_BUCKET`, any S3 server through `S3_ENDPOINT`). Bodies stream in and out;
//! neither backend holds a whole object in memory.
//!
//! Objects may carry an expiry. Nothing hides an expired object by itself: the `objects.expire` job
//! calls [`ObjectStore::delete_expired`], which removes every object whose expiry has passed.

mod fs;
mod key;
mod s3;
mod signer;

use std::collections::HashMap;
use std::io;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use bytes::{Bytes, BytesMut};
use chrono::{DateTime, Utc};
use futures::stream::{self, BoxStream};
use futures::{StreamExt, TryStreamExt};

use crate::clock::SharedClock;

pub use fs::FilesystemStore;
pub use key::{InvalidKey, ObjectKey, MAX_KEY_BYTES};
pub use s3::{s3_client, S3Config, S3Credentials, S3Store, MULTIPART_PART_BYTES};
pub use signer::{
    ObjectRequest, SignatureError, SignedQuery, UrlSigner, MIN_SIGNING_KEY_BYTES,
    SIGNED_URL_PREFIX, SIGNED_URL_ROUTE,
};

/// Where the filesystem backend keeps objects unless configured otherwise.
pub const DEFAULT_FILESYSTEM_ROOT: &str = "data/objects";

/// The longest a presigned URL may live: S3's own limit, applied to both backends.
pub const MAX_PRESIGNED_LIFETIME: Duration = Duration::from_secs(7 * 24 * 60 * 60);

/// The metadata name that holds an object's expiry; callers cannot use it for their own metadata.
pub const EXPIRES_AT_METADATA: &str = "expires-at";

/// S3's limit on user metadata (names and values together), applied to both backends.
pub const MAX_METADATA_BYTES: usize = 2048;

/// An object's bytes as they arrive: from a request body, a file, a renderer.
pub type BodyStream = BoxStream<'static, io::Result<Bytes>>;

/// A body that is already in memory.
pub fn body_from_bytes(bytes: impl Into<Bytes>) -> BodyStream {
    stream::once(futures::future::ready(Ok(bytes.into()))).boxed()
}

/// The object layer's one error type.
#[derive(Debug, thiserror::Error)]
pub enum ObjectError {
    #[error(transparent)]
    InvalidKey(#[from] InvalidKey),
    #[error("invalid content type {0:?}: 1 to 255 printable ASCII characters")]
    InvalidContentType(String),
    #[error("invalid metadata: {0}")]
    InvalidMetadata(String),
    #[error("invalid download file name {0:?}: 1 to 255 printable ASCII characters, no quotes, slashes or backslashes")]
    InvalidDownloadName(String),
    #[error("invalid presigned URL lifetime: {0}")]
    InvalidLifetime(String),
    #[error("object store configuration: {0}")]
    Config(String),
    #[error("reading the object's body failed: {0}")]
    Body(#[source] io::Error),
    #[error("{path}: {source}")]
    Filesystem {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("{0} is outside the object store's root")]
    PathEscape(PathBuf),
    #[error("the stored metadata of {key} is unreadable: {message}")]
    CorruptMetadata { key: ObjectKey, message: String },
    #[error("S3 {operation} failed: {message}")]
    S3 {
        operation: &'static str,
        message: String,
    },
}

/// Which backend a store is, for health reports and logs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ObjectStoreKind {
    Filesystem,
    S3,
}

impl ObjectStoreKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ObjectStoreKind::Filesystem => "filesystem",
            ObjectStoreKind::S3 => "s3",
        }
    }
}

/// What is stored with an object's bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PutOptions {
    pub content_type: String,
    /// Names are lower-case ASCII letters, digits and `-`; values printable ASCII. S3 sends them
    /// as `x-amz-meta-*` headers, hence the rules.
    pub metadata: HashMap<String, String>,
    /// When [`ObjectStore::delete_expired`] may delete the object; `None` keeps it until deleted.
    pub expires_at: Option<DateTime<Utc>>,
    /// The file name a browser saves the object under: reading it through a presigned URL
    /// answers `Content-Disposition: attachment; filename="…"` (S3 stores the header itself).
    pub download_as: Option<String>,
}

impl PutOptions {
    pub fn new(content_type: impl Into<String>) -> Self {
        Self {
            content_type: content_type.into(),
            metadata: HashMap::new(),
            expires_at: None,
            download_as: None,
        }
    }

    pub fn download_as(mut self, file_name: impl Into<String>) -> Self {
        self.download_as = Some(file_name.into());
        self
    }

    pub fn with_metadata(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.metadata.insert(name.into(), value.into());
        self
    }

    pub fn expiring_at(mut self, expires_at: DateTime<Utc>) -> Self {
        self.expires_at = Some(expires_at);
        self
    }

    fn check(&self) -> Result<(), ObjectError> {
        check_content_type(&self.content_type)?;
        check_metadata(&self.metadata)?;
        self.download_as
            .as_deref()
            .map_or(Ok(()), check_download_name)
    }

    /// The `Content-Disposition` header the object is served with, if any.
    fn content_disposition(&self) -> Option<String> {
        self.download_as.as_deref().map(attachment)
    }
}

/// An upload URL, and the headers its `PUT` must send exactly as given (they are signed).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PresignedPut {
    pub url: String,
    /// Lower-case names.
    pub headers: Vec<(String, String)>,
}

impl PutOptions {
    /// What an upload URL can carry: the content type and the expiry.
    fn check_presignable(&self) -> Result<(), ObjectError> {
        check_content_type(&self.content_type)?;
        if !self.metadata.is_empty() || self.download_as.is_some() {
            return Err(ObjectError::InvalidMetadata(
                "an upload URL carries only the content type and expiry".to_owned(),
            ));
        }
        Ok(())
    }
}

/// S3's smallest part but the last of a multipart upload: [`ObjectStore::compose`] copies inside
/// the bucket only sources at least this long.
pub const MIN_COPIED_PART_BYTES: u64 = 5 * 1024 * 1024;

/// The bytes of `sources` one after another, each read from `store` only when the one before it
/// has been: what [`ObjectStore::compose`] puts when it cannot copy inside the store.
fn concatenation<S: ObjectStore + Clone>(store: &S, sources: &[ObjectInfo]) -> BodyStream {
    let store = store.clone();
    let keys: Vec<ObjectKey> = sources.iter().map(|source| source.key.clone()).collect();
    stream::iter(keys)
        .then(move |key| {
            let store = store.clone();
            async move {
                match store.get(&key).await {
                    Ok(Some(object)) => Ok(object.body),
                    Ok(None) => Err(io::Error::other(format!("{key} is gone"))),
                    Err(error) => Err(io::Error::other(error)),
                }
            }
        })
        .try_flatten()
        .boxed()
}

/// What `head`, `get` and `list` report about an object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectInfo {
    pub key: ObjectKey,
    pub size: u64,
    pub content_type: String,
    pub last_modified: DateTime<Utc>,
    pub metadata: HashMap<String, String>,
    pub expires_at: Option<DateTime<Utc>>,
    /// See [`PutOptions::download_as`].
    pub download_as: Option<String>,
}

impl ObjectInfo {
    /// The `Content-Disposition` header to serve the object with, if it has a download name.
    pub fn content_disposition(&self) -> Option<String> {
        self.download_as.as_deref().map(attachment)
    }
}

/// An object being read: its description and its bytes, streamed.
pub struct Object {
    pub info: ObjectInfo,
    pub body: BodyStream,
}

impl Object {
    /// Reads the whole body into memory; for objects known to be small.
    pub async fn into_bytes(self) -> Result<Bytes, ObjectError> {
        let bytes = self
            .body
            .try_fold(BytesMut::new(), |mut all, chunk| async move {
                all.extend_from_slice(&chunk);
                Ok(all)
            })
            .await
            .map_err(ObjectError::Body)?;
        Ok(bytes.freeze())
    }
}

#[async_trait]
pub trait ObjectStore: Send + Sync + 'static {
    fn kind(&self) -> ObjectStoreKind;

    /// Checks the store is reachable and usable, for the health check.
    async fn ping(&self) -> Result<(), ObjectError>;

    /// Stores `body` under `key`, replacing any object there. Readers never see a partly written
    /// object. A failing `body` stream aborts the write and leaves nothing behind.
    async fn put(
        &self,
        key: &ObjectKey,
        body: BodyStream,
        options: PutOptions,
    ) -> Result<(), ObjectError>;

    /// The object and its bytes, or `None` when there is no object under `key`.
    async fn get(&self, key: &ObjectKey) -> Result<Option<Object>, ObjectError>;

    /// The object's description, or `None` when there is no object under `key`.
    async fn head(&self, key: &ObjectKey) -> Result<Option<ObjectInfo>, ObjectError>;

    /// Every object whose key starts with `prefix` (plain string prefix, `""` for all), sorted by
    /// key. Reads every page of the listing.
    async fn list(&self, prefix: &str) -> Result<Vec<ObjectInfo>, ObjectError>;

    /// Deletes the object; deleting a key with no object is not an error.
    async fn delete(&self, key: &ObjectKey) -> Result<(), ObjectError>;

    /// A URL that downloads the object with a plain `GET` until `expires_in` has passed.
    async fn presign_get(
        &self,
        key: &ObjectKey,
        expires_in: Duration,
    ) -> Result<String, ObjectError>;

    /// A URL that uploads the object with a plain `PUT` of exactly `length` bytes until
    /// `expires_in` has passed, and the headers the request must send with it besides its
    /// `Content-Length` (its `Content-Type`, and for S3 the object's expiry). The length is signed
    /// (S3 answers 403 to another), so a URL given out for one chunk cannot store more. The object
    /// is stored with `options`' content type and expiry; metadata and a download name cannot be
    /// given this way (`put` them).
    async fn presign_put(
        &self,
        key: &ObjectKey,
        options: &PutOptions,
        length: u64,
        expires_in: Duration,
    ) -> Result<PresignedPut, ObjectError>;

    /// Stores under `target` the bytes of `sources` (as `list` or `head` described them), one
    /// after another, as [`ObjectStore::put`] would; the sources stay (the caller deletes them).
    /// S3 copies inside the bucket, without the bytes passing through this process, when every
    /// source but the last is at least [`MIN_COPIED_PART_BYTES`] (by the sizes given, so it asks
    /// S3 nothing more).
    async fn compose(
        &self,
        target: &ObjectKey,
        sources: &[ObjectInfo],
        options: PutOptions,
    ) -> Result<(), ObjectError>;

    /// Deletes every object whose expiry is at or before `now`; returns how many it deleted.
    async fn delete_expired(&self, now: DateTime<Utc>) -> Result<usize, ObjectError> {
        let expired: Vec<ObjectKey> = self
            .list("")
            .await?
            .into_iter()
            .filter(|object| {
                object
                    .expires_at
                    .is_some_and(|expires_at| expires_at <= now)
            })
            .map(|object| object.key)
            .collect();
        for key in &expired {
            self.delete(key).await?;
        }
        if !expired.is_empty() {
            tracing::info!(deleted = expired.len(), "deleted expired objects");
        }
        Ok(expired.len())
    }
}

/// What [`connect`] needs: S3 when `s3` is set, otherwise the filesystem.
pub struct ObjectsConfig {
    /// The filesystem backend's directory ([`DEFAULT_FILESYSTEM_ROOT`] unless configured).
    pub filesystem_root: PathBuf,
    /// Signs the filesystem backend's URLs. The server's `/objects/{*key}` route verifies them
    /// with a clone of the same signer.
    pub url_signer: UrlSigner,
    /// The time the filesystem backend's URLs expire against.
    pub clock: SharedClock,
    pub s3: Option<S3Config>,
}

/// Opens the configured store. The S3 bucket must already exist: creating it is provisioning.
pub async fn connect(config: ObjectsConfig) -> Result<Arc<dyn ObjectStore>, ObjectError> {
    match config.s3 {
        Some(s3) => Ok(Arc::new(S3Store::connect(&s3).await?)),
        None => Ok(Arc::new(
            FilesystemStore::open(config.filesystem_root, config.url_signer, config.clock).await?,
        )),
    }
}

fn check_content_type(content_type: &str) -> Result<(), ObjectError> {
    let printable = content_type.bytes().all(|b| (b' '..=b'~').contains(&b));
    let trimmed = content_type.trim() == content_type;
    if content_type.is_empty() || content_type.len() > 255 || !printable || !trimmed {
        return Err(ObjectError::InvalidContentType(content_type.to_owned()));
    }
    Ok(())
}

fn check_metadata(metadata: &HashMap<String, String>) -> Result<(), ObjectError> {
    let mut total = 0;
    for (name, value) in metadata {
        let name_ok = !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !name_ok {
            return Err(ObjectError::InvalidMetadata(format!(
                "name {name:?}: use lower-case ASCII letters, digits and '-'"
            )));
        }
        if name == EXPIRES_AT_METADATA {
            return Err(ObjectError::InvalidMetadata(format!(
                "{EXPIRES_AT_METADATA:?} is reserved: set PutOptions::expires_at"
            )));
        }
        // HTTP trims header values, so surrounding spaces would not survive S3.
        let value_ok = value.bytes().all(|b| (b' '..=b'~').contains(&b)) && value.trim() == value;
        if !value_ok {
            return Err(ObjectError::InvalidMetadata(format!(
                "value of {name:?}: printable ASCII without surrounding spaces"
            )));
        }
        total += name.len() + value.len();
    }
    if total > MAX_METADATA_BYTES {
        return Err(ObjectError::InvalidMetadata(format!(
            "{total} bytes; at most {MAX_METADATA_BYTES}"
        )));
    }
    Ok(())
}

/// A download name is sent inside a quoted header parameter, so it may hold no quote or
/// backslash, and no slash (it is a file's name, not a path).
fn check_download_name(name: &str) -> Result<(), ObjectError> {
    let plain = name
        .bytes()
        .all(|b| (b' '..=b'~').contains(&b) && !matches!(b, b'"' | b'\\' | b'/'));
    if name.is_empty() || name.len() > 255 || !plain || name.trim() != name {
        return Err(ObjectError::InvalidDownloadName(name.to_owned()));
    }
    Ok(())
}

/// `Content-Disposition` for saving as `file_name` (checked by [`check_download_name`]).
fn attachment(file_name: &str) -> String {
    format!("attachment; filename=\"{file_name}\"")
}

/// The file name of an `attachment; filename="…"` header this module wrote.
fn download_name_of(content_disposition: &str) -> Option<String> {
    let name = content_disposition
        .strip_prefix("attachment; filename=\"")?
        .strip_suffix('"')?;
    check_download_name(name).ok().map(|()| name.to_owned())
}

fn check_presigned_lifetime(expires_in: Duration) -> Result<(), ObjectError> {
    if expires_in.is_zero() || expires_in > MAX_PRESIGNED_LIFETIME {
        return Err(ObjectError::InvalidLifetime(format!(
            "{expires_in:?}; between 1 second and 7 days"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn download_names_are_file_names_safe_in_a_quoted_header() {
        for good in ["Lasting-Power-of-Attorney-LP1F.pdf", "records 2026.csv"] {
            assert!(check_download_name(good).is_ok(), "{good}");
            assert_eq!(download_name_of(&attachment(good)).as_deref(), Some(good));
        }
        for bad in [
            "",
            "a\"b.pdf",
            "a\\b.pdf",
            "../b.pdf",
            "caf\u{e9}.pdf",
            " a.pdf",
            "a\r\n.pdf",
        ] {
            assert!(
                matches!(
                    check_download_name(bad),
                    Err(ObjectError::InvalidDownloadName(_))
                ),
                "{bad:?}"
            );
        }
        assert!(check_download_name(&"a".repeat(256)).is_err());
        assert_eq!(download_name_of("inline"), None);
    }

    #[test]
    fn content_types_must_be_plain_header_values() {
        assert!(check_content_type("application/pdf").is_ok());
        assert!(check_content_type("text/csv; charset=utf-8").is_ok());
        for bad in ["", " text/plain", "text/plain\r\nX-Evil: 1", "téxt/plain"] {
            assert!(check_content_type(bad).is_err(), "{bad:?}");
        }
        assert!(check_content_type(&"a".repeat(256)).is_err());
    }

    #[test]
    fn metadata_must_survive_s3_headers() {
        let ok = PutOptions::new("text/plain")
            .with_metadata("lpa-id", "7000-1234")
            .with_metadata("uploaded-by", "someone@example.com");
        assert!(ok.check().is_ok());
        for (name, value) in [
            ("Upper", "x"),
            ("under_score", "x"),
            ("", "x"),
            ("expires-at", "2030-01-01T00:00:00Z"),
            ("name", " padded"),
            ("name", "line\nbreak"),
            ("name", "ünïcode"),
        ] {
            let options = PutOptions::new("text/plain").with_metadata(name, value);
            assert!(
                matches!(options.check(), Err(ObjectError::InvalidMetadata(_))),
                "{name:?}={value:?}"
            );
        }
        let too_big = PutOptions::new("text/plain").with_metadata("big", "x".repeat(2046));
        assert!(too_big.check().is_err());
    }

    #[test]
    fn presigned_lifetimes_are_between_a_second_and_a_week() {
        assert!(check_presigned_lifetime(Duration::from_secs(1)).is_ok());
        assert!(check_presigned_lifetime(MAX_PRESIGNED_LIFETIME).is_ok());
        assert!(check_presigned_lifetime(Duration::ZERO).is_err());
        assert!(check_presigned_lifetime(MAX_PRESIGNED_LIFETIME + Duration::from_secs(1)).is_err());
    }
}

//! The production backend: one S3 bucket, on AWS or any S3 server (`S3_ENDPOINT`).
//!
//! Bodies up to [`MULTIPART_PART_BYTES`] go up in one `PutObject`; longer ones as a multipart
//! upload, one part at a time, so memory holds at most about one part whatever the object's size.
//! An object's expiry is stored as user metadata (`x-amz-meta-expires-at`, RFC 3339).
use std::collections::HashMap;
use std::fmt;
use std::time::Duration;

use async_trait::async_trait;
use aws_config::meta::region::RegionProviderChain;
use aws_config::BehaviorVersion;
use aws_sdk_s3::config::{Credentials, Region};
use aws_sdk_s3::error::{DisplayErrorContext, SdkError};
use aws_sdk_s3::presigning::PresigningConfig;
use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::{CompletedMultipartUpload, CompletedPart, MetadataDirective};
use aws_sdk_s3::Client;
use bytes::{Bytes, BytesMut};
use chrono::{DateTime, Utc};
use futures::{StreamExt, TryStreamExt};
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
use tokio_util::io::ReaderStream;

use super::{
    check_presigned_lifetime, concatenation, download_name_of, BodyStream, Object, ObjectError,
    ObjectInfo, ObjectKey, ObjectStore, ObjectStoreKind, PresignedPut, PutOptions,
    EXPIRES_AT_METADATA, MIN_COPIED_PART_BYTES,
};

/// Size of each multipart upload part but the last (S3 wants at least 5 MiB). With S3's limit of
/// 10,000 parts this allows objects up to about 80 GB.
pub const MULTIPART_PART_BYTES: usize = 8 * 1024 * 1024;

/// `list` asks for this many object descriptions at once.
const CONCURRENT_HEADS: usize = 16;

const DEFAULT_REGION: &str = "us-east-1";

/// Which bucket, where.
#[derive(Clone, Debug, Default)]
pub struct S3Config {
    pub bucket: String,
    /// An S3-compatible server (`S3_ENDPOINT`); addressed path-style. `None` for AWS.
    pub endpoint: Option<String>,
    /// `None`: the AWS region chain (`AWS_REGION`, profile), then `us-east-1`.
    pub region: Option<String>,
    /// `None`: the AWS credentials chain (`AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`, profile, …).
    pub credentials: Option<S3Credentials>,
}

#[derive(Clone)]
pub struct S3Credentials {
    pub access_key_id: String,
    pub secret_access_key: String,
}

impl fmt::Debug for S3Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("S3Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"<redacted>")
            .finish()
    }
}

/// The SDK client the store uses, built from `config`; tests use it to create their buckets.
pub async fn s3_client(config: &S3Config) -> Client {
    let region = RegionProviderChain::first_try(config.region.clone().map(Region::new))
        .or_default_provider()
        .or_else(Region::new(DEFAULT_REGION));
    let mut loader = aws_config::defaults(BehaviorVersion::latest()).region(region);
    if let Some(credentials) = &config.credentials {
        loader = loader.credentials_provider(Credentials::new(
            &credentials.access_key_id,
            &credentials.secret_access_key,
            None,
            None,
            "objects-config",
        ));
    }
    let shared = loader.load().await;
    let mut s3 = aws_sdk_s3::config::Builder::from(&shared);
    if let Some(endpoint) = &config.endpoint {
        // Local and self-hosted servers rarely have a DNS name per bucket.
        s3 = s3.endpoint_url(endpoint).force_path_style(true);
    }
    Client::from_conf(s3.build())
}

#[derive(Clone)]
pub struct S3Store {
    client: Client,
    bucket: String,
}

impl S3Store {
    /// Connects to an existing bucket (checked by [`ObjectStore::ping`], not here, so the app can
    /// start while S3 is briefly unreachable).
    pub async fn connect(config: &S3Config) -> Result<Self, ObjectError> {
        if config.bucket.is_empty() {
            return Err(ObjectError::Config(
                "the S3 bucket name is empty".to_owned(),
            ));
        }
        Ok(Self {
            client: s3_client(config).await,
            bucket: config.bucket.clone(),
        })
    }

    async fn put_whole(
        &self,
        key: &ObjectKey,
        body: Bytes,
        options: &PutOptions,
    ) -> Result<(), ObjectError> {
        self.client
            .put_object()
            .bucket(&self.bucket)
            .key(key.as_str())
            .content_type(&options.content_type)
            .set_content_disposition(options.content_disposition())
            .set_metadata(Some(stored_metadata(options)))
            .body(ByteStream::from(body))
            .send()
            .await
            .map_err(s3_error("PutObject"))?;
        Ok(())
    }

    /// Uploads `buffered` (at least one part) and the rest of `body` as a multipart upload.
    async fn put_multipart(
        &self,
        key: &ObjectKey,
        buffered: BytesMut,
        body: BodyStream,
        options: &PutOptions,
    ) -> Result<(), ObjectError> {
        let upload_id = self.create_multipart(key, options).await?;
        let uploaded = self.upload_parts(key, &upload_id, buffered, body).await;
        self.finish_multipart(key, &upload_id, uploaded).await
    }

    async fn create_multipart(
        &self,
        key: &ObjectKey,
        options: &PutOptions,
    ) -> Result<String, ObjectError> {
        self.client
            .create_multipart_upload()
            .bucket(&self.bucket)
            .key(key.as_str())
            .content_type(&options.content_type)
            .set_content_disposition(options.content_disposition())
            .set_metadata(Some(stored_metadata(options)))
            .send()
            .await
            .map_err(s3_error("CreateMultipartUpload"))?
            .upload_id
            .ok_or_else(|| ObjectError::S3 {
                operation: "CreateMultipartUpload",
                message: "no upload id in the response".to_owned(),
            })
    }

    /// Completes the upload with `parts`, or aborts it when they (or the completion) failed.
    async fn finish_multipart(
        &self,
        key: &ObjectKey,
        upload_id: &str,
        parts: Result<Vec<CompletedPart>, ObjectError>,
    ) -> Result<(), ObjectError> {
        let completed = match parts {
            Ok(parts) => self
                .client
                .complete_multipart_upload()
                .bucket(&self.bucket)
                .key(key.as_str())
                .upload_id(upload_id)
                .multipart_upload(
                    CompletedMultipartUpload::builder()
                        .set_parts(Some(parts))
                        .build(),
                )
                .send()
                .await
                .map(|_| ())
                .map_err(s3_error("CompleteMultipartUpload")),
            Err(error) => Err(error),
        };
        if completed.is_err() {
            // Otherwise the parts already sent stay in the bucket (and are billed) until a
            // lifecycle rule removes them.
            let aborted = self
                .client
                .abort_multipart_upload()
                .bucket(&self.bucket)
                .key(key.as_str())
                .upload_id(upload_id)
                .send()
                .await;
            if let Err(error) = aborted {
                tracing::warn!(%key, error = %DisplayErrorContext(&error), "aborting a multipart upload failed");
            }
        }
        completed
    }

    async fn upload_parts(
        &self,
        key: &ObjectKey,
        upload_id: &str,
        mut buffer: BytesMut,
        mut body: BodyStream,
    ) -> Result<Vec<CompletedPart>, ObjectError> {
        let mut parts = Vec::new();
        loop {
            let ended = fill_part(&mut body, &mut buffer).await?;
            while buffer.len() >= MULTIPART_PART_BYTES || (ended && !buffer.is_empty()) {
                let part = buffer.split_to(buffer.len().min(MULTIPART_PART_BYTES));
                let part_number = part_number(parts.len())?;
                let uploaded = self
                    .client
                    .upload_part()
                    .bucket(&self.bucket)
                    .key(key.as_str())
                    .upload_id(upload_id)
                    .part_number(part_number)
                    .body(ByteStream::from(part.freeze()))
                    .send()
                    .await
                    .map_err(s3_error("UploadPart"))?;
                parts.push(
                    CompletedPart::builder()
                        .part_number(part_number)
                        .set_e_tag(uploaded.e_tag)
                        .set_checksum_crc32(uploaded.checksum_crc32)
                        .set_checksum_crc32_c(uploaded.checksum_crc32_c)
                        .set_checksum_crc64_nvme(uploaded.checksum_crc64_nvme)
                        .set_checksum_sha1(uploaded.checksum_sha1)
                        .set_checksum_sha256(uploaded.checksum_sha256)
                        .build(),
                );
            }
            if ended {
                break;
            }
        }
        Ok(parts)
    }
}

/// The `n`th part's number (from 1).
fn part_number(n: usize) -> Result<i32, ObjectError> {
    i32::try_from(n + 1).map_err(|_| ObjectError::S3 {
        operation: "UploadPart",
        message: "too many parts".to_owned(),
    })
}

#[async_trait]
impl ObjectStore for S3Store {
    fn kind(&self) -> ObjectStoreKind {
        ObjectStoreKind::S3
    }

    async fn ping(&self) -> Result<(), ObjectError> {
        self.client
            .head_bucket()
            .bucket(&self.bucket)
            .send()
            .await
            .map_err(s3_error("HeadBucket"))?;
        Ok(())
    }

    async fn put(
        &self,
        key: &ObjectKey,
        mut body: BodyStream,
        options: PutOptions,
    ) -> Result<(), ObjectError> {
        options.check()?;
        let mut buffer = BytesMut::new();
        if fill_part(&mut body, &mut buffer).await? {
            self.put_whole(key, buffer.freeze(), &options).await
        } else {
            self.put_multipart(key, buffer, body, &options).await
        }
    }

    async fn get(&self, key: &ObjectKey) -> Result<Option<Object>, ObjectError> {
        let response = match self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(key.as_str())
            .send()
            .await
        {
            Err(SdkError::ServiceError(error)) if error.err().is_no_such_key() => return Ok(None),
            response => response.map_err(s3_error("GetObject"))?,
        };
        let info = describe(
            key.clone(),
            response.content_length,
            response.content_type,
            response.content_disposition,
            response.last_modified,
            response.metadata,
        )?;
        let body = ReaderStream::new(response.body.into_async_read()).boxed();
        Ok(Some(Object { info, body }))
    }

    async fn head(&self, key: &ObjectKey) -> Result<Option<ObjectInfo>, ObjectError> {
        let response = match self
            .client
            .head_object()
            .bucket(&self.bucket)
            .key(key.as_str())
            .send()
            .await
        {
            Err(SdkError::ServiceError(error)) if error.err().is_not_found() => return Ok(None),
            response => response.map_err(s3_error("HeadObject"))?,
        };
        describe(
            key.clone(),
            response.content_length,
            response.content_type,
            response.content_disposition,
            response.last_modified,
            response.metadata,
        )
        .map(Some)
    }

    async fn list(&self, prefix: &str) -> Result<Vec<ObjectInfo>, ObjectError> {
        let mut keys = Vec::new();
        let mut pages = self
            .client
            .list_objects_v2()
            .bucket(&self.bucket)
            .prefix(prefix)
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(s3_error("ListObjectsV2"))?;
            for object in page.contents.unwrap_or_default() {
                // Not listed: a key this app could not have written (another tool's), and one
                // outside the prefix from a server that filters loosely (s3s-fs with prefix "/").
                let key = object
                    .key
                    .filter(|key| key.starts_with(prefix))
                    .and_then(|key| ObjectKey::new(key).ok());
                keys.extend(key);
            }
        }
        // The listing has no content type, metadata or expiry: those come from each object.
        let described: Vec<Option<ObjectInfo>> = futures::stream::iter(keys)
            .map(|key| async move { self.head(&key).await })
            .buffered(CONCURRENT_HEADS)
            .try_collect()
            .await?;
        // `None`: deleted since it was listed.
        let mut objects: Vec<ObjectInfo> = described.into_iter().flatten().collect();
        objects.sort_by(|a, b| a.key.cmp(&b.key));
        Ok(objects)
    }

    async fn delete(&self, key: &ObjectKey) -> Result<(), ObjectError> {
        self.client
            .delete_object()
            .bucket(&self.bucket)
            .key(key.as_str())
            .send()
            .await
            .map_err(s3_error("DeleteObject"))?;
        Ok(())
    }

    async fn presign_get(
        &self,
        key: &ObjectKey,
        expires_in: Duration,
    ) -> Result<String, ObjectError> {
        let presigned = self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(key.as_str())
            .presigned(presigning(expires_in)?)
            .await
            .map_err(s3_error("presigning GetObject"))?;
        Ok(presigned.uri().to_owned())
    }

    async fn presign_put(
        &self,
        key: &ObjectKey,
        options: &PutOptions,
        length: u64,
        expires_in: Duration,
    ) -> Result<PresignedPut, ObjectError> {
        options.check_presignable()?;
        let length = i64::try_from(length).map_err(|_| ObjectError::S3 {
            operation: "presigning PutObject",
            message: format!("{length} bytes is more than S3 stores"),
        })?;
        let presigned = self
            .client
            .put_object()
            .bucket(&self.bucket)
            .key(key.as_str())
            .content_type(&options.content_type)
            // Signed with the rest, so S3 refuses a body of any other length.
            .content_length(length)
            .set_metadata(Some(stored_metadata(options)).filter(|metadata| !metadata.is_empty()))
            .presigned(presigning(expires_in)?)
            .await
            .map_err(s3_error("presigning PutObject"))?;
        Ok(PresignedPut {
            url: presigned.uri().to_owned(),
            headers: presigned
                .headers()
                // The browser sends its own `Host` and `Content-Length` (and may set neither).
                .filter(|(name, _)| {
                    !name.eq_ignore_ascii_case("host")
                        && !name.eq_ignore_ascii_case("content-length")
                })
                .map(|(name, value)| (name.to_ascii_lowercase(), value.to_owned()))
                .collect(),
        })
    }

    async fn compose(
        &self,
        target: &ObjectKey,
        sources: &[ObjectInfo],
        options: PutOptions,
    ) -> Result<(), ObjectError> {
        options.check()?;
        match sources {
            [] => {
                self.put(target, super::body_from_bytes(Bytes::new()), options)
                    .await
            }
            [source] => self.copy(&source.key, target, &options).await,
            [rest @ .., _] => {
                let copyable = rest
                    .iter()
                    .all(|source| source.size >= MIN_COPIED_PART_BYTES);
                if copyable {
                    self.copy_multipart(sources, target, &options).await
                } else {
                    self.put(target, concatenation(self, sources), options)
                        .await
                }
            }
        }
    }
}

/// `bucket/key` as `CopyObject` and `UploadPartCopy` name their source: URL-encoded.
fn copy_source(bucket: &str, key: &ObjectKey) -> String {
    let key: Vec<String> = key
        .segments()
        .map(|segment| utf8_percent_encode(segment, NON_ALPHANUMERIC).to_string())
        .collect();
    format!("{bucket}/{}", key.join("/"))
}

impl S3Store {
    /// One object copied inside the bucket, stored with `options`.
    async fn copy(
        &self,
        source: &ObjectKey,
        target: &ObjectKey,
        options: &PutOptions,
    ) -> Result<(), ObjectError> {
        self.client
            .copy_object()
            .bucket(&self.bucket)
            .key(target.as_str())
            .copy_source(copy_source(&self.bucket, source))
            .metadata_directive(MetadataDirective::Replace)
            .content_type(&options.content_type)
            .set_content_disposition(options.content_disposition())
            .set_metadata(Some(stored_metadata(options)))
            .send()
            .await
            .map_err(s3_error("CopyObject"))?;
        Ok(())
    }

    /// `sources` copied inside the bucket as the parts of one multipart upload.
    async fn copy_multipart(
        &self,
        sources: &[ObjectInfo],
        target: &ObjectKey,
        options: &PutOptions,
    ) -> Result<(), ObjectError> {
        let upload_id = self.create_multipart(target, options).await?;
        let copied = self.copy_parts(sources, target, &upload_id).await;
        self.finish_multipart(target, &upload_id, copied).await
    }

    async fn copy_parts(
        &self,
        sources: &[ObjectInfo],
        target: &ObjectKey,
        upload_id: &str,
    ) -> Result<Vec<CompletedPart>, ObjectError> {
        let mut parts = Vec::with_capacity(sources.len());
        for (n, source) in sources.iter().enumerate() {
            let part_number = part_number(n)?;
            let copied = self
                .client
                .upload_part_copy()
                .bucket(&self.bucket)
                .key(target.as_str())
                .upload_id(upload_id)
                .part_number(part_number)
                .copy_source(copy_source(&self.bucket, &source.key))
                .send()
                .await
                .map_err(s3_error("UploadPartCopy"))?;
            let result = copied.copy_part_result.ok_or_else(|| ObjectError::S3 {
                operation: "UploadPartCopy",
                message: "no part in the response".to_owned(),
            })?;
            parts.push(
                CompletedPart::builder()
                    .part_number(part_number)
                    .set_e_tag(result.e_tag)
                    .set_checksum_crc32(result.checksum_crc32)
                    .set_checksum_crc32_c(result.checksum_crc32_c)
                    .set_checksum_crc64_nvme(result.checksum_crc64_nvme)
                    .set_checksum_sha1(result.checksum_sha1)
                    .set_checksum_sha256(result.checksum_sha256)
                    .build(),
            );
        }
        Ok(parts)
    }
}

/// Reads `body` into `buffer` until it holds a whole part; `true` when the body has ended.
async fn fill_part(body: &mut BodyStream, buffer: &mut BytesMut) -> Result<bool, ObjectError> {
    while buffer.len() < MULTIPART_PART_BYTES {
        match body.next().await {
            Some(chunk) => buffer.extend_from_slice(&chunk.map_err(ObjectError::Body)?),
            None => return Ok(true),
        }
    }
    Ok(false)
}

fn presigning(expires_in: Duration) -> Result<PresigningConfig, ObjectError> {
    check_presigned_lifetime(expires_in)?;
    PresigningConfig::expires_in(expires_in)
        .map_err(|error| ObjectError::InvalidLifetime(error.to_string()))
}

/// The caller's metadata plus the expiry, as S3 user metadata.
fn stored_metadata(options: &PutOptions) -> HashMap<String, String> {
    let mut metadata = options.metadata.clone();
    if let Some(expires_at) = options.expires_at {
        metadata.insert(
            EXPIRES_AT_METADATA.to_owned(),
            expires_at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
        );
    }
    metadata
}

fn describe(
    key: ObjectKey,
    content_length: Option<i64>,
    content_type: Option<String>,
    content_disposition: Option<String>,
    last_modified: Option<aws_sdk_s3::primitives::DateTime>,
    metadata: Option<HashMap<String, String>>,
) -> Result<ObjectInfo, ObjectError> {
    let corrupt = |message: String| ObjectError::CorruptMetadata {
        key: key.clone(),
        message,
    };
    let mut metadata = metadata.unwrap_or_default();
    let expires_at = metadata
        .remove(EXPIRES_AT_METADATA)
        .map(|expires_at| {
            DateTime::parse_from_rfc3339(&expires_at)
                .map(|expires_at| expires_at.with_timezone(&Utc))
                .map_err(|error| corrupt(format!("{EXPIRES_AT_METADATA} {expires_at:?}: {error}")))
        })
        .transpose()?;
    let last_modified = last_modified
        .and_then(|at| DateTime::from_timestamp(at.secs(), at.subsec_nanos()))
        .ok_or_else(|| corrupt("no Last-Modified".to_owned()))?;
    let size = content_length
        .and_then(|length| u64::try_from(length).ok())
        .ok_or_else(|| corrupt("no Content-Length".to_owned()))?;
    Ok(ObjectInfo {
        key,
        size,
        content_type: content_type.unwrap_or_else(|| "application/octet-stream".to_owned()),
        last_modified,
        metadata,
        expires_at,
        download_as: content_disposition.as_deref().and_then(download_name_of),
    })
}

fn s3_error<E, R>(operation: &'static str) -> impl FnOnce(SdkError<E, R>) -> ObjectError
where
    E: std::error::Error + Send + Sync + 'static,
    R: fmt::Debug,
{
    move |error| ObjectError::S3 {
        operation,
        message: DisplayErrorContext(&error).to_string(),
    }
}

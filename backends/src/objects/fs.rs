//! The embedded default: objects as files under a root directory.
//!
//! Key `a/b/c.pdf` is stored as `{root}/a/b/c.pdf%o` with its metadata beside it in
//! `{root}/a/b/c.pdf%m` (JSON). Every `%` of a key segment is written `%25`, so a directory name
//! never ends in `%o`/`%m` and never starts with `%t` (temporary files): keys `a` and `a/b` can
//! both exist, as in S3.
//!
//! Writes are atomic: bytes go to a temporary file in the target directory, are fsynced and then
//! renamed over the target. The metadata is renamed into place before the data, so an object whose
//! data file exists always has its metadata. (A reader racing a replacement of the same key may see
//! the new metadata with the old bytes for that instant; size and last-modified always come from
//! the bytes it reads.)
use std::collections::HashMap;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use futures::StreamExt;
use serde::{Deserialize, Serialize};
use tokio::io::AsyncWriteExt;
use tokio_util::io::ReaderStream;

use super::{
    check_presigned_lifetime, concatenation, BodyStream, Object, ObjectError, ObjectInfo,
    ObjectKey, ObjectStore, ObjectStoreKind, PresignedPut, PutOptions, UrlSigner,
};
use crate::clock::SharedClock;

const DATA_SUFFIX: &str = "%o";
const METADATA_SUFFIX: &str = "%m";
const TEMPORARY_PREFIX: &str = "%t";
const READ_CHUNK_BYTES: usize = 64 * 1024;
/// Content type of an object whose metadata file went missing (only a crash or a person can do that).
const UNKNOWN_CONTENT_TYPE: &str = "application/octet-stream";

/// The metadata file's contents.
#[derive(Debug, Serialize, Deserialize)]
struct Sidecar {
    content_type: String,
    #[serde(default)]
    metadata: HashMap<String, String>,
    #[serde(default)]
    expires_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    download_as: Option<String>,
}

/// Where one key's files live.
struct Location {
    dir: PathBuf,
    data: PathBuf,
    sidecar: PathBuf,
}

#[derive(Clone)]
pub struct FilesystemStore {
    /// Canonical (absolute, no symlinks), so joined paths can be checked against it.
    root: PathBuf,
    signer: UrlSigner,
    clock: SharedClock,
}

impl FilesystemStore {
    /// Opens (creating it if needed) the directory `root`.
    pub async fn open(
        root: impl Into<PathBuf>,
        signer: UrlSigner,
        clock: SharedClock,
    ) -> Result<Self, ObjectError> {
        let root = root.into();
        tokio::fs::create_dir_all(&root)
            .await
            .map_err(filesystem_error(&root))?;
        let root = tokio::fs::canonicalize(&root)
            .await
            .map_err(filesystem_error(&root))?;
        Ok(Self {
            root,
            signer,
            clock,
        })
    }

    fn expiry(&self, expires_in: Duration) -> Result<DateTime<Utc>, ObjectError> {
        check_presigned_lifetime(expires_in)?;
        let expires_in = chrono::Duration::from_std(expires_in)
            .map_err(|error| ObjectError::InvalidLifetime(error.to_string()))?;
        Ok(self.clock.now() + expires_in)
    }

    fn locate(&self, key: &ObjectKey) -> Location {
        locate_in(&self.root, key)
    }

    /// Runs blocking filesystem work off the async threads.
    async fn blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Path) -> Result<T, ObjectError> + Send + 'static,
    ) -> Result<T, ObjectError> {
        let root = self.root.clone();
        tokio::task::spawn_blocking(move || work(&root))
            .await
            .map_err(|joined| ObjectError::Filesystem {
                path: self.root.clone(),
                source: io::Error::other(joined),
            })?
    }
}

#[async_trait]
impl ObjectStore for FilesystemStore {
    fn kind(&self) -> ObjectStoreKind {
        ObjectStoreKind::Filesystem
    }

    async fn ping(&self) -> Result<(), ObjectError> {
        let metadata = tokio::fs::metadata(&self.root)
            .await
            .map_err(filesystem_error(&self.root))?;
        if !metadata.is_dir() {
            return Err(ObjectError::Config(format!(
                "{} is not a directory",
                self.root.display()
            )));
        }
        Ok(())
    }

    async fn put(
        &self,
        key: &ObjectKey,
        mut body: BodyStream,
        options: PutOptions,
    ) -> Result<(), ObjectError> {
        options.check()?;
        let Location { dir, data, sidecar } = self.locate(key);
        tokio::fs::create_dir_all(&dir)
            .await
            .map_err(filesystem_error(&dir))?;
        let dir = self
            .blocking(move |root| {
                ensure_under_root(root, &dir)?;
                Ok(dir)
            })
            .await?;

        let temporary_dir = dir.clone();
        let temporary = self
            .blocking(move |_| temporary_file(&temporary_dir))
            .await?;
        let writer = temporary
            .as_file()
            .try_clone()
            .map_err(filesystem_error(temporary.path()))?;
        let mut writer = tokio::fs::File::from_std(writer);
        // Dropping `temporary` on any early return deletes the partial file.
        while let Some(chunk) = body.next().await {
            let chunk = chunk.map_err(ObjectError::Body)?;
            writer
                .write_all(&chunk)
                .await
                .map_err(filesystem_error(temporary.path()))?;
        }
        writer
            .flush()
            .await
            .map_err(filesystem_error(temporary.path()))?;
        writer
            .sync_all()
            .await
            .map_err(filesystem_error(temporary.path()))?;
        drop(writer);

        let sidecar_json = serde_json::to_vec(&Sidecar {
            content_type: options.content_type,
            metadata: options.metadata,
            expires_at: options.expires_at,
            download_as: options.download_as,
        })
        .expect("the metadata file always serialises");
        self.blocking(move |_| {
            write_atomically(&dir, &sidecar, &sidecar_json)?;
            // Durable before the data appears, so a crash cannot leave data without metadata.
            sync_dir(&dir)?;
            temporary
                .persist(&data)
                .map_err(|failed| ObjectError::Filesystem {
                    path: data.clone(),
                    source: failed.error,
                })?;
            sync_dir(&dir)
        })
        .await
    }

    async fn get(&self, key: &ObjectKey) -> Result<Option<Object>, ObjectError> {
        let location = self.locate(key);
        let key = key.clone();
        let opened = self
            .blocking(move |root| {
                let Some(file) = open_data(root, &location)? else {
                    return Ok(None);
                };
                // Described from the open file, so size and bytes agree even if it is replaced.
                let metadata = file.metadata().map_err(filesystem_error(&location.data))?;
                let info = describe(key, &metadata, &location)?;
                Ok(Some((info, file)))
            })
            .await?;
        Ok(opened.map(|(info, file)| Object {
            info,
            body: ReaderStream::with_capacity(tokio::fs::File::from_std(file), READ_CHUNK_BYTES)
                .boxed(),
        }))
    }

    async fn head(&self, key: &ObjectKey) -> Result<Option<ObjectInfo>, ObjectError> {
        let location = self.locate(key);
        let key = key.clone();
        self.blocking(move |root| read_info(root, key, &location))
            .await
    }

    async fn list(&self, prefix: &str) -> Result<Vec<ObjectInfo>, ObjectError> {
        // Start at the deepest directory the prefix names completely; a prefix whose directory
        // part is not a valid key cannot match any key.
        let (dir_part, _) = prefix.rsplit_once('/').unwrap_or(("", prefix));
        let (start_dir, start_key) = if dir_part.is_empty() {
            (self.root.clone(), String::new())
        } else {
            match ObjectKey::new(dir_part) {
                Ok(dir_key) => (
                    dir_under(&self.root, dir_key.segments()),
                    format!("{dir_key}/"),
                ),
                Err(_) => return Ok(Vec::new()),
            }
        };
        let prefix = prefix.to_owned();
        self.blocking(move |root| {
            if !start_dir.is_dir() {
                return Ok(Vec::new());
            }
            ensure_under_root(root, &start_dir)?;
            let mut keys = Vec::new();
            collect_keys(&start_dir, &start_key, &prefix, &mut keys)?;
            keys.sort();
            let mut objects = Vec::with_capacity(keys.len());
            for key in keys {
                let location = locate_in(root, &key);
                // Deleted since the directory was read: not listed.
                if let Some(info) = read_info(root, key, &location)? {
                    objects.push(info);
                }
            }
            Ok(objects)
        })
        .await
    }

    async fn delete(&self, key: &ObjectKey) -> Result<(), ObjectError> {
        let Location { dir, data, sidecar } = self.locate(key);
        self.blocking(move |root| {
            if !dir.is_dir() {
                return Ok(());
            }
            ensure_under_root(root, &dir)?;
            // Data first: without its data file the object no longer exists.
            remove_if_present(&data)?;
            remove_if_present(&sidecar)?;
            sync_dir(&dir)
        })
        .await
    }

    async fn presign_get(
        &self,
        key: &ObjectKey,
        expires_in: Duration,
    ) -> Result<String, ObjectError> {
        let expires_at = self.expiry(expires_in)?;
        Ok(self.signer.sign_get(key, expires_at))
    }

    async fn presign_put(
        &self,
        key: &ObjectKey,
        options: &PutOptions,
        length: u64,
        expires_in: Duration,
    ) -> Result<PresignedPut, ObjectError> {
        options.check_presignable()?;
        let expires_at = self.expiry(expires_in)?;
        Ok(PresignedPut {
            url: self.signer.sign_put(
                key,
                &options.content_type,
                length,
                options.expires_at,
                expires_at,
            ),
            headers: vec![("content-type".to_owned(), options.content_type.clone())],
        })
    }

    async fn compose(
        &self,
        target: &ObjectKey,
        sources: &[ObjectInfo],
        options: PutOptions,
    ) -> Result<(), ObjectError> {
        self.put(target, concatenation(self, sources), options)
            .await
    }
}

/// Where `key`'s files live under `root`.
fn locate_in(root: &Path, key: &ObjectKey) -> Location {
    let segments: Vec<&str> = key.segments().collect();
    let (name, parents) = segments
        .split_last()
        .expect("an object key has at least one segment");
    let dir = dir_under(root, parents.iter().copied());
    let name = encode_segment(name);
    Location {
        data: dir.join(format!("{name}{DATA_SUFFIX}")),
        sidecar: dir.join(format!("{name}{METADATA_SUFFIX}")),
        dir,
    }
}

fn dir_under<'a>(root: &Path, segments: impl Iterator<Item = &'a str>) -> PathBuf {
    let mut dir = root.to_path_buf();
    dir.extend(segments.map(encode_segment));
    dir
}

fn encode_segment(segment: &str) -> String {
    segment.replace('%', "%25")
}

fn decode_segment(name: &str) -> String {
    name.replace("%25", "%")
}

fn filesystem_error(path: &Path) -> impl FnOnce(io::Error) -> ObjectError + '_ {
    move |source| ObjectError::Filesystem {
        path: path.to_path_buf(),
        source,
    }
}

/// Refuses a directory that resolves (through symlinks, say) to somewhere outside the root.
fn ensure_under_root(root: &Path, dir: &Path) -> Result<(), ObjectError> {
    let resolved = dir.canonicalize().map_err(filesystem_error(dir))?;
    if resolved.starts_with(root) {
        Ok(())
    } else {
        Err(ObjectError::PathEscape(dir.to_path_buf()))
    }
}

fn temporary_file(dir: &Path) -> Result<tempfile::NamedTempFile, ObjectError> {
    tempfile::Builder::new()
        .prefix(TEMPORARY_PREFIX)
        .tempfile_in(dir)
        .map_err(filesystem_error(dir))
}

fn write_atomically(dir: &Path, target: &Path, contents: &[u8]) -> Result<(), ObjectError> {
    let mut temporary = temporary_file(dir)?;
    temporary
        .write_all(contents)
        .and_then(|()| temporary.as_file().sync_all())
        .map_err(filesystem_error(temporary.path()))?;
    temporary
        .persist(target)
        .map_err(|failed| ObjectError::Filesystem {
            path: target.to_path_buf(),
            source: failed.error,
        })?;
    Ok(())
}

/// Makes renames and removals in `dir` durable.
fn sync_dir(dir: &Path) -> Result<(), ObjectError> {
    File::open(dir)
        .and_then(|dir| dir.sync_all())
        .map_err(filesystem_error(dir))
}

fn remove_if_present(path: &Path) -> Result<(), ObjectError> {
    match fs::remove_file(path) {
        Err(error) if error.kind() != io::ErrorKind::NotFound => Err(ObjectError::Filesystem {
            path: path.to_path_buf(),
            source: error,
        }),
        _ => Ok(()),
    }
}

/// The data file, opened, or `None` when the object does not exist.
fn open_data(root: &Path, location: &Location) -> Result<Option<File>, ObjectError> {
    if !location.dir.is_dir() {
        return Ok(None);
    }
    ensure_under_root(root, &location.dir)?;
    match fs::symlink_metadata(&location.data) {
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(filesystem_error(&location.data)(error)),
        // Only this store writes here, and it never writes symlinks.
        Ok(metadata) if !metadata.is_file() => {
            return Err(ObjectError::PathEscape(location.data.clone()))
        }
        Ok(_) => {}
    }
    match File::open(&location.data) {
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(filesystem_error(&location.data)(error)),
        Ok(file) => Ok(Some(file)),
    }
}

fn read_info(
    root: &Path,
    key: ObjectKey,
    location: &Location,
) -> Result<Option<ObjectInfo>, ObjectError> {
    let Some(file) = open_data(root, location)? else {
        return Ok(None);
    };
    let metadata = file.metadata().map_err(filesystem_error(&location.data))?;
    describe(key, &metadata, location).map(Some)
}

fn describe(
    key: ObjectKey,
    data: &fs::Metadata,
    location: &Location,
) -> Result<ObjectInfo, ObjectError> {
    let sidecar = match fs::read(&location.sidecar) {
        Ok(json) => {
            serde_json::from_slice(&json).map_err(|error| ObjectError::CorruptMetadata {
                key: key.clone(),
                message: error.to_string(),
            })?
        }
        // Only a crash between a delete's two removals, or a person, leaves data without metadata.
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            tracing::warn!(%key, "object has no metadata file");
            Sidecar {
                content_type: UNKNOWN_CONTENT_TYPE.to_owned(),
                metadata: HashMap::new(),
                expires_at: None,
                download_as: None,
            }
        }
        Err(error) => return Err(filesystem_error(&location.sidecar)(error)),
    };
    let last_modified = data
        .modified()
        .map_err(filesystem_error(&location.data))?
        .into();
    Ok(ObjectInfo {
        key,
        size: data.len(),
        content_type: sidecar.content_type,
        last_modified,
        metadata: sidecar.metadata,
        expires_at: sidecar.expires_at,
        download_as: sidecar.download_as,
    })
}

/// Adds to `keys` every object key under `dir` (whose keys start with `dir_key`) that starts with
/// `prefix`. Skips symlinks, temporary and metadata files.
fn collect_keys(
    dir: &Path,
    dir_key: &str,
    prefix: &str,
    keys: &mut Vec<ObjectKey>,
) -> Result<(), ObjectError> {
    let entries = match fs::read_dir(dir) {
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(()),
        entries => entries.map_err(filesystem_error(dir))?,
    };
    for entry in entries {
        let entry = entry.map_err(filesystem_error(dir))?;
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        let file_type = entry.file_type().map_err(filesystem_error(&entry.path()))?;
        if file_type.is_dir() {
            let sub_key = format!("{dir_key}{}/", decode_segment(&name));
            if sub_key.starts_with(prefix) || prefix.starts_with(&sub_key) {
                collect_keys(&entry.path(), &sub_key, prefix, keys)?;
            }
        } else if let Some(stem) = name
            .strip_suffix(DATA_SUFFIX)
            .filter(|_| file_type.is_file())
        {
            let key = format!("{dir_key}{}", decode_segment(stem));
            if key.starts_with(prefix) {
                if let Ok(key) = ObjectKey::new(key) {
                    keys.push(key);
                }
            }
        }
    }
    Ok(())
}

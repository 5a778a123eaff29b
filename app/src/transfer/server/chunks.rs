//! A file's bytes as the browser with JavaScript sends them (C.3 step 4): in chunks of
//! [`CHUNK_BYTES`], each at its offset, stored as it arrives in the object store (which every
//! instance shares) under `transfer/parts/<consignment>/<file>/<offset>`. When the file's chunks
//! are all there, they are joined into its object at [`upload_key`] and removed. A file of one
//! chunk goes straight to its object. What the store holds is the whole truth: asking tells the
//! browser how many bytes from the start are there, so an interrupted upload resumes with the
//! first chunk missing, on any instance.
//!
//! Parts expire after [`PARTS_KEPT`] (the `objects.expire` job deletes them), so an upload never
//! finished leaves nothing for ever.
use std::collections::BTreeMap;
use std::io;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use backends::clock::SharedClock;
use backends::objects::{BodyStream, ObjectError, ObjectKey, ObjectStore, PutOptions};
use futures::{stream, StreamExt, TryStreamExt};

use super::files::{upload_key, upload_prefix, TransferFile};
use super::FileEntry;
use crate::transfer::ids::{ConsignmentId, FileId};
use crate::transfer::upload::{chunk_len, Received, RecordPath, CHUNK_BYTES};

/// How long the chunks of a file not yet whole are kept.
pub const PARTS_KEPT: chrono::TimeDelta = chrono::TimeDelta::days(7);

#[derive(Debug, thiserror::Error)]
pub enum ChunkError {
    #[error("a chunk starts at a multiple of {CHUNK_BYTES} bytes, before the end of the file")]
    BadOffset,
    #[error("the chunk at {offset} must be {expected} bytes long")]
    WrongLength { offset: u64, expected: u64 },
    #[error(transparent)]
    Objects(#[from] ObjectError),
}

/// The chunked uploads' part of the object store. Cheap to make.
#[derive(Clone)]
pub struct Chunks {
    objects: Arc<dyn ObjectStore>,
    clock: SharedClock,
}

/// Where the chunks of a file are kept until it is whole.
pub fn parts_prefix(consignment: &ConsignmentId, file: &FileId) -> String {
    format!("transfer/parts/{consignment}/{file}/")
}

fn part_key(consignment: &ConsignmentId, file: &FileId, offset: u64) -> ObjectKey {
    ObjectKey::new(format!("{}{offset:020}", parts_prefix(consignment, file)))
        .expect("ids and numbers make safe object keys")
}

impl Chunks {
    pub fn of(backends: &backends::Backends) -> Self {
        Chunks {
            objects: backends.objects.clone(),
            clock: backends.clock.clone(),
        }
    }

    /// How much of file `file` (declared `size` bytes) is stored.
    pub async fn received(
        &self,
        consignment: &ConsignmentId,
        file: &FileId,
        size: u64,
    ) -> Result<Received, ObjectError> {
        if self.is_whole(consignment, file, size).await? {
            return Ok(Received {
                received: size,
                complete: true,
            });
        }
        let (received, _) = self.contiguous_parts(consignment, file, size).await?;
        Ok(Received {
            received,
            complete: false,
        })
    }

    async fn is_whole(
        &self,
        consignment: &ConsignmentId,
        file: &FileId,
        size: u64,
    ) -> Result<bool, ObjectError> {
        Ok(self
            .objects
            .head(&upload_key(consignment, file))
            .await?
            .is_some_and(|info| info.size == size))
    }

    /// The parts from the start of the file without a gap, each of the length its offset calls
    /// for: the bytes they hold, and their keys in order.
    async fn contiguous_parts(
        &self,
        consignment: &ConsignmentId,
        file: &FileId,
        size: u64,
    ) -> Result<(u64, Vec<ObjectKey>), ObjectError> {
        let prefix = parts_prefix(consignment, file);
        let mut next = 0;
        let mut keys = Vec::new();
        // Sorted by key, and the offsets are zero-padded: in offset order.
        for part in self.objects.list(&prefix).await? {
            let offset = part
                .key
                .as_str()
                .strip_prefix(&prefix)
                .and_then(|offset| offset.parse::<u64>().ok());
            if offset != Some(next) || chunk_len(size, next) != Some(part.size) {
                break;
            }
            next += part.size;
            keys.push(part.key);
        }
        Ok((next, keys))
    }

    /// Stores the chunk of file `file` (declared `size` bytes) at `offset`, which must be exactly
    /// as long as [`chunk_len`] says; joins the file once it has every chunk. A chunk sent again
    /// replaces the one stored; one for a file already whole is read and dropped.
    pub async fn put(
        &self,
        consignment: &ConsignmentId,
        file: &FileId,
        size: u64,
        offset: u64,
        body: BodyStream,
    ) -> Result<Received, ChunkError> {
        let expected = chunk_len(size, offset).ok_or(ChunkError::BadOffset)?;
        let seen = Arc::new(AtomicU64::new(0));
        if self.is_whole(consignment, file, size).await? {
            // Read and dropped (at most a chunk), so the connection stays usable.
            let _ = exactly(body, expected, seen)
                .try_for_each(|_| futures::future::ready(Ok(())))
                .await;
            return Ok(Received {
                received: size,
                complete: true,
            });
        }
        let body = exactly(body, expected, seen.clone());
        let whole_file = offset == 0 && expected == size;
        let (key, options) = if whole_file {
            (
                upload_key(consignment, file),
                PutOptions::new("application/octet-stream"),
            )
        } else {
            (
                part_key(consignment, file, offset),
                PutOptions::new("application/octet-stream")
                    .expiring_at(self.clock.now() + PARTS_KEPT),
            )
        };
        if let Err(error) = self.objects.put(&key, body, options).await {
            return Err(if seen.load(Ordering::SeqCst) != expected {
                ChunkError::WrongLength { offset, expected }
            } else {
                ChunkError::Objects(error)
            });
        }
        if whole_file {
            return Ok(Received {
                received: size,
                complete: true,
            });
        }
        let (received, keys) = self.contiguous_parts(consignment, file, size).await?;
        if received < size {
            return Ok(Received {
                received,
                complete: false,
            });
        }
        self.join(consignment, file, size, keys).await?;
        Ok(Received {
            received: size,
            complete: true,
        })
    }

    /// Writes the parts, in order, as the file's object, then removes them. Two instances given
    /// the last two chunks at once may both join: the object is the same bytes either way, and
    /// one whose parts the other removed mid-way finds the object whole.
    async fn join(
        &self,
        consignment: &ConsignmentId,
        file: &FileId,
        size: u64,
        parts: Vec<ObjectKey>,
    ) -> Result<(), ObjectError> {
        let objects = self.objects.clone();
        let body = stream::iter(parts.clone())
            .then(move |key| {
                let objects = objects.clone();
                async move {
                    match objects.get(&key).await {
                        Ok(Some(object)) => Ok(object.body),
                        Ok(None) => Err(io::Error::other(format!("the part {key} is gone"))),
                        Err(error) => Err(io::Error::other(error)),
                    }
                }
            })
            .try_flatten()
            .boxed();
        let key = upload_key(consignment, file);
        if let Err(error) = self
            .objects
            .put(&key, body, PutOptions::new("application/octet-stream"))
            .await
        {
            if self.is_whole(consignment, file, size).await? {
                return Ok(());
            }
            return Err(error);
        }
        for part in &parts {
            if let Err(error) = self.objects.delete(part).await {
                tracing::warn!(%error, %part, "a joined chunk was not removed (it expires)");
            }
        }
        Ok(())
    }

    /// The first of `files` whose object is missing or not of the size the browser declared:
    /// what refuses to complete an upload. One listing of the consignment's upload area.
    pub async fn first_not_whole<'a>(
        &self,
        consignment: &ConsignmentId,
        files: &'a [TransferFile],
    ) -> Result<Option<&'a RecordPath>, ObjectError> {
        let stored: BTreeMap<String, u64> = self
            .objects
            .list(&upload_prefix(consignment))
            .await?
            .into_iter()
            .map(|info| (info.key.as_str().to_owned(), info.size))
            .collect();
        Ok(files
            .iter()
            .filter(|file| file.entry == FileEntry::File)
            .find(|file| {
                let size = stored.get(file.upload_key().as_str());
                size.is_none() || size.copied() != file.client_size()
            })
            .map(|file| &file.original_path))
    }
}

/// `body`, failing unless it is exactly `expected` bytes long (a failing body stores nothing);
/// `seen` counts what passed.
fn exactly(body: BodyStream, expected: u64, seen: Arc<AtomicU64>) -> BodyStream {
    let counter = seen.clone();
    let counted = body.and_then(move |chunk| {
        let total = counter.fetch_add(chunk.len() as u64, Ordering::SeqCst) + chunk.len() as u64;
        futures::future::ready(if total > expected {
            Err(io::Error::other(
                "the chunk is longer than its offset calls for",
            ))
        } else {
            Ok(chunk)
        })
    });
    let end = stream::once(async move {
        (seen.load(Ordering::SeqCst) != expected).then(|| {
            Err(io::Error::other(
                "the chunk is shorter than its offset calls for",
            ))
        })
    })
    .filter_map(futures::future::ready);
    counted.chain(end).boxed()
}

//! A file's bytes as the browser with JavaScript sends them (C.3 step 4): in chunks of
//! [`CHUNK_BYTES`], each at its offset, put by the browser straight into the object store (which
//! every instance shares; S3's own presigned URL with S3) under
//! `transfer/parts/<consignment>/<file>/<offset>`. When the file's chunks are all there, this app
//! joins them into its object at [`upload_key`] (inside the bucket with S3) and removes them. What
//! the store holds is the whole truth: asking tells the browser how many bytes from the start are
//! there, so an interrupted upload resumes with the first chunk missing, on any instance.
//!
//! Parts expire after [`PARTS_KEPT`] (the `objects.expire` job deletes them), so an upload never
//! finished leaves nothing for ever.
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use backends::clock::SharedClock;
use backends::objects::{ObjectError, ObjectInfo, ObjectKey, ObjectStore, PutOptions};

use super::files::{upload_key, upload_prefix, TransferFile};
use super::FileEntry;
use crate::transfer::ids::{ConsignmentId, FileId};
use crate::transfer::upload::{chunk_len, ChunkTarget, Received, RecordPath, CHUNK_BYTES};

/// How long the chunks of a file not yet whole are kept.
pub const PARTS_KEPT: chrono::TimeDelta = chrono::TimeDelta::days(7);

/// How long a chunk's upload URL may be used: long enough for a chunk on a slow line.
const CHUNK_URL_LIFETIME: Duration = Duration::from_secs(60 * 60);

/// What chunks and the files joined from them are stored as.
const CHUNK_CONTENT_TYPE: &str = "application/octet-stream";

#[derive(Debug, thiserror::Error)]
pub enum ChunkError {
    #[error("a chunk starts at a multiple of {CHUNK_BYTES} bytes, before the end of the file")]
    BadOffset,
    #[error(transparent)]
    Objects(#[from] ObjectError),
}

/// The chunked uploads' part of the object store. Cheap to make.
#[derive(Clone)]
pub struct Chunks {
    objects: Arc<dyn ObjectStore>,
    clock: SharedClock,
}

/// Where a file's bytes stand in the store.
enum Standing {
    /// Its object is whole, at the size declared.
    Whole,
    /// Not yet: the bytes from the start without a gap, and the parts that hold them.
    Parts {
        received: u64,
        parts: Vec<ObjectInfo>,
    },
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
        Ok(match self.standing(consignment, file, size).await? {
            Standing::Whole => Received::whole(size),
            Standing::Parts { received, .. } => Received::partly(received),
        })
    }

    /// Whether the file's object is whole, else its parts from the start without a gap.
    async fn standing(
        &self,
        consignment: &ConsignmentId,
        file: &FileId,
        size: u64,
    ) -> Result<Standing, ObjectError> {
        if self.is_whole(consignment, file, size).await? {
            return Ok(Standing::Whole);
        }
        let (received, parts) = self.contiguous_parts(consignment, file, size).await?;
        Ok(Standing::Parts { received, parts })
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
    /// for: the bytes they hold, and the parts in order.
    async fn contiguous_parts(
        &self,
        consignment: &ConsignmentId,
        file: &FileId,
        size: u64,
    ) -> Result<(u64, Vec<ObjectInfo>), ObjectError> {
        let prefix = parts_prefix(consignment, file);
        let mut next = 0;
        let mut parts = Vec::new();
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
            parts.push(part);
        }
        Ok((next, parts))
    }

    /// Where the browser sends the chunk of file `file` (declared `size` bytes) at `offset`: an
    /// upload URL of the object store's (S3's own with S3, so the bytes never pass through this
    /// app), for the chunk's part, which expires with the parts. What arrives there counts only
    /// once [`Chunks::settle`] finds it the length its offset calls for.
    pub async fn target(
        &self,
        consignment: &ConsignmentId,
        file: &FileId,
        size: u64,
        offset: u64,
    ) -> Result<ChunkTarget, ChunkError> {
        let length = chunk_len(size, offset).ok_or(ChunkError::BadOffset)?;
        let options =
            PutOptions::new(CHUNK_CONTENT_TYPE).expiring_at(self.clock.now() + PARTS_KEPT);
        let presigned = self
            .objects
            .presign_put(
                &part_key(consignment, file, offset),
                &options,
                length,
                CHUNK_URL_LIFETIME,
            )
            .await?;
        Ok(ChunkTarget {
            offset,
            url: presigned.url,
            headers: presigned.headers,
        })
    }

    /// Takes in the chunks the browser has sent of file `file` (declared `size` bytes): once
    /// they make the whole file, joins them into its object (which only this app writes, so
    /// nothing can change a file after its checks) and removes them. How much is there, as
    /// [`Chunks::received`].
    pub async fn settle(
        &self,
        consignment: &ConsignmentId,
        file: &FileId,
        size: u64,
    ) -> Result<Received, ObjectError> {
        match self.standing(consignment, file, size).await? {
            Standing::Whole => Ok(Received::whole(size)),
            Standing::Parts { received, parts } if received < size || parts.is_empty() => {
                Ok(Received::partly(received))
            }
            Standing::Parts { parts, .. } => {
                self.join(consignment, file, size, parts).await?;
                Ok(Received::whole(size))
            }
        }
    }

    /// Writes the parts, in order, as the file's object, then removes them. Two instances
    /// settling the last chunk at once may both join: the object is the same bytes either way,
    /// and one whose parts the other removed mid-way finds the object whole.
    async fn join(
        &self,
        consignment: &ConsignmentId,
        file: &FileId,
        size: u64,
        parts: Vec<ObjectInfo>,
    ) -> Result<(), ObjectError> {
        let key = upload_key(consignment, file);
        if let Err(error) = self
            .objects
            .compose(&key, &parts, PutOptions::new(CHUNK_CONTENT_TYPE))
            .await
        {
            if self.is_whole(consignment, file, size).await? {
                return Ok(());
            }
            return Err(error);
        }
        for part in parts.iter().map(|part| &part.key) {
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

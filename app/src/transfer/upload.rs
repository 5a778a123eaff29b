//! What an upload says about each file before its bytes come (C.3, `addFilesAndMetadata`): its
//! path in the folder, its size, when it was last changed and the SHA-256 the browser computed.
//! The rules are shared by the browser, which checks a folder before sending it, and the server,
//! which checks again.
use std::fmt;

use serde::{Deserialize, Serialize};

use super::ids::FileId;

/// The most files one consignment takes.
pub const MAX_FILES: usize = 10_000;
/// The largest file taken: TDR's own limit.
pub const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024 * 1024;
/// The longest path taken, in bytes: what common file systems allow.
pub const MAX_PATH_BYTES: usize = 4096;
/// What the browser with JavaScript reads, hashes and sends at a time: a file's bytes go to the
/// server in chunks of this size (the last one shorter), each stored as it arrives, so an upload
/// that stops resumes from the chunk it was sending.
pub const CHUNK_BYTES: u64 = 8 * 1024 * 1024;

/// The length the chunk of a `file_size`-byte file at `offset` must have: chunks start at
/// multiples of [`CHUNK_BYTES`] and are that long, but for the last. `None` for an offset that
/// starts no chunk. An empty file is one empty chunk at 0.
pub fn chunk_len(file_size: u64, offset: u64) -> Option<u64> {
    if !offset.is_multiple_of(CHUNK_BYTES)
        || offset > file_size
        || (offset == file_size && offset > 0)
    {
        return None;
    }
    Some((file_size - offset).min(CHUNK_BYTES))
}

/// A file's path within the uploaded folder: relative, `/`-separated, every segment a real name.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RecordPath(String);

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BadPath {
    #[error("the path is empty")]
    Empty,
    #[error("the path {0:?} is longer than {MAX_PATH_BYTES} bytes")]
    TooLong(String),
    #[error("the path {0:?} has an empty part, \".\" or \"..\"")]
    BadSegment(String),
    #[error("the path {0:?} has a control character in it")]
    ControlCharacter(String),
}

impl RecordPath {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The last segment: the file's or folder's own name.
    pub fn file_name(&self) -> &str {
        self.0.rsplit('/').next().unwrap_or(&self.0)
    }

    /// The folder it is in, if any.
    pub fn parent(&self) -> Option<RecordPath> {
        self.0
            .rsplit_once('/')
            .map(|(parent, _)| RecordPath(parent.to_owned()))
    }

    /// Every folder above it, outermost first.
    pub fn ancestors(&self) -> Vec<RecordPath> {
        let mut folders = Vec::new();
        let mut next = self.parent();
        while let Some(folder) = next {
            next = folder.parent();
            folders.push(folder);
        }
        folders.reverse();
        folders
    }

    /// The top-level folder the person chose: the first segment.
    pub fn top_folder(&self) -> &str {
        self.0.split('/').next().unwrap_or(&self.0)
    }
}

impl TryFrom<String> for RecordPath {
    type Error = BadPath;

    fn try_from(path: String) -> Result<Self, BadPath> {
        // Windows browsers may send back-slashes in a folder's relative paths.
        let path = path.replace('\\', "/");
        if path.is_empty() {
            return Err(BadPath::Empty);
        }
        if path.len() > MAX_PATH_BYTES {
            return Err(BadPath::TooLong(path));
        }
        if path.chars().any(char::is_control) {
            return Err(BadPath::ControlCharacter(path));
        }
        if path
            .split('/')
            .any(|segment| segment.is_empty() || segment == "." || segment == "..")
        {
            return Err(BadPath::BadSegment(path));
        }
        Ok(RecordPath(path))
    }
}

impl From<RecordPath> for String {
    fn from(path: RecordPath) -> String {
        path.0
    }
}

impl fmt::Display for RecordPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A lower-case hex SHA-256, as the browser and the checksum check write it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Sha256Hex(String);

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a SHA-256 in hex")]
pub struct NotSha256(pub String);

impl Sha256Hex {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Sha256Hex {
    type Error = NotSha256;

    fn try_from(hex: String) -> Result<Self, NotSha256> {
        let lowered = hex.to_ascii_lowercase();
        if lowered.len() == 64 && lowered.bytes().all(|b| b.is_ascii_hexdigit()) {
            Ok(Sha256Hex(lowered))
        } else {
            Err(NotSha256(hex))
        }
    }
}

impl From<Sha256Hex> for String {
    fn from(hex: Sha256Hex) -> String {
        hex.0
    }
}

impl fmt::Display for Sha256Hex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One file of an upload, as `addFilesAndMetadata`'s `metadataInput` has it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FileInput {
    pub original_path: RecordPath,
    pub checksum: Sha256Hex,
    /// Milliseconds since the epoch, as the browser's `File.lastModified`.
    pub last_modified: i64,
    pub file_size: u64,
    /// The browser's own id for the file.
    pub match_id: String,
}

/// `startUpload`'s input, as the browser with JavaScript sends it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StartUpload {
    /// The folder chosen: the top folder of every file's path.
    pub parent_folder: String,
    pub include_top_level_folder: bool,
}

/// `addFilesAndMetadata`'s answer for one file: the id its bytes are sent under.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FileMatch {
    pub file_id: FileId,
    pub match_id: String,
}

/// What the server has of one file's bytes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Received {
    /// The bytes stored from the start of the file without a gap: where the browser goes on.
    pub received: u64,
    /// The file's object is whole, its size the one declared.
    pub complete: bool,
    /// Where to send the next chunk (the one at `received`, unless another was asked for); none
    /// once the file is whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<ChunkTarget>,
}

impl Received {
    pub fn whole(size: u64) -> Self {
        Received {
            received: size,
            complete: true,
            next: None,
        }
    }

    pub fn partly(received: u64) -> Self {
        Received {
            received,
            complete: false,
            next: None,
        }
    }
}

/// Where a chunk goes: a `PUT` of its bytes to `url` (the object store's, signed), sending
/// exactly `headers`; then a `POST` to the file's URL on this site takes it in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChunkTarget {
    pub offset: u64,
    pub url: String,
    pub headers: Vec<(String, String)>,
}

/// The upload is complete: where the browser goes next (the checking page).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadCompleted {
    pub redirect: String,
}

/// Why an upload endpoint refused: the message to show, the file it is about, and where to go
/// instead (sign in again, the step the consignment is at).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadProblem {
    pub error: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect: Option<String>,
}

/// Why a set of files cannot be a consignment.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BadUpload {
    #[error("Select a folder to upload")]
    NoFiles,
    #[error("You can upload up to {MAX_FILES} files at a time")]
    TooMany,
    #[error("The selected files must all be in one folder")]
    SeveralFolders,
    #[error("{0} appears more than once")]
    Duplicate(RecordPath),
    #[error("{0} is both a file and a folder")]
    FileIsFolder(RecordPath),
    #[error("{0} is too large: each file must be smaller than {gb} GB", gb = MAX_FILE_BYTES / (1024 * 1024 * 1024))]
    TooLarge(RecordPath),
}

/// [`check_upload`], and no file over [`MAX_FILE_BYTES`]: what the browser checks before it
/// reads a folder, and the server again when it is told of its files. `files` are each file's
/// path and size.
pub fn check_folder(files: &[(&RecordPath, u64)]) -> Result<String, BadUpload> {
    let paths: Vec<&RecordPath> = files.iter().map(|(path, _)| *path).collect();
    let top = check_upload(&paths)?;
    if let Some((path, _)) = files.iter().find(|(_, size)| *size > MAX_FILE_BYTES) {
        return Err(BadUpload::TooLarge((*path).clone()));
    }
    Ok(top)
}

/// The checks a whole upload must pass: some files, not too many, all under one top-level
/// folder (the one chosen), each path once, and no path both a file and a folder. Returns the top
/// folder's name: the consignment's `parentFolder`.
pub fn check_upload(paths: &[&RecordPath]) -> Result<String, BadUpload> {
    let first = paths.first().ok_or(BadUpload::NoFiles)?;
    if paths.len() > MAX_FILES {
        return Err(BadUpload::TooMany);
    }
    let top = first.top_folder();
    if paths.iter().any(|path| path.top_folder() != top) {
        return Err(BadUpload::SeveralFolders);
    }
    let mut seen = std::collections::BTreeSet::new();
    for path in paths {
        if !seen.insert(path.as_str()) {
            return Err(BadUpload::Duplicate((*path).clone()));
        }
    }
    for path in paths {
        if let Some(folder) = path
            .ancestors()
            .iter()
            .find(|folder| seen.contains(folder.as_str()))
        {
            return Err(BadUpload::FileIsFolder(folder.clone()));
        }
    }
    Ok(top.to_owned())
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn path(text: &str) -> RecordPath {
        RecordPath::try_from(text.to_owned()).unwrap()
    }

    #[test]
    fn paths_are_relative_and_clean() {
        assert_eq!(path("records\\2020\\a.pdf").as_str(), "records/2020/a.pdf");
        for bad in ["", "/etc/passwd", "a//b", "a/./b", "a/../b", "a/", "a\nb"] {
            assert!(RecordPath::try_from(bad.to_owned()).is_err(), "{bad:?}");
        }
        let nested = path("records/2020/minutes/a b.pdf");
        assert_eq!(nested.file_name(), "a b.pdf");
        assert_eq!(nested.top_folder(), "records");
        let ancestors: Vec<String> = nested.ancestors().into_iter().map(String::from).collect();
        assert_eq!(
            ancestors,
            ["records", "records/2020", "records/2020/minutes"]
        );
    }

    #[test]
    fn an_upload_is_one_folder_of_distinct_files() {
        let a = path("records/a.pdf");
        let b = path("records/sub/b.pdf");
        assert_eq!(check_upload(&[&a, &b]), Ok("records".to_owned()));
        assert_eq!(check_upload(&[]), Err(BadUpload::NoFiles));
        let other = path("other/c.pdf");
        assert_eq!(check_upload(&[&a, &other]), Err(BadUpload::SeveralFolders));
        assert_eq!(
            check_upload(&[&a, &a]),
            Err(BadUpload::Duplicate(a.clone()))
        );
        let sub_as_file = path("records/sub");
        assert_eq!(
            check_upload(&[&b, &sub_as_file]),
            Err(BadUpload::FileIsFolder(sub_as_file.clone()))
        );
    }

    #[test]
    fn a_folder_has_no_file_over_the_limit() {
        let small = path("records/small.pdf");
        let large = path("records/large.iso");
        assert_eq!(
            check_folder(&[(&small, 10), (&large, MAX_FILE_BYTES)]),
            Ok("records".to_owned())
        );
        assert_eq!(
            check_folder(&[(&small, 10), (&large, MAX_FILE_BYTES + 1)]),
            Err(BadUpload::TooLarge(large.clone()))
        );
        assert_eq!(check_folder(&[]), Err(BadUpload::NoFiles));
    }

    #[test]
    fn chunks_start_at_multiples_of_the_chunk_size() {
        assert_eq!(chunk_len(0, 0), Some(0));
        assert_eq!(chunk_len(10, 0), Some(10));
        assert_eq!(chunk_len(10, 10), None);
        assert_eq!(chunk_len(10, 5), None);
        let size = 2 * CHUNK_BYTES + 3;
        assert_eq!(chunk_len(size, 0), Some(CHUNK_BYTES));
        assert_eq!(chunk_len(size, CHUNK_BYTES), Some(CHUNK_BYTES));
        assert_eq!(chunk_len(size, 2 * CHUNK_BYTES), Some(3));
        assert_eq!(chunk_len(size, 3 * CHUNK_BYTES), None);
        assert_eq!(chunk_len(CHUNK_BYTES, CHUNK_BYTES), None);
    }

    #[test]
    fn checksums_are_64_hex_digits() {
        let upper = "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855";
        assert_eq!(
            Sha256Hex::try_from(upper.to_owned()).unwrap().as_str(),
            upper.to_ascii_lowercase()
        );
        assert!(Sha256Hex::try_from("abc".to_owned()).is_err());
    }

    proptest! {
        #[test]
        fn accepted_paths_never_climb_out(text in "[a-z./\\\\]{0,20}") {
            if let Ok(path) = RecordPath::try_from(text) {
                prop_assert!(!path.as_str().starts_with('/'));
                prop_assert!(path.as_str().split('/').all(|s| !s.is_empty() && s != ".." && s != "."));
            }
        }
    }
}

//! Object keys that are safe everywhere a key ends up: as a relative path under the filesystem
//! backend's root, in an S3 request, in a signed URL. An [`ObjectKey`] cannot be built from an
//! unsafe string, so the backends never see one.
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// S3's limit on key length, applied to both backends so a key valid on one is valid on the other.
pub const MAX_KEY_BYTES: usize = 1024;

/// Why a string is not an [`ObjectKey`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum InvalidKey {
    #[error("an object key cannot be empty")]
    Empty,
    #[error("an object key is at most {MAX_KEY_BYTES} bytes, this one is {0}")]
    TooLong(usize),
    #[error("an object key cannot start with '/'")]
    LeadingSlash,
    #[error("an object key cannot have an empty segment ('//' or a trailing '/')")]
    EmptySegment,
    #[error("an object key cannot have a '.' or '..' segment")]
    DotSegment,
    #[error("an object key cannot contain a backslash")]
    Backslash,
    #[error("an object key cannot contain control characters")]
    ControlCharacter,
}

/// A validated object key: `/`-separated segments, none of them empty, `.` or `..`; no leading
/// `/`, no backslash, no NUL or other control character; 1 to 1024 bytes.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ObjectKey(String);

impl ObjectKey {
    pub fn new(key: impl Into<String>) -> Result<Self, InvalidKey> {
        let key = key.into();
        check_key(&key)?;
        Ok(Self(key))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The `/`-separated segments, each one non-empty and neither `.` nor `..`.
    pub fn segments(&self) -> impl Iterator<Item = &str> {
        self.0.split('/')
    }
}

fn check_key(key: &str) -> Result<(), InvalidKey> {
    if key.is_empty() {
        return Err(InvalidKey::Empty);
    }
    if key.len() > MAX_KEY_BYTES {
        return Err(InvalidKey::TooLong(key.len()));
    }
    if key.starts_with('/') {
        return Err(InvalidKey::LeadingSlash);
    }
    if key.contains('\\') {
        return Err(InvalidKey::Backslash);
    }
    if key.chars().any(char::is_control) {
        return Err(InvalidKey::ControlCharacter);
    }
    for segment in key.split('/') {
        match segment {
            "" => return Err(InvalidKey::EmptySegment),
            "." | ".." => return Err(InvalidKey::DotSegment),
            _ => {}
        }
    }
    Ok(())
}

impl fmt::Display for ObjectKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for ObjectKey {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl FromStr for ObjectKey {
    type Err = InvalidKey;

    fn from_str(key: &str) -> Result<Self, Self::Err> {
        Self::new(key)
    }
}

impl TryFrom<String> for ObjectKey {
    type Error = InvalidKey;

    fn try_from(key: String) -> Result<Self, Self::Error> {
        Self::new(key)
    }
}

impl From<ObjectKey> for String {
    fn from(key: ObjectKey) -> Self {
        key.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_keys_are_accepted() {
        for key in [
            "a",
            "lpa/7000-1234-5678/lp1f.pdf",
            "transfer/consignment 1/file (2).csv",
            "données/ünïcode.txt",
            ".hidden/..dots.../x.",
            "a%2F..%2Fb",
        ] {
            assert_eq!(ObjectKey::new(key).unwrap().as_str(), key);
        }
        let longest = "k".repeat(MAX_KEY_BYTES);
        assert!(ObjectKey::new(longest).is_ok());
    }

    #[test]
    fn path_escapes_and_malformed_keys_are_rejected() {
        let cases = [
            ("", InvalidKey::Empty),
            ("/etc/passwd", InvalidKey::LeadingSlash),
            ("../secret", InvalidKey::DotSegment),
            ("a/../../secret", InvalidKey::DotSegment),
            ("a/..", InvalidKey::DotSegment),
            ("..", InvalidKey::DotSegment),
            ("./a", InvalidKey::DotSegment),
            ("a/./b", InvalidKey::DotSegment),
            ("a//b", InvalidKey::EmptySegment),
            ("a/", InvalidKey::EmptySegment),
            ("..\\..\\windows", InvalidKey::Backslash),
            ("a\\b", InvalidKey::Backslash),
            ("a\0b", InvalidKey::ControlCharacter),
            ("a\nb", InvalidKey::ControlCharacter),
            ("a\u{7f}", InvalidKey::ControlCharacter),
            ("a\u{85}", InvalidKey::ControlCharacter),
        ];
        for (key, expected) in cases {
            assert_eq!(ObjectKey::new(key), Err(expected), "{key:?}");
        }
        let too_long = "k".repeat(MAX_KEY_BYTES + 1);
        assert_eq!(
            ObjectKey::new(too_long),
            Err(InvalidKey::TooLong(MAX_KEY_BYTES + 1))
        );
    }

    #[test]
    fn deserialising_validates_too() {
        let key: ObjectKey = serde_json::from_str("\"a/b\"").unwrap();
        assert_eq!(key.segments().collect::<Vec<_>>(), ["a", "b"]);
        assert!(serde_json::from_str::<ObjectKey>("\"../x\"").is_err());
        assert_eq!(serde_json::to_string(&key).unwrap(), "\"a/b\"");
    }
}

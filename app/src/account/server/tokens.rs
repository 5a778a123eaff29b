//! The single-use tokens emailed in links: 32 random bytes, base64url without padding in the link,
//! and only their SHA-256 (hex) in the database.
use std::fmt;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use super::UserId;

/// What a token lets its holder do. Each kind is stored under its reference name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenPurpose {
    ConfirmEmail,
    ResetPassword,
    ChangeEmail,
}

impl TokenPurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            TokenPurpose::ConfirmEmail => "confirm-email",
            TokenPurpose::ResetPassword => "reset-password",
            TokenPurpose::ChangeEmail => "change-email",
        }
    }
}

impl fmt::Display for TokenPurpose {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a token from a link was refused. Callers show one "link not valid" page for all of them,
/// but logs and tests can tell them apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// No such token for this purpose: mistyped, replaced by a newer one, or its account deleted.
    #[error("the token is not known")]
    Unknown,
    #[error("the token has expired")]
    Expired,
    #[error("the token has already been used")]
    Used,
}

/// What consuming a token proves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenGrant {
    pub user_id: UserId,
    /// For a change-email token, the address to move the account to.
    pub new_email: Option<String>,
}

/// A token as stored, to tell why consuming it failed.
#[derive(Debug, sqlx::FromRow)]
pub(super) struct StoredToken {
    pub purpose: String,
    pub expires_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
}

impl StoredToken {
    /// Why a token that could not be consumed at `now` for `purpose` was refused. A token for
    /// another purpose is unknown, so a link cannot be replayed elsewhere even to probe it.
    pub fn refusal(&self, purpose: TokenPurpose, now: DateTime<Utc>) -> TokenError {
        if self.purpose != purpose.as_str() {
            TokenError::Unknown
        } else if self.used_at.is_some() {
            TokenError::Used
        } else if self.expires_at <= now {
            TokenError::Expired
        } else {
            // It was consumed between the update and this read.
            TokenError::Used
        }
    }
}

/// A new raw token for a link: 256 random bits, base64url without padding (43 characters).
pub(super) fn new_raw_token() -> String {
    URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>())
}

/// What the database holds for a raw token: its SHA-256, in lower-case hex.
pub(super) fn token_hash(raw: &str) -> String {
    hex::encode(Sha256::digest(raw.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_tokens_are_43_url_safe_characters_and_differ() {
        let (a, b) = (new_raw_token(), new_raw_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert!(a
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'));
    }

    #[test]
    fn a_token_hash_is_its_sha256_in_hex() {
        assert_eq!(
            token_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}

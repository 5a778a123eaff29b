//! What the API clients' bearer tokens have in common, the feed's (`server feed-token`) and the
//! transfer service's (`server transfer token`): who a token was given to, the token itself — a
//! service's prefix and 43 base64url characters from 32 random bytes, seen whole only when made —
//! and its SHA-256, all a table keeps, so a copy of the table lets nobody call an API.
use std::fmt;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};

/// Who a token was given to: 1 to 100 letters, digits and `-_.@`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TokenName(String);

impl TokenName {
    pub fn new(name: &str) -> Result<Self, String> {
        let name = name.trim();
        let valid = !name.is_empty()
            && name.len() <= 100
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '@'));
        if valid {
            Ok(TokenName(name.to_owned()))
        } else {
            Err(format!(
                "a token's name is 1 to 100 letters, digits or - _ . @ (got {name:?})"
            ))
        }
    }

    /// A name read back from a token table, which only ever holds names made by [`Self::new`].
    pub fn stored(name: String) -> Self {
        TokenName(name)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TokenName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A new token with `prefix`.
pub fn new_token(prefix: &str) -> String {
    format!(
        "{prefix}{}",
        URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>())
    )
}

/// Whether `token` may be one made with `prefix`: anything else is not looked up.
pub fn may_be_token(token: &str, prefix: &str) -> bool {
    token.starts_with(prefix) && token.len() <= 100
}

/// What a token table keeps of `token`.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_short_plain_names() {
        assert_eq!(
            TokenName::new(" ci-bot@example ").unwrap().as_str(),
            "ci-bot@example"
        );
        for bad in ["", "with space", "semi;colon", &"x".repeat(101)] {
            assert!(TokenName::new(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn tokens_carry_their_prefix_and_only_their_hash_is_kept() {
        let token = new_token("feed_");
        assert!(may_be_token(&token, "feed_"));
        assert!(!may_be_token(&token, "tdr_"));
        assert_eq!(token.len(), "feed_".len() + 43);
        assert_ne!(new_token("feed_"), token);
        assert_eq!(token_hash(&token), token_hash(&token.clone()));
        assert_eq!(token_hash(&token).len(), 64);
        assert!(!token_hash(&token).contains(&token[5..]));
    }
}

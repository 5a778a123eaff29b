//! API tokens that may post to the feed (`server feed-token create NAME`). A token is `feed_`
//! and 43 base64url characters from 32 random bytes; only its SHA-256 is stored, so a copy of
//! the table lets nobody post.
use backends::on_pool;
use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};

use super::FeedError;
use backends::clock::SharedClock;
use backends::store::{Store, StorePool};

const PREFIX: &str = "feed_";

/// A token's name: who it was given to, 1 to 100 characters of letters, digits and `-_.@`.
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
                "a token name is 1 to 100 letters, digits or - _ . @ (got {name:?})"
            ))
        }
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

fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// How long a token found in the table is trusted without looking again: a revoked token stops
/// working within this time on every instance.
const REMEMBERED_FOR: Duration = Duration::from_secs(10);
/// The most tokens remembered at once (there are few; this only bounds memory).
const REMEMBERED_AT_MOST: usize = 1_000;

/// The feed's API tokens. Clones share what they remember.
#[derive(Clone)]
pub struct FeedTokens {
    pool: StorePool,
    clock: SharedClock,
    /// Token hash → its name and when it was looked up: a post need not ask the database.
    remembered: Arc<Mutex<HashMap<String, (TokenName, Instant)>>>,
}

impl FeedTokens {
    pub fn new(store: &dyn Store, clock: SharedClock) -> Self {
        FeedTokens {
            pool: store.pool(),
            clock,
            remembered: Arc::default(),
        }
    }

    fn remembered(&self) -> std::sync::MutexGuard<'_, HashMap<String, (TokenName, Instant)>> {
        self.remembered
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Makes a token for `name` and returns it: the only time it is seen whole.
    pub async fn create(&self, name: &TokenName) -> Result<String, FeedError> {
        let token = format!(
            "{PREFIX}{}",
            URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>())
        );
        let now = self.clock.now();
        let inserted = on_pool!(&self.pool, pool => {
            sqlx::query(
                "INSERT INTO feed_tokens (name, token_hash, created_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (name) DO NOTHING",
            )
            .bind(name.as_str())
            .bind(hash(&token))
            .bind(now)
            .execute(pool)
            .await?
            .rows_affected()
        });
        if inserted == 0 {
            return Err(FeedError::TokenNameTaken(name.to_string()));
        }
        Ok(token)
    }

    /// The name of the token `token`, if it is one of ours.
    pub async fn holder(&self, token: &str) -> Result<Option<TokenName>, FeedError> {
        if !token.starts_with(PREFIX) || token.len() > 100 {
            return Ok(None);
        }
        let hash = hash(token);
        if let Some((name, at)) = self.remembered().get(&hash) {
            if at.elapsed() < REMEMBERED_FOR {
                return Ok(Some(name.clone()));
            }
        }
        let name: Option<String> = on_pool!(&self.pool, pool => {
            sqlx::query_scalar("SELECT name FROM feed_tokens WHERE token_hash = $1")
                .bind(&hash)
                .fetch_optional(pool)
                .await?
        });
        let name = name.map(TokenName);
        let mut remembered = self.remembered();
        match &name {
            Some(name) => {
                if remembered.len() >= REMEMBERED_AT_MOST {
                    remembered.retain(|_, (_, at)| at.elapsed() < REMEMBERED_FOR);
                }
                if remembered.len() < REMEMBERED_AT_MOST {
                    remembered.insert(hash, (name.clone(), Instant::now()));
                }
            }
            None => {
                remembered.remove(&hash);
            }
        }
        Ok(name)
    }

    /// Withdraws the token named `name`; false if there was none.
    pub async fn revoke(&self, name: &TokenName) -> Result<bool, FeedError> {
        let deleted = on_pool!(&self.pool, pool => {
            sqlx::query("DELETE FROM feed_tokens WHERE name = $1")
                .bind(name.as_str())
                .execute(pool)
                .await?
                .rows_affected()
        });
        // This instance forgets it at once; others within `REMEMBERED_FOR`.
        self.remembered().retain(|_, (held, _)| held != name);
        Ok(deleted > 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_names_are_short_plain_names() {
        assert_eq!(
            TokenName::new(" ci-bot@example ").unwrap().as_str(),
            "ci-bot@example"
        );
        for bad in ["", "with space", "semi;colon", &"x".repeat(101)] {
            assert!(TokenName::new(bad).is_err(), "{bad:?}");
        }
    }
}

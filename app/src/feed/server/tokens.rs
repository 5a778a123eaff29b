//! API tokens that may post to the feed (`server feed-token create NAME`): `feed_` tokens, of
//! which the table keeps only the hash (`crate::bearer_tokens`).
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use backends::clock::SharedClock;
use backends::on_pool;
use backends::store::{Store, StorePool};

use super::FeedError;
pub use crate::bearer_tokens::TokenName;
use crate::bearer_tokens::{may_be_token, new_token, token_hash};

const PREFIX: &str = "feed_";

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
        let token = new_token(PREFIX);
        let now = self.clock.now();
        let inserted = on_pool!(&self.pool, pool => {
            sqlx::query(
                "INSERT INTO feed_tokens (name, token_hash, created_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (name) DO NOTHING",
            )
            .bind(name.as_str())
            .bind(token_hash(&token))
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
        if !may_be_token(token, PREFIX) {
            return Ok(None);
        }
        let hash = token_hash(token);
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
        let name = name.map(TokenName::stored);
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

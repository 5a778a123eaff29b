//! Bearer tokens of the GraphQL API's service clients (`server transfer token create NAME`): the
//! checks and the export when they run outside the app, as TDR's lambdas and export task call its
//! API. A token is `tdr_` and 43 base64url characters from 32 random bytes; only its SHA-256 is
//! stored, so a copy of the table lets nobody call the API. Every request looks its token up, so
//! a revoked token stops at once.
use std::fmt;

use backends::clock::SharedClock;
use backends::on_pool;
use backends::store::{Store, StorePool};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};

use super::TransferError;

const PREFIX: &str = "tdr_";

/// A service client's name: who its token was given to, 1 to 100 letters, digits and `-_.@`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ClientName(String);

impl ClientName {
    pub fn new(name: &str) -> Result<Self, String> {
        let name = name.trim();
        let valid = !name.is_empty()
            && name.len() <= 100
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '@'));
        if valid {
            Ok(ClientName(name.to_owned()))
        } else {
            Err(format!(
                "a service client's name is 1 to 100 letters, digits or - _ . @ (got {name:?})"
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ClientName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The service clients' tokens. Cheap to clone.
#[derive(Clone)]
pub struct ServiceTokens {
    pool: StorePool,
    clock: SharedClock,
}

impl ServiceTokens {
    pub fn of(backends: &backends::Backends) -> Self {
        Self::new(backends.store.as_ref(), backends.clock.clone())
    }

    /// Over the store alone (the CLI needs nothing else).
    pub fn new(store: &dyn Store, clock: SharedClock) -> Self {
        ServiceTokens {
            pool: store.pool(),
            clock,
        }
    }

    /// Makes a token for `name` and returns it: the only time it is seen whole. Refused if
    /// `name` has one.
    pub async fn create(&self, name: &ClientName) -> Result<String, TransferError> {
        let token = format!(
            "{PREFIX}{}",
            URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>())
        );
        let now = self.clock.now();
        let inserted = on_pool!(&self.pool, pool => {
            sqlx::query(
                "INSERT INTO transfer_service_tokens (name, token_hash, created_at) \
                 VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING",
            )
            .bind(name.as_str())
            .bind(hash(&token))
            .bind(now)
            .execute(pool)
            .await?
            .rows_affected()
        });
        if inserted == 0 {
            return Err(TransferError::Refused(format!(
                "{name} has a token already: revoke it first"
            )));
        }
        Ok(token)
    }

    /// The client holding `token`, if it is one of ours.
    pub async fn holder(&self, token: &str) -> Result<Option<ClientName>, TransferError> {
        if !token.starts_with(PREFIX) || token.len() > 100 {
            return Ok(None);
        }
        let name: Option<String> = on_pool!(&self.pool, pool => {
            sqlx::query_scalar("SELECT name FROM transfer_service_tokens WHERE token_hash = $1")
                .bind(hash(token))
                .fetch_optional(pool)
                .await?
        });
        Ok(name.map(ClientName))
    }

    /// Withdraws the token of `name`; false if it had none.
    pub async fn revoke(&self, name: &ClientName) -> Result<bool, TransferError> {
        let deleted = on_pool!(&self.pool, pool => {
            sqlx::query("DELETE FROM transfer_service_tokens WHERE name = $1")
                .bind(name.as_str())
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(deleted > 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_names_are_short_plain_names() {
        assert_eq!(
            ClientName::new(" export-task ").unwrap().as_str(),
            "export-task"
        );
        for bad in ["", "with space", "semi;colon", &"x".repeat(101)] {
            assert!(ClientName::new(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn only_the_hash_is_kept() {
        let token = "tdr_abc";
        assert_eq!(hash(token).len(), 64);
        assert_ne!(hash(token), token);
    }
}

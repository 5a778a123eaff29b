//! Bearer tokens of the GraphQL API's service clients (`server transfer token create NAME`): the
//! checks and the export when they run outside the app, as TDR's lambdas and export task call its
//! API: `tdr_` tokens, of which the table keeps only the hash (`crate::bearer_tokens`). Every
//! request looks its token up, so a revoked token stops at once.
use backends::clock::SharedClock;
use backends::on_pool;
use backends::store::{Store, StorePool};

use super::TransferError;
use crate::bearer_tokens::{may_be_token, new_token, token_hash};

const PREFIX: &str = "tdr_";

/// A service client's name: whom its token was given to.
pub use crate::bearer_tokens::TokenName as ClientName;

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
        let token = new_token(PREFIX);
        let now = self.clock.now();
        let inserted = on_pool!(&self.pool, pool => {
            sqlx::query(
                "INSERT INTO transfer_service_tokens (name, token_hash, created_at) \
                 VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING",
            )
            .bind(name.as_str())
            .bind(token_hash(&token))
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
        if !may_be_token(token, PREFIX) {
            return Ok(None);
        }
        let name: Option<String> = on_pool!(&self.pool, pool => {
            sqlx::query_scalar("SELECT name FROM transfer_service_tokens WHERE token_hash = $1")
                .bind(token_hash(token))
                .fetch_optional(pool)
                .await?
        });
        Ok(name.map(ClientName::stored))
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

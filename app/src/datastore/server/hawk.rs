//! Who may call the data store's JSON API (other-systems B.5): HAWK clients, each with an id, the
//! key its requests are signed with and the endpoints it may call (`server hawk-client create`),
//! and the nonces seen in the last minutes, so a signed request is answered once.
//!
//! The HTTP side (parsing the header, the MACs, the timestamp) is the server's; this is what it
//! stands on. Nonces are kept in Redis when the app has one (`SET key NX EX 300`, as the real
//! service), else in the store's table `datastore_hawk_nonces`. A nonce store that cannot answer
//! counts every nonce as seen: the request is refused rather than risk a replay.
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use backends::on_pool;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Utc};
use fred::prelude::{
    ClientLike, Config as RedisConfig, Expiration, KeysInterface, Pool as RedisPool,
    ReconnectPolicy, SetOptions,
};
use fred::types::Builder as RedisBuilder;
use sqlx::types::Json;

use backends::clock::SharedClock;
use backends::store::{Store, StoreError, StorePool};

/// How long a nonce is remembered: well beyond the 60 seconds a timestamp may be off, so a
/// request cannot be sent again while its timestamp would still pass (the real service's 300 s).
pub const NONCE_KEPT: Duration = Duration::from_secs(300);

/// How long the nonce store may take to answer before the request is refused.
const NONCE_CHECK_TIMEOUT: Duration = Duration::from_secs(2);

/// How often the table of nonces drops the expired ones.
const NONCE_SWEEP_EVERY: chrono::Duration = chrono::Duration::minutes(1);

/// The HAWK layer's one error type.
#[derive(Debug, thiserror::Error)]
pub enum HawkError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("Redis: {0}")]
    Redis(#[from] fred::error::Error),
    #[error("the nonce store did not answer within {0:?}")]
    NonceStoreTimeout(Duration),
    /// A client id, scope or description a person typed that cannot be used (the text says why).
    #[error("{0}")]
    Invalid(String),
    #[error("a client with id {0:?} exists already (or did: a revoked client's id is not reused)")]
    IdTaken(String),
}

/// A HAWK client's id, as it appears in the `id` of its requests' `Authorization` header: 1 to
/// 100 letters, digits or `- _ . @`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientId(String);

impl ClientId {
    pub fn new(id: &str) -> Result<Self, HawkError> {
        let valid = !id.is_empty()
            && id.len() <= 100
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '@'));
        if valid {
            Ok(ClientId(id.to_owned()))
        } else {
            Err(HawkError::Invalid(format!(
                "a client id is 1 to 100 letters, digits or - _ . @ (got {id:?})"
            )))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for ClientId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// An endpoint of the API, named as the real service names them (B.4); its name is the scope
/// that allows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Endpoint {
    /// The datasets there are (ours).
    ListDatasets,
    /// A dataset table's columns.
    GetTableStructure,
    /// A dataset table's rows, a page at a time.
    GetTableData,
}

impl Endpoint {
    const ALL: [Endpoint; 3] = [
        Endpoint::ListDatasets,
        Endpoint::GetTableStructure,
        Endpoint::GetTableData,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Endpoint::ListDatasets => "list_datasets",
            Endpoint::GetTableStructure => "get_table_structure",
            Endpoint::GetTableData => "get_table_data",
        }
    }
}

/// What a client may call: one endpoint, or every endpoint (`*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Everything,
    Only(Endpoint),
}

impl Scope {
    const EVERYTHING: &'static str = "*";

    /// A scope by its name: `*` or an endpoint's name.
    pub fn parse(name: &str) -> Result<Self, HawkError> {
        let name = name.trim();
        if name == Self::EVERYTHING {
            return Ok(Scope::Everything);
        }
        Endpoint::ALL
            .into_iter()
            .find(|endpoint| endpoint.name() == name)
            .map(Scope::Only)
            .ok_or_else(|| {
                let known: Vec<&str> = Endpoint::ALL.iter().map(|e| e.name()).collect();
                HawkError::Invalid(format!(
                    "no scope is named {name:?}: use * or one of {}",
                    known.join(", ")
                ))
            })
    }

    pub fn name(self) -> &'static str {
        match self {
            Scope::Everything => Self::EVERYTHING,
            Scope::Only(endpoint) => endpoint.name(),
        }
    }

    fn allows(self, endpoint: Endpoint) -> bool {
        match self {
            Scope::Everything => true,
            Scope::Only(allowed) => allowed == endpoint,
        }
    }
}

/// A client as `server hawk-client list` shows it: everything but its key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HawkClient {
    pub id: String,
    /// As stored: the names of its scopes.
    pub scopes: Vec<String>,
    pub description: String,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// A client that may call the API: what checking one of its requests needs.
#[derive(Clone, Debug)]
pub struct ActiveClient {
    pub id: ClientId,
    /// The shared secret: HAWK's HMACs are keyed with its bytes (as the text the client was given).
    pub key: String,
    scopes: Vec<Scope>,
}

impl ActiveClient {
    pub fn may_call(&self, endpoint: Endpoint) -> bool {
        self.scopes.iter().any(|scope| scope.allows(endpoint))
    }
}

/// The API's clients (table `datastore_hawk_clients`). Cheap to clone.
#[derive(Clone)]
pub struct HawkClients {
    pool: StorePool,
    clock: SharedClock,
}

impl HawkClients {
    pub fn new(store: &dyn Store, clock: SharedClock) -> Self {
        HawkClients {
            pool: store.pool(),
            clock,
        }
    }

    /// Makes a client and returns its key: 43 base64url characters from 32 random bytes, shown
    /// to whoever made it this once (the key is kept, since HAWK needs it, but never shown again).
    pub async fn create(
        &self,
        id: &ClientId,
        scopes: &[Scope],
        description: &str,
    ) -> Result<String, HawkError> {
        if scopes.is_empty() {
            return Err(HawkError::Invalid(
                "give a client at least one scope (* for every endpoint)".to_owned(),
            ));
        }
        let description = description.trim();
        if description.chars().count() > 500 {
            return Err(HawkError::Invalid(
                "a description is at most 500 characters".to_owned(),
            ));
        }
        let key = URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>());
        let mut names: Vec<&str> = Vec::with_capacity(scopes.len());
        for scope in scopes {
            if !names.contains(&scope.name()) {
                names.push(scope.name());
            }
        }
        let now = self.clock.now();
        let inserted = on_pool!(&self.pool, pool => {
            sqlx::query(
                "INSERT INTO datastore_hawk_clients (id, key, scopes, description, created_at) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING",
            )
            .bind(id.as_str())
            .bind(&key)
            .bind(Json(&names))
            .bind(description)
            .bind(now)
            .execute(pool)
            .await?
            .rows_affected()
        });
        if inserted == 0 {
            return Err(HawkError::IdTaken(id.to_string()));
        }
        Ok(key)
    }

    /// Every client, revoked ones too, in id order.
    pub async fn list(&self) -> Result<Vec<HawkClient>, HawkError> {
        type Row = (
            String,
            Json<Vec<String>>,
            String,
            DateTime<Utc>,
            Option<DateTime<Utc>>,
        );
        let rows: Vec<Row> = on_pool!(&self.pool, pool => {
            sqlx::query_as(
                "SELECT id, scopes, description, created_at, revoked_at \
                 FROM datastore_hawk_clients ORDER BY id",
            )
            .fetch_all(pool)
            .await?
        });
        Ok(rows
            .into_iter()
            .map(
                |(id, Json(scopes), description, created_at, revoked_at)| HawkClient {
                    id,
                    scopes,
                    description,
                    created_at,
                    revoked_at,
                },
            )
            .collect())
    }

    /// Stops the client's requests from being accepted; false if there is no such client or it
    /// was revoked already.
    pub async fn revoke(&self, id: &ClientId) -> Result<bool, HawkError> {
        let now = self.clock.now();
        let revoked = on_pool!(&self.pool, pool => {
            sqlx::query(
                "UPDATE datastore_hawk_clients SET revoked_at = $1 \
                 WHERE id = $2 AND revoked_at IS NULL",
            )
            .bind(now)
            .bind(id.as_str())
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(revoked > 0)
    }

    /// The client whose id a request names, unless there is none or it was revoked. Looked up
    /// on every request, so a revoked client is refused at once on every instance.
    pub async fn find_active(&self, id: &str) -> Result<Option<ActiveClient>, HawkError> {
        let Ok(id) = ClientId::new(id) else {
            return Ok(None);
        };
        let row: Option<(String, Json<Vec<String>>)> = on_pool!(&self.pool, pool => {
            sqlx::query_as(
                "SELECT key, scopes FROM datastore_hawk_clients \
                 WHERE id = $1 AND revoked_at IS NULL",
            )
            .bind(id.as_str())
            .fetch_optional(pool)
            .await?
        });
        Ok(row.map(|(key, Json(names))| ActiveClient {
            scopes: names
                .iter()
                .filter_map(|name| match Scope::parse(name) {
                    Ok(scope) => Some(scope),
                    Err(_) => {
                        // Written by a newer version, or by hand: it allows nothing here.
                        tracing::warn!(client = %id, scope = %name, "unknown HAWK scope ignored");
                        None
                    }
                })
                .collect(),
            id,
            key,
        }))
    }
}

/// Where the nonces of accepted requests are remembered for [`NONCE_KEPT`].
#[async_trait]
pub trait NonceStore: Send + Sync + 'static {
    /// Records that `client` used `nonce` with timestamp `ts`: true the first time, false if
    /// that was seen already (a replay). An error means the store could not tell.
    async fn first_use(&self, client: &ClientId, nonce: &str, ts: i64) -> Result<bool, HawkError>;
}

/// Nonces in Redis, as the real service keeps them: `SET <client>:<nonce>:<ts> NX EX 300`, so
/// every instance sees every nonce and Redis forgets them by itself.
pub struct RedisNonces {
    pool: RedisPool,
}

impl RedisNonces {
    pub async fn connect(url: &str) -> Result<Self, HawkError> {
        let mut builder = RedisBuilder::from_config(RedisConfig::from_url(url)?);
        // A restarted Redis is found again; meanwhile requests wait at most
        // NONCE_CHECK_TIMEOUT, then are refused.
        builder.set_policy(ReconnectPolicy::new_exponential(0, 100, 5_000, 2));
        let pool = builder.build_pool(2)?;
        pool.init().await?;
        Ok(RedisNonces { pool })
    }
}

#[async_trait]
impl NonceStore for RedisNonces {
    async fn first_use(&self, client: &ClientId, nonce: &str, ts: i64) -> Result<bool, HawkError> {
        let key = format!("{client}:{nonce}:{ts}");
        let set = self.pool.set::<Option<String>, _, _>(
            key,
            "1",
            Some(Expiration::EX(NONCE_KEPT.as_secs() as i64)),
            Some(SetOptions::NX),
            false,
        );
        let stored = tokio::time::timeout(NONCE_CHECK_TIMEOUT, set)
            .await
            .map_err(|_| HawkError::NonceStoreTimeout(NONCE_CHECK_TIMEOUT))??;
        // `NX`: OK when the key was set, nothing when it existed.
        Ok(stored.is_some())
    }
}

/// Nonces in the store's table (no Redis configured): a row per nonce, inserted unless it is
/// there; rows past their expiry are deleted at most once a minute, by the request that finds
/// the sweep due.
pub struct DatabaseNonces {
    pool: StorePool,
    clock: SharedClock,
    /// When expired rows were last deleted by this instance; never, at first.
    last_sweep: Mutex<Option<DateTime<Utc>>>,
}

impl DatabaseNonces {
    pub fn new(store: &dyn Store, clock: SharedClock) -> Self {
        DatabaseNonces {
            pool: store.pool(),
            clock,
            // So the first request sweeps what an earlier run left.
            last_sweep: Mutex::new(None),
        }
    }

    fn sweep_due(&self, now: DateTime<Utc>) -> bool {
        let mut last = self
            .last_sweep
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let due = last.is_none_or(|last| now - last >= NONCE_SWEEP_EVERY);
        if due {
            *last = Some(now);
        }
        due
    }

    async fn record(&self, client: &ClientId, nonce: &str, ts: i64) -> Result<bool, HawkError> {
        let now = self.clock.now();
        let expires_at = now + chrono::Duration::seconds(NONCE_KEPT.as_secs() as i64);
        let inserted = on_pool!(&self.pool, pool => {
            sqlx::query(
                "INSERT INTO datastore_hawk_nonces (client_id, nonce, ts, expires_at) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
            )
            .bind(client.as_str())
            .bind(nonce)
            .bind(ts)
            .bind(expires_at)
            .execute(pool)
            .await?
            .rows_affected()
        });
        if self.sweep_due(now) {
            on_pool!(&self.pool, pool => {
                sqlx::query("DELETE FROM datastore_hawk_nonces WHERE expires_at <= $1")
                    .bind(now)
                    .execute(pool)
                    .await?;
            });
        }
        Ok(inserted == 1)
    }
}

#[async_trait]
impl NonceStore for DatabaseNonces {
    async fn first_use(&self, client: &ClientId, nonce: &str, ts: i64) -> Result<bool, HawkError> {
        tokio::time::timeout(NONCE_CHECK_TIMEOUT, self.record(client, nonce, ts))
            .await
            .map_err(|_| HawkError::NonceStoreTimeout(NONCE_CHECK_TIMEOUT))?
    }
}

/// The API's authentication as started with the app: its clients, and where nonces are kept
/// (Redis when `redis_url` is configured, else the store). Cheap to clone.
#[derive(Clone)]
pub struct HawkAccess {
    pub clients: HawkClients,
    pub nonces: Arc<dyn NonceStore>,
}

impl HawkAccess {
    pub async fn start(
        backends: &backends::Backends,
        redis_url: Option<&str>,
    ) -> Result<Self, HawkError> {
        let nonces: Arc<dyn NonceStore> = match redis_url {
            Some(url) => Arc::new(RedisNonces::connect(url).await?),
            None => Arc::new(DatabaseNonces::new(
                backends.store.as_ref(),
                backends.clock.clone(),
            )),
        };
        Ok(HawkAccess {
            clients: HawkClients::new(backends.store.as_ref(), backends.clock.clone()),
            nonces,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_are_star_or_an_endpoints_name() {
        assert_eq!(Scope::parse("*").unwrap(), Scope::Everything);
        assert_eq!(
            Scope::parse(" get_table_data ").unwrap(),
            Scope::Only(Endpoint::GetTableData)
        );
        for endpoint in Endpoint::ALL {
            assert_eq!(
                Scope::parse(endpoint.name()).unwrap().name(),
                endpoint.name()
            );
        }
        let refused = Scope::parse("list_dit_baci").unwrap_err().to_string();
        assert!(refused.contains("list_datasets, get_table_structure, get_table_data"));
    }

    #[test]
    fn a_client_may_call_what_its_scopes_name() {
        let client = |scopes: Vec<Scope>| ActiveClient {
            id: ClientId::new("c").unwrap(),
            key: String::new(),
            scopes,
        };
        let everything = client(vec![Scope::Everything]);
        let one = client(vec![Scope::Only(Endpoint::GetTableData)]);
        let none = client(vec![]);
        for endpoint in Endpoint::ALL {
            assert!(everything.may_call(endpoint));
            assert_eq!(one.may_call(endpoint), endpoint == Endpoint::GetTableData);
            assert!(!none.may_call(endpoint));
        }
    }

    #[test]
    fn client_ids_are_short_plain_names() {
        assert!(ClientId::new("data-flow.prod@dit").is_ok());
        for bad in ["", "two words", "quote\"d", "back\\slash", &"x".repeat(101)] {
            assert!(ClientId::new(bad).is_err(), "{bad:?}");
        }
    }
}

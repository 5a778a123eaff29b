//! Where signed-in users' sessions live: in Redis when `REDIS_URL` is set (several instances share
//! them), otherwise in the relational store (the SQLite file, or PostgreSQL). Either way they
//! survive a restart. The cookie and its flags are the server's concern; this is the store behind
//! tower-sessions.
//!
//! Expiry is read from the [`Clock`](crate::clock::Clock) as well as from each store's own clock,
//! so tests can make a session expire without waiting.
use std::fmt;

use async_trait::async_trait;
use fred::prelude::{ClientLike, Config as RedisConfig, Pool as RedisPool};
use fred::types::Builder as RedisBuilder;
use sqlx::{PgPool, SqlitePool};
use time::OffsetDateTime;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};
use tower_sessions_redis_store::RedisStore;
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

use crate::clock::SharedClock;
use crate::store::{Store, StorePool};

/// The session layer's one error type.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error("session database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("Redis: {0}")]
    Redis(#[from] fred::error::Error),
}

#[derive(Clone)]
enum Backend {
    Sqlite(SqliteStore, SqlitePool),
    Postgres(PostgresStore, PgPool),
    Redis(RedisStore<RedisPool>, RedisPool),
}

/// The session store the app runs with. Cheap to clone.
#[derive(Clone)]
pub struct Sessions {
    backend: Backend,
    clock: SharedClock,
}

impl fmt::Debug for Sessions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sessions")
            .field("kind", &self.kind())
            .finish()
    }
}

impl Sessions {
    /// Redis when `redis_url` is given, otherwise the relational store, on its own pool. Creates
    /// the session table when it is missing.
    pub async fn connect(
        store: &dyn Store,
        redis_url: Option<&str>,
        clock: SharedClock,
    ) -> Result<Self, SessionError> {
        let backend = match (redis_url, store.pool()) {
            (Some(url), _) => {
                let pool = RedisBuilder::from_config(RedisConfig::from_url(url)?).build_pool(4)?;
                pool.init().await?;
                Backend::Redis(RedisStore::new(pool.clone()), pool)
            }
            (None, StorePool::Postgres(pool)) => {
                let sessions = PostgresStore::new(pool.clone());
                sessions.migrate().await?;
                Backend::Postgres(sessions, pool)
            }
            (None, StorePool::Sqlite(pool)) => {
                let sessions = SqliteStore::new(pool.clone());
                sessions.migrate().await?;
                Backend::Sqlite(sessions, pool)
            }
        };
        Ok(Self { backend, clock })
    }

    /// `sqlite`, `postgres` or `redis`, for health reports.
    pub fn kind(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite(..) => "sqlite",
            Backend::Postgres(..) => "postgres",
            Backend::Redis(..) => "redis",
        }
    }

    /// A round trip to where sessions are kept.
    pub async fn ping(&self) -> Result<(), SessionError> {
        match &self.backend {
            Backend::Sqlite(_, pool) => sqlx::query("SELECT 1").execute(pool).await.map(drop)?,
            Backend::Postgres(_, pool) => sqlx::query("SELECT 1").execute(pool).await.map(drop)?,
            Backend::Redis(_, pool) => pool.ping::<()>(None).await?,
        }
        Ok(())
    }

    /// Deletes expired sessions every `period`, for as long as the returned task runs. Redis
    /// expires its keys itself.
    pub fn spawn_expiry_sweep(&self, period: std::time::Duration) -> tokio::task::JoinHandle<()> {
        let backend = self.backend.clone();
        tokio::spawn(async move {
            let result = match backend {
                Backend::Sqlite(store, _) => store.continuously_delete_expired(period).await,
                Backend::Postgres(store, _) => store.continuously_delete_expired(period).await,
                Backend::Redis(..) => Ok(()),
            };
            if let Err(error) = result {
                tracing::error!(%error, "the expired-session sweep stopped");
            }
        })
    }

    /// Closes the Redis connections. A database-backed store shares the relational store's
    /// pool, which the store closes.
    pub async fn close(&self) {
        if let Backend::Redis(_, pool) = &self.backend {
            let _ = pool.quit().await;
        }
    }

    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp(self.clock.now().timestamp())
            .unwrap_or_else(|_| OffsetDateTime::now_utc())
    }
}

#[async_trait]
impl SessionStore for Sessions {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match &self.backend {
            Backend::Sqlite(store, _) => store.create(record).await,
            Backend::Postgres(store, _) => store.create(record).await,
            Backend::Redis(store, _) => store.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match &self.backend {
            Backend::Sqlite(store, _) => store.save(record).await,
            Backend::Postgres(store, _) => store.save(record).await,
            Backend::Redis(store, _) => store.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let record = match &self.backend {
            Backend::Sqlite(store, _) => store.load(id).await?,
            Backend::Postgres(store, _) => store.load(id).await?,
            Backend::Redis(store, _) => store.load(id).await?,
        };
        match record {
            Some(record) if record.expiry_date <= self.now() => {
                self.delete(id).await?;
                Ok(None)
            }
            record => Ok(record),
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match &self.backend {
            Backend::Sqlite(store, _) => store.delete(id).await,
            Backend::Postgres(store, _) => store.delete(id).await,
            Backend::Redis(store, _) => store.delete(id).await,
        }
    }
}

//! A database that exists for one test: a file in a temp dir, or a database on the local
//! PostgreSQL server that is dropped afterwards.
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use sqlx::migrate::Migrator;
use sqlx::Connection;

use crate::store::{Store, StorePool};

/// Which relational store a test runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The PostgreSQL server tests create their databases on (the machine's local server).
pub fn postgres_admin_url() -> String {
    std::env::var("TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

/// A database that exists for one test and is dropped after it.
pub enum TestDatabase {
    Sqlite { dir: tempfile::TempDir },
    Postgres { name: String },
}

impl TestDatabase {
    pub async fn create(backend: Backend) -> Self {
        match backend {
            Backend::Sqlite => TestDatabase::Sqlite {
                dir: tempfile::tempdir().expect("temp dir"),
            },
            Backend::Postgres => {
                let name = format!("test_{}", uuid::Uuid::new_v4().simple());
                let mut admin = sqlx::PgConnection::connect(&postgres_admin_url())
                    .await
                    .expect(
                        "PostgreSQL must be running for the Postgres tests (see scripts/services)",
                    );
                sqlx::query(&format!("CREATE DATABASE {name}"))
                    .execute(&mut admin)
                    .await
                    .expect("create database");
                TestDatabase::Postgres { name }
            }
        }
    }

    pub fn url(&self) -> String {
        match self {
            TestDatabase::Sqlite { dir } => {
                format!("sqlite://{}", dir.path().join("data/app.db").display())
            }
            TestDatabase::Postgres { name } => {
                let admin = postgres_admin_url();
                let base = admin
                    .rsplit_once('/')
                    .map_or(admin.as_str(), |(base, _)| base);
                format!("{base}/{name}")
            }
        }
    }

    /// The URL with a different host:port, for reaching the database through a proxy.
    pub fn url_via(&self, proxy: SocketAddr) -> String {
        match self {
            TestDatabase::Sqlite { .. } => self.url(),
            TestDatabase::Postgres { name } => format!("postgres://postgres@{proxy}/{name}"),
        }
    }

    /// Connects to the database and applies the migrations.
    pub async fn store(&self) -> Arc<dyn Store> {
        let store = crate::store::connect(&self.url()).await.expect("connect");
        store.migrate().await.expect("migrate");
        store
    }

    /// Connects and applies the migrations numbered up to `last` only, so that a later
    /// migration can be tested on rows written before it ([`Self::store`] applies the rest).
    pub async fn store_migrated_until(&self, last: i64) -> Arc<dyn Store> {
        let store = crate::store::connect(&self.url()).await.expect("connect");
        let folder = match store.pool() {
            StorePool::Sqlite(_) => "sqlite",
            StorePool::Postgres(_) => "postgres",
        };
        let all = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../migrations")
            .join(folder);
        // sqlx reads a folder of migrations: this one holds the first ones.
        let first = tempfile::tempdir().expect("temp dir");
        for entry in std::fs::read_dir(&all).expect("migrations folder") {
            let path = entry.expect("migration file").path();
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            let number: i64 = name
                .split('_')
                .next()
                .and_then(|n| n.parse().ok())
                .expect("a migration's file name starts with its number");
            if number <= last {
                std::fs::copy(&path, first.path().join(name)).expect("copy migration");
            }
        }
        let migrator = Migrator::new(first.path()).await.expect("read migrations");
        match store.pool() {
            StorePool::Sqlite(pool) => migrator.run(&pool).await,
            StorePool::Postgres(pool) => migrator.run(&pool).await,
        }
        .expect("migrate");
        store
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let TestDatabase::Postgres { name } = self {
            let name = name.clone();
            // Drop runs outside async; a short-lived runtime on its own thread does the I/O.
            let _ = std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .ok()?;
                runtime.block_on(async {
                    let mut admin = sqlx::PgConnection::connect(&postgres_admin_url())
                        .await
                        .ok()?;
                    sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .execute(&mut admin)
                        .await
                        .ok()
                })
            })
            .join();
        }
    }
}

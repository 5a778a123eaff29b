//! The loader (other-systems B.2): a CSV file's rows into its dataset's table, whole or not at
//! all.
//!
//! A load first fills a staging table of its own, named after what is being loaded (a retried
//! load after a crash starts that table again), in batches that commit as they go — PostgreSQL
//! by `COPY`, SQLite by multi-row inserts — so a large file never holds the database's write
//! lock for long. Then one short transaction, which the caller also uses to mark its own row
//! (the registry's file, the upload's version) done, moves the staged rows into the table the
//! API reads and records the table in the catalogue (`datastore_tables`). A process killed
//! before that commit leaves the table as it was; one killed after has finished.
//!
//! Where the tables are: PostgreSQL, schema `"<organisation>.<dataset>"`, table `"L0"` (as the
//! real service); SQLite, which has no schemas, table `"<organisation>.<dataset>.L0"`. Names are
//! made only from checked dataset names, and quoted.
use std::io::Read;

use backends::clock::SharedClock;
use backends::store::{StoreError, StorePool, StoreTransaction};
use chrono::{DateTime, Utc};
use futures::future::BoxFuture;
use sqlx::types::Json;
use tokio::sync::mpsc;

use crate::datastore::columns::{Column, ColumnType, Value};
use crate::datastore::csv_file::{CsvProblem, CsvRows};
use crate::datastore::names::DatasetName;

/// Rows sent to the database at a time.
const BATCH_ROWS: usize = 5_000;
/// SQLite's limit on bound parameters in one statement (32,766 since 3.32).
const SQLITE_MAX_PARAMETERS: usize = 32_000;

/// How rows join the table already there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoadMode {
    /// The file becomes the table (an upload's version, "force = recreate").
    Replace,
    /// The file's rows are added after those already there (incremental sources).
    Append,
    /// Rows already there (by the hash of their values) are kept and marked seen again, new rows
    /// added (snapshot sources).
    Snapshot,
}

impl From<crate::datastore::sources::LoadMode> for LoadMode {
    fn from(mode: crate::datastore::sources::LoadMode) -> Self {
        match mode {
            crate::datastore::sources::LoadMode::Incremental => LoadMode::Append,
            crate::datastore::sources::LoadMode::Snapshot => LoadMode::Snapshot,
        }
    }
}

/// Why a load did not finish.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file: its line and column (shown to staff, recorded in the registry).
    #[error(transparent)]
    File(#[from] CsvProblem),
    #[error("the file's columns ({found}) are not the table's ({expected})")]
    ColumnsChanged { found: String, expected: String },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the file could not be read: {0}")]
    Reading(String),
}

impl From<sqlx::Error> for LoadError {
    fn from(error: sqlx::Error) -> Self {
        LoadError::Store(StoreError::Database(error))
    }
}

/// A dataset's table, as the API and the loader name it.
#[derive(Clone, Debug)]
pub struct DatasetTable {
    pub dataset_id: i64,
    pub name: DatasetName,
}

/// `"name"` with any `"` doubled: an SQL identifier, on both databases.
pub(crate) fn quoted(identifier: &str) -> String {
    format!("\"{}\"", identifier.replace('"', "\"\""))
}

/// `'text'` with any `'` doubled: an SQL string literal, on both databases.
fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

impl DatasetTable {
    /// The table the API reads, quoted for `pool`'s database.
    pub fn live(&self, pool: &StorePool) -> String {
        self.named(pool, "L0")
    }

    fn staging(&self, pool: &StorePool, key: &str) -> String {
        self.named(pool, &format!("L0.load.{key}"))
    }

    fn named(&self, pool: &StorePool, table: &str) -> String {
        let schema = self.name.schema();
        match pool {
            StorePool::Postgres(_) => format!("{}.{}", quoted(&schema), quoted(table)),
            StorePool::Sqlite(_) => quoted(&format!("{schema}.{table}")),
        }
    }

    /// The staging table's bare name (a rename's target is named without its schema).
    fn bare(&self, pool: &StorePool, table: &str) -> String {
        match pool {
            StorePool::Postgres(_) => quoted(table),
            StorePool::Sqlite(_) => quoted(&format!("{}.{table}", self.name.schema())),
        }
    }
}

fn sql_type(pool: &StorePool, kind: ColumnType) -> &'static str {
    match (pool, kind) {
        (StorePool::Postgres(_), ColumnType::Integer) => "BIGINT",
        (StorePool::Postgres(_), ColumnType::Boolean) => "BOOLEAN",
        (StorePool::Postgres(_), ColumnType::Date) => "DATE",
        (StorePool::Postgres(_), ColumnType::Timestamp) => "TIMESTAMP",
        (StorePool::Postgres(_), ColumnType::Numeric) => "NUMERIC",
        (StorePool::Postgres(_), ColumnType::Text) => "TEXT",
        (StorePool::Sqlite(_), ColumnType::Integer | ColumnType::Boolean) => "INTEGER",
        (StorePool::Sqlite(_), ColumnType::Numeric) => "REAL",
        (StorePool::Sqlite(_), _) => "TEXT",
    }
}

/// Rows converted to their columns' types, with how far into the file they reach.
struct Batch {
    rows: Vec<Vec<Option<Value>>>,
    /// Snapshot loads: each row's hash, in order.
    hashes: Vec<String>,
    bytes_read: u64,
}

/// What a load is.
pub struct Load {
    /// The load's own name: letters, digits and `-`, the same when it is tried again.
    pub key: String,
    /// The file's columns, which its headers must be, and their types.
    pub columns: Vec<Column>,
    pub mode: LoadMode,
    /// What its rows' `datafile_created` says.
    pub file_name: String,
}

/// A load's staged rows, ready to publish.
pub struct Staged {
    table: DatasetTable,
    key: String,
    columns: Vec<Column>,
    mode: LoadMode,
    file_name: String,
    pub rows: u64,
}

/// Reported while rows are staged: bytes of the file read so far.
pub type OnProgress<'a> = &'a (dyn Fn(u64) -> BoxFuture<'static, ()> + Send + Sync);

/// The loader over the store's pool.
#[derive(Clone)]
pub struct Loader {
    pool: StorePool,
    clock: SharedClock,
}

impl Loader {
    pub fn of(backends: &backends::Backends) -> Self {
        Loader {
            pool: backends.store.pool(),
            clock: backends.clock.clone(),
        }
    }

    /// Stages the rows `reader` holds (a CSV file whose headers must be `load`'s columns).
    pub async fn stage(
        &self,
        table: &DatasetTable,
        load: Load,
        reader: impl Read + Send + 'static,
        on_progress: OnProgress<'_>,
    ) -> Result<Staged, LoadError> {
        let Load {
            key,
            columns,
            mode,
            file_name,
        } = load;
        let key = key.as_str();
        debug_assert!(key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
        let (sender, mut batches) = mpsc::channel::<Batch>(2);
        let reading = {
            let columns = columns.clone();
            tokio::task::spawn_blocking(move || read_batches(reader, &columns, mode, &sender))
        };
        let mut staged = Staged {
            table: table.clone(),
            key: key.to_owned(),
            columns,
            mode,
            file_name,
            rows: 0,
        };
        let outcome = async {
            self.create_staging(&staged).await?;
            while let Some(batch) = batches.recv().await {
                self.write_batch(&staged, &batch).await?;
                staged.rows += batch.rows.len() as u64;
                on_progress(batch.bytes_read).await;
            }
            if let StorePool::Postgres(pool) = &self.pool {
                if mode == LoadMode::Replace {
                    // The index is built once, after the rows: far quicker than row by row.
                    sqlx::query(&format!(
                        "ALTER TABLE {} ADD PRIMARY KEY (id)",
                        table.staging(&self.pool, key)
                    ))
                    .execute(pool)
                    .await?;
                }
            }
            Ok::<_, LoadError>(())
        }
        .await;
        // Stops the reader if writing failed, then hears how it ended.
        drop(batches);
        let read = reading
            .await
            .map_err(|error| LoadError::Reading(error.to_string()))?;
        match outcome.and(read) {
            Ok(()) => Ok(staged),
            Err(error) => {
                self.discard(&staged).await;
                Err(error)
            }
        }
    }

    async fn create_staging(&self, staged: &Staged) -> Result<(), LoadError> {
        let table = &staged.table;
        let staging = table.staging(&self.pool, &staged.key);
        let mut definition = vec![match (&self.pool, staged.mode) {
            (StorePool::Sqlite(_), LoadMode::Replace) => "id INTEGER PRIMARY KEY".to_owned(),
            _ => "id BIGINT NOT NULL".to_owned(),
        }];
        if staged.mode == LoadMode::Replace {
            definition.push(format!(
                "datafile_created TEXT NOT NULL DEFAULT {}",
                literal(&staged.file_name)
            ));
        }
        if staged.mode == LoadMode::Snapshot {
            definition.push("data_hash TEXT NOT NULL".to_owned());
        }
        definition.extend(staged.columns.iter().map(|column| {
            format!(
                "{} {}",
                quoted(column.name.as_str()),
                sql_type(&self.pool, column.kind)
            )
        }));
        let create = format!("CREATE TABLE {staging} ({})", definition.join(", "));
        match &self.pool {
            StorePool::Postgres(pool) => {
                let mut tx = pool.begin().await?;
                sqlx::query(&format!(
                    "CREATE SCHEMA IF NOT EXISTS {}",
                    quoted(&table.name.schema())
                ))
                .execute(&mut *tx)
                .await
                .or_else(already_there)?;
                sqlx::query(&format!("DROP TABLE IF EXISTS {staging}"))
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(&create).execute(&mut *tx).await?;
                tx.commit().await?;
            }
            StorePool::Sqlite(pool) => {
                let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
                sqlx::query(&format!("DROP TABLE IF EXISTS {staging}"))
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(&create).execute(&mut *tx).await?;
                tx.commit().await?;
            }
        }
        Ok(())
    }

    async fn write_batch(&self, staged: &Staged, batch: &Batch) -> Result<(), LoadError> {
        let staging = staged.table.staging(&self.pool, &staged.key);
        let snapshot = staged.mode == LoadMode::Snapshot;
        let mut names = vec!["id".to_owned()];
        if snapshot {
            names.push("data_hash".to_owned());
        }
        names.extend(staged.columns.iter().map(|c| quoted(c.name.as_str())));
        let first_id = staged.rows as i64 + 1;
        match &self.pool {
            StorePool::Postgres(pool) => {
                let mut data = Vec::with_capacity(batch.rows.len() * 64);
                for (offset, row) in batch.rows.iter().enumerate() {
                    data.extend_from_slice((first_id + offset as i64).to_string().as_bytes());
                    if snapshot {
                        data.push(b'\t');
                        data.extend_from_slice(batch.hashes[offset].as_bytes());
                    }
                    for value in row {
                        data.push(b'\t');
                        copy_text(&mut data, value.as_ref());
                    }
                    data.push(b'\n');
                }
                let mut connection = pool.acquire().await?;
                let mut copy = connection
                    .copy_in_raw(&format!("COPY {staging} ({}) FROM STDIN", names.join(", ")))
                    .await?;
                copy.send(data).await?;
                copy.finish().await?;
            }
            StorePool::Sqlite(pool) => {
                let per_statement = (SQLITE_MAX_PARAMETERS / names.len()).clamp(1, 500);
                let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
                for (chunk_index, chunk) in batch.rows.chunks(per_statement).enumerate() {
                    let mut insert = sqlx::QueryBuilder::<sqlx::Sqlite>::new(format!(
                        "INSERT INTO {staging} ({}) ",
                        names.join(", ")
                    ));
                    let base = chunk_index * per_statement;
                    insert.push_values(chunk.iter().enumerate(), |mut values, (i, row)| {
                        values.push_bind(first_id + (base + i) as i64);
                        if snapshot {
                            values.push_bind(batch.hashes[base + i].clone());
                        }
                        for value in row {
                            match value {
                                None => values.push_bind(None::<String>),
                                Some(Value::Integer(n)) => values.push_bind(*n),
                                Some(Value::Boolean(b)) => values.push_bind(*b),
                                // NaN is no number SQLite keeps: it is NULL, as the API shows it.
                                Some(Value::Numeric(text)) => values
                                    .push_bind(text.parse::<f64>().ok().filter(|n| !n.is_nan())),
                                Some(other) => values.push_bind(as_text(other)),
                            };
                        }
                    });
                    insert.build().execute(&mut *tx).await?;
                }
                tx.commit().await?;
            }
        }
        Ok(())
    }

    /// Moves the staged rows into the dataset's table and records it in the catalogue, in the
    /// caller's transaction (which has already claimed the load, and commits it).
    pub async fn publish_in(
        &self,
        tx: &mut StoreTransaction,
        staged: &Staged,
    ) -> Result<u64, LoadError> {
        let table = &staged.table;
        let live = table.live(&self.pool);
        let staging = table.staging(&self.pool, &staged.key);
        let now = self.clock.now();
        // Loads of one dataset publish one at a time.
        lock_dataset(tx, table.dataset_id).await?;
        let existing = catalogue_columns(tx, table.dataset_id).await?;
        let names: Vec<String> = staged
            .columns
            .iter()
            .map(|c| quoted(c.name.as_str()))
            .collect();
        let names = names.join(", ");
        let rows = match staged.mode {
            LoadMode::Replace => {
                execute(tx, &format!("DROP TABLE IF EXISTS {live}")).await?;
                execute(
                    tx,
                    &format!(
                        "ALTER TABLE {staging} RENAME TO {}",
                        table.bare(&self.pool, "L0")
                    ),
                )
                .await?;
                if let StorePool::Postgres(_) = &self.pool {
                    // The index keeps the staging table's name, which the next load would want.
                    let index = table.named(&self.pool, &format!("L0.load.{}_pkey", staged.key));
                    execute(
                        tx,
                        &format!("ALTER INDEX {index} RENAME TO {}", quoted("L0_pkey")),
                    )
                    .await?;
                }
                staged.rows
            }
            // A source's first file on PostgreSQL: the staged table becomes the table, as an
            // upload's does, rather than every row being copied a second time.
            LoadMode::Append
                if existing.is_none() && matches!(self.pool, StorePool::Postgres(_)) =>
            {
                self.adopt_staging(tx, staged).await?;
                staged.rows
            }
            LoadMode::Append | LoadMode::Snapshot => {
                match existing {
                    Some(columns) if columns != staged.columns => {
                        let list = |columns: &[Column]| {
                            columns
                                .iter()
                                .map(|c| format!("{} {}", c.name, c.kind.as_str()))
                                .collect::<Vec<_>>()
                                .join(", ")
                        };
                        return Err(LoadError::ColumnsChanged {
                            found: list(&staged.columns),
                            expected: list(&columns),
                        });
                    }
                    Some(_) => {}
                    None => self.create_live(tx, staged).await?,
                }
                let file = literal(&staged.file_name);
                let moved = if staged.mode == LoadMode::Append {
                    format!(
                        "INSERT INTO {live} (datafile_created, {names}) \
                         SELECT {file}, {names} FROM {staging} ORDER BY id"
                    )
                } else {
                    let distinct = match &self.pool {
                        StorePool::Postgres(_) => "DISTINCT ON (data_hash)",
                        StorePool::Sqlite(_) => "",
                    };
                    let order = match &self.pool {
                        StorePool::Postgres(_) => "ORDER BY data_hash, id",
                        // SQLite's upsert needs a WHERE to tell its ON from a join's.
                        StorePool::Sqlite(_) => "WHERE true ORDER BY id",
                    };
                    format!(
                        "INSERT INTO {live} (datafile_created, datafile_updated, data_hash, {names}) \
                         SELECT {distinct} {file}, {file}, data_hash, {names} FROM {staging} {order} \
                         ON CONFLICT (data_hash) DO UPDATE SET datafile_updated = excluded.datafile_updated"
                    )
                };
                execute(tx, &moved).await?;
                execute(tx, &format!("DROP TABLE {staging}")).await?;
                let count: i64 = backends::in_transaction!(tx, conn => {
                    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {live}"))
                        .fetch_one(conn)
                        .await?
                });
                count as u64
            }
        };
        backends::in_transaction!(tx, conn => {
            sqlx::query(
                "INSERT INTO datastore_tables (dataset_id, table_name, columns, row_count, loaded_at) \
                 VALUES ($1, 'L0', $2, $3, $4) \
                 ON CONFLICT (dataset_id, table_name) DO UPDATE SET \
                 columns = excluded.columns, row_count = excluded.row_count, loaded_at = excluded.loaded_at",
            )
            .bind(table.dataset_id)
            .bind(Json(&staged.columns))
            .bind(rows as i64)
            .bind(now)
            .execute(conn)
            .await?;
        });
        Ok(rows)
    }

    async fn create_live(
        &self,
        tx: &mut StoreTransaction,
        staged: &Staged,
    ) -> Result<(), LoadError> {
        let live = staged.table.live(&self.pool);
        let id = match &self.pool {
            StorePool::Postgres(_) => "id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
            StorePool::Sqlite(_) => "id INTEGER PRIMARY KEY",
        };
        let mut definition = vec![id.to_owned(), "datafile_created TEXT NOT NULL".to_owned()];
        if staged.mode == LoadMode::Snapshot {
            definition.push("datafile_updated TEXT NOT NULL".to_owned());
            definition.push("data_hash TEXT NOT NULL UNIQUE".to_owned());
        }
        definition.extend(staged.columns.iter().map(|column| {
            format!(
                "{} {}",
                quoted(column.name.as_str()),
                sql_type(&self.pool, column.kind)
            )
        }));
        execute(
            tx,
            &format!("CREATE TABLE {live} ({})", definition.join(", ")),
        )
        .await
    }

    /// Makes an appending load's staging table (ids 1 to its row count) the dataset's table on
    /// PostgreSQL: the column of the file the rows came from, the primary key built once over
    /// them, ids for later files' rows from an identity that starts after them.
    async fn adopt_staging(
        &self,
        tx: &mut StoreTransaction,
        staged: &Staged,
    ) -> Result<(), LoadError> {
        let table = &staged.table;
        let staging = table.staging(&self.pool, &staged.key);
        let file = literal(&staged.file_name);
        let next_id = staged.rows + 1;
        for statement in [
            // A constant default is kept in the catalogue, not written into each row.
            format!(
                "ALTER TABLE {staging} ADD COLUMN datafile_created TEXT NOT NULL DEFAULT {file}"
            ),
            format!("ALTER TABLE {staging} ALTER COLUMN datafile_created DROP DEFAULT"),
            format!(
                "ALTER TABLE {staging} ADD CONSTRAINT {} PRIMARY KEY (id)",
                quoted("L0_pkey")
            ),
            format!(
                "ALTER TABLE {staging} ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY \
                 (START WITH {next_id})"
            ),
            format!(
                "ALTER TABLE {staging} RENAME TO {}",
                table.bare(&self.pool, "L0")
            ),
        ] {
            execute(tx, &statement).await?;
        }
        Ok(())
    }

    /// Drops a load's staging table (a failed load's, best effort: a retry drops it anyway).
    pub async fn discard(&self, staged: &Staged) {
        let staging = staged.table.staging(&self.pool, &staged.key);
        let dropped = backends::on_pool!(&self.pool, pool => {
            sqlx::query(&format!("DROP TABLE IF EXISTS {staging}")).execute(pool).await.map(|_| ())
        });
        if let Err(error) = dropped {
            tracing::warn!(%error, "a failed load's staging table was not dropped");
        }
    }

    /// Drops the staging table of the load keyed `key` of `table`, if there is one.
    pub async fn drop_staging(&self, table: &DatasetTable, key: &str) -> Result<(), LoadError> {
        let staging = table.staging(&self.pool, key);
        backends::on_pool!(&self.pool, pool => {
            sqlx::query(&format!("DROP TABLE IF EXISTS {staging}")).execute(pool).await?;
        });
        Ok(())
    }

    /// When the load began, for records.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }
}

/// `CREATE SCHEMA IF NOT EXISTS` run by two loads at once can still meet the other's schema.
fn already_there(error: sqlx::Error) -> Result<sqlx::postgres::PgQueryResult, sqlx::Error> {
    match &error {
        sqlx::Error::Database(db) if db.code().as_deref() == Some("23505") => {
            Ok(Default::default())
        }
        _ => Err(error),
    }
}

async fn execute(tx: &mut StoreTransaction, sql: &str) -> Result<(), LoadError> {
    backends::in_transaction!(tx, conn => {
        sqlx::query(sql).execute(conn).await?;
    });
    Ok(())
}

async fn lock_dataset(tx: &mut StoreTransaction, dataset_id: i64) -> Result<(), LoadError> {
    match tx {
        StoreTransaction::Postgres(tx) => {
            sqlx::query("SELECT id FROM datastore_datasets WHERE id = $1 FOR UPDATE")
                .bind(dataset_id)
                .execute(&mut **tx)
                .await?;
        }
        // BEGIN IMMEDIATE already holds SQLite's one write lock.
        StoreTransaction::Sqlite(_) => {}
    }
    Ok(())
}

/// The table's columns as last published, if it has been.
pub async fn catalogue_columns(
    tx: &mut StoreTransaction,
    dataset_id: i64,
) -> Result<Option<Vec<Column>>, LoadError> {
    let columns: Option<Json<Vec<Column>>> = backends::in_transaction!(tx, conn => {
        sqlx::query_scalar(
            "SELECT columns FROM datastore_tables WHERE dataset_id = $1 AND table_name = 'L0'",
        )
        .bind(dataset_id)
        .fetch_optional(conn)
        .await?
    });
    Ok(columns.map(|Json(columns)| columns))
}

/// A value as the database writes it as text (and SQLite keeps dates and times).
pub(crate) fn as_text(value: &Value) -> String {
    match value {
        Value::Integer(n) => n.to_string(),
        Value::Numeric(text) | Value::Text(text) => text.clone(),
        Value::Boolean(b) => b.to_string(),
        Value::Date(date) => date.format("%Y-%m-%d").to_string(),
        Value::Timestamp(time) => time.format("%Y-%m-%d %H:%M:%S%.f").to_string(),
    }
}

/// A value in `COPY`'s text format: `\N` for null; backslash, tab, new line and carriage return
/// escaped.
fn copy_text(out: &mut Vec<u8>, value: Option<&Value>) {
    let Some(value) = value else {
        out.extend_from_slice(b"\\N");
        return;
    };
    for byte in as_text(value).bytes() {
        match byte {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            other => out.push(other),
        }
    }
}

/// The row's hash for snapshot loads: MD5 of its values (B.2), each length-prefixed so no two
/// different rows give the same input.
fn row_hash(row: &[Option<Value>]) -> String {
    use md5::{Digest, Md5};
    let mut hasher = Md5::new();
    for value in row {
        match value {
            None => hasher.update(b"n"),
            Some(value) => {
                let text = as_text(value);
                hasher.update(format!("v{}:", text.len()));
                hasher.update(text.as_bytes());
            }
        }
    }
    hex::encode(hasher.finalize())
}

/// Reads and converts the file's rows on a blocking thread, sending them in batches; stops
/// when the receiver has gone.
fn read_batches(
    reader: impl Read,
    columns: &[Column],
    mode: LoadMode,
    sender: &mpsc::Sender<Batch>,
) -> Result<(), LoadError> {
    let mut rows = CsvRows::open(reader)?;
    let expected: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
    let found: Vec<&str> = rows.headers.iter().map(|c| c.as_str()).collect();
    if expected != found {
        return Err(LoadError::ColumnsChanged {
            found: found.join(", "),
            expected: expected.join(", "),
        });
    }
    let mut batch = Batch {
        rows: Vec::with_capacity(BATCH_ROWS),
        hashes: Vec::new(),
        bytes_read: 0,
    };
    loop {
        let next = rows.next();
        let finished = next.is_none();
        if let Some(row) = next {
            let values = row?.convert(columns)?;
            if mode == LoadMode::Snapshot {
                batch.hashes.push(row_hash(&values));
            }
            batch.rows.push(values);
        }
        if batch.rows.len() == BATCH_ROWS || (finished && !batch.rows.is_empty()) {
            batch.bytes_read = rows.bytes_read();
            let full = std::mem::replace(
                &mut batch,
                Batch {
                    rows: Vec::with_capacity(BATCH_ROWS),
                    hashes: Vec::new(),
                    bytes_read: 0,
                },
            );
            if sender.blocking_send(full).is_err() {
                return Ok(());
            }
        }
        if finished {
            return Ok(());
        }
    }
}

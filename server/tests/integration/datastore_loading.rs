//! The data store's loads on SQLite and PostgreSQL: an upload's version loaded whole into its
//! dataset's table and replaced by the next; a bad row failing the version with its line and
//! column and leaving the table as it was; a source's files loaded once each (appended, or
//! de-duplicated for snapshots); uploads left unfinished failed after 24 hours; a worker process
//! killed with SIGKILL half-way through a load, and the load finished by the next, once.
use std::sync::Arc;
use std::time::Duration;

use app::datastore::columns::{Column, ColumnType};
use app::datastore::csv_file::inspect;
use app::datastore::names::{DatasetName, NamePart};
use app::datastore::server::datasets::{Dataset, Datasets, Origin};
use app::datastore::server::jobs::process_job;
use app::datastore::server::processing::Processing;
use app::datastore::server::tables::{DatasetTable, LoadMode};
use app::datastore::server::versions::{Version, Versions};
use app::datastore::upload::{UploadState, STUCK_MESSAGE};
use backends::clock::ManualClock;
use backends::objects::{body_from_bytes, ObjectKey, PutOptions};
use backends::on_both_stores;
use backends::store::StorePool;
use backends::Backends;
use chrono::{Duration as Period, TimeZone, Utc};

use crate::support::{eventually, kill, test_config, Backend, TestApp, TestDatabase, WithWorkers};

pub(crate) fn name(organisation: &str, dataset: &str) -> DatasetName {
    DatasetName {
        organisation: NamePart::parse(organisation).unwrap(),
        dataset: NamePart::parse(dataset).unwrap(),
    }
}

pub(crate) async fn app_without_a_worker(backend: Backend) -> TestApp {
    let database = TestDatabase::create(backend).await;
    let mut config = test_config(database.url());
    config.run_jobs = false;
    TestApp::spawn_on(database, config).await
}

async fn put(backends: &Backends, key: &str, csv: impl Into<bytes::Bytes>) {
    backends
        .objects
        .put(
            &ObjectKey::new(key).unwrap(),
            body_from_bytes(csv),
            PutOptions::new("text/csv"),
        )
        .await
        .unwrap();
}

/// An uploaded version of `dataset` holding `csv`, verified with the types inferred (changed by
/// `adjust`), ready to process.
pub(crate) async fn verified_version(
    backends: &Backends,
    dataset: &Dataset,
    csv: &str,
    adjust: impl FnOnce(&mut Vec<Column>),
) -> Version {
    let versions = Versions::of(backends);
    let version = versions
        .start_upload(dataset, "companies.csv", "staff@example.com")
        .await
        .unwrap();
    put(backends, &version.object_key, csv.to_owned()).await;
    assert!(versions
        .uploaded(&version.id, csv.len() as u64)
        .await
        .unwrap());
    let mut columns = inspect(csv.as_bytes()).unwrap().columns;
    adjust(&mut columns);
    let mut tx = backends.store.begin().await.unwrap();
    assert!(versions
        .verify_in(&mut tx, &version.id, &columns)
        .await
        .unwrap());
    tx.commit().await.unwrap();
    versions.by_id(&version.id).await.unwrap().unwrap()
}

/// The table's rows, ordered by id, each cell as text.
async fn rows_of(backends: &Backends, name: &DatasetName, columns: &str) -> Vec<String> {
    let pool = backends.store.pool();
    let table = DatasetTable {
        dataset_id: 0,
        name: name.clone(),
    }
    .live(&pool);
    let cast = |column: &str| match &pool {
        StorePool::Postgres(_) => format!("COALESCE({column}::text, '∅')"),
        StorePool::Sqlite(_) => format!("COALESCE(CAST({column} AS TEXT), '∅')"),
    };
    let joined = columns
        .split(',')
        .map(|c| cast(c.trim()))
        .collect::<Vec<_>>()
        .join(" || '|' || ");
    let sql = format!("SELECT {joined} FROM {table} ORDER BY id");
    backends::on_pool!(&pool, pool => {
        sqlx::query_scalar(&sql).fetch_all(pool).await.unwrap()
    })
}

async fn catalogue(backends: &Backends, dataset_id: i64) -> (Vec<Column>, i64) {
    let (columns, rows): (sqlx::types::Json<Vec<Column>>, i64) = backends::on_pool!(&backends.store.pool(), pool => {
        sqlx::query_as(
            "SELECT columns, row_count FROM datastore_tables WHERE dataset_id = $1 AND table_name = 'L0'",
        )
        .bind(dataset_id)
        .fetch_one(pool)
        .await
        .unwrap()
    });
    (columns.0, rows)
}

async fn an_upload_is_loaded_whole_and_replaced_by_the_next(backend: Backend) {
    let app = app_without_a_worker(backend).await;
    let backends = &app.state.backends;
    let dataset = Datasets::of(backends)
        .create(&name("Companies.House", "accounts"), Origin::Upload, None)
        .await
        .unwrap();
    assert_eq!(dataset.name.schema(), "companies_house.accounts");
    let first = verified_version(
        backends,
        &dataset,
        "name,employees,listed,founded,turnover\nAcme,12,yes,31/01/1999,1.5\n\"Beta, Ltd\",N/A,no,2001-02-03,NaN\n",
        |_| {},
    )
    .await;
    let processing = Processing::of(backends);
    processing.process_version(&first.id).await.unwrap();
    let versions = Versions::of(backends);
    let done = versions.by_id(&first.id).await.unwrap().unwrap();
    assert_eq!(done.state, UploadState::Completed);
    assert_eq!(done.rows_loaded, Some(2));
    assert!(done.processed_at.is_some());
    let kinds: Vec<ColumnType> = catalogue(backends, dataset.id)
        .await
        .0
        .iter()
        .map(|c| c.kind)
        .collect();
    assert_eq!(
        kinds,
        [
            ColumnType::Text,
            ColumnType::Integer,
            ColumnType::Boolean,
            ColumnType::Date,
            ColumnType::Numeric
        ]
    );
    let rows = rows_of(backends, &dataset.name, "id, name, employees, founded").await;
    assert_eq!(rows, ["1|Acme|12|1999-01-31", "2|Beta, Ltd|∅|2001-02-03"]);

    // Staff may choose a wider type than inferred.
    let second = verified_version(backends, &dataset, "name,employees\nGamma,7\n", |columns| {
        columns[1].kind = ColumnType::Text;
    })
    .await;
    processing.process_version(&second.id).await.unwrap();
    assert_eq!(
        rows_of(backends, &dataset.name, "id, name, employees").await,
        ["1|Gamma|7"]
    );
    assert_eq!(catalogue(backends, dataset.id).await.1, 1);
    assert_eq!(
        versions
            .latest_completed(dataset.id)
            .await
            .unwrap()
            .unwrap()
            .id,
        second.id
    );

    // Restoring the first processes its file again: it is the latest.
    let mut tx = backends.store.begin().await.unwrap();
    let first_columns = done.columns.clone().unwrap();
    assert!(versions
        .verify_in(&mut tx, &first.id, &first_columns)
        .await
        .unwrap());
    tx.commit().await.unwrap();
    processing.process_version(&first.id).await.unwrap();
    assert_eq!(
        rows_of(backends, &dataset.name, "name").await,
        ["Acme", "Beta, Ltd"]
    );
    assert_eq!(
        versions
            .latest_completed(dataset.id)
            .await
            .unwrap()
            .unwrap()
            .id,
        first.id
    );
    // Processing a completed version again (a job delivered twice) changes nothing.
    processing.process_version(&first.id).await.unwrap();
    assert_eq!(rows_of(backends, &dataset.name, "name").await.len(), 2);
}

async fn a_bad_row_fails_the_version_and_leaves_the_table(backend: Backend) {
    let app = app_without_a_worker(backend).await;
    let backends = &app.state.backends;
    let dataset = Datasets::of(backends)
        .create(&name("dit", "tariffs"), Origin::Upload, None)
        .await
        .unwrap();
    let good = verified_version(backends, &dataset, "code,rate\nA1,5\n", |_| {}).await;
    let processing = Processing::of(backends);
    processing.process_version(&good.id).await.unwrap();

    // Types checked on the first rows only; row 7 holds what an integer cannot.
    let mut csv = String::from("code,rate\n");
    for n in 0..5 {
        csv.push_str(&format!("B{n},{n}\n"));
    }
    let bad = verified_version(backends, &dataset, &csv, |_| {}).await;
    put(backends, &bad.object_key, format!("{csv}B5,\"12x\"\n")).await;
    processing.process_version(&bad.id).await.unwrap();
    let failed = Versions::of(backends)
        .by_id(&bad.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(failed.state, UploadState::Failed);
    assert_eq!(
        failed.error_message.as_deref(),
        Some("Unable to process CSV file: line 7, column \"rate\": \"12x\" is not a whole number.")
    );
    assert_eq!(
        rows_of(backends, &dataset.name, "code, rate").await,
        ["A1|5"]
    );
    // No staging table is left behind.
    let pool = backends.store.pool();
    let leftovers: i64 = match &pool {
        StorePool::Postgres(pool) => sqlx::query_scalar(
            "SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'dit.tariffs' AND tablename LIKE 'L0.load.%'",
        )
        .fetch_one(pool)
        .await
        .unwrap(),
        StorePool::Sqlite(pool) => sqlx::query_scalar(
            "SELECT COUNT(*) FROM sqlite_master WHERE name LIKE 'dit.tariffs.L0.load.%'",
        )
        .fetch_one(pool)
        .await
        .unwrap(),
    };
    assert_eq!(leftovers, 0);
}

async fn a_sources_files_are_loaded_once_each(backend: Backend) {
    let app = app_without_a_worker(backend).await;
    let backends = &app.state.backends;
    let processing = Processing::of(backends);
    let exporters = name("hmrc", "exporters");
    put(
        backends,
        "datasets/hmrc/exporters/exporters2401.csv",
        "company,month\nAcme,2401\nBeta,2401\n",
    )
    .await;
    put(
        backends,
        "datasets/hmrc/exporters/exporters2402.csv",
        "company,month\nAcme,2402\n",
    )
    .await;
    let ingested = processing
        .ingest_source(&exporters, LoadMode::Append)
        .await
        .unwrap();
    assert_eq!(
        ingested.loaded,
        [
            ("exporters2401.csv".to_owned(), 2),
            ("exporters2402.csv".to_owned(), 1)
        ]
    );
    assert_eq!(
        rows_of(backends, &exporters, "id, company, month, datafile_created").await,
        [
            "1|Acme|2401|exporters2401.csv",
            "2|Beta|2401|exporters2401.csv",
            "3|Acme|2402|exporters2402.csv"
        ]
    );
    // Nothing new: nothing loaded.
    let again = processing
        .ingest_source(&exporters, LoadMode::Append)
        .await
        .unwrap();
    assert!(
        again.loaded.is_empty() && again.failed.is_empty(),
        "{again:?}"
    );
    // A newer file, and a broken one: the good one loads, the broken one is recorded.
    put(
        backends,
        "datasets/hmrc/exporters/exporters2403.csv",
        "company,month\nGamma,2403\n",
    )
    .await;
    put(
        backends,
        "datasets/hmrc/exporters/exporters2404.csv",
        "company,month\nDelta\n",
    )
    .await;
    let third = processing
        .ingest_source(&exporters, LoadMode::Append)
        .await
        .unwrap();
    assert_eq!(third.loaded, [("exporters2403.csv".to_owned(), 1)]);
    assert_eq!(third.failed[0].0, "exporters2404.csv");
    assert!(
        third.failed[0].1.contains("row 1 (line 2) has 1 values"),
        "{third:?}"
    );
    assert_eq!(rows_of(backends, &exporters, "company").await.len(), 4);
    let registry = processing.registry("hmrc.exporters").await.unwrap();
    let states: Vec<(Option<String>, String)> = registry
        .iter()
        .map(|entry| (entry.file_name.clone(), entry.state.clone()))
        .collect();
    assert!(states.contains(&(Some("exporters2404.csv".into()), "failed".into())));
    assert_eq!(
        states
            .iter()
            .filter(|(_, state)| state == "processed")
            .count(),
        3
    );

    // A snapshot keeps one row per distinct row, and marks rows seen again.
    let postcodes = name("ons", "postcodes");
    put(
        backends,
        "datasets/ons/postcodes/ONSPD_FEB_2024.csv",
        "pcd,lat\nAB1 0AA,57.1\nAB1 0AB,57.2\nAB1 0AA,57.1\n",
    )
    .await;
    processing
        .ingest_source(&postcodes, LoadMode::Snapshot)
        .await
        .unwrap();
    put(
        backends,
        "datasets/ons/postcodes/ONSPD_MAY_2024.csv",
        "pcd,lat\nAB1 0AB,57.2\nAB1 0AC,57.3\n",
    )
    .await;
    processing
        .ingest_source(&postcodes, LoadMode::Snapshot)
        .await
        .unwrap();
    assert_eq!(
        rows_of(
            backends,
            &postcodes,
            "pcd, datafile_created, datafile_updated"
        )
        .await,
        [
            "AB1 0AA|ONSPD_FEB_2024.csv|ONSPD_FEB_2024.csv",
            "AB1 0AB|ONSPD_FEB_2024.csv|ONSPD_MAY_2024.csv",
            "AB1 0AC|ONSPD_MAY_2024.csv|ONSPD_MAY_2024.csv"
        ]
    );
}

async fn uploads_unfinished_for_a_day_are_failed(backend: Backend) {
    let clock = ManualClock::new(Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap());
    let database = TestDatabase::create(backend).await;
    let mut config = test_config(database.url());
    config.run_jobs = false;
    let app = TestApp::spawn_on_with_clock(database, config, Arc::new(clock.clone())).await;
    let backends = &app.state.backends;
    let dataset = Datasets::of(backends)
        .create(&name("dit", "stuck"), Origin::Upload, None)
        .await
        .unwrap();
    let stuck = verified_version(backends, &dataset, "a\n1\n", |_| {}).await;
    let versions = Versions::of(backends);
    clock.advance(Period::hours(24));
    assert_eq!(
        versions.fail_stuck().await.unwrap(),
        0,
        "24 hours is not more than 24"
    );
    clock.advance(Period::minutes(1));
    assert_eq!(versions.fail_stuck().await.unwrap(), 1);
    let failed = versions.by_id(&stuck.id).await.unwrap().unwrap();
    assert_eq!(failed.state, UploadState::Failed);
    assert_eq!(failed.error_message.as_deref(), Some(STUCK_MESSAGE));
}

async fn a_worker_killed_mid_load_leaves_it_for_the_next_to_finish_once(backend: Backend) {
    let harness = WithWorkers::start(backend).await;
    let backends = &harness.app.state.backends;
    let dataset = Datasets::of(backends)
        .create(&name("dit", "large"), Origin::Upload, None)
        .await
        .unwrap();
    // Sixty batches: loading them takes a while.
    const ROWS: usize = 300_000;
    let version = verified_version(backends, &dataset, &numbered_csv(ROWS), |_| {}).await;
    backends
        .jobs
        .enqueue(&process_job(&version.id).unwrap())
        .await
        .unwrap();

    let first = harness.worker();
    let versions = Versions::of(backends);
    // Killed once some rows are staged and before they are published.
    eventually(
        Duration::from_secs(60),
        "the first worker is part-way through the load",
        || async {
            let now = versions.by_id(&version.id).await.unwrap().unwrap();
            (now.state == UploadState::ProcessingDss && now.bytes_loaded > 0).then_some(())
        },
    )
    .await;
    kill(first).await;
    let after_kill = versions.by_id(&version.id).await.unwrap().unwrap();
    assert_eq!(
        after_kill.state,
        UploadState::ProcessingDss,
        "killed before it finished"
    );

    let _second = harness.worker();
    eventually(
        Duration::from_secs(120),
        "the second worker finishes the load",
        || async {
            let now = versions.by_id(&version.id).await.unwrap().unwrap();
            (now.state == UploadState::Completed).then_some(())
        },
    )
    .await;
    assert_eq!(
        table_counts(backends, &dataset.name).await,
        (ROWS as i64, ROWS as i64, ROWS as i64)
    );
    assert_eq!(
        versions
            .by_id(&version.id)
            .await
            .unwrap()
            .unwrap()
            .rows_loaded,
        Some(ROWS as i64)
    );
}

/// How many rows a load's staging table holds, if it exists (`L0.load.f<registry id>a<attempt>`).
async fn staged_rows(backends: &Backends, name: &DatasetName, key: &str) -> Option<i64> {
    let pool = backends.store.pool();
    let table = match &pool {
        StorePool::Postgres(_) => format!("\"{}\".\"L0.load.{key}\"", name.schema()),
        StorePool::Sqlite(_) => format!("\"{}.L0.load.{key}\"", name.schema()),
    };
    backends::on_pool!(&pool, pool => {
        sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(pool)
            .await
            .ok()
    })
}

/// The staging tables left of the dataset's loads (none once they have ended).
async fn staging_tables(backends: &Backends, name: &DatasetName) -> Vec<String> {
    let sql = match backends.store.pool() {
        StorePool::Postgres(_) => {
            "SELECT tablename FROM pg_tables WHERE schemaname = $1 AND tablename LIKE 'L0.load.%'"
        }
        StorePool::Sqlite(_) => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE $1 || '.L0.load.%'"
        }
    };
    backends::on_pool!(&backends.store.pool(), pool => {
        sqlx::query_scalar(sql).bind(name.schema()).fetch_all(pool).await.unwrap()
    })
}

/// The registry's (state, attempt, rows) of a source's file.
async fn registry_row(backends: &Backends, file_name: &str) -> (String, i32, Option<i64>) {
    backends::on_pool!(&backends.store.pool(), pool => {
        sqlx::query_as("SELECT state, attempt, rows_loaded FROM datafile_registry WHERE file_name = $1")
            .bind(file_name)
            .fetch_one(pool)
            .await
            .unwrap()
    })
}

/// `rows` rows of a source's file: `n` from 0, a label and an amount.
fn numbered_csv(rows: usize) -> String {
    let mut csv = String::with_capacity(rows * 40);
    csv.push_str("n,label,amount\n");
    for n in 0..rows {
        csv.push_str(&format!("{n},row number {n},{}.25\n", n % 1000));
    }
    csv
}

/// (rows, distinct `n`, largest id) of the dataset's table.
async fn table_counts(backends: &Backends, name: &DatasetName) -> (i64, i64, i64) {
    let table = DatasetTable {
        dataset_id: 0,
        name: name.clone(),
    }
    .live(&backends.store.pool());
    backends::on_pool!(&backends.store.pool(), pool => {
        sqlx::query_as(&format!("SELECT COUNT(*), COUNT(DISTINCT n), MAX(id) FROM {table}"))
            .fetch_one(pool)
            .await
            .unwrap()
    })
}

async fn two_ingests_of_one_file_at_once_load_it_once(backend: Backend) {
    let app = app_without_a_worker(backend).await;
    let backends = &app.state.backends;
    let big = name("hmrc", "overlap");
    // Forty batches: the second ingest starts after the first.
    const ROWS: usize = 200_000;
    put(
        backends,
        "datasets/hmrc/overlap/overlap2401.csv",
        numbered_csv(ROWS),
    )
    .await;
    let first = tokio::spawn({
        let processing = Processing::of(backends);
        let big = big.clone();
        async move {
            processing
                .ingest_source(&big, LoadMode::Append)
                .await
                .unwrap()
        }
    });
    // The second starts while the first is staging: it takes the file over.
    eventually(
        Duration::from_secs(60),
        "the first ingest is staging rows",
        || async {
            staged_rows(backends, &big, "f1a1")
                .await
                .filter(|rows| *rows > 0)
        },
    )
    .await;
    let second = Processing::of(backends)
        .ingest_source(&big, LoadMode::Append)
        .await
        .unwrap();
    let first = first.await.unwrap();
    assert_eq!(
        (
            first.loaded.len() + second.loaded.len(),
            first.failed.len() + second.failed.len()
        ),
        (1, 0),
        "one of them loaded the file: {first:?} {second:?}"
    );
    assert_eq!(second.loaded, [("overlap2401.csv".to_owned(), ROWS as u64)]);
    assert_eq!(
        table_counts(backends, &big).await,
        (ROWS as i64, ROWS as i64, ROWS as i64)
    );
    assert_eq!(
        registry_row(backends, "overlap2401.csv").await,
        ("processed".to_owned(), 2, Some(ROWS as i64))
    );
    assert_eq!(staging_tables(backends, &big).await, Vec::<String>::new());
}

async fn a_worker_killed_mid_ingest_leaves_the_file_for_the_next_to_load_once(backend: Backend) {
    use app::datastore::server::pull::IngestSource;
    use backends::jobs::JobSpec;

    let mut harness = WithWorkers::start(backend).await;
    // The workers know the source from their configuration (its load mode); it is never pulled.
    harness.configure(
        r#"
[[datastore_sources]]
id = "hmrc.killed"
name = "A large source"
listing_url = "http://127.0.0.1:9/listing/"
link_pattern = '/killed(?P<date>\d{4})\.csv$'
date_format = "%y%m"
stored_name = "killed{date}.csv"
mode = "incremental"
max_bytes = 100_000_000
"#,
    );
    let backends = &harness.app.state.backends;
    let big = name("hmrc", "killed");
    // Sixty batches: the worker is killed after the first.
    const ROWS: usize = 300_000;
    put(
        backends,
        "datasets/hmrc/killed/killed2401.csv",
        numbered_csv(ROWS),
    )
    .await;
    backends
        .jobs
        .enqueue(
            &JobSpec::new(&IngestSource {
                source: "hmrc.killed".to_owned(),
            })
            .unwrap(),
        )
        .await
        .unwrap();
    let first = harness.worker();
    eventually(
        Duration::from_secs(60),
        "the first worker is staging rows",
        || async {
            staged_rows(backends, &big, "f1a1")
                .await
                .filter(|rows| *rows > 0)
        },
    )
    .await;
    kill(first).await;
    assert_eq!(
        registry_row(backends, "killed2401.csv").await.0,
        "processing",
        "killed before it finished"
    );
    let published = app::datastore::server::reader::TableReader::of(backends)
        .find("hmrc.killed", "L0")
        .await
        .unwrap();
    assert!(published.is_none(), "nothing published");

    let _second = harness.worker();
    eventually(
        Duration::from_secs(120),
        "the second worker loads the file",
        || async {
            let (state, _, _) = registry_row(backends, "killed2401.csv").await;
            (state == "processed").then_some(())
        },
    )
    .await;
    assert_eq!(
        table_counts(backends, &big).await,
        (ROWS as i64, ROWS as i64, ROWS as i64)
    );
    assert_eq!(
        registry_row(backends, "killed2401.csv").await,
        ("processed".to_owned(), 2, Some(ROWS as i64))
    );
    assert_eq!(
        staging_tables(backends, &big).await,
        Vec::<String>::new(),
        "the first attempt's staging table is dropped"
    );
}

on_both_stores!(
    an_upload_is_loaded_whole_and_replaced_by_the_next,
    a_bad_row_fails_the_version_and_leaves_the_table,
    a_sources_files_are_loaded_once_each,
    uploads_unfinished_for_a_day_are_failed,
    a_worker_killed_mid_load_leaves_it_for_the_next_to_finish_once,
    two_ingests_of_one_file_at_once_load_it_once,
    a_worker_killed_mid_ingest_leaves_the_file_for_the_next_to_load_once,
);

//! Benchmark: the dashboard's statuses (issue 21). A person with 50 completed LPAs in flight,
//! against our fake Sirius gateway on its own port answering each lookup after 100 ms: the time
//! to all 50 statuses (`app::lpa::server::tracking::refresh`, what the dashboard's one call and
//! the refresh job run: 50 signed lookups at once, then what changed stored), beside one gateway
//! call made the same way in the same run. The app is the real one on SQLite (`build_state`), the
//! client's cache off so every run asks. Run by `bench/statuses`.
use std::time::{Duration, Instant};

use app::account::server::{hash_password, Accounts, Role};
use app::lpa::model::LpaType;
use app::lpa::server::tracking::refresh;
use app::lpa::server::Lpas;
use backends::on_pool;
use backends::sirius::online_tool_id;
use server::config::{Config, Environment, LogFormat};
use sirius_gateway_fake::{Answer, FakeGatewayConfig, LpaRecord};

const LPAS: usize = 50;
const DELAY_MS: u64 = 100;

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index].as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|runs| runs.parse().ok())
        .unwrap_or(20);
    let gateway = sirius_gateway_fake::spawn(FakeGatewayConfig::default()).await?;
    let dir = tempfile::tempdir()?;
    let keys = gateway.config().clone();
    let config = Config {
        environment: Environment::Test,
        database_url: format!("sqlite://{}/bench.db", dir.path().display()),
        objects_dir: dir.path().join("objects"),
        log_format: LogFormat::Json,
        sirius_url: Some(gateway.base_url().to_owned()),
        sirius_region: keys.region.clone(),
        sirius_access_key_id: Some(keys.access_key_id.clone()),
        sirius_secret_access_key: Some(keys.secret_access_key.clone()),
        sirius_cache_seconds: 0,
        ..Config::default()
    };
    let state = server::app::build_state(config).await?;
    let backends = &state.backends;

    // The person and their LPAs, completed (as checkout leaves them) without the journey.
    let password = hash_password("statuses bench password").await?;
    let owner = Accounts::of(backends)
        .create_user("statuses.bench@example.com", &password, Role::Citizen)
        .await?;
    let lpas = Lpas::of(backends);
    let mut ids = Vec::with_capacity(LPAS);
    for _ in 0..LPAS {
        ids.push(
            lpas.create(&owner, Some(LpaType::PropertyAndFinancial), None)
                .await?
                .id,
        );
    }
    let now = chrono::Utc::now();
    on_pool!(&backends.store.pool(), pool => {
        sqlx::query("UPDATE applications SET completed_at = $1, locked = TRUE, locked_at = $1")
            .bind(now)
            .execute(pool)
            .await?;
    });
    for id in &ids {
        gateway.answer(
            &online_tool_id(id.get()),
            vec![Answer::lpa(LpaRecord::with_status("Pending")).delayed(DELAY_MS)],
        );
    }
    let track_from = "2019-04-01".parse()?;

    // Warm-up: connections made, the statuses stored once (later runs change nothing).
    refresh(backends, lpas.in_flight_of(&owner, &ids, track_from).await?).await?;
    backends.sirius.lookup(ids[0].get()).await?;

    let mut one_call = Vec::with_capacity(runs);
    let mut all_statuses = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        backends.sirius.lookup(ids[0].get()).await?;
        one_call.push(started.elapsed());

        let started = Instant::now();
        let in_flight = lpas.in_flight_of(&owner, &ids, track_from).await?;
        let refreshed = refresh(backends, in_flight).await?;
        all_statuses.push(started.elapsed());
        assert_eq!(refreshed.len(), LPAS);
        assert!(refreshed.iter().all(|refreshed| refreshed.error.is_none()));
    }
    one_call.sort();
    all_statuses.sort();
    let calls = ids
        .iter()
        .map(|id| gateway.calls(&online_tool_id(id.get())))
        .sum::<u64>();
    println!("| | runs | p50 ms | p95 ms | ratio to one call (p50) |");
    println!("|---|---:|---:|---:|---:|");
    println!(
        "| one gateway call ({DELAY_MS} ms delay) | {runs} | {:.1} | {:.1} | 1.00 |",
        percentile(&one_call, 0.5),
        percentile(&one_call, 0.95)
    );
    println!(
        "| all {LPAS} statuses of a dashboard | {runs} | {:.1} | {:.1} | {:.2} |",
        percentile(&all_statuses, 0.5),
        percentile(&all_statuses, 0.95),
        percentile(&all_statuses, 0.5) / percentile(&one_call, 0.5)
    );
    println!("gateway calls answered: {calls}");
    Ok(())
}

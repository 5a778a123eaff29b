//! The relational store on both backends: migrations and the first table.
use crate::support::{Backend, TestDatabase};
use std::sync::Arc;

use app::account::server::UserId;
use app::lpa::dashboard::LpaListed;
use app::lpa::server::Lpas;
use app::system_message::SystemMessages;
use backends::clock::SystemClock;
use backends::on_both_stores;

async fn migrations_are_safe_when_instances_start_at_once(backend: Backend) {
    let database = TestDatabase::create(backend).await;
    // Four pools on one fresh database, as four instances starting together would have.
    let mut stores = Vec::new();
    for _ in 0..4 {
        stores.push(backends::store::connect(&database.url()).await.unwrap());
    }
    let results = futures::future::join_all(stores.iter().map(|store| store.migrate())).await;
    for result in results {
        result.expect("every instance's migration succeeds");
    }
    // And a later start finds nothing to do.
    stores[0].migrate().await.unwrap();
    for store in &stores {
        store.close().await;
    }
}

async fn system_message_round_trips(backend: Backend) {
    let database = TestDatabase::create(backend).await;
    let store = backends::store::connect(&database.url()).await.unwrap();
    store.migrate().await.unwrap();
    let messages = SystemMessages::new(store.as_ref(), Arc::new(SystemClock));
    assert_eq!(messages.get().await.unwrap(), None);

    messages.set(Some("First")).await.unwrap();
    messages.set(Some("Second")).await.unwrap();
    let message = messages.get().await.unwrap().expect("set");
    assert_eq!(
        message.text, "Second",
        "setting again replaces: there is one message"
    );
    assert!(
        (chrono::Utc::now() - message.updated_at)
            .num_seconds()
            .abs()
            < 60
    );

    messages.set(None).await.unwrap();
    assert_eq!(messages.get().await.unwrap(), None);
    messages.set(None).await.unwrap();
    store.close().await;
}

async fn the_database_refuses_an_empty_or_overlong_message(backend: Backend) {
    let database = TestDatabase::create(backend).await;
    let store = backends::store::connect(&database.url()).await.unwrap();
    store.migrate().await.unwrap();
    let messages = SystemMessages::new(store.as_ref(), Arc::new(SystemClock));
    assert!(messages.set(Some("")).await.is_err());
    // As long as the real admin allows (migration 11; it was 1,000 before).
    assert!(messages.set(Some(&"x".repeat(8001))).await.is_err());
    assert!(messages.set(Some(&"é".repeat(8000))).await.is_ok());
    store.close().await;
}

/// Migration 9 keeps each LPA's dashboard card beside it (the donor's name, the type, whether
/// it may be reused); LPAs saved before it get theirs from their documents, exactly as a save
/// would have written them.
async fn lpas_saved_before_the_dashboard_listing_are_listed_as_saved_after(backend: Backend) {
    let database = TestDatabase::create(backend).await;
    let before = database.store_migrated_until(8).await;
    let owner = "0123456789abcdef0123456789abcdef";
    let now = chrono::Utc::now();
    let donor = |title: Option<&str>| {
        let mut name = serde_json::json!({"first": "Dana", "last": "Donor"});
        if let Some(title) = title {
            name["title"] = title.into();
        }
        serde_json::json!({
            "name": name,
            "address": {"address1": "1 High Street", "postcode": "LS1 1AA"},
            "dob": "1950-01-01",
            "canSign": true,
        })
    };
    let rows = [
        (
            10_000_001_i64,
            serde_json::json!({"type": "property-and-financial", "donor": donor(Some("Mrs"))}),
            serde_json::json!({"people-to-notify-confirmed": true}),
        ),
        (
            10_000_002,
            serde_json::json!({"type": "health-and-welfare", "donor": donor(None)}),
            serde_json::json!({}),
        ),
        (10_000_003, serde_json::json!({}), serde_json::json!({})),
    ];
    macro_rules! insert {
        ($pool:expr) => {{
            sqlx::query(
                "INSERT INTO users (id, email, password_hash, role, failed_logins, created_at, \
                 updated_at) VALUES ($1, 'old@example.com', 'x', 'citizen', 0, $2, $2)",
            )
            .bind(owner)
            .bind(now)
            .execute($pool)
            .await
            .unwrap();
            for (at, (id, document, metadata)) in rows.iter().enumerate() {
                let updated = now - chrono::Duration::minutes(at as i64);
                sqlx::query(
                    "INSERT INTO applications (id, owner, revision, started_at, updated_at, \
                     locked, document, metadata) VALUES ($1, $2, 1, $3, $3, FALSE, $4, $5)",
                )
                .bind(id)
                .bind(owner)
                .bind(updated)
                .bind(sqlx::types::Json(document))
                .bind(sqlx::types::Json(metadata))
                .execute($pool)
                .await
                .unwrap();
            }
        }};
    }
    match before.pool() {
        backends::store::StorePool::Sqlite(pool) => insert!(&pool),
        backends::store::StorePool::Postgres(pool) => insert!(&pool),
    }
    before.close().await;

    let store = database.store().await;
    let lpas = Lpas::new(store.pool(), Arc::new(SystemClock));
    let owner: UserId = owner.parse().unwrap();
    let (listed, total) = lpas.list_page(&owner, None, 1).await.unwrap();
    assert_eq!(total, 3);
    let donors: Vec<_> = listed.iter().map(|lpa| lpa.donor.as_deref()).collect();
    assert_eq!(donors, [Some("Mrs Dana Donor"), Some("Dana Donor"), None]);
    for lpa in &listed {
        let whole = lpas.get(&owner, lpa.id).await.unwrap().expect("the LPA");
        assert_eq!(*lpa, LpaListed::of(&whole), "listed as a save lists it");
    }
    assert!(listed[0].reusable && !listed[1].reusable);
}

on_both_stores!(
    migrations_are_safe_when_instances_start_at_once,
    system_message_round_trips,
    the_database_refuses_an_empty_or_overlong_message,
    lpas_saved_before_the_dashboard_listing_are_listed_as_saved_after,
);

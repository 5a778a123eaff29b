//! The relational store on both backends: migrations and the first table.
use crate::support::{Backend, TestDatabase};
use std::sync::Arc;

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
    assert!(messages.set(Some(&"x".repeat(1001))).await.is_err());
    assert!(messages.set(Some(&"x".repeat(1000))).await.is_ok());
    store.close().await;
}

on_both_stores!(
    migrations_are_safe_when_instances_start_at_once,
    system_message_round_trips,
    the_database_refuses_an_empty_or_overlong_message,
);

//! `/objects/{key}`: the filesystem object store's signed download and upload URLs, served by the
//! app, honoured only until they expire and only as signed.
use std::sync::Arc;

use backends::clock::ManualClock;
use backends::objects::{body_from_bytes, ObjectKey, PutOptions};

use crate::support::{test_config, Backend, TestApp, TestDatabase};
use backends::on_both_stores;

async fn signed_urls_download_and_upload_until_they_expire(backend: Backend) {
    let database = TestDatabase::create(backend).await;
    let config = test_config(database.url());
    let clock = ManualClock::new(chrono::Utc::now());
    let app = TestApp::spawn_on_with_clock(database, config, Arc::new(clock.clone())).await;
    let objects = app.state.backends.objects.clone();
    let signer = app.state.url_signer.clone();
    let now = app.state.backends.clock.now();
    // The signer knows the configured public URL; the test app listens on a random port.
    let local = |url: String| {
        let path = &url[url.find("/objects/").unwrap()..];
        app.url(path)
    };

    let key = ObjectKey::new("lpa/7/LP1F.pdf").unwrap();
    objects
        .put(
            &key,
            body_from_bytes("%PDF-1.7 test"),
            PutOptions::new("application/pdf"),
        )
        .await
        .unwrap();
    let download = local(signer.sign_get(&key, now + chrono::Duration::hours(1)));
    let response = app.client.get(&download).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["content-type"], "application/pdf");
    assert_eq!(response.text().await.unwrap(), "%PDF-1.7 test");

    // Another key under the same signature, or an unsigned URL: refused.
    let tampered = download.replace("LP1F.pdf", "LP3.pdf");
    assert_eq!(
        app.client
            .get(&tampered)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        403
    );
    let unsigned = app.url("/objects/lpa/7/LP1F.pdf");
    assert_eq!(
        app.client
            .get(&unsigned)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        403
    );
    let unsafe_key = app.url("/objects/lpa%5Csecret");
    assert_eq!(
        app.client
            .get(&unsafe_key)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        404
    );

    let upload_key = ObjectKey::new("uploads/evidence.csv").unwrap();
    // Whole seconds, as the URL carries it.
    let kept_until = chrono::DateTime::from_timestamp(now.timestamp() + 7 * 86_400, 0).unwrap();
    let csv = "a,b\n1,2\n";
    let upload = local(signer.sign_put(
        &upload_key,
        "text/csv",
        csv.len() as u64,
        Some(kept_until),
        now + chrono::Duration::hours(1),
    ));
    let wrong_type = app
        .client
        .put(&upload)
        .header("content-type", "text/html")
        .body(csv)
        .send()
        .await
        .unwrap();
    assert_eq!(
        wrong_type.status().as_u16(),
        403,
        "signed for text/csv only"
    );
    for body in ["a,b\n1,2\n3,4\n", "a,b"] {
        let wrong_length = app
            .client
            .put(&upload)
            .header("content-type", "text/csv")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(
            wrong_length.status().as_u16(),
            403,
            "signed for {} bytes only, sent {}",
            csv.len(),
            body.len()
        );
    }
    assert!(objects.head(&upload_key).await.unwrap().is_none());
    let uploaded = app
        .client
        .put(&upload)
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .unwrap();
    assert_eq!(uploaded.status().as_u16(), 201);
    let stored = objects.get(&upload_key).await.unwrap().expect("stored");
    assert_eq!(stored.info.content_type, "text/csv");
    assert_eq!(
        stored.info.expires_at,
        Some(kept_until),
        "the signed expiry"
    );
    assert_eq!(&stored.into_bytes().await.unwrap()[..], b"a,b\n1,2\n");

    // An hour and a second later, both links are dead.
    clock.advance(chrono::Duration::seconds(3601));
    let expired = app.client.get(&download).send().await.unwrap();
    assert_eq!(expired.status().as_u16(), 403);
    let body: serde_json::Value = expired.json().await.unwrap();
    assert!(body["error"].as_str().unwrap().contains("expired"));
    let late = app
        .client
        .put(&upload)
        .header("content-type", "text/csv")
        .body("x".repeat(csv.len()))
        .send()
        .await
        .unwrap();
    assert_eq!(late.status().as_u16(), 403);
}

on_both_stores!(signed_urls_download_and_upload_until_they_expire);

#[tokio::test]
async fn production_will_not_start_without_a_secret_key() {
    let database = TestDatabase::create(Backend::Sqlite).await;
    let mut config = test_config(database.url());
    config.environment = server::config::Environment::Production;
    let error = server::app::build_state(config)
        .await
        .err()
        .expect("refused");
    assert!(format!("{error:#}").contains("secret_key"), "{error:#}");
}

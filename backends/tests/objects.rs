//! One suite for both object stores: every test in `on_both_backends!` runs as `<name>_filesystem`
//! and `<name>_s3`. The S3 variants need `s3s-fs` on PATH and fail, naming the install command,
//! without it.
mod support;

use std::collections::HashMap;
use std::io;
use std::time::{Duration, Instant};

use backends::clock::Clock;
use backends::objects::{
    body_from_bytes, BodyStream, InvalidKey, ObjectError, ObjectInfo, ObjectKey, ObjectStoreKind,
    PutOptions, MIN_COPIED_PART_BYTES, MULTIPART_PART_BYTES,
};
use bytes::Bytes;
use chrono::Utc;
use futures::StreamExt;
use sha2::{Digest, Sha256};
use support::Harness;

macro_rules! on_both_backends {
    ($($test:ident),* $(,)?) => {
        paste::paste! {
            $(
                #[tokio::test]
                async fn [<$test _filesystem>]() {
                    $test(Harness::filesystem().await).await;
                }

                #[tokio::test]
                async fn [<$test _s3>]() {
                    $test(Harness::s3().await).await;
                }
            )*
        }
    };
}

on_both_backends!(
    put_and_get_round_trip_bytes_content_type_and_metadata,
    a_streamed_body_larger_than_a_multipart_part_comes_back_identical,
    a_failing_body_stores_nothing,
    head_describes_an_object_or_answers_none,
    list_filters_by_prefix_through_nested_keys,
    list_reads_past_a_thousand_keys,
    delete_removes_the_object_and_a_missing_key_is_fine,
    unsafe_keys_are_rejected_and_prefixes_cannot_escape,
    the_expiry_sweep_deletes_only_expired_objects,
    presigned_get_and_put_work_over_http_until_they_expire,
    an_upload_url_stores_its_object_with_the_expiry_given,
    compose_stores_the_sources_one_after_another,
    ping_and_kind_report_the_backend,
);

fn key(key: &str) -> ObjectKey {
    ObjectKey::new(key).unwrap()
}

fn keys_of(objects: &[backends::objects::ObjectInfo]) -> Vec<&str> {
    objects.iter().map(|object| object.key.as_str()).collect()
}

async fn put_text(harness: &Harness, name: &str, text: &'static str) {
    harness
        .store
        .put(
            &key(name),
            body_from_bytes(text),
            PutOptions::new("text/plain"),
        )
        .await
        .unwrap();
}

/// Deterministic pseudo-random bytes in chunks of `chunk_bytes`, `total` bytes in all.
fn generated_chunks(total: usize, chunk_bytes: usize) -> impl Iterator<Item = Bytes> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut remaining = total;
    std::iter::from_fn(move || {
        if remaining == 0 {
            return None;
        }
        let length = remaining.min(chunk_bytes);
        remaining -= length;
        let chunk: Vec<u8> = (0..length)
            .map(|_| {
                // xorshift64
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state as u8
            })
            .collect();
        Some(Bytes::from(chunk))
    })
}

async fn put_and_get_round_trip_bytes_content_type_and_metadata(harness: Harness) {
    let store = &harness.store;
    let object = key("lpa/7000-1234-5678/lp1f.pdf");
    let before = Utc::now() - chrono::Duration::minutes(1);
    let options = PutOptions::new("application/pdf")
        .with_metadata("lpa-id", "7000-1234-5678")
        .with_metadata("uploaded-by", "donor@example.com")
        .download_as("Lasting-Power-of-Attorney-LP1F.pdf");
    store
        .put(&object, body_from_bytes("%PDF-1.7 pretend"), options)
        .await
        .unwrap();

    let got = store
        .get(&object)
        .await
        .unwrap()
        .expect("the object exists");
    assert_eq!(got.info.key, object);
    assert_eq!(got.info.size, 16);
    assert_eq!(got.info.content_type, "application/pdf");
    assert_eq!(
        got.info.metadata,
        HashMap::from([
            ("lpa-id".to_owned(), "7000-1234-5678".to_owned()),
            ("uploaded-by".to_owned(), "donor@example.com".to_owned()),
        ])
    );
    assert_eq!(got.info.expires_at, None);
    assert_eq!(
        got.info.download_as.as_deref(),
        Some("Lasting-Power-of-Attorney-LP1F.pdf")
    );
    let after = Utc::now() + chrono::Duration::minutes(1);
    assert!(
        (before..after).contains(&got.info.last_modified),
        "{}",
        got.info.last_modified
    );
    assert_eq!(got.into_bytes().await.unwrap(), "%PDF-1.7 pretend");

    // Replacing an object replaces its metadata too, rather than merging it.
    store
        .put(
            &object,
            body_from_bytes(""),
            PutOptions::new("text/plain; charset=utf-8").with_metadata("version", "2"),
        )
        .await
        .unwrap();
    let replaced = store.get(&object).await.unwrap().unwrap();
    assert_eq!(replaced.info.size, 0);
    assert_eq!(replaced.info.content_type, "text/plain; charset=utf-8");
    assert_eq!(
        replaced.info.metadata,
        HashMap::from([("version".to_owned(), "2".to_owned())])
    );
    assert_eq!(replaced.info.download_as, None);
    assert_eq!(replaced.into_bytes().await.unwrap(), "");

    assert!(store.get(&key("lpa/missing.pdf")).await.unwrap().is_none());

    let refused = store
        .put(
            &object,
            body_from_bytes("x"),
            PutOptions::new("text/plain").with_metadata("Bad Name", "x"),
        )
        .await;
    assert!(
        matches!(refused, Err(ObjectError::InvalidMetadata(_))),
        "{refused:?}"
    );
    let refused = store
        .put(
            &object,
            body_from_bytes("x"),
            PutOptions::new("text/plain").download_as("a\"; evil=\"1.pdf"),
        )
        .await;
    assert!(
        matches!(refused, Err(ObjectError::InvalidDownloadName(_))),
        "{refused:?}"
    );
}

async fn a_streamed_body_larger_than_a_multipart_part_comes_back_identical(harness: Harness) {
    // Two and a half parts, in chunks that do not divide a part evenly.
    let total = MULTIPART_PART_BYTES * 5 / 2 + 12_345;
    let chunk_bytes = 100_003;
    let mut expected = Sha256::new();
    generated_chunks(total, chunk_bytes).for_each(|chunk| expected.update(&chunk));
    let expected = expected.finalize();

    let object = key("transfer/consignment-1/big.bin");
    let body: BodyStream =
        futures::stream::iter(generated_chunks(total, chunk_bytes).map(Ok)).boxed();
    harness
        .store
        .put(&object, body, PutOptions::new("application/octet-stream"))
        .await
        .unwrap();

    let head = harness.store.head(&object).await.unwrap().unwrap();
    assert_eq!(head.size, total as u64);
    let mut got = harness.store.get(&object).await.unwrap().unwrap();
    let mut actual = Sha256::new();
    let mut received = 0;
    while let Some(chunk) = got.body.next().await {
        let chunk = chunk.unwrap();
        received += chunk.len();
        actual.update(&chunk);
    }
    assert_eq!(received, total);
    assert_eq!(actual.finalize(), expected);
}

async fn a_failing_body_stores_nothing(harness: Harness) {
    let object = key("uploads/interrupted.bin");
    // Fails after more than a part, so S3 has started (and must abort) a multipart upload.
    let chunks = generated_chunks(MULTIPART_PART_BYTES + 1_000_000, 250_000).map(Ok);
    let failure = std::iter::once(Err(io::Error::new(
        io::ErrorKind::ConnectionReset,
        "the client went away",
    )));
    let body: BodyStream = futures::stream::iter(chunks.chain(failure)).boxed();
    let result = harness
        .store
        .put(&object, body, PutOptions::new("application/octet-stream"))
        .await;
    assert!(matches!(result, Err(ObjectError::Body(_))), "{result:?}");
    assert!(harness.store.head(&object).await.unwrap().is_none());
    assert!(harness.store.list("").await.unwrap().is_empty());

    if let Some(root) = &harness.filesystem_root {
        let mut files = Vec::new();
        let mut dirs = vec![root.clone()];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let entry = entry.unwrap();
                if entry.file_type().unwrap().is_dir() {
                    dirs.push(entry.path());
                } else {
                    files.push(entry.path());
                }
            }
        }
        assert!(files.is_empty(), "left behind: {files:?}");
    }
}

async fn head_describes_an_object_or_answers_none(harness: Harness) {
    let object = key("documents/lp1h.pdf");
    let expires_at = harness.clock.now() + chrono::Duration::days(30);
    harness
        .store
        .put(
            &object,
            body_from_bytes(vec![7u8; 1234]),
            PutOptions::new("application/pdf")
                .with_metadata("kind", "lp1h")
                .expiring_at(expires_at),
        )
        .await
        .unwrap();
    let head = harness.store.head(&object).await.unwrap().unwrap();
    assert_eq!(head.key, object);
    assert_eq!(head.size, 1234);
    assert_eq!(head.content_type, "application/pdf");
    assert_eq!(
        head.metadata,
        HashMap::from([("kind".to_owned(), "lp1h".to_owned())])
    );
    assert_eq!(head.expires_at, Some(expires_at));
    assert_eq!(
        harness.store.get(&object).await.unwrap().unwrap().info,
        head
    );

    assert!(harness
        .store
        .head(&key("documents/none.pdf"))
        .await
        .unwrap()
        .is_none());
    assert!(harness
        .store
        .head(&key("nowhere/at/all"))
        .await
        .unwrap()
        .is_none());
}

async fn list_filters_by_prefix_through_nested_keys(harness: Harness) {
    let names = [
        "reports/2026/a.pdf",
        "reports/2026/b.pdf",
        "reports/2027/c.pdf",
        "reports-old/d.pdf",
        "reports.csv",
        "other/x",
        // Percent signs must not be confused with escapes.
        "100%/x",
        "100%25/x",
    ];
    for name in names {
        put_text(&harness, name, "content").await;
    }
    let all = harness.store.list("").await.unwrap();
    let mut sorted = names.to_vec();
    sorted.sort();
    assert_eq!(keys_of(&all), sorted);
    assert!(all
        .iter()
        .all(|object| object.size == 7 && object.content_type == "text/plain"));

    let cases: &[(&str, &[&str])] = &[
        (
            "reports/",
            &[
                "reports/2026/a.pdf",
                "reports/2026/b.pdf",
                "reports/2027/c.pdf",
            ],
        ),
        (
            "reports",
            &[
                "reports-old/d.pdf",
                "reports.csv",
                "reports/2026/a.pdf",
                "reports/2026/b.pdf",
                "reports/2027/c.pdf",
            ],
        ),
        (
            "reports/202",
            &[
                "reports/2026/a.pdf",
                "reports/2026/b.pdf",
                "reports/2027/c.pdf",
            ],
        ),
        (
            "reports/2026/",
            &["reports/2026/a.pdf", "reports/2026/b.pdf"],
        ),
        ("reports/2026/a", &["reports/2026/a.pdf"]),
        ("100%/", &["100%/x"]),
        ("100%2", &["100%25/x"]),
        ("nothing", &[]),
        ("reports/2028/", &[]),
    ];
    for (prefix, expected) in cases {
        let listed = harness.store.list(prefix).await.unwrap();
        assert_eq!(keys_of(&listed), *expected, "prefix {prefix:?}");
    }
}

async fn list_reads_past_a_thousand_keys(harness: Harness) {
    // S3 lists at most 1000 keys a page.
    let count = 1005;
    let store = &harness.store;
    futures::stream::iter(0..count)
        .for_each_concurrent(16, |n| async move {
            store
                .put(
                    &key(&format!("many/{n:04}")),
                    body_from_bytes(""),
                    PutOptions::new("text/plain"),
                )
                .await
                .unwrap();
        })
        .await;
    put_text(&harness, "not-many", "x").await;
    let listed = store.list("many/").await.unwrap();
    assert_eq!(listed.len(), count);
    assert_eq!(listed[0].key.as_str(), "many/0000");
    assert_eq!(listed[count - 1].key.as_str(), "many/1004");
}

async fn delete_removes_the_object_and_a_missing_key_is_fine(harness: Harness) {
    put_text(&harness, "feedback/export.csv", "a,b").await;
    put_text(&harness, "feedback/keep.csv", "c,d").await;
    harness
        .store
        .delete(&key("feedback/export.csv"))
        .await
        .unwrap();
    assert!(harness
        .store
        .get(&key("feedback/export.csv"))
        .await
        .unwrap()
        .is_none());
    assert_eq!(
        keys_of(&harness.store.list("feedback/").await.unwrap()),
        ["feedback/keep.csv"]
    );
    // Gone already, never there, and under a "directory" that does not exist.
    harness
        .store
        .delete(&key("feedback/export.csv"))
        .await
        .unwrap();
    harness
        .store
        .delete(&key("feedback/never.csv"))
        .await
        .unwrap();
    harness.store.delete(&key("no/such/dir/x")).await.unwrap();
}

async fn unsafe_keys_are_rejected_and_prefixes_cannot_escape(harness: Harness) {
    for unsafe_key in [
        "../outside",
        "a/../../outside",
        "/etc/passwd",
        "a//b",
        "a/./b",
        "..\\outside",
        "a\0b",
        "",
    ] {
        assert!(ObjectKey::new(unsafe_key).is_err(), "{unsafe_key:?}");
    }
    assert_eq!(
        ObjectKey::new("x".repeat(1025)),
        Err(InvalidKey::TooLong(1025))
    );

    put_text(&harness, "inside/file", "x").await;
    if let Some(root) = &harness.filesystem_root {
        // Something beside the root that an escaping prefix would find.
        std::fs::write(root.parent().unwrap().join("outside%o"), "secret").unwrap();
    }
    for prefix in [
        "../",
        "..",
        "../outside",
        "/",
        "/inside",
        "inside/../../",
        "./inside",
    ] {
        let listed = harness.store.list(prefix).await.unwrap();
        assert!(
            listed.is_empty(),
            "prefix {prefix:?} listed {:?}",
            keys_of(&listed)
        );
    }
}

async fn the_expiry_sweep_deletes_only_expired_objects(harness: Harness) {
    let start = harness.clock.now();
    let store = &harness.store;
    for (name, expires_in_hours) in [
        ("sweep/soon", Some(1)),
        ("sweep/later", Some(3)),
        ("sweep/kept", None),
    ] {
        let mut options = PutOptions::new("application/pdf");
        options.expires_at = expires_in_hours.map(|hours| start + chrono::Duration::hours(hours));
        store
            .put(&key(name), body_from_bytes("pdf"), options)
            .await
            .unwrap();
    }

    assert_eq!(store.delete_expired(harness.clock.now()).await.unwrap(), 0);
    harness.clock.advance(chrono::Duration::hours(1));
    // Due exactly now counts as expired.
    assert_eq!(store.delete_expired(harness.clock.now()).await.unwrap(), 1);
    assert_eq!(
        keys_of(&store.list("sweep/").await.unwrap()),
        ["sweep/kept", "sweep/later"]
    );
    harness.clock.advance(chrono::Duration::hours(1));
    assert_eq!(store.delete_expired(harness.clock.now()).await.unwrap(), 0);
    harness.clock.advance(chrono::Duration::days(365));
    assert_eq!(store.delete_expired(harness.clock.now()).await.unwrap(), 1);
    assert_eq!(keys_of(&store.list("").await.unwrap()), ["sweep/kept"]);
}

async fn presigned_get_and_put_work_over_http_until_they_expire(harness: Harness) {
    let http = reqwest::Client::new();
    let store = &harness.store;
    let download = key("downloads/lp1f summary.pdf");
    store
        .put(
            &download,
            body_from_bytes("%PDF-1.7 summary"),
            PutOptions::new("application/pdf")
                .download_as("Draft-Lasting-Power-of-Attorney-LP1F.pdf"),
        )
        .await
        .unwrap();
    let upload = key("uploads/records.csv");
    let csv = "reference,status\n7000,registered\n";
    // Short, because S3 servers check expiry against the real time, which the test must wait out.
    let expires_in = Duration::from_secs(3);
    let get_url = store.presign_get(&download, expires_in).await.unwrap();
    let put = store
        .presign_put(
            &upload,
            &PutOptions::new("text/csv"),
            csv.len() as u64,
            expires_in,
        )
        .await
        .unwrap();
    assert_eq!(
        put.headers,
        [("content-type".to_owned(), "text/csv".to_owned())]
    );
    let put_url = put.url;

    let response = http.get(&get_url).send().await.unwrap();
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    assert_eq!(response.headers()["content-type"], "application/pdf");
    assert_eq!(
        response.headers()["content-disposition"],
        "attachment; filename=\"Draft-Lasting-Power-of-Attorney-LP1F.pdf\""
    );
    assert_eq!(response.bytes().await.unwrap(), "%PDF-1.7 summary");

    let response = http
        .put(&put_url)
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    let uploaded = store.get(&upload).await.unwrap().unwrap();
    assert_eq!(uploaded.info.content_type, "text/csv");
    assert_eq!(uploaded.into_bytes().await.unwrap(), csv);

    // A URL for one key does not open another.
    let other = get_url.replace("lp1f%20summary.pdf", "other.pdf");
    assert_eq!(http.get(&other).send().await.unwrap().status(), 403);

    // The filesystem backend's URLs expire by the store's clock, S3's by the real time.
    harness
        .clock
        .advance(chrono::Duration::from_std(expires_in).unwrap());
    let deadline = Instant::now() + expires_in + Duration::from_secs(30);
    wait_until_refused(|| http.get(&get_url), deadline).await;
    wait_until_refused(
        || {
            http.put(&put_url)
                .header("content-type", "text/csv")
                // The length signed, so only the expiry refuses it.
                .body("x".repeat(csv.len()))
        },
        deadline,
    )
    .await;
    let unchanged = store.get(&upload).await.unwrap().unwrap();
    assert_eq!(unchanged.into_bytes().await.unwrap(), csv);
}

async fn an_upload_url_stores_its_object_with_the_expiry_given(harness: Harness) {
    let store = &harness.store;
    let part = key("transfer/parts/c/f/00000000000000000000");
    let expires_at = harness.clock.now() + chrono::Duration::days(7);
    let options = PutOptions::new("application/octet-stream").expiring_at(expires_at);
    let put = store
        .presign_put(&part, &options, 7, Duration::from_secs(600))
        .await
        .unwrap();
    assert!(
        put.headers.iter().all(|(name, _)| name != "content-length"),
        "the client sends its own: {:?}",
        put.headers
    );
    // The length is signed: a body of any other is refused, and stores nothing.
    for body in ["a chunk, and then some", "a chun", ""] {
        let mut request = reqwest::Client::new().put(&put.url).body(body);
        for (name, value) in &put.headers {
            request = request.header(name, value);
        }
        let refused = request.send().await.unwrap();
        assert_eq!(refused.status(), 403, "a body of {} bytes", body.len());
        assert!(store.head(&part).await.unwrap().is_none());
    }
    let mut request = reqwest::Client::new().put(&put.url).body("a chunk");
    for (name, value) in &put.headers {
        request = request.header(name, value);
    }
    let response = request.send().await.unwrap();
    assert!(
        response.status().is_success(),
        "{}",
        response.text().await.unwrap()
    );
    let stored = store.head(&part).await.unwrap().unwrap();
    assert_eq!(stored.size, 7);
    assert_eq!(stored.content_type, "application/octet-stream");
    assert_eq!(stored.expires_at, Some(expires_at));
    assert_eq!(store.delete_expired(expires_at).await.unwrap(), 1);

    // Without the signed headers the upload is refused.
    let put = store
        .presign_put(&part, &options, 7, Duration::from_secs(600))
        .await
        .unwrap();
    let unsigned = reqwest::Client::new()
        .put(&put.url)
        .header("content-type", "text/html")
        .body("a chunk")
        .send()
        .await
        .unwrap();
    assert_eq!(unsigned.status(), 403);
    assert!(store.head(&part).await.unwrap().is_none());

    // Metadata and download names are `put`, not signed.
    for options in [
        PutOptions::new("text/plain").with_metadata("owner", "someone"),
        PutOptions::new("text/plain").download_as("a.txt"),
    ] {
        assert!(matches!(
            store
                .presign_put(&part, &options, 7, Duration::from_secs(600))
                .await,
            Err(ObjectError::InvalidMetadata(_))
        ));
    }
}

async fn compose_stores_the_sources_one_after_another(harness: Harness) {
    let store = &harness.store;
    // Long enough for S3 to copy inside the bucket, and a short last one.
    let long = |byte: u8| vec![byte; MIN_COPIED_PART_BYTES as usize + 3];
    let parts = [long(b'a'), long(b'b'), b"the end".to_vec()];
    let mut keys = Vec::new();
    for (n, bytes) in parts.iter().enumerate() {
        let part = key(&format!("compose/parts/{n}"));
        store
            .put(
                &part,
                body_from_bytes(bytes.clone()),
                PutOptions::new("application/octet-stream"),
            )
            .await
            .unwrap();
        keys.push(store.head(&part).await.unwrap().unwrap());
    }
    let whole = key("compose/whole");
    store
        .compose(
            &whole,
            &keys,
            PutOptions::new("text/csv").with_metadata("source", "parts"),
        )
        .await
        .unwrap();
    let composed = store.get(&whole).await.unwrap().unwrap();
    assert_eq!(composed.info.content_type, "text/csv");
    assert_eq!(composed.info.metadata["source"], "parts");
    assert_eq!(composed.info.expires_at, None);
    assert_eq!(composed.into_bytes().await.unwrap(), parts.concat());
    // The sources stay.
    assert_eq!(store.list("compose/parts/").await.unwrap().len(), 3);

    // One source: a copy, with the options given, not the source's.
    let expires_at = harness.clock.now() + chrono::Duration::days(1);
    let copied = key("compose/copied");
    store
        .compose(
            &copied,
            &keys[2..],
            PutOptions::new("text/plain").expiring_at(expires_at),
        )
        .await
        .unwrap();
    let info = store.head(&copied).await.unwrap().unwrap();
    assert_eq!(
        (info.size, info.content_type.as_str(), info.expires_at),
        (7, "text/plain", Some(expires_at))
    );
    // Short sources first: read and written (S3 cannot copy parts under 5 MiB).
    let small_first = key("compose/small-first");
    store
        .compose(
            &small_first,
            &[keys[2].clone(), keys[0].clone()],
            PutOptions::new("application/octet-stream"),
        )
        .await
        .unwrap();
    let bytes = store.get(&small_first).await.unwrap().unwrap();
    assert_eq!(
        bytes.into_bytes().await.unwrap(),
        [parts[2].clone(), parts[0].clone()].concat()
    );
    // A missing source fails, and leaves nothing.
    let failed = key("compose/failed");
    let missing = ObjectInfo {
        key: key("compose/parts/missing"),
        ..keys[2].clone()
    };
    assert!(store
        .compose(
            &failed,
            &[keys[0].clone(), missing],
            PutOptions::new("application/octet-stream"),
        )
        .await
        .is_err());
    assert!(store.head(&failed).await.unwrap().is_none());
}

/// Repeats `request` until it is answered 403 Forbidden, failing the test at `deadline`.
async fn wait_until_refused(request: impl Fn() -> reqwest::RequestBuilder, deadline: Instant) {
    loop {
        let status = request().send().await.unwrap().status();
        if status == 403 {
            return;
        }
        assert!(status.is_success(), "neither allowed nor refused: {status}");
        assert!(Instant::now() < deadline, "still allowed at the deadline");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn ping_and_kind_report_the_backend(harness: Harness) {
    harness.store.ping().await.unwrap();
    let expected = if harness.filesystem_root.is_some() {
        ObjectStoreKind::Filesystem
    } else {
        ObjectStoreKind::S3
    };
    assert_eq!(harness.store.kind(), expected);
    assert_eq!(
        harness.store.kind().as_str(),
        if harness.filesystem_root.is_some() {
            "filesystem"
        } else {
            "s3"
        }
    );
}

/// Tests of what only the filesystem backend has: its files, its signed URLs.
mod filesystem_only {
    use std::sync::Arc;

    use backends::clock::{Clock, ManualClock};
    use backends::objects::{
        body_from_bytes, FilesystemStore, ObjectError, ObjectKey, ObjectRequest, ObjectStore,
        PutOptions, SignatureError, SignedQuery, UrlSigner,
    };
    use chrono::{TimeZone, Utc};

    const SIGNING_KEY: &[u8] = b"filesystem-only-signing-key-32-bytes";

    /// The length the tests' upload URLs are signed for.
    const PDF_BYTES: u64 = 20_480;

    async fn store() -> (tempfile::TempDir, ManualClock, UrlSigner, FilesystemStore) {
        let dir = tempfile::tempdir().unwrap();
        let clock = ManualClock::new(Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap());
        let signer = UrlSigner::new("https://lpa.example", SIGNING_KEY).unwrap();
        let store = FilesystemStore::open(
            dir.path().join("objects"),
            signer.clone(),
            Arc::new(clock.clone()),
        )
        .await
        .unwrap();
        (dir, clock, signer, store)
    }

    /// The route's view of a signed URL: the key from the path, the query's parameters.
    fn parse(signed: &str) -> (ObjectKey, SignedQuery) {
        let url = url::Url::parse(signed).unwrap();
        let encoded_key = url.path().strip_prefix("/objects/").unwrap();
        let decoded = percent_encoding::percent_decode_str(encoded_key)
            .decode_utf8()
            .unwrap();
        let pairs: std::collections::HashMap<String, String> =
            url.query_pairs().into_owned().collect();
        let query = SignedQuery {
            expires: pairs["expires"].parse().unwrap(),
            signature: pairs["signature"].clone(),
            method: pairs.get("method").cloned(),
            content_type: pairs.get("content_type").cloned(),
            length: pairs.get("length").map(|length| length.parse().unwrap()),
            object_expires: pairs.get("object_expires").map(|at| at.parse().unwrap()),
        };
        (ObjectKey::new(decoded).unwrap(), query)
    }

    #[tokio::test]
    async fn presigned_urls_verify_against_the_store_clock_and_refuse_tampering() {
        let (_dir, clock, signer, store) = store().await;
        let object = ObjectKey::new("lpa/7000/lp1f draft.pdf").unwrap();
        let expires_in = std::time::Duration::from_secs(600);

        let (key, query) = parse(&store.presign_get(&object, expires_in).await.unwrap());
        assert_eq!(key, object);
        assert_eq!(
            signer.verify(ObjectRequest::get(), &key, &query, clock.now()),
            Ok(())
        );
        let tampered_key = ObjectKey::new("lpa/7001/lp1f draft.pdf").unwrap();
        assert_eq!(
            signer.verify(ObjectRequest::get(), &tampered_key, &query, clock.now()),
            Err(SignatureError::Invalid)
        );
        let tampered_signature = SignedQuery {
            signature: query.signature.replace(|c| c != '0', "0"),
            ..query.clone()
        };
        assert_eq!(
            signer.verify(ObjectRequest::get(), &key, &tampered_signature, clock.now()),
            Err(SignatureError::Invalid)
        );
        let extended = SignedQuery {
            expires: query.expires + 86_400,
            ..query.clone()
        };
        assert_eq!(
            signer.verify(ObjectRequest::get(), &key, &extended, clock.now()),
            Err(SignatureError::Invalid)
        );

        let (put_key, put_query) = parse(
            &store
                .presign_put(
                    &object,
                    &PutOptions::new("application/pdf"),
                    PDF_BYTES,
                    expires_in,
                )
                .await
                .unwrap()
                .url,
        );
        let pdf = Some("application/pdf");
        assert_eq!(
            signer.verify(
                ObjectRequest::put(pdf, Some(PDF_BYTES)),
                &put_key,
                &put_query,
                clock.now()
            ),
            Ok(())
        );

        clock.advance(chrono::Duration::seconds(599));
        assert_eq!(
            signer.verify(ObjectRequest::get(), &key, &query, clock.now()),
            Ok(())
        );
        clock.advance(chrono::Duration::seconds(1));
        assert_eq!(
            signer.verify(ObjectRequest::get(), &key, &query, clock.now()),
            Err(SignatureError::Expired)
        );
        assert_eq!(
            signer.verify(
                ObjectRequest::put(pdf, Some(PDF_BYTES)),
                &put_key,
                &put_query,
                clock.now()
            ),
            Err(SignatureError::Expired)
        );

        assert!(matches!(
            store
                .presign_put(
                    &object,
                    &PutOptions::new("text/html\r\nX-Evil: 1"),
                    PDF_BYTES,
                    expires_in
                )
                .await,
            Err(ObjectError::InvalidContentType(_))
        ));
        assert!(matches!(
            store
                .presign_get(&object, std::time::Duration::from_secs(8 * 24 * 3600))
                .await,
            Err(ObjectError::InvalidLifetime(_))
        ));
    }

    #[cfg(unix)]
    #[tokio::test]
    async fn a_symlink_out_of_the_root_is_not_followed() {
        let (dir, _clock, _signer, store) = store().await;
        let outside = dir.path().join("outside");
        std::fs::create_dir(&outside).unwrap();
        std::os::unix::fs::symlink(&outside, dir.path().join("objects/link")).unwrap();
        let through_link = ObjectKey::new("link/planted").unwrap();

        let put = store
            .put(
                &through_link,
                body_from_bytes("x"),
                PutOptions::new("text/plain"),
            )
            .await;
        assert!(matches!(put, Err(ObjectError::PathEscape(_))), "{put:?}");
        assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 0);

        std::fs::write(outside.join("planted%o"), "secret").unwrap();
        assert!(matches!(
            store.get(&through_link).await,
            Err(ObjectError::PathEscape(_))
        ));
        assert!(matches!(
            store.head(&through_link).await,
            Err(ObjectError::PathEscape(_))
        ));
        assert!(matches!(
            store.delete(&through_link).await,
            Err(ObjectError::PathEscape(_))
        ));
        assert!(matches!(
            store.list("link/").await,
            Err(ObjectError::PathEscape(_))
        ));
        assert!(store.list("").await.unwrap().is_empty());
        assert!(outside.join("planted%o").exists());
    }

    /// S3 allows this; s3s-fs, storing objects as plain files, cannot, so it is tested here only.
    #[tokio::test]
    async fn a_key_can_be_both_an_object_and_the_prefix_of_others() {
        let (_dir, _clock, _signer, store) = store().await;
        for name in ["a", "a/b", "a/b/c"] {
            store
                .put(
                    &ObjectKey::new(name).unwrap(),
                    body_from_bytes(name.to_owned()),
                    PutOptions::new("text/plain"),
                )
                .await
                .unwrap();
        }
        let listed: Vec<String> = store
            .list("a")
            .await
            .unwrap()
            .into_iter()
            .map(|object| object.key.to_string())
            .collect();
        assert_eq!(listed, ["a", "a/b", "a/b/c"]);
        let b = ObjectKey::new("a/b").unwrap();
        let got = store.get(&b).await.unwrap().unwrap();
        assert_eq!(got.into_bytes().await.unwrap(), "a/b");
        // A "directory" of other keys is not an object.
        store
            .put(
                &ObjectKey::new("x/y").unwrap(),
                body_from_bytes(""),
                PutOptions::new("text/plain"),
            )
            .await
            .unwrap();
        assert!(store
            .head(&ObjectKey::new("x").unwrap())
            .await
            .unwrap()
            .is_none());
        store.delete(&b).await.unwrap();
        assert!(store.head(&b).await.unwrap().is_none());
        assert!(store
            .head(&ObjectKey::new("a/b/c").unwrap())
            .await
            .unwrap()
            .is_some());
    }

    #[tokio::test]
    async fn objects_are_plain_files_with_a_json_sidecar() {
        let (dir, clock, _signer, store) = store().await;
        let expires_at = clock.now() + chrono::Duration::days(1);
        store
            .put(
                &ObjectKey::new("a/100%/b.txt").unwrap(),
                body_from_bytes("hello"),
                PutOptions::new("text/plain")
                    .with_metadata("owner", "7")
                    .expiring_at(expires_at),
            )
            .await
            .unwrap();
        let stored = dir.path().join("objects/a/100%25");
        assert_eq!(
            std::fs::read_to_string(stored.join("b.txt%o")).unwrap(),
            "hello"
        );
        let sidecar: serde_json::Value =
            serde_json::from_slice(&std::fs::read(stored.join("b.txt%m")).unwrap()).unwrap();
        assert_eq!(
            sidecar,
            serde_json::json!({
                "content_type": "text/plain",
                "metadata": {"owner": "7"},
                "expires_at": "2026-11-25T09:00:00Z",
            })
        );
    }
}

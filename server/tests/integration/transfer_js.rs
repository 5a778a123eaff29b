//! Transfer digital records with JavaScript, over HTTP on SQLite and PostgreSQL: the upload as the
//! browser takes it (start, metadata, each file in chunks put straight to the object store — S3's
//! own URLs on s3s-fs, the app's own on the filesystem — and taken in, completion; resumed after a
//! chunk went missing; refused for another body's file, a file not uploaded, out of the journey's order), and
//! the checking page's websocket (each finding's counts, closed when the checks are over; the
//! page's own admission; across two instances on RabbitMQ).
use std::collections::BTreeMap;
use std::time::Duration;

use app::account::server::Role;
use app::transfer::ids::ConsignmentId;
use app::transfer::server::{upload_key, Caller, Consignment, NewFile, Transfers};
use app::transfer::status::{Check, ChecksState};
use app::transfer::status::{ConsignmentStatusType as Type, ConsignmentStatusValue as Value};
use app::transfer::upload::{FileInput, CHUNK_BYTES};
use backends::on_both_stores;
use backends::testing::{RabbitNamespace, AMQP_URL};
use futures::StreamExt;
use sha2::{Digest, Sha256};
use tokio_tungstenite::tungstenite::Message;

use crate::accounts::{create_account, sign_in, PASSWORD};
use crate::support::{websocket, Backend, Browser, Socket, TestApp};
use crate::transfer::{
    checks_over, consignment_at_upload, docx, member, pdf, png, transfer_app,
    transfer_app_on_the_filesystem, transfer_app_with, BODY, MEMBER,
};

/// What the browser with JavaScript does before completing, through the repository: the upload
/// started, every file's metadata recorded and its bytes stored.
async fn uploaded_not_completed(
    app: &TestApp,
    id: &ConsignmentId,
    files: &[(&str, Vec<u8>)],
) -> (Consignment, Vec<NewFile>) {
    let backends = &app.state.backends;
    let transfers = Transfers::of(backends);
    let consignment = transfers.consignment(&Caller::Service, id).await.unwrap();
    let top = files[0].0.split('/').next().unwrap();
    transfers
        .start_upload(&consignment, top, false)
        .await
        .unwrap();
    let inputs: Vec<FileInput> = files
        .iter()
        .enumerate()
        .map(|(n, (path, bytes))| FileInput {
            original_path: (*path).to_owned().try_into().unwrap(),
            checksum: hex::encode(Sha256::digest(bytes)).try_into().unwrap(),
            last_modified: 1_600_000_000_000,
            file_size: bytes.len() as u64,
            match_id: n.to_string(),
        })
        .collect();
    let added = transfers
        .add_files_and_metadata(&consignment, &inputs, &[])
        .await
        .unwrap();
    for new in &added {
        let (_, bytes) = &files[new.match_id.parse::<usize>().unwrap()];
        backends
            .objects
            .put(
                &upload_key(id, &new.file_id),
                backends::objects::body_from_bytes(bytes.clone()),
                backends::objects::PutOptions::new("application/octet-stream"),
            )
            .await
            .unwrap();
    }
    (consignment, added)
}

fn events_path(id: &ConsignmentId) -> String {
    format!("/transfer/consignment/{id}/file-checks/events")
}

fn origin_of(app: &TestApp) -> String {
    format!("http://{}", app.addr)
}

/// The next state the socket sends; `None` once it has closed.
async fn next_state(socket: &mut Socket) -> Option<ChecksState> {
    loop {
        let frame = tokio::time::timeout(Duration::from_secs(60), socket.next())
            .await
            .expect("the socket sends something within a minute");
        match frame {
            Some(Ok(Message::Text(text))) => {
                return Some(serde_json::from_str(text.as_str()).expect("a ChecksState"))
            }
            Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
            Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return None,
            Some(Ok(other)) => panic!("unexpected frame {other:?}"),
        }
    }
}

/// Reads states until the socket closes; checks every count only grows and the last state is
/// the checks over with every file counted.
async fn states_until_closed(
    socket: &mut Socket,
    first: ChecksState,
    files: u64,
) -> Vec<ChecksState> {
    let mut states = vec![first];
    while let Some(state) = next_state(socket).await {
        states.push(state);
    }
    for pair in states.windows(2) {
        for check in Check::ALL {
            assert!(
                pair[0].progress.processed(check) <= pair[1].progress.processed(check),
                "{check:?} went back: {states:?}"
            );
        }
        assert_ne!(pair[0], pair[1], "a state sent twice: {states:?}");
    }
    let last = states.last().unwrap();
    assert!(last.over, "{states:?}");
    for check in Check::ALL {
        assert_eq!(last.progress.processed(check), files, "{states:?}");
    }
    states
}

fn several_files() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("Notes/a.txt", b"first note".to_vec()),
        ("Notes/b.txt", b"second note".to_vec()),
        ("Notes/c.pdf", pdf()),
        ("Notes/2020/d.txt", b"fourth note".to_vec()),
        ("Notes/2020/e.txt", b"fifth note".to_vec()),
    ]
}

async fn the_checking_socket_sends_the_counts_as_each_check_records_until_they_are_over(
    backend: Backend,
) {
    let app = transfer_app(backend).await;
    let browser = member(&app, MEMBER, BODY).await;
    let id = consignment_at_upload(&app, &browser).await;
    let files = several_files();
    let (consignment, _) = uploaded_not_completed(&app, &id, &files).await;

    let mut socket = websocket(&browser, &events_path(&id), &origin_of(&app))
        .await
        .expect("the member's socket opens");
    // At once: where the checks are (not started: the upload is not complete).
    let first = next_state(&mut socket).await.unwrap();
    assert_eq!(
        first,
        ChecksState {
            progress: Default::default(),
            total_files: 5,
            over: false
        }
    );
    Transfers::of(&app.state.backends)
        .complete_upload(&consignment)
        .await
        .unwrap();
    let states = states_until_closed(&mut socket, first, 5).await;
    assert!(
        states.len() >= 3,
        "counts between none and all were sent: {states:?}"
    );

    // Once over, a new socket sends the final state and closes.
    let mut again = websocket(&browser, &events_path(&id), &origin_of(&app))
        .await
        .unwrap();
    assert_eq!(next_state(&mut again).await.as_ref(), states.last());
    assert_eq!(next_state(&mut again).await, None);
}

async fn the_checking_socket_admits_whom_the_page_admits(backend: Backend) {
    let app = transfer_app(backend).await;
    Transfers::of(&app.state.backends)
        .add_body("Another Department", "OTHER")
        .await
        .unwrap();
    let browser = member(&app, MEMBER, BODY).await;
    let id = consignment_at_upload(&app, &browser).await;
    let path = events_path(&id);
    let origin = origin_of(&app);

    let outsider = member(&app, "other@example.gov.uk", "OTHER").await;
    assert_eq!(websocket(&outsider, &path, &origin).await.err(), Some(404));
    let signed_out = app.new_browser();
    assert_eq!(
        websocket(&signed_out, &path, &origin).await.err(),
        Some(401)
    );
    let citizen = app.new_browser();
    create_account(&app, "citizen@example.com", Role::Citizen).await;
    assert_eq!(
        sign_in(&citizen, "citizen@example.com", PASSWORD)
            .await
            .status(),
        303
    );
    assert_eq!(websocket(&citizen, &path, &origin).await.err(), Some(403));
    // Another site's page, with the member's cookies.
    assert_eq!(
        websocket(&browser, &path, "http://elsewhere.example")
            .await
            .err(),
        Some(403)
    );
    let unknown = format!(
        "/transfer/consignment/{}/file-checks/events",
        ConsignmentId::random()
    );
    assert_eq!(
        websocket(&browser, &unknown, &origin).await.err(),
        Some(404)
    );
    // An admin sees every body's.
    let admin = app.new_browser();
    create_account(&app, "admin@example.com", Role::Admin).await;
    assert_eq!(
        sign_in(&admin, "admin@example.com", PASSWORD)
            .await
            .status(),
        303
    );
    let mut socket = websocket(&admin, &path, &origin).await.unwrap();
    assert_eq!(next_state(&mut socket).await.unwrap().total_files, 0);
}

/// The upload's endpoints as the page's script calls them, with the page's CSRF token.
struct Uploader<'a> {
    browser: &'a Browser,
    id: ConsignmentId,
    token: String,
}

impl<'a> Uploader<'a> {
    async fn new(browser: &'a Browser, id: &ConsignmentId) -> Uploader<'a> {
        let token = browser
            .csrf_token(&format!("/transfer/consignment/{id}/upload"))
            .await;
        Uploader {
            browser,
            id: id.clone(),
            token,
        }
    }

    fn url(&self, what: &str) -> String {
        self.browser
            .url(&format!("/transfer/consignment/{}/upload/{what}", self.id))
    }

    async fn send(&self, request: reqwest::RequestBuilder) -> (u16, serde_json::Value) {
        let response = request
            .header("x-csrf-token", &self.token)
            .header("origin", format!("http://{}", self.browser.addr))
            .header("accept", "application/json")
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        assert_eq!(
            response.headers()["content-type"],
            "application/json",
            "status {status}"
        );
        (status, response.json().await.unwrap())
    }

    async fn start(&self, folder: &str, include: bool) -> (u16, serde_json::Value) {
        let body = serde_json::json!({"parentFolder": folder, "includeTopLevelFolder": include});
        self.send(self.browser.no_redirect.post(self.url("start")).json(&body))
            .await
    }

    /// Sends the files' metadata; the ids by path.
    async fn metadata(&self, files: &[(&str, Vec<u8>)]) -> (u16, serde_json::Value) {
        let inputs: Vec<serde_json::Value> = files
            .iter()
            .enumerate()
            .map(|(n, (path, bytes))| {
                serde_json::json!({
                    "originalPath": path,
                    "checksum": hex::encode(Sha256::digest(bytes)),
                    "lastModified": 1_600_000_000_000i64 + n as i64,
                    "fileSize": bytes.len(),
                    "matchId": format!("m{n}"),
                })
            })
            .collect();
        self.send(
            self.browser
                .no_redirect
                .post(self.url("metadata"))
                .json(&inputs),
        )
        .await
    }

    async fn file_ids(&self, files: &[(&str, Vec<u8>)]) -> BTreeMap<String, String> {
        let (status, answer) = self.metadata(files).await;
        assert_eq!(status, 200, "{answer}");
        answer
            .as_array()
            .unwrap()
            .iter()
            .map(|matched| {
                let n: usize = matched["matchId"].as_str().unwrap()[1..].parse().unwrap();
                (
                    files[n].0.to_owned(),
                    matched["fileId"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    }

    /// Where to send the chunk at `offset` of `file`, as the server answers it.
    async fn target(&self, file: &str, offset: u64) -> (u16, serde_json::Value) {
        self.send(
            self.browser
                .no_redirect
                .get(self.url(&format!("files/{file}?offset={offset}"))),
        )
        .await
    }

    /// The chunk `bytes` at `offset`, as the page sends it: its URL asked for, the bytes put to
    /// the object store there, then the server told. The first refusal on the way, or the
    /// server's answer.
    async fn put(&self, file: &str, offset: u64, bytes: &[u8]) -> (u16, serde_json::Value) {
        let (status, answer) = self.target(file, offset).await;
        if status != 200 || answer["complete"] == true {
            return (status, answer);
        }
        let stored = self.store_chunk(&answer["next"], bytes).await;
        assert!(stored.is_success(), "{stored}");
        self.settle(file).await
    }

    /// `PUT`s `bytes` where `target` (a chunk's `next`) says, with its headers, as the browser
    /// does: no cookies, nothing of this site's. The filesystem store's URLs name the configured
    /// public URL (the test config's `http://127.0.0.1:0`), so they go to where the app listens.
    async fn store_chunk(&self, target: &serde_json::Value, bytes: &[u8]) -> reqwest::StatusCode {
        let url = target["url"].as_str().expect("a chunk's URL");
        let url = match url.strip_prefix("http://127.0.0.1:0/") {
            Some(path) => self.browser.url(&format!("/{path}")),
            None => url.to_owned(),
        };
        let mut request = reqwest::Client::new().put(url).body(bytes.to_vec());
        for header in target["headers"].as_array().expect("its headers") {
            request = request.header(header[0].as_str().unwrap(), header[1].as_str().unwrap());
        }
        request.send().await.unwrap().status()
    }

    /// Tells the server the chunks sent of `file` have arrived.
    async fn settle(&self, file: &str) -> (u16, serde_json::Value) {
        self.send(
            self.browser
                .no_redirect
                .post(self.url(&format!("files/{file}"))),
        )
        .await
    }

    async fn status(&self, file: &str) -> (u16, serde_json::Value) {
        self.send(
            self.browser
                .no_redirect
                .get(self.url(&format!("files/{file}"))),
        )
        .await
    }

    /// Sends the chunks of `bytes` from `from`, as the page does.
    async fn send_file(&self, file: &str, bytes: &[u8], from: u64) {
        let mut offset = from;
        loop {
            let end = (offset + CHUNK_BYTES).min(bytes.len() as u64);
            let (status, answer) = self
                .put(file, offset, &bytes[offset as usize..end as usize])
                .await;
            assert_eq!(status, 200, "{answer}");
            assert_eq!(answer["received"], end, "{answer}");
            offset = end;
            if offset == bytes.len() as u64 {
                assert_eq!(answer["complete"], true);
                assert!(answer.get("next").is_none(), "{answer}");
                return;
            }
            assert_eq!(answer["complete"], false);
            assert_eq!(answer["next"]["offset"], end, "{answer}");
        }
    }

    async fn complete(&self) -> (u16, serde_json::Value) {
        self.send(self.browser.no_redirect.post(self.url("complete")))
            .await
    }
}

/// What an answer about a file's bytes says: how many are received, whether the file is whole,
/// and the offset of the chunk to send next.
fn standing(answer: &serde_json::Value) -> (Option<u64>, Option<bool>, Option<u64>) {
    (
        answer["received"].as_u64(),
        answer["complete"].as_bool(),
        answer["next"]["offset"].as_u64(),
    )
}

/// The bytes stored for file `file` of consignment `id`.
async fn stored_upload(app: &TestApp, id: &ConsignmentId, file: &str) -> Vec<u8> {
    app.state
        .backends
        .objects
        .get(&upload_key(id, &file.parse().unwrap()))
        .await
        .unwrap()
        .expect("the file's object")
        .into_bytes()
        .await
        .unwrap()
        .to_vec()
}

/// A CSV of `bytes` bytes or a little more (identified by its extension, as DROID does).
fn large_csv(bytes: u64) -> Vec<u8> {
    let mut csv = b"item,cost\n".to_vec();
    let mut n = 0u64;
    while (csv.len() as u64) < bytes {
        csv.extend_from_slice(format!("chair {n},{}\n", n % 997).as_bytes());
        n += 1;
    }
    csv
}

/// An app scanning with the embedded scanner (EICAR only), which takes files of any size: the
/// test clamd's stream limit is one chunk.
async fn upload_app(backend: Backend) -> crate::transfer::TransferApp {
    transfer_app_with(backend, |config| config.clamd_addr = None).await
}

async fn a_folder_sent_as_metadata_then_chunks_then_completed_is_checked(backend: Backend) {
    let app = upload_app(backend).await;
    let browser = member(&app, MEMBER, BODY).await;
    let id = consignment_at_upload(&app, &browser).await;
    let files = vec![
        ("Minutes/2019/january.pdf", pdf()),
        ("Minutes/2019/photo.png", png()),
        // Two chunks and a bit.
        ("Minutes/ledger.csv", large_csv(2 * CHUNK_BYTES + 1000)),
        ("Minutes/report one.docx", docx()),
        ("Minutes/empty folder note.txt", b"noted".to_vec()),
    ];
    // The page as the server draws it: the form without JavaScript, with the ids the script and
    // the browser tests use, and no progress until the script draws it.
    let upload_page = format!("/transfer/consignment/{id}/upload");
    let page = browser.get_page(&upload_page, 200).await;
    assert_eq!(
        page.attrs("form[enctype='multipart/form-data']", "action"),
        std::slice::from_ref(&upload_page)
    );
    assert_eq!(
        page.count("input#files[type=file][webkitdirectory][multiple]"),
        1
    );
    assert_eq!(page.count("input#includeTopLevelFolder[type=checkbox]"), 1);
    assert_eq!(page.count("button#start-upload"), 1);
    assert_eq!(
        page.count("#upload-progress-panel, [data-testid=upload-errors]"),
        0
    );
    let refused = browser
        .get_page(&format!("{upload_page}?error=several-folders"), 200)
        .await;
    assert_eq!(
        refused.text("[data-testid=upload-errors] .govuk-error-summary__list"),
        "You can only upload one top-level folder per consignment"
    );

    let uploader = Uploader::new(&browser, &id).await;
    let (status, answer) = uploader.start("Minutes", true).await;
    assert_eq!(status, 200, "{answer}");
    let ids = uploader.file_ids(&files).await;
    assert_eq!(ids.len(), 5);
    // The chunks go straight to S3, which the upload page may connect to.
    let s3 = app
        .state
        .object_uploads_origin
        .clone()
        .expect("objects on S3");
    let policy = browser.get(&upload_page).await.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        policy.contains(&format!("connect-src 'self' {s3};")),
        "{policy}"
    );
    // A URL kept for the ledger's first chunk, tried again once the upload is complete.
    let (_, kept) = uploader.target(&ids["Minutes/ledger.csv"], 0).await;
    let kept = kept["next"].clone();
    for (path, bytes) in &files {
        let file = &ids[*path];
        let (status, answer) = uploader.status(file).await;
        assert_eq!((status, answer["received"].as_u64()), (200, Some(0)));
        assert_eq!(answer["next"]["offset"], 0, "{answer}");
        assert!(
            answer["next"]["url"].as_str().unwrap().starts_with(&s3),
            "{answer}"
        );
        let signed: Vec<&str> = answer["next"]["headers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|header| header[0].as_str().unwrap())
            .collect();
        assert!(
            signed.contains(&"content-type") && signed.contains(&"x-amz-meta-expires-at"),
            "{answer}"
        );
        // Signed too, but set by the browser itself (it may not be set by a script).
        assert!(!signed.contains(&"content-length"), "{answer}");
        uploader.send_file(file, bytes, 0).await;
    }
    let (status, answer) = uploader.complete().await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(
        answer["redirect"],
        format!("/transfer/consignment/{id}/file-checks")
    );
    checks_over(&app, &id).await;

    let transfers = Transfers::of(&app.state.backends);
    let progress = transfers.progress(&id).await.unwrap();
    assert!(progress.all_checks_succeeded, "{progress:?}");
    let consignment = transfers.consignment(&Caller::Service, &id).await.unwrap();
    assert_eq!(consignment.parent_folder.as_deref(), Some("Minutes"));
    assert!(consignment.include_top_level_folder);
    let stored = transfers.files(&id).await.unwrap();
    let ledger = stored
        .iter()
        .find(|file| file.original_path.as_str() == "Minutes/ledger.csv")
        .unwrap();
    assert_eq!(ledger.id.as_str(), ids["Minutes/ledger.csv"]);
    assert_eq!(ledger.upload_match_id.as_deref(), Some("m2"));
    assert_eq!(
        ledger.metadata["ClientSideFileLastModifiedDate"],
        "2020-09-13T12:26:40Z"
    );
    // The chunks were joined into the file's object, and are gone; a chunk sent after the
    // upload's completion changes nothing.
    // The length its URL was signed for: the first of the ledger's chunks.
    let changed = vec![b'x'; CHUNK_BYTES as usize];
    assert!(uploader.store_chunk(&kept, &changed).await.is_success());
    assert_eq!(uploader.settle(&ids["Minutes/ledger.csv"]).await.0, 409);
    let objects = &app.state.backends.objects;
    assert_eq!(
        stored_upload(&app, &id, ledger.id.as_str()).await,
        files[2].1
    );
    let parts: Vec<String> = objects
        .list(&format!("transfer/parts/{id}/"))
        .await
        .unwrap()
        .into_iter()
        .map(|part| part.key.to_string())
        .collect();
    assert_eq!(
        parts,
        [format!(
            "transfer/parts/{id}/{}/00000000000000000000",
            ledger.id
        )],
        "only the chunk sent after completion"
    );
    browser
        .get_page(
            &format!("/transfer/consignment/{id}/file-checks-results"),
            200,
        )
        .await;
}

async fn an_upload_missing_a_middle_chunk_resumes_where_it_stopped(backend: Backend) {
    let app = upload_app(backend).await;
    let browser = member(&app, MEMBER, BODY).await;
    let id = consignment_at_upload(&app, &browser).await;
    let large = large_csv(2 * CHUNK_BYTES + 12_345);
    let size = large.len() as u64;
    let files = vec![
        ("Ledgers/large.csv", large.clone()),
        ("Ledgers/small.txt", b"small".to_vec()),
    ];
    let uploader = Uploader::new(&browser, &id).await;
    assert_eq!(uploader.start("Ledgers", false).await.0, 200);
    let ids = uploader.file_ids(&files).await;
    let file = &ids["Ledgers/large.csv"];
    uploader
        .send_file(&ids["Ledgers/small.txt"], b"small", 0)
        .await;
    // The first chunk, then the last: the middle one is lost on the way.
    let chunk =
        |n: u64| &large[(n * CHUNK_BYTES) as usize..((n + 1) * CHUNK_BYTES).min(size) as usize];
    let (status, answer) = uploader.put(file, 0, chunk(0)).await;
    assert_eq!(
        (status, &answer["received"]),
        (200, &serde_json::json!(CHUNK_BYTES))
    );
    let (status, answer) = uploader.put(file, 2 * CHUNK_BYTES, chunk(2)).await;
    assert_eq!(status, 200);
    assert_eq!(
        standing(&answer),
        (Some(CHUNK_BYTES), Some(false), Some(CHUNK_BYTES)),
        "{answer}"
    );
    // Not complete: refused, naming the file.
    let (status, answer) = uploader.complete().await;
    assert_eq!(status, 409, "{answer}");
    assert_eq!(answer["file"], "Ledgers/large.csv");
    assert!(
        answer["error"].as_str().unwrap().contains("large.csv"),
        "{answer}"
    );

    // The page reloaded: the same folder started again, the same files' metadata give the same
    // ids, and the server says where to go on.
    let again = Uploader::new(&browser, &id).await;
    assert_eq!(again.start("Ledgers", false).await.0, 200);
    assert_eq!(again.file_ids(&files).await, ids);
    let (status, answer) = again.status(file).await;
    assert_eq!(status, 200);
    assert_eq!(
        standing(&answer),
        (Some(CHUNK_BYTES), Some(false), Some(CHUNK_BYTES)),
        "{answer}"
    );
    // The missing chunk: with the last one already there, the file is whole.
    let (status, answer) = again.put(file, CHUNK_BYTES, chunk(1)).await;
    assert_eq!(status, 200);
    assert_eq!(
        answer,
        serde_json::json!({"received": size, "complete": true})
    );
    let (status, answer) = again.status(file).await;
    assert_eq!(
        (status, &answer["complete"]),
        (200, &serde_json::json!(true))
    );
    // Sent again once whole: taken as it is.
    assert_eq!(again.put(file, 0, chunk(0)).await.1["complete"], true);
    let (status, answer) = again.complete().await;
    assert_eq!(status, 200, "{answer}");
    checks_over(&app, &id).await;
    let transfers = Transfers::of(&app.state.backends);
    assert!(transfers.progress(&id).await.unwrap().all_checks_succeeded);
    assert_eq!(stored_upload(&app, &id, file).await, large);
    // Once complete, the upload does not start again.
    assert_eq!(again.start("Ledgers", false).await.0, 409);
}

async fn chunks_of_the_wrong_length_or_offset_and_other_bodies_files_are_refused(backend: Backend) {
    let app = upload_app(backend).await;
    Transfers::of(&app.state.backends)
        .add_body("Another Department", "OTHER")
        .await
        .unwrap();
    let browser = member(&app, MEMBER, BODY).await;
    let id = consignment_at_upload(&app, &browser).await;
    let files = vec![("Letters/a.txt", b"a letter".to_vec())];
    let uploader = Uploader::new(&browser, &id).await;
    // Chunks before the upload started.
    assert_eq!(uploader.complete().await.0, 409);
    assert_eq!(uploader.start("Letters", false).await.0, 200);
    // Another folder than the one started.
    let (status, answer) = uploader.metadata(&[("Other/b.txt", b"b".to_vec())]).await;
    assert_eq!(status, 409, "{answer}");
    // The folder rules, as the browser applies them.
    let (status, answer) = uploader
        .metadata(&[
            ("Letters/a.txt", b"a".to_vec()),
            ("Other/b.txt", b"b".to_vec()),
        ])
        .await;
    assert_eq!(status, 400);
    assert_eq!(
        answer["error"],
        "The selected files must all be in one folder"
    );
    let (status, answer) = uploader.metadata(&[]).await;
    assert_eq!(
        (status, answer["error"].as_str()),
        (400, Some("Select a folder to upload"))
    );
    let ids = uploader.file_ids(&files).await;
    let file = &ids["Letters/a.txt"];
    // Too long, too short: the chunk's URL is signed for its length, so the object store
    // refuses the body and nothing is taken in. Not at a chunk's start: no URL.
    for wrong in [&b"a letter and more"[..], b"a let"] {
        let (status, target) = uploader.target(file, 0).await;
        assert_eq!(status, 200, "{target}");
        let stored = uploader.store_chunk(&target["next"], wrong).await;
        assert_eq!(stored, 403, "{} bytes", wrong.len());
        let (status, answer) = uploader.settle(file).await;
        assert_eq!(
            (status, &answer["received"], &answer["complete"]),
            (200, &serde_json::json!(0), &serde_json::json!(false)),
            "{answer}"
        );
    }
    let (status, answer) = uploader.target(file, 3).await;
    assert_eq!(
        (status, &answer["file"]),
        (400, &serde_json::json!("Letters/a.txt"))
    );
    let (status, _) = uploader.target(file, u64::MAX).await;
    assert_eq!(status, 400);
    let bad_offset = uploader
        .send(
            uploader
                .browser
                .no_redirect
                .get(uploader.url(&format!("files/{file}?offset=x"))),
        )
        .await;
    assert_eq!(bad_offset.0, 400);
    assert_eq!(uploader.status(file).await.1["received"], 0);

    // Another body's member: not their consignment, nor (through theirs) the file.
    let outsider = member(&app, "other@example.gov.uk", "OTHER").await;
    let theirs = Uploader {
        browser: &outsider,
        id: id.clone(),
        token: outsider.csrf_token("/transfer").await,
    };
    let (status, answer) = theirs.put(file, 0, b"a letter").await;
    assert_eq!(status, 404, "{answer}");
    assert_eq!(theirs.status(file).await.0, 404);
    assert_eq!(theirs.complete().await.0, 404);
    let their_id = their_consignment_at_upload(&app, &outsider).await;
    let their_uploader = Uploader::new(&outsider, &their_id).await;
    assert_eq!(their_uploader.start("Letters", false).await.0, 200);
    assert_eq!(their_uploader.put(file, 0, b"a letter").await.0, 404);
    // Without the page's token, or signed out.
    let forged = Uploader {
        browser: &browser,
        id: id.clone(),
        token: "x".repeat(43),
    };
    assert_eq!(forged.put(file, 0, b"a letter").await.0, 403);
    let signed_out = app.new_browser();
    let anonymous = Uploader {
        browser: &signed_out,
        id: id.clone(),
        token: String::new(),
    };
    let (status, answer) = anonymous.put(file, 0, b"a letter").await;
    assert_eq!(status, 401);
    assert!(
        answer["redirect"].as_str().unwrap().starts_with("/login"),
        "{answer}"
    );
    assert_eq!(uploader.status(file).await.1["received"], 0);
    uploader.send_file(file, b"a letter", 0).await;
}

async fn on_the_filesystem_chunks_go_to_the_apps_own_signed_urls(backend: Backend) {
    let app = transfer_app_on_the_filesystem(backend).await;
    assert_eq!(app.state.object_uploads_origin, None);
    let browser = member(&app, MEMBER, BODY).await;
    let id = consignment_at_upload(&app, &browser).await;
    let policy = browser
        .get(&format!("/transfer/consignment/{id}/upload"))
        .await
        .headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(policy.contains("connect-src 'self';"), "{policy}");
    let large = large_csv(CHUNK_BYTES + 500);
    let files = vec![
        ("Accounts/large.csv", large.clone()),
        ("Accounts/note.txt", b"a note".to_vec()),
    ];
    let uploader = Uploader::new(&browser, &id).await;
    assert_eq!(uploader.start("Accounts", false).await.0, 200);
    let ids = uploader.file_ids(&files).await;
    let file = &ids["Accounts/large.csv"];
    let (status, answer) = uploader.put(file, 0, &large[..CHUNK_BYTES as usize]).await;
    assert_eq!(
        (status, &answer["received"]),
        (200, &serde_json::json!(CHUNK_BYTES))
    );
    assert!(
        answer["next"]["url"]
            .as_str()
            .unwrap()
            .starts_with(&format!(
                "http://127.0.0.1:0/objects/transfer/parts/{id}/{file}/"
            )),
        "{answer}"
    );
    // The part the app's URL stored expires as one sent through S3's does, in 7 days.
    let parts = app
        .state
        .backends
        .objects
        .list(&format!("transfer/parts/{id}/"))
        .await
        .unwrap();
    assert_eq!(parts.len(), 1);
    let kept_for = parts[0].expires_at.unwrap() - app.state.backends.clock.now();
    assert!(
        kept_for <= chrono::Duration::days(7)
            && kept_for > chrono::Duration::days(7) - chrono::Duration::minutes(1),
        "{kept_for}"
    );
    uploader.send_file(file, &large, CHUNK_BYTES).await;
    uploader
        .send_file(&ids["Accounts/note.txt"], b"a note", 0)
        .await;
    assert_eq!(uploader.complete().await.0, 200);
    checks_over(&app, &id).await;
    assert!(
        Transfers::of(&app.state.backends)
            .progress(&id)
            .await
            .unwrap()
            .all_checks_succeeded
    );
    assert_eq!(stored_upload(&app, &id, file).await, large);
}

/// A consignment of `browser`'s body (which has no series), its series and agreement marked done.
async fn their_consignment_at_upload(app: &TestApp, browser: &Browser) -> ConsignmentId {
    let started = browser.post_form("/transfer", &[]).await;
    let id: ConsignmentId = crate::transfer::location(&started)
        .trim_start_matches("/transfer/consignment/")
        .trim_end_matches("/series")
        .parse()
        .unwrap();
    let transfers = Transfers::of(&app.state.backends);
    for status in [Type::Series, Type::TransferAgreement] {
        transfers
            .set_status(&id, status, Value::Completed)
            .await
            .unwrap();
    }
    id
}

async fn completion_with_a_file_missing_is_refused_and_steps_keep_their_order(backend: Backend) {
    let app = upload_app(backend).await;
    let browser = member(&app, MEMBER, BODY).await;
    // A consignment that has not had its agreement: the upload is not its step.
    let started = browser.post_form("/transfer", &[]).await;
    let series_page = crate::transfer::location(&started);
    let early: ConsignmentId = series_page
        .trim_start_matches("/transfer/consignment/")
        .trim_end_matches("/series")
        .parse()
        .unwrap();
    let out_of_order = Uploader::new(&browser, &early).await;
    let (status, answer) = out_of_order.start("Letters", false).await;
    assert_eq!(status, 409, "{answer}");
    assert_eq!(answer["redirect"], series_page);
    assert_eq!(out_of_order.complete().await.0, 409);

    let id = consignment_at_upload(&app, &browser).await;
    let files = vec![
        ("Letters/a.txt", b"first".to_vec()),
        ("Letters/b.txt", b"second".to_vec()),
    ];
    let uploader = Uploader::new(&browser, &id).await;
    assert_eq!(uploader.start("Letters", false).await.0, 200);
    // Another folder while this one's upload is in progress.
    assert_eq!(uploader.start("Other", false).await.0, 409);
    let ids = uploader.file_ids(&files).await;
    uploader.send_file(&ids["Letters/a.txt"], b"first", 0).await;
    let (status, answer) = uploader.complete().await;
    assert_eq!(status, 409, "{answer}");
    assert_eq!(answer["file"], "Letters/b.txt");
    let transfers = Transfers::of(&app.state.backends);
    assert_eq!(
        transfers.progress(&id).await.unwrap().value(Type::Upload),
        Some(Value::InProgress)
    );
    uploader
        .send_file(&ids["Letters/b.txt"], b"second", 0)
        .await;
    assert_eq!(uploader.complete().await.0, 200);
    // Done: every endpoint now says where the consignment is.
    let (status, answer) = uploader.start("Letters", false).await;
    assert_eq!(status, 409);
    let checks_page = format!("/transfer/consignment/{id}/file-checks");
    let results_page = format!("/transfer/consignment/{id}/file-checks-results");
    let confirm_page = format!("/transfer/consignment/{id}/confirm-transfer");
    let redirect = answer["redirect"].as_str().unwrap();
    assert!(
        [&checks_page, &results_page, &confirm_page].contains(&&redirect.to_owned()),
        "{answer}"
    );
    assert_eq!(
        uploader.put(&ids["Letters/a.txt"], 0, b"first").await.0,
        409
    );
    assert_eq!(uploader.complete().await.0, 409);
}

on_both_stores!(
    the_checking_socket_sends_the_counts_as_each_check_records_until_they_are_over,
    the_checking_socket_admits_whom_the_page_admits,
    a_folder_sent_as_metadata_then_chunks_then_completed_is_checked,
    an_upload_missing_a_middle_chunk_resumes_where_it_stopped,
    chunks_of_the_wrong_length_or_offset_and_other_bodies_files_are_refused,
    completion_with_a_file_missing_is_refused_and_steps_keep_their_order,
    on_the_filesystem_chunks_go_to_the_apps_own_signed_urls,
);

/// Two instances on PostgreSQL and RabbitMQ, only the first running jobs: a socket on the second
/// hears every finding the first's checks record.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rabbitmq_the_checking_socket_on_another_instance_hears_the_findings() {
    let namespace = RabbitNamespace::new();
    let a = transfer_app_with(Backend::Postgres, |config| {
        config.amqp_url = Some(AMQP_URL.to_owned());
        config.amqp_namespace = namespace.name.clone();
    })
    .await;
    let b = a
        .another_instance_with(|config| config.run_jobs = false)
        .await;
    assert_eq!(a.state.backends.fanout.kind(), "rabbitmq");
    let browser = member(&a, MEMBER, BODY).await;
    let id = consignment_at_upload(&a, &browser).await;
    let files = several_files();
    let (consignment, _) = uploaded_not_completed(&a, &id, &files).await;

    let on_b: Browser = browser.via(&b);
    let mut socket = websocket(&on_b, &events_path(&id), &origin_of(&b))
        .await
        .expect("the socket on B opens");
    let first = next_state(&mut socket).await.unwrap();
    assert_eq!(first.total_files, 5);
    Transfers::of(&a.state.backends)
        .complete_upload(&consignment)
        .await
        .unwrap();
    let states = states_until_closed(&mut socket, first, 5).await;
    // Counts between none and all: announcements heard through the broker (the socket's own
    // look every 15 s alone would hardly see several).
    assert!(states.len() >= 3, "{states:?}");
}

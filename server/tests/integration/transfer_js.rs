//! Transfer digital records with JavaScript, over HTTP on SQLite and PostgreSQL: the checking
//! page's websocket (each finding's counts, closed when the checks are over; the page's own
//! admission; across two instances on RabbitMQ).
use std::time::Duration;

use app::account::server::Role;
use app::transfer::ids::ConsignmentId;
use app::transfer::server::{upload_key, Caller, Consignment, NewFile, Transfers};
use app::transfer::status::{Check, ChecksState};
use app::transfer::upload::FileInput;
use backends::on_both_stores;
use backends::testing::{RabbitNamespace, AMQP_URL};
use futures::StreamExt;
use sha2::{Digest, Sha256};
use tokio_tungstenite::tungstenite::Message;

use crate::accounts::{create_account, sign_in, PASSWORD};
use crate::support::{websocket, Backend, Browser, Socket, TestApp};
use crate::transfer::{
    consignment_at_upload, member, pdf, transfer_app, transfer_app_with, BODY, MEMBER,
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

on_both_stores!(
    the_checking_socket_sends_the_counts_as_each_check_records_until_they_are_over,
    the_checking_socket_admits_whom_the_page_admits,
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

//! The paper forms (reference §7.3), on SQLite and PostgreSQL: made by the `pdf.render` job into
//! the object store, drawn once however often asked, kept for a day, drawn again after the expiry
//! job deleted them (on the filesystem and on a real S3 server), never served stale after a
//! change, and made even when the worker drawing one is killed. Their pages wait for the job
//! (refreshing without JavaScript, told by the LPA's websocket with it), then link the file, which
//! only its owner gets, through a link into the store that works for a minute.
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use app::account::server::{Accounts, User, UserId};
use app::lpa::model::LpaId;
use app::lpa::paper::PaperForm;
use app::lpa::server::forms::{request, FormStatus};
use backends::clock::{Clock, ManualClock, SystemClock};
use backends::jobs::{Job, JobState};
use backends::on_both_stores;
use backends::testing::{eventually, S3Server, S3_ACCESS_KEY, S3_SECRET_KEY};
use futures::StreamExt;
use tokio_tungstenite::tungstenite::Message;

use crate::checkout::{confirm, up_to_checkout, FULL_FEE};
use crate::lpa::{location, save, signed_in, DONOR};
use crate::support::{
    test_config, websocket, Backend, Browser, Page, Socket, TestApp, TestDatabase,
};

const SERVER: &str = env!("CARGO_BIN_EXE_server");
const WAIT: Duration = Duration::from_secs(30);
const PREPARING: &str = "Your document is being prepared";
const READY: &str = "Your document is ready";
const DRAFT_LP1F: &str = "Draft-Lasting-Power-of-Attorney-LP1F.pdf";

/// The text `pdftotext` reads from `pdf`.
fn text_of(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("form.pdf");
    std::fs::write(&path, pdf).unwrap();
    let output = Command::new("pdftotext")
        .arg("-layout")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

async fn user(app: &TestApp, id: &UserId) -> User {
    Accounts::of(&app.state.backends)
        .get(id)
        .await
        .unwrap()
        .expect("the account")
}

fn lpa_id(base: &str) -> LpaId {
    base.trim_start_matches("/lpa/").parse().unwrap()
}

/// The download page at `path` once it shows the form ready (it is opened again until then, as
/// its refresh does without JavaScript).
async fn ready_page(browser: &Browser, path: &str) -> Page {
    eventually(WAIT, "the form to be ready", || async {
        let page = browser.get_page(path, 200).await;
        (page.text("h1") == READY).then_some(page)
    })
    .await
}

/// Follows a link into the filesystem store's `/objects/` route (signed for the configured
/// public URL; the test app listens on a port of its own).
async fn follow_signed(browser: &Browser, url: &str) -> reqwest::Response {
    let path = &url[url.find("/objects/").expect("a signed object URL")..];
    browser.get(path).await
}

/// Changes the donor's first name, so every form of the LPA is a new one.
async fn rename_donor(browser: &Browser, base: &str, first: &str) {
    let renamed: Vec<(&str, &str)> = DONOR
        .iter()
        .map(|&(field, value)| (field, if field == "name-first" { first } else { value }))
        .collect();
    let response = save(browser, &format!("{base}/donor/edit"), &renamed).await;
    assert_eq!(response.status(), 303);
}

/// GET `path` without following its redirect.
async fn unfollowed(browser: &Browser, path: &str) -> reqwest::Response {
    browser
        .no_redirect
        .get(browser.url(path))
        .send()
        .await
        .unwrap()
}

async fn a_form_is_drawn_once_kept_for_a_day_and_never_stale(backend: Backend) {
    let clock = ManualClock::new(chrono::Utc::now());
    let app = TestApp::spawn_with_clock(backend, &clock).await;
    let owner = signed_in(&app, &app, "forms@example.com").await;
    let owner = user(&app, &owner).await;
    let base = up_to_checkout(&app, &app, FULL_FEE, false).await;
    let id = lpa_id(&base);
    let backends = &app.state.backends;
    let asked = |form, draft| {
        let owner = owner.clone();
        async move { request(backends, &owner, id, form, draft).await.unwrap() }
    };
    let status = |form, draft| async move { asked(form, draft).await.map(|(_, status)| status) };
    // The stored form's key and file name, once it is ready.
    let ready = |form, draft| async move {
        match asked(form, draft).await {
            Some((request, FormStatus::Ready)) => Some((request.key, request.file_name)),
            _ => None,
        }
    };

    // Not completed: a draft LP1, no LP3 or LPA120.
    assert_eq!(status(PaperForm::Lp3, false).await, None);
    assert_eq!(status(PaperForm::Lpa120, false).await, None);
    // Asked for twice before it is drawn: one job.
    let (first, second) = tokio::join!(status(PaperForm::Lp1, true), status(PaperForm::Lp1, true));
    assert_eq!(first, Some(FormStatus::Preparing));
    assert_eq!(second, Some(FormStatus::Preparing));
    let (key, file_name) =
        eventually(WAIT, "the LP1 to be drawn", || ready(PaperForm::Lp1, true)).await;
    assert_eq!(file_name, DRAFT_LP1F);
    assert!(key.as_str().ends_with(DRAFT_LP1F), "{key}");
    // Counted once no render job is pending or running: the form is ready a moment before its
    // job is marked succeeded, and counting the states one after another while it moved from
    // running to succeeded would count it twice.
    let render_jobs = |states: &'static [JobState]| async move {
        let mut count = 0;
        for state in states {
            let jobs = backends.jobs.list(*state, 100).await.unwrap();
            count += jobs.iter().filter(|job| job.kind == "pdf.render").count();
        }
        count
    };
    eventually(WAIT, "the render job to end", || async {
        (render_jobs(&[JobState::Pending, JobState::Running]).await == 0).then_some(())
    })
    .await;
    assert_eq!(
        render_jobs(&[JobState::Succeeded, JobState::Dead]).await,
        1,
        "identical requests share one job"
    );
    let object = backends.objects.get(&key).await.unwrap().expect("stored");
    assert_eq!(object.info.content_type, "application/pdf");
    assert_eq!(object.info.download_as.as_deref(), Some(DRAFT_LP1F));
    assert_eq!(
        object.info.expires_at,
        Some(clock.now() + chrono::Duration::hours(24)),
        "kept for a day"
    );
    let text = text_of(&object.into_bytes().await.unwrap());
    assert!(text.contains("Dana") && text.contains("Donor"), "{text}");

    // A change to the LPA makes a new form: the old one is never served for it.
    rename_donor(&app, &base, "Diana").await;
    assert_eq!(
        status(PaperForm::Lp1, true).await,
        Some(FormStatus::Preparing)
    );
    let (changed, _) = eventually(WAIT, "the changed LP1", || ready(PaperForm::Lp1, true)).await;
    assert_ne!(changed, key);
    let pdf = backends.objects.get(&changed).await.unwrap().unwrap();
    let text = text_of(&pdf.into_bytes().await.unwrap());
    assert!(text.contains("Diana"), "{text}");

    // A day later the expiry job has deleted it, and asking again draws it again.
    clock.advance(chrono::Duration::hours(25));
    assert!(backends.objects.delete_expired(clock.now()).await.unwrap() >= 2);
    assert!(backends.objects.get(&changed).await.unwrap().is_none());
    assert_eq!(
        status(PaperForm::Lp1, true).await,
        Some(FormStatus::Preparing)
    );
    eventually(WAIT, "the LP1 drawn again", || async {
        matches!(status(PaperForm::Lp1, true).await, Some(FormStatus::Ready)).then_some(())
    })
    .await;

    // Someone else's LPA has no forms for them; an admin may see anyone's.
    let other = app.new_browser();
    let stranger = signed_in(&app, &other, "forms.other@example.com").await;
    let mut stranger = user(&app, &stranger).await;
    assert_eq!(
        request(backends, &stranger, id, PaperForm::Lp1, true)
            .await
            .unwrap(),
        None
    );
    stranger.role = app::account::server::Role::Admin;
    assert!(matches!(
        request(backends, &stranger, id, PaperForm::Lp1, true)
            .await
            .unwrap(),
        Some((_, FormStatus::Ready))
    ));
}

async fn the_download_page_waits_then_links_the_file_for_its_owner_only(backend: Backend) {
    let clock = ManualClock::new(chrono::Utc::now());
    let app = TestApp::spawn_with_clock(backend, &clock).await;
    signed_in(&app, &app, "downloads@example.com").await;
    let base = up_to_checkout(&app, &app, FULL_FEE, false).await;
    let draft_page = format!("{base}/download/lp1/draft");
    let draft_file = format!("{base}/download/lp1/{DRAFT_LP1F}");

    // The summary links the draft.
    let summary = app.get_page(&format!("{base}/summary"), 200).await;
    assert!(
        summary.attrs("a", "href").contains(&draft_page),
        "{}",
        summary.html
    );

    // Opened, the page queues the job and says it is being prepared; without JavaScript it
    // looks again every 2 seconds.
    let waiting = app.get_page(&draft_page, 200).await;
    assert_eq!(waiting.text("h1"), PREPARING);
    assert_eq!(
        waiting.title(),
        format!("{PREPARING} – Digital public services – GOV.UK")
    );
    assert!(
        waiting
            .html
            .contains(r#"<noscript><meta http-equiv="refresh" content="2"></noscript>"#),
        "{}",
        waiting.html
    );
    assert_eq!(waiting.count("a[download]"), 0);

    let ready = ready_page(&app, &draft_page).await;
    assert_eq!(ready.attrs("a[download]", "href"), [draft_file.as_str()]);
    assert_eq!(ready.attrs("a[download]", "download"), [DRAFT_LP1F]);
    assert!(!ready.html.contains("http-equiv"), "no refresh once ready");
    assert!(ready
        .attrs("a", "href")
        .contains(&format!("{base}/summary")));

    // The file: a redirect to a link into the store, which serves it under its own name.
    let response = unfollowed(&app, &draft_file).await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let link = location(&response);
    let file = follow_signed(&app, &link).await;
    assert_eq!(file.status(), 200);
    assert_eq!(file.headers()["content-type"], "application/pdf");
    assert_eq!(
        file.headers()["content-disposition"],
        format!("attachment; filename=\"{DRAFT_LP1F}\"")
    );
    let text = text_of(&file.bytes().await.unwrap());
    assert!(text.contains("Dana") && text.contains("Donor"), "{text}");
    // The link works for a minute.
    clock.advance(chrono::Duration::seconds(61));
    assert_eq!(follow_signed(&app, &link).await.status(), 403);

    // Forms this LPA cannot have, and names that are not its form's, are not found.
    for path in [
        format!("{base}/download/lp3"),
        format!("{base}/download/lpa120"),
        format!("{base}/download/lp2"),
        format!("{base}/download/lp3/draft"),
        format!("{base}/download/lp1/Lasting-Power-of-Attorney-LP1F.pdf"),
        format!("{base}/download/lp1/Draft-Lasting-Power-of-Attorney-LP1H.pdf"),
    ] {
        assert_eq!(app.get(&path).await.status(), 404, "{path}");
    }

    // Nobody else gets the page or the file; signed out, the file asks for signing in.
    let other = app.new_browser();
    signed_in(&app, &other, "downloads.other@example.com").await;
    assert_eq!(other.get(&draft_page).await.status(), 404);
    assert_eq!(other.get(&draft_file).await.status(), 404);
    let signed_out = app.new_browser();
    let response = unfollowed(&signed_out, &draft_file).await;
    assert_eq!(response.status(), 303);
    assert!(
        location(&response).starts_with("/login"),
        "{}",
        location(&response)
    );

    // After a change the old link goes back to the page, which waits for the new form.
    rename_donor(&app, &base, "Diana").await;
    let response = unfollowed(&app, &draft_file).await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), draft_page);

    // Completed: no draft any more; the documents page links the final form.
    assert_eq!(confirm(&app, &base, "cheque").await.status(), 303);
    assert_eq!(app.get(&draft_page).await.status(), 404);
    let documents = app.get_page(&format!("{base}/view-docs"), 200).await;
    let links = documents.attrs("a", "href");
    assert!(links.contains(&format!("{base}/download/lp1")), "{links:?}");
    assert!(
        !links.contains(&format!("{base}/download/lpa120")),
        "{links:?}"
    );
    let ready = ready_page(&app, &format!("{base}/download/lp1")).await;
    assert_eq!(
        ready.attrs("a[download]", "href"),
        [format!(
            "{base}/download/lp1/Lasting-Power-of-Attorney-LP1F.pdf"
        )]
    );
    assert!(ready
        .attrs("a", "href")
        .contains(&format!("{base}/view-docs")));
}

/// Opens `/lpa/{id}/events` as `browser`, sending `origin`; the handshake's status if refused.
async fn events(browser: &Browser, base: &str, origin: &str) -> Result<Socket, u16> {
    websocket(browser, &format!("{base}/events"), origin).await
}

async fn the_lpa_socket_announces_forms_to_their_owner_only(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    signed_in(&app, &app, "events@example.com").await;
    let base = up_to_checkout(&app, &app, FULL_FEE, false).await;
    let own_origin = format!("http://{}", app.addr);

    let mut socket = events(&app, &base, &own_origin).await.expect("opens");
    app.get_page(&format!("{base}/download/lp1/draft"), 200)
        .await;
    let announced = tokio::time::timeout(WAIT, async {
        loop {
            match socket.next().await {
                Some(Ok(Message::Text(text))) => break text.to_string(),
                Some(Ok(_)) => continue,
                other => panic!("the socket ended: {other:?}"),
            }
        }
    })
    .await
    .expect("an announcement");
    let announced: serde_json::Value = serde_json::from_str(&announced).unwrap();
    let key = announced["form_ready"].as_str().unwrap();
    assert!(key.ends_with(DRAFT_LP1F), "{key}");

    // Another site's page may not listen with the person's cookies; nor may anyone else.
    assert_eq!(
        events(&app, &base, "https://evil.example").await.err(),
        Some(403)
    );
    let other = app.new_browser();
    signed_in(&app, &other, "events.other@example.com").await;
    assert_eq!(events(&other, &base, &own_origin).await.err(), Some(404));
    let signed_out = app.new_browser();
    assert_eq!(
        events(&signed_out, &base, &own_origin).await.err(),
        Some(401)
    );
}

async fn on_s3_a_form_is_linked_presigned_and_drawn_again_after_expiry(backend: Backend) {
    let s3 = S3Server::start();
    let bucket = s3.bucket("lpa-forms-test").await;
    let database = TestDatabase::create(backend).await;
    let mut config = test_config(database.url());
    config.s3_bucket = Some(bucket.bucket.clone());
    config.s3_endpoint = Some(s3.endpoint());
    config.s3_region = Some("us-east-1".to_owned());
    config.s3_access_key_id = Some(S3_ACCESS_KEY.to_owned());
    config.s3_secret_access_key = Some(S3_SECRET_KEY.to_owned());
    let clock = ManualClock::new(chrono::Utc::now());
    let app = TestApp::spawn_on_with_clock(database, config, Arc::new(clock.clone())).await;
    assert_eq!(app.state.backends.objects.kind().as_str(), "s3");
    let owner = signed_in(&app, &app, "s3.forms@example.com").await;
    let base = up_to_checkout(&app, &app, FULL_FEE, false).await;
    let draft_page = format!("{base}/download/lp1/draft");
    let draft_file = format!("{base}/download/lp1/{DRAFT_LP1F}");

    ready_page(&app, &draft_page).await;
    let response = unfollowed(&app, &draft_file).await;
    assert_eq!(response.status(), 303);
    let presigned = location(&response);
    assert!(presigned.starts_with(&s3.endpoint()), "{presigned}");
    assert!(presigned.contains("X-Amz-Expires=60"), "{presigned}");
    // The key ends in the file's name, and S3 sends the `Content-Disposition` stored with it.
    assert!(
        presigned.split('?').next().unwrap().ends_with(DRAFT_LP1F),
        "{presigned}"
    );
    let file = reqwest::get(&presigned).await.unwrap();
    assert_eq!(file.status(), 200);
    assert_eq!(
        file.headers()["content-disposition"],
        format!("attachment; filename=\"{DRAFT_LP1F}\"")
    );
    let text = text_of(&file.bytes().await.unwrap());
    assert!(text.contains("Dana"), "{text}");
    let objects = app.state.backends.objects.list("lpa-forms/").await.unwrap();
    assert_eq!(objects.len(), 1);
    assert_eq!(objects[0].download_as.as_deref(), Some(DRAFT_LP1F));

    // A day later the expiry job deletes it; the page draws it again.
    clock.advance(chrono::Duration::hours(25));
    let job = backends::jobs::JobSpec::new(&server::jobs::ExpireObjects {}).unwrap();
    let id = app.state.backends.jobs.enqueue(&job).await.unwrap().id();
    eventually(WAIT, "the expiry job", || async {
        let job = app.state.backends.jobs.get(id).await.unwrap().unwrap();
        (job.state == JobState::Succeeded).then_some(())
    })
    .await;
    assert!(app
        .state
        .backends
        .objects
        .list("lpa-forms/")
        .await
        .unwrap()
        .is_empty());
    // Asked again (as the page asks; a day outlasts the test's session), it is drawn again.
    let owner = user(&app, &owner).await;
    let status = || async {
        request(
            &app.state.backends,
            &owner,
            lpa_id(&base),
            PaperForm::Lp1,
            true,
        )
        .await
        .unwrap()
        .map(|(_, status)| status)
    };
    assert_eq!(status().await, Some(FormStatus::Preparing));
    eventually(WAIT, "the form drawn again", || async {
        matches!(status().await, Some(FormStatus::Ready)).then_some(())
    })
    .await;
}

/// A `server worker` process sharing the app's database and objects, with a 2-second lease.
fn worker(app: &TestApp, objects_dir: &std::path::Path) -> tokio::process::Child {
    tokio::process::Command::new(SERVER)
        .arg("worker")
        .env("DATABASE_URL", app.state.config.database_url.clone())
        .env("APP_OBJECTS_DIR", objects_dir)
        .env("APP_ENVIRONMENT", "test")
        .env("APP_JOB_LEASE_SECONDS", "2")
        .env(
            "APP_SECRET_KEY",
            "the worker's secret key, 32 bytes or more",
        )
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("start a worker process")
}

async fn render_job(app: &TestApp) -> Option<Job> {
    let jobs = &app.state.backends.jobs;
    let mut all = Vec::new();
    for state in [JobState::Pending, JobState::Running, JobState::Succeeded] {
        all.extend(jobs.list(state, 100).await.unwrap());
    }
    all.into_iter()
        .filter(|job| job.kind == "pdf.render")
        .max_by_key(|job| job.id)
}

async fn a_form_is_still_made_when_its_worker_is_killed_mid_render(backend: Backend) {
    let database = TestDatabase::create(backend).await;
    let objects_dir = tempfile::tempdir().unwrap();
    let mut config = test_config(database.url());
    config.objects_dir = objects_dir.path().to_path_buf();
    // The app only takes requests; the workers are processes of their own.
    config.run_jobs = false;
    let app = TestApp::spawn_on_with_clock(database, config, Arc::new(SystemClock)).await;
    signed_in(&app, &app, "killed.worker@example.com").await;
    let base = up_to_checkout(&app, &app, FULL_FEE, false).await;
    let draft_page = format!("{base}/download/lp1/draft");

    // Drawing takes a moment: kill the worker once it holds the job and before it finishes. If
    // it was too quick, change the LPA (a new form, a new job) and try again.
    let mut killed_mid_render = None;
    for attempt in 0..5 {
        if attempt > 0 {
            rename_donor(&app, &base, &format!("Dana{attempt}")).await;
        }
        assert_eq!(app.get_page(&draft_page, 200).await.text("h1"), PREPARING);
        let mut first = worker(&app, objects_dir.path());
        let running = eventually(WAIT, "the worker to take the job", || async {
            render_job(&app)
                .await
                .filter(|job| job.state != JobState::Pending)
        })
        .await;
        first.start_kill().expect("SIGKILL the worker");
        first.wait().await.unwrap();
        let after = app
            .state
            .backends
            .jobs
            .get(running.id)
            .await
            .unwrap()
            .unwrap();
        if after.state == JobState::Running {
            killed_mid_render = Some(after);
            break;
        }
    }
    let killed = killed_mid_render.expect("a worker killed while drawing, in five tries");
    assert_eq!(app.get_page(&draft_page, 200).await.text("h1"), PREPARING);

    // Another worker takes the job once the dead one's lease lapses, and makes the form.
    let _second = worker(&app, objects_dir.path());
    let ready = ready_page(&app, &draft_page).await;
    let done = app
        .state
        .backends
        .jobs
        .get(killed.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(done.state, JobState::Succeeded);
    assert_eq!(done.attempts, 2, "drawn again by the second worker");
    let file = ready.attrs("a[download]", "href")[0].clone();
    let response = unfollowed(&app, &file).await;
    let pdf = follow_signed(&app, &location(&response)).await;
    assert_eq!(pdf.status(), 200);
    assert!(text_of(&pdf.bytes().await.unwrap()).contains("Donor"));
}

on_both_stores!(
    a_form_is_drawn_once_kept_for_a_day_and_never_stale,
    the_download_page_waits_then_links_the_file_for_its_owner_only,
    the_lpa_socket_announces_forms_to_their_owner_only,
    on_s3_a_form_is_linked_presigned_and_drawn_again_after_expiry,
    a_form_is_still_made_when_its_worker_is_killed_mid_render,
);

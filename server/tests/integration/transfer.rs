//! Transfer digital records over HTTP on SQLite and PostgreSQL (other-systems C): a body's member
//! goes through the journey without JavaScript — series, agreement, a folder uploaded as
//! multipart — the three checks run (a real clamd, objects on s3s-fs), the results show, the
//! transfer is confirmed and exported as a BagIt bag that `bagit.py` validates. Infected, zip
//! and mismatched files fail as TDR says; other bodies' consignments are 404; the journey refuses
//! steps out of order.
use std::io::Write;
use std::time::Duration;

use app::account::server::Role;
use app::transfer::ids::ConsignmentId;
use app::transfer::server::checks::CheckRun;
use app::transfer::server::{quarantine_key, upload_key, Caller, FileEntry, Transfers};
use app::transfer::status::{
    Check, ConsignmentStatusType as Type, ConsignmentStatusValue as Value, FileStatusType,
    FileStatusValue,
};
use backends::jobs::{Worker, WorkerConfig};
use backends::on_both_stores;
use backends::testing::{eventually, ClamdServer, S3Server, S3_ACCESS_KEY, S3_SECRET_KEY};
use sha2::{Digest, Sha256};

use crate::accounts::{create_account, sign_in, PASSWORD};
use crate::support::{kill, test_config, Backend, Browser, TestApp, TestDatabase, WithWorkers};

/// The EICAR test file: every antivirus scanner reports it, and it harms nothing.
pub const EICAR: &str = r"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";

/// A one-page PDF 1.4.
pub fn pdf() -> Vec<u8> {
    let body = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n\
                2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n\
                3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n\
                trailer<</Root 1 0 R>>\n%%EOF\n";
    body.as_bytes().to_vec()
}

/// A 1×1 PNG.
pub fn png() -> Vec<u8> {
    let mut bytes = vec![0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a];
    let chunk = |kind: &[u8], data: &[u8]| {
        let mut out = (data.len() as u32).to_be_bytes().to_vec();
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        let mut crc_input = kind.to_vec();
        crc_input.extend_from_slice(data);
        out.extend_from_slice(&crc32(&crc_input).to_be_bytes());
        out
    };
    bytes.extend(chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]));
    bytes.extend(chunk(
        b"IDAT",
        &[0x78, 0x9c, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01],
    ));
    bytes.extend(chunk(b"IEND", &[]));
    bytes
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for byte in data {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A minimal Word document (OOXML).
pub fn docx() -> Vec<u8> {
    let mut buffer = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buffer);
    let options = zip::write::SimpleFileOptions::default();
    for (name, content) in [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#,
        ),
        (
            "word/document.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Minutes</w:t></w:r></w:p></w:body></w:document>"#,
        ),
    ] {
        zip.start_file(name, options).unwrap();
        zip.write_all(content.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
    buffer.into_inner()
}

/// A ZIP archive of one text file.
pub fn zip_archive() -> Vec<u8> {
    let mut buffer = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buffer);
    zip.start_file("notes.txt", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(b"some notes").unwrap();
    zip.finish().unwrap();
    buffer.into_inner()
}

pub(crate) const MEMBER: &str = "records@example.gov.uk";
pub(crate) const BODY: &str = "MOCK1";
const SERIES: &str = "MOCK 1";

/// An app whose objects are on s3s-fs and whose scanner is a real clamd (or, from
/// [`transfer_app_on_the_filesystem`], objects in the app's directory and the embedded scanner).
pub(crate) struct TransferApp {
    app: TestApp,
    _s3: Option<S3Server>,
    _clamd: Option<ClamdServer>,
}

impl std::ops::Deref for TransferApp {
    type Target = TestApp;

    fn deref(&self) -> &TestApp {
        &self.app
    }
}

pub(crate) async fn transfer_app(backend: Backend) -> TransferApp {
    transfer_app_with(backend, |_| {}).await
}

/// As [`transfer_app`], its configuration changed by `adjust`.
pub(crate) async fn transfer_app_with(
    backend: Backend,
    adjust: impl FnOnce(&mut server::config::Config),
) -> TransferApp {
    let s3 = S3Server::start();
    let clamd = ClamdServer::start();
    let bucket = s3.bucket("transfer-test").await;
    let database = TestDatabase::create(backend).await;
    let mut config = test_config(database.url());
    config.s3_bucket = Some(bucket.bucket.clone());
    config.s3_endpoint = Some(s3.endpoint());
    config.s3_region = Some("us-east-1".to_owned());
    config.s3_access_key_id = Some(S3_ACCESS_KEY.to_owned());
    config.s3_secret_access_key = Some(S3_SECRET_KEY.to_owned());
    config.clamd_addr = Some(clamd.address.to_string());
    config.clamd_stream_max_bytes = backends::testing::CLAMD_STREAM_MAX_BYTES;
    adjust(&mut config);
    let app = TestApp::spawn_on(database, config).await;
    assert_eq!(app.state.backends.objects.kind().as_str(), "s3");
    with_body_and_series(&app).await;
    TransferApp {
        app,
        _s3: Some(s3),
        _clamd: Some(clamd),
    }
}

/// An app on the embedded defaults for objects (the filesystem, its upload URLs the app's own)
/// and the scanner (EICAR only).
pub(crate) async fn transfer_app_on_the_filesystem(backend: Backend) -> TransferApp {
    let database = TestDatabase::create(backend).await;
    let mut config = test_config(database.url());
    config.clamd_addr = None;
    let app = TestApp::spawn_on(database, config).await;
    assert_eq!(app.state.backends.objects.kind().as_str(), "filesystem");
    with_body_and_series(&app).await;
    TransferApp {
        app,
        _s3: None,
        _clamd: None,
    }
}

async fn with_body_and_series(app: &TestApp) {
    let transfers = Transfers::of(&app.state.backends);
    transfers
        .add_body("Mock Government Department", BODY)
        .await
        .unwrap();
    transfers
        .add_series(BODY, SERIES, "Mock series", "")
        .await
        .unwrap();
}

/// A member of `body`, signed in.
pub(crate) async fn member(app: &TestApp, email: &str, body: &str) -> Browser {
    let user = create_account(app, email, Role::Transfer).await;
    Transfers::of(&app.state.backends)
        .add_member(&user.to_string(), body)
        .await
        .unwrap();
    let browser = app.new_browser();
    assert_eq!(sign_in(&browser, email, PASSWORD).await.status(), 303);
    browser
}

pub(crate) fn location(response: &reqwest::Response) -> String {
    response.headers()["location"].to_str().unwrap().to_owned()
}

/// Starts a transfer and goes through the series and the agreement: the consignment, at its
/// upload page.
pub(crate) async fn consignment_at_upload(app: &TestApp, browser: &Browser) -> ConsignmentId {
    let started = browser.post_form("/transfer", &[]).await;
    assert_eq!(started.status(), 303);
    let series_page = location(&started);
    let id: ConsignmentId = series_page
        .trim_start_matches("/transfer/consignment/")
        .trim_end_matches("/series")
        .parse()
        .unwrap();
    let series = Transfers::of(&app.state.backends)
        .series_of_body(
            &Transfers::of(&app.state.backends)
                .body_by_code(BODY)
                .await
                .unwrap()
                .unwrap()
                .id,
        )
        .await
        .unwrap();
    let chosen = browser
        .post_form(&series_page, &[("series", series[0].id.as_str())])
        .await;
    assert_eq!(
        location(&chosen),
        format!("/transfer/consignment/{id}/transfer-agreement")
    );
    let part_one = browser
        .post_form(&location(&chosen), &[("legal_status", "Public Record(s)")])
        .await;
    assert_eq!(
        location(&part_one),
        format!("/transfer/consignment/{id}/transfer-agreement-continued")
    );
    let part_two = browser
        .post_form(
            &location(&part_one),
            &[
                ("droAppraisalSelection", "true"),
                ("droSensitivity", "true"),
            ],
        )
        .await;
    assert_eq!(
        location(&part_two),
        format!("/transfer/consignment/{id}/upload")
    );
    id
}

/// Posts `files` (path, bytes) as the upload form does without JavaScript.
async fn upload(
    browser: &Browser,
    id: &ConsignmentId,
    files: &[(&str, Vec<u8>)],
) -> reqwest::Response {
    let path = format!("/transfer/consignment/{id}/upload");
    let token = browser.csrf_token(&path).await;
    let mut form = reqwest::multipart::Form::new().text("csrf_token", token);
    for (name, bytes) in files {
        form = form.part(
            "files",
            reqwest::multipart::Part::bytes(bytes.clone())
                .file_name((*name).to_owned())
                .mime_str("application/octet-stream")
                .unwrap(),
        );
    }
    browser
        .no_redirect
        .post(browser.url(&path))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

/// Waits until the consignment's checks are over.
pub(crate) async fn checks_over(app: &TestApp, id: &ConsignmentId) {
    let transfers = Transfers::of(&app.state.backends);
    eventually(Duration::from_secs(60), "the checks are over", || async {
        transfers
            .progress(id)
            .await
            .unwrap()
            .checks_over()
            .then_some(())
    })
    .await;
}

async fn a_folder_is_checked_confirmed_and_exported_as_a_valid_bag(backend: Backend) {
    let app = transfer_app(backend).await;
    let browser = member(&app, MEMBER, BODY).await;
    let id = consignment_at_upload(&app, &browser).await;
    let files = vec![
        ("Minutes/2019/january.pdf", pdf()),
        ("Minutes/2019/photo.png", png()),
        ("Minutes/budget.csv", b"item,cost\nchairs,120\n".to_vec()),
        ("Minutes/report one.docx", docx()),
    ];
    let uploaded = upload(&browser, &id, &files).await;
    assert_eq!(uploaded.status(), 303);
    assert_eq!(
        location(&uploaded),
        format!("/transfer/consignment/{id}/file-checks")
    );
    let checking = browser
        .get_page(&format!("/transfer/consignment/{id}/file-checks"), 200)
        .await;
    assert_eq!(checking.text("h1"), "Checking your records");
    checks_over(&app, &id).await;
    // Reloaded without JavaScript once the checks are over: no more reloading, and Continue.
    let checked = browser
        .get_page(&format!("/transfer/consignment/{id}/file-checks"), 200)
        .await;
    assert_eq!(
        checked.text(".govuk-notification-banner__heading"),
        "Your records have been checked"
    );
    assert_eq!(checked.count("noscript"), 0);
    assert_eq!(
        checked.attrs("a.govuk-button", "href"),
        [format!("/transfer/consignment/{id}/file-checks-results")]
    );

    let transfers = Transfers::of(&app.state.backends);
    let progress = transfers.progress(&id).await.unwrap();
    assert!(progress.all_checks_succeeded, "{progress:?}");
    for status_type in [
        Type::ServerAntivirus,
        Type::ServerChecksum,
        Type::ServerFFID,
    ] {
        assert_eq!(progress.value(status_type), Some(Value::Completed));
    }
    // Each file's format, as PRONOM names it.
    let stored = transfers.files(&id).await.unwrap();
    let puids = transfers.puids(&id).await.unwrap();
    let puid_of = |path: &str| {
        let file = stored
            .iter()
            .find(|file| file.original_path.as_str() == path)
            .unwrap();
        puids.get(&file.id).cloned().unwrap_or_default()
    };
    assert_eq!(puid_of("Minutes/2019/january.pdf"), "fmt/18");
    assert_eq!(puid_of("Minutes/2019/photo.png"), "fmt/11");
    assert_eq!(puid_of("Minutes/budget.csv"), "x-fmt/18");
    assert_eq!(puid_of("Minutes/report one.docx"), "fmt/412");
    // Folders were made for the paths.
    let folders: Vec<&str> = stored
        .iter()
        .filter(|file| file.entry == FileEntry::Folder)
        .map(|file| file.original_path.as_str())
        .collect();
    assert_eq!(folders, ["Minutes", "Minutes/2019"]);

    let results = browser
        .get_page(
            &format!("/transfer/consignment/{id}/file-checks-results"),
            200,
        )
        .await;
    assert_eq!(
        results.text(".govuk-notification-banner__heading"),
        "Your folder ‘Minutes’ containing 4 records has been uploaded"
    );
    let confirm_path = format!("/transfer/consignment/{id}/confirm-transfer");
    let unconfirmed = browser.post_form(&confirm_path, &[]).await;
    assert_eq!(unconfirmed.status(), 400);
    let confirmed = browser
        .post_form(&confirm_path, &[("transferLegalCustody", "true")])
        .await;
    assert_eq!(
        location(&confirmed),
        format!("/transfer/consignment/{id}/transfer-complete")
    );
    let complete = browser.get_page(&location(&confirmed), 200).await;
    assert_eq!(complete.text("h1"), "Transfer complete");

    eventually(Duration::from_secs(60), "the export is done", || async {
        (transfers.progress(&id).await.unwrap().value(Type::Export) == Some(Value::Completed))
            .then_some(())
    })
    .await;
    let consignment = transfers.consignment(&Caller::Service, &id).await.unwrap();
    let key = consignment.export_location.clone().unwrap();
    let archive = read_object(&app, &key).await;
    let sha256_line = String::from_utf8(read_object(&app, &format!("{key}.sha256")).await).unwrap();
    assert_eq!(
        sha256_line,
        format!(
            "{}  {}.tar.gz\n",
            hex::encode(Sha256::digest(&archive)),
            consignment.reference
        )
    );
    // The bag validates with the Library of Congress' bagit-python.
    let unpacked = tempfile::tempdir().unwrap();
    let archive_file = unpacked.path().join("bag.tar.gz");
    std::fs::write(&archive_file, &archive).unwrap();
    assert!(std::process::Command::new("tar")
        .arg("-xzf")
        .arg(&archive_file)
        .arg("-C")
        .arg(unpacked.path())
        .status()
        .unwrap()
        .success());
    let bag = unpacked.path().join(consignment.reference.as_str());
    let validation = std::process::Command::new("python3")
        .args(["-m", "bagit", "--validate"])
        .arg(&bag)
        .output()
        .unwrap();
    assert!(
        validation.status.success(),
        "bagit.py --validate: {}",
        String::from_utf8_lossy(&validation.stderr)
    );
    assert_eq!(
        std::fs::read(bag.join("data/Minutes/report one.docx")).unwrap(),
        docx()
    );
    let bag_info = std::fs::read_to_string(bag.join("bag-info.txt")).unwrap();
    assert!(bag_info.contains(&format!(
        "Internal-Sender-Identifier: {}",
        consignment.reference
    )));
    assert!(bag_info.contains("Source-Organization: Mock Government Department"));
    assert!(bag_info.contains("Contact-Email: records@example.gov.uk"));

    // Exported again: the same bytes.
    app::transfer::server::export::export(&app.state.backends, &id)
        .await
        .unwrap();
    assert_eq!(read_object(&app, &key).await, archive);

    // An admin finds the bag in the list of transfers and downloads it; the member may not.
    let export_path = format!("/transfer/consignment/{id}/export");
    let checksum_path = format!("{export_path}/sha256");
    assert_eq!(browser.get(&export_path).await.status(), 403);
    assert!(browser
        .get_page("/transfer/view-transfers", 200)
        .await
        .attrs("a[download]", "href")
        .is_empty());
    let admin = signed_in_admin(&app).await;
    let listed = admin.get_page("/transfer/view-transfers", 200).await;
    assert_eq!(
        listed.attrs("a[download]", "href"),
        [export_path.clone(), checksum_path.clone()]
    );
    let downloaded = admin.get(&export_path).await;
    assert_eq!(downloaded.status(), 200);
    assert_eq!(
        downloaded.headers()["content-disposition"],
        format!("attachment; filename=\"{}.tar.gz\"", consignment.reference).as_str()
    );
    assert_eq!(downloaded.bytes().await.unwrap(), archive);
    let checksum = admin.get(&checksum_path).await;
    assert_eq!(checksum.status(), 200);
    assert_eq!(checksum.text().await.unwrap(), sha256_line);
    let audit = admin.get_page("/admin/audit", 200).await;
    assert!(audit.texts("tbody tr").iter().any(|row| row
        .contains("Downloaded a transfer's exported records")
        && row.contains(consignment.reference.as_str())));
}

/// A signed-in admin's browser.
async fn signed_in_admin(app: &TestApp) -> Browser {
    let admin = app.new_browser();
    create_account(app, "admin@example.com", Role::Admin).await;
    assert_eq!(
        sign_in(&admin, "admin@example.com", PASSWORD)
            .await
            .status(),
        303
    );
    admin
}

async fn read_object(app: &TestApp, key: &str) -> Vec<u8> {
    let key = backends::objects::ObjectKey::new(key.to_owned()).unwrap();
    let object = app.state.backends.objects.get(&key).await.unwrap().unwrap();
    object.into_bytes().await.unwrap().to_vec()
}

async fn failing_files_are_reported_and_the_transfer_stops(backend: Backend) {
    let app = transfer_app(backend).await;
    let browser = member(&app, MEMBER, BODY).await;
    let id = consignment_at_upload(&app, &browser).await;
    let files = vec![
        ("Letters/eicar.txt", EICAR.as_bytes().to_vec()),
        ("Letters/archive.zip", zip_archive()),
        ("Letters/letter.pdf", pdf()),
        // Over what the scanner takes: it fails the antivirus check at once, not after retries.
        (
            "Letters/huge.bin",
            vec![7; backends::testing::CLAMD_STREAM_MAX_BYTES as usize + 1],
        ),
    ];
    assert_eq!(upload(&browser, &id, &files).await.status(), 303);
    checks_over(&app, &id).await;
    let transfers = Transfers::of(&app.state.backends);
    let progress = transfers.progress(&id).await.unwrap();
    assert!(!progress.all_checks_succeeded);
    assert_eq!(
        progress.value(Type::ServerAntivirus),
        Some(Value::CompletedWithIssues)
    );
    assert_eq!(
        progress.value(Type::ServerFFID),
        Some(Value::CompletedWithIssues)
    );
    assert_eq!(progress.value(Type::ServerChecksum), Some(Value::Completed));

    let stored = transfers.files(&id).await.unwrap();
    let file = |path: &str| {
        stored
            .iter()
            .find(|file| file.original_path.as_str() == path)
            .unwrap()
            .clone()
    };
    let infected = file("Letters/eicar.txt");
    assert!(infected
        .statuses
        .iter()
        .any(|status| status.value.as_str() == "VirusDetected"));
    // Quarantined: moved out of the upload area.
    let objects = &app.state.backends.objects;
    eventually(
        Duration::from_secs(20),
        "the infected file is quarantined",
        || async {
            objects
                .head(&upload_key(&id, &infected.id))
                .await
                .unwrap()
                .is_none()
                .then_some(())
        },
    )
    .await;
    assert!(objects
        .head(&quarantine_key(&id, &infected.id))
        .await
        .unwrap()
        .is_some());
    assert!(file("Letters/archive.zip")
        .statuses
        .iter()
        .any(|status| status.value.as_str() == "Zip"));

    let results = browser
        .get_page(
            &format!("/transfer/consignment/{id}/file-checks-results"),
            200,
        )
        .await;
    assert_eq!(
        results.text(".govuk-notification-banner__heading"),
        "Your folder ‘Letters’ has records that could not be uploaded"
    );
    let failed: Vec<String> = results.texts("[data-testid=failed-files] tbody td:first-child");
    assert_eq!(
        failed,
        [
            "Letters/archive.zip",
            "Letters/eicar.txt",
            "Letters/huge.bin"
        ]
    );
    let huge = file("Letters/huge.bin");
    assert!(huge.statuses.iter().any(|status| (
        status.status_type.as_str(),
        status.value.as_str()
    ) == ("Antivirus", "Failed")));
    // The transfer cannot be confirmed.
    let confirm = browser
        .no_redirect
        .get(browser.url(&format!("/transfer/consignment/{id}/confirm-transfer")))
        .send()
        .await
        .unwrap();
    assert_eq!(confirm.status(), 302);
    assert_eq!(
        location(&confirm),
        format!("/transfer/consignment/{id}/file-checks-results")
    );
    // The error report.
    let report = browser
        .get(&format!(
            "/transfer/consignment/{id}/file-checks-results/download-failures?format=csv"
        ))
        .await;
    assert_eq!(report.status(), 200);
    let csv = report.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "StatusType,StatusValue,Filepath,Filename,Error Details,PUID"
    );
    assert!(lines
        .iter()
        .any(|line| line.starts_with("Antivirus,VirusDetected,Letters/eicar.txt,eicar.txt,")));
    assert!(lines.iter().any(
        |line| line.starts_with("FFID,Zip,Letters/archive.zip,archive.zip,")
            && line.ends_with(",x-fmt/263")
    ));
    let workbook = browser
        .get(&format!(
            "/transfer/consignment/{id}/file-checks-results/download-failures"
        ))
        .await;
    assert_eq!(
        workbook.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(workbook.bytes().await.unwrap().starts_with(b"PK"));
}

/// The antivirus check that finds a virus moves the file to the quarantine; the file's other
/// two checks, run after it, read it there (here the worker is held to the antivirus check first,
/// which in the app happens whenever it finishes first).
async fn an_infected_files_other_checks_read_it_in_the_quarantine(backend: Backend) {
    let app = transfer_app_with(backend, |config| config.run_jobs = false).await;
    let browser = member(&app, MEMBER, BODY).await;
    let id = consignment_at_upload(&app, &browser).await;
    let files = vec![("Letters/eicar.txt", EICAR.as_bytes().to_vec())];
    assert_eq!(upload(&browser, &id, &files).await.status(), 303);
    let backends = &app.state.backends;
    let worker = |only: Option<&str>| {
        let mut config = WorkerConfig::default();
        if let Some(only) = only {
            config.default_concurrency = 0;
            config.concurrency.insert(only.to_owned(), 1);
        }
        Worker::new(
            backends.jobs.clone(),
            server::jobs::registry(backends, &app.state.config),
            config,
        )
    };
    assert_eq!(worker(Some("transfer.antivirus")).drain().await.unwrap(), 1);
    let transfers = Transfers::of(backends);
    let infected = transfers
        .files(&id)
        .await
        .unwrap()
        .into_iter()
        .find(|file| file.entry == FileEntry::File)
        .unwrap();
    assert!(backends
        .objects
        .head(&upload_key(&id, &infected.id))
        .await
        .unwrap()
        .is_none());
    assert_eq!(worker(None).drain().await.unwrap(), 2);

    let checked = transfers.file(&infected.id).await.unwrap();
    for expected in [
        (FileStatusType::Antivirus, FileStatusValue::VirusDetected),
        (FileStatusType::ChecksumMatch, FileStatusValue::Success),
        (FileStatusType::FFID, FileStatusValue::Success),
    ] {
        assert!(
            checked
                .statuses
                .iter()
                .any(|status| (status.status_type, status.value) == expected),
            "{expected:?} in {:?}",
            checked.statuses
        );
    }
    assert!(transfers.progress(&id).await.unwrap().checks_over());
}

async fn a_checksum_that_does_not_match_is_caught(backend: Backend) {
    let app = transfer_app(backend).await;
    let browser = member(&app, MEMBER, BODY).await;
    let id = consignment_at_upload(&app, &browser).await;
    let backends = &app.state.backends;
    let transfers = Transfers::of(backends);
    let consignment = transfers.consignment(&Caller::Service, &id).await.unwrap();
    // As the browser does it: metadata first, with the checksum it computed...
    transfers
        .start_upload(&consignment, "Changed", false)
        .await
        .unwrap();
    let sent = b"what the browser read".to_vec();
    let input = app::transfer::upload::FileInput {
        original_path: "Changed/file.txt".to_owned().try_into().unwrap(),
        checksum: hex::encode(Sha256::digest(&sent)).try_into().unwrap(),
        last_modified: 1_600_000_000_000,
        file_size: sent.len() as u64,
        match_id: "0".to_owned(),
    };
    let added = transfers
        .add_files_and_metadata(&consignment, &[input], &[])
        .await
        .unwrap();
    // ...then bytes that changed on the way.
    backends
        .objects
        .put(
            &upload_key(&id, &added[0].file_id),
            backends::objects::body_from_bytes(b"what arrived".to_vec()),
            backends::objects::PutOptions::new("application/octet-stream"),
        )
        .await
        .unwrap();
    transfers.complete_upload(&consignment).await.unwrap();
    checks_over(&app, &id).await;
    let file = transfers.file(&added[0].file_id).await.unwrap();
    let values: Vec<(&str, &str)> = file
        .statuses
        .iter()
        .map(|status| (status.status_type.as_str(), status.value.as_str()))
        .collect();
    assert!(
        values.contains(&("ChecksumMatch", "Mismatch")),
        "{values:?}"
    );
    assert!(
        values.contains(&("ServerChecksum", "Success")),
        "{values:?}"
    );
    assert_eq!(
        file.metadata.get("SHA256ServerSideChecksum").unwrap(),
        &hex::encode(Sha256::digest(b"what arrived"))
    );
}

async fn the_three_checks_of_a_file_run_at_the_same_time(backend: Backend) {
    let app = transfer_app(backend).await;
    let browser = member(&app, MEMBER, BODY).await;
    let id = consignment_at_upload(&app, &browser).await;
    // Large enough that each check takes a while (and under the test clamd's limit).
    let large: Vec<u8> = (0..6 * 1024 * 1024u32).map(|i| (i % 251) as u8).collect();
    assert_eq!(
        upload(&browser, &id, &[("Data/large.bin", large)])
            .await
            .status(),
        303
    );
    checks_over(&app, &id).await;
    let runs: Vec<CheckRun> = Transfers::of(&app.state.backends)
        .check_runs(&id)
        .await
        .unwrap();
    assert_eq!(runs.len(), 3, "{runs:?}");
    let run = |check: Check| runs.iter().find(|run| run.check == check).unwrap();
    for (a, b) in [
        (Check::Antivirus, Check::Checksum),
        (Check::Antivirus, Check::FileFormat),
        (Check::Checksum, Check::FileFormat),
    ] {
        let (a, b) = (run(a), run(b));
        assert!(
            a.started_at < b.finished_at.unwrap() && b.started_at < a.finished_at.unwrap(),
            "{a:?} and {b:?} do not overlap"
        );
    }
}

async fn other_bodies_cannot_see_a_consignment_and_steps_keep_their_order(backend: Backend) {
    let app = transfer_app(backend).await;
    let transfers = Transfers::of(&app.state.backends);
    transfers
        .add_body("Another Department", "OTHER")
        .await
        .unwrap();
    let browser = member(&app, MEMBER, BODY).await;
    let started = browser.post_form("/transfer", &[]).await;
    let series_page = location(&started);
    let base = series_page.trim_end_matches("/series").to_owned();

    // Out of order: every later step goes back to the series.
    for step in [
        "transfer-agreement",
        "upload",
        "file-checks",
        "confirm-transfer",
        "transfer-complete",
    ] {
        let response = browser
            .no_redirect
            .get(browser.url(&format!("{base}/{step}")))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 302, "{step}");
        assert_eq!(location(&response), series_page, "{step}");
    }
    let skipped = browser
        .post_form(
            &format!("{base}/transfer-agreement"),
            &[("legal_status", "Public Record(s)")],
        )
        .await;
    assert_eq!(location(&skipped), series_page);

    let outsider = member(&app, "other@example.gov.uk", "OTHER").await;
    outsider.get_page(&series_page, 404).await;
    let citizen = app.new_browser();
    create_account(&app, "citizen@example.com", Role::Citizen).await;
    assert_eq!(
        sign_in(&citizen, "citizen@example.com", PASSWORD)
            .await
            .status(),
        303
    );
    assert_eq!(citizen.get(&series_page).await.status(), 403);
    let admin = signed_in_admin(&app).await;
    admin.get_page(&series_page, 200).await;
    // Nothing exported yet: no bag to download; and never for anyone but an admin.
    admin.get_page(&format!("{base}/export"), 404).await;
    admin.get_page(&format!("{base}/export/sha256"), 404).await;
    assert_eq!(outsider.get(&format!("{base}/export")).await.status(), 403);

    // The body's transfers, newest first.
    let listed = browser.get_page("/transfer/view-transfers", 200).await;
    assert_eq!(listed.texts("tbody th").len(), 1);
    let outsiders = outsider.get_page("/transfer/view-transfers", 200).await;
    assert!(outsiders.texts("tbody th").is_empty());
}

on_both_stores!(
    a_folder_is_checked_confirmed_and_exported_as_a_valid_bag,
    failing_files_are_reported_and_the_transfer_stops,
    a_checksum_that_does_not_match_is_caught,
    an_infected_files_other_checks_read_it_in_the_quarantine,
    the_three_checks_of_a_file_run_at_the_same_time,
    other_bodies_cannot_see_a_consignment_and_steps_keep_their_order,
    a_worker_killed_mid_check_loses_nothing,
);

async fn a_worker_killed_mid_check_loses_nothing(backend: Backend) {
    let clamd = ClamdServer::start();
    let mut harness = WithWorkers::start(backend).await;
    harness.configure(&format!(
        "clamd_addr = \"{}\"\nclamd_stream_max_bytes = {}\n",
        clamd.address,
        backends::testing::CLAMD_STREAM_MAX_BYTES
    ));
    let app = &harness.app;
    let transfers = Transfers::of(&app.state.backends);
    transfers
        .add_body("Mock Government Department", BODY)
        .await
        .unwrap();
    transfers
        .add_series(BODY, SERIES, "Mock series", "")
        .await
        .unwrap();
    let browser = member(app, MEMBER, BODY).await;
    let id = consignment_at_upload(app, &browser).await;
    const FILES: usize = 40;
    let files: Vec<(String, Vec<u8>)> = (0..FILES)
        .map(|n| {
            let bytes: Vec<u8> = (0..1024 * 1024u32)
                .map(|i| ((i + n as u32) % 241) as u8)
                .collect();
            (format!("Papers/part-{n:02}.bin"), bytes)
        })
        .collect();
    let named: Vec<(&str, Vec<u8>)> = files
        .iter()
        .map(|(name, bytes)| (name.as_str(), bytes.clone()))
        .collect();
    assert_eq!(upload(&browser, &id, &named).await.status(), 303);

    let first = harness.worker();
    // Killed once some checks have run and before they all have.
    eventually(
        Duration::from_secs(60),
        "the first worker is part-way through",
        || async {
            let statuses = transfers.file_statuses_of(&id).await.unwrap();
            let done = statuses
                .iter()
                .filter(|status| status.status_type.as_str() == "Antivirus")
                .count();
            (done > 0 && done < FILES).then_some(())
        },
    )
    .await;
    kill(first).await;
    assert!(!transfers.progress(&id).await.unwrap().checks_over());

    let _second = harness.worker();
    eventually(
        Duration::from_secs(120),
        "the second worker finishes the checks",
        || async {
            transfers
                .progress(&id)
                .await
                .unwrap()
                .checks_over()
                .then_some(())
        },
    )
    .await;
    let progress = transfers.progress(&id).await.unwrap();
    assert!(progress.all_checks_succeeded, "{progress:?}");
    // Every file has each check's status once: nothing lost, nothing twice.
    for file in transfers
        .files(&id)
        .await
        .unwrap()
        .iter()
        .filter(|file| file.entry == FileEntry::File)
    {
        let mut types: Vec<&str> = file
            .statuses
            .iter()
            .map(|status| status.status_type.as_str())
            .collect();
        types.sort_unstable();
        assert_eq!(
            types,
            [
                "Antivirus",
                "ChecksumMatch",
                "FFID",
                "ServerChecksum",
                "Upload"
            ],
            "{}",
            file.original_path
        );
    }
    let runs = transfers.check_runs(&id).await.unwrap();
    assert!(
        runs.iter().filter(|run| run.finished_at.is_some()).count() == FILES * 3,
        "each check of each file finished once: {} finished runs",
        runs.iter().filter(|run| run.finished_at.is_some()).count()
    );
}

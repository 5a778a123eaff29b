//! The transfer service's GraphQL API over HTTP, on SQLite and PostgreSQL (other-systems C.7):
//! the journey taken through it by a signed-in member — series, agreement, upload (the bytes put
//! in the object store and the upload completed as the browser will), the app's own checks, the
//! confirmation and the export — with TDR's names; a service client reporting the checks and the
//! export with a bearer token; paging through consignments, and through a consignment's files
//! (`paginatedFiles`), with cursors; the reports across consignments (`getFileCheckFailures`,
//! `getConsignmentReviewDetails`); the metadata mutations until the transfer is confirmed; and
//! who may call: no one unauthenticated, no citizen, no other body's member, no session without
//! its CSRF token, no query nested too deep. The embedded scanner and filesystem objects keep these light (the
//! other transfer tests run clamd and S3).
use std::process::Command;
use std::time::Duration;

use app::account::server::Role;
use app::transfer::ids::{ConsignmentId, FileId};
use app::transfer::server::{upload_key, Caller, ClientName, ServiceTokens, Transfers};
use backends::on_both_stores;
use backends::testing::eventually;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::accounts::{create_account, sign_in, PASSWORD};
use crate::support::{Backend, Browser, TestApp};
use crate::transfer::pdf;

const GRAPHQL: &str = "/transfer/graphql";
const BODY: &str = "MOCK1";
const OTHER_BODY: &str = "OTHER";
const SERVER: &str = env!("CARGO_BIN_EXE_server");

/// An app with a body (and its series) and another body. `run_jobs` off: nothing runs the
/// checks or the export but a service client.
async fn graphql_app(backend: Backend, run_jobs: bool) -> TestApp {
    let app = TestApp::spawn_with(backend, |config| config.run_jobs = run_jobs).await;
    let transfers = Transfers::of(&app.state.backends);
    transfers
        .add_body("Mock Government Department", BODY)
        .await
        .unwrap();
    transfers
        .add_series(BODY, "MOCK 1", "Mock series", "")
        .await
        .unwrap();
    transfers
        .add_body("Another Department", OTHER_BODY)
        .await
        .unwrap();
    app
}

/// What the API answered.
struct Answer {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: Value,
}

impl Answer {
    /// The data, asserting there was no error.
    fn data(&self) -> &Value {
        assert_eq!(self.status, 200, "{}", self.body);
        assert!(self.body.get("errors").is_none(), "{}", self.body);
        &self.body["data"]
    }

    /// The first error's code.
    fn code(&self) -> &str {
        self.body["errors"][0]["extensions"]["code"]
            .as_str()
            .unwrap_or_else(|| panic!("no error code in {}", self.body))
    }

    fn message(&self) -> &str {
        self.body["errors"][0]["message"].as_str().unwrap()
    }
}

async fn send(request: reqwest::RequestBuilder, query: &str, variables: Value) -> Answer {
    let response = request
        .json(&json!({ "query": query, "variables": variables }))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let text = response.text().await.unwrap();
    let body = serde_json::from_str(&text).unwrap_or_else(|_| panic!("{status}: {text}"));
    Answer {
        status,
        headers,
        body,
    }
}

/// A signed-in browser and the CSRF token of its session, as the pages give it to scripts.
struct Member {
    browser: Browser,
    csrf: String,
}

impl Member {
    async fn call(&self, query: &str, variables: Value) -> Answer {
        let request = self
            .browser
            .no_redirect
            .post(self.browser.url(GRAPHQL))
            .header("x-csrf-token", &self.csrf);
        send(request, query, variables).await
    }
}

/// A member of `body` with the `role`, signed in.
async fn signed_in(app: &TestApp, email: &str, role: Role, body: Option<&str>) -> Member {
    let user = create_account(app, email, role).await;
    if let Some(body) = body {
        Transfers::of(&app.state.backends)
            .add_member(&user.to_string(), body)
            .await
            .unwrap();
    }
    let browser = app.new_browser();
    assert_eq!(sign_in(&browser, email, PASSWORD).await.status(), 303);
    let csrf = browser.csrf_token("/user/change-password").await;
    Member { browser, csrf }
}

async fn member(app: &TestApp, email: &str, body: &str) -> Member {
    signed_in(app, email, Role::Transfer, Some(body)).await
}

async fn as_service(app: &TestApp, token: &str, query: &str, variables: Value) -> Answer {
    let request = app.no_redirect.post(app.url(GRAPHQL)).bearer_auth(token);
    send(request, query, variables).await
}

async fn service_token(app: &TestApp, name: &str) -> String {
    ServiceTokens::of(&app.state.backends)
        .create(&ClientName::new(name).unwrap())
        .await
        .unwrap()
}

const GET_SERIES: &str =
    "query($body: String!) { getSeries(body: $body) { seriesid bodyid name code } }";
const ADD_CONSIGNMENT: &str = "mutation { addConsignment(addConsignmentInput: {consignmentType: \"standard\"}) { consignmentid userid consignmentReference consignmentType transferringBodyName transferringBodyTdrCode createdDatetime } }";
const UPDATE_SERIES: &str = "mutation($id: UUID!, $series: UUID!) { updateConsignmentSeriesId(updateConsignmentSeriesId: {consignmentId: $id, seriesId: $series}) }";
const PRIVATE_BETA: &str = "mutation($id: UUID!) { addTransferAgreementPrivateBeta(addTransferAgreementPrivateBetaInput: {consignmentId: $id, allPublicRecords: true}) { consignmentId allPublicRecords } }";
const COMPLIANCE: &str = "mutation($id: UUID!, $appraisal: Boolean!) { addTransferAgreementCompliance(addTransferAgreementComplianceInput: {consignmentId: $id, appraisalSelectionSignedOff: $appraisal, sensitivityReviewSignedOff: true, initialOpenRecords: true}) { consignmentId appraisalSelectionSignedOff initialOpenRecords sensitivityReviewSignedOff } }";
const START_UPLOAD: &str = "mutation($id: UUID!, $folder: String!) { startUpload(startUploadInput: {consignmentId: $id, parentFolder: $folder}) }";
const ADD_FILES: &str = "mutation($id: UUID!, $files: [ClientSideMetadataInput!]!, $empty: [String!]) { addFilesAndMetadata(addFilesAndMetadataInput: {consignmentId: $id, metadataInput: $files, emptyDirectories: $empty}) { fileId matchId } }";
const UPDATE_STATUS: &str = "mutation($id: UUID!, $type: String!, $value: String) { updateConsignmentStatus(updateConsignmentStatusInput: {consignmentId: $id, statusType: $type, statusValue: $value}) }";
const ADD_STATUS: &str = "mutation($id: UUID!, $type: String!, $value: String) { addConsignmentStatus(addConsignmentStatusInput: {consignmentId: $id, statusType: $type, statusValue: $value}) { consignmentStatusId consignmentId statusType value createdDatetime modifiedDatetime } }";
const CONFIRM: &str = "mutation($id: UUID!, $confirmed: Boolean!) { addFinalTransferConfirmation(addFinalTransferConfirmationInput: {consignmentId: $id, legalCustodyTransferConfirmed: $confirmed}) { consignmentId legalCustodyTransferConfirmed } }";
const INITIATED: &str = "mutation($id: UUID!) { updateTransferInitiated(consignmentid: $id) }";
const GET_CONSIGNMENT: &str = r"query($id: UUID!) {
  getConsignment(consignmentid: $id) {
    consignmentid userid seriesid seriesName consignmentReference consignmentType
    transferringBodyName transferringBodyTdrCode includeTopLevelFolder parentFolder parentFolderId
    createdDatetime transferInitiatedDatetime exportDatetime exportLocation
    allChecksSucceeded totalFiles totalFileSize
    fileChecks { antivirusProgress { filesProcessed } checksumProgress { filesProcessed } ffidProgress { filesProcessed } }
    files {
      fileId fileType fileName fileReference parentId parentReference originalFilePath uploadMatchId
      fileMetadata { name value }
      fileStatuses { fileId statusType statusValue }
      ffidMetadata { fileId software softwareVersion method datetime matches { extension identificationBasis puid fileExtensionMismatch formatName } }
      antivirusMetadata { fileId software softwareVersion databaseVersion result datetime }
    }
    consignmentStatuses { consignmentStatusId consignmentId statusType value createdDatetime modifiedDatetime }
    consignmentMetadata { propertyName value }
  }
}";

/// A consignment taken through the series and both parts of the agreement by `member`, over
/// GraphQL: its id.
async fn consignment_at_upload(member: &Member) -> String {
    let series = member.call(GET_SERIES, json!({ "body": BODY })).await;
    let series_id = series.data()["getSeries"][0]["seriesid"]
        .as_str()
        .unwrap()
        .to_owned();
    let added = member.call(ADD_CONSIGNMENT, json!({})).await;
    let id = added.data()["addConsignment"]["consignmentid"]
        .as_str()
        .unwrap()
        .to_owned();
    let chosen = member
        .call(UPDATE_SERIES, json!({ "id": id, "series": series_id }))
        .await;
    assert_eq!(chosen.data()["updateConsignmentSeriesId"], 1);
    let part_one = member.call(PRIVATE_BETA, json!({ "id": id })).await;
    assert_eq!(
        part_one.data()["addTransferAgreementPrivateBeta"],
        json!({ "consignmentId": id, "allPublicRecords": true })
    );
    let part_two = member
        .call(COMPLIANCE, json!({ "id": id, "appraisal": true }))
        .await;
    assert_eq!(
        part_two.data()["addTransferAgreementCompliance"]["sensitivityReviewSignedOff"],
        true
    );
    id
}

fn file_input(path: &str, bytes: &[u8], match_id: &str) -> Value {
    json!({
        "originalPath": path,
        "checksum": hex::encode(Sha256::digest(bytes)),
        "lastModified": 1_600_000_000_000i64,
        "fileSize": bytes.len(),
        "matchId": match_id,
    })
}

/// The uploaded files' ids by their match ids.
fn file_ids(answer: &Answer) -> Vec<(String, String)> {
    answer.data()["addFilesAndMetadata"]
        .as_array()
        .unwrap()
        .iter()
        .map(|file| {
            (
                file["matchId"].as_str().unwrap().to_owned(),
                file["fileId"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

async fn the_journey_through_graphql(backend: Backend) {
    let app = graphql_app(backend, true).await;
    let member = member(&app, "records@example.gov.uk", BODY).await;
    let series = member.call(GET_SERIES, json!({ "body": BODY })).await;
    assert_eq!(series.data()["getSeries"][0]["code"], "MOCK 1");
    assert_eq!(series.data()["getSeries"][0]["name"], "Mock series");

    let added = member.call(ADD_CONSIGNMENT, json!({})).await;
    let consignment = &added.data()["addConsignment"];
    assert_eq!(consignment["consignmentType"], "standard");
    assert_eq!(consignment["transferringBodyTdrCode"], BODY);
    assert!(consignment["consignmentReference"]
        .as_str()
        .unwrap()
        .starts_with("TDR-"));
    // Our account ids, written as UUIDs.
    assert_eq!(consignment["userid"].as_str().unwrap().len(), 36);
    // Out of order: the upload cannot start before the series is chosen.
    let skipped = member
        .call(
            START_UPLOAD,
            json!({ "id": consignment["consignmentid"], "folder": "Minutes" }),
        )
        .await;
    assert_eq!(skipped.code(), "REFUSED", "{}", skipped.body);

    let id = consignment_at_upload(&member).await;
    let started = member
        .call(START_UPLOAD, json!({ "id": id, "folder": "Minutes" }))
        .await;
    assert_eq!(started.data()["startUpload"], "Minutes");
    let again = member
        .call(START_UPLOAD, json!({ "id": id, "folder": "Minutes" }))
        .await;
    assert_eq!(again.code(), "REFUSED");
    assert_eq!(
        again.message(),
        "Existing consignment upload status is 'InProgress', so cannot start new upload"
    );

    let csv = b"item,cost\nchairs,120\n".to_vec();
    let files = member
        .call(
            ADD_FILES,
            json!({
                "id": id,
                "files": [
                    file_input("Minutes/2019/january.pdf", &pdf(), "1"),
                    file_input("Minutes/budget.csv", &csv, "2"),
                ],
                "empty": ["Minutes/empty"],
            }),
        )
        .await;
    let matched = file_ids(&files);
    assert_eq!(
        matched.iter().map(|(m, _)| m.as_str()).collect::<Vec<_>>(),
        ["1", "2"]
    );
    // As the browser does: each file's bytes to the object store under its id, then the upload
    // is over.
    let consignment_id: ConsignmentId = id.parse().unwrap();
    let objects = &app.state.backends.objects;
    for ((_, file_id), bytes) in matched.iter().zip([pdf(), csv.clone()]) {
        let file_id: FileId = file_id.parse().unwrap();
        objects
            .put(
                &upload_key(&consignment_id, &file_id),
                backends::objects::body_from_bytes(bytes),
                backends::objects::PutOptions::new("application/octet-stream"),
            )
            .await
            .unwrap();
    }
    let transfers = Transfers::of(&app.state.backends);
    let stored = transfers
        .consignment(&Caller::Service, &consignment_id)
        .await
        .unwrap();
    transfers.complete_upload(&stored).await.unwrap();
    // The app's own workers run the checks.
    eventually(Duration::from_secs(60), "the checks are over", || async {
        transfers
            .progress(&consignment_id)
            .await
            .unwrap()
            .checks_over()
            .then_some(())
    })
    .await;

    let checked = member.call(GET_CONSIGNMENT, json!({ "id": id })).await;
    let consignment = &checked.data()["getConsignment"];
    assert_eq!(consignment["allChecksSucceeded"], true, "{consignment}");
    assert_eq!(consignment["totalFiles"], 2);
    assert_eq!(consignment["totalFileSize"], pdf().len() + csv.len());
    assert_eq!(consignment["parentFolder"], "Minutes");
    assert_eq!(consignment["seriesName"], "Mock series");
    for check in ["antivirusProgress", "checksumProgress", "ffidProgress"] {
        assert_eq!(
            consignment["fileChecks"][check]["filesProcessed"], 2,
            "{check}"
        );
    }
    let files = consignment["files"].as_array().unwrap();
    let paths: Vec<&str> = files
        .iter()
        .map(|file| file["originalFilePath"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "Minutes",
            "Minutes/2019",
            "Minutes/2019/january.pdf",
            "Minutes/budget.csv",
            "Minutes/empty"
        ]
    );
    let top = &files[0];
    assert_eq!(top["fileType"], "Folder");
    assert_eq!(consignment["parentFolderId"], top["fileId"]);
    let pdf_file = &files[2];
    assert_eq!(pdf_file["fileType"], "File");
    assert_eq!(pdf_file["fileName"], "january.pdf");
    assert_eq!(pdf_file["uploadMatchId"], "1");
    assert_eq!(pdf_file["parentReference"], files[1]["fileReference"]);
    assert_eq!(pdf_file["ffidMetadata"]["matches"][0]["puid"], "fmt/18");
    assert_eq!(files[3]["ffidMetadata"]["matches"][0]["puid"], "x-fmt/18");
    assert_eq!(pdf_file["antivirusMetadata"]["software"], "embedded-eicar");
    assert_eq!(pdf_file["antivirusMetadata"]["result"], "");
    assert!(pdf_file["fileMetadata"].as_array().unwrap().contains(
        &json!({ "name": "SHA256ClientSideChecksum", "value": hex::encode(Sha256::digest(pdf())) })
    ));
    let statuses: Vec<(&str, &str)> = pdf_file["fileStatuses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|status| {
            (
                status["statusType"].as_str().unwrap(),
                status["statusValue"].as_str().unwrap(),
            )
        })
        .collect();
    for expected in [
        ("Antivirus", "Success"),
        ("ChecksumMatch", "Success"),
        ("FFID", "Success"),
        ("Upload", "Success"),
    ] {
        assert!(statuses.contains(&expected), "{expected:?} in {statuses:?}");
    }
    assert!(
        files[0]["ffidMetadata"].is_null(),
        "folders are not checked"
    );
    let metadata = consignment["consignmentMetadata"].as_array().unwrap();
    for expected in [
        json!({ "propertyName": "LegalStatus", "value": "Public Record(s)" }),
        json!({ "propertyName": "AppraisalSelectionSignOff", "value": "true" }),
        json!({ "propertyName": "SensitivityReviewSignOff", "value": "true" }),
        json!({ "propertyName": "InitialOpenRecords", "value": "true" }),
    ] {
        assert!(metadata.contains(&expected), "{expected} in {metadata:?}");
    }
    let status_of = |consignment: &Value, status_type: &str| -> Option<String> {
        consignment["consignmentStatuses"]
            .as_array()
            .unwrap()
            .iter()
            .find(|status| status["statusType"] == status_type)
            .map(|status| status["value"].as_str().unwrap().to_owned())
    };
    assert_eq!(
        status_of(consignment, "ServerAntivirus").as_deref(),
        Some("Completed")
    );

    // The member describes the PDF: the export's file-metadata.csv will say so.
    member
        .call(
            BULK_FILE_METADATA,
            json!({ "id": id, "files": [{ "fileId": pdf_file["fileId"], "metadata": [
                { "filePropertyName": "description", "value": "January's minutes" },
                { "filePropertyName": "ClosureType", "value": "Closed" },
            ] }] }),
        )
        .await
        .data();

    // The transfer: not initiated before custody is confirmed, and custody must be confirmed.
    let early = member.call(INITIATED, json!({ "id": id })).await;
    assert_eq!(early.code(), "REFUSED");
    let unconfirmed = member
        .call(CONFIRM, json!({ "id": id, "confirmed": false }))
        .await;
    assert_eq!(unconfirmed.code(), "REFUSED");
    assert_eq!(
        unconfirmed.message(),
        "Transferral of custody of all records must be confirmed before proceeding"
    );
    let confirmed = member
        .call(CONFIRM, json!({ "id": id, "confirmed": true }))
        .await;
    assert_eq!(
        confirmed.data()["addFinalTransferConfirmation"]["legalCustodyTransferConfirmed"],
        true
    );
    let initiated = member.call(INITIATED, json!({ "id": id })).await;
    assert_eq!(initiated.data()["updateTransferInitiated"], 1);
    // Nothing before it can be changed now.
    let late = member.call(PRIVATE_BETA, json!({ "id": id })).await;
    assert_eq!(late.code(), "REFUSED");

    // The app's worker exports the consignment. (Waiting asks the repository: polling the API
    // would soon spend the address's allowance.)
    eventually(Duration::from_secs(60), "the export is done", || async {
        let export = transfers
            .progress(&consignment_id)
            .await
            .unwrap()
            .value(app::transfer::status::ConsignmentStatusType::Export);
        (export == Some(app::transfer::status::ConsignmentStatusValue::Completed)).then_some(())
    })
    .await;
    let answer = member.call(GET_CONSIGNMENT, json!({ "id": id })).await;
    let exported = answer.data()["getConsignment"].clone();
    assert_eq!(status_of(&exported, "Export").as_deref(), Some("Completed"));
    let reference = exported["consignmentReference"].as_str().unwrap();
    assert_eq!(
        exported["exportLocation"],
        format!("transfer/export/{reference}.tar.gz")
    );
    assert!(exported["exportDatetime"].is_string());
    assert!(exported["transferInitiatedDatetime"].is_string());
    assert_eq!(
        status_of(&exported, "ConfirmTransfer").as_deref(),
        Some("Completed")
    );
    let key =
        backends::objects::ObjectKey::new(format!("transfer/export/{reference}.tar.gz")).unwrap();
    let archive = app.state.backends.objects.get(&key).await.unwrap().unwrap();
    let unpacked = tempfile::tempdir().unwrap();
    let archive_file = unpacked.path().join("bag.tar.gz");
    std::fs::write(&archive_file, archive.into_bytes().await.unwrap()).unwrap();
    let listed = Command::new("tar")
        .arg("-xzOf")
        .arg(&archive_file)
        .arg(format!("{reference}/file-metadata.csv"))
        .output()
        .unwrap();
    assert!(listed.status.success());
    let csv = String::from_utf8(listed.stdout).unwrap();
    let row = csv
        .lines()
        .find(|line| line.contains("january.pdf"))
        .unwrap();
    assert!(row.contains(",Closed,"), "{row}");
    assert!(row.contains(",January's minutes,"), "{row}");
    let budget = csv
        .lines()
        .find(|line| line.contains("budget.csv"))
        .unwrap();
    assert!(budget.contains(",Open,"), "{budget}");
}

async fn a_service_client_reports_the_checks_and_the_export(backend: Backend) {
    // No worker: what the checks and the export find comes from the service client alone.
    let app = graphql_app(backend, false).await;
    let member = member(&app, "records@example.gov.uk", BODY).await;
    let token = service_token(&app, "checks-and-export").await;
    let id = consignment_at_upload(&member).await;
    member
        .call(START_UPLOAD, json!({ "id": id, "folder": "Letters" }))
        .await
        .data();
    let files = member
        .call(
            ADD_FILES,
            json!({
                "id": id,
                "files": [
                    file_input("Letters/a.txt", b"first letter", "a"),
                    file_input("Letters/b.txt", b"second letter", "b"),
                ],
            }),
        )
        .await;
    let ids: Vec<String> = file_ids(&files).into_iter().map(|(_, id)| id).collect();

    const ANTIVIRUS: &str = "mutation($values: [AddAntivirusMetadataInputValues!]!) { addBulkAntivirusMetadata(addBulkAntivirusMetadataInput: {antivirusMetadata: $values}) { fileId software softwareVersion databaseVersion result datetime } }";
    const FFID: &str = "mutation($values: [FFIDMetadataInputValues!]!) { addBulkFFIDMetadata(addBulkFFIDMetadataInput: {metadataInputValues: $values}) { fileId software method datetime matches { extension identificationBasis puid fileExtensionMismatch formatName } } }";
    const FILE_STATUSES: &str = "mutation($statuses: [AddFileStatusInput!]!) { addMultipleFileStatuses(addMultipleFileStatusesInput: {statuses: $statuses}) { fileId statusType statusValue } }";
    const EXPORT: &str = "mutation($id: UUID!, $at: ZonedDateTime) { updateExportData(exportData: {consignmentId: $id, exportLocation: \"s3://export/bag.tar.gz\", exportDatetime: $at, exportVersion: \"9.9.9\"}) }";
    let antivirus = |file: &str| {
        json!({
            "fileId": file, "software": "awsGuardDutyMalwareScan", "softwareVersion": "AWSGuardDuty",
            "databaseVersion": "1", "result": "", "datetime": 1_700_000_000_000i64,
        })
    };
    let ffid = |file: &str, matches: Value| {
        json!({
            "fileId": file, "software": "Droid", "softwareVersion": "6.8", "binarySignatureFileVersion": "V120",
            "containerSignatureFileVersion": "V20240501", "method": "pronom", "matches": matches,
        })
    };
    let text_match = json!([{ "extension": "txt", "identificationBasis": "Extension", "puid": "x-fmt/111", "formatName": "Plain Text File" }]);

    // Nothing to check before the upload is complete.
    let early = as_service(
        &app,
        &token,
        ANTIVIRUS,
        json!({ "values": [antivirus(&ids[0])] }),
    )
    .await;
    assert_eq!(early.code(), "REFUSED", "{}", early.body);
    // A person's step is not a service client's to take, and the reverse.
    let not_for_services = as_service(
        &app,
        &token,
        START_UPLOAD,
        json!({ "id": id, "folder": "Letters" }),
    )
    .await;
    assert_eq!(not_for_services.code(), "NOT_AUTHORISED");
    let not_for_people = member
        .call(
            FILE_STATUSES,
            json!({ "statuses": [{ "fileId": ids[0], "statusType": "Antivirus", "statusValue": "Success" }] }),
        )
        .await;
    assert_eq!(not_for_people.code(), "NOT_AUTHORISED");
    let not_a_persons_status = member
        .call(
            ADD_STATUS,
            json!({ "id": id, "type": "ServerAntivirus", "value": "Completed" }),
        )
        .await;
    assert_eq!(not_a_persons_status.code(), "NOT_AUTHORISED");
    let a_step_not_a_status = member
        .call(
            ADD_STATUS,
            json!({ "id": id, "type": "Series", "value": "Completed" }),
        )
        .await;
    assert_eq!(a_step_not_a_status.code(), "REFUSED");

    // The browser says the upload is over, as TDR's does.
    let uploaded = member
        .call(
            UPDATE_STATUS,
            json!({ "id": id, "type": "Upload", "value": "Completed" }),
        )
        .await;
    assert_eq!(uploaded.data()["updateConsignmentStatus"], 1);

    let scanned = as_service(
        &app,
        &token,
        ANTIVIRUS,
        json!({ "values": [antivirus(&ids[0]), antivirus(&ids[1])] }),
    )
    .await;
    let scanned = scanned.data()["addBulkAntivirusMetadata"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(scanned.len(), 2);
    assert_eq!(scanned[0]["software"], "awsGuardDutyMalwareScan");
    assert_eq!(scanned[0]["datetime"], 1_700_000_000_000i64);
    let twice = as_service(
        &app,
        &token,
        ANTIVIRUS,
        json!({ "values": [antivirus(&ids[0])] }),
    )
    .await;
    assert_eq!(twice.code(), "REFUSED");

    let no_matches = as_service(
        &app,
        &token,
        FFID,
        json!({ "values": [ffid(&ids[0], json!([]))] }),
    )
    .await;
    assert_eq!(no_matches.code(), "REFUSED");
    assert_eq!(
        no_matches.message(),
        format!("No ffid matches for file {}", ids[0])
    );
    let identified = as_service(
        &app,
        &token,
        FFID,
        json!({ "values": [ffid(&ids[0], text_match.clone()), ffid(&ids[1], text_match.clone())] }),
    )
    .await;
    let identified = identified.data()["addBulkFFIDMetadata"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(identified[1]["matches"][0]["puid"], "x-fmt/111");
    assert_eq!(identified[1]["matches"][0]["fileExtensionMismatch"], false);

    let statuses: Vec<Value> = ids
        .iter()
        .flat_map(|file| {
            [
                json!({ "fileId": file, "statusType": "ServerChecksum", "statusValue": "Success" }),
                json!({ "fileId": file, "statusType": "ChecksumMatch", "statusValue": "Success" }),
            ]
        })
        .collect();
    let recorded = as_service(&app, &token, FILE_STATUSES, json!({ "statuses": statuses })).await;
    assert_eq!(
        recorded.data()["addMultipleFileStatuses"][1],
        json!({ "fileId": ids[0], "statusType": "ChecksumMatch", "statusValue": "Success" })
    );
    let bad_status = as_service(
        &app,
        &token,
        FILE_STATUSES,
        json!({ "statuses": [{ "fileId": ids[0], "statusType": "Antivirus", "statusValue": "Fine" }] }),
    )
    .await;
    assert_eq!(bad_status.code(), "INVALID_INPUT_DATA");

    // The service's own consignment statuses.
    let added = as_service(
        &app,
        &token,
        ADD_STATUS,
        json!({ "id": id, "type": "ServerRedaction", "value": "Completed" }),
    )
    .await;
    let added = &added.data()["addConsignmentStatus"];
    assert_eq!(added["statusType"], "ServerRedaction");
    assert_eq!(added["consignmentId"], id);
    let added_again = as_service(
        &app,
        &token,
        ADD_STATUS,
        json!({ "id": id, "type": "ServerRedaction", "value": "Completed" }),
    )
    .await;
    assert_eq!(
        added_again.message(),
        "Existing consignment ServerRedaction status is 'Completed'; new entry cannot be added"
    );
    let updated = as_service(
        &app,
        &token,
        UPDATE_STATUS,
        json!({ "id": id, "type": "ServerRedaction", "value": "Completed" }),
    )
    .await;
    assert_eq!(updated.data()["updateConsignmentStatus"], 1);
    let absent = as_service(
        &app,
        &token,
        UPDATE_STATUS,
        json!({ "id": id, "type": "MetadataReview", "value": "Completed" }),
    )
    .await;
    assert_eq!(absent.data()["updateConsignmentStatus"], 0);

    // Every check reported for every file: the checks are over and all succeeded.
    let checked = as_service(&app, &token, GET_CONSIGNMENT, json!({ "id": id })).await;
    let consignment = &checked.data()["getConsignment"];
    assert_eq!(consignment["allChecksSucceeded"], true, "{consignment}");
    for check in ["antivirusProgress", "checksumProgress", "ffidProgress"] {
        assert_eq!(consignment["fileChecks"][check]["filesProcessed"], 2);
    }
    assert_eq!(
        consignment["files"][1]["antivirusMetadata"]["software"],
        "awsGuardDutyMalwareScan"
    );

    // No export before the transfer is confirmed; then the service records its own.
    let too_soon = as_service(&app, &token, EXPORT, json!({ "id": id })).await;
    assert_eq!(too_soon.code(), "REFUSED");
    member
        .call(CONFIRM, json!({ "id": id, "confirmed": true }))
        .await
        .data();
    let exported = as_service(
        &app,
        &token,
        EXPORT,
        json!({ "id": id, "at": "2026-01-02T03:04:05Z" }),
    )
    .await;
    assert_eq!(exported.data()["updateExportData"], 1);
    let seen = member.call(GET_CONSIGNMENT, json!({ "id": id })).await;
    let consignment = &seen.data()["getConsignment"];
    assert_eq!(consignment["exportLocation"], "s3://export/bag.tar.gz");
    assert_eq!(consignment["exportDatetime"], "2026-01-02T03:04:05Z");
    let export = consignment["consignmentStatuses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|status| status["statusType"] == "Export")
        .unwrap();
    assert_eq!(export["value"], "Completed");
    assert_eq!(export["consignmentId"], id);
    assert!(export["consignmentStatusId"].is_null());
    assert!(export["modifiedDatetime"].is_string(), "{export}");

    // A revoked token is refused at once.
    assert!(ServiceTokens::of(&app.state.backends)
        .revoke(&ClientName::new("checks-and-export").unwrap())
        .await
        .unwrap());
    let revoked = as_service(&app, &token, GET_CONSIGNMENT, json!({ "id": id })).await;
    assert_eq!(revoked.status, 401);
    assert_eq!(revoked.code(), "NOT_AUTHORISED");
}

async fn consignments_are_paged_with_cursors(backend: Backend) {
    let app = graphql_app(backend, false).await;
    let member = member(&app, "records@example.gov.uk", BODY).await;
    let mut references = Vec::new();
    for _ in 0..5 {
        let added = member.call(ADD_CONSIGNMENT, json!({})).await;
        references.push(
            added.data()["addConsignment"]["consignmentReference"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    // Another body's consignment is never listed for this member.
    let outsider = self::member(&app, "other@example.gov.uk", OTHER_BODY).await;
    outsider.call(ADD_CONSIGNMENT, json!({})).await.data();

    const PAGE: &str = "query($cursor: String, $page: Int, $order: ConsignmentOrderBy, $filters: ConsignmentFilters) {
      consignments(limit: 2, currentCursor: $cursor, currentPage: $page, orderBy: $order, consignmentFiltersInput: $filters) {
        totalPages
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        edges { cursor node { consignmentReference } }
      }
    }";
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let answer = member.call(PAGE, json!({ "cursor": cursor })).await;
        let connection = answer.data()["consignments"].clone();
        pages += 1;
        assert_eq!(connection["totalPages"], 3);
        assert_eq!(connection["pageInfo"]["hasPreviousPage"], cursor.is_some());
        let edges = connection["edges"].as_array().unwrap();
        for edge in edges {
            assert_eq!(edge["cursor"], edge["node"]["consignmentReference"]);
            seen.push(edge["cursor"].as_str().unwrap().to_owned());
        }
        assert_eq!(
            connection["pageInfo"]["endCursor"],
            edges.last().unwrap()["cursor"]
        );
        assert_eq!(connection["pageInfo"]["startCursor"], edges[0]["cursor"]);
        if connection["pageInfo"]["hasNextPage"] == false {
            break;
        }
        assert_eq!(edges.len(), 2);
        cursor = Some(
            connection["pageInfo"]["endCursor"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    assert_eq!(pages, 3);
    // Newest reference first, each once.
    let mut newest_first = references.clone();
    newest_first.reverse();
    assert_eq!(seen, newest_first);

    let oldest_first = member
        .call(
            PAGE,
            json!({ "order": { "consignmentOrderField": "CreatedAtTimestamp", "orderDirection": "Ascending" } }),
        )
        .await;
    let first: Vec<&str> = oldest_first.data()["consignments"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|edge| edge["cursor"].as_str().unwrap())
        .collect();
    assert_eq!(first, references[..2]);
    let second_page = member.call(PAGE, json!({ "page": 1 })).await;
    let second: Vec<&str> = second_page.data()["consignments"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|edge| edge["cursor"].as_str().unwrap())
        .collect();
    assert_eq!(second, newest_first[2..4]);
    let judgments = member
        .call(
            PAGE,
            json!({ "filters": { "consignmentType": "judgment" } }),
        )
        .await;
    assert_eq!(judgments.data()["consignments"]["totalPages"], 0);
    assert_eq!(
        judgments.data()["consignments"]["edges"],
        json!([]),
        "no judgments"
    );
    let unknown_cursor = member
        .call(PAGE, json!({ "cursor": "TDR-1999-NONE" }))
        .await;
    assert_eq!(unknown_cursor.code(), "REFUSED");
    let whole = member
        .call(
            "{ consignments(limit: 100) { totalPages(limit: 5) edges { cursor } } }",
            json!({}),
        )
        .await;
    assert_eq!(whole.data()["consignments"]["totalPages"], 1);
    assert_eq!(
        whole.data()["consignments"]["edges"]
            .as_array()
            .unwrap()
            .len(),
        5
    );
    let too_many = member
        .call("{ consignments(limit: 101) { totalPages } }", json!({}))
        .await;
    assert_eq!(too_many.code(), "INVALID_INPUT_DATA");
}

/// GraphiQL's introspection query (graphql-js `getIntrospectionQuery`, its `ofType` nine deep).
const INTROSPECTION: &str = r"query IntrospectionQuery {
  __schema {
    queryType { name } mutationType { name } subscriptionType { name }
    types { ...FullType }
    directives { name description locations args { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description
  fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
  inputFields { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type {
  kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name
    ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } } }
}";

async fn only_members_and_service_clients_are_answered(backend: Backend) {
    let app = graphql_app(backend, false).await;
    let member = member(&app, "records@example.gov.uk", BODY).await;
    let id = consignment_at_upload(&member).await;
    let query = GET_CONSIGNMENT;

    // Neither a session nor a token.
    let anonymous = send(
        app.new_browser().no_redirect.post(app.url(GRAPHQL)),
        query,
        json!({ "id": id }),
    )
    .await;
    assert_eq!(anonymous.status, 401);
    assert_eq!(anonymous.code(), "NOT_AUTHORISED");
    assert_eq!(
        anonymous.headers["www-authenticate"],
        "Bearer realm=\"transfer\""
    );
    let not_ours = as_service(&app, "tdr_not-a-token", query, json!({ "id": id })).await;
    assert_eq!(not_ours.status, 401);

    // A citizen is signed in, but does not transfer records.
    let citizen = signed_in(&app, "citizen@example.com", Role::Citizen, None).await;
    let refused = citizen.call(query, json!({ "id": id })).await;
    assert_eq!(refused.status, 403);
    assert_eq!(refused.code(), "NOT_AUTHORISED");

    // The session alone is not enough: the CSRF token must come with it, from this site.
    let start = json!({ "id": id, "folder": "Letters" });
    let session_post = || member.browser.no_redirect.post(member.browser.url(GRAPHQL));
    let without_token = send(session_post(), START_UPLOAD, start.clone()).await;
    assert_eq!(without_token.status, 403);
    assert_eq!(without_token.code(), "NOT_AUTHORISED");
    let wrong_token = send(
        session_post().header("x-csrf-token", "a".repeat(43)),
        START_UPLOAD,
        start.clone(),
    )
    .await;
    assert_eq!(wrong_token.status, 403);
    let cross_site = send(
        session_post()
            .header("x-csrf-token", &member.csrf)
            .header("sec-fetch-site", "cross-site"),
        START_UPLOAD,
        start.clone(),
    )
    .await;
    assert_eq!(cross_site.status, 403);
    let progress = Transfers::of(&app.state.backends)
        .progress(&id.parse().unwrap())
        .await
        .unwrap();
    assert_eq!(
        progress.value(app::transfer::status::ConsignmentStatusType::Upload),
        None,
        "nothing refused was done"
    );

    // Another body's member: no data, as if there were no such consignment.
    let outsider = self::member(&app, "other@example.gov.uk", OTHER_BODY).await;
    let hidden = outsider.call(query, json!({ "id": id })).await;
    assert_eq!(hidden.status, 200);
    assert_eq!(hidden.code(), "NOT_FOUND");
    assert!(
        hidden.body["data"]["getConsignment"].is_null(),
        "{}",
        hidden.body
    );
    let reference = member.call(query, json!({ "id": id })).await.data()["getConsignment"]
        ["consignmentReference"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(!hidden.body.to_string().contains(&reference));
    let missing = outsider
        .call(
            query,
            json!({ "id": "00000000-0000-4000-8000-000000000000" }),
        )
        .await;
    assert_eq!(
        missing.body["errors"], hidden.body["errors"],
        "the same answer"
    );
    let theirs = outsider
        .call(START_UPLOAD, json!({ "id": id, "folder": "X" }))
        .await;
    assert_eq!(theirs.code(), "NOT_FOUND");
    let listed = outsider
        .call(
            "{ consignments(limit: 10) { edges { cursor } } }",
            json!({}),
        )
        .await;
    assert_eq!(listed.data()["consignments"]["edges"], json!([]));
    let their_series = outsider.call(GET_SERIES, json!({ "body": BODY })).await;
    assert_eq!(their_series.code(), "NOT_AUTHORISED");

    // Too deep: refused before anything runs, with a clear message.
    let deep = member
        .call(
            "{ getSeries(body: \"MOCK1\") { name } __schema { types { fields { type { ofType { ofType { ofType { ofType { name } } } } } } } } }",
            json!({}),
        )
        .await;
    assert_eq!(deep.status, 200);
    assert_eq!(deep.code(), "QUERY_TOO_DEEP");
    assert_eq!(
        deep.message(),
        "Query is nested too deep: at most 8 levels of fields"
    );
    assert!(deep.body["data"].is_null());
    // Introspection alone is answered, GraphiQL's full query included.
    let introspection = member.call(INTROSPECTION, json!({})).await;
    let types = introspection.data()["__schema"]["types"]
        .as_array()
        .unwrap();
    assert!(types.iter().any(|t| t["name"] == "ConsignmentConnection"));
    assert!(types.iter().any(|t| t["name"] == "ZonedDateTime"));

    // `server transfer token create|revoke` against the app's database.
    let cli = |args: &[&str]| {
        let dir = tempfile::tempdir().unwrap();
        let output = Command::new(SERVER)
            .args(["transfer", "token"])
            .args(args)
            .current_dir(dir.path())
            .env("DATABASE_URL", &app.state.config.database_url)
            .env_remove("APP_DATABASE_URL")
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap().trim().to_owned()
    };
    let token = cli(&["create", "export-task"]);
    assert!(token.starts_with("tdr_"), "{token}");
    let answered = as_service(&app, &token, query, json!({ "id": id })).await;
    assert_eq!(
        answered.data()["getConsignment"]["consignmentReference"],
        reference.as_str()
    );
    cli(&["revoke", "export-task"]);
    let revoked = as_service(&app, &token, query, json!({ "id": id })).await;
    assert_eq!(revoked.status, 401);
}

const AV_REPORT: &str = "mutation($values: [AddAntivirusMetadataInputValues!]!) { addBulkAntivirusMetadata(addBulkAntivirusMetadataInput: {antivirusMetadata: $values}) { fileId } }";
const FFID_REPORT: &str = "mutation($values: [FFIDMetadataInputValues!]!) { addBulkFFIDMetadata(addBulkFFIDMetadataInput: {metadataInputValues: $values}) { fileId } }";
const STATUS_REPORT: &str = "mutation($statuses: [AddFileStatusInput!]!) { addMultipleFileStatuses(addMultipleFileStatusesInput: {statuses: $statuses}) { fileId } }";
const PAGINATED: &str = r"query($id: UUID!, $outer: PaginationInput, $page: PaginationInput) {
  getConsignment(consignmentid: $id, paginationInput: $outer) {
    paginatedFiles(paginationInput: $page) {
      totalItems totalPages
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { fileId fileType fileName originalFilePath parentId parentReference fileMetadata { name value } } }
    }
  }
}";
const PAGINATED_DEFAULT: &str = r"query($id: UUID!, $outer: PaginationInput) {
  getConsignment(consignmentid: $id, paginationInput: $outer) {
    paginatedFiles { totalItems edges { cursor } }
  }
}";
const FILES_ONLY: &str =
    "query($id: UUID!) { getConsignment(consignmentid: $id) { files { fileId fileType fileReference originalFilePath fileMetadata { name value } } } }";
const FAILURES: &str = r"query($input: GetFileCheckFailuresInput) {
  getFileCheckFailures(getFileCheckFailuresInput: $input) {
    fileId consignmentId consignmentReference consignmentType rankOverFilePath PUID userId
    statusType statusValue seriesName transferringBodyName antivirusResult extension
    identificationBasis extensionMismatch formatName checksum createdDateTime
  }
}";
const REVIEWS: &str = r"query($status: String) {
  getConsignmentReviewDetails(statusFilter: $status) {
    consignmentId consignmentReference reviewStatus transferringBodyName seriesName lastUpdated
  }
}";
const ADD_FILE_METADATA: &str = "mutation($values: [AddFileMetadataWithFileIdInputValues!]!) { addMultipleFileMetadata(addMultipleFileMetadataInput: {metadataInputValues: $values}) { filePropertyName fileId value } }";
const BULK_FILE_METADATA: &str = "mutation($id: UUID!, $files: [AddOrUpdateFileMetadata!]!) { addOrUpdateBulkFileMetadata(addOrUpdateBulkFileMetadataInput: {consignmentId: $id, fileMetadata: $files}) { filePropertyName fileId value } }";
const CONSIGNMENT_METADATA: &str = "mutation($id: UUID!, $metadata: [AddOrUpdateConsignmentMetadata!]!) { addOrUpdateConsignmentMetadata(addOrUpdateConsignmentMetadataInput: {consignmentId: $id, consignmentMetadata: $metadata}) { consignmentId propertyName value } }";
const METADATA_OF: &str = "query($id: UUID!) { getConsignment(consignmentid: $id) { consignmentMetadata { propertyName value } files { fileId fileMetadata { name value } } } }";

/// A consignment of `member`'s whose upload of `files` (path, bytes) is complete, over GraphQL:
/// its id and its files' ids in the order given.
async fn uploaded(member: &Member, folder: &str, files: &[(&str, &[u8])]) -> (String, Vec<String>) {
    let id = consignment_at_upload(member).await;
    member
        .call(START_UPLOAD, json!({ "id": id, "folder": folder }))
        .await
        .data();
    let inputs: Vec<Value> = files
        .iter()
        .enumerate()
        .map(|(n, (path, bytes))| file_input(path, bytes, &n.to_string()))
        .collect();
    let added = member
        .call(ADD_FILES, json!({ "id": id, "files": inputs }))
        .await;
    let mut matched = file_ids(&added);
    matched.sort_by_key(|(match_id, _)| match_id.parse::<usize>().unwrap());
    let done = member
        .call(
            UPDATE_STATUS,
            json!({ "id": id, "type": "Upload", "value": "Completed" }),
        )
        .await;
    assert_eq!(done.data()["updateConsignmentStatus"], 1);
    (id, matched.into_iter().map(|(_, file)| file).collect())
}

fn antivirus_report(file: &str, result: &str) -> Value {
    json!({
        "fileId": file, "software": "awsGuardDutyMalwareScan", "softwareVersion": "AWSGuardDuty",
        "databaseVersion": "1", "result": result, "datetime": 1_700_000_000_000i64,
    })
}

fn ffid_report(file: &str, puid: &str, format: &str, extension: &str) -> Value {
    json!({
        "fileId": file, "software": "Droid", "softwareVersion": "6.8", "binarySignatureFileVersion": "V120",
        "containerSignatureFileVersion": "V20240501", "method": "pronom",
        "matches": [{ "extension": extension, "identificationBasis": "Signature", "puid": puid, "formatName": format }],
    })
}

/// A service client reports every check of every file a success.
async fn checks_succeed(app: &TestApp, token: &str, files: &[String]) {
    let antivirus: Vec<Value> = files
        .iter()
        .map(|file| antivirus_report(file, ""))
        .collect();
    as_service(app, token, AV_REPORT, json!({ "values": antivirus }))
        .await
        .data();
    let ffid: Vec<Value> = files
        .iter()
        .map(|file| ffid_report(file, "x-fmt/111", "Plain Text File", "txt"))
        .collect();
    as_service(app, token, FFID_REPORT, json!({ "values": ffid }))
        .await
        .data();
    let statuses: Vec<Value> = files
        .iter()
        .flat_map(|file| {
            [
                json!({ "fileId": file, "statusType": "ServerChecksum", "statusValue": "Success" }),
                json!({ "fileId": file, "statusType": "ChecksumMatch", "statusValue": "Success" }),
            ]
        })
        .collect();
    as_service(app, token, STATUS_REPORT, json!({ "statuses": statuses }))
        .await
        .data();
}

/// A service client adds (or changes) the consignment's `MetadataReview` status.
async fn review(app: &TestApp, token: &str, consignment: &str, value: &str, add: bool) {
    let query = if add { ADD_STATUS } else { UPDATE_STATUS };
    let variables = json!({ "id": consignment, "type": "MetadataReview", "value": value });
    as_service(app, token, query, variables).await.data();
}

fn strings(values: &Value, field: &str) -> Vec<String> {
    values
        .as_array()
        .unwrap()
        .iter()
        .map(|value| value[field].as_str().unwrap().to_owned())
        .collect()
}

async fn files_are_paged_with_cursors(backend: Backend) {
    let app = graphql_app(backend, false).await;
    let member = member(&app, "records@example.gov.uk", BODY).await;
    let id = consignment_at_upload(&member).await;
    member
        .call(START_UPLOAD, json!({ "id": id, "folder": "Box" }))
        .await
        .data();
    let paths = [
        "Box/b/zeta.txt",
        "Box/a/one.txt",
        "Box/top.txt",
        "Box/a/two.txt",
        "Box/b/alpha.txt",
        "Box/a/deeper/three.txt",
        "Box/b/beta.txt",
    ];
    let inputs: Vec<Value> = paths
        .iter()
        .enumerate()
        .map(|(n, path)| file_input(path, path.as_bytes(), &n.to_string()))
        .collect();
    member
        .call(
            ADD_FILES,
            json!({ "id": id, "files": inputs, "empty": ["Box/empty"] }),
        )
        .await
        .data();
    // Every file and folder, as `files` lists them.
    let all = member.call(FILES_ONLY, json!({ "id": id })).await;
    let all = all.data()["getConsignment"]["files"].clone();
    let every_id = strings(&all, "fileId");
    // 7 files; the folders Box, Box/a, Box/a/deeper, Box/b, Box/empty.
    assert_eq!(every_id.len(), 12);
    let reference_of = |file_id: &str| -> String {
        all.as_array()
            .unwrap()
            .iter()
            .find(|file| file["fileId"] == file_id)
            .unwrap()["fileReference"]
            .as_str()
            .unwrap()
            .to_owned()
    };

    // Page by page with the cursors, three at a time: each file and folder once, by path.
    let mut seen: Vec<String> = Vec::new();
    let mut seen_paths: Vec<String> = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let answer = member
            .call(
                PAGINATED,
                json!({ "id": id, "page": { "limit": 3, "currentCursor": cursor } }),
            )
            .await;
        let connection = answer.data()["getConsignment"]["paginatedFiles"].clone();
        pages += 1;
        assert_eq!(connection["totalItems"], 12);
        assert_eq!(connection["totalPages"], 4);
        assert_eq!(connection["pageInfo"]["hasPreviousPage"], cursor.is_some());
        let edges = connection["edges"].as_array().unwrap();
        assert!(!edges.is_empty() && edges.len() <= 3, "{connection}");
        for edge in edges {
            let node = &edge["node"];
            assert_eq!(edge["cursor"], node["fileId"]);
            if let Some(parent) = node["parentId"].as_str() {
                // The parent's reference, though the parent may be on another page.
                assert_eq!(node["parentReference"], reference_of(parent).as_str());
            }
            seen.push(node["fileId"].as_str().unwrap().to_owned());
            seen_paths.push(node["originalFilePath"].as_str().unwrap().to_owned());
        }
        assert_eq!(connection["pageInfo"]["startCursor"], edges[0]["cursor"]);
        assert_eq!(
            connection["pageInfo"]["endCursor"],
            edges.last().unwrap()["cursor"]
        );
        if connection["pageInfo"]["hasNextPage"] == false {
            break;
        }
        assert!(pages < 10, "paging does not end");
        cursor = connection["pageInfo"]["endCursor"]
            .as_str()
            .map(str::to_owned);
    }
    assert_eq!(pages, 4);
    let mut sorted_seen = seen.clone();
    sorted_seen.sort();
    sorted_seen.dedup();
    assert_eq!(
        sorted_seen.len(),
        seen.len(),
        "no file twice: {seen_paths:?}"
    );
    let mut expected = every_id.clone();
    expected.sort();
    assert_eq!(sorted_seen, expected, "every file once");
    let mut by_path = seen_paths.clone();
    by_path.sort();
    assert_eq!(seen_paths, by_path, "by path");

    // `getConsignment`'s paginationInput is the page when the field is given none.
    let outer = member
        .call(
            PAGINATED_DEFAULT,
            json!({ "id": id, "outer": { "limit": 5, "currentPage": 2 } }),
        )
        .await;
    let outer = &outer.data()["getConsignment"]["paginatedFiles"];
    assert_eq!(outer["totalItems"], 12);
    assert_eq!(strings(&outer["edges"], "cursor"), seen[10..]);
    let none = member.call(PAGINATED_DEFAULT, json!({ "id": id })).await;
    assert_eq!(none.code(), "INVALID_INPUT_DATA");
    assert_eq!(
        none.message(),
        "No pagination input argument provided for 'paginatedFiles' field query"
    );

    // Skipping pages after the cursor; the filters; the limit capped.
    let skipped = member
        .call(
            PAGINATED,
            json!({ "id": id, "page": { "limit": 2, "currentPage": 1, "currentCursor": seen[0] } }),
        )
        .await;
    let skipped = &skipped.data()["getConsignment"]["paginatedFiles"];
    assert_eq!(strings(&skipped["edges"], "cursor"), seen[3..5]);
    assert_eq!(skipped["pageInfo"]["hasPreviousPage"], true);
    let only_files = member
        .call(
            PAGINATED,
            json!({ "id": id, "page": { "fileFilters": { "fileTypeIdentifier": "File", "metadataFilters": { "properties": ["ClientSideFileSize"] } } } }),
        )
        .await;
    let only_files = &only_files.data()["getConsignment"]["paginatedFiles"];
    assert_eq!(only_files["totalItems"], 7);
    assert_eq!(only_files["totalPages"], 1);
    for edge in only_files["edges"].as_array().unwrap() {
        assert_eq!(edge["node"]["fileType"], "File");
        let metadata = edge["node"]["fileMetadata"].as_array().unwrap();
        assert_eq!(metadata.len(), 1, "{metadata:?}");
        assert_eq!(metadata[0]["name"], "ClientSideFileSize");
    }
    let folder_b = all
        .as_array()
        .unwrap()
        .iter()
        .find(|file| file["originalFilePath"] == "Box/b")
        .unwrap()["fileId"]
        .clone();
    let in_b = member
        .call(
            PAGINATED,
            json!({ "id": id, "page": { "limit": 1000, "fileFilters": { "parentId": folder_b } } }),
        )
        .await;
    let in_b = &in_b.data()["getConsignment"]["paginatedFiles"];
    let names: Vec<&str> = in_b["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|edge| edge["node"]["fileName"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["alpha.txt", "beta.txt", "zeta.txt"],
        "by name in a folder"
    );
    let capped = member
        .call(PAGINATED, json!({ "id": id, "page": { "limit": 100000 } }))
        .await;
    let capped = &capped.data()["getConsignment"]["paginatedFiles"];
    assert_eq!(capped["edges"].as_array().unwrap().len(), 12);
    assert_eq!(capped["pageInfo"]["hasNextPage"], false);

    // Bad pages.
    for bad in [json!({ "limit": 0 }), json!({ "currentPage": -1 })] {
        let answer = member
            .call(PAGINATED, json!({ "id": id, "page": bad }))
            .await;
        assert_eq!(answer.code(), "INVALID_INPUT_DATA", "{bad}");
    }
    let unknown = member
        .call(
            PAGINATED,
            json!({ "id": id, "page": { "currentCursor": "00000000-0000-4000-8000-000000000000" } }),
        )
        .await;
    assert_eq!(unknown.code(), "REFUSED");

    // Another body's member sees no page.
    let outsider = self::member(&app, "other@example.gov.uk", OTHER_BODY).await;
    let hidden = outsider
        .call(PAGINATED, json!({ "id": id, "page": { "limit": 3 } }))
        .await;
    assert_eq!(hidden.code(), "NOT_FOUND");
    assert!(hidden.body["data"]["getConsignment"].is_null());
}

async fn check_failures_and_reviews_are_reported(backend: Backend) {
    let app = graphql_app(backend, false).await;
    let started = chrono::Utc::now() - chrono::Duration::seconds(2);
    let member = member(&app, "records@example.gov.uk", BODY).await;
    let token = service_token(&app, "checks").await;
    let (id, files) = uploaded(
        &member,
        "Letters",
        &[("Letters/a.txt", b"infected"), ("Letters/b.xz", b"archive")],
    )
    .await;
    let (other_id, other_files) =
        uploaded(&member, "Notes", &[("Notes/fine.txt", b"all fine")]).await;
    checks_succeed(&app, &token, &other_files).await;

    // a.txt has a virus; b.xz is an archive whose checksum does not match.
    as_service(
        &app,
        &token,
        AV_REPORT,
        json!({ "values": [antivirus_report(&files[0], "Eicar-Test-Signature"), antivirus_report(&files[1], "")] }),
    )
    .await
    .data();
    as_service(
        &app,
        &token,
        FFID_REPORT,
        json!({ "values": [
            ffid_report(&files[0], "x-fmt/111", "Plain Text File", "txt"),
            ffid_report(&files[1], "fmt/1098", "XZ File Format", "xz"),
        ] }),
    )
    .await
    .data();
    as_service(
        &app,
        &token,
        STATUS_REPORT,
        json!({ "statuses": [
            { "fileId": files[0], "statusType": "ChecksumMatch", "statusValue": "Success" },
            { "fileId": files[1], "statusType": "ChecksumMatch", "statusValue": "Mismatch" },
        ] }),
    )
    .await
    .data();

    let reported = as_service(&app, &token, FAILURES, json!({})).await;
    let rows = reported.data()["getFileCheckFailures"]
        .as_array()
        .unwrap()
        .clone();
    let summary: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|row| {
            (
                row["fileId"].as_str().unwrap(),
                row["statusType"].as_str().unwrap(),
                row["statusValue"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (files[0].as_str(), "Antivirus", "VirusDetected"),
            (files[1].as_str(), "FFID", "Zip"),
            (files[1].as_str(), "ChecksumMatch", "Mismatch"),
        ],
        "{rows:?}"
    );
    let consignment = member.call(GET_CONSIGNMENT, json!({ "id": id })).await;
    let consignment = consignment.data()["getConsignment"].clone();
    let virus = &rows[0];
    assert_eq!(virus["consignmentId"], id);
    assert_eq!(
        virus["consignmentReference"],
        consignment["consignmentReference"]
    );
    assert_eq!(virus["consignmentType"], "standard");
    assert_eq!(virus["userId"], consignment["userid"]);
    assert_eq!(virus["seriesName"], "Mock series");
    assert_eq!(virus["transferringBodyName"], "Mock Government Department");
    assert_eq!(virus["antivirusResult"], "Eicar-Test-Signature");
    assert_eq!(virus["PUID"], "x-fmt/111");
    assert_eq!(virus["checksum"], hex::encode(Sha256::digest(b"infected")));
    assert_eq!(virus["rankOverFilePath"], 1);
    assert!(virus["createdDateTime"].is_string());
    let archive = &rows[1];
    assert_eq!(archive["PUID"], "fmt/1098");
    assert_eq!(archive["formatName"], "XZ File Format");
    assert_eq!(archive["extension"], "xz");
    assert_eq!(archive["identificationBasis"], "Signature");
    assert_eq!(archive["extensionMismatch"], false);
    assert_eq!(archive["antivirusResult"], "");
    assert_eq!(archive["rankOverFilePath"], 2);
    assert_eq!(rows[2]["rankOverFilePath"], 2, "one file, one rank");

    // The filters: one consignment, and the times.
    let of_other = as_service(
        &app,
        &token,
        FAILURES,
        json!({ "input": { "consignmentId": other_id } }),
    )
    .await;
    assert_eq!(of_other.data()["getFileCheckFailures"], json!([]));
    let of_this = as_service(
        &app,
        &token,
        FAILURES,
        json!({ "input": { "consignmentId": id, "startDateTime": started.to_rfc3339() } }),
    )
    .await;
    assert_eq!(
        of_this.data()["getFileCheckFailures"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    let before_it = as_service(
        &app,
        &token,
        FAILURES,
        json!({ "input": { "endDateTime": started.to_rfc3339() } }),
    )
    .await;
    assert_eq!(before_it.data()["getFileCheckFailures"], json!([]));
    let later = (chrono::Utc::now() + chrono::Duration::hours(1)).to_rfc3339();
    let after_it = as_service(
        &app,
        &token,
        FAILURES,
        json!({ "input": { "startDateTime": &later } }),
    )
    .await;
    assert_eq!(after_it.data()["getFileCheckFailures"], json!([]));
    let backwards = as_service(
        &app,
        &token,
        FAILURES,
        json!({ "input": { "startDateTime": &later, "endDateTime": started.to_rfc3339() } }),
    )
    .await;
    assert_eq!(backwards.code(), "INVALID_INPUT_DATA");

    // The member sees their body's; another body's member none, and not this consignment.
    let own = member.call(FAILURES, json!({})).await;
    assert_eq!(
        own.data()["getFileCheckFailures"].as_array().unwrap().len(),
        3
    );
    let outsider = self::member(&app, "other@example.gov.uk", OTHER_BODY).await;
    let none = outsider.call(FAILURES, json!({})).await;
    assert_eq!(none.data()["getFileCheckFailures"], json!([]));
    let hidden = outsider
        .call(FAILURES, json!({ "input": { "consignmentId": id } }))
        .await;
    assert_eq!(hidden.code(), "NOT_FOUND");

    // Reviews: the service client's MetadataReview status.
    let empty = member.call(REVIEWS, json!({})).await;
    assert_eq!(empty.data()["getConsignmentReviewDetails"], json!([]));
    review(&app, &token, &id, "InProgress", true).await;
    review(&app, &token, &other_id, "CompletedWithIssues", true).await;
    let listed = member.call(REVIEWS, json!({})).await;
    let listed = listed.data()["getConsignmentReviewDetails"].clone();
    assert_eq!(
        strings(&listed, "consignmentId"),
        [id.clone(), other_id.clone()]
    );
    assert_eq!(strings(&listed, "reviewStatus"), ["Requested", "Rejected"]);
    assert_eq!(
        listed[0]["consignmentReference"],
        consignment["consignmentReference"]
    );
    assert_eq!(
        listed[0]["transferringBodyName"],
        "Mock Government Department"
    );
    assert_eq!(listed[0]["seriesName"], "Mock series");
    assert!(listed[0]["lastUpdated"].is_string());
    review(&app, &token, &id, "Completed", false).await;
    let approved = member.call(REVIEWS, json!({ "status": "Approved" })).await;
    let approved = approved.data()["getConsignmentReviewDetails"].clone();
    assert_eq!(strings(&approved, "consignmentId"), vec![id.clone()]);
    let requested = as_service(&app, &token, REVIEWS, json!({ "status": "Requested" })).await;
    assert_eq!(requested.data()["getConsignmentReviewDetails"], json!([]));
    let everything = as_service(&app, &token, REVIEWS, json!({})).await;
    assert_eq!(
        strings(
            &everything.data()["getConsignmentReviewDetails"],
            "reviewStatus"
        ),
        ["Rejected", "Approved"]
    );
    let bogus = member.call(REVIEWS, json!({ "status": "Bogus" })).await;
    assert_eq!(bogus.code(), "INVALID_INPUT_DATA");
    let theirs = outsider.call(REVIEWS, json!({})).await;
    assert_eq!(theirs.data()["getConsignmentReviewDetails"], json!([]));

    // Neither query for a citizen or anyone unauthenticated.
    let citizen = signed_in(&app, "citizen@example.com", Role::Citizen, None).await;
    for query in [FAILURES, REVIEWS] {
        let refused = citizen.call(query, json!({})).await;
        assert_eq!(refused.status, 403);
        assert_eq!(refused.code(), "NOT_AUTHORISED");
        let anonymous = send(
            app.new_browser().no_redirect.post(app.url(GRAPHQL)),
            query,
            json!({}),
        )
        .await;
        assert_eq!(anonymous.status, 401);
    }
}

async fn metadata_is_changed_until_the_transfer_is_confirmed(backend: Backend) {
    let app = graphql_app(backend, false).await;
    let member = member(&app, "records@example.gov.uk", BODY).await;
    let token = service_token(&app, "checks").await;
    let id = consignment_at_upload(&member).await;
    member
        .call(START_UPLOAD, json!({ "id": id, "folder": "Papers" }))
        .await
        .data();
    let added = member
        .call(
            ADD_FILES,
            json!({ "id": id, "files": [
                file_input("Papers/a.txt", b"first", "a"),
                file_input("Papers/b.txt", b"second", "b"),
            ] }),
        )
        .await;
    let matched = file_ids(&added);
    let file = |match_id: &str| {
        matched
            .iter()
            .find(|(m, _)| m == match_id)
            .unwrap()
            .1
            .clone()
    };
    let (a, b) = (file("a"), file("b"));
    let metadata_of = |answer: &Value, file_id: &str| -> Vec<(String, String)> {
        answer["getConsignment"]["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|file| file["fileId"] == file_id)
            .unwrap()["fileMetadata"]
            .as_array()
            .unwrap()
            .iter()
            .map(|row| {
                (
                    row["name"].as_str().unwrap().to_owned(),
                    row["value"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    let has = |rows: &[(String, String)], name: &str| -> Option<String> {
        rows.iter()
            .find(|(known, _)| known == name)
            .map(|(_, value)| value.clone())
    };

    // The member describes the files.
    let described = member
        .call(
            BULK_FILE_METADATA,
            json!({ "id": id, "files": [
                { "fileId": a, "metadata": [
                    { "filePropertyName": "ClosureType", "value": "Closed" },
                    { "filePropertyName": "ClosurePeriod", "value": "30" },
                    { "filePropertyName": "description", "value": "Minutes of the board" },
                ] },
                { "fileId": b, "metadata": [{ "filePropertyName": "Language", "value": "Welsh" }] },
            ] }),
        )
        .await;
    let rows = described.data()["addOrUpdateBulkFileMetadata"].clone();
    assert_eq!(rows.as_array().unwrap().len(), 4);
    assert_eq!(
        rows[3],
        json!({ "filePropertyName": "Language", "fileId": b, "value": "Welsh" })
    );
    // Changed, and one removed by giving it empty.
    let changed = member
        .call(
            BULK_FILE_METADATA,
            json!({ "id": id, "files": [{ "fileId": a, "metadata": [
                { "filePropertyName": "ClosurePeriod", "value": "40" },
                { "filePropertyName": "description", "value": "" },
            ] }] }),
        )
        .await;
    assert_eq!(
        changed.data()["addOrUpdateBulkFileMetadata"],
        json!([{ "filePropertyName": "ClosurePeriod", "fileId": a, "value": "40" }])
    );
    let seen = member.call(METADATA_OF, json!({ "id": id })).await;
    let of_a = metadata_of(seen.data(), &a);
    assert_eq!(has(&of_a, "ClosureType").as_deref(), Some("Closed"));
    assert_eq!(has(&of_a, "ClosurePeriod").as_deref(), Some("40"));
    assert_eq!(has(&of_a, "description"), None);
    assert_eq!(
        has(&of_a, "SHA256ClientSideChecksum"),
        Some(hex::encode(Sha256::digest(b"first"))),
        "the upload's own metadata kept"
    );
    assert_eq!(
        has(&metadata_of(seen.data(), &b), "Language").as_deref(),
        Some("Welsh")
    );

    // Bad input: nothing of the request is recorded.
    let folder = member.call(FILES_ONLY, json!({ "id": id })).await;
    let folder_id = folder.data()["getConsignment"]["files"][0]["fileId"].clone();
    assert_eq!(
        folder.data()["getConsignment"]["files"][0]["fileType"],
        "Folder"
    );
    let long = "x".repeat(8_001);
    for (files, message) in [
        (json!([]), Some("'fileIds' is empty. Please provide at least one fileId.")),
        (
            json!([{ "fileId": folder_id, "metadata": [{ "filePropertyName": "Language", "value": "Welsh" }] }]),
            Some("Input contains directory id or contains non-existing file id or consignment id is incorrect"),
        ),
        (
            json!([{ "fileId": "00000000-0000-4000-8000-000000000000", "metadata": [{ "filePropertyName": "Language", "value": "Welsh" }] }]),
            None,
        ),
        (
            json!([{ "fileId": a, "metadata": [
                { "filePropertyName": "HeldBy", "value": "Kew" },
                { "filePropertyName": "SHA256ClientSideChecksum", "value": "00" },
            ] }]),
            Some("Protected metadata property found: SHA256ClientSideChecksum"),
        ),
        (
            json!([{ "fileId": a, "metadata": [{ "filePropertyName": "HeldBy", "value": "Kew" }, { "filePropertyName": "Colour", "value": "red" }] }]),
            None,
        ),
        (
            json!([{ "fileId": a, "metadata": [{ "filePropertyName": "HeldBy", "value": "Kew" }, { "filePropertyName": "", "value": "x" }] }]),
            None,
        ),
        (
            json!([{ "fileId": a, "metadata": [{ "filePropertyName": "HeldBy", "value": "Kew" }, { "filePropertyName": "HeldBy", "value": "Elsewhere" }] }]),
            None,
        ),
        (
            json!([{ "fileId": a, "metadata": [{ "filePropertyName": "HeldBy", "value": "Kew" }, { "filePropertyName": "description", "value": long }] }]),
            None,
        ),
    ] {
        let refused = member
            .call(BULK_FILE_METADATA, json!({ "id": id, "files": files }))
            .await;
        assert_eq!(refused.code(), "INVALID_INPUT_DATA", "{files}: {}", refused.body);
        if let Some(message) = message {
            assert_eq!(refused.message(), message);
        }
    }
    let unchanged = member.call(METADATA_OF, json!({ "id": id })).await;
    assert_eq!(has(&metadata_of(unchanged.data(), &a), "HeldBy"), None);

    // The consignment's own metadata: TDR's properties, not the journey's declarations.
    let set = member
        .call(
            CONSIGNMENT_METADATA,
            json!({ "id": id, "metadata": [
                { "propertyName": "ClientSideDraftMetadataFileName", "value": "draft-metadata.csv" },
                { "propertyName": "FinalOpenRecordsConfirmed", "value": "true" },
            ] }),
        )
        .await;
    assert_eq!(
        set.data()["addOrUpdateConsignmentMetadata"],
        json!([
            { "consignmentId": id, "propertyName": "ClientSideDraftMetadataFileName", "value": "draft-metadata.csv" },
            { "consignmentId": id, "propertyName": "FinalOpenRecordsConfirmed", "value": "true" },
        ])
    );
    let again = member
        .call(
            CONSIGNMENT_METADATA,
            json!({ "id": id, "metadata": [{ "propertyName": "ClientSideDraftMetadataFileName", "value": "second.csv" }] }),
        )
        .await;
    again.data();
    let journey = member
        .call(
            CONSIGNMENT_METADATA,
            json!({ "id": id, "metadata": [{ "propertyName": "LegalStatus", "value": "Not Public Record(s)" }] }),
        )
        .await;
    assert_eq!(journey.code(), "REFUSED");
    for bad in [
        json!([]),
        json!([{ "propertyName": "Colour", "value": "red" }]),
        json!([{ "propertyName": "", "value": "red" }]),
        json!([{ "propertyName": "JudgmentType", "value": "a" }, { "propertyName": "JudgmentType", "value": "b" }]),
        json!([{ "propertyName": "JudgmentType", "value": "x".repeat(8_001) }]),
    ] {
        let refused = member
            .call(CONSIGNMENT_METADATA, json!({ "id": id, "metadata": bad }))
            .await;
        assert_eq!(refused.code(), "INVALID_INPUT_DATA", "{bad}");
    }
    let seen = member.call(METADATA_OF, json!({ "id": id })).await;
    let consignment_metadata = seen.data()["getConsignment"]["consignmentMetadata"].clone();
    let consignment_metadata = consignment_metadata.as_array().unwrap();
    assert!(consignment_metadata.contains(
        &json!({ "propertyName": "ClientSideDraftMetadataFileName", "value": "second.csv" })
    ));
    assert!(consignment_metadata
        .contains(&json!({ "propertyName": "LegalStatus", "value": "Public Record(s)" })));
    assert!(!consignment_metadata
        .iter()
        .any(|row| row["propertyName"] == "JudgmentType"));

    // Another body's member: as if there were no such consignment; no citizen, no one
    // unauthenticated.
    let outsider = self::member(&app, "other@example.gov.uk", OTHER_BODY).await;
    let theirs = outsider
        .call(
            BULK_FILE_METADATA,
            json!({ "id": id, "files": [{ "fileId": a, "metadata": [{ "filePropertyName": "HeldBy", "value": "Them" }] }] }),
        )
        .await;
    assert_eq!(theirs.code(), "NOT_FOUND");
    let theirs = outsider
        .call(
            CONSIGNMENT_METADATA,
            json!({ "id": id, "metadata": [{ "propertyName": "JudgmentType", "value": "x" }] }),
        )
        .await;
    assert_eq!(theirs.code(), "NOT_FOUND");
    let citizen = signed_in(&app, "citizen@example.com", Role::Citizen, None).await;
    let citizens = citizen
        .call(
            CONSIGNMENT_METADATA,
            json!({ "id": id, "metadata": [{ "propertyName": "JudgmentType", "value": "x" }] }),
        )
        .await;
    assert_eq!(citizens.status, 403);
    let anonymous = send(
        app.new_browser().no_redirect.post(app.url(GRAPHQL)),
        BULK_FILE_METADATA,
        json!({ "id": id, "files": [{ "fileId": a, "metadata": [{ "filePropertyName": "HeldBy", "value": "x" }] }] }),
    )
    .await;
    assert_eq!(anonymous.status, 401);

    // The checks' own metadata: a service client's, once, and only once the upload is over.
    let checksum = |file: &str, value: &str| json!({ "values": [{ "fileId": file, "filePropertyName": "SHA256ServerSideChecksum", "value": value }] });
    let a_sum = hex::encode(Sha256::digest(b"first"));
    let not_for_people = member.call(ADD_FILE_METADATA, checksum(&a, &a_sum)).await;
    assert_eq!(not_for_people.code(), "NOT_AUTHORISED");
    let too_soon = as_service(&app, &token, ADD_FILE_METADATA, checksum(&a, &a_sum)).await;
    assert_eq!(too_soon.code(), "REFUSED");
    member
        .call(
            UPDATE_STATUS,
            json!({ "id": id, "type": "Upload", "value": "Completed" }),
        )
        .await
        .data();
    let recorded = as_service(&app, &token, ADD_FILE_METADATA, checksum(&a, &a_sum)).await;
    assert_eq!(
        recorded.data()["addMultipleFileMetadata"],
        json!([{ "filePropertyName": "SHA256ServerSideChecksum", "fileId": a, "value": a_sum }])
    );
    let twice = as_service(&app, &token, ADD_FILE_METADATA, checksum(&a, "ff")).await;
    assert_eq!(twice.code(), "REFUSED");
    let on_a_folder = as_service(
        &app,
        &token,
        ADD_FILE_METADATA,
        checksum(folder_id.as_str().unwrap(), "ff"),
    )
    .await;
    assert_eq!(on_a_folder.code(), "INVALID_INPUT_DATA");
    let unknown_file = as_service(
        &app,
        &token,
        ADD_FILE_METADATA,
        checksum("00000000-0000-4000-8000-000000000000", "ff"),
    )
    .await;
    assert_eq!(unknown_file.code(), "NOT_FOUND");
    let protected = as_service(
        &app,
        &token,
        ADD_FILE_METADATA,
        json!({ "values": [{ "fileId": b, "filePropertyName": "ClientSideFileSize", "value": "1" }] }),
    )
    .await;
    assert_eq!(protected.code(), "INVALID_INPUT_DATA");
    let by_service = as_service(
        &app,
        &token,
        BULK_FILE_METADATA,
        json!({ "id": id, "files": [{ "fileId": b, "metadata": [{ "filePropertyName": "RightsCopyright", "value": "Crown" }] }] }),
    )
    .await;
    assert_eq!(
        by_service.data()["addOrUpdateBulkFileMetadata"][0]["value"],
        "Crown"
    );
    let seen = member.call(METADATA_OF, json!({ "id": id })).await;
    assert_eq!(
        has(&metadata_of(seen.data(), &a), "SHA256ServerSideChecksum"),
        Some(a_sum.clone())
    );

    // Once the transfer is confirmed, nothing changes.
    checks_succeed(&app, &token, &[a.clone(), b.clone()]).await;
    member
        .call(CONFIRM, json!({ "id": id, "confirmed": true }))
        .await
        .data();
    let late_files = member
        .call(
            BULK_FILE_METADATA,
            json!({ "id": id, "files": [{ "fileId": a, "metadata": [{ "filePropertyName": "ClosurePeriod", "value": "50" }] }] }),
        )
        .await;
    assert_eq!(late_files.code(), "REFUSED");
    let late_consignment = member
        .call(
            CONSIGNMENT_METADATA,
            json!({ "id": id, "metadata": [{ "propertyName": "ClientSideDraftMetadataFileName", "value": "third.csv" }] }),
        )
        .await;
    assert_eq!(late_consignment.code(), "REFUSED");
    let late_service = as_service(
        &app,
        &token,
        ADD_FILE_METADATA,
        json!({ "values": [{ "fileId": b, "filePropertyName": "HeldBy", "value": "Kew" }] }),
    )
    .await;
    assert_eq!(late_service.code(), "REFUSED");
    let seen = member.call(METADATA_OF, json!({ "id": id })).await;
    assert_eq!(
        has(&metadata_of(seen.data(), &a), "ClosurePeriod").as_deref(),
        Some("40")
    );
    assert_eq!(has(&metadata_of(seen.data(), &b), "HeldBy"), None);
    assert!(seen.data()["getConsignment"]["consignmentMetadata"]
        .as_array()
        .unwrap()
        .contains(
            &json!({ "propertyName": "ClientSideDraftMetadataFileName", "value": "second.csv" })
        ));
}

on_both_stores!(
    the_journey_through_graphql,
    a_service_client_reports_the_checks_and_the_export,
    consignments_are_paged_with_cursors,
    only_members_and_service_clients_are_answered,
    files_are_paged_with_cursors,
    check_failures_and_reviews_are_reported,
    metadata_is_changed_until_the_transfer_is_confirmed,
);

/// GraphiQL is served in development only, under a policy of its own; elsewhere GET is 405.
/// Beyond its allowance an address is answered 429 as GraphQL.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graphiql_in_development_only_and_a_rate_limit() {
    let development = TestApp::spawn(Backend::Sqlite).await;
    let page = development.get(GRAPHQL).await;
    assert_eq!(page.status(), 200);
    let policy = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        policy.contains("script-src https://unpkg.com 'sha256-"),
        "{policy}"
    );
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    let html = page.text().await.unwrap();
    assert!(html.contains("graphiql"), "{html}");
    assert!(html.contains("x-csrf-token"), "{html}");
    // The pages keep their strict policy.
    let home = development.get("/").await;
    assert!(!home.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("unpkg"));

    let production = TestApp::spawn_with(Backend::Sqlite, crate::support::make_production).await;
    let refused = production.get(GRAPHQL).await;
    assert_eq!(refused.status(), 405);
    assert_eq!(refused.headers()["allow"], "POST");

    let mut limited = None;
    for _ in 0..400 {
        let answer = send(
            development.no_redirect.post(development.url(GRAPHQL)),
            "{ __typename }",
            json!({}),
        )
        .await;
        if answer.status == 429 {
            limited = Some(answer);
            break;
        }
        assert_eq!(answer.status, 401);
    }
    let limited = limited.expect("the allowance ran out");
    assert_eq!(limited.code(), "RATE_LIMITED");
    assert!(limited.headers.contains_key("retry-after"));
}

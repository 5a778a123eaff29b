//! The transfer service's GraphQL API over HTTP, on SQLite and PostgreSQL (other-systems C.7):
//! the journey taken through it by a signed-in member — series, agreement, upload (the bytes put
//! in the object store and the upload completed as the browser will), the app's own checks, the
//! confirmation and the export — with TDR's names; a service client reporting the checks and the
//! export with a bearer token; paging through consignments with cursors; and who may call: no
//! one unauthenticated, no citizen, no other body's member, no session without its CSRF token,
//! no query nested too deep. The embedded scanner and filesystem objects keep these light (the
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

on_both_stores!(
    the_journey_through_graphql,
    a_service_client_reports_the_checks_and_the_export,
    consignments_are_paged_with_cursors,
    only_members_and_service_clients_are_answered,
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

//! The data store's upload pages over HTTP on SQLite and PostgreSQL: only data store staff and
//! admins see them; a dataset is added (its names checked as the real service checks them, a
//! duplicate refused), selected, and a CSV file uploaded as multipart and streamed into the
//! object store as a version, on to its preview; a missing or non-CSV file and a missing CSRF
//! token are refused.
use app::account::server::Role;
use app::datastore::server::datasets::Datasets;
use app::datastore::server::versions::Versions;
use app::datastore::upload::UploadState;
use backends::on_both_stores;

use crate::accounts::{create_account, sign_in, PASSWORD};
use crate::support::{Backend, Browser, TestApp};

const STAFF: &str = "data@example.com";

async fn signed_in(app: &TestApp, email: &str, role: Role) -> Browser {
    create_account(app, email, role).await;
    let browser = app.new_browser();
    assert_eq!(sign_in(&browser, email, PASSWORD).await.status(), 303);
    browser
}

async fn upload(
    browser: &Browser,
    path: &str,
    file_name: &str,
    csv: &'static str,
    with_token: bool,
) -> reqwest::Response {
    let token = browser.csrf_token(path).await;
    let mut form = reqwest::multipart::Form::new();
    if with_token {
        form = form.text("csrf_token", token);
    }
    let file = reqwest::multipart::Part::bytes(csv.as_bytes())
        .file_name(file_name.to_owned())
        .mime_str("text/csv")
        .unwrap();
    browser
        .no_redirect
        .post(browser.url(path))
        .multipart(form.part("csv_file", file))
        .send()
        .await
        .unwrap()
}

fn location(response: &reqwest::Response) -> String {
    response.headers()["location"].to_str().unwrap().to_owned()
}

async fn only_staff_see_the_upload_pages(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let citizen = signed_in(&app, "citizen@example.com", Role::Citizen).await;
    assert_eq!(citizen.get("/upload").await.status(), 403);
    assert_eq!(citizen.get("/upload/create").await.status(), 403);
    let staff = signed_in(&app, STAFF, Role::DataStore).await;
    staff.get_page("/upload", 200).await;
    let admin = signed_in(&app, "admin@example.com", Role::Admin).await;
    admin.get_page("/upload", 200).await;
    // Signed out: to sign in, and back.
    let visitor = app.new_browser();
    let response = visitor
        .no_redirect
        .get(visitor.url("/upload"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 302);
    assert_eq!(location(&response), "/login?next=%2Fupload");
}

async fn a_dataset_is_added_selected_and_a_file_uploaded(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let staff = signed_in(&app, STAFF, Role::DataStore).await;

    let refused = staff
        .post_form(
            "/upload/create",
            &[("organisation", "Companies House"), ("dataset", "")],
        )
        .await;
    assert_eq!(refused.status(), 400);
    let page = crate::support::Page::new(refused.text().await.unwrap());
    assert_eq!(
        page.texts(".govuk-error-summary__list a"),
        [
            "Please choose a name that meets our dataset naming conventions.",
            "Enter the dataset’s name"
        ]
    );
    let created = staff
        .post_form(
            "/upload/create",
            &[("organisation", "Companies.House"), ("dataset", "Accounts")],
        )
        .await;
    assert_eq!(created.status(), 303);
    assert_eq!(
        location(&created),
        "/upload/created/companies_house-accounts"
    );
    let page = staff
        .get_page("/upload/created/companies_house-accounts", 200)
        .await;
    assert_eq!(page.text(".govuk-panel__title"), "Dataset pipeline created");
    assert_eq!(page.text(".govuk-panel__body"), "companies_house.accounts");
    staff.get_page("/upload/created/nobody-nothing", 404).await;
    let duplicate = staff
        .post_form(
            "/upload/create",
            &[("organisation", "companies_house"), ("dataset", "accounts")],
        )
        .await;
    let page = crate::support::Page::new(duplicate.text().await.unwrap());
    assert_eq!(
        page.texts(".govuk-error-message"),
        ["Error: Pipeline for organisation and dataset already exists"]
    );

    let missing = staff.post_form("/upload", &[]).await;
    let page = crate::support::Page::new(missing.text().await.unwrap());
    assert_eq!(
        page.texts(".govuk-error-summary__list a"),
        ["Select one of the existing pipelines to upload data to"]
    );
    let chosen = staff
        .post_form("/upload", &[("pipeline", "companies_house-accounts")])
        .await;
    assert_eq!(location(&chosen), "/upload/data/companies_house-accounts");

    let path = "/upload/data/companies_house-accounts";
    let not_csv = upload(&staff, path, "accounts.xlsx", "x", true).await;
    assert_eq!(location(&not_csv), format!("{path}?error=not-csv"));
    let page = staff.get_page(&format!("{path}?error=not-csv"), 200).await;
    assert_eq!(
        page.texts(".govuk-error-summary__list a"),
        ["Select a CSV data file to upload"]
    );
    assert_eq!(
        page.text("#csv_file-error"),
        "Error: Select a CSV data file to upload"
    );
    let empty = upload(&staff, path, "accounts.csv", "", true).await;
    assert_eq!(location(&empty), format!("{path}?error=not-csv"));
    let forged = upload(&staff, path, "accounts.csv", "name\nAcme\n", false).await;
    assert_eq!(forged.status(), 403);

    let uploaded = upload(
        &staff,
        path,
        "accounts.csv",
        "name,employees\nAcme,12\n",
        true,
    )
    .await;
    assert_eq!(uploaded.status(), 303);
    let verify = location(&uploaded);
    let id = verify
        .strip_prefix("/upload/data/companies_house-accounts/verify/")
        .expect("on to the preview")
        .to_owned();
    let backends = &app.state.backends;
    let dataset = Datasets::of(backends)
        .by_slug(&"companies_house-accounts".to_owned().try_into().unwrap())
        .await
        .unwrap()
        .unwrap();
    let version = Versions::of(backends)
        .find(dataset.id, &id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(version.state, UploadState::Uploaded);
    assert_eq!(version.file_name, "accounts.csv");
    assert_eq!(version.size_bytes, Some(23));
    let stored = backends
        .objects
        .get(&version.key().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        &stored.into_bytes().await.unwrap()[..],
        b"name,employees\nAcme,12\n"
    );
    // Listed on the dataset's page, to process; refused and failed ones are not.
    let page = staff.get_page(path, 200).await;
    assert_eq!(
        page.texts("tbody .govuk-table__row td:first-child"),
        ["accounts.csv"]
    );
    assert_eq!(page.texts("tbody a"), ["Process accounts.csv"]);

    let citizen = signed_in(&app, "citizen@example.com", Role::Citizen).await;
    let token = citizen.csrf_token("/user/dashboard").await;
    let response = citizen
        .no_redirect
        .post(citizen.url(path))
        .multipart(
            reqwest::multipart::Form::new()
                .text("csrf_token", token)
                .part(
                    "csv_file",
                    reqwest::multipart::Part::bytes(&b"a\n1\n"[..]).file_name("a.csv"),
                ),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
}

async fn a_file_is_previewed_checked_and_processed(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let staff = signed_in(&app, STAFF, Role::DataStore).await;
    staff
        .post_form(
            "/upload/create",
            &[("organisation", "dit"), ("dataset", "tariffs")],
        )
        .await;
    let path = "/upload/data/dit-tariffs";

    // A ragged file: the preview says why, the version is failed, and it can be tried again.
    let ragged = location(&upload(&staff, path, "bad.csv", "code,rate\nA1,5\nA2\n", true).await);
    let page = staff.get_page(&ragged, 200).await;
    assert_eq!(
        page.text("[data-testid=csv-problem]"),
        "Unable to process CSV file: row 2 (line 3) has 1 values, but the headers name 2 columns."
    );
    assert_eq!(page.attrs("a.govuk-button", "href"), [path]);

    let verify = location(&upload(&staff, path, "good.csv", "code,rate\nA1,5\nA2,7\n", true).await);
    let page = staff.get_page(&verify, 200).await;
    assert_eq!(
        page.text(".govuk-panel__title"),
        "Data successfully uploaded"
    );
    assert_eq!(
        page.attrs("select[name=column_types] option[selected]", "value"),
        ["text", "integer"]
    );
    assert_eq!(
        page.texts("#column_types tbody td:last-child"),
        ["A1, A2", "5, 7"]
    );

    let unanswered = staff
        .post_form(
            &verify,
            &[("column_types", "text"), ("column_types", "integer")],
        )
        .await;
    assert_eq!(unanswered.status(), 400);
    let page = crate::support::Page::new(unanswered.text().await.unwrap());
    assert_eq!(
        page.texts(".govuk-error-summary__list a"),
        ["Select yes if the contents of the file look correct"]
    );
    let misfit = staff
        .post_form(
            &verify,
            &[
                ("column_types", "integer"),
                ("column_types", "integer"),
                ("answer", "yes"),
            ],
        )
        .await;
    let page = crate::support::Page::new(misfit.text().await.unwrap());
    assert_eq!(
        page.texts(".govuk-error-summary__list a"),
        ["Unable to process CSV file: line 2, column \"code\": \"A1\" is not a whole number."]
    );
    let processing = staff
        .post_form(
            &verify,
            &[
                ("column_types", "text"),
                ("column_types", "numeric"),
                ("answer", "yes"),
            ],
        )
        .await;
    assert_eq!(processing.status(), 303);
    let id = verify.rsplit('/').next().unwrap().to_owned();
    assert_eq!(location(&processing), format!("{path}/uploaded/{id}"));
    let versions = Versions::of(&app.state.backends);
    backends::testing::eventually(
        std::time::Duration::from_secs(30),
        "the file is processed",
        || async {
            let version = versions.by_id(&id).await.unwrap().unwrap();
            (version.state == UploadState::Completed).then_some(version)
        },
    )
    .await;
    let page = staff.get_page(path, 200).await;
    assert_eq!(page.texts("tbody td:last-child"), ["Latest"]);
    // The preview of a processed version is gone.
    staff.get_page(&verify, 404).await;

    // A load that failed: its progress page goes to the failure's, which says why.
    let doomed = location(&upload(&staff, path, "later.csv", "code,rate\nC1,1\n", true).await);
    let doomed_id = doomed.rsplit('/').next().unwrap().to_owned();
    let why = "Unable to process CSV file: line 9, column \"rate\": \"x\" is not a whole number.";
    assert!(versions.fail(&doomed_id, why).await.unwrap());
    let progress_page = format!("{path}/uploaded/{doomed_id}");
    let response = staff
        .no_redirect
        .get(staff.url(&progress_page))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 302);
    assert_eq!(location(&response), format!("{progress_page}/failed"));
    let page = staff
        .get_page(&format!("{progress_page}/failed"), 200)
        .await;
    assert_eq!(page.text("[data-testid=csv-problem]"), why);
    staff
        .get_page(&format!("{path}/uploaded/{id}/failed"), 404)
        .await;

    // A second version, then the first restored: processed again, it is the latest.
    let second = location(&upload(&staff, path, "second.csv", "code,rate\nZ9,9\n", true).await);
    let second_id = second.rsplit('/').next().unwrap().to_owned();
    staff
        .post_form(
            &second,
            &[
                ("column_types", "text"),
                ("column_types", "integer"),
                ("answer", "yes"),
            ],
        )
        .await;
    backends::testing::eventually(
        std::time::Duration::from_secs(30),
        "the second version is processed",
        || async {
            let version = versions.by_id(&second_id).await.unwrap().unwrap();
            (version.state == UploadState::Completed).then_some(())
        },
    )
    .await;
    let page = staff.get_page(path, 200).await;
    assert_eq!(
        page.texts("tbody td:last-child"),
        ["Latest", "Restore good.csv"]
    );
    staff
        .get_page(&format!("{path}/restore/{second_id}"), 404)
        .await;
    let restore = format!("{path}/restore/{id}");
    let page = staff.get_page(&restore, 200).await;
    assert_eq!(
        page.text("h1"),
        "Are you sure you want to restore this version of the data"
    );
    assert_eq!(
        page.texts("caption"),
        ["Version to restore", "Latest version"]
    );
    assert_eq!(
        page.texts("tbody td:last-child"),
        ["A1, A2", "5, 7", "Z9", "9"]
    );
    let restored = staff.post_form(&restore, &[]).await;
    assert_eq!(location(&restored), format!("{path}/uploaded/{id}"));
    backends::testing::eventually(
        std::time::Duration::from_secs(30),
        "the first version is the latest again",
        || async {
            let latest = versions.latest_completed(1).await.unwrap().unwrap();
            (latest.id == id).then_some(())
        },
    )
    .await;

    // "No": the file is forgotten.
    let unwanted = location(&upload(&staff, path, "again.csv", "code,rate\nB1,1\n", true).await);
    let forgotten = staff
        .post_form(
            &unwanted,
            &[
                ("column_types", "text"),
                ("column_types", "integer"),
                ("answer", "no"),
            ],
        )
        .await;
    assert_eq!(location(&forgotten), "/upload");
    let unwanted_id = unwanted.rsplit('/').next().unwrap();
    assert!(versions.by_id(unwanted_id).await.unwrap().is_none());
}

on_both_stores!(
    only_staff_see_the_upload_pages,
    a_dataset_is_added_selected_and_a_file_uploaded,
    a_file_is_previewed_checked_and_processed,
);

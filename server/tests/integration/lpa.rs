//! Making an LPA over HTTP, as a browser without JavaScript does: creating, each step saved,
//! resuming, URLs typed ahead, out-of-date saves, the warnings, deleting, and another account's
//! LPAs, on SQLite and PostgreSQL.
use app::account::server::{Role, UserId};
use app::lpa::model::{LpaId, LpaType};
use app::lpa::server::Lpas;
use reqwest::header::LOCATION;

use crate::accounts::{create_account, sign_in, PASSWORD};
use crate::support::{Backend, Browser, TestApp};
use backends::on_both_stores;

/// Signs `email` in on `browser` (a new account).
pub(crate) async fn signed_in(app: &TestApp, browser: &Browser, email: &str) -> UserId {
    let id = create_account(app, email, Role::Citizen).await;
    assert_eq!(sign_in(browser, email, PASSWORD).await.status(), 303);
    id
}

pub(crate) fn location(response: &reqwest::Response) -> String {
    response.headers()[LOCATION].to_str().unwrap().to_owned()
}

/// Starts an LPA through `/lpa/type`; its id.
pub(crate) async fn start(browser: &Browser, lpa_type: &str) -> LpaId {
    let response = browser.post_form("/lpa/type", &[("type", lpa_type)]).await;
    assert_eq!(response.status(), 303);
    let to = location(&response);
    let id = to
        .strip_prefix("/lpa/")
        .and_then(|rest| rest.strip_suffix("/donor"))
        .unwrap_or_else(|| panic!("a new LPA goes to its donor: {to}"));
    let id: LpaId = id.parse().unwrap();
    assert!(id.get() >= LpaId::FIRST_NEW && id.get() <= LpaId::MAX);
    id
}

/// The revision the page at `path` was drawn from.
pub(crate) async fn revision(browser: &Browser, path: &str) -> String {
    let page = browser.get_page(path, 200).await;
    page.attrs("input[name=revision]", "value")
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("{path} has a revision field"))
}

/// Posts a step's form with the revision of its page.
pub(crate) async fn save(
    browser: &Browser,
    path: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let revision = revision(browser, path).await;
    let mut body = vec![("revision", revision.as_str())];
    body.extend_from_slice(fields);
    browser.post_form(path, &body).await
}

pub(crate) const DONOR: &[(&str, &str)] = &[
    ("name-title", "Mrs"),
    ("name-first", "Dana"),
    ("name-last", "Donor"),
    ("dob-day", "1"),
    ("dob-month", "2"),
    ("dob-year", "1950"),
    ("address-address1", "1 High Street"),
    ("address-address3", "Leeds"),
    ("address-postcode", "LS1 1AA"),
];

pub(crate) async fn get_status(browser: &Browser, path: &str) -> (u16, Option<String>) {
    let response = browser
        .no_redirect
        .get(browser.url(path))
        .send()
        .await
        .unwrap();
    let to = response
        .headers()
        .get(LOCATION)
        .map(|to| to.to_str().unwrap().to_owned());
    (response.status().as_u16(), to)
}

async fn an_lpa_is_started_saved_step_by_step_and_resumed(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let owner = signed_in(&app, &app, "donor@example.com").await;
    let page = app.get_page("/lpa/type", 200).await;
    assert_eq!(page.attrs("main form", "action"), ["/lpa/type"]);
    let id = start(&app, "property-and-financial").await;
    let base = format!("/lpa/{id}");

    // Only the type is answered: resuming shows the type.
    assert_eq!(
        get_status(&app, &base).await,
        (302, Some(format!("{base}/type")))
    );
    // A person's form returns to their step's page.
    let response = save(&app, &format!("{base}/donor/add"), DONOR).await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), format!("{base}/donor"));
    assert_eq!(
        get_status(&app, &base).await,
        (302, Some(format!("{base}/donor")))
    );
    let donor = app.get_page(&format!("{base}/donor"), 200).await;
    assert!(donor.text("main dl").contains("Mrs Dana Donor"));
    // Adding a donor again is changing them.
    assert_eq!(
        get_status(&app, &format!("{base}/donor/add")).await,
        (302, Some(format!("{base}/donor/edit")))
    );
    let edit = app.get_page(&format!("{base}/donor/edit"), 200).await;
    assert_eq!(edit.attrs("#name-first", "value"), ["Dana"]);

    let response = save(&app, &format!("{base}/when-lpa-starts"), &[("when", "now")]).await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), format!("{base}/primary-attorney"));

    let lpas = Lpas::of(&app.state.backends);
    let stored = lpas.get(&owner, id).await.unwrap().unwrap();
    assert_eq!(
        stored.document.lpa_type(),
        Some(LpaType::PropertyAndFinancial)
    );
    assert_eq!(
        stored.document.donor().unwrap().name.to_string(),
        "Mrs Dana Donor"
    );
    assert_eq!(stored.revision.0, 3, "created, then two saves");
    assert_eq!(stored.created_at, None, "far from created");

    // Changing the type clears "when it starts", which health and welfare does not ask.
    let response = save(
        &app,
        &format!("{base}/type"),
        &[("type", "health-and-welfare")],
    )
    .await;
    assert_eq!(location(&response), format!("{base}/donor"));
    let stored = lpas.get(&owner, id).await.unwrap().unwrap();
    assert_eq!(stored.document.primary_decisions().when, None);
    assert_eq!(
        get_status(&app, &format!("{base}/when-lpa-starts")).await,
        (302, Some(format!("{base}/donor")))
    );
    let response = save(
        &app,
        &format!("{base}/life-sustaining"),
        &[("canSustainLife", "0")],
    )
    .await;
    assert_eq!(location(&response), format!("{base}/primary-attorney"));
}

async fn a_url_typed_ahead_goes_to_the_nearest_open_step(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    signed_in(&app, &app, "ahead@example.com").await;
    let id = start(&app, "health-and-welfare").await;
    let base = format!("/lpa/{id}");
    for ahead in ["life-sustaining", "donor/edit", "when-lpa-starts"] {
        assert_eq!(
            get_status(&app, &format!("{base}/{ahead}")).await,
            (302, Some(format!("{base}/donor"))),
            "{ahead}"
        );
    }
    // A save posted to a page that is not open is not made.
    let response = app
        .post_form(
            &format!("{base}/life-sustaining"),
            &[("canSustainLife", "1"), ("revision", "1")],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), format!("{base}/donor"));
    let (status, _) = get_status(&app, &format!("{base}/nothing-here")).await;
    assert_eq!(status, 404);
}

async fn the_rules_and_their_messages_are_checked_on_the_server(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    signed_in(&app, &app, "rules@example.com").await;
    let response = app.post_form("/lpa/type", &[("type", "other")]).await;
    assert_eq!(response.status(), 400);
    let id = start(&app, "property-and-financial").await;
    let add = format!("/lpa/{id}/donor/add");
    let response = save(
        &app,
        &add,
        &[
            ("name-first", &"x".repeat(54)),
            ("dob-day", "31"),
            ("dob-month", "2"),
            ("dob-year", "1950"),
            ("address-postcode", "TOO LONG 1"),
        ],
    )
    .await;
    assert_eq!(response.status(), 400);
    let page = crate::support::Page::new(response.text().await.unwrap());
    assert!(page.title().starts_with("Error: "));
    let summary = page.texts(".govuk-error-summary__list a");
    for message in [
        "First names must be 53 characters or fewer",
        "Enter the donor’s last name",
        "Date of birth must be a real date",
        "Enter the first line of the donor’s address",
        "Postcode must be 8 characters or fewer – put overseas postcodes in the address lines",
    ] {
        assert!(
            summary.iter().any(|m| m == message),
            "{message} in {summary:?}"
        );
    }
    assert_eq!(
        page.attrs("#name-first", "value"),
        ["x".repeat(54)],
        "input kept"
    );
}

async fn a_donor_under_18_is_saved_only_once_confirmed(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    signed_in(&app, &app, "young@example.com").await;
    let id = start(&app, "property-and-financial").await;
    let add = format!("/lpa/{id}/donor/add");
    let mut young: Vec<(&str, &str)> = DONOR.to_vec();
    young.retain(|(name, _)| *name != "dob-year");
    // Born last year: under 18, and in the past whatever today's date.
    let last_year = (chrono::Datelike::year(&chrono::Utc::now()) - 1).to_string();
    young.push(("dob-year", &last_year));
    let response = save(&app, &add, &young).await;
    assert_eq!(response.status(), 400);
    let page = crate::support::Page::new(response.text().await.unwrap());
    assert!(page.text(".govuk-warning-text").contains("under 18"));
    assert_eq!(
        page.texts(".govuk-error-summary__list a"),
        [app::lpa::warnings::CONFIRM_MESSAGE]
    );
    young.push(("confirm", "yes"));
    let response = save(&app, &add, &young).await;
    assert_eq!(response.status(), 303);
}

async fn a_save_from_an_out_of_date_page_is_refused_and_the_input_kept(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    signed_in(&app, &app, "tabs@example.com").await;
    let id = start(&app, "property-and-financial").await;
    let add = format!("/lpa/{id}/donor/add");
    // Two tabs open the donor form; the first saves.
    let first_tab = revision(&app, &add).await;
    let mut body = vec![("revision", first_tab.as_str())];
    body.extend_from_slice(DONOR);
    assert_eq!(app.post_form(&add, &body).await.status(), 303);
    // The second, drawn before that, is refused, keeping what it sent.
    let edit = format!("/lpa/{id}/donor/edit");
    let mut stale = vec![("revision", first_tab.as_str()), ("name-first", "Other")];
    stale.extend(DONOR.iter().filter(|(name, _)| *name != "name-first"));
    let response = app.post_form(&edit, &stale).await;
    assert_eq!(response.status(), 400);
    let page = crate::support::Page::new(response.text().await.unwrap());
    assert!(page.text("#revision").contains("changed in another tab"));
    assert_eq!(page.attrs("#name-first", "value"), ["Other"]);
    // The page now carries the current revision: saving again, knowingly, works.
    let current = page.attrs("input[name=revision]", "value").remove(0);
    assert_ne!(current, first_tab);
    let mut again = vec![("revision", current.as_str()), ("name-first", "Other")];
    again.extend(DONOR.iter().filter(|(name, _)| *name != "name-first"));
    let response = app.post_form(&edit, &again).await;
    assert_eq!(response.status(), 303);
    let donor = app.get_page(&format!("/lpa/{id}/donor"), 200).await;
    assert!(donor.text("main dl").contains("Mrs Other Donor"));
}

async fn another_account_finds_no_lpa_at_any_of_its_urls(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    signed_in(&app, &app, "owner@example.com").await;
    let id = start(&app, "property-and-financial").await;
    assert_eq!(
        save(&app, &format!("/lpa/{id}/donor/add"), DONOR)
            .await
            .status(),
        303
    );

    let other = app.new_browser();
    signed_in(&app, &other, "other@example.com").await;
    for page in [
        "",
        "/type",
        "/donor",
        "/donor/add",
        "/donor/edit",
        "/when-lpa-starts",
        "/life-sustaining",
        "/primary-attorney",
        "/certificate-provider",
        "/certificate-provider/add",
        "/people-to-notify",
        "/people-to-notify/add",
        "/instructions",
        "/summary",
    ] {
        let path = format!("/lpa/{id}{page}");
        let (status, _) = get_status(&other, &path).await;
        assert_eq!(status, 404, "GET {path}");
        // One body every form of these pages finds valid (each ignores the others' fields), so
        // what answers is the owner check, not the form's rules.
        let token = other.csrf_token("/lpa/type").await;
        let mut body = vec![
            ("csrf_token", token.as_str()),
            ("revision", "2"),
            ("type", "health-and-welfare"),
            ("when", "now"),
            ("canSustainLife", "1"),
        ];
        body.extend_from_slice(DONOR);
        let response = other
            .no_redirect
            .post(other.url(&path))
            .form(&body)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        assert!(matches!(status, 404 | 405), "POST {path}: {status}");
        let text = response.text().await.unwrap();
        assert!(!text.contains("Dana"), "POST {path} shows the donor");
    }
    // The server function pages load their LPA with: its error (server functions answer errors
    // with 500 and the error in the body) is "not found", the same as for no LPA at all.
    let path = format!("/_fn/lpa-page?path=%2Flpa%2F{id}%2Fdonor");
    let response = other.get(&path).await;
    assert!(!response.status().is_success());
    let body = response.text().await.unwrap();
    assert!(
        body.contains("NotFound") && !body.contains("Dana"),
        "{body}"
    );
    let missing = other.get("/_fn/lpa-page?path=%2Flpa%2F1%2Fdonor").await;
    assert_eq!(missing.text().await.unwrap(), body);
    // The owner gets it.
    let own = app.get(&path).await.text().await.unwrap();
    assert!(own.contains("Dana"), "{own}");
}

const ATTORNEY: &[(&str, &str)] = &[
    ("kind", "human"),
    ("dob-day", "2"),
    ("dob-month", "3"),
    ("dob-year", "1970"),
    ("address-address1", "2 Low Road"),
    ("address-postcode", "LS2 2BB"),
];

pub(crate) async fn add_attorney(
    app: &TestApp,
    base: &str,
    list: &str,
    first: &str,
) -> reqwest::Response {
    let mut body = vec![("name-first", first), ("name-last", "Attorney")];
    body.extend_from_slice(ATTORNEY);
    save(app, &format!("{base}/{list}/add"), &body).await
}

async fn attorneys_trust_corporations_and_their_decisions(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let owner = signed_in(&app, &app, "attorneys@example.com").await;
    let id = start(&app, "property-and-financial").await;
    let base = format!("/lpa/{id}");
    save(&app, &format!("{base}/donor/add"), DONOR).await;
    save(&app, &format!("{base}/when-lpa-starts"), &[("when", "now")]).await;

    let response = add_attorney(&app, &base, "primary-attorney", "Ann").await;
    assert_eq!(location(&response), format!("{base}/primary-attorney"));
    let trust = [
        ("kind", "trust"),
        ("name", "Trusty Ltd"),
        ("number", "0123456"),
        ("address-address1", "1 Bank Street"),
        ("address-postcode", "EC1 1AA"),
    ];
    let response = save(&app, &format!("{base}/primary-attorney/add-trust"), &trust).await;
    assert_eq!(response.status(), 303);
    // One trust corporation across all attorneys: the link goes, the page sends people back.
    let list = app.get_page(&format!("{base}/primary-attorney"), 200).await;
    assert_eq!(list.count(".govuk-summary-card"), 2);
    assert!(!list.html.contains("add-trust"));
    assert_eq!(
        get_status(&app, &format!("{base}/replacement-attorney/add-trust"))
            .await
            .1,
        Some(format!("{base}/how-primary-attorneys-make-decision")),
        "the replacements wait for how the two attorneys act"
    );
    assert_eq!(
        get_status(&app, &format!("{base}/primary-attorney/add-trust")).await,
        (302, Some(format!("{base}/primary-attorney")))
    );
    assert_eq!(
        list.attrs("a.govuk-button", "href"),
        [format!("{base}/how-primary-attorneys-make-decision")]
    );

    // "Depends" needs its details.
    let how = format!("{base}/how-primary-attorneys-make-decision");
    let response = save(&app, &how, &[("how", "depends")]).await;
    assert_eq!(response.status(), 400);
    let response = save(
        &app,
        &how,
        &[
            ("how", "depends"),
            ("howDetails", "Selling the house jointly"),
        ],
    )
    .await;
    assert_eq!(location(&response), format!("{base}/replacement-attorney"));

    // Saving the replacements' page with none confirms there are none.
    let response = save(&app, &format!("{base}/replacement-attorney"), &[]).await;
    assert_eq!(location(&response), format!("{base}/certificate-provider"));
    let stored = Lpas::of(&app.state.backends)
        .get(&owner, id)
        .await
        .unwrap()
        .unwrap();
    assert!(stored.metadata.replacement_attorneys_confirmed);

    // The same name as the donor on an attorney is questioned.
    let mut twin = vec![("name-first", "Dana"), ("name-last", "Donor")];
    twin.extend_from_slice(ATTORNEY);
    let response = save(&app, &format!("{base}/replacement-attorney/add"), &twin).await;
    assert_eq!(response.status(), 400);
    let page = crate::support::Page::new(response.text().await.unwrap());
    assert!(page.text(".govuk-warning-text").contains("as the donor"));

    // Removing an attorney down to one clears how they act.
    let confirm = app
        .get_page(&format!("{base}/primary-attorney/confirm-delete/1"), 200)
        .await;
    assert!(confirm.text("h1").contains("Trusty Ltd"));
    assert_eq!(
        confirm.attrs("main form", "action"),
        [format!("{base}/primary-attorney/delete/1")]
    );
    let response = save(&app, &format!("{base}/primary-attorney/delete/1"), &[]).await;
    assert_eq!(location(&response), format!("{base}/primary-attorney"));
    let stored = Lpas::of(&app.state.backends)
        .get(&owner, id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.document.primary_attorneys().len(), 1);
    assert_eq!(stored.document.primary_decisions().how, None);
    assert_eq!(
        get_status(&app, &how).await,
        (302, Some(format!("{base}/primary-attorney")))
    );

    // Health and welfare: no trust corporations at all.
    let hw = start(&app, "health-and-welfare").await;
    let hw_base = format!("/lpa/{hw}");
    save(&app, &format!("{hw_base}/donor/add"), DONOR).await;
    save(
        &app,
        &format!("{hw_base}/life-sustaining"),
        &[("canSustainLife", "1")],
    )
    .await;
    assert_eq!(
        get_status(&app, &format!("{hw_base}/primary-attorney/add-trust")).await,
        (302, Some(format!("{hw_base}/primary-attorney")))
    );
}

/// A property and financial affairs LPA with two primaries acting jointly and severally, up to
/// its people to notify: `(owner, base path)`.
async fn up_to_the_replacements(app: &TestApp, email: &str) -> (UserId, String) {
    let owner = signed_in(app, app, email).await;
    let id = start(app, "property-and-financial").await;
    let base = format!("/lpa/{id}");
    save(app, &format!("{base}/donor/add"), DONOR).await;
    save(app, &format!("{base}/when-lpa-starts"), &[("when", "now")]).await;
    add_attorney(app, &base, "primary-attorney", "Ann").await;
    add_attorney(app, &base, "primary-attorney", "Bob").await;
    let response = save(
        app,
        &format!("{base}/how-primary-attorneys-make-decision"),
        &[("how", "jointly-attorney-severally")],
    )
    .await;
    assert_eq!(location(&response), format!("{base}/replacement-attorney"));
    (owner, base)
}

const PERSON: &[(&str, &str)] = &[
    ("address-address1", "3 Side Street"),
    ("address-address3", "York"),
    ("address-postcode", "YO1 1AA"),
];

pub(crate) async fn add_person(
    app: &TestApp,
    path: &str,
    role: &str,
    first: &str,
) -> reqwest::Response {
    let mut body = vec![
        ("role", role),
        ("name-first", first),
        ("name-last", "Person"),
    ];
    body.extend_from_slice(PERSON);
    save(app, path, &body).await
}

async fn replacements_certificate_provider_people_to_notify_and_instructions(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (owner, base) = up_to_the_replacements(&app, "steps@example.com").await;
    let lpas = Lpas::of(&app.state.backends);
    let id: LpaId = base.trim_start_matches("/lpa/").parse().unwrap();

    // One replacement, primaries jointly and severally: when they step in is asked.
    let response = add_attorney(&app, &base, "replacement-attorney", "Cy").await;
    assert_eq!(location(&response), format!("{base}/replacement-attorney"));
    let step_in = format!("{base}/when-replacement-attorney-step-in");
    let response = save(&app, &format!("{base}/replacement-attorney"), &[]).await;
    assert_eq!(location(&response), step_in);
    assert_eq!(
        save(&app, &step_in, &[("when", "depends")]).await.status(),
        400
    );
    // "Last", with two replacements: how they act is asked too.
    add_attorney(&app, &base, "replacement-attorney", "Di").await;
    let response = save(&app, &step_in, &[("when", "last")]).await;
    let how = format!("{base}/how-replacement-attorneys-make-decision");
    assert_eq!(location(&response), how);
    let page = app.get_page(&how, 200).await;
    assert_eq!(
        page.text("h1"),
        "How should the replacement attorneys make decisions?"
    );
    let response = save(&app, &how, &[("how", "jointly")]).await;
    assert_eq!(location(&response), format!("{base}/certificate-provider"));
    // "First" makes how they act not apply: it is cleared, and its page closed.
    save(&app, &step_in, &[("when", "first")]).await;
    let stored = lpas.get(&owner, id).await.unwrap().unwrap();
    assert_eq!(stored.document.replacement_decisions().how, None);
    assert_eq!(get_status(&app, &how).await, (302, Some(step_in.clone())));

    // The certificate provider can be skipped for now; the people to notify open.
    let provider = format!("{base}/certificate-provider");
    let notify = format!("{base}/people-to-notify");
    assert_eq!(
        get_status(&app, &notify).await,
        (302, Some(provider.clone()))
    );
    let response = save(&app, &provider, &[]).await;
    assert_eq!(location(&response), notify);
    let stored = lpas.get(&owner, id).await.unwrap().unwrap();
    assert!(stored.metadata.certificate_provider_skipped);
    assert!(stored.metadata.certificate_provider_was_skipped);

    // Up to 5 people to notify: at 5 the link goes and adding is refused.
    for first in ["Ed", "Flo", "Gus", "Hal", "Ivy"] {
        let response = add_person(&app, &format!("{notify}/add"), "person-to-notify", first).await;
        assert_eq!(location(&response), notify, "{first}");
    }
    let list = app.get_page(&notify, 200).await;
    assert_eq!(list.count(".govuk-summary-card"), 5);
    assert!(!list.html.contains("people-to-notify/add"));
    assert!(list.text(".govuk-inset-text").contains("5"));
    assert_eq!(
        get_status(&app, &format!("{notify}/add")).await,
        (302, Some(notify.clone()))
    );
    let response = add_person(&app, &format!("{notify}/add"), "person-to-notify", "Jo").await;
    assert_eq!(location(&response), notify, "a sixth is not saved");
    // A person to notify who is an attorney is questioned, with the role's own messages.
    let mut twin = vec![
        ("role", "person-to-notify"),
        ("name-first", "Ann"),
        ("name-last", "Attorney"),
    ];
    twin.extend_from_slice(PERSON);
    let response = save(&app, &format!("{notify}/edit/0"), &twin).await;
    assert_eq!(response.status(), 400);
    let warned = crate::support::Page::new(response.text().await.unwrap());
    assert!(warned
        .text(".govuk-warning-text")
        .contains("as an attorney"));
    let response = save(
        &app,
        &format!("{notify}/edit/0"),
        &[("role", "person-to-notify")],
    )
    .await;
    let page = crate::support::Page::new(response.text().await.unwrap());
    assert_eq!(
        page.text("#name-first-error"),
        "Error: Enter the person to notify’s first names"
    );
    // Removing one.
    let response = save(&app, &format!("{notify}/delete/4"), &[]).await;
    assert_eq!(location(&response), notify);
    let response = save(&app, &notify, &[]).await;
    let instructions = format!("{base}/instructions");
    assert_eq!(location(&response), instructions);

    // Instructions keep the rules; empty boxes are an answer, and everything answered goes to
    // the summary.
    let response = save(
        &app,
        &instructions,
        &[
            ("instruction", "see https://example.com"),
            ("preference", ""),
        ],
    )
    .await;
    assert_eq!(response.status(), 400);
    let page = crate::support::Page::new(response.text().await.unwrap());
    assert!(page
        .text("#instruction-error")
        .contains("cannot include web links"));
    assert!(
        page.html.contains("see https://example.com"),
        "the input is kept"
    );
    let response = save(
        &app,
        &instructions,
        &[("instruction", "Sell the car"), ("preference", "")],
    )
    .await;
    let summary = format!("{base}/summary");
    assert_eq!(location(&response), summary);
    let stored = lpas.get(&owner, id).await.unwrap().unwrap();
    assert_eq!(stored.created_at, None, "no certificate provider yet");
    assert!(stored.metadata.instruction_confirmed);

    let page = app.get_page(&summary, 200).await;
    let text = page.text("main");
    for expected in [
        "Mrs Dana Donor",
        "Ann Attorney",
        "Cy Attorney",
        "As soon as one of the original attorneys can no longer act",
        "Not added yet",
        "Flo Person",
        "Sell the car",
    ] {
        assert!(
            text.contains(expected),
            "the summary shows {expected}: {text}"
        );
    }
    assert!(page
        .attrs("a", "href")
        .contains(&format!("{base}/primary-attorney/edit/1")));

    // Adding the certificate provider (from the summary's link) goes back to its list, as every
    // person's page does until the final check can be reached; it makes the LPA created.
    let response = add_person(
        &app,
        &format!("{provider}/add"),
        "certificate-provider",
        "Kim",
    )
    .await;
    assert_eq!(location(&response), provider);
    let stored = lpas.get(&owner, id).await.unwrap().unwrap();
    assert!(stored.created_at.is_some());
    assert!(!stored.metadata.certificate_provider_skipped);
    assert!(stored.metadata.certificate_provider_was_skipped);
    assert_eq!(
        get_status(&app, &format!("{provider}/add")).await,
        (302, Some(format!("{provider}/edit")))
    );
    let response = save(&app, &format!("{provider}/delete"), &[]).await;
    assert_eq!(location(&response), provider);
    let stored = lpas.get(&owner, id).await.unwrap().unwrap();
    assert_eq!(stored.created_at, None, "created no more");
}

async fn the_dashboard_lists_continues_and_deletes_lpas(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    signed_in(&app, &app, "dashboard@example.com").await;
    // No LPAs: straight on to making one.
    assert_eq!(
        get_status(&app, "/user/dashboard").await,
        (302, Some("/lpa/type".to_owned()))
    );
    let first = start(&app, "property-and-financial").await;
    save(&app, &format!("/lpa/{first}/donor/add"), DONOR).await;
    let second = start(&app, "health-and-welfare").await;

    let page = app.get_page("/user/dashboard", 200).await;
    assert_eq!(page.count(".govuk-summary-card"), 2);
    assert_eq!(
        page.texts(".govuk-summary-card__title"),
        ["Mrs Dana Donor", "Donor not added yet"],
        "grouped by type, property and financial affairs first"
    );
    assert_eq!(
        page.texts("main h2.govuk-heading-m"),
        ["Property and financial affairs", "Health and welfare"]
    );
    let text = page.text("main");
    assert!(text.contains(&first.a_reference()) && text.contains(&second.a_reference()));
    assert!(text.contains("Health and welfare") && text.contains("Started"));
    assert!(page.attrs("a", "href").contains(&format!("/lpa/{first}")));
    assert_eq!(
        page.attrs("a.govuk-button", "href"),
        ["/lpa/type"],
        "Make a new LPA"
    );

    // Another account cannot see or delete it.
    let other = app.new_browser();
    signed_in(&app, &other, "nosy@example.com").await;
    let confirm = format!("/user/dashboard/confirm-delete-lpa/{first}");
    let delete = format!("/user/dashboard/delete-lpa/{first}");
    assert_eq!(get_status(&other, &confirm).await.0, 404);
    let token = other.csrf_token("/lpa/type").await;
    let response = other
        .no_redirect
        .post(other.url(&delete))
        .form(&[("csrf_token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);

    let page = app.get_page(&confirm, 200).await;
    assert!(page.text("main").contains("Mrs Dana Donor"));
    assert_eq!(page.attrs("main form", "action"), [delete.as_str()]);
    let response = app.post_form(&delete, &[]).await;
    assert_eq!(location(&response), "/user/dashboard?saved=lpa-deleted");
    let page = app.get_page("/user/dashboard?saved=lpa-deleted", 200).await;
    assert_eq!(page.count(".govuk-summary-card"), 1);
    assert!(page.text(".govuk-notification-banner").contains("deleted"));
    assert_eq!(get_status(&app, &format!("/lpa/{first}")).await.0, 404);
}

async fn details_already_entered_fill_a_new_person(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    signed_in(&app, &app, "reuse@example.com").await;
    let id = start(&app, "property-and-financial").await;
    let base = format!("/lpa/{id}");
    let add = app.get_page(&format!("{base}/donor/add"), 200).await;
    let reuse = format!("{base}/reuse-details?for=donor");
    assert!(add.attrs("main a", "href").contains(&reuse));

    // The account's own details are offered.
    let page = app.get_page(&reuse, 200).await;
    assert_eq!(
        page.texts(".govuk-radios__label"),
        ["Test Person (your details)"]
    );
    let response = app
        .post_form(&format!("{base}/reuse-details"), &[("for", "donor")])
        .await;
    assert_eq!(response.status(), 400, "a choice is needed");
    let response = app
        .post_form(
            &format!("{base}/reuse-details"),
            &[("for", "donor"), ("choice", "0")],
        )
        .await;
    assert_eq!(location(&response), format!("{base}/donor/add?reuse=0"));
    let filled = app
        .get_page(&format!("{base}/donor/add?reuse=0"), 200)
        .await;
    assert_eq!(filled.attrs("#name-first", "value"), ["Test"]);
    assert_eq!(filled.attrs("#name-last", "value"), ["Person"]);
    assert_eq!(
        filled.attrs("#email-address", "value"),
        ["reuse@example.com"]
    );

    // Another account's LPA: nothing offered, nothing said.
    let other = app.new_browser();
    signed_in(&app, &other, "reuse.other@example.com").await;
    assert_eq!(get_status(&other, &reuse).await.0, 404);
    let token = other.csrf_token("/lpa/type").await;
    let response = other
        .no_redirect
        .post(other.url(&format!("{base}/reuse-details")))
        .form(&[
            ("csrf_token", token.as_str()),
            ("for", "donor"),
            ("choice", "0"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
}

on_both_stores!(
    details_already_entered_fill_a_new_person,
    replacements_certificate_provider_people_to_notify_and_instructions,
    the_dashboard_lists_continues_and_deletes_lpas,
    an_lpa_is_started_saved_step_by_step_and_resumed,
    a_url_typed_ahead_goes_to_the_nearest_open_step,
    the_rules_and_their_messages_are_checked_on_the_server,
    a_donor_under_18_is_saved_only_once_confirmed,
    a_save_from_an_out_of_date_page_is_refused_and_the_input_kept,
    another_account_finds_no_lpa_at_any_of_its_urls,
    attorneys_trust_corporations_and_their_decisions,
);

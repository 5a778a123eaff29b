//! Making an LPA 2/3 over HTTP, as a browser without JavaScript: the steps from the applicant to
//! the fee, checkout by card through our fake GOV.UK Pay (its own server, reached by URL), by
//! cheque and with nothing to pay, locking, the completion email, recovery of a payment whose
//! return was never seen, the dashboard's search and pages, reusing an LPA's details and the
//! signing-date check; on SQLite and PostgreSQL.
use std::time::Duration;

use app::lpa::dashboard::LpaListed;
use app::lpa::model::{LpaId, PaymentMethod};
use app::lpa::server::Lpas;
use backends::on_both_stores;
use backends::testing::{eventually, SmtpServer};
use govuk_pay_fake::RunningFake;

use crate::lpa::{add_attorney, add_person, get_status, location, save, signed_in, start, DONOR};
use crate::support::{Backend, Browser, TestApp};

const PAY_KEY: &str = "test-pay-key";

/// The app, with its GOV.UK Pay the fake serving on its own port.
async fn with_pay(backend: Backend) -> (TestApp, RunningFake) {
    let pay = govuk_pay_fake::spawn(PAY_KEY)
        .await
        .expect("the fake GOV.UK Pay");
    let url = pay.base_url().to_owned();
    let app = TestApp::spawn_with(backend, |config| {
        config.pay_url = Some(url);
        config.pay_api_key = Some(PAY_KEY.to_owned());
    })
    .await;
    (app, pay)
}

fn id_of(base: &str) -> LpaId {
    base.trim_start_matches("/lpa/").parse().unwrap()
}

/// How the fee reduction question is answered.
pub(crate) struct Fee<'a> {
    reduction: &'a str,
    case_number: Option<&'a str>,
}

pub(crate) const FULL_FEE: Fee = Fee {
    reduction: "notApply",
    case_number: None,
};

/// A property and financial affairs LPA answered up to its checkout by `browser` (signed in).
/// Without a certificate provider when `skip_provider`.
pub(crate) async fn up_to_checkout(
    app: &TestApp,
    browser: &Browser,
    fee: Fee<'_>,
    skip_provider: bool,
) -> String {
    let id = start(browser, "property-and-financial").await;
    let base = format!("/lpa/{id}");
    assert_eq!(
        save(browser, &format!("{base}/donor/add"), DONOR)
            .await
            .status(),
        303
    );
    save(
        browser,
        &format!("{base}/when-lpa-starts"),
        &[("when", "now")],
    )
    .await;
    assert_eq!(
        add_attorney(app, &base, "primary-attorney", "Ann")
            .await
            .status(),
        303
    );
    save(browser, &format!("{base}/replacement-attorney"), &[]).await;
    if skip_provider {
        save(browser, &format!("{base}/certificate-provider"), &[]).await;
    } else {
        add_person(
            app,
            &format!("{base}/certificate-provider/add"),
            "certificate-provider",
            "Cee",
        )
        .await;
    }
    save(browser, &format!("{base}/people-to-notify"), &[]).await;
    let response = save(
        browser,
        &format!("{base}/instructions"),
        &[("preference", ""), ("instruction", "")],
    )
    .await;
    assert_eq!(location(&response), format!("{base}/summary"));
    let response = save(
        browser,
        &format!("{base}/applicant"),
        &[("whoIsRegistering", "donor")],
    )
    .await;
    assert_eq!(location(&response), format!("{base}/correspondent"));
    let response = save(
        browser,
        &format!("{base}/correspondent"),
        &[("contact", "post"), ("contactInWelsh", "0")],
    )
    .await;
    assert_eq!(location(&response), format!("{base}/who-are-you"));
    let response = save(browser, &format!("{base}/who-are-you"), &[("who", "donor")]).await;
    assert_eq!(location(&response), format!("{base}/repeat-application"));
    let response = match fee.case_number {
        Some(number) => {
            save(
                browser,
                &format!("{base}/repeat-application"),
                &[
                    ("isRepeatApplication", "is-repeat"),
                    ("repeatCaseNumber", number),
                ],
            )
            .await
        }
        None => {
            save(
                browser,
                &format!("{base}/repeat-application"),
                &[("isRepeatApplication", "is-new")],
            )
            .await
        }
    };
    assert_eq!(location(&response), format!("{base}/fee-reduction"));
    let response = save(
        browser,
        &format!("{base}/fee-reduction"),
        &[("reductionOptions", fee.reduction)],
    )
    .await;
    assert_eq!(location(&response), format!("{base}/checkout"));
    base
}

/// Presses a checkout button (`card`, `cheque`, `finish`) from the checkout page as drawn.
pub(crate) async fn confirm(browser: &Browser, base: &str, method: &str) -> reqwest::Response {
    save(browser, &format!("{base}/checkout"), &[("method", method)]).await
}

/// A client for the fake's payment pages, as the payer's browser (no cookies of ours).
fn payer() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// Pays at GOV.UK Pay's `next_url` with `card`; where the fake sends the payer back (a path of
/// ours).
async fn pay_with(next_url: &str, card: &str) -> String {
    let response = payer()
        .post(next_url)
        .form(&[
            ("cardNo", card),
            ("expiryMonth", "12"),
            ("expiryYear", "2035"),
            ("cardholderName", "Dana Donor"),
            ("cvc", "123"),
            ("email", "Payer@Example.com"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303, "{next_url}");
    return_path(&response)
}

/// The path of the return URL a payment page redirected to (the app's public URL in tests is not
/// where it listens, so tests follow the path themselves).
fn return_path(response: &reqwest::Response) -> String {
    let to = location(response);
    let path = to.splitn(4, '/').nth(3).map(|p| format!("/{p}")).unwrap();
    assert!(path.ends_with("/checkout/pay/response"), "{to}");
    path
}

/// The LPA as stored.
async fn stored(app: &TestApp, base: &str) -> app::lpa::model::Lpa {
    let id = i64::try_from(id_of(base).get()).unwrap();
    let pool = app.state.backends.store.pool();
    let owner: String = backends::on_pool!(&pool, pool => {
        sqlx::query_scalar("SELECT owner FROM applications WHERE id = $1")
            .bind(id)
            .fetch_one(pool)
            .await
            .unwrap()
    });
    Lpas::of(&app.state.backends)
        .get(&owner.parse().unwrap(), id_of(base))
        .await
        .unwrap()
        .expect("the LPA")
}

/// The mails sent to `to`, once the mail jobs ran.
async fn mails_to(app: &TestApp, to: &str, count: usize) -> Vec<backends::mail::OutboxEntry> {
    let outbox = backends::mail::OutboxMailer::new(
        app.state.backends.store.as_ref(),
        app.state.backends.clock.clone(),
    );
    eventually(Duration::from_secs(10), "the mails to arrive", || async {
        let mails = outbox.for_recipient(to, 10).await.unwrap();
        (mails.len() >= count).then_some(mails)
    })
    .await
}

async fn a_card_payment_pays_and_locks_once(backend: Backend) {
    let (app, pay) = with_pay(backend).await;
    let owner = signed_in(&app, &app, "card@example.com").await;
    let base = up_to_checkout(&app, &app, FULL_FEE, false).await;
    let checkout = app.get_page(&format!("{base}/checkout"), 200).await;
    assert!(checkout.text("main").contains("Application fee: £92"));
    assert_eq!(
        checkout.texts("main form button"),
        ["Confirm and pay", "Confirm and pay by cheque"]
    );

    // "Confirm and pay" twice from the same page: one GOV.UK Pay payment.
    let revision = crate::lpa::revision(&app, &format!("{base}/checkout")).await;
    let path = format!("{base}/checkout");
    let fields = [("revision", revision.as_str()), ("method", "card")];
    let (first, second) =
        tokio::join!(app.post_form(&path, &fields), app.post_form(&path, &fields));
    assert_eq!(first.status(), 303);
    assert_eq!(second.status(), 303);
    let next_url = location(&first);
    assert!(next_url.starts_with(pay.base_url()), "{next_url}");
    assert_eq!(location(&second), next_url, "the same payment");
    let reference = format!("{:011}", id_of(&base).get());
    let payments = app
        .state
        .backends
        .payments
        .find_by_reference(&reference)
        .await
        .unwrap();
    assert_eq!(payments.len(), 1, "one payment for two clicks");
    assert_eq!(payments[0].amount_pence, 9200);
    assert_eq!(
        payments[0].description,
        "Property and financial affairs LPA for Dana Donor"
    );

    // Paid; the return seen twice locks and records once.
    let back = pay_with(&next_url, "4444333322221111").await;
    assert_eq!(back, format!("{base}/checkout/pay/response"));
    assert_eq!(
        get_status(&app, &back).await,
        (303, Some(format!("{base}/complete")))
    );
    let lpa = stored(&app, &base).await;
    assert!(lpa.locked && lpa.locked_at.is_some() && lpa.completed_at.is_some());
    let payment = lpa.payment.clone().unwrap();
    assert_eq!(payment.method, Some(PaymentMethod::Card));
    assert_eq!(payment.reference.as_deref(), Some(reference.as_str()));
    assert_eq!(payment.email.as_deref(), Some("payer@example.com"));
    // The dashboard's card, kept beside the LPA at each save, says what the LPA says.
    let (listed, _) = Lpas::of(&app.state.backends)
        .list_page(&owner, None, 1)
        .await
        .unwrap();
    assert_eq!(listed, [LpaListed::of(&lpa)]);
    assert!(listed[0].reusable && listed[0].donor.as_deref() == Some("Mrs Dana Donor"));
    assert_eq!(
        get_status(&app, &back).await,
        (303, Some(format!("{base}/complete")))
    );
    assert_eq!(
        stored(&app, &base).await.revision,
        lpa.revision,
        "nothing saved again"
    );

    let complete = app.get_page(&format!("{base}/complete"), 200).await;
    assert!(complete.text("main").contains("Payment received"));
    assert!(complete.text("main").contains(&reference));
    let mails = mails_to(&app, "card@example.com", 1).await;
    assert_eq!(mails.len(), 1, "one email");
    assert!(mails[0].subject.contains("ready to register"));
    assert!(mails[0].body.contains(&id_of(&base).a_reference()));

    // Locked: every other page goes to its documents, and nothing saves.
    for page in [
        "donor",
        "checkout",
        "fee-reduction",
        "summary",
        "primary-attorney/add",
    ] {
        assert_eq!(
            get_status(&app, &format!("{base}/{page}")).await,
            (302, Some(format!("{base}/view-docs"))),
            "{page}"
        );
    }
    assert_eq!(
        get_status(&app, &base).await.1,
        Some(format!("{base}/view-docs"))
    );
    app.get_page(&format!("{base}/view-docs"), 200).await;
    let response = app
        .post_form(
            &format!("{base}/donor/edit"),
            &[
                ("revision", &lpa.revision.0.to_string()),
                ("name-first", "Changed"),
            ],
        )
        .await;
    assert_eq!(location(&response), format!("{base}/view-docs"));
    assert_eq!(stored(&app, &base).await.document, lpa.document);

    // The journey's events, once each, with no LPA id.
    let events = journey_events(&app).await;
    assert_eq!(
        events,
        [
            ("started".to_owned(), None),
            ("reached-applicant".to_owned(), None),
            ("created".to_owned(), None),
            ("completed".to_owned(), Some("card".to_owned())),
        ]
    );
}

/// The `lpa_events` rows: kind and payment method, in order.
async fn journey_events(app: &TestApp) -> Vec<(String, Option<String>)> {
    let pool = app.state.backends.store.pool();
    let events = backends::on_pool!(&pool, pool => {
        sqlx::query_as("SELECT kind, payment_method FROM lpa_events ORDER BY id")
            .fetch_all(pool)
            .await
            .unwrap()
    });
    events
}

async fn a_cancelled_payment_then_a_cheque(backend: Backend) {
    let (app, _pay) = with_pay(backend).await;
    signed_in(&app, &app, "cancel@example.com").await;
    let base = up_to_checkout(&app, &app, FULL_FEE, false).await;
    let next_url = location(&confirm(&app, &base, "card").await);
    let cancelled = payer()
        .post(format!("{next_url}/cancel"))
        .send()
        .await
        .unwrap();
    let back = return_path(&cancelled);
    assert_eq!(
        get_status(&app, &back).await,
        (303, Some(format!("{base}/checkout/pay/cancelled")))
    );
    let page = app
        .get_page(&format!("{base}/checkout/pay/cancelled"), 200)
        .await;
    assert!(page.text("h1").contains("Online payment cancelled"));
    assert_eq!(
        page.texts("main form button"),
        ["Try paying online again", "Confirm and pay by cheque"]
    );
    assert!(!stored(&app, &base).await.locked);

    assert_eq!(
        page.attrs("main form", "action"),
        [format!("{base}/checkout")],
        "its buttons post the checkout's form"
    );

    // Confirming from a page drawn before later changes (another tab's) is refused.
    let stale = app
        .post_form(
            &format!("{base}/checkout"),
            &[("revision", "1"), ("method", "cheque")],
        )
        .await;
    assert_eq!(stale.status(), 400);
    assert!(stale
        .text()
        .await
        .unwrap()
        .contains("changed in another tab"));
    assert!(!stored(&app, &base).await.locked);

    let response = confirm(&app, &base, "cheque").await;
    assert_eq!(location(&response), format!("{base}/complete"));
    let lpa = stored(&app, &base).await;
    assert_eq!(lpa.payment.unwrap().method, Some(PaymentMethod::Cheque));
    assert!(lpa.completed_at.is_some());
    let complete = app.get_page(&format!("{base}/complete"), 200).await;
    assert!(complete
        .text("main")
        .contains("a cheque for the £92 application fee"));
}

async fn a_declined_card_shows_the_failed_page(backend: Backend) {
    let (app, _pay) = with_pay(backend).await;
    signed_in(&app, &app, "declined@example.com").await;
    let base = up_to_checkout(&app, &app, FULL_FEE, false).await;
    let next_url = location(&confirm(&app, &base, "card").await);
    let back = pay_with(&next_url, "4000000000000002").await;
    assert_eq!(
        get_status(&app, &back).await,
        (303, Some(format!("{base}/checkout/pay/failed")))
    );
    // Trying again makes a new payment, which can succeed.
    let again = location(&confirm(&app, &base, "card").await);
    assert_ne!(again, next_url);
    let back = pay_with(&again, "4444333322221111").await;
    assert_eq!(
        get_status(&app, &back).await,
        (303, Some(format!("{base}/complete")))
    );
}

async fn a_benefits_exemption_finishes_without_paying(backend: Backend) {
    let (app, _pay) = with_pay(backend).await;
    signed_in(&app, &app, "benefits@example.com").await;
    let base = up_to_checkout(
        &app,
        &app,
        Fee {
            reduction: "reducedFeeReceivesBenefits",
            case_number: None,
        },
        false,
    )
    .await;
    let page = app.get_page(&format!("{base}/checkout"), 200).await;
    assert!(page.text("main").contains("Application fee: £0"));
    assert_eq!(page.texts("main form button"), ["Confirm and finish"]);
    let response = confirm(&app, &base, "finish").await;
    assert_eq!(location(&response), format!("{base}/complete"));
    let lpa = stored(&app, &base).await;
    assert!(lpa.completed_at.is_some());
    assert_eq!(lpa.payment.as_ref().unwrap().amount, Some(0));
    assert_eq!(lpa.payment.unwrap().method, None);
    let reference = format!("{:011}", id_of(&base).get());
    assert!(app
        .state
        .backends
        .payments
        .find_by_reference(&reference)
        .await
        .unwrap()
        .is_empty());
    let complete = app.get_page(&format!("{base}/complete"), 200).await;
    assert!(complete.text("main").contains("fee exemption form"));
}

async fn a_repeat_application_on_a_low_income_pays_23(backend: Backend) {
    let (app, _pay) = with_pay(backend).await;
    signed_in(&app, &app, "repeat@example.com").await;
    let base = up_to_checkout(
        &app,
        &app,
        Fee {
            reduction: "reducedFeeLowIncome",
            case_number: Some("7000-0000-1234"),
        },
        false,
    )
    .await;
    assert!(app
        .get_page(&format!("{base}/checkout"), 200)
        .await
        .text("main")
        .contains("Application fee: £23"));
    let lpa = stored(&app, &base).await;
    assert_eq!(lpa.repeat_case_number.unwrap().digits(), "700000001234");

    // A card payment started for £23, then the answer changed: the fee is worked out again and
    // the payment for the old amount forgotten.
    let started = location(&confirm(&app, &base, "card").await);
    assert!(stored(&app, &base)
        .await
        .payment
        .unwrap()
        .gateway_reference
        .is_some());
    let response = save(
        &app,
        &format!("{base}/repeat-application"),
        &[("isRepeatApplication", "is-new")],
    )
    .await;
    assert_eq!(location(&response), format!("{base}/checkout"));
    let payment = stored(&app, &base).await.payment.unwrap();
    assert_eq!(payment.amount, Some(46));
    assert_eq!(payment.gateway_reference, None);
    let again = location(&confirm(&app, &base, "card").await);
    assert_ne!(again, started, "a new payment for the new amount");
}

async fn a_skipped_certificate_provider_needs_more_information(backend: Backend) {
    let (app, _pay) = with_pay(backend).await;
    signed_in(&app, &app, "skipped@example.com").await;
    let base = up_to_checkout(&app, &app, FULL_FEE, true).await;
    let page = app.get_page(&format!("{base}/checkout"), 200).await;
    assert!(page
        .text("main")
        .contains("When you have chosen a certificate provider"));
    // Posted all the same (the page has no button): refused, to the page that says why.
    let revision = stored(&app, &base).await.revision.0.to_string();
    let response = app
        .post_form(
            &format!("{base}/checkout"),
            &[("revision", revision.as_str()), ("method", "cheque")],
        )
        .await;
    assert_eq!(location(&response), format!("{base}/more-info-required"));
    let page = app
        .get_page(&format!("{base}/more-info-required"), 200)
        .await;
    assert!(page
        .attrs("main a.govuk-button", "href")
        .contains(&format!("{base}/certificate-provider/add")));
    assert!(!stored(&app, &base).await.locked);
}

async fn double_submits_finish_once(backend: Backend) {
    let (app, _pay) = with_pay(backend).await;
    signed_in(&app, &app, "twice@example.com").await;
    let base = up_to_checkout(&app, &app, FULL_FEE, false).await;
    let revision = crate::lpa::revision(&app, &format!("{base}/checkout")).await;
    let path = format!("{base}/checkout");
    let fields = [("revision", revision.as_str()), ("method", "cheque")];
    let (first, second) =
        tokio::join!(app.post_form(&path, &fields), app.post_form(&path, &fields));
    assert_eq!(location(&first), format!("{base}/complete"));
    assert_eq!(location(&second), format!("{base}/complete"));
    mails_to(&app, "twice@example.com", 1).await;
    // Both jobs would have run by now had there been two.
    let pool = app.state.backends.store.pool();
    let jobs: i64 = backends::on_pool!(&pool, pool => {
        sqlx::query_scalar("SELECT COUNT(*) FROM jobs WHERE kind = 'mail.send'")
            .fetch_one(pool)
            .await
            .unwrap()
    });
    assert_eq!(jobs, 1, "one email queued");
}

async fn an_unseen_successful_payment_is_recovered(backend: Backend) {
    let (app, _pay) = with_pay(backend).await;
    signed_in(&app, &app, "recover@example.com").await;
    let base = up_to_checkout(&app, &app, FULL_FEE, false).await;
    let next_url = location(&confirm(&app, &base, "card").await);
    // Paid, but the payer never came back.
    pay_with(&next_url, "4444333322221111").await;
    assert!(!stored(&app, &base).await.locked);
    let public_url = app.state.config.public_url();
    let recovered =
        app::lpa::server::checkout::recover_unseen_payments(&app.state.backends, &public_url)
            .await
            .unwrap();
    assert_eq!(recovered, 1);
    let lpa = stored(&app, &base).await;
    assert!(lpa.completed_at.is_some());
    assert_eq!(lpa.payment.unwrap().method, Some(PaymentMethod::Card));
    mails_to(&app, "recover@example.com", 1).await;
    let again =
        app::lpa::server::checkout::recover_unseen_payments(&app.state.backends, &public_url)
            .await
            .unwrap();
    assert_eq!(again, 0, "recorded once");
}

async fn another_accounts_checkout_is_not_found(backend: Backend) {
    let (app, _pay) = with_pay(backend).await;
    signed_in(&app, &app, "owner@example.com").await;
    let base = up_to_checkout(&app, &app, FULL_FEE, false).await;
    let other = app.new_browser();
    signed_in(&app, &other, "other@example.com").await;
    for page in [
        "checkout",
        "checkout/pay/response",
        "complete",
        "date-check",
    ] {
        assert_eq!(
            get_status(&other, &format!("{base}/{page}")).await.0,
            404,
            "{page}"
        );
    }
    let token = other.csrf_token("/lpa/type").await;
    let response = other
        .no_redirect
        .post(other.url(&format!("{base}/checkout")))
        .form(&[
            ("csrf_token", token.as_str()),
            ("revision", "1"),
            ("method", "cheque"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    assert!(!stored(&app, &base).await.locked);
}

async fn the_completion_email_is_sent_over_smtp(backend: Backend) {
    let smtp = SmtpServer::start();
    let pay = govuk_pay_fake::spawn(PAY_KEY).await.unwrap();
    let url = pay.base_url().to_owned();
    let app = TestApp::spawn_with(backend, |config| {
        config.smtp_url = Some(format!("smtp://{}", smtp.address));
        config.pay_url = Some(url);
        config.pay_api_key = Some(PAY_KEY.to_owned());
    })
    .await;
    signed_in(&app, &app, "smtp.lpa@example.com").await;
    let base = up_to_checkout(&app, &app, FULL_FEE, false).await;
    confirm(&app, &base, "cheque").await;
    let received = smtp.wait_for(1).await;
    let mail = received
        .iter()
        .find(|mail| mail.subject.contains("ready to register"))
        .expect("the completion email");
    assert_eq!(mail.envelope_recipient, "smtp.lpa@example.com");
    assert!(mail.body.contains("cheque for £92"), "{}", mail.body);
    assert!(mail.body.contains(&format!("{base}/view-docs")));
}

async fn the_dashboard_pages_searches_and_reuses(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let owner = signed_in(&app, &app, "sixty@example.com").await;
    let lpas = Lpas::of(&app.state.backends);
    let named = start(&app, "property-and-financial").await;
    save(&app, &format!("/lpa/{named}/donor/add"), DONOR).await;
    for _ in 0..59 {
        lpas.create(
            &owner,
            Some(app::lpa::model::LpaType::HealthAndWelfare),
            None,
        )
        .await
        .unwrap();
    }
    let first = app.get_page("/user/dashboard", 200).await;
    assert_eq!(first.count(".govuk-summary-card"), 50);
    // The count comes with the rows, and on its own past the last page.
    for (page, on_page) in [(1, 50), (2, 10), (3, 0)] {
        let (listed, total) = lpas.list_page(&owner, None, page).await.unwrap();
        assert_eq!((listed.len(), total), (on_page, 60), "page {page}");
    }
    assert_eq!(
        first.attrs(".govuk-pagination__next a", "href"),
        ["/user/dashboard/page/2"]
    );
    let second = app.get_page("/user/dashboard/page/2", 200).await;
    assert_eq!(second.count(".govuk-summary-card"), 10);
    assert_eq!(
        second.texts(".govuk-summary-card__title")[0],
        "Mrs Dana Donor",
        "the one changed first is on the last page (its type's group first)"
    );
    assert!(!first.text("main").contains("Mrs Dana Donor"));

    let by_name = app.get_page("/user/dashboard?search=dana", 200).await;
    assert_eq!(
        by_name.texts(".govuk-summary-card__title"),
        ["Mrs Dana Donor"]
    );
    let reference = named.a_reference();
    let by_reference = app
        .get_page(
            &format!("/user/dashboard?search={}", reference.replace(' ', "+")),
            200,
        )
        .await;
    assert_eq!(by_reference.count(".govuk-summary-card"), 1);
    let too_short = app.get_page("/user/dashboard?search=da", 200).await;
    assert!(too_short
        .text(".govuk-error-message")
        .contains("at least 3 letters"));
    let none = app.get_page("/user/dashboard?search=nobody", 200).await;
    assert_eq!(none.count(".govuk-summary-card"), 0);
    assert!(none.text("main").contains("No LPAs match"));
    // Another account's LPA is not found by its reference.
    let other = app.new_browser();
    signed_in(&app, &other, "sixty.other@example.com").await;
    start(&other, "health-and-welfare").await;
    let theirs = other
        .get_page(&format!("/user/dashboard?search={}", named.get()), 200)
        .await;
    assert_eq!(theirs.count(".govuk-summary-card"), 0);

    // Reuse: asked, then a new LPA seeded from this one, at its type.
    let reuse = format!("/user/dashboard/create/{named}");
    app.get_page(&reuse, 200).await;
    assert_eq!(get_status(&other, &reuse).await.0, 404);
    let response = app.post_form(&reuse, &[]).await;
    let to = location(&response);
    let new: LpaId = to
        .strip_prefix("/lpa/")
        .and_then(|rest| rest.strip_suffix("/type"))
        .unwrap()
        .parse()
        .unwrap();
    let seeded = lpas.get(&owner, new).await.unwrap().unwrap();
    assert_eq!(seeded.seed, Some(named));
}

async fn the_signing_date_check(backend: Backend) {
    let (app, _pay) = with_pay(backend).await;
    signed_in(&app, &app, "dates@example.com").await;
    let base = up_to_checkout(&app, &app, FULL_FEE, false).await;
    confirm(&app, &base, "cheque").await;
    let page = app.get_page(&format!("{base}/date-check"), 200).await;
    assert_eq!(
        page.attrs("main fieldset input[name$='-day']", "name"),
        [
            "sign-date-donor-day",
            "sign-date-certificate-provider-day",
            "sign-date-attorney-0-day",
            "sign-date-applicant-0-day"
        ]
    );
    let date = |signer: &str, day: &str| {
        [
            (format!("{signer}-day"), day.to_owned()),
            (format!("{signer}-month"), "3".to_owned()),
            (format!("{signer}-year"), "2026".to_owned()),
        ]
    };
    let dates = |donor: &str, provider: &str| -> Vec<(String, String)> {
        [
            date("sign-date-donor", donor),
            date("sign-date-certificate-provider", provider),
            date("sign-date-attorney-0", "12"),
            date("sign-date-applicant-0", "13"),
        ]
        .concat()
    };
    let app = &app;
    let post = |fields: Vec<(String, String)>| {
        let path = format!("{base}/date-check");
        async move {
            let fields: Vec<(&str, &str)> = fields
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            app.post_form(&path, &fields).await
        }
    };
    let wrong = post(dates("11", "10")).await;
    assert_eq!(wrong.status(), 400);
    let text = wrong.text().await.unwrap();
    assert!(
        text.contains("The donor must be the first person to sign the LPA. You need to print and re-sign sections 10, 11 and 15"),
        "{text}"
    );
    let right = post(dates("10", "11")).await;
    assert_eq!(location(&right), format!("{base}/date-check/valid"));
    app.get_page(&format!("{base}/date-check/valid"), 200).await;
}

on_both_stores!(
    a_card_payment_pays_and_locks_once,
    a_cancelled_payment_then_a_cheque,
    a_declined_card_shows_the_failed_page,
    a_benefits_exemption_finishes_without_paying,
    a_repeat_application_on_a_low_income_pays_23,
    a_skipped_certificate_provider_needs_more_information,
    double_submits_finish_once,
    an_unseen_successful_payment_is_recovered,
    another_accounts_checkout_is_not_found,
    the_completion_email_is_sent_over_smtp,
    the_dashboard_pages_searches_and_reuses,
    the_signing_date_check,
);

//! The payer's pages: their structure (what axe checks for: language, title, one heading,
//! landmarks, a label for every field), their policy, and each way a payment ends.

use std::net::Ipv4Addr;

use axum::Router;
use govuk_pay_fake::{router, FakePayConfig};
use reqwest::header::{CONTENT_SECURITY_POLICY, CONTENT_TYPE, LOCATION};
use reqwest::StatusCode;
use scraper::{Html, Selector};
use serde_json::{json, Value};

use crate::support::{
    assert_redirects_to_return_url, card_form, http_client, next_url, payment_request, TestFake,
    API_KEY, RETURN_URL,
};

fn select<'a>(page: &'a Html, selector: &str) -> Vec<scraper::ElementRef<'a>> {
    page.select(&Selector::parse(selector).unwrap()).collect()
}

fn text(page: &Html, selector: &str) -> String {
    select(page, selector)
        .iter()
        .map(|element| element.text().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// What every page must have: `lang`, a title, one heading, the landmarks, no script, its own
/// stylesheet only.
fn assert_accessible_structure(page: &Html) {
    assert_eq!(select(page, "html")[0].value().attr("lang"), Some("en"));
    assert!(!text(page, "title").trim().is_empty());
    assert_eq!(select(page, "h1").len(), 1);
    assert_eq!(select(page, "main").len(), 1);
    assert_eq!(select(page, "header").len(), 1);
    assert_eq!(select(page, "footer").len(), 1);
    assert!(select(page, "script").is_empty());
    assert!(select(page, "style, [style]").is_empty());
    for input in select(page, "input") {
        let id = input.value().id().expect("every input has an id");
        assert_eq!(
            select(page, &format!("label[for=\"{id}\"]")).len(),
            1,
            "one label for #{id}"
        );
    }
}

fn assert_strict_policy(response: &reqwest::Response) {
    let policy = response.headers()[CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    assert!(
        policy.starts_with("default-src 'none'; style-src 'self';"),
        "{policy}"
    );
    assert!(!policy.contains("unsafe-inline"), "{policy}");
}

#[tokio::test]
async fn the_card_details_page_is_labelled_and_opening_it_starts_the_payment() {
    let fake = TestFake::start().await;
    let mut request = payment_request("LPA-7000-0101");
    request["amount"] = json!(123_456);
    request["description"] = json!("Fee for \"Donor\" & Attorney");
    request["reference"] = json!("LPA-7000-0101");
    let payment = fake.create(&request).await;

    let response = fake.open(&next_url(&payment)).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[CONTENT_TYPE], "text/html; charset=utf-8");
    assert_strict_policy(&response);
    let policy = response.headers()[CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    assert!(
        policy.contains("form-action 'self' https://service.example;"),
        "{policy}"
    );
    let page = Html::parse_document(&response.text().await.unwrap());
    assert_accessible_structure(&page);
    assert_eq!(text(&page, "h1"), "Enter card details");
    let summary = text(&page, ".summary");
    assert!(
        summary.contains("Fee for \"Donor\" & Attorney"),
        "{summary}"
    );
    assert!(summary.contains("£1,234.56"), "{summary}");
    let labels: Vec<String> = select(&page, "label, legend")
        .iter()
        .map(|label| label.text().collect())
        .collect();
    assert_eq!(
        labels,
        [
            "Card number",
            "Expiry date",
            "Month",
            "Year",
            "Name on card",
            "Card security code",
            "Email"
        ]
    );
    let email = select(&page, "input[name=email]")[0];
    assert_eq!(email.value().attr("value"), Some("donor@example.com"));
    assert_eq!(email.value().attr("autocomplete"), Some("email"));
    assert_eq!(
        select(&page, "input[name=cardNo]")[0]
            .value()
            .attr("autocomplete"),
        Some("cc-number")
    );
    let buttons: Vec<String> = select(&page, "form button")
        .iter()
        .map(|button| button.text().collect())
        .collect();
    assert_eq!(buttons, ["Confirm payment", "Cancel payment"]);

    let payment_id = payment["payment_id"].as_str().unwrap();
    let started = fake.payment(payment_id).await;
    assert_eq!(
        started["state"],
        json!({ "status": "started", "finished": false })
    );
    assert_eq!(next_url(&started), next_url(&payment), "still payable");
}

#[tokio::test]
async fn the_stylesheet_and_icon_are_served_for_the_pages() {
    let fake = TestFake::start().await;
    let payment = fake.create(&payment_request("LPA-7000-0102")).await;
    let page = Html::parse_document(&fake.open(&next_url(&payment)).await.text().await.unwrap());
    let href = select(&page, "link[rel=stylesheet]")[0]
        .value()
        .attr("href")
        .unwrap()
        .to_owned();
    assert_eq!(href, "/assets/card-payment.css");
    let response = fake.open(&fake.url(&href)).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[CONTENT_TYPE], "text/css; charset=utf-8");
    assert!(response.text().await.unwrap().contains(".button"));

    let icon = select(&page, "link[rel=icon]")[0]
        .value()
        .attr("href")
        .unwrap()
        .to_owned();
    let response = fake.open(&fake.url(&icon)).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[CONTENT_TYPE], "image/svg+xml");
}

#[tokio::test]
async fn a_good_card_pays_and_sends_the_payer_back_to_the_service() {
    let fake = TestFake::start().await;
    let payment = fake.create(&payment_request("LPA-7000-0103")).await;
    let payment_id = payment["payment_id"].as_str().unwrap();
    fake.pay(&payment, "4444 3333 2222 1111").await;

    let paid = fake.payment(payment_id).await;
    assert_eq!(
        paid["state"],
        json!({ "status": "success", "finished": true })
    );
    assert_eq!(paid["email"], "payer@example.com");
    let card = &paid["card_details"];
    assert_eq!(card["last_digits_card_number"], "1111");
    assert_eq!(card["first_digits_card_number"], "444433");
    assert_eq!(card["cardholder_name"], "Sherlock Holmes");
    assert_eq!(card["card_brand"], "Visa");
    assert_eq!(card["card_type"], "credit");
    assert!(card["expiry_date"].as_str().unwrap().starts_with("04/"));
    let captured = paid["settlement_summary"]["captured_date"]
        .as_str()
        .unwrap();
    assert_eq!(captured, chrono::Utc::now().date_naive().to_string());
    assert!(paid["provider_id"].is_string());
    assert_eq!(
        paid["refund_summary"],
        json!({ "status": "available", "amount_available": 8200, "amount_submitted": 0 })
    );
    assert!(paid["_links"].get("next_url").is_none(), "{paid}");

    // Back on the page: it says the payment is finished, and leads back to the service.
    let response = fake.open(&next_url(&payment)).await;
    assert_eq!(response.status(), StatusCode::OK);
    let page = Html::parse_document(&response.text().await.unwrap());
    assert_accessible_structure(&page);
    assert_eq!(text(&page, "h1"), "Your payment was successful");
    assert!(text(&page, "main").contains("This payment is finished"));
    let back = select(&page, "main a")[0];
    assert_eq!(back.value().attr("href"), Some(RETURN_URL));
    assert_eq!(back.text().collect::<String>(), "Go back to the service");

    // Neither another card nor a cancellation changes it now.
    let again = fake
        .submit(&next_url(&payment), &card_form("4000000000000002"))
        .await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    let cancel = fake
        .submit(&format!("{}/cancel", next_url(&payment)), &[])
        .await;
    assert_eq!(cancel.status(), StatusCode::CONFLICT);
    assert_eq!(fake.payment(payment_id).await, paid);
}

#[tokio::test]
async fn declined_and_failing_cards_end_the_payment_as_gov_uk_pay_reports_them() {
    let fake = TestFake::start().await;
    let rejected = json!({
        "status": "failed",
        "finished": true,
        "code": "P0010",
        "message": "Payment method rejected",
    });
    let provider_error = json!({
        "status": "error",
        "finished": true,
        "code": "P0050",
        "message": "Payment provider returned an error",
    });
    for (card, state, heading) in [
        (
            "4000000000000002",
            &rejected,
            "Your payment has been declined",
        ),
        (
            "4000000000000069",
            &rejected,
            "Your payment has been declined",
        ),
        (
            "4000000000000127",
            &rejected,
            "Your payment has been declined",
        ),
        (
            "4000000000000119",
            &provider_error,
            "We’re experiencing technical problems",
        ),
        // A number the sandbox does not know is answered with an error too.
        (
            "4462030000000000",
            &provider_error,
            "We’re experiencing technical problems",
        ),
    ] {
        let payment = fake.create(&payment_request("LPA-7000-0104")).await;
        fake.pay(&payment, card).await;
        let ended = fake.payment(payment["payment_id"].as_str().unwrap()).await;
        assert_eq!(&ended["state"], state, "{card}");
        assert_eq!(
            ended["card_details"]["last_digits_card_number"],
            &card[12..]
        );
        assert_eq!(ended["refund_summary"]["status"], "unavailable");
        let page =
            Html::parse_document(&fake.open(&next_url(&payment)).await.text().await.unwrap());
        assert_eq!(text(&page, "h1"), heading, "{card}");
    }
}

#[tokio::test]
async fn cancelling_fails_the_payment_with_p0030_and_sends_the_payer_back() {
    let fake = TestFake::start().await;
    let payment = fake.create(&payment_request("LPA-7000-0105")).await;
    let next_url = next_url(&payment);
    fake.open(&next_url).await;
    let response = fake.submit(&format!("{next_url}/cancel"), &[]).await;
    assert_redirects_to_return_url(&response);

    let cancelled = fake.payment(payment["payment_id"].as_str().unwrap()).await;
    assert_eq!(
        cancelled["state"],
        json!({
            "status": "failed",
            "finished": true,
            "code": "P0030",
            "message": "Payment was cancelled by the user",
        })
    );
    assert!(cancelled.get("card_details").is_none());
    let page = Html::parse_document(&fake.open(&next_url).await.text().await.unwrap());
    assert_eq!(text(&page, "h1"), "Your payment has been cancelled");
}

#[tokio::test]
async fn mistakes_show_on_the_form_and_leave_the_payment_unpaid() {
    let fake = TestFake::start().await;
    let payment = fake.create(&payment_request("LPA-7000-0106")).await;
    let next_url = next_url(&payment);
    fake.open(&next_url).await;
    let form = [
        ("cardNo", "4444 3333 2222 1112".to_owned()),
        ("expiryMonth", "01".to_owned()),
        ("expiryYear", "2001".to_owned()),
        ("cardholderName", " ".to_owned()),
        ("cvc", "12".to_owned()),
        ("email", "payer.example.com".to_owned()),
    ];
    let response = fake.submit(&next_url, &form).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_strict_policy(&response);
    let page = Html::parse_document(&response.text().await.unwrap());
    assert_accessible_structure(&page);
    assert!(text(&page, "title").starts_with("Error: "));
    let summary: Vec<(String, String)> = select(&page, ".error-summary a")
        .iter()
        .map(|link| {
            (
                link.value().attr("href").unwrap().to_owned(),
                link.text().collect(),
            )
        })
        .collect();
    let expected = [
        ("#card-no", "Enter a valid card number"),
        ("#expiry-month", "Enter an expiry date in the future"),
        (
            "#cardholder-name",
            "Enter the name as it appears on the card",
        ),
        ("#cvc", "Enter a valid card security code"),
        ("#email", "Enter a valid email"),
    ];
    assert_eq!(
        summary,
        expected.map(|(href, message)| (href.to_owned(), message.to_owned()))
    );
    for (href, _) in expected {
        assert_eq!(
            select(&page, href).len(),
            1,
            "the summary's link {href} leads to a field"
        );
    }
    let card_no = select(&page, "#card-no")[0];
    assert_eq!(card_no.value().attr("value"), Some("4444 3333 2222 1112"));
    assert_eq!(
        card_no.value().attr("aria-describedby"),
        Some("card-no-error")
    );
    assert_eq!(select(&page, "#cvc")[0].value().attr("value"), Some(""));

    let unpaid = fake.payment(payment["payment_id"].as_str().unwrap()).await;
    assert_eq!(
        unpaid["state"],
        json!({ "status": "started", "finished": false })
    );
    assert!(unpaid.get("card_details").is_none());
}

#[tokio::test]
async fn next_url_post_leads_to_the_card_details_page() {
    let fake = TestFake::start().await;
    let payment = fake.create(&payment_request("LPA-7000-0107")).await;
    let post = &payment["_links"]["next_url_post"];
    let token = post["params"]["chargeTokenId"].as_str().unwrap();
    let response = fake
        .submit(
            post["href"].as_str().unwrap(),
            &[("chargeTokenId", token.to_owned())],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()[LOCATION], next_url(&payment).as_str());
}

#[tokio::test]
async fn an_unknown_payment_link_is_not_found() {
    let fake = TestFake::start().await;
    for response in [
        fake.open(&fake.url("/secure/no-such-token")).await,
        fake.submit(
            &fake.url("/secure/no-such-token"),
            &card_form("4444333322221111"),
        )
        .await,
        fake.submit(&fake.url("/secure/no-such-token/cancel"), &[])
            .await,
        fake.submit(
            &fake.url("/secure"),
            &[("chargeTokenId", "no-such-token".to_owned())],
        )
        .await,
    ] {
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        let page = Html::parse_document(&response.text().await.unwrap());
        assert_accessible_structure(&page);
        assert_eq!(text(&page, "h1"), "Payment not found");
    }
}

#[tokio::test]
async fn nested_under_a_prefix_every_link_carries_it() {
    let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .await
        .unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let base_url = format!("{origin}/__dev/govuk-pay");
    let app = Router::new().nest(
        "/__dev/govuk-pay",
        router(FakePayConfig {
            api_key: API_KEY.to_owned(),
            base_url: base_url.clone(),
        }),
    );
    let server = tokio::spawn(async move { axum::serve(listener, app).await });
    let http = http_client();

    let response = http
        .post(format!("{base_url}/v1/payments"))
        .bearer_auth(API_KEY)
        .json(&payment_request("LPA-7000-0108"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let payment: Value = response.json().await.unwrap();
    let next_url = next_url(&payment);
    assert!(
        next_url.starts_with(&format!("{base_url}/secure/")),
        "{next_url}"
    );
    let self_url = payment["_links"]["self"]["href"].as_str().unwrap();
    assert_eq!(
        self_url,
        format!(
            "{base_url}/v1/payments/{}",
            payment["payment_id"].as_str().unwrap()
        )
    );

    let page = Html::parse_document(
        &http
            .get(&next_url)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );
    let stylesheet = select(&page, "link[rel=stylesheet]")[0]
        .value()
        .attr("href")
        .unwrap()
        .to_owned();
    assert_eq!(stylesheet, "/__dev/govuk-pay/assets/card-payment.css");
    let css = http
        .get(format!("{origin}{stylesheet}"))
        .send()
        .await
        .unwrap();
    assert_eq!(css.status(), StatusCode::OK);
    let actions: Vec<&str> = select(&page, "form")
        .iter()
        .map(|form| form.value().attr("action").unwrap())
        .collect();
    let path = next_url.strip_prefix(&origin).unwrap();
    assert_eq!(actions, [path.to_owned(), format!("{path}/cancel")]);

    let paid = http
        .post(format!("{origin}{}", actions[0]))
        .form(&card_form("4242424242424242"))
        .send()
        .await
        .unwrap();
    assert_redirects_to_return_url(&paid);
    server.abort();
}

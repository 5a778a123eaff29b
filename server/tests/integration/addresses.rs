//! The address finder on a person form, as a browser without JavaScript uses it (reference §11),
//! on SQLite and PostgreSQL, with OS Places our own fake on its own port: "Find UK address" shows
//! the form again with the addresses at the postcode and everything typed kept, nothing saved;
//! "Use this address" writes the chosen one into the lines; saving then saves it. A postcode that
//! is not one, one with no addresses, and a lookup service that is down each say so, and the
//! lines can always be typed. Pressing Enter in a field saves rather than looks up.
use app::lpa::addresses::FoundAddress;
use backends::on_both_stores;

use crate::lpa::{location, save, signed_in, start};
use crate::support::{Backend, TestApp};

const OS_KEY: &str = "integration-os-key";

async fn with_places(
    backend: Backend,
    url: Option<String>,
) -> (TestApp, Option<os_places_fake::RunningPlaces>) {
    let (fake, url) = match url {
        Some(url) => (None, url),
        None => {
            let fake = os_places_fake::spawn(OS_KEY)
                .await
                .expect("the fake OS Places");
            let url = fake.base_url();
            (Some(fake), url)
        }
    };
    let app = TestApp::spawn_with(backend, |config| {
        config.os_places_url = Some(url);
        config.os_places_key = Some(OS_KEY.to_owned());
    })
    .await;
    (app, fake)
}

/// The donor's name and date of birth, as typed before looking the address up.
const TYPED: &[(&str, &str)] = &[
    ("name-first", "Dana"),
    ("name-last", "Donor"),
    ("dob-day", "1"),
    ("dob-month", "2"),
    ("dob-year", "1950"),
];

fn with<'a>(extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut fields = TYPED.to_vec();
    fields.extend_from_slice(extra);
    fields
}

async fn an_address_is_found_chosen_and_saved_without_javascript(backend: Backend) {
    let (app, _places) = with_places(backend, None).await;
    signed_in(&app, &app, "finder@example.com").await;
    let id = start(&app, "property-and-financial").await;
    let add = format!("/lpa/{}/donor/add", id.get());

    let page = app.get_page(&add, 200).await;
    // Enter in any field saves: the form's first submit button is a plain save.
    let buttons = "form[method=post][action$='/donor/add'] button[type=submit]";
    assert_eq!(page.texts(buttons)[0], "Save and continue");
    let hidden_save = format!("{buttons}[aria-hidden=true]");
    assert_eq!(page.texts(&hidden_save).len(), 1);
    assert!(
        page.attrs(&hidden_save, "name").is_empty(),
        "it sends no button name"
    );

    let response = save(
        &app,
        &add,
        &with(&[("address-lookup", "b1 1tf"), ("find-address", "find")]),
    )
    .await;
    assert_eq!(response.status(), 200, "shown again, not saved");
    let page = crate::support::Page::new(response.text().await.unwrap());
    assert_eq!(page.attrs("input[name=name-first]", "value"), ["Dana"]);
    assert_eq!(
        page.attrs("input[name=address-lookup]", "value"),
        ["b1 1tf"]
    );
    let options = page.texts("select[name=address-choice] option");
    assert_eq!(options[0], "3 addresses found");
    assert_eq!(
        options[1],
        "OFFICE OF THE PUBLIC GUARDIAN, THE AXIS, 10 HOLLIDAY STREET, BIRMINGHAM, B1 1TF"
    );
    assert!(page.texts(".govuk-error-summary").is_empty());
    let choice = page.attrs("select[name=address-choice] option", "value")[3].clone();
    assert_eq!(FoundAddress::from_choice(&choice).unwrap().line1, "FLAT 3");

    let response = save(
        &app,
        &add,
        &with(&[
            ("address-lookup", "b1 1tf"),
            ("address-choice", &choice),
            ("use-address", "use"),
        ]),
    )
    .await;
    assert_eq!(response.status(), 200);
    let page = crate::support::Page::new(response.text().await.unwrap());
    assert_eq!(
        page.attrs("input[name=address-address1]", "value"),
        ["FLAT 3"]
    );
    assert_eq!(
        page.attrs("input[name=address-address2]", "value"),
        ["HOLLIDAY WHARF"]
    );
    assert_eq!(
        page.attrs("input[name=address-address3]", "value"),
        ["12 HOLLIDAY STREET, BIRMINGHAM"]
    );
    assert_eq!(
        page.attrs("input[name=address-postcode]", "value"),
        ["B1 1TF"]
    );
    assert!(
        page.texts("select[name=address-choice]").is_empty(),
        "the list is gone"
    );
    assert_eq!(page.attrs("input[name=name-first]", "value"), ["Dana"]);

    // Saved as the page now shows it.
    let response = save(
        &app,
        &add,
        &with(&[
            ("address-address1", "FLAT 3"),
            ("address-address2", "HOLLIDAY WHARF"),
            ("address-address3", "12 HOLLIDAY STREET, BIRMINGHAM"),
            ("address-postcode", "B1 1TF"),
        ]),
    )
    .await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), format!("/lpa/{}/donor", id.get()));
    let donor = app.get_page(&format!("/lpa/{}/donor", id.get()), 200).await;
    assert!(donor.html.contains("HOLLIDAY WHARF"), "{}", donor.html);

    // "Use this address" with nothing chosen keeps the list.
    let response = save(
        &app,
        &add,
        &with(&[
            ("address-lookup", "LS1 1BA"),
            ("find-address", "find"),
            ("use-address", "use"),
        ]),
    )
    .await;
    assert_eq!(response.status(), 200);
}

async fn a_bad_postcode_no_addresses_and_a_failed_lookup_each_say_so(backend: Backend) {
    let (app, _places) = with_places(backend, None).await;
    signed_in(&app, &app, "finder.misses@example.com").await;
    let id = start(&app, "health-and-welfare").await;
    let add = format!("/lpa/{}/donor/add", id.get());
    for (postcode, message) in [
        ("", "Enter a postcode to find the address."),
        (
            "not a postcode",
            "Enter a real UK postcode, like SW1A 2AA, or enter the address below.",
        ),
        (
            "ZZ9 9ZZ",
            "We could not find any addresses for that postcode.",
        ),
    ] {
        let response = save(
            &app,
            &add,
            &with(&[("address-lookup", postcode), ("find-address", "find")]),
        )
        .await;
        assert_eq!(response.status(), 200, "{postcode:?}");
        let page = crate::support::Page::new(response.text().await.unwrap());
        assert!(
            page.text(".app-address-finder [role=status]")
                .starts_with(message),
            "{postcode:?}"
        );
        assert_eq!(page.attrs("input[name=name-first]", "value"), ["Dana"]);
    }

    // OS Places not there: the lines can still be typed.
    let nowhere = format!("http://{}", backends::testing::unused_local_address());
    let (app, _) = with_places(Backend::Sqlite, Some(nowhere)).await;
    signed_in(&app, &app, "finder.down@example.com").await;
    let id = start(&app, "health-and-welfare").await;
    let add = format!("/lpa/{}/donor/add", id.get());
    let response = save(
        &app,
        &add,
        &with(&[("address-lookup", "B1 1TF"), ("find-address", "find")]),
    )
    .await;
    assert_eq!(response.status(), 200);
    let page = crate::support::Page::new(response.text().await.unwrap());
    assert_eq!(
        page.text(".app-address-finder [role=status]"),
        "The address finder is not working at the moment. Enter the address below."
    );
    assert_eq!(page.attrs("input[name=address-address1]", "value"), [""]);
}

on_both_stores!(
    an_address_is_found_chosen_and_saved_without_javascript,
    a_bad_postcode_no_addresses_and_a_failed_lookup_each_say_so
);

//! The address finder on a person form, as a browser without JavaScript uses it (reference §11),
//! on SQLite and PostgreSQL, with OS Places our own fake on its own port: "Find UK address" shows
//! the form again with the addresses at the postcode and everything typed kept, nothing saved;
//! "Use this address" writes the chosen one into the lines; saving then saves it. A postcode that
//! is not one, one with no addresses, and a lookup service that is down each say so, and the
//! lines can always be typed. Pressing Enter in a field saves rather than looks up.
use app::lpa::addresses::{AddressSearch, FoundAddress};
use backends::on_both_stores;

use crate::checkout::{up_to_checkout, FULL_FEE};
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

/// The correspondent's "someone else" answer reveals a name, a company and an address: its finder
/// sits in the reveal, and a lookup keeps "someone else" chosen with everything typed.
async fn the_correspondent_someone_else_finds_their_address(backend: Backend) {
    let (app, _places) = with_places(backend, None).await;
    signed_in(&app, &app, "finder.correspondent@example.com").await;
    let base = up_to_checkout(&app, &app, FULL_FEE, false).await;
    let edit = format!("{base}/correspondent/edit");
    let page = app.get_page(&edit, 200).await;
    // The finder is in the reveal under "someone else", before the lines it fills.
    let finder = ".govuk-radios__conditional .app-address-finder";
    assert_eq!(
        page.texts(&format!("{finder} button[name=find-address]")),
        ["Find UK address"]
    );
    assert_eq!(
        page.attrs(&format!("{finder} a"), "href"),
        ["#address-address1"]
    );

    fn someone_else<'a>(extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
        let mut fields = vec![("who", "other"), ("company", "Smith & Co Solicitors")];
        fields.extend_from_slice(extra);
        fields
    }
    let response = save(
        &app,
        &edit,
        &someone_else(&[("address-lookup", "ls1 1ba"), ("find-address", "find")]),
    )
    .await;
    assert_eq!(response.status(), 200, "shown again, not saved");
    let page = crate::support::Page::new(response.text().await.unwrap());
    assert_eq!(
        page.attrs("input[name=who][checked]", "value"),
        ["other"],
        "someone else is still chosen"
    );
    assert_eq!(
        page.attrs("input[name=company]", "value"),
        ["Smith & Co Solicitors"]
    );
    let options = page.texts(".govuk-radios__conditional select[name=address-choice] option");
    assert_eq!(options[0], "6 addresses found");
    assert_eq!(options[1], "1 PARK ROW, LEEDS, LS1 1BA");
    let choice = page.attrs("select[name=address-choice] option", "value")[1].clone();

    let response = save(
        &app,
        &edit,
        &someone_else(&[
            ("address-lookup", "ls1 1ba"),
            ("address-choice", &choice),
            ("use-address", "use"),
        ]),
    )
    .await;
    assert_eq!(response.status(), 200);
    let page = crate::support::Page::new(response.text().await.unwrap());
    let chosen = FoundAddress::from_choice(&choice).unwrap();
    assert_eq!(chosen.line1, "1 PARK ROW");
    assert_eq!(
        page.attrs("input[name=address-address1]", "value"),
        ["1 PARK ROW"]
    );
    assert_eq!(
        page.attrs("input[name=address-postcode]", "value"),
        ["LS1 1BA"]
    );
    assert!(page.texts("select[name=address-choice]").is_empty());

    let lines: Vec<(&str, String)> = [
        ("address-address1", chosen.line1.clone()),
        ("address-address2", chosen.line2.clone()),
        ("address-address3", chosen.line3.clone()),
        ("address-postcode", chosen.postcode.clone()),
    ]
    .into();
    let mut fields: Vec<(&str, &str)> = someone_else(&[]);
    fields.extend(lines.iter().map(|(name, value)| (*name, value.as_str())));
    let response = save(&app, &edit, &fields).await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), format!("{base}/correspondent"));
    let correspondent = app.get_page(&format!("{base}/correspondent"), 200).await;
    let main = correspondent.text("main");
    assert!(
        main.contains("Smith & Co Solicitors") && main.contains("1 PARK ROW"),
        "{main}"
    );
}

/// What the finder's server function answers `browser` for `postcode`.
async fn looked_up(browser: &crate::support::Browser, postcode: &str) -> AddressSearch {
    let response = browser
        .get(&format!("/_fn/find-addresses?postcode={postcode}"))
        .await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

#[tokio::test]
async fn an_account_that_looks_up_too_many_postcodes_is_asked_to_wait() {
    let (app, _places) = with_places(Backend::Sqlite, None).await;
    signed_in(&app, &app, "finder.many@example.com").await;
    for _ in 0..20 {
        assert!(matches!(
            looked_up(&app, "B1%201TF").await,
            AddressSearch::Found(_)
        ));
    }
    assert_eq!(looked_up(&app, "B1%201TF").await, AddressSearch::TooMany);
    // Its own allowance: someone else can still look up.
    let other = app.new_browser();
    signed_in(&app, &other, "finder.other@example.com").await;
    assert!(matches!(
        looked_up(&other, "B1%201TF").await,
        AddressSearch::Found(_)
    ));
}

on_both_stores!(
    an_address_is_found_chosen_and_saved_without_javascript,
    a_bad_postcode_no_addresses_and_a_failed_lookup_each_say_so,
    the_correspondent_someone_else_finds_their_address
);

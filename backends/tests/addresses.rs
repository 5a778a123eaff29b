//! The OS Places client against `os-places-fake` over real HTTP: addresses found, none found,
//! a postcode OS cannot read, a wrong key, and a service that is not there.
use backends::addresses::{AddressLookup, AddressLookupError, OsPlaces};

const KEY: &str = "backends-test-os-key";

#[tokio::test]
async fn addresses_at_a_postcode_are_found_as_os_writes_them() {
    let fake = os_places_fake::spawn(KEY).await.unwrap();
    let places = OsPlaces::new(&fake.base_url(), KEY).unwrap();
    let found = places.by_postcode("sw1a 2aa").await.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].postcode, "SW1A 2AA");
    assert_eq!(
        found[0].address,
        "PRIME MINISTER & FIRST LORD OF THE TREASURY, 10, DOWNING STREET, LONDON, SW1A 2AA"
    );
    assert_eq!(places.by_postcode("LS1 1BA").await.unwrap().len(), 6);
    assert_eq!(places.by_postcode("ZZ9 9ZZ").await.unwrap(), vec![]);
}

#[tokio::test]
async fn a_bad_postcode_a_wrong_key_and_no_service_are_told_apart() {
    let fake = os_places_fake::spawn(KEY).await.unwrap();
    let places = OsPlaces::new(&fake.base_url(), KEY).unwrap();
    assert_eq!(
        places.by_postcode("not a postcode").await,
        Err(AddressLookupError::InvalidPostcode)
    );
    let wrong_key = OsPlaces::new(&fake.base_url(), "wrong").unwrap();
    assert_eq!(
        wrong_key.by_postcode("B1 1TF").await,
        Err(AddressLookupError::Refused(401))
    );
    let nowhere = format!("http://{}", backends::testing::unused_local_address());
    assert!(matches!(
        OsPlaces::new(&nowhere, KEY)
            .unwrap()
            .by_postcode("B1 1TF")
            .await,
        Err(AddressLookupError::Unavailable(_))
    ));
    assert!(OsPlaces::new("not a url", KEY).is_err());
}

//! The sandbox's test cards: which numbers are paid, declined or fail, and what a card number
//! says about its card.
//!
//! The numbers are GOV.UK Pay's documented mock card numbers for sandbox accounts
//! (docs.payments.service.gov.uk/testing_govuk_pay, "Mock card numbers for Worldpay") and the
//! rest of what its sandbox provider accepts (pay-connector's `SandboxCardNumbers`). Like that
//! provider, any other number is answered with an error.

/// What the payment provider answers for a card.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    Authorised,
    Declined,
    ProviderError,
}

struct TestCard {
    number: &'static str,
    brand: &'static str,
    card_type: Option<&'static str>,
    outcome: Outcome,
}

const fn card(
    number: &'static str,
    brand: &'static str,
    card_type: Option<&'static str>,
    outcome: Outcome,
) -> TestCard {
    TestCard {
        number,
        brand,
        card_type,
        outcome,
    }
}

const CREDIT: Option<&str> = Some("credit");
const DEBIT: Option<&str> = Some("debit");
/// The documentation says "credit or debit", or nothing.
const EITHER: Option<&str> = None;

const TEST_CARDS: &[TestCard] = &[
    card("4444333322221111", "Visa", CREDIT, Outcome::Authorised),
    card("4242424242424242", "Visa", CREDIT, Outcome::Authorised),
    card("4000056655665556", "Visa", DEBIT, Outcome::Authorised),
    card("4988080000000000", "Visa", DEBIT, Outcome::Authorised),
    card("4000160000000004", "Visa", DEBIT, Outcome::Authorised),
    card("4131840000000003", "Visa", DEBIT, Outcome::Authorised),
    card("4111111111111111", "Visa", CREDIT, Outcome::Authorised),
    card("4000000000000010", "Visa", EITHER, Outcome::Authorised),
    card("4917610000000000003", "Visa", DEBIT, Outcome::Authorised),
    card("4000020000000000", "Visa", EITHER, Outcome::Authorised),
    card("4293189100000008", "Visa", EITHER, Outcome::Authorised),
    card("4000180000000002", "Visa", DEBIT, Outcome::Authorised),
    card("222100000000000", "Mastercard", CREDIT, Outcome::Authorised),
    card("5105105105105100", "Mastercard", DEBIT, Outcome::Authorised),
    card("5200828282828210", "Mastercard", DEBIT, Outcome::Authorised),
    card(
        "5555555555554444",
        "Mastercard",
        CREDIT,
        Outcome::Authorised,
    ),
    card(
        "5101180000000007",
        "Mastercard",
        CREDIT,
        Outcome::Authorised,
    ),
    card(
        "371449635398431",
        "American Express",
        CREDIT,
        Outcome::Authorised,
    ),
    card("3566002020360505", "Jcb", CREDIT, Outcome::Authorised),
    card("6011000990139424", "Discover", CREDIT, Outcome::Authorised),
    card("36148900647913", "Diners Club", EITHER, Outcome::Authorised),
    // "Card declined", "Card expired" and "Invalid CVC code": all rejected by the provider.
    card("4000000000000002", "Visa", EITHER, Outcome::Declined),
    card("4000000000000069", "Visa", EITHER, Outcome::Declined),
    card("4000000000000127", "Visa", EITHER, Outcome::Declined),
    // "General error".
    card("4000000000000119", "Visa", EITHER, Outcome::ProviderError),
];

/// What the payer reads under the card number field: one card for each outcome.
pub(crate) const HINT: &str = "This is a fake: no money is taken. Use a test card: \
    4444 3333 2222 1111 is paid, 4000 0000 0000 0002 is declined and \
    4000 0000 0000 0119 fails with an error.";

fn test_card(number: &str) -> Option<&'static TestCard> {
    TEST_CARDS.iter().find(|card| card.number == number)
}

/// The provider's answer for a card number (digits only).
pub(crate) fn outcome(number: &str) -> Outcome {
    test_card(number).map_or(Outcome::ProviderError, |card| card.outcome)
}

/// The card's brand as GOV.UK Pay names it, when the service accepts it. The sandbox service
/// takes the brands GOV.UK Pay offers by default: not Maestro, and nothing it does not know.
pub(crate) fn accepted_brand(number: &str) -> Option<&'static str> {
    if let Some(card) = test_card(number) {
        return Some(card.brand);
    }
    let prefix = |digits: usize| number.get(..digits)?.parse::<u32>().ok();
    match (prefix(1)?, prefix(2)?, prefix(4)?) {
        (4, _, _) => Some("Visa"),
        (_, 51..=55, _) | (_, _, 2221..=2720) => Some("Mastercard"),
        (_, 34 | 37, _) => Some("American Express"),
        (_, _, 3528..=3589) => Some("Jcb"),
        (_, 65, _) | (_, _, 6011 | 6440..=6499) => Some("Discover"),
        (_, 36 | 38 | 39, _) | (_, _, 3000..=3059) => Some("Diners Club"),
        (_, 62, _) => Some("Union Pay"),
        _ => None,
    }
}

/// `credit`, `debit`, or `None` when unknown.
pub(crate) fn card_type(number: &str) -> Option<&'static str> {
    test_card(number).and_then(|card| card.card_type)
}

/// The check digit every card number carries (ISO/IEC 7812).
pub(crate) fn passes_luhn(digits: &str) -> bool {
    let mut sum = 0;
    for (position, digit) in digits.bytes().rev().enumerate() {
        let mut value = u32::from(digit - b'0');
        if position % 2 == 1 {
            value *= 2;
            if value > 9 {
                value -= 9;
            }
        }
        sum += value;
    }
    sum % 10 == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_test_card_is_a_valid_number_of_an_accepted_brand() {
        for card in TEST_CARDS {
            assert!(passes_luhn(card.number), "{}", card.number);
            assert_eq!(accepted_brand(card.number), Some(card.brand));
        }
    }

    #[test]
    fn a_mistyped_number_fails_the_check_digit() {
        assert!(passes_luhn("4444333322221111"));
        assert!(!passes_luhn("4444333322221112"));
        assert!(!passes_luhn("4444333322212111"));
    }

    #[test]
    fn brands_come_from_the_number_and_maestro_is_not_accepted() {
        assert_eq!(accepted_brand("4462030000000000"), Some("Visa"));
        assert_eq!(accepted_brand("5454545454545454"), Some("Mastercard"));
        assert_eq!(accepted_brand("2720990000000007"), Some("Mastercard"));
        assert_eq!(accepted_brand("6759649826438453"), None);
        assert_eq!(accepted_brand("1234567812345670"), None);
    }

    #[test]
    fn numbers_the_sandbox_does_not_know_fail_with_an_error() {
        assert_eq!(outcome("4462030000000000"), Outcome::ProviderError);
        assert_eq!(outcome("4000000000000002"), Outcome::Declined);
        assert_eq!(outcome("4444333322221111"), Outcome::Authorised);
    }
}

//! The payer's card details form: what was typed, and the checks GOV.UK Pay's payment page makes
//! before it sends a card to the payment provider (messages from pay-frontend's `locales/en.json`).

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

use crate::cards;

/// The form's fields, named as GOV.UK Pay's payment page names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Field {
    CardNo,
    /// The expiry date's errors show on its month.
    ExpiryMonth,
    ExpiryYear,
    CardholderName,
    Cvc,
    Email,
}

impl Field {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Field::CardNo => "cardNo",
            Field::ExpiryMonth => "expiryMonth",
            Field::ExpiryYear => "expiryYear",
            Field::CardholderName => "cardholderName",
            Field::Cvc => "cvc",
            Field::Email => "email",
        }
    }

    /// The input's `id`, which labels and error links point at.
    pub(crate) fn id(self) -> &'static str {
        match self {
            Field::CardNo => "card-no",
            Field::ExpiryMonth => "expiry-month",
            Field::ExpiryYear => "expiry-year",
            Field::CardholderName => "cardholder-name",
            Field::Cvc => "cvc",
            Field::Email => "email",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FieldError {
    pub(crate) field: Field,
    pub(crate) message: &'static str,
}

/// What the payer typed, as sent.
#[derive(Clone, Debug, Default)]
pub(crate) struct CardForm {
    pub(crate) card_no: String,
    pub(crate) expiry_month: String,
    pub(crate) expiry_year: String,
    pub(crate) cardholder_name: String,
    pub(crate) cvc: String,
    pub(crate) email: String,
}

/// A card that passed the form's checks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Card {
    /// Digits only.
    pub(crate) number: String,
    pub(crate) brand: &'static str,
    pub(crate) expiry_month: u32,
    /// Four digits.
    pub(crate) expiry_year: i32,
    pub(crate) cardholder_name: String,
    pub(crate) email: String,
}

impl Card {
    /// `MM/YY`, as the API shows expiry dates.
    pub(crate) fn expiry_date(&self) -> String {
        format!("{:02}/{:02}", self.expiry_month, self.expiry_year % 100)
    }
}

impl CardForm {
    /// An empty form, with the email address the service gave (GOV.UK Pay prefills it).
    pub(crate) fn prefilled(email: Option<&str>) -> Self {
        CardForm {
            email: email.unwrap_or_default().to_owned(),
            ..CardForm::default()
        }
    }

    pub(crate) fn from_fields(fields: &HashMap<String, String>) -> Self {
        let field = |field: Field| fields.get(field.name()).cloned().unwrap_or_default();
        CardForm {
            card_no: field(Field::CardNo),
            expiry_month: field(Field::ExpiryMonth),
            expiry_year: field(Field::ExpiryYear),
            cardholder_name: field(Field::CardholderName),
            cvc: field(Field::Cvc),
            email: field(Field::Email),
        }
    }

    /// The card, or every field's first error in page order. A card is good until the end of
    /// its expiry month.
    pub(crate) fn validate(&self, today: NaiveDate) -> Result<Card, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut fail = |field, message| errors.push(FieldError { field, message });

        let number: String = self
            .card_no
            .chars()
            .filter(|c| !matches!(c, ' ' | '-'))
            .collect();
        let brand = if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
            fail(Field::CardNo, "Enter a valid card number");
            None
        } else if !(12..=19).contains(&number.len()) {
            fail(Field::CardNo, "Card number is not the correct length");
            None
        } else if !cards::passes_luhn(&number) {
            fail(Field::CardNo, "Enter a valid card number");
            None
        } else {
            let brand = cards::accepted_brand(&number);
            if brand.is_none() {
                fail(Field::CardNo, "This card type is not accepted");
            }
            brand
        };

        let month = self
            .expiry_month
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|month| (1..=12).contains(month));
        let year = expiry_year(self.expiry_year.trim());
        let expiry = match (month, year) {
            (Some(month), Some(year)) => {
                let in_the_past = (year, month) < (today.year(), today.month());
                if in_the_past {
                    fail(Field::ExpiryMonth, "Enter an expiry date in the future");
                    None
                } else {
                    Some((month, year))
                }
            }
            _ => {
                fail(Field::ExpiryMonth, "Enter a valid expiry date");
                None
            }
        };

        let cardholder_name = self.cardholder_name.trim();
        if cardholder_name.is_empty() || cardholder_name.chars().count() > 255 {
            fail(
                Field::CardholderName,
                "Enter the name as it appears on the card",
            );
        }

        let cvc = self.cvc.trim();
        if !(3..=4).contains(&cvc.len()) || !cvc.bytes().all(|b| b.is_ascii_digit()) {
            fail(Field::Cvc, "Enter a valid card security code");
        }

        let email = self.email.trim();
        if !is_plausible_email(email) {
            fail(Field::Email, "Enter a valid email");
        }

        match (brand, expiry) {
            (Some(brand), Some((expiry_month, expiry_year))) if errors.is_empty() => Ok(Card {
                number,
                brand,
                expiry_month,
                expiry_year,
                cardholder_name: cardholder_name.to_owned(),
                email: email.to_owned(),
            }),
            _ => Err(errors),
        }
    }
}

/// `YY` or `YYYY`, as a four-digit year.
fn expiry_year(text: &str) -> Option<i32> {
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year = text.parse::<i32>().ok()?;
    match text.len() {
        2 => Some(2000 + year),
        4 => Some(year),
        _ => None,
    }
}

/// One `@` with something before it and a dotted domain after it, no spaces, at most 254
/// characters: enough to catch a slip, as a payment page's check is.
fn is_plausible_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    email.len() <= 254
        && !local.is_empty()
        && !domain.contains('@')
        && !email.chars().any(char::is_whitespace)
        && domain.split('.').all(|label| !label.is_empty())
        && domain.contains('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 5, 14).unwrap()
    }

    fn filled() -> CardForm {
        CardForm {
            card_no: "4444 3333 2222 1111".to_owned(),
            expiry_month: "5".to_owned(),
            expiry_year: "26".to_owned(),
            cardholder_name: " Sherlock Holmes ".to_owned(),
            cvc: "123".to_owned(),
            email: "sherlock@example.com".to_owned(),
        }
    }

    fn errors(form: CardForm) -> Vec<(Field, &'static str)> {
        form.validate(today())
            .unwrap_err()
            .into_iter()
            .map(|error| (error.field, error.message))
            .collect()
    }

    #[test]
    fn a_good_card_is_read_as_digits_with_a_four_digit_year() {
        let card = filled().validate(today()).unwrap();
        assert_eq!(card.number, "4444333322221111");
        assert_eq!(card.brand, "Visa");
        assert_eq!((card.expiry_month, card.expiry_year), (5, 2026));
        assert_eq!(card.expiry_date(), "05/26");
        assert_eq!(card.cardholder_name, "Sherlock Holmes");
    }

    #[test]
    fn a_card_is_good_until_the_end_of_its_expiry_month() {
        let last_month = CardForm {
            expiry_month: "04".to_owned(),
            expiry_year: "2026".to_owned(),
            ..filled()
        };
        assert_eq!(
            errors(last_month),
            [(Field::ExpiryMonth, "Enter an expiry date in the future")]
        );
    }

    #[test]
    fn each_field_reports_its_own_error_in_page_order() {
        let form = CardForm {
            card_no: "4444 3333 2222 1112".to_owned(),
            expiry_month: "13".to_owned(),
            expiry_year: "26".to_owned(),
            cardholder_name: "  ".to_owned(),
            cvc: "12".to_owned(),
            email: "sherlock at example.com".to_owned(),
        };
        assert_eq!(
            errors(form),
            [
                (Field::CardNo, "Enter a valid card number"),
                (Field::ExpiryMonth, "Enter a valid expiry date"),
                (
                    Field::CardholderName,
                    "Enter the name as it appears on the card"
                ),
                (Field::Cvc, "Enter a valid card security code"),
                (Field::Email, "Enter a valid email"),
            ]
        );
    }

    #[test]
    fn card_numbers_are_checked_for_length_and_brand() {
        let short = CardForm {
            card_no: "4242 4242".to_owned(),
            ..filled()
        };
        assert_eq!(
            errors(short),
            [(Field::CardNo, "Card number is not the correct length")]
        );
        let maestro = CardForm {
            card_no: "6759649826438453".to_owned(),
            ..filled()
        };
        assert_eq!(
            errors(maestro),
            [(Field::CardNo, "This card type is not accepted")]
        );
    }

    #[test]
    fn emails_need_a_local_part_and_a_dotted_domain() {
        for good in ["a@b.co", "first.last+tag@example.gov.uk"] {
            assert!(is_plausible_email(good), "{good}");
        }
        for bad in [
            "",
            "a",
            "@example.com",
            "a@",
            "a@b",
            "a@@b.com",
            "a b@c.com",
            "a@b..com",
        ] {
            assert!(!is_plausible_email(bad), "{bad}");
        }
    }
}

//! The account rules every account page shares, as the real service has them
//! (`../shared/reference/lpa-service.md`, accounts): what an email address and a password must be.
//! Pure code, run on the server always and in the browser for instant feedback.
use std::fmt;

use serde::{Deserialize, Serialize};

/// An email address as we keep it: trimmed and lower-cased, so one person has one account
/// whatever case they type. Only a checked address can be made.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EmailAddress(String);

/// Longest address SMTP can carry (RFC 5321 path limit, less the angle brackets).
pub const MAX_EMAIL_LENGTH: usize = 254;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EmailProblem {
    Missing,
    TooLong,
    NotAnAddress,
}

impl EmailProblem {
    /// The GOV.UK error message for the email field.
    pub fn message(self) -> &'static str {
        match self {
            EmailProblem::Missing => "Enter your email address",
            EmailProblem::TooLong => "Email address must be 254 characters or fewer",
            EmailProblem::NotAnAddress => {
                "Enter an email address in the correct format, like name@example.com"
            }
        }
    }
}

impl EmailAddress {
    pub fn parse(input: &str) -> Result<Self, EmailProblem> {
        let address = input.trim().to_lowercase();
        if address.is_empty() {
            return Err(EmailProblem::Missing);
        }
        if address.chars().count() > MAX_EMAIL_LENGTH {
            return Err(EmailProblem::TooLong);
        }
        // One `@`, a local part, and a domain of dot-separated labels with a top level of letters:
        // what a mail server will route. email_address checks the RFC 5322 grammar.
        let valid = email_address::EmailAddress::parse_with_options(
            &address,
            email_address::Options::default()
                .without_display_text()
                .without_domain_literal(),
        )
        .is_ok()
            && address.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty()
                    && domain.split('.').count() >= 2
                    && domain.split('.').all(|label| {
                        !label.is_empty()
                            && !label.starts_with('-')
                            && !label.ends_with('-')
                            && label.chars().all(|c| c.is_alphanumeric() || c == '-')
                    })
                    && domain
                        .rsplit('.')
                        .next()
                        .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(char::is_alphabetic))
            });
        if valid {
            Ok(EmailAddress(address))
        } else {
            Err(EmailProblem::NotAnAddress)
        }
    }

    /// An address that may be left blank: `None` when it is.
    pub fn parse_optional(input: &str) -> Result<Option<Self>, EmailProblem> {
        match Self::parse(input) {
            Ok(address) => Ok(Some(address)),
            Err(EmailProblem::Missing) => Ok(None),
            Err(problem) => Err(problem),
        }
    }

    /// The address in a form's `field`, or its problem recorded against the field.
    pub fn check_field(
        errors: &mut crate::validation::FieldErrors,
        field: &str,
        input: &str,
    ) -> Option<Self> {
        Self::parse(input)
            .map_err(|problem| errors.add(field, problem.message()))
            .ok()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for EmailAddress {
    type Error = &'static str;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        EmailAddress::parse(&value).map_err(EmailProblem::message)
    }
}

impl From<EmailAddress> for String {
    fn from(address: EmailAddress) -> Self {
        address.0
    }
}

/// The shortest password the service accepts, in characters.
pub const MIN_PASSWORD_LENGTH: usize = 12;

/// What a new password lacks. The real service reports every failure together.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PasswordProblems {
    pub missing: bool,
    pub too_short: bool,
    pub no_digit: bool,
    pub no_lower_case: bool,
    pub no_upper_case: bool,
}

impl PasswordProblems {
    pub fn of(password: &str) -> Self {
        if password.is_empty() {
            return PasswordProblems {
                missing: true,
                ..Default::default()
            };
        }
        PasswordProblems {
            missing: false,
            too_short: password.chars().count() < MIN_PASSWORD_LENGTH,
            no_digit: !password.chars().any(|c| c.is_ascii_digit()),
            no_lower_case: !password.chars().any(|c| c.is_ascii_lowercase()),
            no_upper_case: !password.chars().any(|c| c.is_ascii_uppercase()),
        }
    }

    pub fn is_empty(&self) -> bool {
        *self == PasswordProblems::default()
    }

    /// One GOV.UK error message naming everything the password still needs, or `None`.
    pub fn message(&self) -> Option<String> {
        if self.missing {
            return Some("Enter a password".to_owned());
        }
        let mut needs = Vec::new();
        if self.no_digit {
            needs.push("a number");
        }
        if self.no_lower_case {
            needs.push("a lower case letter");
        }
        if self.no_upper_case {
            needs.push("a capital letter");
        }
        let length = format!("{MIN_PASSWORD_LENGTH} characters or more");
        match (self.too_short, needs.as_slice()) {
            (false, []) => None,
            (true, []) => Some(format!("Password must be {length}")),
            (too_short, needs) => {
                let list = match needs {
                    [one] => (*one).to_owned(),
                    [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
                    [] => unreachable!("matched above"),
                };
                Some(if too_short {
                    format!("Password must be {length} and include {list}")
                } else {
                    format!("Password must include {list}")
                })
            }
        }
    }
}

/// A password that meets the rules. Holds the secret only until it is hashed; never logged.
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

impl NewPassword {
    pub fn parse(password: &str) -> Result<Self, PasswordProblems> {
        let problems = PasswordProblems::of(password);
        if problems.is_empty() {
            Ok(NewPassword(password.to_owned()))
        } else {
            Err(problems)
        }
    }

    /// The checks of every page that sets a password: the new password (field `password`) keeps
    /// the rules and its confirmation (field `password_confirm`) matches it. Errors go in `errors`.
    pub fn check_fields(
        errors: &mut crate::validation::FieldErrors,
        password: &str,
        confirm: &str,
    ) -> Option<Self> {
        let password = match NewPassword::parse(password) {
            Ok(password) => Some(password),
            Err(problems) => {
                if let Some(message) = problems.message() {
                    errors.add("password", message);
                }
                None
            }
        };
        if confirm.is_empty() {
            errors.add("password_confirm", "Confirm your password");
        } else if password
            .as_ref()
            .is_some_and(|password| password.expose() != confirm)
        {
            errors.add("password_confirm", "Enter the same password in both fields");
        }
        password
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(****)")
    }
}

/// A user's id: 32 lower-case hex characters, random, as in the real service. The same type in
/// the browser, so an admin's search and the URLs of an account's pages hold only real ids.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(transparent))]
#[serde(try_from = "String", into = "String")]
pub struct UserId(String);

impl UserId {
    #[cfg(feature = "ssr")]
    pub(crate) fn random() -> Self {
        UserId(hex::encode(rand::random::<[u8; 16]>()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Not a user id: the wrong length, or not lower-case hex.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not a user id")]
pub struct NotAUserId;

/// Reads an id from a URL (`/admin/users/{id}`) or a form.
impl std::str::FromStr for UserId {
    type Err = NotAUserId;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let well_formed = text.len() == 32
            && text
                .bytes()
                .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c));
        if well_formed {
            Ok(UserId(text.to_owned()))
        } else {
            Err(NotAUserId)
        }
    }
}

impl TryFrom<String> for UserId {
    type Error = NotAUserId;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl From<UserId> for String {
    fn from(id: UserId) -> Self {
        id.0
    }
}

impl crate::paths::PathParams for UserId {
    fn values(&self) -> Vec<String> {
        vec![self.0.clone()]
    }
}

impl crate::paths::FromPathValues for UserId {
    fn from_values(values: &[String]) -> Option<Self> {
        match values {
            [id] => id.parse().ok(),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_trimmed_lower_cased_and_checked() {
        let address = EmailAddress::parse("  Ada.Lovelace+LPA@Example.GOV.uk ").unwrap();
        assert_eq!(address.as_str(), "ada.lovelace+lpa@example.gov.uk");
        for bad in [
            "ada",
            "ada@",
            "@example.com",
            "ada@example",
            "ada@@example.com",
            "ada@example..com",
            "ada @example.com",
            "ada@-example.com",
            "ada@example.c0m",
            "Ada <ada@example.com>",
            "ada@[127.0.0.1]",
        ] {
            assert_eq!(
                EmailAddress::parse(bad),
                Err(EmailProblem::NotAnAddress),
                "{bad}"
            );
        }
        assert_eq!(EmailAddress::parse("   "), Err(EmailProblem::Missing));
        let long = format!("{}@example.com", "a".repeat(250));
        assert_eq!(EmailAddress::parse(&long), Err(EmailProblem::TooLong));
    }

    #[test]
    fn an_address_cannot_be_deserialised_unchecked() {
        assert!(serde_json::from_str::<EmailAddress>("\"not-an-address\"").is_err());
        let address: EmailAddress = serde_json::from_str("\"A@Example.com\"").unwrap();
        assert_eq!(address.as_str(), "a@example.com");
    }

    #[test]
    fn a_password_needs_12_characters_a_digit_and_both_cases() {
        assert!(NewPassword::parse("Correct1horse").is_ok());
        // 12 characters counted as characters, not bytes.
        assert!(NewPassword::parse("Ünïcödé1aBcd").is_ok());
        assert_eq!(
            PasswordProblems::of("").message().unwrap(),
            "Enter a password"
        );
        assert_eq!(
            PasswordProblems::of("Short1a").message().unwrap(),
            "Password must be 12 characters or more"
        );
        assert_eq!(
            PasswordProblems::of("alllowercaseletters")
                .message()
                .unwrap(),
            "Password must include a number and a capital letter"
        );
        assert_eq!(
            PasswordProblems::of("SHORT").message().unwrap(),
            "Password must be 12 characters or more and include a number and a lower case letter"
        );
        assert_eq!(
            PasswordProblems::of("!!!!!!!!!!!!!").message().unwrap(),
            "Password must include a number, a lower case letter and a capital letter"
        );
        assert_eq!(PasswordProblems::of("Correct1horse").message(), None);
    }

    #[test]
    fn a_new_password_never_shows_in_debug_output() {
        let password = NewPassword::parse("Correct1horse").unwrap();
        assert_eq!(format!("{password:?}"), "NewPassword(****)");
        assert_eq!(password.expose(), "Correct1horse");
    }
}

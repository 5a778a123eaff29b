//! What we ask people to confirm before a person is saved. The real service only warns in the
//! browser (`moj.person-form.js`, reference §4.3); we check on the server too, with or without
//! JavaScript, and the person must tick a box to save anyway:
//!
//! - the same first and last name (case and spacing ignored) as someone else on the LPA in a role
//!   that cannot be the same person: the certificate provider and the donor or an attorney; an
//!   attorney twice (primary or replacement); the donor as an attorney; a person to notify who is
//!   the donor, an attorney or already a person to notify;
//! - a donor or attorney under 18, or 100 or over, on the date the details are entered.
use std::fmt;

use super::model::{Attorney, AttorneyRole, Dob, Document};
use crate::dates::Today;

/// Someone's part in an LPA.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    Donor,
    Attorney(AttorneyRole),
    CertificateProvider,
    PersonToNotify,
}

impl Role {
    fn described(self) -> &'static str {
        match self {
            Role::Donor => "the donor",
            Role::Attorney(AttorneyRole::Primary) => "an attorney",
            Role::Attorney(AttorneyRole::Replacement) => "a replacement attorney",
            Role::CertificateProvider => "the certificate provider",
            Role::PersonToNotify => "a person to notify",
        }
    }

    fn is_attorney(self) -> bool {
        matches!(self, Role::Attorney(_))
    }
}

/// Whether one person may not hold both roles (so the same name in both is worth a question).
pub fn conflicting(a: Role, b: Role) -> bool {
    let pair = |x: Role, y: Role| match x {
        Role::CertificateProvider => y == Role::Donor || y.is_attorney(),
        Role::Attorney(_) => y.is_attorney() || y == Role::Donor,
        Role::PersonToNotify => y == Role::PersonToNotify || y == Role::Donor || y.is_attorney(),
        Role::Donor => false,
    };
    pair(a, b) || pair(b, a)
}

/// A reason to check before saving.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Warning {
    /// Someone else in `other` has the same name.
    SameName { other: Role, name: String },
    /// Under 18 on the day entered.
    UnderAge,
    /// 100 or over on the day entered.
    Over100,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::SameName { other, name } => write!(
                f,
                "{name} is already named on this LPA as {}. One person cannot have both roles, \
                 so check these are two different people with the same name.",
                other.described(),
            ),
            Warning::UnderAge => f.write_str(
                "This date of birth means they are under 18. They must be 18 or over on the day \
                 they sign the LPA, or it will be rejected.",
            ),
            Warning::Over100 => f.write_str(
                "This date of birth means they are 100 or over. Check the date is right.",
            ),
        }
    }
}

/// The person about to be saved: their role, which one they are if they are already on the LPA
/// (their index in their list, or `Some(0)` for the donor or certificate provider), their name and
/// date of birth.
#[derive(Clone, Copy, Debug)]
pub struct Candidate<'a> {
    pub role: Role,
    pub editing: Option<usize>,
    pub first: &'a str,
    pub last: &'a str,
    pub dob: Option<Dob>,
}

fn comparable(first: &str, last: &str) -> (String, String) {
    (first.trim().to_lowercase(), last.trim().to_lowercase())
}

/// Everyone named on the LPA, with their role and index in their list.
fn people(document: &Document) -> Vec<(Role, usize, String, String, String)> {
    let mut people = Vec::new();
    if let Some(donor) = document.donor() {
        people.push((
            Role::Donor,
            0,
            donor.name.first().to_owned(),
            donor.name.last().to_owned(),
            donor.name.to_string(),
        ));
    }
    for role in [AttorneyRole::Primary, AttorneyRole::Replacement] {
        for (index, listed) in document.attorneys(role).iter().enumerate() {
            if let Attorney::Human(human) = &listed.person {
                people.push((
                    Role::Attorney(role),
                    index,
                    human.name.first().to_owned(),
                    human.name.last().to_owned(),
                    human.name.to_string(),
                ));
            }
        }
    }
    if let Some(provider) = document.certificate_provider() {
        people.push((
            Role::CertificateProvider,
            0,
            provider.name.first().to_owned(),
            provider.name.last().to_owned(),
            provider.name.to_string(),
        ));
    }
    for (index, listed) in document.people_to_notify().iter().enumerate() {
        people.push((
            Role::PersonToNotify,
            index,
            listed.person.name.first().to_owned(),
            listed.person.name.last().to_owned(),
            listed.person.name.to_string(),
        ));
    }
    people
}

/// What to ask about before saving `candidate` on `document`, on `today`.
pub fn check(document: &Document, candidate: Candidate<'_>, today: Today) -> Vec<Warning> {
    let mut warnings = Vec::new();
    let name = comparable(candidate.first, candidate.last);
    for (role, index, first, last, shown) in people(document) {
        let themselves = role == candidate.role && Some(index) == candidate.editing;
        if !themselves && conflicting(role, candidate.role) && comparable(&first, &last) == name {
            warnings.push(Warning::SameName {
                other: role,
                name: shown,
            });
        }
    }
    if let Some(dob) = candidate.dob {
        if matches!(candidate.role, Role::Donor | Role::Attorney(_)) {
            let age = dob.age_on(today.date());
            if age < 18 {
                warnings.push(Warning::UnderAge);
            } else if age >= 100 {
                warnings.push(Warning::Over100);
            }
        }
    }
    warnings
}

/// The error when there was something to confirm and the box was not ticked.
pub const CONFIRM_MESSAGE: &str =
    "Check the warning, then tick the box to confirm these details are right";

/// The one message for the confirmation box: every warning, in order.
pub fn message(warnings: &[Warning]) -> Option<String> {
    if warnings.is_empty() {
        None
    } else {
        Some(
            warnings
                .iter()
                .map(Warning::to_string)
                .collect::<Vec<_>>()
                .join(" "),
        )
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::lpa::model::testing::*;
    use crate::lpa::model::{CertificateProvider, LpaType, Name};

    fn document() -> Document {
        let mut document = Document::of_type(LpaType::PropertyAndFinancial);
        document.set_donor(donor()); // Dana Donor
        document
            .add_attorney(AttorneyRole::Primary, human("Ann", "Able"))
            .unwrap();
        document
            .add_attorney(AttorneyRole::Replacement, human("Rob", "Reed"))
            .unwrap();
        document.set_certificate_provider(Some(CertificateProvider {
            name: Name::parse("", "Cat", "Cole").unwrap(),
            address: address(),
        }));
        document
            .add_person_to_notify(person("Nia", "Nott"))
            .unwrap();
        document
    }

    fn named(role: Role, first: &'static str, last: &'static str) -> Candidate<'static> {
        Candidate {
            role,
            editing: None,
            first,
            last,
            dob: None,
        }
    }

    fn same_name(role: Role, first: &'static str, last: &'static str) -> Vec<Role> {
        check(&document(), named(role, first, last), today())
            .into_iter()
            .filter_map(|warning| match warning {
                Warning::SameName { other, .. } => Some(other),
                _ => None,
            })
            .collect()
    }

    const PRIMARY: Role = Role::Attorney(AttorneyRole::Primary);
    const REPLACEMENT: Role = Role::Attorney(AttorneyRole::Replacement);

    #[test]
    fn the_certificate_provider_cannot_share_a_name_with_the_donor_or_an_attorney() {
        assert_eq!(
            same_name(Role::CertificateProvider, "dana", " DONOR "),
            [Role::Donor]
        );
        assert_eq!(
            same_name(Role::CertificateProvider, "Ann", "Able"),
            [PRIMARY]
        );
        assert_eq!(
            same_name(Role::CertificateProvider, "Rob", "Reed"),
            [REPLACEMENT]
        );
        assert_eq!(same_name(Role::CertificateProvider, "Nia", "Nott"), []);
        assert_eq!(
            same_name(PRIMARY, "Cat", "Cole"),
            [Role::CertificateProvider]
        );
    }

    #[test]
    fn an_attorney_cannot_be_named_twice_or_be_the_donor() {
        assert_eq!(same_name(PRIMARY, "Ann", "Able"), [PRIMARY]);
        assert_eq!(same_name(REPLACEMENT, "Ann", "Able"), [PRIMARY]);
        assert_eq!(same_name(PRIMARY, "Rob", "Reed"), [REPLACEMENT]);
        assert_eq!(same_name(PRIMARY, "Dana", "Donor"), [Role::Donor]);
        assert_eq!(same_name(PRIMARY, "Ann", "Other"), []);
        // Editing Ann herself is not a second Ann.
        let editing = Candidate {
            editing: Some(0),
            ..named(PRIMARY, "Ann", "Able")
        };
        assert_eq!(check(&document(), editing, today()), []);
    }

    #[test]
    fn a_person_to_notify_cannot_be_an_attorney_the_donor_or_named_twice() {
        assert_eq!(same_name(Role::PersonToNotify, "Ann", "Able"), [PRIMARY]);
        assert_eq!(
            same_name(Role::PersonToNotify, "Rob", "Reed"),
            [REPLACEMENT]
        );
        assert_eq!(
            same_name(Role::PersonToNotify, "Dana", "Donor"),
            [Role::Donor]
        );
        assert_eq!(
            same_name(Role::PersonToNotify, "Nia", "Nott"),
            [Role::PersonToNotify]
        );
        assert_eq!(same_name(Role::PersonToNotify, "Cat", "Cole"), []);
        assert_eq!(
            same_name(Role::Donor, "Nia", "Nott"),
            [Role::PersonToNotify]
        );
    }

    fn aged(role: Role, born: NaiveDate) -> Vec<Warning> {
        let candidate = Candidate {
            dob: Dob::new(born, today()),
            ..named(role, "New", "Person")
        };
        check(&document(), candidate, today())
    }

    #[test]
    fn donors_and_attorneys_under_18_or_100_and_over_are_questioned() {
        let on = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        // Today is 3 December 2026.
        assert_eq!(aged(PRIMARY, on(2008, 12, 4)), [Warning::UnderAge]);
        assert_eq!(aged(PRIMARY, on(2008, 12, 3)), []);
        assert_eq!(aged(Role::Donor, on(1926, 12, 4)), []);
        assert_eq!(aged(Role::Donor, on(1926, 12, 3)), [Warning::Over100]);
        assert_eq!(aged(REPLACEMENT, on(2020, 1, 1)), [Warning::UnderAge]);
        // The certificate provider and people to notify have no date of birth asked.
        assert_eq!(aged(Role::PersonToNotify, on(2020, 1, 1)), []);
    }

    #[test]
    fn the_message_names_the_other_person_and_role() {
        let warnings = check(
            &document(),
            named(Role::CertificateProvider, "Ann", "Able"),
            today(),
        );
        let message = message(&warnings).unwrap();
        assert!(
            message.starts_with("Ann Able is already named on this LPA as an attorney."),
            "{message}"
        );
        assert_eq!(super::message(&[]), None);
    }
}

//! Who receives the registered LPA and the Office of the Public Guardian's letters (reference
//! §3.7), and how they want to be contacted.
//!
//! The correspondent is the donor unless someone chooses another person on the LPA or someone
//! else. A correspondent who is a person on the LPA is kept as that person's details, refreshed
//! whenever the person changes, and forgotten if the person is removed (the step is then asked
//! again), so a stale copy never reaches the documents.
use serde::{Deserialize, Serialize};

use super::model::{
    Address, Attorney, EmailAddress, Invalid, LongName, PersonId, PhoneNumber, Problem,
    MAX_COMPANY_TEXT,
};

/// Who the correspondent is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "who", content = "attorneyId", rename_all = "camelCase")]
pub enum CorrespondentRole {
    Donor,
    /// A primary or replacement attorney, by their number on the LPA.
    Attorney(PersonId),
    CertificateProvider,
    /// Someone who is not on the LPA, or a company.
    Other,
}

/// How the correspondent wants to hear from the Office of the Public Guardian: at least one way,
/// with the email address or phone number when those are chosen, and the language of letters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Contact {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    email: Option<EmailAddress>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    phone: Option<PhoneNumber>,
    contact_by_post: bool,
    contact_in_welsh: bool,
}

/// No way of contacting the correspondent was chosen (`at-least-one-option-needs-to-be-selected`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NoContactMethod;

impl Contact {
    pub fn new(
        email: Option<EmailAddress>,
        phone: Option<PhoneNumber>,
        by_post: bool,
        in_welsh: bool,
    ) -> Result<Self, NoContactMethod> {
        if email.is_none() && phone.is_none() && !by_post {
            return Err(NoContactMethod);
        }
        Ok(Contact {
            email,
            phone,
            contact_by_post: by_post,
            contact_in_welsh: in_welsh,
        })
    }

    pub fn email(&self) -> Option<&EmailAddress> {
        self.email.as_ref()
    }

    pub fn phone(&self) -> Option<&PhoneNumber> {
        self.phone.as_ref()
    }

    pub fn by_post(&self) -> bool {
        self.contact_by_post
    }

    pub fn in_welsh(&self) -> bool {
        self.contact_in_welsh
    }
}

/// The correspondent: a name or a company (or both), an address, and once chosen, how to
/// contact them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Correspondent {
    #[serde(flatten)]
    who: CorrespondentRole,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    name: Option<LongName>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    company: Option<String>,
    address: Address,
    /// The email address of the person chosen, offered when contact is asked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    known_email: Option<EmailAddress>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    contact: Option<Contact>,
}

impl Correspondent {
    /// Someone not on the LPA: a name or a company name is needed (`name/company`).
    pub fn other(
        name: Option<LongName>,
        company: &str,
        address: Address,
    ) -> Result<Self, Vec<Invalid>> {
        let company = company.trim();
        let mut problems = Vec::new();
        if company.chars().count() > MAX_COMPANY_TEXT {
            problems.push(Invalid {
                part: "company",
                problem: Problem::TooLong(MAX_COMPANY_TEXT),
            });
        }
        if name.is_none() && company.is_empty() {
            problems.push(Invalid {
                part: "name",
                problem: Problem::Missing,
            });
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Correspondent {
            who: CorrespondentRole::Other,
            name,
            company: (!company.is_empty()).then(|| company.to_owned()),
            address,
            known_email: None,
            contact: None,
        })
    }

    /// A person on the LPA, from their details.
    pub(crate) fn person(
        who: CorrespondentRole,
        name: LongName,
        address: Address,
        email: Option<EmailAddress>,
    ) -> Self {
        Correspondent {
            who,
            name: Some(name),
            company: None,
            address,
            known_email: email,
            contact: None,
        }
    }

    /// An attorney, by their number; a trust corporation's name is a company's.
    pub(crate) fn of_attorney(id: PersonId, attorney: &Attorney) -> Option<Self> {
        match attorney {
            Attorney::Trust(trust) => Some(Correspondent {
                who: CorrespondentRole::Attorney(id),
                name: None,
                company: Some(trust.name().to_owned()),
                address: trust.address.clone(),
                known_email: trust.email.clone(),
                contact: None,
            }),
            Attorney::Human(human) => Some(Correspondent::person(
                CorrespondentRole::Attorney(id),
                LongName::parse(
                    human.name.title().unwrap_or_default(),
                    human.name.first(),
                    human.name.last(),
                )
                .ok()?,
                human.address.clone(),
                human.email.clone(),
            )),
        }
    }

    pub fn who(&self) -> CorrespondentRole {
        self.who
    }

    pub fn name(&self) -> Option<&LongName> {
        self.name.as_ref()
    }

    pub fn company(&self) -> Option<&str> {
        self.company.as_deref()
    }

    pub fn address(&self) -> &Address {
        &self.address
    }

    /// The email address known for them (a person's own), to offer as the contact address.
    pub fn known_email(&self) -> Option<&EmailAddress> {
        self.contact
            .as_ref()
            .and_then(Contact::email)
            .or(self.known_email.as_ref())
    }

    pub fn contact(&self) -> Option<&Contact> {
        self.contact.as_ref()
    }

    /// How the pages name them: the person's name, the company, or both.
    pub fn display_name(&self) -> String {
        match (&self.name, &self.company) {
            (Some(name), Some(company)) => format!("{name}, {company}"),
            (Some(name), None) => name.to_string(),
            (None, Some(company)) => company.clone(),
            (None, None) => String::new(),
        }
    }

    /// The same correspondent with `contact`.
    pub fn with_contact(mut self, contact: Contact) -> Self {
        self.contact = Some(contact);
        self
    }

    /// This correspondent's details replaced by `fresh`'s (the same person, changed), keeping how
    /// they want to be contacted.
    pub(crate) fn refreshed(&self, fresh: Correspondent) -> Correspondent {
        Correspondent {
            contact: self.contact.clone(),
            ..fresh
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lpa::model::testing::address;

    #[test]
    fn someone_else_needs_a_name_or_a_company() {
        assert!(Correspondent::other(None, "  ", address()).is_err());
        let company = Correspondent::other(None, "Solicitors LLP", address()).unwrap();
        assert_eq!(company.display_name(), "Solicitors LLP");
        assert_eq!(company.who(), CorrespondentRole::Other);
        let long = "x".repeat(76);
        assert_eq!(
            Correspondent::other(None, &long, address()).unwrap_err()[0].problem,
            Problem::TooLong(75)
        );
        let both = Correspondent::other(
            Some(LongName::parse("", "Sam", "Smith").unwrap()),
            "Smith & Co",
            address(),
        )
        .unwrap();
        assert_eq!(both.display_name(), "Sam Smith, Smith & Co");
    }

    #[test]
    fn contact_needs_at_least_one_way() {
        assert_eq!(Contact::new(None, None, false, true), Err(NoContactMethod));
        assert!(Contact::new(None, None, true, false).is_ok());
        let phone = PhoneNumber::parse("01234 567890").unwrap();
        assert!(Contact::new(None, Some(phone), false, false).is_ok());
    }

    #[test]
    fn stored_with_who_and_the_attorneys_number() {
        let json = serde_json::to_value(Correspondent::person(
            CorrespondentRole::Attorney(serde_json::from_value(serde_json::json!(3)).unwrap()),
            LongName::parse("", "Ann", "Attorney").unwrap(),
            address(),
            None,
        ))
        .unwrap();
        assert_eq!(json["who"], "attorney");
        assert_eq!(json["attorneyId"], 3);
        let back: Correspondent = serde_json::from_value(json).unwrap();
        assert_eq!(back.display_name(), "Ann Attorney");
    }
}

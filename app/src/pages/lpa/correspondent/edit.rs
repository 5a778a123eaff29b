//! `/lpa/{id}/correspondent/edit`: "Change correspondent": a person on the LPA (their details are
//! used, and kept up to date with them), or someone else or a company, whose name and address are
//! entered here (reference §3.7: `name` or `company`, and an address).
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::form::{use_form_with, FieldErrors, FormInput, FormState};
use crate::govuk::content::escape_html;
use crate::govuk::{RadiosItem, RadiosOption, TrustedHtml};
use crate::lpa::addresses::AddressSearch;
use crate::lpa::correspondent::{Correspondent, CorrespondentRole};
use crate::lpa::model::{Document, LongName, Lpa, PersonId, Revision, MAX_COMPANY_TEXT};
use crate::lpa::rules::{self, field, Whose};
use crate::pages::lpa::address_finder::{address_finder_markup, use_address_search};
use crate::pages::lpa::frame::{revealed_input, LpaFrame, RadioQuestion};

const HEADING: &str = "Who should be the correspondent?";
const WHO: &str = "who";
const COMPANY: &str = "company";
const WHO_MISSING: &str = "Select who should be the correspondent";
const NAME_OR_COMPANY: &str = "Enter the correspondent’s name, or a company name";
const CORRESPONDENT: Whose = Whose("the correspondent’s");

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CorrespondentForm {
    /// `donor`, `certificate-provider`, `attorney-{n}` or `other`.
    #[serde(default)]
    pub who: String,
    #[serde(default, rename = "name-title")]
    pub title: String,
    #[serde(default, rename = "name-first")]
    pub first: String,
    #[serde(default, rename = "name-last")]
    pub last: String,
    #[serde(default)]
    pub company: String,
    #[serde(default, rename = "address-address1")]
    pub address1: String,
    #[serde(default, rename = "address-address2")]
    pub address2: String,
    #[serde(default, rename = "address-address3")]
    pub address3: String,
    #[serde(default, rename = "address-postcode")]
    pub postcode: String,
    #[serde(default)]
    pub revision: String,
    /// The address finder's fields.
    #[serde(flatten)]
    pub finder: crate::lpa::addresses::FinderInput,
}

crate::lpa::addresses::with_address_lines!(CorrespondentForm);

/// Who the form chose: a person on the LPA, or someone else with their details.
#[derive(Clone, Debug, PartialEq)]
pub enum Chosen {
    OnTheLpa(CorrespondentRole),
    Other(Box<Correspondent>),
}

impl FormInput for CorrespondentForm {
    type Valid = (Chosen, Revision);

    fn redisplay(&self) -> Option<Self> {
        crate::lpa::addresses::redisplay(self)
    }

    fn validate(&self) -> Result<Self::Valid, FieldErrors> {
        let mut errors = FieldErrors::new();
        let chosen = match self.who.as_str() {
            "donor" => Chosen::OnTheLpa(CorrespondentRole::Donor),
            "certificate-provider" => Chosen::OnTheLpa(CorrespondentRole::CertificateProvider),
            "other" => {
                let named = [&self.title, &self.first, &self.last]
                    .iter()
                    .any(|part| !part.trim().is_empty());
                let name: Option<LongName> = if named {
                    rules::name(
                        &mut errors,
                        CORRESPONDENT,
                        &self.title,
                        &self.first,
                        &self.last,
                    )
                } else {
                    None
                };
                let company = rules::text(
                    &mut errors,
                    COMPANY,
                    &self.company,
                    MAX_COMPANY_TEXT,
                    "Company name",
                    None,
                );
                if !named && company.is_none() && errors.get(COMPANY).is_none() {
                    errors.add(field::FIRST, NAME_OR_COMPANY);
                }
                let address = rules::address(
                    &mut errors,
                    CORRESPONDENT,
                    [
                        &self.address1,
                        &self.address2,
                        &self.address3,
                        &self.postcode,
                    ],
                );
                match address {
                    Some(address) if errors.is_empty() => {
                        match Correspondent::other(
                            name,
                            company.as_deref().unwrap_or_default(),
                            address,
                        ) {
                            Ok(correspondent) => Chosen::Other(Box::new(correspondent)),
                            Err(_) => {
                                errors.add(field::FIRST, NAME_OR_COMPANY);
                                return Err(errors);
                            }
                        }
                    }
                    _ => return Err(errors),
                }
            }
            who => match who
                .strip_prefix("attorney-")
                .and_then(|number| number.parse().ok())
            {
                Some(number) => {
                    Chosen::OnTheLpa(CorrespondentRole::Attorney(PersonId::new(number)))
                }
                None => {
                    errors.add(WHO, WHO_MISSING);
                    return Err(errors);
                }
            },
        };
        Ok((chosen, rules::revision(&self.revision)))
    }
}

impl crate::form::FormAction for CorrespondentForm {
    #[cfg(feature = "ssr")]
    async fn perform(
        (chosen, revision): Self::Valid,
        context: crate::form::ActionContext,
    ) -> Result<crate::form::Submitted, crate::form::FormFailure> {
        super::super::frame::save_here(&context, revision, |lpa, _, _| {
            let document = &mut lpa.document;
            let correspondent = match chosen {
                Chosen::Other(correspondent) => *correspondent,
                Chosen::OnTheLpa(who) => {
                    document.person_as_correspondent(who).ok_or_else(|| {
                        crate::form::FormFailure::field(WHO, "That person is no longer on this LPA")
                    })?
                }
            };
            document.set_correspondent(correspondent);
            Ok(())
        })
        .await
    }
}

/// The value of the radio for a correspondent.
fn value_of_role(who: CorrespondentRole) -> String {
    match who {
        CorrespondentRole::Donor => "donor".to_owned(),
        CorrespondentRole::CertificateProvider => "certificate-provider".to_owned(),
        CorrespondentRole::Attorney(id) => format!("attorney-{}", id.get()),
        CorrespondentRole::Other => "other".to_owned(),
    }
}

impl CorrespondentForm {
    fn of(lpa: &Lpa) -> Self {
        let current = lpa.document.correspondent();
        let other = current.filter(|c| c.who() == CorrespondentRole::Other);
        let name = other.and_then(|c| c.name());
        let [address1, address2, address3, postcode] =
            other.map(|c| c.address().parts()).unwrap_or_default();
        CorrespondentForm {
            who: current.map(|c| value_of_role(c.who())).unwrap_or_default(),
            title: name.and_then(|n| n.title()).unwrap_or_default().to_owned(),
            first: name.map(|n| n.first().to_owned()).unwrap_or_default(),
            last: name.map(|n| n.last().to_owned()).unwrap_or_default(),
            company: other
                .and_then(|c| c.company())
                .unwrap_or_default()
                .to_owned(),
            address1,
            address2,
            address3,
            postcode,
            revision: lpa.revision.0.to_string(),
            finder: Default::default(),
        }
    }
}

/// The people on the LPA who can be the correspondent, as (radio value, label).
fn people(document: &Document) -> Vec<(String, String)> {
    let mut people = Vec::new();
    if let Some(donor) = document.donor() {
        people.push(("donor".to_owned(), format!("{} (the donor)", donor.name)));
    }
    for (listed, role) in document
        .primary_attorneys()
        .iter()
        .map(|l| (l, "attorney"))
        .chain(
            document
                .replacement_attorneys()
                .iter()
                .map(|l| (l, "replacement attorney")),
        )
    {
        people.push((
            value_of_role(CorrespondentRole::Attorney(listed.id)),
            format!("{} ({role})", listed.person.display_name()),
        ));
    }
    if let Some(provider) = document.certificate_provider() {
        people.push((
            "certificate-provider".to_owned(),
            format!("{} (the certificate provider)", provider.name),
        ));
    }
    people
}

#[component]
pub fn EditCorrespondent() -> impl IntoView {
    view! {
        <LpaFrame render=|lpa, page| {
            let form = use_form_with(CorrespondentForm::of(&lpa));
            let search = use_address_search(form);
            let people = people(&lpa.document);
            // Read under the question's suspense boundary: drawn again when a search is answered,
            // and on the server only once it is.
            let items = move || someone_else_or(form, &people, search.get().flatten());
            // The radios drawn again need GOV.UK Frontend started on them.
            crate::govuk_js::start_whenever(move || search.track());
            view! {
                <RadioQuestion
                    form=form
                    lpa_id=lpa.id
                    page=page
                    revision=lpa.revision
                    name=WHO
                    heading=HEADING
                    hint="We’ll send them the registered LPA and contact them about the application."
                    items=items
                />
            }
        }/>
    }
}

/// The radios: the people on the LPA, or someone else, whose name, company and address (with the
/// address finder showing `found`) are revealed under their answer.
fn someone_else_or(
    form: FormState<CorrespondentForm>,
    people: &[(String, String)],
    found: Option<Result<AddressSearch, AppError>>,
) -> Vec<RadiosItem> {
    let field = |name: &'static str, label: &str, classes: &str| {
        revealed_input(form, name, label, classes, None).into_string()
    };
    let someone_else = [
        format!(
            "<p class=\"govuk-body\">{}</p>",
            escape_html("Enter a name, a company name, or both.")
        ),
        field(field::TITLE, "Title", "govuk-input--width-5"),
        field(field::FIRST, "First names", ""),
        field(field::LAST, "Last name", ""),
        field(
            COMPANY,
            "Company name (if the correspondent is a company)",
            "",
        ),
        address_finder_markup(form, found).into_string(),
        field(field::ADDRESS1, "Address line 1", ""),
        field(field::ADDRESS2, "Address line 2 (optional)", ""),
        field(
            field::ADDRESS3,
            "Town or city (optional)",
            "govuk-!-width-two-thirds",
        ),
        field(field::POSTCODE, "Postcode", "govuk-input--width-10"),
    ]
    .concat();
    let mut items: Vec<RadiosItem> = people
        .iter()
        .map(|(value, label)| RadiosItem::Option(RadiosOption::new(value.clone(), label.clone())))
        .collect();
    items.push(RadiosItem::Divider("or".into()));
    items.push(RadiosItem::Option(
        RadiosOption::new("other", "Someone else, or a company")
            .with_conditional(TrustedHtml::from_trusted(someone_else)),
    ));
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    fn other() -> CorrespondentForm {
        CorrespondentForm {
            who: "other".into(),
            address1: "1 Law Street".into(),
            postcode: "LS1 1AA".into(),
            ..Default::default()
        }
    }

    #[test]
    fn someone_else_needs_a_name_or_a_company_and_an_address() {
        assert_eq!(
            other().validate().unwrap_err().get(field::FIRST),
            Some(NAME_OR_COMPANY)
        );
        let company = CorrespondentForm {
            company: "Smith & Co Solicitors".into(),
            ..other()
        };
        match company.validate().unwrap().0 {
            Chosen::Other(correspondent) => {
                assert_eq!(correspondent.display_name(), "Smith & Co Solicitors")
            }
            chosen => panic!("{chosen:?}"),
        }
        let half_a_name = CorrespondentForm {
            first: "Sam".into(),
            ..other()
        };
        assert!(half_a_name
            .validate()
            .unwrap_err()
            .get(field::LAST)
            .is_some());
        let no_address = CorrespondentForm {
            company: "Smith & Co".into(),
            address1: String::new(),
            ..other()
        };
        assert!(no_address
            .validate()
            .unwrap_err()
            .get(field::ADDRESS1)
            .is_some());
    }

    #[test]
    fn people_on_the_lpa_are_chosen_by_role() {
        let form = |who: &str| {
            CorrespondentForm {
                who: who.into(),
                ..Default::default()
            }
            .validate()
        };
        assert_eq!(
            form("attorney-3").unwrap().0,
            Chosen::OnTheLpa(CorrespondentRole::Attorney(PersonId::new(3)))
        );
        assert_eq!(
            form("donor").unwrap().0,
            Chosen::OnTheLpa(CorrespondentRole::Donor)
        );
        assert_eq!(form("").unwrap_err().get(WHO), Some(WHO_MISSING));
        assert!(form("attorney-x").is_err());
    }
}

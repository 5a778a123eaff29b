//! The form for the people of an LPA who are only a name and an address: the certificate provider
//! (reference §2.2 step 9) and the people to notify (step 10), adding or changing one. The pages
//! are `certificate_provider/` and `people_to_notify/`.
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use super::frame::LpaForm;
use super::person_fields::{ConfirmWarnings, Parts, PersonFields};
use crate::dates::Today;
use crate::form::{use_form_with, FieldErrors, FormErrorSummary, FormInput};
use crate::govuk::{Button, SummaryListRow};
use crate::lpa::flow::{Page, Step};
use crate::lpa::model::{Address, Lpa, Name, Revision};
use crate::lpa::rules::{self, Whose};
use crate::lpa::warnings::{self, Candidate, Role};

/// A name and an address as the form sends them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NamedPersonForm {
    /// Whose details (`certificate-provider` or `person-to-notify`), for the messages' wording;
    /// where they are saved is the page's.
    #[serde(default)]
    pub role: String,
    #[serde(default, rename = "name-title")]
    pub title: String,
    #[serde(default, rename = "name-first")]
    pub first: String,
    #[serde(default, rename = "name-last")]
    pub last: String,
    #[serde(default, rename = "address-address1")]
    pub address1: String,
    #[serde(default, rename = "address-address2")]
    pub address2: String,
    #[serde(default, rename = "address-address3")]
    pub address3: String,
    #[serde(default, rename = "address-postcode")]
    pub postcode: String,
    #[serde(default)]
    pub confirm: String,
    #[serde(default)]
    pub revision: String,
    /// The address finder's fields.
    #[serde(flatten)]
    pub finder: crate::lpa::addresses::FinderInput,
}

crate::lpa::addresses::with_address_lines!(NamedPersonForm);

/// A valid form.
#[derive(Debug)]
pub struct NamedPerson {
    pub name: Name,
    pub address: Address,
    pub confirmed: bool,
    pub revision: Revision,
}

/// Which person a page of the form is about: the certificate provider, or a person to notify
/// (the one at the index, if changing one).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    CertificateProvider,
    PersonToNotify(Option<usize>),
}

const CERTIFICATE_PROVIDER: &str = "certificate-provider";
const PERSON_TO_NOTIFY: &str = "person-to-notify";

impl Who {
    fn of(page: Page) -> Option<Who> {
        match page {
            Page::Add(Step::CertificateProvider) | Page::Edit(Step::CertificateProvider, None) => {
                Some(Who::CertificateProvider)
            }
            Page::Add(Step::PeopleToNotify) => Some(Who::PersonToNotify(None)),
            Page::Edit(Step::PeopleToNotify, Some(index)) => Some(Who::PersonToNotify(Some(index))),
            _ => None,
        }
    }

    fn role(self) -> Role {
        match self {
            Who::CertificateProvider => Role::CertificateProvider,
            Who::PersonToNotify(_) => Role::PersonToNotify,
        }
    }

    fn value(self) -> &'static str {
        match self {
            Who::CertificateProvider => CERTIFICATE_PROVIDER,
            Who::PersonToNotify(_) => PERSON_TO_NOTIFY,
        }
    }

    /// The person already saved, when changing one.
    fn current(self, lpa: &Lpa) -> Option<(&Name, &Address)> {
        match self {
            Who::CertificateProvider => lpa
                .document
                .certificate_provider()
                .map(|provider| (&provider.name, &provider.address)),
            Who::PersonToNotify(index) => index
                .and_then(|index| lpa.document.people_to_notify().get(index))
                .map(|listed| (&listed.person.name, &listed.person.address)),
        }
    }

    /// Their index among people in their role, when changing one (the certificate provider's is 0).
    fn editing(self, lpa: &Lpa) -> Option<usize> {
        match self {
            Who::CertificateProvider => lpa.document.certificate_provider().map(|_| 0),
            Who::PersonToNotify(index) => index,
        }
    }
}

impl FormInput for NamedPersonForm {
    type Valid = NamedPerson;

    fn redisplay(&self) -> Option<Self> {
        crate::lpa::addresses::redisplay(self)
    }

    fn validate(&self) -> Result<NamedPerson, FieldErrors> {
        let whose = if self.role == PERSON_TO_NOTIFY {
            Whose::PERSON_TO_NOTIFY
        } else {
            Whose::CERTIFICATE_PROVIDER
        };
        self.validate_as(whose)
    }
}

impl NamedPersonForm {
    fn validate_as(&self, whose: Whose) -> Result<NamedPerson, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name: Option<Name> =
            rules::name(&mut errors, whose, &self.title, &self.first, &self.last);
        let lines = [
            &*self.address1,
            &self.address2,
            &self.address3,
            &self.postcode,
        ];
        let address = rules::address(&mut errors, whose, lines);
        match (name, address) {
            (Some(name), Some(address)) if errors.is_empty() => Ok(NamedPerson {
                name,
                address,
                confirmed: rules::ticked(&self.confirm),
                revision: rules::revision(&self.revision),
            }),
            _ => Err(errors),
        }
    }

    fn of(who: Who, person: Option<(&Name, &Address)>, revision: Revision) -> Self {
        let mut form = NamedPersonForm {
            role: who.value().to_owned(),
            revision: revision.0.to_string(),
            ..Default::default()
        };
        if let Some((name, address)) = person {
            form.title = name.title().unwrap_or_default().to_owned();
            form.first = name.first().to_owned();
            form.last = name.last().to_owned();
            [form.address1, form.address2, form.address3, form.postcode] = address.parts();
        }
        form
    }

    fn warnings(&self, lpa: &Lpa, who: Who, today: Today) -> Vec<warnings::Warning> {
        warnings::check(
            &lpa.document,
            Candidate {
                role: who.role(),
                editing: who.editing(lpa),
                first: &self.first,
                last: &self.last,
                dob: None,
            },
            today,
        )
    }
}

impl crate::form::FormAction for NamedPersonForm {
    #[cfg(feature = "ssr")]
    async fn perform(
        person: NamedPerson,
        context: crate::form::ActionContext,
    ) -> Result<crate::form::Submitted, crate::form::FormFailure> {
        use crate::lpa::model::{CertificateProvider, NotifiedPerson};
        use crate::lpa::rules::field;

        super::frame::save_here(&context, person.revision, |lpa, page, today| {
            let who = Who::of(page).ok_or(crate::error::AppError::NotFound)?;
            let form =
                NamedPersonForm::of(who, Some((&person.name, &person.address)), lpa.revision);
            super::frame::confirmed(person.confirmed, &form.warnings(lpa, who, today))?;
            let (name, address) = (person.name, person.address);
            match who {
                Who::CertificateProvider => {
                    lpa.document
                        .set_certificate_provider(Some(CertificateProvider { name, address }));
                    lpa.metadata.certificate_provider_skipped = false;
                    Ok(())
                }
                Who::PersonToNotify(None) => lpa
                    .document
                    .add_person_to_notify(NotifiedPerson { name, address })
                    .map(|_| ()),
                Who::PersonToNotify(Some(index)) => lpa
                    .document
                    .replace_person_to_notify(index, NotifiedPerson { name, address }),
            }
            .map_err(|error| super::frame::refused(field::FIRST, error))
        })
        .await
    }
}

/// A person of `page`'s list in a summary card titled with their name, with "Change" and
/// "Remove" links to the pages about them.
pub fn person_card(
    lpa_id: crate::lpa::model::LpaId,
    step: Step,
    index: Option<usize>,
    title: String,
    rows: Vec<SummaryListRow>,
) -> impl IntoView {
    use crate::govuk::{SummaryCard, SummaryList, SummaryListAction, SummaryListActions};
    use crate::lpa::paths::href;

    let card = SummaryCard {
        title: Some(title.into()),
        actions: SummaryListActions {
            items: vec![
                SummaryListAction::new(
                    href(lpa_id, Page::Edit(step, index)).to_string(),
                    "Change",
                    String::new(),
                ),
                SummaryListAction::new(
                    href(lpa_id, Page::Delete(step, index)).to_string(),
                    "Remove",
                    String::new(),
                ),
            ],
            classes: String::new(),
        },
        ..Default::default()
    };
    view! { <SummaryList rows=rows card=Some(card)/> }
}

/// A name and address as summary rows.
pub fn rows(name: &Name, address: &Address) -> Vec<SummaryListRow> {
    vec![
        SummaryListRow::new("Name", name.to_string()),
        SummaryListRow::new("Address", address.lines().join(", ")),
    ]
}

/// The form on its page: adding or changing the certificate provider or a person to notify.
#[component]
pub fn NamedPersonFormPage(
    lpa: Lpa,
    page: Page,
    /// Details chosen on the reuse page, to start from.
    #[prop(optional_no_strip)]
    reused: Option<super::reuse_details::ReusablePerson>,
) -> impl IntoView {
    let Some(who) = Who::of(page) else {
        return view! { <crate::error_page::PageNotFound/> }.into_any();
    };
    let current = who.current(&lpa);
    let heading = match (who, current.is_some()) {
        (Who::CertificateProvider, false) => "Add the certificate provider",
        (Who::CertificateProvider, true) => "Change the certificate provider’s details",
        (Who::PersonToNotify(_), false) => "Add a person to notify",
        (Who::PersonToNotify(_), true) => "Change the person to notify’s details",
    };
    let adding = current.is_none();
    let initial = NamedPersonForm::of(who, current, lpa.revision);
    let form = use_form_with(match &reused {
        Some(person) if adding => person.fill(initial),
        _ => initial,
    });
    let list = page.step();
    let (id, revision) = (lpa.id, lpa.revision);
    let lpa = StoredValue::new(lpa);
    let warnings = move || {
        let today = Today::from_system();
        form.input
            .with(|input| lpa.with_value(|lpa| input.warnings(lpa, who, today)))
    };
    view! {
        <Title text=form.title(heading)/>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <FormErrorSummary form=form/>
                <h1 class="govuk-heading-l">{heading}</h1>
                {list.filter(|_| adding).map(|list| view! {
                    <super::reuse_details::ReuseLink lpa_id=id list=list/>
                })}
                <LpaForm form=form lpa_id=id page=page revision=revision>
                    <input type="hidden" name="role" value=who.value()/>
                    <PersonFields form=form parts=Parts::default()/>
                    <ConfirmWarnings form=form warnings=warnings/>
                    <Button content="Save and continue"/>
                </LpaForm>
            </div>
        </div>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lpa::rules::field;

    #[test]
    fn a_person_round_trips_through_the_form() {
        let form = NamedPersonForm {
            role: CERTIFICATE_PROVIDER.into(),
            title: "Dr".into(),
            first: "Cee".into(),
            last: "Pee".into(),
            address1: "2 Low St".into(),
            postcode: "LS1 1AA".into(),
            revision: "7".into(),
            ..Default::default()
        };
        let valid = form.validate().unwrap();
        assert_eq!(
            NamedPersonForm::of(
                Who::CertificateProvider,
                Some((&valid.name, &valid.address)),
                Revision(7)
            ),
            form
        );
        let errors = NamedPersonForm {
            role: PERSON_TO_NOTIFY.into(),
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        assert_eq!(
            errors.get(field::FIRST),
            Some("Enter the person to notify’s first names")
        );
        assert_eq!(
            errors.get(field::ADDRESS1),
            Some("Enter the first line of the person to notify’s address")
        );
    }
}

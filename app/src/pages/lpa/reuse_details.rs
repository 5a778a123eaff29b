//! `/lpa/{id}/reuse-details?for=<list>`: "Use details you’ve already entered" (reference §2.1):
//! the account's own "about you" details and the people of the LPA this one was started from (its
//! seed), offered when adding a person. Choosing one goes back to the adding page, filled in with
//! them (`…/add?reuse=<n>`), to check and save.
use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use super::frame::{value_of, LpaFrame};
use crate::error::AppError;
use crate::form::{use_form_with, FieldErrors, Form, FormErrorSummary, FormInput};
use crate::govuk::{Button, Radios, RadiosItem, RadiosOption};
use crate::lpa::flow::{Page, Step};
use crate::lpa::model::LpaId;
use crate::lpa::paths;
use crate::lpa::rules::field;

/// Details someone has entered before, to fill a person form with.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReusablePerson {
    /// How the choice is shown: their name and where the details come from.
    pub label: String,
    pub title: String,
    pub first: String,
    pub last: String,
    pub dob: Option<NaiveDate>,
    pub email: Option<String>,
    pub address: [String; 4],
}

impl ReusablePerson {
    /// `form` with these details in the fields it shares with every person form (named as
    /// `lpa::rules::field` names them); fields a form does not have are left out.
    pub fn fill<F: FormInput>(&self, form: F) -> F {
        let Ok(serde_json::Value::Object(mut fields)) = serde_json::to_value(&form) else {
            return form;
        };
        let mut set = |name: &str, value: String| {
            if fields.contains_key(name) {
                fields.insert(name.to_owned(), serde_json::Value::String(value));
            }
        };
        set(field::TITLE, self.title.clone());
        set(field::FIRST, self.first.clone());
        set(field::LAST, self.last.clone());
        if let Some(dob) = self.dob {
            set(field::DOB_DAY, dob.day().to_string());
            set("dob-month", dob.month().to_string());
            set("dob-year", dob.year().to_string());
        }
        if let Some(email) = &self.email {
            set(field::EMAIL, email.clone());
        }
        for (name, line) in [
            field::ADDRESS1,
            field::ADDRESS2,
            field::ADDRESS3,
            field::POSTCODE,
        ]
        .into_iter()
        .zip(&self.address)
        {
            set(name, line.clone());
        }
        serde_json::from_value(serde_json::Value::Object(fields)).unwrap_or(form)
    }
}

/// The lists a person can be added to, by their URL segment.
const LISTS: &[Step] = &[
    Step::Donor,
    Step::PrimaryAttorney,
    Step::ReplacementAttorney,
    Step::CertificateProvider,
    Step::PeopleToNotify,
];

fn list_of(segment: &str) -> Option<Step> {
    LISTS.iter().copied().find(|step| step.segment() == segment)
}

/// The details `id`'s owner may reuse: their own, then the seed LPA's people.
#[server(prefix = "/_fn", endpoint = "reusable-people", input = server_fn::codec::GetUrl)]
pub async fn reusable_people(id: LpaId) -> Result<Vec<ReusablePerson>, AppError> {
    use crate::lpa::model::{Address, Attorney};
    use crate::lpa::server::Lpas;

    let user = crate::auth::ssr::require(crate::auth::Audience::SignedIn)?;
    let backends = use_context::<backends::Backends>()
        .ok_or_else(|| AppError::internal("no backends in context"))?;
    let lpas = Lpas::of(&backends);
    let lpa = lpas.get(&user.id, id).await?.ok_or(AppError::NotFound)?;
    let mut people = Vec::new();
    let details = &user.details;
    if let (Some(first), Some(last)) = (&details.first_names, &details.last_name) {
        let line = |line: &Option<String>| line.clone().unwrap_or_default();
        people.push(ReusablePerson {
            label: format!("{first} {last} (your details)"),
            title: line(&details.title),
            first: first.clone(),
            last: last.clone(),
            dob: details.date_of_birth,
            email: Some(user.email.clone()),
            address: [
                line(&details.address_line_1),
                line(&details.address_line_2),
                line(&details.address_line_3),
                line(&details.postcode),
            ],
        });
    }
    let seed = match lpa.seed {
        Some(seed) => lpas.get(&user.id, seed).await?,
        None => None,
    };
    if let Some(seed) = seed {
        let from = seed.id.a_reference();
        let document = &seed.document;
        let person = |role: &str,
                      name: (&str, &str, &str),
                      dob: Option<NaiveDate>,
                      email: Option<String>,
                      address: &Address| ReusablePerson {
            label: format!("{} {} ({role} on LPA {from})", name.1, name.2),
            title: name.0.to_owned(),
            first: name.1.to_owned(),
            last: name.2.to_owned(),
            dob,
            email,
            address: address.parts(),
        };
        if let Some(donor) = document.donor() {
            let name = &donor.name;
            people.push(person(
                "donor",
                (name.title().unwrap_or_default(), name.first(), name.last()),
                Some(donor.dob.date()),
                donor.email.as_ref().map(ToString::to_string),
                &donor.address,
            ));
        }
        for (role, listed) in [
            ("attorney", document.primary_attorneys()),
            ("replacement attorney", document.replacement_attorneys()),
        ] {
            for attorney in listed {
                if let Attorney::Human(human) = &attorney.person {
                    let name = &human.name;
                    people.push(person(
                        role,
                        (name.title().unwrap_or_default(), name.first(), name.last()),
                        Some(human.dob.date()),
                        human.email.as_ref().map(ToString::to_string),
                        &human.address,
                    ));
                }
            }
        }
        if let Some(provider) = document.certificate_provider() {
            let name = &provider.name;
            people.push(person(
                "certificate provider",
                (name.title().unwrap_or_default(), name.first(), name.last()),
                None,
                None,
                &provider.address,
            ));
        }
        for listed in document.people_to_notify() {
            let name = &listed.person.name;
            people.push(person(
                "person to notify",
                (name.title().unwrap_or_default(), name.first(), name.last()),
                None,
                None,
                &listed.person.address,
            ));
        }
    }
    Ok(people)
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReuseDetailsForm {
    /// The list being added to (its URL segment).
    #[serde(default, rename = "for")]
    pub list: String,
    #[serde(default)]
    pub choice: String,
}

const CHOICE_MISSING: &str = "Select whose details to use";

impl FormInput for ReuseDetailsForm {
    type Valid = (Step, usize);

    fn validate(&self) -> Result<Self::Valid, FieldErrors> {
        let mut errors = FieldErrors::new();
        let Some(list) = list_of(&self.list) else {
            errors.add(
                "choice",
                "This page was opened without saying who is being added",
            );
            return Err(errors);
        };
        match self.choice.trim().parse() {
            Ok(choice) => Ok((list, choice)),
            Err(_) => {
                errors.add("choice", CHOICE_MISSING);
                Err(errors)
            }
        }
    }
}

impl crate::form::FormAction for ReuseDetailsForm {
    #[cfg(feature = "ssr")]
    async fn perform(
        (list, choice): Self::Valid,
        context: crate::form::ActionContext,
    ) -> Result<crate::form::Submitted, crate::form::FormFailure> {
        use crate::lpa::server::Lpas;

        let user = context.require(crate::auth::Audience::SignedIn)?;
        let (id, _) = paths::page_of(context.request.uri.path()).ok_or(AppError::NotFound)?;
        // The owner check, before anything is said about the choice.
        Lpas::of(&context.backends)
            .get(&user.id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let add = paths::href(id, Page::Add(list));
        Ok(crate::form::Submitted::redirect(format!(
            "{add}?reuse={choice}"
        )))
    }
}

/// Draws `render` with the details chosen on this page (`?reuse=<n>` on an adding page), once
/// they are loaded; straight away, with `None`, when nothing was chosen.
#[component]
pub fn WithReused<F, V>(lpa_id: LpaId, render: F) -> impl IntoView
where
    F: Fn(Option<ReusablePerson>) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let chosen: Option<usize> =
        use_query_map().with_untracked(|query| query.get("reuse").and_then(|n| n.parse().ok()));
    let Some(chosen) = chosen else {
        return render(None).into_any();
    };
    let render = StoredValue::new(render);
    let people = Resource::new_blocking(move || lpa_id, reusable_people);
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let person = people.await.ok().and_then(|people| people.into_iter().nth(chosen));
                render.with_value(|render| render(person)).into_any()
            })}
        </Suspense>
    }
    .into_any()
}

/// The link to this page from the page adding a person to `list`, when there is something to reuse.
#[component]
pub fn ReuseLink(lpa_id: LpaId, list: Step) -> impl IntoView {
    let people = Resource::new_blocking(move || lpa_id, reusable_people);
    let href = format!("{}?for={}", paths::REUSE_DETAILS.to(lpa_id), list.segment());
    view! {
        <Suspense>
            {move || {
                let href = href.clone();
                Suspend::new(async move {
                    let any = people.await.is_ok_and(|people| !people.is_empty());
                    any.then(|| view! {
                        <p class="govuk-body">
                            <a class="govuk-link" href=href>"Use details you’ve already entered"</a>
                        </p>
                    })
                })
            }}
        </Suspense>
    }
}

const HEADING: &str = "Use details you’ve already entered";

#[component]
pub fn ReuseDetailsPage() -> impl IntoView {
    view! {
        <LpaFrame render=|lpa, _| {
            let list = use_query_map().with_untracked(|query| query.get("for")).unwrap_or_default();
            let people = Resource::new_blocking(move || lpa.id, reusable_people);
            let id = lpa.id;
            view! {
                <Suspense>
                    {move || {
                        let list = list.clone();
                        Suspend::new(async move {
                            match people.await {
                                Ok(people) => view! { <Choices id=id list=list people=people/> }.into_any(),
                                Err(error) => view! { <crate::error_page::AppErrorContent error=error/> }.into_any(),
                            }
                        })
                    }}
                </Suspense>
            }
        }/>
    }
}

#[component]
fn Choices(id: LpaId, list: String, people: Vec<ReusablePerson>) -> impl IntoView {
    let back = list_of(&list).map(|step| paths::href(id, Page::Add(step)).to_string());
    let form = use_form_with(ReuseDetailsForm {
        list: list.clone(),
        choice: String::new(),
    });
    let items: Vec<RadiosItem> = people
        .iter()
        .enumerate()
        .map(|(index, person)| {
            RadiosItem::Option(RadiosOption::new(index.to_string(), person.label.clone()))
        })
        .collect();
    let none = people.is_empty();
    view! {
        <Title text=form.title(HEADING)/>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <FormErrorSummary form=form/>
                {if none {
                    view! {
                        <h1 class="govuk-heading-l">{HEADING}</h1>
                        <p class="govuk-body">"There are no details to reuse yet."</p>
                    }
                    .into_any()
                } else {
                    let items = items.clone();
                    view! {
                        <Form form=form action=paths::REUSE_DETAILS.to(id)>
                            <input type="hidden" name="for" value=list.clone()/>
                            {move || view! {
                                <Radios
                                    name="choice"
                                    id_prefix=Some("choice".into())
                                    value=Some(value_of(form, "choice"))
                                    error_message=form.error("choice")
                                    fieldset=super::frame::question(HEADING)
                                    hint=Some("You can check and change them before you save.".into())
                                    items=items.clone()
                                />
                            }}
                            <Button content="Continue"/>
                        </Form>
                    }
                    .into_any()
                }}
                {back.map(|back| view! {
                    <p class="govuk-body"><a class="govuk-link" href=back>"Enter new details instead"</a></p>
                })}
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::lpa::named_person::NamedPersonForm;

    #[test]
    fn details_fill_the_fields_a_form_has() {
        let person = ReusablePerson {
            label: "Pat Citizen (your details)".into(),
            title: "Dr".into(),
            first: "Pat".into(),
            last: "Citizen".into(),
            dob: NaiveDate::from_ymd_opt(1960, 5, 4),
            email: Some("pat@example.com".into()),
            address: [
                "1 Road".into(),
                String::new(),
                "Hull".into(),
                "HU1 1AA".into(),
            ],
        };
        let form = person.fill(NamedPersonForm {
            role: "certificate-provider".into(),
            revision: "3".into(),
            ..Default::default()
        });
        assert_eq!(
            (form.title.as_str(), form.first.as_str(), form.last.as_str()),
            ("Dr", "Pat", "Citizen")
        );
        assert_eq!(
            (
                form.address1.as_str(),
                form.address3.as_str(),
                form.postcode.as_str()
            ),
            ("1 Road", "Hull", "HU1 1AA")
        );
        assert_eq!(
            (form.role.as_str(), form.revision.as_str()),
            ("certificate-provider", "3"),
            "the rest is kept"
        );
    }

    #[test]
    fn the_choice_and_the_list_are_needed() {
        let form = |list: &str, choice: &str| {
            ReuseDetailsForm {
                list: list.into(),
                choice: choice.into(),
            }
            .validate()
        };
        assert_eq!(
            form("primary-attorney", "1").unwrap(),
            (Step::PrimaryAttorney, 1)
        );
        assert_eq!(
            form("people-to-notify", "").unwrap_err().get("choice"),
            Some(CHOICE_MISSING)
        );
        assert!(form("summary", "0").is_err());
    }
}

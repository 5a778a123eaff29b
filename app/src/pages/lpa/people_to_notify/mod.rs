//! `/lpa/{id}/people-to-notify`: people told when the LPA is registered, so they can raise
//! concerns (reference §2.2 step 10). Optional, at most 5 ("add" is hidden at 5 and refused by the
//! flow checker); "Save and continue" confirms the list, even when it is empty.
use leptos::prelude::*;
use leptos_meta::Title;

use crate::form::{use_form_with, FormErrorSummary};
use crate::govuk::{Button, InsetText};
use crate::lpa::flow::{Page, Step};
use crate::lpa::model::MAX_PEOPLE_TO_NOTIFY;
use crate::lpa::paths;
use crate::pages::lpa::frame::{ListConfirmForm, LpaForm, LpaFrame};
use crate::pages::lpa::named_person::{person_card, rows};

pub mod add;
pub mod edit;

const HEADING: &str = "People to notify";

#[component]
pub fn PeopleToNotifyPage() -> impl IntoView {
    view! {
        <LpaFrame render=|lpa, page| {
            let form = use_form_with(ListConfirmForm { revision: lpa.revision.0.to_string() });
            let (id, revision) = (lpa.id, lpa.revision);
            let people = lpa.document.people_to_notify();
            let cards = people
                .iter()
                .enumerate()
                .map(|(index, listed)| {
                    let person = &listed.person;
                    person_card(id, Step::PeopleToNotify, Some(index), person.name.to_string(), rows(&person.name, &person.address))
                })
                .collect_view();
            let add = lpa.document.may_add_person_to_notify().then(|| {
                let words = if people.is_empty() { "Add a person to notify" } else { "Add another person to notify" };
                view! {
                    <p class="govuk-body">
                        <a class="govuk-link" href=paths::href(id, Page::Add(Step::PeopleToNotify)).to_string()>{words}</a>
                    </p>
                }
            });
            let full = add.is_none().then(|| view! {
                <InsetText content=Some(format!("You have named the most people to notify an LPA can have: {MAX_PEOPLE_TO_NOTIFY}.").into())/>
            });
            view! {
                <Title text=form.title(HEADING)/>
                <div class="govuk-grid-row">
                    <div class="govuk-grid-column-two-thirds">
                        <FormErrorSummary form=form/>
                        <h1 class="govuk-heading-l">{HEADING}</h1>
                        <p class="govuk-body">
                            "The donor can choose up to 5 people to be told when the LPA is registered. They can raise concerns about it. You do not have to name anyone."
                        </p>
                        {cards}
                        {add}
                        {full}
                        <LpaForm form=form lpa_id=id page=page revision=revision>
                            <Button content="Save and continue"/>
                        </LpaForm>
                    </div>
                </div>
            }
        }/>
    }
}

//! `/lpa/{id}/primary-attorney`: the attorneys (reference §2.2 step 4), with links to add a
//! person or a trust corporation, change or remove one, and on once there is at least one.
use leptos::prelude::*;
use leptos_meta::Title;

use crate::govuk::Button;
use crate::lpa::flow::{Page, Step};
use crate::lpa::model::AttorneyRole;
use crate::lpa::paths;
use crate::pages::lpa::attorneys::AttorneyList;
use crate::pages::lpa::frame::LpaFrame;

pub mod add;
pub mod add_trust;
pub mod edit;

#[component]
pub fn PrimaryAttorneyPage() -> impl IntoView {
    view! {
        <LpaFrame render=|lpa, _| {
            let next = (!lpa.document.primary_attorneys().is_empty())
                .then(|| paths::href(lpa.id, Page::Step(Step::PrimaryAttorney).next(&lpa)).to_string());
            view! {
                <Title text="The attorneys"/>
                <div class="govuk-grid-row">
                    <div class="govuk-grid-column-two-thirds">
                        <h1 class="govuk-heading-l">"The attorneys"</h1>
                        <p class="govuk-body">
                            "Attorneys make decisions for the donor. You can appoint one or more."
                        </p>
                        <AttorneyList lpa=lpa role=AttorneyRole::Primary/>
                        {next.map(|next| view! { <Button content="Continue" href=Some(next)/> })}
                    </div>
                </div>
            }
        }/>
    }
}

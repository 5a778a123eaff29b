//! `/lpa/{id}/date-check/valid`: the dates entered on the date check were in the right order.
use leptos::prelude::*;
use leptos_meta::Title;

use crate::govuk::Panel;
use crate::lpa::flow::Page;
use crate::lpa::paths;
use crate::pages::lpa::frame::LpaFrame;

const HEADING: &str = "The LPA was signed in the right order";

#[component]
pub fn DateCheckValidPage() -> impl IntoView {
    view! {
        <LpaFrame render=|lpa, _| {
            let back = if lpa.is_completed() {
                paths::href(lpa.id, Page::ViewDocs)
            } else {
                paths::href(lpa.id, crate::lpa::flow::back_to_form(&lpa))
            };
            view! {
                <Title text=HEADING/>
                <div class="govuk-grid-row">
                    <div class="govuk-grid-column-two-thirds">
                        <Panel title=HEADING/>
                        <p class="govuk-body">"If all the dates you entered are the dates the sections were signed, the LPA was signed in the right order."</p>
                        <p class="govuk-body"><a class="govuk-link" href=back.to_string()>"Go back to the LPA"</a></p>
                    </div>
                </div>
            }
        }/>
    }
}

//! `/lpa/{id}/replacement-attorney`: replacement attorneys, who step in if an attorney can no
//! longer act (reference §2.2 step 6). Optional: "Save and continue" with none confirms there are
//! none.
use leptos::prelude::*;
use leptos_meta::Title;

use crate::form::{use_form_with, FormErrorSummary};
use crate::govuk::Button;
use crate::lpa::model::AttorneyRole;
use crate::pages::lpa::attorneys::AttorneyList;
use crate::pages::lpa::frame::{ListConfirmForm, LpaForm, LpaFrame};

pub mod add;
pub mod add_trust;
pub mod edit;

#[component]
pub fn ReplacementAttorneyPage() -> impl IntoView {
    view! {
        <LpaFrame render=|lpa, page| {
            let form = use_form_with(ListConfirmForm { revision: lpa.revision.0.to_string() });
            let (id, revision) = (lpa.id, lpa.revision);
            view! {
                <Title text=form.title("Replacement attorneys")/>
                <div class="govuk-grid-row">
                    <div class="govuk-grid-column-two-thirds">
                        <FormErrorSummary form=form/>
                        <h1 class="govuk-heading-l">"Replacement attorneys"</h1>
                        <p class="govuk-body">
                            "Replacement attorneys step in if an attorney can no longer act, for example if they die or lose mental capacity. You do not have to appoint any."
                        </p>
                        <AttorneyList lpa=lpa role=AttorneyRole::Replacement/>
                        <LpaForm form=form lpa_id=id page=page revision=revision>
                            <Button content="Save and continue"/>
                        </LpaForm>
                    </div>
                </div>
            }
        }/>
    }
}

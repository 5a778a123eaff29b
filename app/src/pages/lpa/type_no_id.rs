//! `/lpa/type`: what type of LPA, for a new one. Choosing a type creates the LPA (reference §2.1);
//! the same question for an LPA that exists is [`super::r#type`].
use leptos::prelude::*;
use leptos_meta::Title;

use super::r#type::{TypeForm, TypeRadios};
use crate::auth::Audience;
use crate::form::{use_form, Form, FormErrorSummary};
use crate::lpa::paths;
use crate::pages::gate::NameFirst;

#[component]
pub fn NewLpaType() -> impl IntoView {
    let form = use_form::<TypeForm>();
    view! {
        <Title text=form.title(super::r#type::HEADING)/>
        <NameFirst audience=Audience::SignedIn>
            <div class="govuk-grid-row">
                <div class="govuk-grid-column-two-thirds">
                    <FormErrorSummary form=form/>
                    <Form form=form action=paths::NEW_LPA.href()>
                        <TypeRadios form=form/>
                    </Form>
                </div>
            </div>
        </NameFirst>
    }
}

//! `/lpa/{id}/certificate-provider`: the person who confirms the donor understands the LPA
//! (reference §2.2 step 9). It may be skipped for now ("Skip this question for now" posts this
//! page with no certificate provider), but the LPA is not created until one is added.
use leptos::prelude::*;
use leptos_meta::Title;

use crate::form::{use_form_with, FormErrorSummary};
use crate::govuk::{Button, ButtonType};
use crate::lpa::flow::{Page, Step};
use crate::lpa::paths;
use crate::pages::lpa::frame::{ListConfirmForm, LpaForm, LpaFrame};
use crate::pages::lpa::named_person::{person_card, rows};

pub mod add;
pub mod edit;

const HEADING: &str = "The certificate provider";

#[component]
pub fn CertificateProviderPage() -> impl IntoView {
    view! {
        <LpaFrame render=|lpa, page| {
            let form = use_form_with(ListConfirmForm { revision: lpa.revision.0.to_string() });
            let (id, revision) = (lpa.id, lpa.revision);
            let provider = lpa.document.certificate_provider().map(|provider| {
                person_card(id, Step::CertificateProvider, None, provider.name.to_string(), rows(&provider.name, &provider.address))
            });
            let has_provider = provider.is_some();
            view! {
                <Title text=form.title(HEADING)/>
                <div class="govuk-grid-row">
                    <div class="govuk-grid-column-two-thirds">
                        <FormErrorSummary form=form/>
                        <h1 class="govuk-heading-l">{HEADING}</h1>
                        <p class="govuk-body">
                            "The certificate provider checks that the donor understands the LPA and is not being pressured to make it. They must be 18 or over, and have known the donor personally for at least 2 years or have relevant professional skills, such as the donor’s GP."
                        </p>
                        <p class="govuk-body">
                            "They cannot be an attorney or replacement attorney, or a member of the donor’s or an attorney’s family."
                        </p>
                        {provider}
                        <LpaForm form=form lpa_id=id page=page revision=revision>
                            {if has_provider {
                                view! { <Button content="Save and continue"/> }.into_any()
                            } else {
                                view! {
                                    <div class="govuk-button-group">
                                        <Button content="Add the certificate provider" href=Some(paths::href(id, Page::Add(Step::CertificateProvider)).to_string())/>
                                        <Button content="Skip this question for now" button_type=ButtonType::Submit classes="govuk-button--secondary"/>
                                    </div>
                                }
                                .into_any()
                            }}
                        </LpaForm>
                    </div>
                </div>
            }
        }/>
    }
}

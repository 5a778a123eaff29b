//! `/lpa/{id}/more-info-required`: the final check was reached, but the LPA is not complete
//! enough to be confirmed and paid for (the checkout guard, reference §2.4): usually a certificate
//! provider skipped and never added. The page says what is missing and links to it.
use leptos::prelude::*;
use leptos_meta::Title;

use crate::govuk::Button;
use crate::lpa::flow::{back_to_form, Page, Step};
use crate::lpa::paths;
use crate::pages::lpa::frame::LpaFrame;

const HEADING: &str = "We need more information";

#[component]
pub fn MoreInfoRequiredPage() -> impl IntoView {
    view! {
        <LpaFrame render=|lpa, _| {
            let id = lpa.id;
            let (missing, to) = if lpa.document.certificate_provider().is_none() {
                (
                    "The LPA does not have a certificate provider yet. You need one before you can confirm and pay for the LPA.",
                    Page::Add(Step::CertificateProvider),
                )
            } else {
                (
                    "Some of the LPA’s questions have not been answered yet.",
                    back_to_form(&lpa),
                )
            };
            let to = paths::href(id, to).to_string();
            view! {
                <Title text=HEADING/>
                <div class="govuk-grid-row">
                    <div class="govuk-grid-column-two-thirds">
                        <h1 class="govuk-heading-l">{HEADING}</h1>
                        <p class="govuk-body">{missing}</p>
                        <Button content="Continue" href=Some(to)/>
                        <p class="govuk-body">
                            <a class="govuk-link" href=crate::account::paths::DASHBOARD.href().to_string()>"Go to your LPAs"</a>
                        </p>
                    </div>
                </div>
            }
        }/>
    }
}

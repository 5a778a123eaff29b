//! Removing a person from an LPA: the question (`…/confirm-delete[/{idx}]`) and the form that
//! does it (`…/delete[/{idx}]`, which also shows the question if opened). Shared by the attorneys,
//! the certificate provider and the people to notify.
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use super::frame::LpaFrame;
use crate::form::{use_form_with, FieldErrors, Form, FormErrorSummary, FormInput};
use crate::govuk::{Button, ButtonType};
use crate::lpa::flow::{Page, Step};
use crate::lpa::model::{Lpa, Revision};
use crate::lpa::paths;
use crate::lpa::rules::{self, field};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DeletePersonForm {
    #[serde(default)]
    pub revision: String,
}

impl FormInput for DeletePersonForm {
    type Valid = Revision;

    fn validate(&self) -> Result<Revision, FieldErrors> {
        Ok(rules::revision(&self.revision))
    }
}

impl crate::form::FormAction for DeletePersonForm {
    #[cfg(feature = "ssr")]
    async fn perform(
        revision: Revision,
        context: crate::form::ActionContext,
    ) -> Result<crate::form::Submitted, crate::form::FormFailure> {
        super::frame::save_here(&context, revision, |lpa, page, _| {
            let document = &mut lpa.document;
            let removed = match page {
                Page::Delete(step, Some(index)) => match step.attorney_role() {
                    Some(role) => document.remove_attorney(role, index).map(|_| ()),
                    None => document.remove_person_to_notify(index).map(|_| ()),
                },
                Page::Delete(Step::CertificateProvider, None) => {
                    document.set_certificate_provider(None);
                    Ok(())
                }
                _ => Err(crate::lpa::model::DocumentError::NoSuchPerson),
            };
            removed.map_err(|error| super::frame::refused(field::REVISION, error))
        })
        .await
    }
}

/// Who the page is about, as its question names them.
fn named(lpa: &Lpa, page: Page) -> String {
    let document = &lpa.document;
    match page {
        Page::Delete(step, Some(index)) => match step.attorney_role() {
            Some(role) => document
                .attorneys(role)
                .get(index)
                .map(|listed| listed.person.display_name()),
            None => document
                .people_to_notify()
                .get(index)
                .map(|listed| listed.person.name.to_string()),
        },
        Page::Delete(Step::CertificateProvider, None) => document
            .certificate_provider()
            .map(|provider| provider.name.to_string()),
        _ => None,
    }
    .unwrap_or_default()
}

/// "Are you sure you want to remove …?", with the button that does it.
#[component]
pub fn ConfirmDeletePerson() -> impl IntoView {
    view! {
        <LpaFrame render=|lpa, page| {
            let heading = format!("Are you sure you want to remove {}?", named(&lpa, page));
            let form = use_form_with(DeletePersonForm { revision: lpa.revision.0.to_string() });
            let back = page.step().map(|step| paths::href(lpa.id, Page::Step(step)));
            view! {
                <Title text=form.title("Remove a person")/>
                <div class="govuk-grid-row">
                    <div class="govuk-grid-column-two-thirds">
                        <FormErrorSummary form=form/>
                        <h1 class="govuk-heading-l">{heading}</h1>
                        <Form form=form action=paths::deletion_href(lpa.id, page)>
                            <input type="hidden" name=field::REVISION value=lpa.revision.0.to_string()/>
                            <div class="govuk-button-group">
                                <Button content="Yes, remove them" button_type=ButtonType::Submit classes="govuk-button--warning"/>
                                {back.map(|back| view! {
                                    <a class="govuk-link" href=back.to_string()>"No, go back"</a>
                                })}
                            </div>
                        </Form>
                    </div>
                </div>
            }
        }/>
    }
}

//! `/lpa/{id}/applicant`: who applies to register the LPA (reference §2.2 step 12): the donor, or
//! the attorneys. With two or more attorneys who do not act jointly, which of them; acting
//! jointly, all of them together.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::frame::{revealed_checkboxes, LpaFrame, RadioQuestion};
use crate::form::{use_form_with, FieldErrors, FormInput};
use crate::govuk::{RadiosItem, RadiosOption};
use crate::lpa::model::{Applicant, Document, Lpa, PersonId, Revision};
use crate::lpa::rules;

const HEADING: &str = "Who’s applying to register the LPA?";
const WHO: &str = "whoIsRegistering";
const ATTORNEYS: &str = "attorneyList";
const WHO_MISSING: &str = "Select the person who is applying to register the LPA";
const ATTORNEYS_MISSING: &str = "Select the attorneys who are applying to register the LPA";

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ApplicantForm {
    #[serde(default, rename = "whoIsRegistering")]
    pub who: String,
    /// The attorneys ticked, by their number on the LPA.
    #[serde(default, rename = "attorneyList")]
    pub attorneys: Vec<String>,
    #[serde(default)]
    pub revision: String,
}

/// Who the form says applies; which attorneys exist is the LPA's to check.
#[derive(Clone, Debug, PartialEq)]
pub enum Chosen {
    Donor,
    /// The attorneys ticked (none ticked: every primary attorney, where the list is not asked).
    Attorneys(Vec<PersonId>),
}

impl FormInput for ApplicantForm {
    type Valid = (Chosen, Revision);

    fn validate(&self) -> Result<Self::Valid, FieldErrors> {
        let mut errors = FieldErrors::new();
        let chosen = match self.who.as_str() {
            "donor" => Chosen::Donor,
            "attorney" => {
                let ids: Option<Vec<PersonId>> = self
                    .attorneys
                    .iter()
                    .map(|id| id.trim().parse().ok().map(PersonId::new))
                    .collect();
                match ids {
                    Some(ids) => Chosen::Attorneys(ids),
                    None => {
                        errors.add(ATTORNEYS, ATTORNEYS_MISSING);
                        return Err(errors);
                    }
                }
            }
            _ => {
                errors.add(WHO, WHO_MISSING);
                return Err(errors);
            }
        };
        Ok((chosen, rules::revision(&self.revision)))
    }
}

/// Whether the page asks which attorneys apply: two or more who do not act jointly.
fn asks_which_attorneys(document: &Document) -> bool {
    document.primary_attorneys().len() >= 2 && !document.primaries_act_jointly()
}

impl crate::form::FormAction for ApplicantForm {
    #[cfg(feature = "ssr")]
    async fn perform(
        (chosen, revision): Self::Valid,
        context: crate::form::ActionContext,
    ) -> Result<crate::form::Submitted, crate::form::FormFailure> {
        use crate::lpa::model::DonorApplies;

        super::frame::save_here(&context, revision, |lpa, _, _| {
            let document = &mut lpa.document;
            let applicant = match chosen {
                Chosen::Donor => Applicant::Donor(DonorApplies::Donor),
                Chosen::Attorneys(ids) if asks_which_attorneys(document) => {
                    if ids.is_empty() {
                        return Err(crate::form::FormFailure::field(
                            ATTORNEYS,
                            ATTORNEYS_MISSING,
                        ));
                    }
                    Applicant::Attorneys(ids)
                }
                // One attorney, or attorneys acting jointly: all of them apply.
                Chosen::Attorneys(_) => Applicant::Attorneys(
                    document.primary_attorneys().iter().map(|l| l.id).collect(),
                ),
            };
            document
                .set_applicant(applicant)
                .map_err(|error| super::frame::refused(ATTORNEYS, error))
        })
        .await
    }
}

impl ApplicantForm {
    fn of(lpa: &Lpa) -> Self {
        let (who, attorneys) = match lpa.document.applicant() {
            Some(Applicant::Donor(_)) => ("donor", Vec::new()),
            Some(Applicant::Attorneys(ids)) => (
                "attorney",
                ids.iter().map(|id| id.get().to_string()).collect(),
            ),
            None => ("", Vec::new()),
        };
        ApplicantForm {
            who: who.to_owned(),
            attorneys,
            revision: lpa.revision.0.to_string(),
        }
    }
}

#[component]
pub fn ApplicantPage() -> impl IntoView {
    view! {
        <LpaFrame render=|lpa, page| {
            let form = use_form_with(ApplicantForm::of(&lpa));
            let document = &lpa.document;
            let donor = document.donor().map(|donor| donor.name.to_string()).unwrap_or_default();
            let names: Vec<(String, String)> = document
                .primary_attorneys()
                .iter()
                .map(|listed| (listed.id.get().to_string(), listed.person.display_name()))
                .collect();
            let jointly = document.primaries_act_jointly();
            let which = asks_which_attorneys(document);
            let attorney_label = match names.as_slice() {
                [(_, one)] => format!("The attorney – {one}"),
                _ if which => "The attorneys".to_owned(),
                all => format!(
                    "The attorneys – {}",
                    all.iter().map(|(_, name)| name.as_str()).collect::<Vec<_>>().join(", ")
                ),
            };
            let hint = if jointly {
                "Either the donor or all the attorneys can apply to register the LPA."
            } else {
                "Either the donor or one or more of the attorneys can apply to register the LPA."
            };
            let items = move || {
                let mut attorney = RadiosOption::new("attorney", attorney_label.clone());
                if which {
                    let ticked = form.value(|input| input.attorneys.join(","));
                    let ticked: Vec<String> = ticked.split(',').map(str::to_owned).collect();
                    attorney = attorney.with_conditional(revealed_checkboxes(
                        form,
                        ATTORNEYS,
                        "Which attorneys are applying?",
                        &names,
                        &ticked,
                    ));
                }
                vec![
                    RadiosItem::Option(RadiosOption::new("donor", format!("The donor – {donor}"))),
                    RadiosItem::Option(attorney),
                ]
            };
            view! {
                <RadioQuestion
                    form=form
                    lpa_id=lpa.id
                    page=page
                    revision=lpa.revision
                    name=WHO
                    heading=HEADING
                    hint=hint
                    items=items
                />
            }
        }/>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_applicant_must_be_chosen() {
        assert_eq!(
            ApplicantForm::default().validate().unwrap_err().get(WHO),
            Some(WHO_MISSING)
        );
        let attorneys = ApplicantForm {
            who: "attorney".into(),
            attorneys: vec!["2".into(), "5".into()],
            ..Default::default()
        };
        assert_eq!(
            attorneys.validate().unwrap().0,
            Chosen::Attorneys(vec![PersonId::new(2), PersonId::new(5)])
        );
        let forged = ApplicantForm {
            attorneys: vec!["two".into()],
            ..attorneys
        };
        assert_eq!(
            forged.validate().unwrap_err().get(ATTORNEYS),
            Some(ATTORNEYS_MISSING)
        );
    }
}

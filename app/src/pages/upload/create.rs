//! `/upload/create`: add a dataset (B.3 step 2, "create pipeline"): an organisation and a dataset
//! name, each letters, digits, `_` and `.`, kept lower-cased with `.` as `_`.
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use crate::auth::Audience;
use crate::datastore::names::{
    DatasetName, NamePart, NameProblem, LONGEST_NAME, NAMING_CONVENTIONS,
};
use crate::datastore::paths;
use crate::form::{use_form, FieldErrors, Form, FormErrorSummary, FormInput};
use crate::govuk::{Button, Input};
use crate::pages::gate::NameFirst;

pub const ORGANISATION: &str = "organisation";
pub const DATASET: &str = "dataset";
pub const HEADING: &str = "Add new dataset";

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateDatasetForm {
    #[serde(default)]
    pub organisation: String,
    #[serde(default)]
    pub dataset: String,
}

fn checked(typed: &str, field: &str, missing: &str, errors: &mut FieldErrors) -> Option<NamePart> {
    match NamePart::parse(typed) {
        Ok(part) => Some(part),
        Err(problem) => {
            errors.add(
                field,
                match problem {
                    NameProblem::Missing => missing.to_owned(),
                    NameProblem::TooLong => format!(
                        "{} must be {LONGEST_NAME} characters or fewer",
                        if field == ORGANISATION {
                            "Organisation"
                        } else {
                            "Dataset"
                        }
                    ),
                    NameProblem::Convention => NAMING_CONVENTIONS.to_owned(),
                },
            );
            None
        }
    }
}

impl FormInput for CreateDatasetForm {
    type Valid = DatasetName;

    fn validate(&self) -> Result<DatasetName, FieldErrors> {
        let mut errors = FieldErrors::new();
        let organisation = checked(
            &self.organisation,
            ORGANISATION,
            "Enter the organisation",
            &mut errors,
        );
        let dataset = checked(
            &self.dataset,
            DATASET,
            "Enter the dataset’s name",
            &mut errors,
        );
        match (organisation, dataset) {
            (Some(organisation), Some(dataset)) => Ok(DatasetName {
                organisation,
                dataset,
            }),
            _ => Err(errors),
        }
    }
}

impl crate::form::FormAction for CreateDatasetForm {
    #[cfg(feature = "ssr")]
    async fn perform(
        name: DatasetName,
        context: crate::form::ActionContext,
    ) -> Result<crate::form::Submitted, crate::form::FormFailure> {
        use crate::datastore::server::datasets::{DatasetError, Datasets, Origin};

        let staff = context.require(Audience::DataStaff)?;
        match Datasets::of(&context.backends)
            .create(&name, Origin::Upload, Some(&staff.email))
            .await
        {
            Ok(dataset) => Ok(crate::form::Submitted::redirect(
                paths::DATASET_CREATED.to(dataset.slug()),
            )),
            Err(DatasetError::Exists) => Err(crate::form::FormFailure::field(
                DATASET,
                DatasetError::Exists.to_string(),
            )),
            Err(DatasetError::Store(error)) => Err(crate::error::AppError::internal(error).into()),
        }
    }
}

#[component]
pub fn CreateDataset() -> impl IntoView {
    view! {
        <NameFirst audience=Audience::DataStaff>
            <CreateDatasetContent/>
        </NameFirst>
    }
}

#[component]
fn CreateDatasetContent() -> impl IntoView {
    let form = use_form::<CreateDatasetForm>();
    view! {
        <Title text=form.title(HEADING)/>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <FormErrorSummary form=form/>
                <h1 class="govuk-heading-l">{HEADING}</h1>
                <p class="govuk-body">
                    "Use letters, numbers, underscores and full stops. Names are kept in lower case, \
                     with full stops as underscores: the data will be in the table \u{201c}L0\u{201d} \
                     of the schema \u{201c}organisation.dataset\u{201d}."
                </p>
                <Form form=form action=paths::CREATE_DATASET.href()>
                    {move || {
                        let input = form.input.get();
                        view! {
                            <Input
                                name=ORGANISATION
                                id=Some(ORGANISATION.to_owned())
                                label="Organisation"
                                hint=Some("For example, companies_house".into())
                                value=Some(input.organisation.clone())
                                error_message=form.error(ORGANISATION)
                                spellcheck=Some(false)
                                classes="govuk-input--width-20"
                            />
                            <Input
                                name=DATASET
                                id=Some(DATASET.to_owned())
                                label="Dataset"
                                hint=Some("For example, accounts".into())
                                value=Some(input.dataset.clone())
                                error_message=form.error(DATASET)
                                spellcheck=Some(false)
                                classes="govuk-input--width-20"
                            />
                        }
                    }}
                    <Button content="Create dataset"/>
                </Form>
            </div>
        </div>
    }
}

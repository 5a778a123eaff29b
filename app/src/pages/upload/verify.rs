//! `/upload/data/{slug}/verify/{id}` (B.3 step 4): the uploaded file's preview — "Data
//! successfully uploaded", its columns with the types inferred (staff may change them) and sample
//! values, the latest version's columns beside them, a warning naming columns the new file lacks —
//! and "Do the contents of the file look correct?". Yes saves the types and starts processing;
//! No forgets the file. A file that cannot be read says why ("Unable to process CSV file: …"),
//! is recorded failed, and offers to try again.
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use super::{with_dataset, with_version, DatasetListed};
use crate::auth::Audience;
use crate::datastore::columns::ColumnType;
use crate::datastore::names::DatasetSlug;
use crate::datastore::paths;
use crate::error::AppError;
use crate::form::{use_form, FieldErrors, Form, FormErrorSummary, FormInput};
use crate::govuk::{
    Button, ErrorMessage, FieldsetOptions, LabelOptions, Panel, Radios, RadiosItem, Select,
    SelectItem, WarningText,
};
use crate::pages::gate::NameFirst;

pub const COLUMN_TYPES: &str = "column_types";
pub const ANSWER: &str = "answer";
pub const QUESTION: &str = "Do the contents of the file look correct?";
pub const ANSWER_MISSING: &str = "Select yes if the contents of the file look correct";

/// A column as the preview shows it: its name, its type, some values.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewColumn {
    pub name: String,
    pub kind: ColumnType,
    /// The first rows' values, joined by ", ".
    pub sample: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Preview {
    /// The file reads: its columns, and the latest version's.
    Readable {
        file_name: String,
        columns: Vec<PreviewColumn>,
        existing: Option<Vec<PreviewColumn>>,
        /// Columns of the latest version the new file does not have.
        missing: Vec<String>,
    },
    /// It does not: why, in the real service's words.
    Unreadable { file_name: String, problem: String },
}

#[cfg(feature = "ssr")]
pub(super) fn columns_shown(
    columns: &[crate::datastore::columns::Column],
    sample: &[Vec<Option<String>>],
) -> Vec<PreviewColumn> {
    columns
        .iter()
        .enumerate()
        .map(|(index, column)| PreviewColumn {
            name: column.name.to_string(),
            kind: column.kind,
            sample: sample
                .iter()
                .filter_map(|row| row.get(index).cloned().flatten())
                .collect::<Vec<_>>()
                .join(", "),
        })
        .collect()
}

/// The preview of version `id` of the dataset `slug`, while it is uploaded (not yet verified).
#[server(prefix = "/_fn", endpoint = "upload-preview", input = server_fn::codec::GetUrl)]
pub async fn upload_preview(slug: DatasetSlug, id: String) -> Result<Preview, AppError> {
    use crate::datastore::server::processing::Processing;
    use crate::datastore::server::versions::Versions;
    use crate::datastore::upload::UploadState;

    let (backends, dataset, version) = super::staff_version(&slug, &id).await?;
    if !matches!(version.state, UploadState::Uploaded | UploadState::Failed) {
        return Err(AppError::NotFound);
    }
    let versions = Versions::of(&backends);
    let processing = Processing::of(&backends);
    let key = version.key().map_err(AppError::internal)?;
    let inspection = match processing
        .inspect_file(&key)
        .await
        .map_err(AppError::internal)?
    {
        Ok(inspection) if version.state == UploadState::Uploaded => inspection,
        Ok(_) => {
            return Ok(Preview::Unreadable {
                file_name: version.file_name,
                problem: version.error_message.unwrap_or_default(),
            })
        }
        Err(problem) => {
            let problem = problem.to_string();
            versions
                .fail(&id, &problem)
                .await
                .map_err(AppError::internal)?;
            return Ok(Preview::Unreadable {
                file_name: version.file_name,
                problem,
            });
        }
    };
    let existing = match versions
        .latest_completed(dataset.id)
        .await
        .map_err(AppError::internal)?
    {
        Some(latest) => {
            let latest_key = latest.key().map_err(AppError::internal)?;
            let sample = match processing.inspect_file(&latest_key).await {
                Ok(Ok(inspection)) => inspection.sample,
                _ => Vec::new(),
            };
            latest
                .columns
                .map(|columns| columns_shown(&columns, &sample))
        }
        None => None,
    };
    let missing = existing
        .iter()
        .flatten()
        .filter(|old| {
            !inspection
                .columns
                .iter()
                .any(|new| new.name.as_str() == old.name)
        })
        .map(|old| old.name.clone())
        .collect();
    Ok(Preview::Readable {
        file_name: version.file_name,
        columns: columns_shown(&inspection.columns, &inspection.sample),
        existing,
        missing,
    })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct VerifyForm {
    /// One per column, in the file's order.
    #[serde(default)]
    pub column_types: Vec<String>,
    #[serde(default)]
    pub answer: String,
}

/// What staff answered.
#[derive(Clone, Debug, PartialEq)]
pub enum Verified {
    /// Process the file with these types, in the file's order.
    Yes(Vec<ColumnType>),
    No,
}

impl FormInput for VerifyForm {
    type Valid = Verified;

    fn validate(&self) -> Result<Verified, FieldErrors> {
        let mut errors = FieldErrors::new();
        let types: Option<Vec<ColumnType>> = self
            .column_types
            .iter()
            .map(|name| ColumnType::parse(name))
            .collect();
        if types.is_none() {
            errors.add(COLUMN_TYPES, "Choose a data type for each column");
        }
        match (self.answer.as_str(), types) {
            ("no", _) => Ok(Verified::No),
            ("yes", Some(types)) => Ok(Verified::Yes(types)),
            ("yes", None) => Err(errors),
            _ => {
                errors.add(ANSWER, ANSWER_MISSING);
                Err(errors)
            }
        }
    }
}

impl crate::form::FormAction for VerifyForm {
    #[cfg(feature = "ssr")]
    async fn perform(
        answer: Verified,
        context: crate::form::ActionContext,
    ) -> Result<crate::form::Submitted, crate::form::FormFailure> {
        use crate::datastore::columns::Column;
        use crate::datastore::server::datasets::Datasets;
        use crate::datastore::server::processing::Processing;
        use crate::datastore::server::versions::Versions;
        use crate::datastore::upload::UploadState;
        use crate::form::{FormFailure, Submitted};

        context.require(Audience::DataStaff)?;
        let backends = &context.backends;
        let (slug, id) = paths::VERIFY
            .parse(context.request.uri.path())
            .ok_or(AppError::NotFound)?;
        let dataset = Datasets::of(backends)
            .by_slug(&slug)
            .await?
            .ok_or(AppError::NotFound)?;
        let versions = Versions::of(backends);
        let version = versions
            .find(dataset.id, &id)
            .await?
            .filter(|version| version.state == UploadState::Uploaded)
            .ok_or(AppError::NotFound)?;
        let key = version.key()?;
        let types = match answer {
            Verified::No => {
                // The real service forgets the file and starts again.
                backends
                    .objects
                    .delete(&key)
                    .await
                    .map_err(AppError::internal)?;
                versions.delete(&id).await?;
                return Ok(Submitted::redirect(paths::SELECT_DATASET.href()));
            }
            Verified::Yes(types) => types,
        };
        let processing = Processing::of(backends);
        let inspection = match processing
            .inspect_file(&key)
            .await
            .map_err(AppError::internal)?
        {
            Ok(inspection) => inspection,
            Err(problem) => return Err(FormFailure::field(COLUMN_TYPES, problem.to_string())),
        };
        if types.len() != inspection.columns.len() {
            return Err(FormFailure::field(
                COLUMN_TYPES,
                "Choose a data type for each column",
            ));
        }
        let columns: Vec<Column> = inspection
            .columns
            .into_iter()
            .zip(types)
            .map(|(column, kind)| Column {
                name: column.name,
                kind,
            })
            .collect();
        if let Err(problem) = processing
            .check_file(&key, columns.clone())
            .await
            .map_err(AppError::internal)?
        {
            return Err(FormFailure::field(COLUMN_TYPES, problem.to_string()));
        }
        if !super::send_to_process(backends, &id, &columns).await? {
            return Err(AppError::NotFound.into());
        }
        Ok(Submitted::redirect(paths::UPLOADED.to((slug, id))))
    }
}

#[component]
pub fn Verify() -> impl IntoView {
    view! {
        <NameFirst audience=Audience::DataStaff>
            {with_dataset(paths::VERIFY, |(slug, _)| slug, |dataset| view! { <VerifyContent dataset=dataset/> })}
        </NameFirst>
    }
}

#[component]
fn VerifyContent(dataset: DatasetListed) -> impl IntoView {
    with_version(
        dataset,
        paths::VERIFY,
        upload_preview,
        |dataset, _, preview| {
            match preview {
        Preview::Readable { file_name, columns, existing, missing } => view! {
            <Readable dataset=dataset file_name=file_name columns=columns existing=existing missing=missing/>
        }
        .into_any(),
        Preview::Unreadable { file_name, problem } => {
            unreadable(&dataset, &file_name, &problem).into_any()
        }
    }
        },
    )
}

fn unreadable(dataset: &DatasetListed, file_name: &str, problem: &str) -> impl IntoView {
    view! {
        <Title text="The file could not be processed"/>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h1 class="govuk-heading-l">"The file could not be processed"</h1>
                <p class="govuk-body">{format!("{file_name} could not be processed.")}</p>
                <div class="govuk-inset-text" data-testid="csv-problem">{problem.to_owned()}</div>
                <a class="govuk-button" data-module="govuk-button" role="button" draggable="false"
                    href=paths::UPLOAD_DATA.to(dataset.slug.clone()).to_string()>
                    "Try again"
                </a>
            </div>
        </div>
    }
}

pub(super) fn contents_table(caption: &str, columns: &[PreviewColumn]) -> impl IntoView {
    let rows = columns
        .iter()
        .map(|column| {
            view! {
                <tr class="govuk-table__row">
                    <th scope="row" class="govuk-table__header">{column.name.clone()}</th>
                    <td class="govuk-table__cell">{column.kind.as_str()}</td>
                    <td class="govuk-table__cell">{column.sample.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="govuk-table">
            <caption class="govuk-table__caption govuk-table__caption--m">{caption.to_owned()}</caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">"Column"</th>
                    <th scope="col" class="govuk-table__header">"Data type"</th>
                    <th scope="col" class="govuk-table__header">"Sample values"</th>
                </tr>
            </thead>
            <tbody class="govuk-table__body">{rows}</tbody>
        </table>
    }
}

#[component]
fn Readable(
    dataset: DatasetListed,
    file_name: String,
    columns: Vec<PreviewColumn>,
    existing: Option<Vec<PreviewColumn>>,
    missing: Vec<String>,
) -> impl IntoView {
    let form = use_form::<VerifyForm>();
    let location = leptos_router::hooks::use_location();
    let action = location.pathname.get_untracked();
    let type_items: Vec<SelectItem> = ColumnType::ALL
        .iter()
        .map(|kind| SelectItem::new(kind.as_str(), kind.as_str()))
        .collect();
    let columns = StoredValue::new(columns);
    view! {
        <Title text=form.title("Check the file")/>
        <FormErrorSummary form=form/>
        <Panel title="Data successfully uploaded" content=Some(file_name.clone().into())/>
        <Form form=form action=action>
            {move || {
                let chosen = form.input.get().column_types;
                let rows = columns.with_value(|columns| {
                    columns
                        .iter()
                        .enumerate()
                        .map(|(index, column)| {
                            let value = chosen
                                .get(index)
                                .cloned()
                                .unwrap_or_else(|| column.kind.as_str().to_owned());
                            view! {
                                <tr class="govuk-table__row">
                                    <th scope="row" class="govuk-table__header">{column.name.clone()}</th>
                                    <td class="govuk-table__cell">
                                        <Select
                                            name=COLUMN_TYPES
                                            id=Some(format!("column-type-{index}"))
                                            label=LabelOptions {
                                                content: format!("Data type of {}", column.name).into(),
                                                classes: "govuk-visually-hidden".into(),
                                                ..Default::default()
                                            }
                                            items=type_items.clone()
                                            value=Some(value)
                                            form_group=crate::govuk::FormGroupOptions { classes: "govuk-!-margin-bottom-0".into(), ..Default::default() }
                                        />
                                    </td>
                                    <td class="govuk-table__cell">{column.sample.clone()}</td>
                                </tr>
                            }
                        })
                        .collect_view()
                });
                view! {
                    <div class="govuk-form-group" class:govuk-form-group--error=form.error(COLUMN_TYPES).is_some()>
                        {form.error(COLUMN_TYPES).map(|error| view! {
                            <ErrorMessage error=error id=Some("column_types-error".to_owned())/>
                        })}
                        <table class="govuk-table" id=COLUMN_TYPES>
                            <caption class="govuk-table__caption govuk-table__caption--m">"New file contents"</caption>
                            <thead class="govuk-table__head">
                                <tr class="govuk-table__row">
                                    <th scope="col" class="govuk-table__header">"Column"</th>
                                    <th scope="col" class="govuk-table__header">"Data type"</th>
                                    <th scope="col" class="govuk-table__header">"Sample values"</th>
                                </tr>
                            </thead>
                            <tbody class="govuk-table__body">{rows}</tbody>
                        </table>
                    </div>
                }
            }}
            {existing.as_ref().map(|existing| contents_table("Existing file contents", existing))}
            {(!missing.is_empty()).then(|| view! {
                <WarningText content=format!(
                    "The new file does not have these columns of the latest version: {}. Continuing will break any queries that use those columns.",
                    missing.join(", ")
                )/>
            })}
            {move || view! {
                <Radios
                    name=ANSWER
                    value=Some(form.input.with(|input| input.answer.clone()))
                    fieldset=FieldsetOptions::medium_legend(QUESTION)
                    error_message=form.error(ANSWER)
                    items=vec![
                        RadiosItem::option("yes", "Yes and start processing"),
                        RadiosItem::option("no", "No and return back to the beginning to try again"),
                    ]
                />
            }}
            <Button content="Continue"/>
        </Form>
        <p class="govuk-body">
            <a class="govuk-link" href=paths::UPLOAD_DATA.to(dataset.slug.clone()).to_string()>
                {format!("Back to {}", dataset.schema)}
            </a>
        </p>
    }
}

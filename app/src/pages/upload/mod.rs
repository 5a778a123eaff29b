//! `/upload`: the data store's CSV upload journey begins (other-systems B.3 step 1): "Select
//! Pipeline", one of the datasets, or "Add new dataset". For data store staff and admins.
pub mod create;
pub mod created;
pub mod data;
pub mod failed;
pub mod restore;
pub mod sources;
pub mod uploaded;
pub mod verify;

use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use crate::auth::Audience;
use crate::datastore::names::DatasetSlug;
use crate::datastore::paths;
use crate::error::AppError;
use crate::error_page::ServiceProblem;
use crate::form::{use_form, FieldErrors, Form, FormErrorSummary, FormInput};
use crate::govuk::{Button, FieldsetOptions, Radios, RadiosItem};
use crate::pages::gate::NameFirst;

pub const PIPELINE: &str = "pipeline";
pub const HEADING: &str = "Select Pipeline";
/// The real service's words.
pub const PIPELINE_MISSING: &str = "Select one of the existing pipelines to upload data to";

/// A dataset as the upload pages list it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatasetListed {
    pub slug: DatasetSlug,
    /// `organisation.dataset`.
    pub schema: String,
}

/// The datasets staff may upload to: those made for uploads.
#[server(prefix = "/_fn", endpoint = "upload-datasets", input = server_fn::codec::GetUrl)]
pub async fn upload_datasets() -> Result<Vec<DatasetListed>, AppError> {
    use crate::datastore::server::datasets::{Datasets, Origin};

    crate::auth::ssr::require(Audience::DataStaff)?;
    let backends = crate::ssr::backends()?;
    let datasets = Datasets::of(&backends)
        .all()
        .await
        .map_err(AppError::internal)?;
    Ok(datasets
        .into_iter()
        .filter(|dataset| dataset.origin == Origin::Upload)
        .map(|dataset| DatasetListed {
            slug: dataset.slug(),
            schema: dataset.name.schema(),
        })
        .collect())
}

/// The upload dataset `slug` names; not found if there is none.
#[server(prefix = "/_fn", endpoint = "upload-dataset", input = server_fn::codec::GetUrl)]
pub async fn upload_dataset(slug: DatasetSlug) -> Result<DatasetListed, AppError> {
    use crate::datastore::server::datasets::{Datasets, Origin};

    crate::auth::ssr::require(Audience::DataStaff)?;
    let backends = crate::ssr::backends()?;
    match Datasets::of(&backends)
        .by_slug(&slug)
        .await
        .map_err(AppError::internal)?
    {
        Some(dataset) if dataset.origin == Origin::Upload => Ok(DatasetListed {
            slug: dataset.slug(),
            schema: dataset.name.schema(),
        }),
        _ => Err(AppError::NotFound),
    }
}

/// For staff: the dataset `slug` names and its version `id` (not found unless both exist), with
/// the backends — what each version page's server function starts with.
#[cfg(feature = "ssr")]
pub async fn staff_version(
    slug: &DatasetSlug,
    id: &str,
) -> Result<
    (
        backends::Backends,
        crate::datastore::server::datasets::Dataset,
        crate::datastore::server::versions::Version,
    ),
    AppError,
> {
    use crate::datastore::server::datasets::Datasets;
    use crate::datastore::server::versions::Versions;

    crate::auth::ssr::require(Audience::DataStaff)?;
    let backends = crate::ssr::backends()?;
    let dataset = Datasets::of(&backends)
        .by_slug(slug)
        .await
        .map_err(AppError::internal)?
        .ok_or(AppError::NotFound)?;
    let version = Versions::of(&backends)
        .find(dataset.id, id)
        .await
        .map_err(AppError::internal)?
        .ok_or(AppError::NotFound)?;
    Ok((backends, dataset, version))
}

/// Marks version `id` verified with `columns` and sends it to be processed, in one transaction;
/// false (nothing sent) if it could not be verified from the state it is in.
#[cfg(feature = "ssr")]
pub async fn send_to_process(
    backends: &backends::Backends,
    id: &str,
    columns: &[crate::datastore::columns::Column],
) -> Result<bool, AppError> {
    use crate::datastore::server::jobs::process_job;
    use crate::datastore::server::versions::Versions;

    let mut tx = backends.store.begin().await.map_err(AppError::internal)?;
    if !Versions::of(backends)
        .verify_in(&mut tx, id, columns)
        .await
        .map_err(AppError::internal)?
    {
        return Ok(false);
    }
    backends
        .jobs
        .enqueue_in(&mut tx, &process_job(id).map_err(AppError::internal)?)
        .await
        .map_err(AppError::internal)?;
    tx.commit().await.map_err(AppError::internal)?;
    Ok(true)
}

/// Draws `shown` with the upload dataset named in the URL (matched by `path`, whose first
/// parameter is the slug), or the 404 page.
pub fn with_dataset<P, V>(
    path: crate::paths::Path<P>,
    slug_of: fn(P) -> DatasetSlug,
    shown: impl Fn(DatasetListed) -> V + Send + Sync + Copy + 'static,
) -> impl IntoView
where
    P: crate::paths::FromPathValues + Clone + Send + Sync + PartialEq + 'static,
    V: IntoView + 'static,
{
    use leptos_router::hooks::use_location;

    let location = use_location();
    // Only this page's own URLs change the dataset: while the router leaves for another page the
    // location is already that page's, and this one (about to go) keeps what it shows rather than
    // redrawing itself as "not found" under a form that is still finishing its submission.
    let slug = Memo::new(move |previous: Option<&Option<DatasetSlug>>| {
        path.parse(&location.pathname.get())
            .map(slug_of)
            .or_else(|| previous.cloned().flatten())
    });
    let dataset = Resource::new_blocking(
        move || slug.get(),
        |slug| async move {
            match slug {
                Some(slug) => upload_dataset(slug).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match dataset.await {
                    Ok(dataset) => shown(dataset).into_any(),
                    Err(error) => view! { <crate::error_page::AppErrorContent error=error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Inside [`with_dataset`]: draws `shown` with what `ask` answers for the version named in the
/// URL (matched by `path`), or the error page it answers instead.
pub fn with_version<T, F, Fut, V>(
    dataset: DatasetListed,
    path: crate::paths::Path<(DatasetSlug, String)>,
    ask: F,
    shown: impl Fn(DatasetListed, String, T) -> V + Send + Sync + Copy + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + for<'de> Deserialize<'de> + 'static,
    F: Fn(DatasetSlug, String) -> Fut + Copy + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<T, AppError>> + Send + 'static,
    V: IntoView + 'static,
{
    let location = leptos_router::hooks::use_location();
    let id = path
        .parse(&location.pathname.get_untracked())
        .map(|(_, id)| id)
        .unwrap_or_default();
    let (slug, asked_id) = (dataset.slug.clone(), id.clone());
    let answer = Resource::new_blocking(
        move || (slug.clone(), asked_id.clone()),
        move |(slug, id)| ask(slug, id),
    );
    view! {
        <Suspense>
            {move || {
                let (dataset, id) = (dataset.clone(), id.clone());
                Suspend::new(async move {
                    match answer.await {
                        Ok(answer) => shown(dataset, id, answer).into_any(),
                        Err(error) => view! { <crate::error_page::AppErrorContent error=error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SelectDatasetForm {
    #[serde(default)]
    pub pipeline: String,
}

impl FormInput for SelectDatasetForm {
    type Valid = DatasetSlug;

    fn validate(&self) -> Result<DatasetSlug, FieldErrors> {
        DatasetSlug::try_from(self.pipeline.clone()).map_err(|_| {
            let mut errors = FieldErrors::new();
            errors.add(PIPELINE, PIPELINE_MISSING);
            errors
        })
    }
}

impl crate::form::FormAction for SelectDatasetForm {
    #[cfg(feature = "ssr")]
    async fn perform(
        slug: DatasetSlug,
        context: crate::form::ActionContext,
    ) -> Result<crate::form::Submitted, crate::form::FormFailure> {
        use crate::datastore::server::datasets::Datasets;

        context.require(Audience::DataStaff)?;
        match Datasets::of(&context.backends).by_slug(&slug).await? {
            Some(_) => Ok(crate::form::Submitted::redirect(
                paths::UPLOAD_DATA.to(slug),
            )),
            None => Err(crate::form::FormFailure::field(PIPELINE, PIPELINE_MISSING)),
        }
    }
}

#[component]
pub fn SelectDataset() -> impl IntoView {
    view! {
        <NameFirst audience=Audience::DataStaff>
            <SelectDatasetContent/>
        </NameFirst>
    }
}

#[component]
fn SelectDatasetContent() -> impl IntoView {
    let form = use_form::<SelectDatasetForm>();
    let datasets = Resource::new_blocking(|| (), |_| upload_datasets());
    view! {
        <Title text=form.title(HEADING)/>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <FormErrorSummary form=form/>
                <Suspense>
                    {move || Suspend::new(async move {
                        match datasets.await {
                            Ok(datasets) if datasets.is_empty() => view! {
                                <h1 class="govuk-heading-l">"Upload data"</h1>
                                <p class="govuk-body">"There are no datasets to upload to yet."</p>
                            }.into_any(),
                            Ok(datasets) => {
                                let items: Vec<RadiosItem> = datasets
                                    .iter()
                                    .map(|dataset| RadiosItem::option(dataset.slug.as_str(), dataset.schema.clone()))
                                    .collect();
                                view! {
                                    <Form form=form action=paths::SELECT_DATASET.href()>
                                        {move || view! {
                                            <Radios
                                                name=PIPELINE
                                                value=Some(form.input.with(|input| input.pipeline.clone()))
                                                fieldset=FieldsetOptions::page_heading(HEADING)
                                                error_message=form.error(PIPELINE)
                                                items=items.clone()
                                            />
                                        }}
                                        <Button content="Continue to upload data"/>
                                    </Form>
                                }.into_any()
                            }
                            Err(_) => view! { <ServiceProblem/> }.into_any(),
                        }
                    })}
                </Suspense>
                <p class="govuk-body">
                    <a class="govuk-link" href=paths::CREATE_DATASET.href().to_string()>"Add new dataset"</a>
                </p>
                <p class="govuk-body">
                    <a class="govuk-link" href=paths::SOURCES.href().to_string()>"Sources pulled from other services"</a>
                </p>
            </div>
        </div>
    }
}

//! `/upload/data/{slug}/restore/{id}` (B.3 step 7): an older version's contents beside the
//! latest's, and "Are you sure you want to restore this version of the data": Restore processes
//! its file again (it becomes the latest), Cancel goes back.
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use super::verify::{contents_table, PreviewColumn};
use super::{with_dataset, with_version, DatasetListed};
use crate::auth::Audience;
use crate::datastore::names::DatasetSlug;
use crate::datastore::paths;
use crate::error::AppError;
use crate::form::{use_form, FieldErrors, Form, FormInput};
use crate::govuk::Button;
use crate::pages::gate::NameFirst;

pub const HEADING: &str = "Are you sure you want to restore this version of the data";

/// The version to restore and the latest, as their files begin.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Restoring {
    pub file_name: String,
    pub columns: Vec<PreviewColumn>,
    pub latest: Vec<PreviewColumn>,
}

/// Version `id` of `slug`, if it is a completed one other than the latest.
#[server(prefix = "/_fn", endpoint = "upload-restoring", input = server_fn::codec::GetUrl)]
pub async fn upload_restoring(slug: DatasetSlug, id: String) -> Result<Restoring, AppError> {
    use crate::datastore::server::datasets::Datasets;
    use crate::datastore::server::processing::Processing;
    use crate::datastore::server::versions::{Version, Versions};
    use crate::datastore::upload::UploadState;

    crate::auth::ssr::require(Audience::DataStaff)?;
    let backends = crate::ssr::backends()?;
    let dataset = Datasets::of(&backends)
        .by_slug(&slug)
        .await
        .map_err(AppError::internal)?
        .ok_or(AppError::NotFound)?;
    let versions = Versions::of(&backends);
    let latest = versions
        .latest_completed(dataset.id)
        .await
        .map_err(AppError::internal)?
        .ok_or(AppError::NotFound)?;
    let chosen = versions
        .find(dataset.id, &id)
        .await
        .map_err(AppError::internal)?
        .filter(|version| version.state == UploadState::Completed && version.id != latest.id)
        .ok_or(AppError::NotFound)?;
    let processing = Processing::of(&backends);
    let shown = |version: Version| {
        let processing = processing.clone();
        async move {
            let sample = match processing.inspect_file(&version.key()?).await {
                Ok(Ok(inspection)) => inspection.sample,
                _ => Vec::new(),
            };
            Ok::<_, backends::store::StoreError>(super::verify::columns_shown(
                &version.columns.unwrap_or_default(),
                &sample,
            ))
        }
    };
    Ok(Restoring {
        file_name: chosen.file_name.clone(),
        columns: shown(chosen).await.map_err(AppError::internal)?,
        latest: shown(latest).await.map_err(AppError::internal)?,
    })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RestoreForm {}

impl FormInput for RestoreForm {
    type Valid = ();

    fn validate(&self) -> Result<(), FieldErrors> {
        Ok(())
    }
}

impl crate::form::FormAction for RestoreForm {
    #[cfg(feature = "ssr")]
    async fn perform(
        _: (),
        context: crate::form::ActionContext,
    ) -> Result<crate::form::Submitted, crate::form::FormFailure> {
        use crate::datastore::server::datasets::Datasets;
        use crate::datastore::server::versions::Versions;
        use crate::datastore::upload::UploadState;

        context.require(Audience::DataStaff)?;
        let backends = &context.backends;
        let (slug, id) = paths::RESTORE
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
            .filter(|version| version.state == UploadState::Completed)
            .ok_or(AppError::NotFound)?;
        let columns = version.columns.unwrap_or_default();
        if !super::send_to_process(backends, &id, &columns).await? {
            return Err(AppError::NotFound.into());
        }
        Ok(crate::form::Submitted::redirect(
            paths::UPLOADED.to((slug, id)),
        ))
    }
}

#[component]
pub fn Restore() -> impl IntoView {
    view! {
        <NameFirst audience=Audience::DataStaff>
            {with_dataset(paths::RESTORE, |(slug, _)| slug, |dataset| view! { <RestoreContent dataset=dataset/> })}
        </NameFirst>
    }
}

#[component]
fn RestoreContent(dataset: DatasetListed) -> impl IntoView {
    with_version(
        dataset,
        paths::RESTORE,
        upload_restoring,
        |dataset, _, restoring| {
            view! { <Question dataset=dataset restoring=restoring/> }
        },
    )
}

#[component]
fn Question(dataset: DatasetListed, restoring: Restoring) -> impl IntoView {
    let form = use_form::<RestoreForm>();
    let action = leptos_router::hooks::use_location()
        .pathname
        .get_untracked();
    view! {
        <Title text=HEADING/>
        <h1 class="govuk-heading-l">{HEADING}</h1>
        <p class="govuk-body">{format!("{} will be processed again and become the latest version of {}.", restoring.file_name, dataset.schema)}</p>
        {contents_table("Version to restore", &restoring.columns)}
        {contents_table("Latest version", &restoring.latest)}
        <Form form=form action=action>
            <div class="govuk-button-group">
                <Button content="Restore"/>
                <a class="govuk-link" href=paths::UPLOAD_DATA.to(dataset.slug.clone()).to_string()>"Cancel"</a>
            </div>
        </Form>
    }
}

//! `/upload/created/{slug}`: "Dataset pipeline created" (B.3 step 2's confirmation), and on to
//! uploading its first file.
use leptos::prelude::*;
use leptos_meta::Title;

use super::{with_dataset, DatasetListed};
use crate::auth::Audience;
use crate::datastore::paths;
use crate::govuk::Panel;
use crate::pages::gate::NameFirst;

#[component]
pub fn DatasetCreated() -> impl IntoView {
    view! {
        <NameFirst audience=Audience::DataStaff>
            {with_dataset(paths::DATASET_CREATED, |slug| slug, |dataset| view! { <Created dataset=dataset/> })}
        </NameFirst>
    }
}

#[component]
fn Created(dataset: DatasetListed) -> impl IntoView {
    view! {
        <Title text="Dataset pipeline created"/>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <Panel title="Dataset pipeline created" content=Some(dataset.schema.clone().into())/>
                <p class="govuk-body">
                    "Its data will be in the table \u{201c}L0\u{201d} of the schema \u{201c}"
                    {dataset.schema.clone()}"\u{201d}."
                </p>
                <a class="govuk-button" data-module="govuk-button" role="button" draggable="false"
                    href=paths::UPLOAD_DATA.to(dataset.slug).to_string()>
                    "Upload data"
                </a>
            </div>
        </div>
    }
}

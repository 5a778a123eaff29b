//! `/upload/sources` (B.1): the data store's external sources for data store staff — each
//! source's listing page and how its files load, its last pulls and the files loaded from it —
//! and "Pull now", which sends the source's `datastore.pull` job (the one the nightly schedule
//! sends; keyed by the source, so a pull already waiting or running is not doubled), so a file
//! published today need not wait for the night.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::auth::Audience;
use crate::datastore::paths;
use crate::error::AppError;
use crate::error_page::ServiceProblem;
use crate::form::{use_form, FieldErrors, Form, FormErrorSummary, FormInput, FormState};
use crate::govuk::{
    Button, NotificationBanner, NotificationBannerType, SummaryList, SummaryListRow, Table,
    TableCell,
};
use crate::pages::gate::NameFirst;

pub const HEADING: &str = "Sources";
/// How many of a source's pulls and files are shown, the latest first.
#[cfg(feature = "ssr")]
const SHOWN: u32 = 5;
const SOURCE: &str = "source";
/// `?pulling=<id>` after "Pull now".
const PULLING: &str = "pulling";

/// "Pull now": the source's id.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PullSourceForm {
    #[serde(default)]
    pub source: String,
}

const CHOOSE_A_SOURCE: &str = "Choose a source to pull";

impl FormInput for PullSourceForm {
    type Valid = String;

    fn validate(&self) -> Result<String, FieldErrors> {
        let id = self.source.trim();
        if id.is_empty() {
            let mut errors = FieldErrors::new();
            errors.add(SOURCE, CHOOSE_A_SOURCE);
            return Err(errors);
        }
        Ok(id.to_owned())
    }
}

impl crate::form::FormAction for PullSourceForm {
    #[cfg(feature = "ssr")]
    async fn perform(
        id: String,
        context: crate::form::ActionContext,
    ) -> Result<crate::form::Submitted, crate::form::FormFailure> {
        use crate::datastore::server::pull::pull_job;

        context.require(Audience::DataStaff)?;
        let Some(source) = context.services.datastore_sources.find(&id) else {
            return Err(crate::form::FormFailure::field(SOURCE, CHOOSE_A_SOURCE));
        };
        let job = pull_job(Some(source.id())).map_err(AppError::internal)?;
        context.backends.jobs.enqueue(&job).await?;
        Ok(crate::form::Submitted::redirect(
            paths::SOURCES.href().query(PULLING, &id),
        ))
    }
}

/// A pull as the page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PullShown {
    pub finished: String,
    /// What came of it, in words.
    pub outcome: String,
}

/// A file of the source's, as the registry has it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileShown {
    pub name: String,
    /// Loaded (with its rows), being loaded, or failed (with why).
    pub state: String,
    pub finished: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceShown {
    pub id: String,
    pub name: String,
    pub listing_url: String,
    /// How its files join its table.
    pub loading: String,
    pub pulls: Vec<PullShown>,
    pub files: Vec<FileShown>,
}

/// Every configured source with its latest pulls and files.
#[server(prefix = "/_fn", endpoint = "upload-sources", input = server_fn::codec::GetUrl)]
pub async fn upload_sources() -> Result<Vec<SourceShown>, AppError> {
    use crate::datastore::server::processing::Processing;
    use crate::datastore::server::{PullOutcome, SourcePulls};
    use crate::datastore::sources::LoadMode;

    crate::auth::ssr::require(Audience::DataStaff)?;
    let backends = crate::ssr::backends()?;
    let services = crate::services::current()?;
    let pulls = SourcePulls::of(&backends);
    let processing = Processing::of(&backends);
    let shown = |at: chrono::DateTime<chrono::Utc>| crate::dates::shown_time(&at.to_rfc3339());
    let mut listed = Vec::new();
    for source in services.datastore_sources.iter() {
        let id = source.id().to_string();
        let recent = pulls
            .recent(source.id(), SHOWN)
            .await
            .map_err(AppError::internal)?;
        let files = processing.registry(&id).await.map_err(AppError::internal)?;
        listed.push(SourceShown {
            name: source.name().to_owned(),
            listing_url: source.listing_url().to_string(),
            loading: match source.mode() {
                LoadMode::Incremental => "Each new file's rows are added to the table".to_owned(),
                LoadMode::Snapshot => {
                    "Each new file is a snapshot: rows not seen before are added".to_owned()
                }
            },
            pulls: recent
                .into_iter()
                .map(|pull| {
                    let record = pull.record;
                    let file = record.file_name.unwrap_or_default();
                    PullShown {
                        finished: shown(record.finished_at),
                        outcome: match record.outcome {
                            PullOutcome::Fetched => format!("Fetched {file}"),
                            PullOutcome::UpToDate => format!("Up to date ({file})"),
                            PullOutcome::Failed => format!(
                                "Failed: {}",
                                record
                                    .error
                                    .unwrap_or_else(|| "no reason recorded".to_owned())
                            ),
                        },
                    }
                })
                .collect(),
            files: files
                .into_iter()
                .take(SHOWN as usize)
                .map(|file| FileShown {
                    name: file.file_name.unwrap_or_default(),
                    state: match file.state.as_str() {
                        "processed" => {
                            format!("Loaded, {} rows", file.rows_loaded.unwrap_or_default())
                        }
                        "processing" => "Being loaded".to_owned(),
                        "ignored" => "Ignored".to_owned(),
                        _ => format!("Failed: {}", file.error_message.unwrap_or_default()),
                    },
                    finished: file.finished_at.map(shown).unwrap_or_default(),
                })
                .collect(),
            id,
        });
    }
    Ok(listed)
}

#[component]
pub fn Sources() -> impl IntoView {
    view! {
        <NameFirst audience=Audience::DataStaff>
            <SourcesContent/>
        </NameFirst>
    }
}

#[component]
fn SourcesContent() -> impl IntoView {
    // After "Pull now" the same route again with `?pulling=`: read afresh.
    let query = use_query_map();
    let pulling = Memo::new(move |_| query.with(|query| query.get(PULLING)));
    let sources = Resource::new_blocking(move || pulling.get(), |_| upload_sources());
    let form = use_form::<PullSourceForm>();
    view! {
        <Title text=form.title(HEADING)/>
        <Suspense>
            {move || Suspend::new(async move {
                match sources.await {
                    Ok(sources) => {
                        let banner = pulling.get_untracked().and_then(|id| {
                            sources.iter().find(|source| source.id == id).map(|source| view! {
                                <NotificationBanner
                                    banner_type=NotificationBannerType::Success
                                    title_id=Some("pull-started".into())
                                    content=Some(format!(
                                        "{} will be pulled in a moment. Refresh this page to see what it fetched.",
                                        source.name
                                    ).into())
                                />
                            })
                        });
                        view! {
                            {banner}
                            <FormErrorSummary form=form/>
                            <h1 class="govuk-heading-l">{HEADING}</h1>
                            <p class="govuk-body">
                                "Each source is pulled every night: the newest file on its page is fetched when it is newer than the last, then loaded into its dataset's table."
                            </p>
                            {if sources.is_empty() {
                                view! { <p class="govuk-body">"No sources are configured."</p> }.into_any()
                            } else {
                                sources.into_iter().map(|source| source_section(source, form)).collect_view().into_any()
                            }}
                        }
                        .into_any()
                    }
                    Err(_) => view! { <ServiceProblem/> }.into_any(),
                }
            })}
        </Suspense>
        <p class="govuk-body">
            <a class="govuk-link" href=paths::SELECT_DATASET.href().to_string()>"Back to upload data"</a>
        </p>
    }
}

fn source_section(source: SourceShown, form: FormState<PullSourceForm>) -> impl IntoView {
    let pulls: Vec<Vec<TableCell>> = source
        .pulls
        .into_iter()
        .map(|pull| {
            vec![
                TableCell::from(pull.finished),
                TableCell::from(pull.outcome),
            ]
        })
        .collect();
    let files: Vec<Vec<TableCell>> = source
        .files
        .into_iter()
        .map(|file| {
            vec![
                TableCell::from(file.name),
                TableCell::from(file.state),
                TableCell::from(file.finished),
            ]
        })
        .collect();
    let summary = vec![
        SummaryListRow::new("Id", source.id.clone()),
        SummaryListRow::new("Listing page", source.listing_url),
        SummaryListRow::new("Loading", source.loading),
    ];
    view! {
        <h2 class="govuk-heading-m">{source.name.clone()}</h2>
        <SummaryList rows=summary/>
        {if pulls.is_empty() {
            view! { <p class="govuk-body">"Not pulled yet."</p> }.into_any()
        } else {
            view! {
                <Table caption=format!("Latest pulls of {}", source.name) caption_classes="govuk-table__caption--s"
                    head=vec![TableCell::from("Finished"), TableCell::from("Outcome")] rows=pulls/>
            }.into_any()
        }}
        {(!files.is_empty()).then(|| view! {
            <Table caption=format!("Latest files of {}", source.name) caption_classes="govuk-table__caption--s"
                head=vec![TableCell::from("File"), TableCell::from("State"), TableCell::from("Finished")] rows=files/>
        })}
        <Form form=form action=paths::SOURCES.href()>
            <input type="hidden" name=SOURCE value=source.id.clone()/>
            <Button content=format!("Pull {} now", source.name)/>
        </Form>
    }
}

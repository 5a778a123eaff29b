//! `/admin/jobs`: the job queue at a glance. How many jobs of each kind are pending, running or
//! dead; the jobs running now; the jobs that failed and will be tried again; and the dead ones
//! (out of attempts, or failed for good), each with its last error and a button that gives it its
//! attempts back (audit-logged).
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::admin::paths;
use crate::auth::Audience;
use crate::error::AppError;
use crate::error_page::ServiceProblem;
use crate::form::{use_form, FieldErrors, Form, FormErrorSummary, FormInput, FormState};
use crate::govuk::{
    Button, NotificationBanner, NotificationBannerType, SummaryList, SummaryListRow, Table,
    TableCell,
};
use crate::pages::gate::NameFirst;

/// How many jobs each list shows, the most recently changed first.
#[cfg(feature = "ssr")]
const SHOWN: i64 = 50;
/// The states counted in the depth table, in its column order (its head names them).
#[cfg(feature = "ssr")]
const STATES: [&str; 3] = ["pending", "running", "dead"];
const JOB: &str = "job";

/// The retry button's form: the dead job's id.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RetryJobForm {
    #[serde(default)]
    pub job: String,
}

/// A job's id: a positive number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JobId(i64);

impl FormInput for RetryJobForm {
    type Valid = JobId;

    fn validate(&self) -> Result<JobId, FieldErrors> {
        match self.job.trim().parse::<i64>() {
            Ok(id) if id > 0 => Ok(JobId(id)),
            _ => {
                let mut errors = FieldErrors::new();
                errors.add(JOB, "Choose a dead job to retry");
                Err(errors)
            }
        }
    }
}

impl crate::form::FormAction for RetryJobForm {
    #[cfg(feature = "ssr")]
    async fn perform(
        JobId(id): JobId,
        context: crate::form::ActionContext,
    ) -> Result<crate::form::Submitted, crate::form::FormFailure> {
        use crate::admin::audit::AuditAction;

        let admin = context.require(Audience::Admins)?;
        let queue = &context.backends.jobs;
        let job = queue.get(id).await?;
        let retried = match &job {
            Some(_) => queue.retry_dead(id).await?,
            None => false,
        };
        let outcome = if let (true, Some(job)) = (retried, job) {
            crate::admin::server::AuditLog::of(&context.backends)
                .record(
                    &admin,
                    AuditAction::JobRetried,
                    Some(id.to_string().as_str()),
                    serde_json::json!({ "kind": job.kind, "last_error": job.last_error }),
                )
                .await?;
            "retried"
        } else {
            "not-retried"
        };
        Ok(crate::form::Submitted::redirect(
            paths::JOBS.href().query(outcome, &id.to_string()),
        ))
    }
}

/// How many jobs of one kind are in each of [`STATES`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindDepth {
    pub kind: String,
    pub counts: [i64; 3],
}

/// A job as the lists show it, times as GOV.UK writes them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobRow {
    pub id: i64,
    pub kind: String,
    /// `2 of 5`.
    pub attempts: String,
    pub created: String,
    /// When it is due (pending) or was last due.
    pub due: String,
    pub updated: String,
    /// Running: until when the worker holds it.
    pub leased_until: String,
    pub finished: String,
    pub last_error: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobsOverview {
    pub depth: Vec<KindDepth>,
    pub running: Vec<JobRow>,
    pub retrying: Vec<JobRow>,
    pub dead: Vec<JobRow>,
}

/// The queue's depth and its running, retrying and dead jobs, for an admin.
#[server(prefix = "/_fn", endpoint = "admin-jobs", input = server_fn::codec::GetUrl)]
pub async fn admin_jobs() -> Result<JobsOverview, AppError> {
    use backends::jobs::{Job, JobState};

    crate::auth::ssr::require(Audience::Admins)?;
    let queue = crate::ssr::backends()?.jobs;
    let mut depth: Vec<KindDepth> = Vec::new();
    for row in queue.depth_by_kind().await? {
        let Some(column) = STATES.iter().position(|state| *state == row.state.as_str()) else {
            continue;
        };
        match depth.iter_mut().find(|kind| kind.kind == row.kind) {
            Some(kind) => kind.counts[column] += row.count,
            None => {
                let mut counts = [0; 3];
                counts[column] = row.count;
                depth.push(KindDepth {
                    kind: row.kind,
                    counts,
                });
            }
        }
    }
    let shown = |at: chrono::DateTime<chrono::Utc>| crate::dates::shown_time(&at.to_rfc3339());
    let row = |job: Job| JobRow {
        id: job.id,
        attempts: format!("{} of {}", job.attempts, job.max_attempts),
        created: shown(job.created_at),
        due: shown(job.run_at),
        updated: shown(job.updated_at),
        leased_until: job.locked_until.map(shown).unwrap_or_default(),
        finished: job.finished_at.map(shown).unwrap_or_default(),
        last_error: job.last_error.unwrap_or_default(),
        kind: job.kind,
    };
    Ok(JobsOverview {
        depth,
        running: queue
            .list(JobState::Running, SHOWN)
            .await?
            .into_iter()
            .map(row)
            .collect(),
        retrying: queue
            .list_retrying(SHOWN)
            .await?
            .into_iter()
            .map(row)
            .collect(),
        dead: queue
            .list(JobState::Dead, SHOWN)
            .await?
            .into_iter()
            .map(row)
            .collect(),
    })
}

#[component]
pub fn JobsPage() -> impl IntoView {
    view! {
        <Title text="Jobs"/>
        <NameFirst audience=Audience::Admins>
            <JobsContent/>
        </NameFirst>
    }
}

#[component]
fn JobsContent() -> impl IntoView {
    // After a retry the same route again (`?retried=` or `?not-retried=`): read afresh.
    let query = use_query_map();
    let outcome = Memo::new(move |_| {
        query.with(|query| {
            query
                .get("retried")
                .map(|id| (true, id))
                .or_else(|| query.get("not-retried").map(|id| (false, id)))
        })
    });
    let overview = Resource::new_blocking(move || outcome.get(), |_| admin_jobs());
    let form = use_form::<RetryJobForm>();
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let outcome = outcome.get_untracked();
                match overview.await {
                    Ok(overview) => view! {
                        {outcome.map(|(retried, id)| banner(retried, &id))}
                        <FormErrorSummary form=form/>
                        <h1 class="govuk-heading-l">"Jobs"</h1>
                        {depth_table(overview.depth)}
                        <h2 class="govuk-heading-m">"Running"</h2>
                        {job_table(
                            "Jobs running now",
                            ["Id", "Kind", "Attempt", "Due", "Leased until"],
                            overview.running,
                            |job| [job.id.to_string(), job.kind, job.attempts, job.due, job.leased_until],
                        )}
                        <h2 class="govuk-heading-m">"Failed, to be tried again"</h2>
                        {job_table(
                            "Jobs to be tried again",
                            ["Id", "Kind", "Attempts", "Next try", "Last error"],
                            overview.retrying,
                            |job| [job.id.to_string(), job.kind, job.attempts, job.due, job.last_error],
                        )}
                        <h2 class="govuk-heading-m">"Dead"</h2>
                        {dead_jobs(overview.dead, form)}
                    }
                    .into_any(),
                    Err(_) => view! { <ServiceProblem/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn banner(retried: bool, id: &str) -> impl IntoView {
    let (banner_type, text) = if retried {
        (
            NotificationBannerType::Success,
            format!("Job {id} will run again: it is pending, due now, with all its attempts."),
        )
    } else {
        (
            NotificationBannerType::Neutral,
            format!(
                "Job {id} was not retried: it is no longer dead, or the same work is already \
                 waiting to run."
            ),
        )
    };
    view! {
        <NotificationBanner
            banner_type=banner_type
            title_id=Some("job-outcome".into())
            content=Some(text.into())
        />
    }
}

fn depth_table(depth: Vec<KindDepth>) -> impl IntoView {
    if depth.is_empty() {
        return view! { <p class="govuk-body">"No jobs are waiting, running or dead."</p> }
            .into_any();
    }
    let head: Vec<TableCell> = std::iter::once(TableCell::from("Kind"))
        .chain(["Pending", "Running", "Dead"].map(TableCell::numeric))
        .collect();
    let rows: Vec<Vec<TableCell>> = depth
        .into_iter()
        .map(|kind| {
            std::iter::once(TableCell::from(kind.kind))
                .chain(
                    kind.counts
                        .map(|count| TableCell::numeric(count.to_string())),
                )
                .collect()
        })
        .collect();
    view! {
        <Table caption="Jobs by kind and state" caption_classes="govuk-table__caption--m" head=head rows=rows first_cell_is_header=true/>
    }
    .into_any()
}

fn job_table(
    caption: &'static str,
    head: [&'static str; 5],
    jobs: Vec<JobRow>,
    cells: impl Fn(JobRow) -> [String; 5],
) -> impl IntoView {
    if jobs.is_empty() {
        return view! { <p class="govuk-body">"None."</p> }.into_any();
    }
    let head: Vec<TableCell> = head.into_iter().map(TableCell::from).collect();
    let rows: Vec<Vec<TableCell>> = jobs
        .into_iter()
        .map(|job| cells(job).into_iter().map(TableCell::from).collect())
        .collect();
    view! {
        <div class="app-table-scroll" tabindex="0" role="region" aria-label=caption>
            <Table caption=caption caption_classes="govuk-visually-hidden" head=head rows=rows classes="app-table--small"/>
        </div>
    }
    .into_any()
}

/// Each dead job with its last error and a button that retries it.
fn dead_jobs(jobs: Vec<JobRow>, form: FormState<RetryJobForm>) -> impl IntoView {
    if jobs.is_empty() {
        return view! { <p class="govuk-body">"None."</p> }.into_any();
    }
    jobs.into_iter()
        .map(|job| {
            let id = job.id.to_string();
            let rows = vec![
                SummaryListRow::new("Attempts", job.attempts),
                SummaryListRow::new("Created", job.created),
                SummaryListRow::new("Died", job.finished),
                SummaryListRow::new("Last error", job.last_error),
            ];
            view! {
                <div data-testid="dead-job">
                    <h3 class="govuk-heading-s">{format!("Job {id}: {}", job.kind)}</h3>
                    <SummaryList rows=rows/>
                    <Form form=form action=paths::JOBS.href()>
                        <Button
                            content=format!("Retry job {id}")
                            name=Some(JOB.to_owned())
                            value=Some(id.clone())
                            classes="govuk-button--secondary"
                        />
                    </Form>
                </div>
            }
        })
        .collect_view()
        .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_job_id_is_retried() {
        let form = |job: &str| RetryJobForm { job: job.into() }.validate();
        assert_eq!(form(" 42 "), Ok(JobId(42)));
        for bad in ["", "0", "-1", "x"] {
            assert!(form(bad).unwrap_err().get(JOB).is_some(), "{bad}");
        }
    }
}

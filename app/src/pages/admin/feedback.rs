//! `/admin/feedback` (reference §9, other-systems A.6): what people sent through the feedback
//! form between two dates (the last 30 days until an admin chooses), 50 a page, oldest first, and
//! a link to download the same range as a CSV file (`/admin/feedback/export`, answered by the
//! server). Feedback is kept two years: reading it deletes what is older, as the real service
//! does. Searches and downloads are in the audit log.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::admin::paths;
use crate::auth::Audience;
use crate::error::AppError;
use crate::error_page::ServiceProblem;
use crate::form::FieldErrors;
use crate::govuk::{
    Button, DateInput, DateInputItem, ErrorSummary, ErrorSummaryItem, FieldsetOptions,
    LegendOptions, Table, TableCell,
};
use crate::pages::gate::NameFirst;
use crate::paging::{page_count, pager};
use crate::performance::feedback::DateRange;

/// Feedback on a page.
pub const PER_PAGE: u32 = 50;
/// The range shown before an admin chooses one: the last 30 days, today included.
#[cfg(feature = "ssr")]
const DEFAULT_DAYS: i64 = 30;

/// The search as the page's GET form sends it: the two dates' parts, and the page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackSearch {
    pub start_day: String,
    pub start_month: String,
    pub start_year: String,
    pub end_day: String,
    pub end_month: String,
    pub end_year: String,
    pub page: u32,
}

impl FeedbackSearch {
    fn from_query(get: impl Fn(&str) -> Option<String>) -> Self {
        let part = |name: &str| get(name).unwrap_or_default();
        FeedbackSearch {
            start_day: part("start-day"),
            start_month: part("start-month"),
            start_year: part("start-year"),
            end_day: part("end-day"),
            end_month: part("end-month"),
            end_year: part("end-year"),
            page: get("page")
                .and_then(|page| page.parse().ok())
                .unwrap_or(1)
                .max(1),
        }
    }

    fn start(&self) -> [String; 3] {
        [
            self.start_day.clone(),
            self.start_month.clone(),
            self.start_year.clone(),
        ]
    }

    fn end(&self) -> [String; 3] {
        [
            self.end_day.clone(),
            self.end_month.clone(),
            self.end_year.clone(),
        ]
    }

    #[cfg(feature = "ssr")]
    fn is_empty(&self) -> bool {
        self.start()
            .iter()
            .chain(&self.end())
            .all(|part| part.trim().is_empty())
    }

    #[cfg(feature = "ssr")]
    fn range(&self) -> Result<DateRange, FieldErrors> {
        crate::performance::feedback::range_from_parts(
            [&self.start_day, &self.start_month, &self.start_year].map(String::as_str),
            [&self.end_day, &self.end_month, &self.end_year].map(String::as_str),
        )
    }
}

/// The query of `range`'s page `page`, as the form sends it.
fn query_of(range: DateRange, page: u32) -> String {
    let mut href = paths::FEEDBACK.href();
    for (prefix, date) in [("start", range.first()), ("end", range.last())] {
        href = href
            .query(&format!("{prefix}-day"), &date.format("%-d").to_string())
            .query(&format!("{prefix}-month"), &date.format("%-m").to_string())
            .query(&format!("{prefix}-year"), &date.format("%Y").to_string());
    }
    if page > 1 {
        href = href.query("page", &page.to_string());
    }
    href.to_string()
}

/// One piece of feedback as the table shows it (the CSV's columns).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackRow {
    pub received: String,
    pub from: String,
    pub phone: String,
    pub rating: String,
    pub details: String,
    pub page: String,
    pub browser: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum FeedbackResults {
    Invalid(FieldErrors),
    Found {
        range: DateRange,
        rows: Vec<FeedbackRow>,
        total: u64,
        page: u32,
        /// The earliest time still kept, as `6 December 2024`.
        kept_from: String,
    },
}

/// The feedback `search` asks for, for an admin.
#[server(prefix = "/_fn", endpoint = "admin-feedback", input = server_fn::codec::GetUrl)]
pub async fn admin_feedback(search: FeedbackSearch) -> Result<FeedbackResults, AppError> {
    use crate::admin::audit::AuditAction;
    use crate::performance::server::FeedbackStore;

    let admin = crate::auth::ssr::require(Audience::Admins)?;
    let backends = crate::ssr::backends()?;
    let range = if search.is_empty() {
        let today = backends.clock.now().date_naive();
        DateRange::new(today - chrono::Duration::days(DEFAULT_DAYS - 1), today)
            .ok_or_else(|| AppError::internal("an empty default range"))?
    } else {
        match search.range() {
            Ok(range) => range,
            Err(errors) => return Ok(FeedbackResults::Invalid(errors)),
        }
    };
    let store = FeedbackStore::of(&backends);
    let kept_from = store.prune().await?;
    let (entries, total) = store.page(range, search.page, PER_PAGE).await?;
    crate::admin::server::AuditLog::of(&backends)
        .record(
            &admin,
            AuditAction::FeedbackSearched,
            None,
            serde_json::json!({
                "start_date": range.first(),
                "end_date": range.last(),
                "results_count": total,
            }),
        )
        .await?;
    Ok(FeedbackResults::Found {
        range,
        rows: entries
            .iter()
            .map(|entry| {
                let [received, from, phone, rating, details, page, browser] =
                    crate::performance::server::columns(entry);
                FeedbackRow {
                    received,
                    from,
                    phone,
                    rating,
                    details,
                    page,
                    browser,
                }
            })
            .collect(),
        total,
        page: search.page,
        kept_from: crate::dates::long_date(kept_from.date_naive()),
    })
}

#[component]
pub fn AdminFeedback() -> impl IntoView {
    view! {
        <Title text="Feedback"/>
        <NameFirst audience=Audience::Admins>
            <FeedbackContent/>
        </NameFirst>
    }
}

#[component]
fn FeedbackContent() -> impl IntoView {
    let query = use_query_map();
    let search =
        Memo::new(move |_| query.with(|query| FeedbackSearch::from_query(|name| query.get(name))));
    let results = Resource::new_blocking(move || search.get(), admin_feedback);
    view! {
        <h1 class="govuk-heading-l">"Feedback"</h1>
        <Suspense>
            {move || Suspend::new(async move {
                let search = search.get_untracked();
                match results.await {
                    Ok(FeedbackResults::Invalid(errors)) => {
                        let summary: Vec<ErrorSummaryItem> = errors
                            .iter()
                            .map(|e| ErrorSummaryItem::for_field(&e.field, e.message.clone()))
                            .collect();
                        view! {
                            <ErrorSummary title="There is a problem" error_list=summary/>
                            {search_form(&search.start(), &search.end(), &errors)}
                        }
                        .into_any()
                    }
                    Ok(FeedbackResults::Found { range, rows, total, page, kept_from }) => {
                        let parts = |date: chrono::NaiveDate| {
                            [date.format("%-d").to_string(), date.format("%-m").to_string(), date.format("%Y").to_string()]
                        };
                        view! {
                            {search_form(&parts(range.first()), &parts(range.last()), &FieldErrors::new())}
                            {found(range, rows, total, page, kept_from)}
                        }
                        .into_any()
                    }
                    Err(_) => view! { <ServiceProblem/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The GET form choosing the range.
fn search_form(start: &[String; 3], end: &[String; 3], errors: &FieldErrors) -> impl IntoView {
    let date = |prefix: &'static str, legend: &'static str, parts: &[String; 3]| {
        let error = ["day", "month", "year"].iter().find_map(|part| {
            let id = format!("{prefix}-{part}");
            errors.get(&id).map(|message| (id, message.to_owned()))
        });
        let marked = error.as_ref().map(|(id, _)| id.clone());
        let items = ["day", "month", "year"]
            .iter()
            .zip(parts)
            .map(|(part, value)| DateInputItem {
                name: (*part).to_owned(),
                value: Some(value.clone()),
                classes: if *part == "year" {
                    "govuk-input--width-4"
                } else {
                    "govuk-input--width-2"
                }
                .to_owned(),
                error: marked.as_ref().map(|id| *id == format!("{prefix}-{part}")),
                ..Default::default()
            })
            .collect::<Vec<_>>();
        view! {
            <DateInput
                id=prefix
                name_prefix=Some(prefix.to_owned())
                fieldset=Some(FieldsetOptions {
                    legend: Some(LegendOptions {
                        content: legend.to_owned().into(),
                        classes: "govuk-fieldset__legend--s".to_owned(),
                        is_page_heading: false,
                    }),
                    ..Default::default()
                })
                hint=Some("For example, 27 3 2026".into())
                error_message=error.map(|(_, message)| message.into())
                items=items
            />
        }
    };
    view! {
        <form method="get" action=paths::FEEDBACK.href().to_string() novalidate>
            {date("start", "From", start)}
            {date("end", "To", end)}
            <Button content="Show feedback"/>
        </form>
    }
}

/// The feedback found, the pager and the download link.
fn found(
    range: DateRange,
    rows: Vec<FeedbackRow>,
    total: u64,
    page: u32,
    kept_from: String,
) -> impl IntoView {
    let from = crate::dates::long_date(range.first());
    let to = crate::dates::long_date(range.last());
    let export = paths::FEEDBACK_EXPORT
        .href()
        .query("start", &range.first().to_string())
        .query("end", &range.last().to_string())
        .to_string();
    let summary = match total {
        0 => format!("No feedback was received from {from} to {to}."),
        1 => format!("1 piece of feedback was received from {from} to {to}."),
        n => format!("{n} pieces of feedback were received from {from} to {to}."),
    };
    let head: Vec<TableCell> = [
        "Received (UTC)",
        "From",
        "Phone number",
        "Rating",
        "Details",
        "Page",
        "Browser",
    ]
    .into_iter()
    .map(TableCell::from)
    .collect();
    let table_rows: Vec<Vec<TableCell>> = rows
        .into_iter()
        .map(|row| {
            vec![
                row.received,
                row.from,
                row.phone,
                row.rating,
                row.details,
                row.page,
                row.browser,
            ]
            .into_iter()
            .map(TableCell::from)
            .collect()
        })
        .collect();
    let pages = page_count(total, PER_PAGE);
    view! {
        <p class="govuk-body" role="status">{summary}</p>
        <p class="govuk-body">{format!("Feedback is kept for two years: the earliest kept is from {kept_from}.")}</p>
        {(total > 0).then(|| view! {
            <p class="govuk-body">
                <a class="govuk-link" href=export download>"Download this feedback (CSV)"</a>
            </p>
            <div class="app-table-scroll" tabindex="0" role="region" aria-label="Feedback received">
                <Table caption="Feedback received" caption_classes="govuk-visually-hidden" head=head rows=table_rows classes="app-table--small"/>
            </div>
        })}
        {pager(page.min(pages), pages, move |page| query_of(range, page))}
    }
}

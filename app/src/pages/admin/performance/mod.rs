//! `/admin/performance`: the monthly figures worked out so far, and sending a month to be worked
//! out again (the `perfplat.month` job, which replaces its figures). Each send is in the audit
//! log. OPG's all-channel counts are entered on `all_channels`.
pub mod all_channels;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::admin::paths;
use crate::auth::Audience;
use crate::error::AppError;
use crate::error_page::ServiceProblem;
use crate::form::{use_form, FieldErrors, Form, FormErrorSummary, FormInput};
use crate::govuk::{
    Button, LabelOptions, NotificationBanner, NotificationBannerType, Select, SelectItem, Table,
    TableCell,
};
use crate::pages::gate::NameFirst;
use crate::performance::figures::{Month, PublishedMonth};

pub const MONTH: &str = "month";
pub const MONTH_MISSING: &str = "Select a month";
pub const MONTH_NOT_ENDED: &str = "Select a month that has ended";
/// How many ended months an admin may choose from.
pub const MONTHS_OFFERED: usize = 36;

/// What the page shows: the months worked out (oldest first), and the months that have ended,
/// latest first, to choose from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PerformanceOverview {
    pub months: Vec<PublishedMonth>,
    pub ended: Vec<Month>,
}

/// The latest `count` months that ended before `today`'s, latest first.
pub fn ended_months(today: chrono::NaiveDate, count: usize) -> Vec<Month> {
    std::iter::successors(Month::of(today).previous(), |month| month.previous())
        .take(count)
        .collect()
}

/// The figures and the months to choose from, for an admin.
#[server(prefix = "/_fn", endpoint = "admin-performance", input = server_fn::codec::GetUrl)]
pub async fn admin_performance() -> Result<PerformanceOverview, AppError> {
    let ended = admin_ended_months().await?;
    let backends = crate::ssr::backends()?;
    let months = crate::performance::server::MonthlyFigures::of(&backends)
        .recent(MONTHS_OFFERED as u32)
        .await?;
    Ok(PerformanceOverview { months, ended })
}

/// The months an admin may choose from, by the service's clock: the latest ended, first.
#[server(prefix = "/_fn", endpoint = "admin-ended-months", input = server_fn::codec::GetUrl)]
pub async fn admin_ended_months() -> Result<Vec<Month>, AppError> {
    crate::auth::ssr::require(Audience::Admins)?;
    let backends = crate::ssr::backends()?;
    Ok(ended_months(
        backends.clock.now().date_naive(),
        MONTHS_OFFERED,
    ))
}

/// `month`, if it has ended by the service's clock; otherwise the month question's error.
#[cfg(feature = "ssr")]
pub fn ended(
    month: Month,
    context: &crate::form::ActionContext,
) -> Result<Month, crate::form::FormFailure> {
    if month >= Month::of(context.backends.clock.now().date_naive()) {
        return Err(crate::form::FormFailure::field(MONTH, MONTH_NOT_ENDED));
    }
    Ok(month)
}

/// Sending a month to be worked out again.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WorkOutAgainForm {
    #[serde(default)]
    pub month: String,
}

/// The month chosen on a form: `YYYY-MM`.
pub fn chosen_month(value: &str, errors: &mut FieldErrors) -> Option<Month> {
    let month = Month::parse(value.trim());
    if month.is_none() {
        errors.add(MONTH, MONTH_MISSING);
    }
    month
}

impl FormInput for WorkOutAgainForm {
    type Valid = Month;

    fn validate(&self) -> Result<Month, FieldErrors> {
        let mut errors = FieldErrors::new();
        chosen_month(&self.month, &mut errors).ok_or(errors)
    }
}

impl crate::form::FormAction for WorkOutAgainForm {
    #[cfg(feature = "ssr")]
    async fn perform(
        month: Month,
        context: crate::form::ActionContext,
    ) -> Result<crate::form::Submitted, crate::form::FormFailure> {
        use crate::admin::audit::AuditAction;

        let admin = context.require(Audience::Admins)?;
        let month = ended(month, &context)?;
        let sent = crate::performance::server::jobs::send_month(&context.backends.jobs, month)
            .await
            .map_err(AppError::internal)?;
        crate::admin::server::AuditLog::of(&context.backends)
            .record(
                &admin,
                AuditAction::MonthWorkedOutAgain,
                Some(&month.key()),
                serde_json::json!({ "job": sent.id() }),
            )
            .await?;
        Ok(crate::form::Submitted::redirect(
            paths::PERFORMANCE.href().query("sent", &month.key()),
        ))
    }
}

/// The months to choose from, the one chosen (if any) selected.
pub fn month_items(ended: &[Month]) -> Vec<SelectItem> {
    std::iter::once(SelectItem {
        value: Some(String::new()),
        text: "Choose a month".into(),
        ..Default::default()
    })
    .chain(ended.iter().map(|month| SelectItem {
        value: Some(month.key()),
        text: month.label(),
        ..Default::default()
    }))
    .collect()
}

/// The "Month" question both forms ask: `chosen` as sent, with its error if it has one.
pub fn month_select(
    items: Vec<SelectItem>,
    chosen: String,
    error: Option<crate::govuk::ErrorMessageOptions>,
) -> impl IntoView {
    view! {
        <Select
            name=MONTH
            id=Some(MONTH.to_owned())
            label=LabelOptions::from("Month")
            items=items
            value=Some(chosen)
            error_message=error
        />
    }
}

#[component]
pub fn PerformanceAdmin() -> impl IntoView {
    view! {
        <Title text="Monthly figures"/>
        <NameFirst audience=Audience::Admins>
            <Overview/>
        </NameFirst>
    }
}

#[component]
fn Overview() -> impl IntoView {
    let query = use_query_map();
    let outcome = Memo::new(move |_| {
        query.with(|query| {
            let sent = query
                .get("sent")
                .and_then(|key| Month::parse(&key))
                .map(|month| {
                    format!(
                        "The figures for {} will be worked out again in a moment.",
                        month.label()
                    )
                });
            let entered = query
                .get("entered")
                .and_then(|key| Month::parse(&key))
                .map(|month| {
                    format!(
                        "The count of applications received by any channel in {} is saved.",
                        month.label()
                    )
                });
            sent.or(entered)
        })
    });
    let overview = Resource::new_blocking(move || outcome.get(), |_| admin_performance());
    view! {
        {move || outcome.get().map(|text| view! {
            <NotificationBanner
                banner_type=NotificationBannerType::Success
                title_id=Some("performance-outcome".into())
                content=Some(text.into())
            />
        })}
        <h1 class="govuk-heading-l">"Monthly figures"</h1>
        <p class="govuk-body">
            "Each month\u{2019}s figures are worked out at 01:00 on the 1st of the next month and "
            "published on "
            <a class="govuk-link" href=crate::performance::paths::STATS.href().to_string()>"LPA statistics"</a>
            "."
        </p>
        <Suspense>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(overview) => view! { <OverviewContent overview=overview/> }.into_any(),
                    Err(_) => view! { <ServiceProblem/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn OverviewContent(overview: PerformanceOverview) -> impl IntoView {
    let form = use_form::<WorkOutAgainForm>();
    let head: Vec<TableCell> = vec![
        "Month".into(),
        TableCell::numeric("Started"),
        TableCell::numeric("Completed"),
        TableCell::numeric("Completion rate"),
        TableCell::numeric("Satisfaction"),
        TableCell::numeric("Digital take-up"),
        "Worked out".into(),
    ];
    let not_known = |percent: Option<crate::performance::figures::Percent>| {
        TableCell::numeric(percent.map_or_else(|| "Not known".to_owned(), |p| p.to_string()))
    };
    let rows: Vec<Vec<TableCell>> = overview
        .months
        .iter()
        .rev()
        .map(|month| {
            let figures = &month.figures;
            vec![
                figures.month.label().into(),
                TableCell::numeric(figures.started.to_string()),
                TableCell::numeric(figures.completed.to_string()),
                not_known(figures.completion_rate()),
                not_known(figures.satisfaction()),
                not_known(month.digital_take_up()),
                figures
                    .generated_at
                    .format("%-d %B %Y at %H:%M UTC")
                    .to_string()
                    .into(),
            ]
        })
        .collect();
    let items = month_items(&overview.ended);
    view! {
        {if rows.is_empty() {
            view! { <p class="govuk-body">"No month has been worked out yet."</p> }.into_any()
        } else {
            view! {
                <Table
                    caption="Months worked out, latest first"
                    caption_classes="govuk-table__caption--m"
                    head=head
                    rows=rows
                    first_cell_is_header=true
                    classes="app-table--small"
                />
            }.into_any()
        }}
        <FormErrorSummary form=form/>
        <h2 class="govuk-heading-m">"Work out a month again"</h2>
        <p class="govuk-body">
            "Its figures are counted again from what the service holds now and replace the ones \
             published."
        </p>
        <Form form=form action=paths::PERFORMANCE.href()>
            {move || month_select(
                items.clone(),
                form.input.with(|input| input.month.clone()),
                form.error(MONTH),
            )}
            <Button content="Work out again"/>
        </Form>
        <p class="govuk-body">
            <a class="govuk-link" href=paths::ALL_CHANNELS.href().to_string()>
                "Enter applications received by any channel"
            </a>
        </p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_months_offered_have_ended() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 15).unwrap();
        let months = ended_months(today, 3);
        let keys: Vec<String> = months.iter().map(|m| m.key()).collect();
        assert_eq!(keys, ["2025-12", "2025-11", "2025-10"]);
    }

    #[test]
    fn a_month_must_be_chosen() {
        let form = |month: &str| WorkOutAgainForm {
            month: month.into(),
        };
        assert_eq!(
            form("2026-11").validate(),
            Ok(Month::new(2026, 11).unwrap())
        );
        for bad in ["", "November", "2026-13"] {
            let errors = form(bad).validate().unwrap_err();
            assert_eq!(errors.get(MONTH), Some(MONTH_MISSING), "{bad}");
        }
    }
}

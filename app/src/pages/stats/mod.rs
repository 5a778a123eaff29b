//! `/stats` (other-systems A.7, and the three measures A.2 was to publish): the performance
//! platform's monthly figures for anyone to read. Charts drawn on the server as SVG (no
//! JavaScript needed; hydrated, a bar shows its figure on hover) and the same figures in tables;
//! `/stats.json` and `/stats.csv` (the server's, `server/src/http/stats.rs`) publish them as data.
pub mod chart;

use leptos::prelude::*;
use leptos_meta::Title;

use self::chart::{key_markup, Chart, Series};
use crate::error::AppError;
use crate::error_page::ServiceProblem;
use crate::govuk::{Table, TableCell};
use crate::lpa::events::Registering;
use crate::lpa::who_are_you::WhoAreYou;
use crate::performance::figures::{definition, Percent, PublishedMonth};
use crate::performance::paths;

/// How many months the page, its JSON and its CSV show: the latest year.
pub const MONTHS_SHOWN: u32 = 12;

/// The latest months' figures, oldest first.
#[server(prefix = "/_fn", endpoint = "stats", input = server_fn::codec::GetUrl)]
pub async fn published_months() -> Result<Vec<PublishedMonth>, AppError> {
    let backends = crate::ssr::backends()?;
    Ok(crate::performance::server::MonthlyFigures::of(&backends)
        .recent(MONTHS_SHOWN)
        .await?)
}

#[component]
pub fn Stats() -> impl IntoView {
    let months = Resource::new_blocking(|| (), |_| published_months());
    view! {
        <Title text="LPA statistics"/>
        <span class="govuk-caption-xl">"Make a lasting power of attorney"</span>
        <h1 class="govuk-heading-xl">"LPA statistics"</h1>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <p class="govuk-body">
                    "How the service is used, month by month. Each month\u{2019}s figures are \
                     worked out after it ends and include no personal data."
                </p>
                <p class="govuk-body">
                    "Download the figures: "
                    <a class="govuk-link" href=paths::STATS_CSV.href().to_string()>"CSV"</a>
                    " or "
                    <a class="govuk-link" href=paths::STATS_JSON.href().to_string()>"JSON"</a>
                    "."
                </p>
            </div>
        </div>
        <Suspense>
            {move || Suspend::new(async move {
                match months.await {
                    Ok(months) if months.is_empty() => view! {
                        <p class="govuk-body">"No figures have been published yet."</p>
                    }.into_any(),
                    Ok(months) => view! { <Figures months=months/> }.into_any(),
                    Err(_) => view! { <ServiceProblem/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn percent_cell(percent: Option<Percent>) -> TableCell {
    TableCell::numeric(percent.map_or_else(|| "Not known".to_owned(), |p| p.to_string()))
}

fn count_cell(count: u64) -> TableCell {
    TableCell::numeric(count.to_string())
}

#[component]
fn Figures(months: Vec<PublishedMonth>) -> impl IntoView {
    let labels: Vec<String> = months
        .iter()
        .map(|m| m.figures.month.short_label())
        .collect();
    let measure = |pick: &dyn Fn(&PublishedMonth) -> Option<Percent>| -> Vec<Option<f64>> {
        months
            .iter()
            .map(|m| pick(m).map(Percent::rounded))
            .collect()
    };
    let completion = measure(&|m| m.figures.completion_rate());
    let satisfaction = measure(&|m| m.figures.satisfaction());
    let take_up = measure(&|m| m.digital_take_up());
    let counts = |pick: fn(&PublishedMonth) -> u64| -> Vec<Option<f64>> {
        months.iter().map(|m| Some(pick(m) as f64)).collect()
    };
    let journey = vec![
        Series {
            name: "LPAs started",
            modifier: "started",
            values: counts(|m| m.figures.started),
        },
        Series {
            name: "LPAs created",
            modifier: "created",
            values: counts(|m| m.figures.created),
        },
        Series {
            name: "LPAs completed",
            modifier: "completed",
            values: counts(|m| m.figures.completed),
        },
    ];
    let journey_key = key_markup(&journey);
    let one = |name: &'static str, modifier: &'static str, values: Vec<Option<f64>>| {
        vec![Series {
            name,
            modifier,
            values,
        }]
    };
    let charts = [
        (
            "completion-rate",
            "Completion rate",
            definition::COMPLETION_RATE,
            Chart {
                id: "completion-rate-chart",
                title: "Completion rate by month",
                description: "Bar chart. The figures are in the table of monthly figures.",
                labels: &labels,
                series: one("completion rate", "measure", completion),
                percentages: true,
            }
            .to_svg(),
        ),
        (
            "user-satisfaction",
            "User satisfaction",
            definition::SATISFACTION,
            Chart {
                id: "satisfaction-chart",
                title: "User satisfaction by month",
                description: "Bar chart. The figures are in the table of monthly figures.",
                labels: &labels,
                series: one("satisfied", "measure", satisfaction),
                percentages: true,
            }
            .to_svg(),
        ),
        (
            "digital-take-up",
            "Digital take-up",
            definition::DIGITAL_TAKE_UP,
            Chart {
                id: "take-up-chart",
                title: "Digital take-up by month",
                description: "Bar chart. The figures are in the table of monthly figures; a \
                              month without a bar has no count for every channel yet.",
                labels: &labels,
                series: one("digital take-up", "measure", take_up),
                percentages: true,
            }
            .to_svg(),
        ),
    ];
    let journey_chart = Chart {
        id: "journey-chart",
        title: "LPAs started, created and completed by month",
        description: "Bar chart of three series. The figures are in the table of monthly figures.",
        labels: &labels,
        series: journey,
        percentages: false,
    }
    .to_svg();

    let head: Vec<TableCell> = vec![
        "Month".into(),
        TableCell::numeric("LPAs started"),
        TableCell::numeric("Reached \u{201c}who is applying\u{201d}"),
        TableCell::numeric("LPAs created"),
        TableCell::numeric("LPAs completed"),
        TableCell::numeric("Completion rate"),
        TableCell::numeric("Ratings"),
        TableCell::numeric("User satisfaction"),
        TableCell::numeric("Received from this service"),
        TableCell::numeric("Received by any channel"),
        TableCell::numeric("Digital take-up"),
    ];
    let rows: Vec<Vec<TableCell>> = months
        .iter()
        .rev()
        .map(|m| {
            let f = &m.figures;
            vec![
                f.month.label().into(),
                count_cell(f.started),
                count_cell(f.reached_applicant),
                count_cell(f.created),
                count_cell(f.completed),
                percent_cell(f.completion_rate()),
                count_cell(f.ratings.total()),
                percent_cell(f.satisfaction()),
                count_cell(f.received_digitally),
                TableCell::numeric(
                    m.received_all_channels
                        .map_or_else(|| "Not known".to_owned(), |n| n.to_string()),
                ),
                percent_cell(m.digital_take_up()),
            ]
        })
        .collect();

    let registering_head: Vec<TableCell> = std::iter::once("Month".into())
        .chain(Registering::ALL.map(|r| TableCell::numeric(r.label())))
        .chain(std::iter::once(TableCell::numeric("Not recorded")))
        .collect();
    let registering_rows: Vec<Vec<TableCell>> = months
        .iter()
        .rev()
        .map(|m| {
            let f = &m.figures;
            let recorded = f.registering.total();
            std::iter::once(f.month.label().into())
                .chain(Registering::ALL.map(|r| count_cell(f.registering.get(r))))
                .chain(std::iter::once(count_cell(
                    f.completed.saturating_sub(recorded),
                )))
                .collect()
        })
        .collect();

    let latest = months
        .last()
        .map(|m| m.figures.month.label())
        .unwrap_or_default();
    let who_head: Vec<TableCell> = vec![
        "Who was using the service".into(),
        TableCell::numeric(latest),
        TableCell::numeric(format!("All {} months shown", months.len())),
    ];
    let who_rows: Vec<Vec<TableCell>> = WhoAreYou::ALL
        .into_iter()
        .map(|who| {
            let all: u64 = months.iter().map(|m| m.figures.who_are_you.get(who)).sum();
            let last = months.last().map_or(0, |m| m.figures.who_are_you.get(who));
            vec![who.short_label().into(), count_cell(last), count_cell(all)]
        })
        .collect();

    view! {
        {charts
            .into_iter()
            .map(|(id, heading, about, svg)| view! {
                <h2 class="govuk-heading-l" id=id>{heading}</h2>
                <p class="govuk-body app-measure-definition">{about}</p>
                <ChartFrame svg=svg/>
            })
            .collect_view()}
        <h2 class="govuk-heading-l" id="journey">"LPAs started, created and completed"</h2>
        <div inner_html=journey_key></div>
        <ChartFrame svg=journey_chart/>
        <h2 class="govuk-heading-l" id="monthly-figures">"Monthly figures"</h2>
        <div class="app-table-scroll" tabindex="0" role="region" aria-label="Monthly figures">
            <Table
                caption="Monthly figures, latest first"
                caption_classes="govuk-visually-hidden"
                head=head
                rows=rows
                first_cell_is_header=true
                classes="app-table--small"
            />
        </div>
        <h2 class="govuk-heading-l" id="who-is-applying">"Who is applying to register"</h2>
        <p class="govuk-body">"Who applied to register the LPAs completed each month."</p>
        <Table
            caption="Who is applying to register, latest month first"
            caption_classes="govuk-visually-hidden"
            head=registering_head
            rows=registering_rows
            first_cell_is_header=true
        />
        <h2 class="govuk-heading-l" id="who-used-the-service">"Who used the service"</h2>
        <p class="govuk-body">
            "Answers to the optional question \u{201c}Who was using the service?\u{201d} asked \
             after payment."
        </p>
        <Table
            caption="Who used the service"
            caption_classes="govuk-visually-hidden"
            head=who_head
            rows=who_rows
            first_cell_is_header=true
        />
    }
}

/// Where a tooltip is drawn: over the bar's middle, at its top.
#[derive(Clone, Debug, PartialEq)]
struct Tip {
    text: String,
    x: f64,
    y: f64,
}

/// A chart's markup, and once hydrated a tooltip over the bar the pointer is on (drawn on a
/// second SVG laid over the first with the same coordinates).
#[component]
fn ChartFrame(svg: String) -> impl IntoView {
    let tip = RwSignal::new(None::<Tip>);
    let show = move |event: leptos::ev::MouseEvent| {
        #[cfg(feature = "hydrate")]
        {
            use leptos::wasm_bindgen::JsCast;
            let bar = event
                .target()
                .and_then(|target| target.dyn_into::<web_sys::Element>().ok());
            let read = |bar: &web_sys::Element| {
                let number = |name: &str| bar.get_attribute(name)?.parse::<f64>().ok();
                Some(Tip {
                    text: bar.get_attribute("data-tip")?,
                    x: number("data-x")?,
                    y: number("data-y")?,
                })
            };
            tip.set(bar.as_ref().and_then(read));
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = event;
    };
    let tooltip = move || {
        tip.get().map(|Tip { text, x, y }| {
            // Arial at 14 units is about 7.5 units a character.
            let width = text.chars().count() as f64 * 7.5 + 16.0;
            let left = (x - width / 2.0).clamp(0.0, chart::WIDTH - width);
            let top = (y - 34.0).max(0.0);
            view! {
                <svg class="app-chart__overlay" viewBox=format!("0 0 {} {}", chart::WIDTH, chart::HEIGHT) aria-hidden="true">
                    <g class="app-chart__tooltip" transform=format!("translate({left:.1} {top:.1})")>
                        <rect width=format!("{width:.1}") height="26" rx="2"></rect>
                        <text x=format!("{:.1}", width / 2.0) y="18" text-anchor="middle">{text}</text>
                    </g>
                </svg>
            }
        })
    };
    view! {
        <div class="app-chart-frame" on:mouseover=show on:mouseleave=move |_| tip.set(None)>
            <div inner_html=svg></div>
            {tooltip}
        </div>
    }
}

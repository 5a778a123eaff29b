//! `/user/dashboard` (and `/user/dashboard/page/{n}`): where signing in leads. The account's LPAs
//! (reference §6): 50 a page, the latest changed first, grouped by type; a search by reference or
//! the donor's name; each with its status and what can be done with it (continue or view, check
//! the signing dates, reuse its details, delete); when the account last signed in. Someone with no
//! LPAs goes straight to making one.
use chrono::{DateTime, NaiveDate, Utc};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_location, use_query_map};
use serde::{Deserialize, Serialize};

use crate::account::paths as account_paths;
use crate::auth::{redirect_to, Audience};
use crate::error::AppError;
use crate::error_page::AppErrorContent;
use crate::govuk::{
    tag_markup, Button, ErrorMessageOptions, Input, NotificationBanner, NotificationBannerType,
    SummaryCard, SummaryList, SummaryListAction, SummaryListActions, SummaryListRow, TagColour,
};
use crate::lpa::dashboard::{LpaListed, PER_PAGE};
use crate::lpa::flow::Page;
use crate::lpa::model::{LpaId, LpaType};
use crate::lpa::paths as lpa_paths;
use crate::lpa::tracking::{ShownStatus, StatusChanged, TrackedStatus};
use crate::pages::gate::NameFirst;
use crate::paging::{page_count, pager};

pub mod confirm_delete_lpa;
pub mod create;
pub mod new_terms;

/// One page of the dashboard.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DashboardPage {
    pub lpas: Vec<LpaListed>,
    /// How many LPAs match, on every page.
    pub total: u64,
    pub page: u32,
    /// Why the search could not be used, if it could not.
    pub search_error: Option<String>,
    /// The sign-in before this one.
    pub last_signed_in: Option<DateTime<Utc>>,
    /// LPAs completed from this day on are tracked through Sirius.
    pub track_from: NaiveDate,
}

/// Page `page` of the LPAs of the person signed in that match `search`, the latest changed first.
/// Asked by the browser after a client-side navigation; a dashboard the server renders was loaded
/// before rendering ([`LoadedDashboard`]).
#[server(prefix = "/_fn", endpoint = "your-lpas", input = server_fn::codec::GetUrl)]
pub async fn your_lpas(page: u32, search: String) -> Result<DashboardPage, AppError> {
    let user = crate::auth::ssr::require(Audience::SignedIn)?;
    let backends = use_context::<backends::Backends>()
        .ok_or_else(|| AppError::internal("no backends in context"))?;
    let settings = crate::lpa::server::LpaSettings::current()?;
    load_dashboard(&backends, &user, page, &search, settings.track_from).await
}

/// Asks Sirius where the signed-in person's in-flight LPAs among `ids` (comma-separated numbers)
/// have got to, stores what changed, and answers each one's status (as the real dashboard's
/// `statuses/{ids}`). Asked once by a hydrated dashboard; ids that are not the person's, or not
/// in flight, are left out.
#[server(prefix = "/_fn", endpoint = "dashboard-statuses", input = server_fn::codec::GetUrl)]
pub async fn dashboard_statuses(ids: String) -> Result<CheckedStatuses, AppError> {
    let user = crate::auth::ssr::require(Audience::SignedIn)?;
    let backends = use_context::<backends::Backends>()
        .ok_or_else(|| AppError::internal("no backends in context"))?;
    let settings = crate::lpa::server::LpaSettings::current()?;
    let ids: Vec<LpaId> = ids
        .split(',')
        .filter_map(|id| id.trim().parse().ok().and_then(LpaId::new))
        // At most a page of the dashboard.
        .take(crate::lpa::dashboard::PER_PAGE as usize)
        .collect();
    let services = crate::services::current()?;
    if !services
        .allowances
        .take(crate::allowance::Costly::StatusCheck, &user.id)
    {
        // Sirius is not asked: the page keeps the statuses it was drawn with, and says so.
        return Ok(CheckedStatuses {
            statuses: Vec::new(),
            all_checked: false,
        });
    }
    let in_flight = crate::lpa::server::Lpas::of(&backends)
        .in_flight_of(&user.id, &ids, settings.track_from)
        .await?;
    let refreshed = crate::lpa::server::tracking::refresh(&backends, in_flight).await?;
    Ok(CheckedStatuses {
        all_checked: refreshed.iter().all(|refreshed| refreshed.error.is_none()),
        statuses: refreshed
            .into_iter()
            .map(|refreshed| StatusChanged {
                id: refreshed.id,
                status: refreshed.status,
            })
            .collect(),
    })
}

/// The statuses [`dashboard_statuses`] found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckedStatuses {
    pub statuses: Vec<StatusChanged>,
    /// Whether Sirius answered about every one (if not, the others are as last stored).
    pub all_checked: bool,
}

/// Shown when Sirius could not be asked about every LPA on the page.
pub const NOT_CHECKED: &str =
    "We could not check for news of every LPA just now, so a status may be out of date. Try again later.";

/// `user`'s dashboard page `page` with `search` (see [`your_lpas`]).
#[cfg(feature = "ssr")]
pub async fn load_dashboard(
    backends: &backends::Backends,
    user: &crate::account::server::User,
    page: u32,
    search: &str,
    track_from: NaiveDate,
) -> Result<DashboardPage, AppError> {
    let (search, search_error) = match crate::lpa::dashboard::LpaSearch::parse(search) {
        Ok(search) => (search, None),
        Err(message) => (None, Some(message.to_owned())),
    };
    let page = page.max(1);
    let (lpas, total) = crate::lpa::server::Lpas::of(backends)
        .list_page(&user.id, search.as_ref(), page)
        .await?;
    Ok(DashboardPage {
        lpas,
        total,
        page,
        search_error,
        last_signed_in: user.previous_login_at,
        track_from,
    })
}

/// The dashboard page at `path` with `search`, for a GET the server is about to render (by the
/// pages' middleware, `server/src/http/lpa_pages.rs`), so it is drawn at once rather than through
/// a resource and a suspense boundary, and sent with the page for hydration.
#[cfg(feature = "ssr")]
#[derive(Clone, Debug)]
pub struct LoadedDashboard {
    pub page: u32,
    pub search: String,
    pub found: Result<DashboardPage, AppError>,
}

/// The page number a dashboard path shows: 1 for `/user/dashboard`, `n` for `…/page/{n}`.
pub fn page_number(path: &str) -> Option<u32> {
    if account_paths::DASHBOARD.matches(path) {
        return Some(1);
    }
    account_paths::DASHBOARD_PAGE
        .parse(path)
        .and_then(|page| u32::try_from(page).ok())
}

/// The dashboard loaded for the request being rendered, if it is this page with this search. In
/// the browser, none: after a client-side navigation the page asks [`your_lpas`].
fn loaded_for_request(page: u32, search: &str) -> Option<Result<DashboardPage, AppError>> {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<LoadedDashboard>().cloned())
            .filter(|loaded| loaded.page == page && loaded.search == search)
            .map(|loaded| loaded.found)
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = (page, search);
        None
    }
}

#[component]
pub fn Dashboard() -> impl IntoView {
    view! {
        <Title text="Your LPAs"/>
        <NameFirst audience=Audience::SignedIn>
            <DashboardContent/>
        </NameFirst>
    }
}

/// The tag's colour for each status.
fn status_colour(status: ShownStatus) -> TagColour {
    match status {
        ShownStatus::Started => TagColour::Grey,
        ShownStatus::Created => TagColour::Blue,
        ShownStatus::Completed | ShownStatus::Tracked(TrackedStatus::Processed) => TagColour::Green,
        ShownStatus::Tracked(TrackedStatus::Waiting) => TagColour::Yellow,
        ShownStatus::Tracked(TrackedStatus::Received) => TagColour::Purple,
        ShownStatus::Tracked(TrackedStatus::Checking) => TagColour::Teal,
    }
}

/// The status tag; for an LPA Sirius may say more of, inside the element a hydrated dashboard
/// replaces when it does (`data-refresh-id`, as the real dashboard marks them).
fn status_markup(id: LpaId, status: ShownStatus) -> crate::govuk::TrustedHtml {
    let tag = tag_markup(status.label(), status_colour(status));
    if status.in_flight() {
        crate::govuk::TrustedHtml::from_trusted(format!(
            "<span data-refresh-id=\"{}\">{}</span>",
            id.get(),
            tag.into_string()
        ))
    } else {
        tag
    }
}

fn card(lpa: &LpaListed, track_from: NaiveDate) -> impl IntoView {
    let title = lpa
        .donor
        .clone()
        .unwrap_or_else(|| "Donor not added yet".to_owned());
    let status = lpa.status(track_from);
    let rows = vec![
        SummaryListRow::new("Reference", lpa.id.a_reference()),
        SummaryListRow::new("Status", status_markup(lpa.id, status)),
        SummaryListRow::new(
            "Last changed",
            crate::dates::long_date(lpa.updated_at.date_naive()),
        ),
    ];
    let open = if lpa.progress == crate::lpa::model::Progress::Completed {
        "View LPA"
    } else {
        "Continue"
    };
    let whose = lpa.donor.clone().unwrap_or_else(|| lpa.id.a_reference());
    let mut actions = vec![SummaryListAction::new(
        lpa_paths::LPA.to(lpa.id).to_string(),
        open,
        format!("LPA for {whose}"),
    )];
    if status.has_message() {
        actions.push(SummaryListAction::new(
            lpa_paths::STATUS.to(lpa.id).to_string(),
            format!("View {} message", status.label().to_lowercase()),
            format!("for the LPA for {whose}"),
        ));
    }
    if lpa.reusable {
        actions.push(SummaryListAction::new(
            lpa_paths::href(lpa.id, Page::DateCheck).to_string(),
            "Check signing dates",
            format!("of the LPA for {whose}"),
        ));
        actions.push(SummaryListAction::new(
            lpa_paths::REUSE_LPA.to(lpa.id).to_string(),
            "Reuse LPA details",
            format!("of the LPA for {whose}"),
        ));
    }
    actions.push(SummaryListAction::new(
        lpa_paths::CONFIRM_DELETE_LPA.to(lpa.id).to_string(),
        "Delete LPA",
        format!("for {whose}"),
    ));
    let card = SummaryCard {
        title: Some(title.into()),
        actions: SummaryListActions {
            items: actions,
            classes: String::new(),
        },
        ..Default::default()
    };
    view! { <SummaryList rows=rows card=Some(card)/> }
}

/// The page number of the current URL (1 for `/user/dashboard`).
fn current_page_number() -> u32 {
    page_number(&use_location().pathname.get_untracked()).unwrap_or(1)
}

/// The URL of page `page`, keeping the search.
fn page_href(page: u32, search: &str) -> String {
    let base = if page <= 1 {
        account_paths::DASHBOARD.href()
    } else {
        account_paths::DASHBOARD_PAGE.to(page as usize)
    };
    if search.is_empty() {
        base.to_string()
    } else {
        base.query("search", search).to_string()
    }
}

/// The LPAs grouped by type, in the order they came (latest changed first).
fn grouped(lpas: &[LpaListed], track_from: NaiveDate) -> impl IntoView {
    let groups = [
        (
            Some(LpaType::PropertyAndFinancial),
            "Property and financial affairs",
        ),
        (Some(LpaType::HealthAndWelfare), "Health and welfare"),
        (None, "Type not chosen yet"),
    ];
    groups
        .into_iter()
        .filter_map(|(lpa_type, heading)| {
            let group: Vec<&LpaListed> = lpas.iter().filter(|l| l.lpa_type == lpa_type).collect();
            (!group.is_empty()).then(|| {
                view! {
                    <h2 class="govuk-heading-m">{heading}</h2>
                    {group.into_iter().map(|lpa| card(lpa, track_from)).collect_view()}
                }
            })
        })
        .collect_view()
}

fn pagination(page: u32, pages: u32, search: &str) -> impl IntoView {
    let search = search.to_owned();
    pager(page, pages, move |number| page_href(number, &search))
}

/// The search form: a GET form, so results have their own URL.
fn search_form(search: String, error: Option<String>) -> impl IntoView {
    view! {
        <form method="get" action=account_paths::DASHBOARD.href().to_string() novalidate>
            <Input
                name="search"
                id=Some("search".into())
                label="Search your LPAs"
                hint=Some("Enter an LPA reference, or at least 3 letters of the donor’s name".into())
                value=Some(search)
                error_message=error.map(ErrorMessageOptions::from)
                classes="govuk-!-width-two-thirds"
                spellcheck=Some(false)
            />
            <Button content="Search" classes="govuk-button--secondary"/>
        </form>
    }
}

/// The list, or (no LPAs, no search, and nothing just done to say) on to making the first.
#[component]
fn YourLpas(just_saved: bool) -> impl IntoView {
    let page = current_page_number();
    let search = use_query_map()
        .with_untracked(|query| query.get("search"))
        .unwrap_or_default();
    let asked = search.clone();
    let shown = StoredValue::new(search.clone());
    crate::sent_with_page::draw_sent_or_asked(
        move || loaded_for_request(page, &search),
        move || your_lpas(page, asked.clone()),
        move |found| draw_found(found, shown.get_value(), just_saved),
    )
}

/// The dashboard as found: the page of LPAs with its search and pages, or the error.
fn draw_found(found: Result<DashboardPage, AppError>, search: String, just_saved: bool) -> AnyView {
    match found {
        Ok(found) if found.total == 0 && search.is_empty() && !just_saved => {
            redirect_to(&lpa_paths::NEW_LPA.href().to_string());
            ().into_any()
        }
        Ok(found) => {
            let pages = page_count(found.total, PER_PAGE);
            let in_flight: Vec<LpaId> = found
                .lpas
                .iter()
                .filter(|lpa| lpa.status(found.track_from).in_flight())
                .map(|lpa| lpa.id)
                .collect();
            let last = found
                .last_signed_in
                .map(|at| crate::dates::shown_time(&at.to_rfc3339()));
            let summary = if search.is_empty() || found.search_error.is_some() {
                None
            } else {
                Some(match found.total {
                    0 => format!("No LPAs match ‘{search}’."),
                    1 => format!("1 LPA matches ‘{search}’."),
                    n => format!("{n} LPAs match ‘{search}’."),
                })
            };
            view! {
                {last.map(|at| view! { <p class="govuk-body-s">{format!("Last signed in {at}")}</p> })}
                <Button content="Make a new LPA" href=Some(lpa_paths::NEW_LPA.href().to_string())/>
                {search_form(search.clone(), found.search_error.clone())}
                {summary.map(|text| view! {
                    <p class="govuk-body" role="status">{text}" "
                        <a class="govuk-link" href=account_paths::DASHBOARD.href().to_string()>"Show all your LPAs"</a>
                    </p>
                })}
                {grouped(&found.lpas, found.track_from)}
                {pagination(found.page, pages, &search)}
                <LiveStatuses in_flight=in_flight/>
            }
            .into_any()
        }
        Err(error) => view! { <AppErrorContent error=error/> }.into_any(),
    }
}

#[component]
fn DashboardContent() -> impl IntoView {
    let saved = move || {
        use_query_map().with(|q| match q.get("saved").as_deref() {
            Some("details") => Some("Your details have been saved"),
            Some("password") => Some("Your password has been changed"),
            Some("kept-open") => Some("Your account will stay open for another 9 months"),
            Some("email-link") => {
                Some("We’ve sent a link to your new email address. Open it to finish the change")
            }
            Some("lpa-deleted") => Some("The LPA has been deleted"),
            _ => None,
        })
    };
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                {move || {
                    saved()
                        .map(|text| {
                            view! {
                                <NotificationBanner
                                    banner_type=NotificationBannerType::Success
                                    content=Some(text.into())
                                />
                            }
                        })
                }}
                <h1 class="govuk-heading-l">"Your LPAs"</h1>
                <YourLpas just_saved=saved().is_some()/>
            </div>
        </div>
    }
}

/// Once hydrated, a dashboard with LPAs Sirius may say more of asks for their statuses once
/// ([`dashboard_statuses`]) and listens on its websocket for changes found later (by the refresh
/// job, or another tab), replacing each changed tag in place. Without JavaScript the dashboard
/// shows the statuses last stored.
#[component]
fn LiveStatuses(in_flight: Vec<LpaId>) -> impl IntoView {
    if in_flight.is_empty() {
        return None;
    }
    #[cfg(feature = "hydrate")]
    live::watch(in_flight);
    #[cfg(not(feature = "hydrate"))]
    let _ = in_flight;
    // Where a hydrated dashboard says it could not check every status.
    Some(view! { <div role="status" data-status-notice=""></div> })
}

#[cfg(feature = "hydrate")]
mod live {
    use futures::StreamExt;
    use leptos::prelude::document;

    use super::{
        dashboard_statuses, status_colour, LpaId, ShownStatus, StatusChanged, NOT_CHECKED,
    };
    use crate::govuk::tag_markup;
    use crate::lpa::paths as lpa_paths;
    use crate::websocket::{self, Event, Socket};

    pub fn watch(in_flight: Vec<LpaId>) {
        websocket::run_while_shown(move || listen(in_flight));
    }

    /// Shows `change` if its LPA is on this page as one Sirius may say more of.
    fn show(change: &StatusChanged) {
        let selector = format!("[data-refresh-id=\"{}\"]", change.id.get());
        if let Ok(Some(element)) = document().query_selector(&selector) {
            let status = ShownStatus::Tracked(change.status);
            element
                .set_inner_html(&tag_markup(status.label(), status_colour(status)).into_string());
        }
    }

    fn say_not_checked() {
        if let Ok(Some(notice)) = document().query_selector("[data-status-notice]") {
            notice.set_inner_html(&format!(
                "<p class=\"govuk-inset-text\">{}</p>",
                crate::govuk::content::escape_html(NOT_CHECKED)
            ));
        }
    }

    async fn listen(in_flight: Vec<LpaId>) {
        let ids = in_flight
            .iter()
            .map(|id| id.get().to_string())
            .collect::<Vec<_>>()
            .join(",");
        let mut asked = false;
        let mut backoff_ms = 1_000;
        let url = websocket::url(&lpa_paths::DASHBOARD_EVENTS.href().to_string());
        loop {
            if let Some(mut socket) = url.as_deref().and_then(Socket::open) {
                while let Some(event) = socket.events.next().await {
                    match event {
                        // Listening first, then asking once: a change found while asking is
                        // announced to this socket too.
                        Event::Open if !asked => {
                            asked = true;
                            backoff_ms = 1_000;
                            let checked = dashboard_statuses(ids.clone()).await;
                            if let Ok(checked) = &checked {
                                checked.statuses.iter().for_each(show);
                            }
                            if !checked.is_ok_and(|checked| checked.all_checked) {
                                say_not_checked();
                            }
                        }
                        Event::Open => backoff_ms = 1_000,
                        Event::Text(text) => {
                            if let Ok(change) = serde_json::from_str::<StatusChanged>(&text) {
                                show(&change);
                            }
                        }
                        Event::Closed => break,
                    }
                }
            }
            gloo_timers::future::TimeoutFuture::new(backoff_ms).await;
            backoff_ms = (backoff_ms * 2).min(30_000);
        }
    }
}

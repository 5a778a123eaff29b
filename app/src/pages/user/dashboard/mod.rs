//! `/user/dashboard` (and `/user/dashboard/page/{n}`): where signing in leads. The account's LPAs
//! (reference §6): 50 a page, the latest changed first, grouped by type; a search by reference or
//! the donor's name; each with its status and what can be done with it (continue or view, check
//! the signing dates, reuse its details, delete); when the account last signed in. Someone with no
//! LPAs goes straight to making one.
use chrono::{DateTime, Utc};
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
    Pagination, PaginationItem, PaginationLink, SummaryCard, SummaryList, SummaryListAction,
    SummaryListActions, SummaryListRow, TagColour,
};
use crate::lpa::dashboard::{page_count, pager, LpaListed};
use crate::lpa::flow::Page;
use crate::lpa::model::{LpaType, Progress};
use crate::lpa::paths as lpa_paths;
use crate::pages::gate::NameFirst;

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
}

/// Page `page` of the LPAs of the person signed in that match `search`, the latest changed first.
/// Asked by the browser after a client-side navigation; a dashboard the server renders was loaded
/// before rendering ([`LoadedDashboard`]).
#[server(prefix = "/_fn", endpoint = "your-lpas", input = server_fn::codec::GetUrl)]
pub async fn your_lpas(page: u32, search: String) -> Result<DashboardPage, AppError> {
    let user = crate::auth::ssr::require(Audience::SignedIn)?;
    let backends = use_context::<backends::Backends>()
        .ok_or_else(|| AppError::internal("no backends in context"))?;
    load_dashboard(&backends, &user, page, &search).await
}

/// `user`'s dashboard page `page` with `search` (see [`your_lpas`]).
#[cfg(feature = "ssr")]
pub async fn load_dashboard(
    backends: &backends::Backends,
    user: &crate::account::server::User,
    page: u32,
    search: &str,
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

fn card(lpa: &LpaListed) -> impl IntoView {
    let title = lpa
        .donor
        .clone()
        .unwrap_or_else(|| "Donor not added yet".to_owned());
    let colour = match lpa.progress {
        Progress::Started => TagColour::Grey,
        Progress::Created => TagColour::Blue,
        Progress::Completed => TagColour::Green,
    };
    let rows = vec![
        SummaryListRow::new("Reference", lpa.id.a_reference()),
        SummaryListRow::new("Status", tag_markup(lpa.progress.label(), colour)),
        SummaryListRow::new(
            "Last changed",
            crate::dates::long_date(lpa.updated_at.date_naive()),
        ),
    ];
    let open = if lpa.progress == Progress::Completed {
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
fn grouped(lpas: &[LpaListed]) -> impl IntoView {
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
                    {group.into_iter().map(card).collect_view()}
                }
            })
        })
        .collect_view()
}

fn pagination(page: u32, pages: u32, search: &str) -> impl IntoView {
    let items: Vec<PaginationItem> = pager(page, pages)
        .into_iter()
        .map(|entry| match entry {
            Some(number) if number == page => {
                PaginationItem::current(number, page_href(number, search))
            }
            Some(number) => PaginationItem::page(number, page_href(number, search)),
            None => PaginationItem::Ellipsis,
        })
        .collect();
    let previous = (page > 1).then(|| PaginationLink::new(page_href(page - 1, search)));
    let next = (page < pages).then(|| PaginationLink::new(page_href(page + 1, search)));
    (!items.is_empty()).then(|| view! { <Pagination items=items previous=previous next=next/> })
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
            let pages = page_count(found.total);
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
                {grouped(&found.lpas)}
                {pagination(found.page, pages, &search)}
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

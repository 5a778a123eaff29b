//! `/admin/audit`: the audit log, newest first, 50 a page, filtered by action and by the admin
//! (part of their email address) through a GET form, so a filtered view has its own URL.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::admin::audit::AuditAction;
use crate::admin::paths;
use crate::auth::Audience;
use crate::error::AppError;
use crate::error_page::ServiceProblem;
use crate::govuk::{Button, Input, LabelOptions, Select, SelectItem, Table, TableCell};
use crate::pages::gate::NameFirst;
use crate::paging::{page_count, pager};

const PER_PAGE: u32 = 50;

/// The filter as the page's GET form sends it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditSearch {
    pub action: String,
    pub actor: String,
    pub page: u32,
}

impl AuditSearch {
    fn href(&self, page: u32) -> String {
        let mut href = paths::AUDIT_LOG.href();
        if !self.action.is_empty() {
            href = href.query("action", &self.action);
        }
        if !self.actor.is_empty() {
            href = href.query("actor", &self.actor);
        }
        if page > 1 {
            href = href.query("page", &page.to_string());
        }
        href.to_string()
    }
}

/// One entry as the page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub when: String,
    pub who: String,
    pub what: String,
    pub target: String,
    pub details: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditResults {
    pub rows: Vec<AuditRow>,
    pub total: u64,
}

/// The entries `search` asks for, for an admin.
#[server(prefix = "/_fn", endpoint = "admin-audit-log", input = server_fn::codec::GetUrl)]
pub async fn admin_audit_log(search: AuditSearch) -> Result<AuditResults, AppError> {
    use crate::admin::server::{AuditFilter, AuditLog};

    crate::auth::ssr::require(Audience::Admins)?;
    let backends = crate::ssr::backends()?;
    let filter = AuditFilter {
        action: AuditAction::parse(&search.action),
        actor: Some(search.actor.trim().to_owned()).filter(|actor| !actor.is_empty()),
    };
    let (entries, total) = AuditLog::of(&backends)
        .page(&filter, search.page, PER_PAGE)
        .await?;
    let rows = entries
        .into_iter()
        .map(|entry| AuditRow {
            when: entry.occurred_at.format("%d/%m/%Y %H:%M:%S").to_string(),
            who: entry.actor_email,
            what: AuditAction::parse(&entry.action)
                .map(|action| action.description().to_owned())
                .unwrap_or(entry.action),
            target: entry.target.unwrap_or_default(),
            details: match entry.details.0 {
                serde_json::Value::Object(map) if map.is_empty() => String::new(),
                details => details.to_string(),
            },
        })
        .collect();
    Ok(AuditResults { rows, total })
}

#[component]
pub fn AuditLogPage() -> impl IntoView {
    view! {
        <Title text="Audit log"/>
        <NameFirst audience=Audience::Admins>
            <AuditContent/>
        </NameFirst>
    }
}

#[component]
fn AuditContent() -> impl IntoView {
    let query = use_query_map();
    let search = Memo::new(move |_| {
        query.with(|query| AuditSearch {
            action: query.get("action").unwrap_or_default(),
            actor: query.get("actor").unwrap_or_default(),
            page: query
                .get("page")
                .and_then(|page| page.parse().ok())
                .unwrap_or(1)
                .max(1),
        })
    });
    let results = Resource::new_blocking(move || search.get(), admin_audit_log);
    view! {
        <h1 class="govuk-heading-l">"Audit log"</h1>
        {move || filter_form(search.get())}
        <Suspense>
            {move || Suspend::new(async move {
                let search = search.get_untracked();
                match results.await {
                    Ok(results) => entries(search, results).into_any(),
                    Err(_) => view! { <ServiceProblem/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn filter_form(search: AuditSearch) -> impl IntoView {
    let mut actions = vec![SelectItem::new("", "All actions")];
    actions.extend(
        AuditAction::ALL
            .iter()
            .map(|action| SelectItem::new(action.name(), action.description())),
    );
    view! {
        <form method="get" action=paths::AUDIT_LOG.href().to_string() novalidate>
            <Select
                name="action"
                id=Some("action".to_owned())
                label=LabelOptions::from("Action")
                items=actions
                value=Some(search.action)
            />
            <Input
                name="actor"
                id=Some("actor".to_owned())
                label="Admin’s email address (or part of it)"
                value=Some(search.actor)
                spellcheck=Some(false)
            />
            <Button content="Filter"/>
        </form>
    }
}

fn entries(search: AuditSearch, results: AuditResults) -> impl IntoView {
    let pages = page_count(results.total, PER_PAGE);
    let summary = match results.total {
        0 => "No entries match.".to_owned(),
        1 => "1 entry.".to_owned(),
        n => format!("{n} entries, newest first."),
    };
    let head: Vec<TableCell> = ["When (UTC)", "Who", "What", "To", "Details"]
        .into_iter()
        .map(TableCell::from)
        .collect();
    let rows: Vec<Vec<TableCell>> = results
        .rows
        .into_iter()
        .map(|row| {
            vec![row.when, row.who, row.what, row.target, row.details]
                .into_iter()
                .map(TableCell::from)
                .collect()
        })
        .collect();
    let page = search.page.min(pages);
    view! {
        <p class="govuk-body" role="status">{summary}</p>
        {(!rows.is_empty()).then(|| view! {
            <div class="app-table-scroll" tabindex="0" role="region" aria-label="Audit log entries">
                <Table caption="Audit log entries" caption_classes="govuk-visually-hidden" head=head rows=rows classes="app-table--small"/>
            </div>
        })}
        {pager(page, pages, move |page| search.href(page))}
    }
}

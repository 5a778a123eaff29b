//! `/feed/saved`: every saved message, newest first, ten a page. The first page's answer fixes a
//! `paginationId` (the newest id then) that every later page carries, so messages arriving while
//! someone pages never push one onto the next page a second time.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use super::{FeedMessage, MessageBlock};
use crate::error::AppError;
use crate::error_page::ServiceProblem;
use crate::feed::paths as feed_paths;
use crate::govuk::{Pagination, PaginationItem, PaginationLink};

/// Messages a page.
pub const PAGE_SIZE: u64 = 10;

/// One page of saved messages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedPage {
    pub pagination_id: i64,
    pub offset: u64,
    /// Messages up to `pagination_id`.
    pub total: u64,
    /// Messages stored after `pagination_id`, not in these pages.
    pub newer: u64,
    pub messages: Vec<FeedMessage>,
}

#[server(prefix = "/_fn", endpoint = "feed-saved", input = server_fn::codec::GetUrl)]
pub async fn saved_messages(
    pagination_id: Option<i64>,
    offset: u64,
) -> Result<SavedPage, AppError> {
    let services = crate::services::current()?;
    let page = services
        .feed
        .messages
        .page(crate::feed::server::PageRequest {
            offset,
            limit: PAGE_SIZE,
            pagination_id,
        })
        .await?;
    let count = services.feed.messages.count().await?;
    Ok(SavedPage {
        pagination_id: page.pagination_id,
        offset: page.offset,
        total: page.total,
        newer: count.saturating_sub(page.total),
        messages: page.messages.iter().map(FeedMessage::from).collect(),
    })
}

/// The page asked for: `paginationId` and `offset` when they are whole numbers; anything else
/// counts as not given (the newest messages, from the start).
pub fn requested(pagination_id: Option<&str>, offset: Option<&str>) -> (Option<i64>, u64) {
    let digits = |value: &&str| !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit());
    let pagination_id = pagination_id
        .filter(digits)
        .and_then(|id| id.parse::<i64>().ok());
    let offset = offset
        .filter(digits)
        .and_then(|offset| offset.parse::<u64>().ok())
        .unwrap_or(0);
    (pagination_id, offset)
}

/// The link to the page starting at `offset` of the set fixed by `pagination_id`.
pub fn page_href(pagination_id: i64, offset: u64) -> String {
    feed_paths::SAVED
        .href()
        .query("paginationId", &pagination_id.to_string())
        .query("offset", &offset.to_string())
        .into()
}

/// The numbered pages to list: the first, the last, and the ones either side of `current`, with
/// an ellipsis for each gap.
pub fn page_items(current: u64, pages: u64, href: impl Fn(u64) -> String) -> Vec<PaginationItem> {
    let mut items = Vec::new();
    let mut listed = 0;
    for number in 1..=pages {
        let near = number + 1 >= current && number <= current + 1;
        if number == 1 || number == pages || near {
            if listed + 1 < number {
                items.push(PaginationItem::Ellipsis);
            }
            let offset = (number - 1) * PAGE_SIZE;
            items.push(if number == current {
                PaginationItem::current(number, href(offset))
            } else {
                PaginationItem::page(number, href(offset))
            });
            listed = number;
        }
    }
    items
}

fn plural(count: u64, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

#[component]
pub fn SavedMessagesPage() -> impl IntoView {
    let query = use_query_map();
    let asked = move || query.with(|q| requested(q.get_str("paginationId"), q.get_str("offset")));
    let page = Resource::new_blocking(asked, |(pagination_id, offset)| {
        saved_messages(pagination_id, offset)
    });
    view! {
        <Title text="Saved messages"/>
        <h1 class="govuk-heading-l">"Saved messages"</h1>
        <p class="govuk-body">
            "Every message posted to the feed, newest first. "
            <a class="govuk-link" href=feed_paths::FEED.href().to_string()>"See messages as they arrive"</a>
            "."
        </p>
        <Suspense>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! { <SavedPageView page=page/> }.into_any(),
                    Err(_) => view! { <ServiceProblem/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SavedPageView(page: SavedPage) -> impl IntoView {
    let SavedPage {
        pagination_id,
        offset,
        total,
        newer,
        messages,
    } = page;
    if total == 0 && newer == 0 {
        return view! { <p class="govuk-body">"No messages have been posted yet."</p> }.into_any();
    }
    let newer = (newer > 0).then(|| {
        view! {
            <p class="govuk-body" data-testid="newer-messages">
                {format!("{} arrived since this list was made. ", plural(newer, "message has", "messages have"))}
                <a class="govuk-link" href=feed_paths::SAVED.href().to_string()>"Show the newest messages"</a>
            </p>
        }
    });
    let snapshot = view! {
        <p class="govuk-body-s" data-testid="pagination-id">
            {format!(
                "Messages up to number {pagination_id} (paginationId {pagination_id}): messages that \
                 arrive while you page through are not added, so none is shown twice.",
            )}
        </p>
    };
    if messages.is_empty() {
        return view! {
            {newer}
            <p class="govuk-body">
                "There are no messages on this page. "
                <a class="govuk-link" href=page_href(pagination_id, 0)>"Go to the first page"</a>
            </p>
            {snapshot}
        }
        .into_any();
    }
    let shown_to = offset + messages.len() as u64;
    let previous = (offset > 0)
        .then(|| PaginationLink::new(page_href(pagination_id, offset.saturating_sub(PAGE_SIZE))));
    let next = (shown_to < total).then(|| PaginationLink::new(page_href(pagination_id, shown_to)));
    // Numbered pages only when this page starts where a page does.
    let items = if offset % PAGE_SIZE == 0 && total > PAGE_SIZE {
        let pages = total.div_ceil(PAGE_SIZE);
        page_items(offset / PAGE_SIZE + 1, pages, |offset| {
            page_href(pagination_id, offset)
        })
    } else {
        Vec::new()
    };
    let pagination = (previous.is_some() || next.is_some()).then(|| {
        view! {
            <Pagination
                previous=previous
                next=next
                items=items
                landmark_label="Pages of saved messages"
            />
        }
    });
    view! {
        {newer}
        <p class="govuk-body" data-testid="showing">
            {format!(
                "Showing {} to {shown_to} of {}",
                offset + 1,
                plural(total, "message", "messages"),
            )}
        </p>
        {snapshot}
        <div data-testid="saved-messages">
            {messages
                .into_iter()
                .map(|message| view! { <MessageBlock message=message/> })
                .collect_view()}
        </div>
        {pagination}
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_query_values_count_as_not_given() {
        assert_eq!(requested(None, None), (None, 0));
        assert_eq!(requested(Some("97"), Some("10")), (Some(97), 10));
        assert_eq!(requested(Some("-1"), Some("x")), (None, 0));
        assert_eq!(requested(Some(""), Some("+3")), (None, 0));
        assert_eq!(
            requested(
                Some("99999999999999999999"),
                Some("99999999999999999999999")
            ),
            (None, 0)
        );
    }

    #[test]
    fn pages_are_listed_with_ellipses_for_gaps() {
        let numbers = |current, pages| {
            page_items(current, pages, |offset| offset.to_string())
                .into_iter()
                .map(|item| match item {
                    PaginationItem::Page(page) if page.current => format!("[{}]", page.number),
                    PaginationItem::Page(page) => page.number,
                    PaginationItem::Ellipsis => "…".to_owned(),
                })
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(numbers(1, 2), "[1] 2");
        assert_eq!(numbers(1, 10), "[1] 2 … 10");
        assert_eq!(numbers(5, 10), "1 … 4 [5] 6 … 10");
        assert_eq!(numbers(3, 10), "1 2 [3] 4 … 10");
        assert_eq!(numbers(10, 10), "1 … 9 [10]");
        let hrefs: Vec<_> = page_items(2, 3, |offset| page_href(97, offset))
            .into_iter()
            .filter_map(|item| match item {
                PaginationItem::Page(page) => Some(page.href),
                PaginationItem::Ellipsis => None,
            })
            .collect();
        assert_eq!(
            hrefs,
            [
                "/feed/saved?paginationId=97&offset=0",
                "/feed/saved?paginationId=97&offset=10",
                "/feed/saved?paginationId=97&offset=20",
            ]
        );
    }
}

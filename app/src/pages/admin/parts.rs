//! What the admin pages share: the pager under a long list.
use leptos::prelude::*;

use crate::govuk::{Pagination, PaginationItem, PaginationLink};

/// GOV.UK pagination for page `page` of `pages`, each page's URL made by `href`.
pub fn pager(page: u32, pages: u32, href: impl Fn(u32) -> String) -> impl IntoView {
    let items: Vec<PaginationItem> = crate::lpa::dashboard::pager(page, pages)
        .into_iter()
        .map(|entry| match entry {
            Some(number) if number == page => PaginationItem::current(number, href(number)),
            Some(number) => PaginationItem::page(number, href(number)),
            None => PaginationItem::Ellipsis,
        })
        .collect();
    let previous = (page > 1).then(|| PaginationLink::new(href(page - 1)));
    let next = (page < pages).then(|| PaginationLink::new(href(page + 1)));
    (!items.is_empty()).then(|| view! { <Pagination items=items previous=previous next=next/> })
}

/// How many pages `total` items fill at `per_page` a page (at least one).
pub fn pages_of(total: u64, per_page: u32) -> u32 {
    u32::try_from(total.div_ceil(u64::from(per_page)))
        .unwrap_or(u32::MAX)
        .max(1)
}

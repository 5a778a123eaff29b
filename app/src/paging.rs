//! A long list's pages, as every listing shows them (the dashboard, the admin lists,
//! view-transfers): how many there are, and GOV.UK's pagination with the first and last pages and
//! up to [`PAGE_LINKS`] around the current one.
use leptos::prelude::*;

use crate::govuk::{Pagination, PaginationItem, PaginationLink};

/// Numbered links the pager shows at most (besides the first and last pages).
pub const PAGE_LINKS: u32 = 5;

/// How many pages `total` items fill at `per_page` a page (at least one).
pub fn page_count(total: u64, per_page: u32) -> u32 {
    u32::try_from(total.div_ceil(u64::from(per_page)))
        .unwrap_or(u32::MAX)
        .max(1)
}

/// The pager's entries for page `current` of `pages`: the first and last pages always, up to
/// [`PAGE_LINKS`] pages around the current one, `None` for a gap.
pub fn page_numbers(current: u32, pages: u32) -> Vec<Option<u32>> {
    if pages <= 1 {
        return Vec::new();
    }
    let half = PAGE_LINKS / 2;
    let start = current.saturating_sub(half).max(1);
    let end = (start + PAGE_LINKS - 1).min(pages);
    let start = end.saturating_sub(PAGE_LINKS - 1).max(1);
    let mut entries = Vec::new();
    if start > 1 {
        entries.push(Some(1));
        if start > 2 {
            entries.push(None);
        }
    }
    entries.extend((start..=end).map(Some));
    if end < pages {
        if end < pages - 1 {
            entries.push(None);
        }
        entries.push(Some(pages));
    }
    entries
}

/// GOV.UK pagination for page `page` of `pages`, each page's URL made by `href`; nothing for a
/// single page.
pub fn pager(page: u32, pages: u32, href: impl Fn(u32) -> String) -> impl IntoView {
    let items: Vec<PaginationItem> = page_numbers(page, pages)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_as_many_as_the_items_fill_and_at_least_one() {
        assert_eq!(page_count(0, 50), 1);
        assert_eq!(page_count(50, 50), 1);
        assert_eq!(page_count(51, 50), 2);
        assert_eq!(page_count(60, 50), 2);
        assert_eq!(page_count(u64::MAX, 1), u32::MAX);
    }

    #[test]
    fn the_pager_shows_five_pages_around_the_current_one() {
        let some = |pages: &[u32]| pages.iter().copied().map(Some).collect::<Vec<_>>();
        assert_eq!(page_numbers(1, 1), vec![]);
        assert_eq!(page_numbers(1, 2), some(&[1, 2]));
        assert_eq!(
            page_numbers(1, 9),
            [some(&[1, 2, 3, 4, 5]), vec![None, Some(9)]].concat()
        );
        assert_eq!(
            page_numbers(5, 9),
            [
                vec![Some(1), None],
                some(&[3, 4, 5, 6, 7]),
                vec![None, Some(9)]
            ]
            .concat()
        );
        assert_eq!(
            page_numbers(9, 9),
            [vec![Some(1), None], some(&[5, 6, 7, 8, 9])].concat()
        );
        assert_eq!(
            page_numbers(2, 6),
            [some(&[1, 2, 3, 4, 5]), vec![Some(6)]].concat()
        );
    }
}

//! What goes on the pages of the LP3, the notice to each person to notify (reference §7.1;
//! docs/lpa-forms-notes.md §6): one notice of 4 pages per person, its page 3 listing the primary
//! attorneys 4 a page, with a copy of page 3 for each 4 more and a blank page at the end of the
//! notice when the copies are odd in number (so double-sided printing keeps each notice apart).
use crate::lpa::model::{Attorney, Document, NotifiedPerson};

/// Attorneys on one page 3.
pub const ATTORNEYS_PER_PAGE: usize = 4;

/// One page of the LP3s, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lp3Page {
    /// Page 1: the notice, to person `person` of [`Lp3Layout::people`].
    Notice {
        person: usize,
    },
    /// Page 2: the donor and the LPA.
    Details {
        person: usize,
    },
    /// Page 3 (and its copies): the primary attorneys from `first`.
    Attorneys {
        person: usize,
        first: usize,
    },
    /// Page 4: how to object.
    HowToObject {
        person: usize,
    },
    Blank,
}

/// The LP3s of an LPA.
#[derive(Clone, Debug, PartialEq)]
pub struct Lp3Layout<'a> {
    pub people: Vec<&'a NotifiedPerson>,
    /// The primary attorneys in their order (a trust corporation where it was added).
    pub attorneys: Vec<&'a Attorney>,
}

impl<'a> Lp3Layout<'a> {
    pub fn of(document: &'a Document) -> Self {
        Lp3Layout {
            people: document
                .people_to_notify()
                .iter()
                .map(|listed| &listed.person)
                .collect(),
            attorneys: document
                .primary_attorneys()
                .iter()
                .map(|listed| &listed.person)
                .collect(),
        }
    }

    pub fn pages(&self) -> Vec<Lp3Page> {
        let attorney_pages = self.attorneys.len().max(1).div_ceil(ATTORNEYS_PER_PAGE);
        let mut pages = Vec::new();
        for person in 0..self.people.len() {
            pages.extend([Lp3Page::Notice { person }, Lp3Page::Details { person }]);
            pages.extend((0..attorney_pages).map(|page| Lp3Page::Attorneys {
                person,
                first: page * ATTORNEYS_PER_PAGE,
            }));
            pages.push(Lp3Page::HowToObject { person });
            if (attorney_pages - 1) % 2 == 1 {
                pages.push(Lp3Page::Blank);
            }
        }
        pages
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lpa::model::testing::{donor, human, person};
    use crate::lpa::model::{AttorneyRole, LpaType};

    #[test]
    fn one_notice_per_person_with_a_page_3_for_each_4_attorneys() {
        // people, attorneys → pages in all, blank pages
        let table = [
            (1, 1, 4, 0),
            (1, 4, 4, 0),
            (1, 5, 6, 1),
            (1, 8, 6, 1),
            (1, 9, 6, 0),
            (1, 13, 8, 1),
            (2, 1, 8, 0),
            (5, 5, 30, 5),
        ];
        for (people, attorneys, total, blanks) in table {
            let mut document = Document::of_type(LpaType::HealthAndWelfare);
            document.set_donor(donor());
            for i in 0..attorneys {
                document
                    .add_attorney(AttorneyRole::Primary, human("Ann", &format!("Able{i}")))
                    .unwrap();
            }
            for i in 0..people {
                document
                    .add_person_to_notify(person("Nina", &format!("Note{i}")))
                    .unwrap();
            }
            let pages = Lp3Layout::of(&document).pages();
            let case = format!("{people} people, {attorneys} attorneys");
            assert_eq!(pages.len(), total, "{case}");
            assert_eq!(
                pages.iter().filter(|p| **p == Lp3Page::Blank).count(),
                blanks,
                "{case}"
            );
            assert_eq!(
                pages
                    .iter()
                    .filter(|p| matches!(p, Lp3Page::Notice { .. }))
                    .count(),
                people,
                "{case}"
            );
        }
    }
}

//! A person's details as the forms print them: a panel of name, date of birth, address, postcode
//! and email boxes, each shown only where that form asks for it.
use chrono::NaiveDate;

use super::draw::{Canvas, HALF_GAP, HALF_WIDTH, MARGIN};
use crate::lpa::model::Attorney;
use crate::lpa::model::{Address, PersonName};

/// Title, first names and last name.
pub type NameParts = (String, String, String);

pub fn name_parts<const FIRST: usize, const LAST: usize>(
    name: &PersonName<FIRST, LAST>,
) -> NameParts {
    (
        name.title().unwrap_or_default().to_owned(),
        name.first().to_owned(),
        name.last().to_owned(),
    )
}

/// What one person's panel shows; `None` fields are left empty.
#[derive(Clone, Debug, Default)]
pub struct PersonBox<'a> {
    pub name: Option<NameParts>,
    pub other_names: Option<String>,
    pub company: Option<String>,
    pub dob: Option<NaiveDate>,
    pub address: Option<&'a Address>,
    pub email: Option<String>,
    /// A trust corporation: its name goes in the last name box, and the trust box is ticked.
    pub trust: bool,
}

/// Which boxes a panel has.
#[derive(Clone, Copy, Debug)]
pub struct Fields {
    pub other_names: bool,
    pub company: bool,
    pub dob: bool,
    pub address: bool,
    pub email: bool,
    pub trust_tick: bool,
}

impl Fields {
    pub fn donor() -> Self {
        Fields {
            other_names: true,
            company: false,
            dob: true,
            address: true,
            email: true,
            trust_tick: false,
        }
    }

    pub fn attorney() -> Self {
        Fields {
            other_names: false,
            company: false,
            dob: true,
            address: true,
            email: true,
            trust_tick: false,
        }
    }

    pub fn notified() -> Self {
        Fields {
            dob: false,
            email: false,
            ..Fields::attorney()
        }
    }

    pub fn applicant() -> Self {
        Fields {
            address: false,
            email: false,
            ..Fields::attorney()
        }
    }

    pub fn correspondent() -> Self {
        Fields {
            company: true,
            dob: false,
            email: false,
            ..Fields::attorney()
        }
    }

    pub fn continuation() -> Self {
        Fields::attorney()
    }
}

/// Draws a grey panel of `fields` for `person` (empty boxes for no one) at `(x, top)`, `width`
/// wide; returns the y below it.
pub fn person_panel(
    canvas: &mut Canvas<'_, '_>,
    x: f32,
    top: f32,
    width: f32,
    person: Option<&PersonBox<'_>>,
    fields: Fields,
) -> f32 {
    let height = panel_height(fields, width);
    canvas.panel(x, top, width, height);
    let inner = x + 6.0;
    let inner_width = width - 12.0;
    let empty = PersonBox::default();
    let person = person.unwrap_or(&empty);
    let (title, first, last) = person.name.clone().unwrap_or_default();
    let mut y = top + 4.0;
    let title_width = 50.0;
    let row = y;
    canvas.answer("Title", &[title.as_str()], inner, row, title_width, 1);
    y = canvas.answer(
        "First names",
        &[first.as_str()],
        inner + title_width + 8.0,
        row,
        inner_width - title_width - 8.0,
        1,
    );
    let last_label = if fields.trust_tick {
        "Last name (or trust corporation name)"
    } else {
        "Last name"
    };
    y = canvas.answer(last_label, &[last.as_str()], inner, y, inner_width, 1);
    if fields.other_names {
        let other = person.other_names.clone().unwrap_or_default();
        y = canvas.answer(
            "Any other names you’re known by (optional – eg your married name)",
            &[other.as_str()],
            inner,
            y,
            inner_width,
            1,
        );
    }
    if fields.company {
        let company = person.company.clone().unwrap_or_default();
        y = canvas.answer(
            "Company (optional)",
            &[company.as_str()],
            inner,
            y,
            inner_width,
            1,
        );
    }
    if fields.dob {
        y = canvas.date("Date of birth", person.dob, inner, y);
    }
    if fields.address {
        let parts = person.address.map(Address::parts).unwrap_or_default();
        let lines: Vec<&str> = parts[..3].iter().map(String::as_str).collect();
        y = canvas.answer("Address", &lines, inner, y, inner_width, 3);
        y = canvas.answer("Postcode", &[parts[3].as_str()], inner, y, 90.0, 1);
    }
    if fields.email {
        let email = person.email.clone().unwrap_or_default();
        y = canvas.answer(
            "Email address (optional)",
            &[email.as_str()],
            inner,
            y,
            inner_width,
            1,
        );
    }
    if fields.trust_tick {
        canvas.tick(
            person.trust,
            "This attorney is a trust corporation.",
            inner,
            y,
            inner_width,
        );
    }
    top + height
}

/// The panel's height for `fields` (the same for every person, so panels side by side line up).
fn panel_height(fields: Fields, _width: f32) -> f32 {
    let answer = 33.0;
    let mut height = 8.0 + 2.0 * answer;
    if fields.other_names {
        height += answer;
    }
    if fields.company {
        height += answer;
    }
    if fields.dob {
        height += 48.0;
    }
    if fields.address {
        height += 59.0 + answer;
    }
    if fields.email {
        height += answer;
    }
    if fields.trust_tick {
        height += 17.0;
    }
    height
}

pub fn attorney_box<'a>(attorney: &'a Attorney, with_email: bool) -> PersonBox<'a> {
    match attorney {
        Attorney::Human(human) => PersonBox {
            name: Some(name_parts(&human.name)),
            dob: Some(human.dob.date()),
            address: Some(&human.address),
            email: with_email.then(|| {
                human
                    .email
                    .as_ref()
                    .map(|e| e.as_str().to_owned())
                    .unwrap_or_default()
            }),
            ..PersonBox::default()
        },
        Attorney::Trust(trust) => PersonBox {
            name: Some((String::new(), String::new(), trust.name().to_owned())),
            address: Some(&trust.address),
            email: with_email.then(|| {
                trust
                    .email
                    .as_ref()
                    .map(|e| e.as_str().to_owned())
                    .unwrap_or_default()
            }),
            trust: true,
            ..PersonBox::default()
        },
    }
}

/// Two people side by side from `first` of `people`, each crossed out when there is no one;
/// returns the y below them.
pub fn two_people(
    canvas: &mut Canvas<'_, '_>,
    y: f32,
    people: &[PersonBox<'_>],
    first: usize,
    fields: Fields,
) -> f32 {
    let mut bottom = y;
    for column in 0..2 {
        let x = MARGIN + column as f32 * (HALF_WIDTH + HALF_GAP);
        let person = people.get(first + column);
        let fields = Fields {
            trust_tick: fields.trust_tick && first + column == 0,
            ..fields
        };
        let end = person_panel(canvas, x, y, HALF_WIDTH, person, fields);
        if person.is_none() {
            canvas.strike(x, y, HALF_WIDTH, end - y);
        }
        bottom = bottom.max(end);
    }
    bottom
}

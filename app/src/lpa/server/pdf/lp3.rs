//! The LP3, "Notice of intention to register a lasting power of attorney", one notice per person
//! to notify (07.15 edition; docs/lpa-forms-notes.md §6), laid out by
//! [`crate::lpa::paper::lp3::Lp3Layout`].
use super::draw::{Canvas, Face, FormWriter, BODY, CONTENT_TOP, CONTENT_WIDTH, MARGIN};
use super::people::{self, PersonBox};
use crate::lpa::model::{Applicant, How, Lpa, LpaType};
use crate::lpa::paper::lp3::{Lp3Layout, Lp3Page, ATTORNEYS_PER_PAGE};

const FOOTER: &str = "LP3 People to notify (07.15)";

pub fn draw(lpa: &Lpa, lpa_type: LpaType) -> Result<Vec<u8>, String> {
    let layout = Lp3Layout::of(&lpa.document);
    let mut writer = FormWriter::new();
    for page in layout.pages() {
        writer.page(|canvas| match page {
            Lp3Page::Notice { person } => notice(canvas, &layout, person),
            Lp3Page::Details { .. } => details(canvas, lpa, lpa_type),
            Lp3Page::Attorneys { first, .. } => attorneys(canvas, lpa, &layout, first),
            Lp3Page::HowToObject { .. } => how_to_object(canvas),
            Lp3Page::Blank => canvas.intentionally_blank(),
        });
    }
    writer.finish(&format!(
        "Notice of intention to register a lasting power of attorney (LP3), {}",
        lpa.id.a_reference()
    ))
}

fn notice(canvas: &mut Canvas<'_, '_>, layout: &Lp3Layout<'_>, person: usize) {
    let mut y = canvas.heading(
        1,
        MARGIN,
        CONTENT_TOP - 14.0,
        CONTENT_WIDTH,
        20.0,
        "Notice of intention to register a lasting power of attorney",
    ) + 6.0;
    let to = layout.people.get(person).map(|notified| PersonBox {
        name: Some(people::name_parts(&notified.name)),
        address: Some(&notified.address),
        ..PersonBox::default()
    });
    y = canvas.heading(2, MARGIN, y, CONTENT_WIDTH, 13.0, "Person to notify");
    y = people::person_panel(
        canvas,
        MARGIN,
        y,
        CONTENT_WIDTH,
        to.as_ref(),
        people::Fields::notified(),
    );
    y = canvas.date("Date", None, MARGIN, y + 4.0);
    y = canvas.paragraph(
        MARGIN,
        y,
        CONTENT_WIDTH,
        Face::Bold,
        BODY,
        "You have received this notice because the person named on page 2 has made a lasting power of attorney.",
    ) + 3.0;
    y = canvas.paragraphs(MARGIN, y, CONTENT_WIDTH, &[
        "A lasting power of attorney (LPA) is a legal document that lets someone (known as a ‘donor’) appoint people (known as ‘attorneys’) to make decisions on their behalf.",
        "In other words, the person on page 2 is appointing the people on page 3 to make decisions on their behalf.",
        "When they made the LPA, the donor decided you should be told about it before it’s registered. This gives you a chance to raise any concerns.",
    ]);
    y = canvas.paragraph(
        MARGIN,
        y,
        CONTENT_WIDTH,
        Face::Bold,
        BODY,
        "If you want to object, you must do so within 3 weeks of the date of this notice.",
    ) + 3.0;
    canvas.paragraphs(
        MARGIN,
        y,
        CONTENT_WIDTH,
        &["If you don’t want to object you don’t have to do anything."],
    );
    canvas.footer(FOOTER, Some(1), false);
}

fn details(canvas: &mut Canvas<'_, '_>, lpa: &Lpa, lpa_type: LpaType) {
    canvas.helpline();
    let mut y = canvas.heading(
        2,
        MARGIN,
        CONTENT_TOP,
        CONTENT_WIDTH,
        18.0,
        "Details of the lasting power of attorney",
    ) + 4.0;
    y = canvas.heading(
        3,
        MARGIN,
        y,
        CONTENT_WIDTH,
        13.0,
        "About the donor – the person who made the LPA",
    );
    let donor = lpa.document.donor().map(|donor| PersonBox {
        name: Some(people::name_parts(&donor.name)),
        address: Some(&donor.address),
        ..PersonBox::default()
    });
    y = people::person_panel(
        canvas,
        MARGIN,
        y,
        CONTENT_WIDTH,
        donor.as_ref(),
        people::Fields::notified(),
    );
    y = canvas.heading(
        3,
        MARGIN,
        y + 6.0,
        CONTENT_WIDTH,
        13.0,
        "About the lasting power of attorney",
    );
    let applicant = lpa.document.applicant();
    y = canvas.question(
        "Who is applying to register the LPA?",
        &[
            (matches!(applicant, Some(Applicant::Donor(_))), "Donor"),
            (
                matches!(applicant, Some(Applicant::Attorneys(_))),
                "Attorney(s)",
            ),
        ],
        MARGIN,
        y,
        CONTENT_WIDTH,
    );
    y = canvas.question(
        "What type of LPA is being registered?",
        &[
            (
                lpa_type == LpaType::PropertyAndFinancial,
                "Property and financial affairs",
            ),
            (lpa_type == LpaType::HealthAndWelfare, "Health and welfare"),
        ],
        MARGIN,
        y + 4.0,
        CONTENT_WIDTH,
    );
    canvas.date("When did the donor sign the LPA?", None, MARGIN, y + 4.0);
    canvas.footer(FOOTER, Some(2), false);
}

fn attorneys(canvas: &mut Canvas<'_, '_>, lpa: &Lpa, layout: &Lp3Layout<'_>, first: usize) {
    canvas.helpline();
    let mut y = canvas.heading(
        2,
        MARGIN,
        CONTENT_TOP,
        CONTENT_WIDTH,
        18.0,
        "About the attorneys",
    ) + 4.0;
    y = canvas.paragraph(
        MARGIN,
        y,
        CONTENT_WIDTH,
        Face::Bold,
        BODY,
        "How are the attorneys appointed?",
    ) + 3.0;
    let only_one = layout.attorneys.len() == 1;
    let how = lpa.document.primary_decisions().how;
    for (ticked, label) in [
        (only_one, "There’s only 1 attorney"),
        (
            !only_one && how == Some(How::JointlyAttorneySeverally),
            "Jointly and severally",
        ),
        (!only_one && how == Some(How::Jointly), "Jointly"),
        (
            !only_one && matches!(how, Some(How::Depends(_))),
            "Jointly for some decisions, jointly and severally for other decisions",
        ),
    ] {
        y = canvas.tick(ticked, label, MARGIN, y, CONTENT_WIDTH);
    }
    let boxes: Vec<PersonBox> = layout
        .attorneys
        .iter()
        .skip(first)
        .take(ATTORNEYS_PER_PAGE)
        .map(|attorney| PersonBox {
            dob: None,
            email: None,
            trust: false,
            ..people::attorney_box(attorney, false)
        })
        .collect();
    y = people::two_people(canvas, y + 6.0, &boxes, 0, people::Fields::notified());
    y = people::two_people(canvas, y + 6.0, &boxes, 2, people::Fields::notified());
    canvas.paragraphs(
        MARGIN,
        y + 4.0,
        CONTENT_WIDTH,
        &[
            "If there are more than 4 attorneys, please make a copy of this page.",
            "You don’t need to list replacement attorneys appointed in the LPA (if any).",
        ],
    );
    canvas.footer(FOOTER, Some(3), false);
}

fn how_to_object(canvas: &mut Canvas<'_, '_>) {
    canvas.helpline();
    let mut y = canvas.heading(2, MARGIN, CONTENT_TOP, CONTENT_WIDTH, 18.0, "How to object") + 4.0;
    y = canvas.paragraphs(
        MARGIN,
        y,
        CONTENT_WIDTH,
        &[
            "If you wish to object, you must do so within 3 weeks of being given this notice.",
            "You can only object to an LPA for one of the reasons below.",
        ],
    );
    y = canvas.heading(
        3,
        MARGIN,
        y + 2.0,
        CONTENT_WIDTH,
        12.0,
        "Factual objections",
    );
    y = canvas.bullets(MARGIN, y, CONTENT_WIDTH, &[
        "the donor or an attorney has died",
        "the donor and an attorney were married or in a civil partnership, and this has since been dissolved or annulled",
        "an attorney is bankrupt or subject to a debt relief order",
        "an attorney has lost the capacity to act",
        "an attorney has disclaimed their appointment",
        "a trust corporation attorney is being wound up or dissolved",
    ]);
    y = canvas.paragraphs(MARGIN, y + 2.0, CONTENT_WIDTH, &[
        "To make a factual objection, complete form LPA007 and send it to the Office of the Public Guardian. Get the form from www.gov.uk/power-of-attorney/object-registration or by calling 0300 456 0300.",
    ]);
    y = canvas.heading(
        3,
        MARGIN,
        y + 2.0,
        CONTENT_WIDTH,
        12.0,
        "Prescribed objections",
    );
    y = canvas.bullets(MARGIN, y, CONTENT_WIDTH, &[
        "the LPA is not legally valid",
        "the donor has revoked the LPA or it has otherwise come to an end",
        "fraud or undue pressure was used to make the donor create the LPA",
        "an attorney is behaving, or proposing to behave, in a way that goes against the attorney’s authority or is not in the donor’s best interests",
    ]);
    canvas.paragraphs(MARGIN, y + 2.0, CONTENT_WIDTH, &[
        "To make a prescribed objection, complete form COP7 and send it to the Court of Protection (get the form from www.gov.uk/object-registration or by calling 0300 456 4000), and complete form LPA008 and send it to the Office of the Public Guardian.",
        "If you are objecting to a specific attorney, it may not prevent registration if other attorneys or a replacement attorney have been appointed.",
        "You can find out more about lasting powers of attorney at www.gov.uk/power-of-attorney or by calling 0300 456 0300.",
    ]);
    canvas.footer(FOOTER, Some(4), false);
}

//! The LP1F and LP1H, drawn page by page after the official forms (07.15 edition; their wording
//! and layout in docs/lpa-forms-notes.md §1–§5), with what goes where decided by
//! [`crate::lpa::paper::lp1::Lp1Layout`].
use super::draw::{
    Canvas, Face, FormWriter, BODY, CONTENT_TOP, CONTENT_WIDTH, HALF_GAP, HALF_WIDTH, MARGIN,
};
use super::people::{self, PersonBox};
use crate::lpa::model::{Attorney, How, Lpa, LpaType, WhenLpaStarts};
use crate::lpa::paper::long_text::{FORM_BOX_ROWS, SHEET_ROWS};
use crate::lpa::paper::lp1::{
    Applicants, Cs2Topic, ExtraPerson, Lp1Layout, Lp1Page, APPLICANTS_PER_PAGE, NOTIFIED_ON_FORM,
    PEOPLE_PER_SHEET, PRIMARY_ON_FORM, REPLACEMENTS_ON_FORM,
};
use crate::lpa::paper::Edition;
use crate::lpa::payment::PaymentMethod;

/// What the pages of one LP1 share.
struct Lp1<'a> {
    lpa: &'a Lpa,
    layout: Lp1Layout<'a>,
    lpa_type: LpaType,
    edition: Edition,
}

impl Lp1<'_> {
    fn pf(&self) -> bool {
        self.lpa_type == LpaType::PropertyAndFinancial
    }

    fn code(&self) -> &'static str {
        if self.pf() {
            "LP1F"
        } else {
            "LP1H"
        }
    }

    /// The footer of pages 1 to 15 and of the instrument's continuation.
    fn instrument_footer(&self) -> String {
        if self.pf() {
            "LP1F Property and financial affairs (07.15)".to_owned()
        } else {
            "LP1H Health and welfare (07.15)".to_owned()
        }
    }

    fn registration_footer(&self) -> String {
        format!("{} Register your LPA (07.15)", self.code())
    }

    fn donor_name(&self) -> String {
        self.lpa
            .document
            .donor()
            .map(|donor| donor.name.to_string())
            .unwrap_or_default()
    }
}

/// Draws `lpa`'s LP1 (of its type) as `edition`.
pub fn draw(lpa: &Lpa, lpa_type: LpaType, edition: Edition) -> Result<Vec<u8>, String> {
    let form = Lp1 {
        lpa,
        layout: Lp1Layout::of(&lpa.document),
        lpa_type,
        edition,
    };
    let mut writer = FormWriter::new();
    for page in form.layout.pages() {
        writer.page(|canvas| match page {
            Lp1Page::Coversheet(number) => coversheet(canvas, &form, number),
            Lp1Page::Form(number) => form_page(canvas, &form, number),
            Lp1Page::AttorneySignature { page, signer } => {
                attorney_signature(canvas, &form, page, signer)
            }
            Lp1Page::Applicants { first } => applicants(canvas, &form, first),
            Lp1Page::Signatures { first } => signatures(canvas, &form, first),
            Lp1Page::Cs1 { first } => cs1(canvas, &form, first),
            Lp1Page::Cs2 { sheet } => cs2(canvas, &form, sheet),
            Lp1Page::Cs3 => cs3(canvas, &form),
            Lp1Page::Cs4 => cs4(canvas, &form),
            Lp1Page::Blank => canvas.intentionally_blank(),
        });
    }
    let title = match lpa_type {
        LpaType::PropertyAndFinancial => {
            "Lasting power of attorney for property and financial affairs (LP1F)"
        }
        LpaType::HealthAndWelfare => "Lasting power of attorney for health and welfare (LP1H)",
    };
    let title = match edition {
        Edition::Draft => format!("Draft: {title}, {}", lpa.id.a_reference()),
        Edition::Final => format!("{title}, {}", lpa.id.a_reference()),
    };
    writer.finish(&title)
}

/// A page's footer; a draft's says so ("-draft", as the real service's).
fn footer(
    canvas: &mut Canvas<'_, '_>,
    form: &Lp1<'_>,
    code: &str,
    page: Option<u8>,
    generated: bool,
) {
    let code = match form.edition {
        Edition::Draft => format!("{code}-draft"),
        Edition::Final => code.to_owned(),
    };
    canvas.footer(&code, page, generated);
}

fn section_heading(canvas: &mut Canvas<'_, '_>, section: &str, title: &str) -> f32 {
    canvas.helpline();
    let y = canvas.paragraph(
        MARGIN,
        CONTENT_TOP - 14.0,
        300.0,
        Face::Regular,
        14.0,
        section,
    );
    canvas.heading(2, MARGIN, y - 4.0, CONTENT_WIDTH - 100.0, 18.0, title) + 6.0
}

fn help(canvas: &mut Canvas<'_, '_>, y: f32, part: &str) -> f32 {
    canvas.paragraph(
        MARGIN,
        y,
        CONTENT_WIDTH,
        Face::Regular,
        BODY,
        &format!("Help? For help with this section, see the Guide, part {part}."),
    ) + 4.0
}

fn coversheet(canvas: &mut Canvas<'_, '_>, form: &Lp1<'_>, number: u8) {
    let kind = if form.pf() {
        "property and finance"
    } else {
        "health and welfare"
    };
    let mut y = CONTENT_TOP;
    match (form.edition, number) {
        (Edition::Final, 1) => {
            y = canvas.heading(
                1,
                MARGIN,
                y,
                CONTENT_WIDTH,
                22.0,
                &format!("Signing and registering your {kind} LPA"),
            );
            y = canvas.paragraphs(MARGIN, y + 6.0, CONTENT_WIDTH, &[
                "Your complete LPA and registration section follows this cover sheet. It will look different from the digital service but it includes all the information you entered online. It’s now ready for you to sign and send to OPG.",
                "Your LPA isn’t legally valid yet and your attorneys can’t use it. To make it valid, you need to sign it and register it with OPG. What you need to do:",
            ]);
            y = canvas.heading(
                3,
                MARGIN,
                y + 4.0,
                CONTENT_WIDTH,
                13.0,
                "Print and read the LPA",
            );
            y = canvas.paragraphs(MARGIN, y, CONTENT_WIDTH, &[
                "You can print the LPA single or 2-sided. If you print single-sided, there are blank pages between the main LPA document and any continuation sheets.",
                "Everyone must read section 8 before signing. Don’t staple or bind your LPA. Send it to us as loose pages.",
            ]);
            y = canvas.heading(
                3,
                MARGIN,
                y + 4.0,
                CONTENT_WIDTH,
                13.0,
                "Sign the LPA in the right order",
            );
            y = canvas.paragraphs(MARGIN, y, CONTENT_WIDTH, &[
                "The LPA must be signed in the right order - if not, OPG cannot register the LPA and you may have to pay the application fee again.",
                "Log into your online LPA account to check your signing dates and reprint if you’ve made a mistake.",
            ]);
            y = canvas.heading(
                3,
                MARGIN,
                y + 4.0,
                CONTENT_WIDTH,
                13.0,
                "How to sign and date your LPA",
            );
            let donor_step = if form.pf() {
                "1. Donor signs and dates any continuation sheets. Donor signs and dates section 9, followed by the donor’s witness."
            } else {
                "1. Donor signs and dates any continuation sheets. Donor signs and dates section 5 then section 9, followed by the donor’s witness. Witnesses must also complete both sections with their full name and address."
            };
            canvas.paragraphs(MARGIN, y, CONTENT_WIDTH, &[
                "People can sign on the same day or different days but must sign in the right order. Witnesses must give their full name and address. Please write in capital letters using a black pen.",
                donor_step,
                "2. Certificate provider signs and dates section 10.",
                "3. Attorneys and any replacement attorneys sign and date section 11, followed by their witnesses.",
                "4. The applicant signs and dates section 15. Don’t forget to send the notification letters if you have ‘people to notify’.",
            ]);
        }
        (Edition::Final, _) => {
            y = canvas.heading(
                2,
                MARGIN,
                y,
                CONTENT_WIDTH,
                16.0,
                "Who can be a witness in the LPA?",
            );
            y = canvas.bullets(MARGIN, y + 2.0, CONTENT_WIDTH, &[
                "anyone aged 18 or over, apart from the donor, can be a witness in an LPA",
                "the certificate provider and any ‘people to notify’ can be a witness",
                "attorneys or replacement attorneys can witness each other’s signature but not the donor’s",
            ]);
            y = canvas.heading(
                2,
                MARGIN,
                y + 6.0,
                CONTENT_WIDTH,
                16.0,
                "Post the LPA to OPG",
            );
            y = canvas.paragraphs(MARGIN, y, CONTENT_WIDTH, &["You must send:"]);
            y = canvas.bullets(
                MARGIN,
                y,
                CONTENT_WIDTH,
                &[
                    "all the pages of the LPA document (sections 1 to 15)",
                    "any continuation sheets you’ve used",
                ],
            );
            y = canvas.paragraphs(MARGIN, y + 2.0, CONTENT_WIDTH, &[
                "If applying for a fee reduction, you must also send your signed, completed application for exemption or remission (LPA120) and supporting evidence.",
                "If paying by cheque, you must also send a cheque for £92 or the reduced fee amount, made payable to ‘Office of the Public Guardian’; write the donor’s name on the back of the cheque.",
                "If you’ve paid online, OPG must receive the LPA within 40 days or your payment will be refunded.",
                "Send everything to: Office of the Public Guardian, PO Box 16185, Birmingham B2 2WH",
            ]);
            y = canvas.heading(
                2,
                MARGIN,
                y + 6.0,
                CONTENT_WIDTH,
                16.0,
                "What happens once OPG receives the LPA?",
            );
            canvas.paragraphs(MARGIN, y, CONTENT_WIDTH, &[
                "If there are no problems with the LPA, we’ll register it and send it to the correspondent.",
                "If we cannot register the LPA, we’ll write to the correspondent to let them know.",
            ]);
        }
        (Edition::Draft, 1) => {
            y = canvas.heading(
                1,
                MARGIN,
                y,
                CONTENT_WIDTH,
                22.0,
                &format!("Review your {kind} LPA"),
            );
            y = canvas.paragraphs(MARGIN, y + 6.0, CONTENT_WIDTH, &[
                "Your review LPA follows this cover sheet - note that sections 12 to 15 are not finalised. The LPA will look different from the online service but it includes all the information you entered online.",
                "Important - you do not need to print this version of the LPA.",
                "Don’t send this LPA to the Office of the Public Guardian (OPG) for registration until you’ve completed sections 12 to 15. Use the LPA online service to complete the remaining questions, confirm the details are correct and download a final version of the LPA with complete sections 12 to 15.",
            ]);
            y = canvas.heading(2, MARGIN, y + 4.0, CONTENT_WIDTH, 16.0, "Next steps");
            canvas.bullets(MARGIN, y, CONTENT_WIDTH, &[
                "Read through the LPA and check the details are correct.",
                "If you want to make changes, you must go back to the online service and edit the LPA there.",
                "Complete the final questions online, confirm and pay (if required).",
                "Once you’ve confirmed your details online you will get the final version to download and print for signing and sending to OPG.",
            ]);
        }
        (Edition::Draft, _) => {
            y = canvas.heading(
                2,
                MARGIN,
                y,
                CONTENT_WIDTH,
                16.0,
                "Important - if you wish to print and sign now",
            );
            canvas.paragraphs(MARGIN, y, CONTENT_WIDTH, &[
                "If you print and sign now, you’ll need to go online later to complete your LPA details. You’ll then need to print the completed sections 12 to 15 and add them to the LPA before you send it to OPG.",
                "Everyone must read section 8 before signing. Don’t staple or bind your LPA. Send it to us as loose pages.",
            ]);
        }
    }
    canvas.footer(&format!("Page {number}"), None, false);
}

fn form_page(canvas: &mut Canvas<'_, '_>, form: &Lp1<'_>, number: u8) {
    match number {
        1 => donor(canvas, form),
        2 => attorneys(canvas, form, 0),
        3 => attorneys(canvas, form, 2),
        4 => decisions(canvas, form),
        5 => replacements(canvas, form),
        6 if form.pf() => when_lpa_starts(canvas, form),
        6 => life_sustaining(canvas, form),
        7 => people_to_notify(canvas, form),
        8 => preferences_and_instructions(canvas, form),
        9 => rights(canvas, form),
        10 => donor_signature(canvas, form),
        11 => certificate_provider(canvas, form),
        16 => register_now(canvas, form),
        18 => correspondent(canvas, form),
        _ => fee(canvas, form),
    }
    let registration = number >= 16;
    let code = if registration {
        form.registration_footer()
    } else {
        form.instrument_footer()
    };
    footer(canvas, form, &code, Some(number), registration);
    if registration && form.edition == Edition::Draft {
        canvas.draft_watermark();
    }
}

fn donor(canvas: &mut Canvas<'_, '_>, form: &Lp1<'_>) {
    canvas.helpline();
    let title = if form.pf() {
        "Lasting power of attorney for property and financial affairs"
    } else {
        "Lasting power of attorney for health and welfare"
    };
    let mut y = canvas.heading(
        1,
        MARGIN,
        CONTENT_TOP - 14.0,
        CONTENT_WIDTH - 100.0,
        20.0,
        title,
    );
    y = canvas.paragraph(MARGIN, y + 4.0, 300.0, Face::Regular, 14.0, "Section 1");
    y = canvas.heading(2, MARGIN, y - 4.0, CONTENT_WIDTH, 18.0, "The donor") + 4.0;
    y = canvas.paragraphs(MARGIN, y, CONTENT_WIDTH, &[
        "You are appointing other people to make decisions on your behalf. You are ‘the donor’.",
        "Restrictions – you must be at least 18 years old and be able to understand and make decisions for yourself (called ‘mental capacity’).",
    ]);
    y = help(canvas, y, "A1");
    let donor = form.lpa.document.donor();
    let person = donor.map(|donor| PersonBox {
        name: Some(people::name_parts(&donor.name)),
        other_names: Some(donor.other_names.clone().unwrap_or_default()),
        dob: Some(donor.dob.date()),
        address: Some(&donor.address),
        email: Some(
            donor
                .email
                .as_ref()
                .map(|e| e.as_str().to_owned())
                .unwrap_or_default(),
        ),
        ..PersonBox::default()
    });
    people::person_panel(
        canvas,
        MARGIN,
        y,
        CONTENT_WIDTH,
        person.as_ref(),
        people::Fields::donor(),
    );
}

fn attorneys(canvas: &mut Canvas<'_, '_>, form: &Lp1<'_>, first: usize) {
    let mut y = if first == 0 {
        let y = section_heading(canvas, "Section 2", "The attorneys");
        let mut texts = vec![
            "The people you choose to make decisions for you are called your ‘attorneys’. Your attorneys don’t need special legal knowledge or training. They should be people you trust and know well.",
            "You need at least one attorney, but you can have more. You’ll also be able to choose ‘replacement attorneys’ in section 4.",
        ];
        if form.pf() {
            texts.push("To appoint a trust corporation, fill in the first attorney space and tick the box in that section. They must sign Continuation sheet 4.");
            texts.push("Restrictions – Attorneys must be at least 18 years old and must have mental capacity to make decisions. They must not be bankrupt or subject to a debt relief order.");
        } else {
            texts.push("Restrictions – Attorneys must be at least 18 years old and must have mental capacity to make decisions.");
        }
        let y = canvas.paragraphs(MARGIN, y, CONTENT_WIDTH, &texts);
        help(canvas, y, "A2")
    } else {
        section_heading(canvas, "Section 2", "continued")
    };
    let people: Vec<PersonBox> = form
        .layout
        .primary_attorneys
        .iter()
        .take(PRIMARY_ON_FORM)
        .map(|attorney| people::attorney_box(attorney, true))
        .collect();
    let fields = people::Fields {
        trust_tick: form.pf(),
        ..people::Fields::attorney()
    };
    y = people::two_people(canvas, y, &people, first, fields);
    if first == 2 {
        canvas.tick(
            form.layout.primary_attorneys.len() > PRIMARY_ON_FORM,
            "More attorneys\nI want to appoint more than 4 attorneys. Use Continuation sheet 1.",
            MARGIN,
            y + 4.0,
            CONTENT_WIDTH,
        );
    }
}

fn decisions(canvas: &mut Canvas<'_, '_>, form: &Lp1<'_>) {
    let mut y = section_heading(
        canvas,
        "Section 3",
        "How should your attorneys make decisions?",
    );
    y = canvas.paragraphs(MARGIN, y, CONTENT_WIDTH, &[
        "You need to choose whether your attorneys can make decisions on their own or must agree some or all decisions unanimously. Whatever you choose, they must always act in your best interests.",
    ]);
    y = help(canvas, y, "A3");
    let only_one = form.layout.primary_attorneys.len() == 1;
    let how = form.lpa.document.primary_decisions().how;
    y = canvas.tick(
        only_one,
        "I only appointed one attorney (turn to section 4)",
        MARGIN,
        y,
        CONTENT_WIDTH,
    );
    canvas.question(
        "How do you want your attorneys to work together? (tick one only)",
        &[
            (
                !only_one && how == Some(How::JointlyAttorneySeverally),
                "Jointly and severally\nAttorneys can make decisions on their own or together. Most people choose this option because it’s the most practical. If one attorney makes a decision, it has the same effect as if all the attorneys made that decision.",
            ),
            (
                !only_one && how == Some(How::Jointly),
                "Jointly\nAttorneys must agree unanimously on every decision, however big or small. Be careful – if one attorney dies or can no longer act, all your attorneys become unable to act.",
            ),
            (
                !only_one && matches!(how, Some(How::Depends(_))),
                "Jointly for some decisions, jointly and severally for other decisions\nAttorneys must agree unanimously on some decisions, but can make others on their own. If you choose this option, you must list the decisions your attorneys should make jointly and agree unanimously on Continuation sheet 2.",
            ),
        ],
        MARGIN,
        y + 4.0,
        CONTENT_WIDTH,
    );
}

fn replacements(canvas: &mut Canvas<'_, '_>, form: &Lp1<'_>) {
    let mut y = section_heading(canvas, "Section 4", "Replacement attorneys");
    let mut texts = vec![
        "This section is optional, but we recommend you consider it. Replacement attorneys are a backup in case one of your original attorneys can’t make decisions for you any more.",
    ];
    if form.pf() {
        texts.push("To appoint a trust corporation, fill in the first attorney space below and tick the box in that section. They must sign Continuation sheet 4.");
    }
    y = canvas.paragraphs(MARGIN, y, CONTENT_WIDTH, &texts);
    y = help(canvas, y, "A4");
    let people: Vec<PersonBox> = form
        .layout
        .replacement_attorneys
        .iter()
        .take(REPLACEMENTS_ON_FORM)
        .map(|attorney| people::attorney_box(attorney, false))
        .collect();
    let fields = people::Fields {
        trust_tick: form.pf(),
        email: false,
        ..people::Fields::attorney()
    };
    y = people::two_people(canvas, y, &people, 0, fields);
    y = canvas.tick(
        form.layout.replacement_attorneys.len() > REPLACEMENTS_ON_FORM,
        "More replacements\nI want to appoint more than two replacements. Use Continuation sheet 1.",
        MARGIN, y + 4.0, CONTENT_WIDTH,
    );
    y = canvas.paragraph(
        MARGIN,
        y + 4.0,
        CONTENT_WIDTH,
        Face::Bold,
        BODY,
        "When and how your replacement attorneys can act",
    ) + 2.0;
    y = canvas.paragraphs(MARGIN, y, CONTENT_WIDTH, &[
        "Replacement attorneys usually step in when one of your original attorneys stops acting for you. If there’s more than one replacement attorney, they will all step in at once. If they fully replace your original attorney(s) at once, they will usually act jointly. You can change some aspects of this, but most people don’t. See the Guide, part A4.",
    ]);
    canvas.tick(
        form.layout.replacement_arrangement.is_some(),
        "I want to change when or how my attorneys can act (optional). Use Continuation sheet 2.",
        MARGIN,
        y + 2.0,
        CONTENT_WIDTH,
    );
}

fn when_lpa_starts(canvas: &mut Canvas<'_, '_>, form: &Lp1<'_>) {
    let mut y = section_heading(
        canvas,
        "Section 5",
        "When can your attorneys make decisions?",
    );
    y = canvas.paragraphs(
        MARGIN,
        y,
        CONTENT_WIDTH,
        &["You can allow your attorneys to make decisions:"],
    );
    y = canvas.bullets(
        MARGIN,
        y,
        CONTENT_WIDTH,
        &[
            "as soon as the LPA has been registered by the Office of the Public Guardian",
            "only when you don’t have mental capacity",
        ],
    );
    y = canvas.paragraphs(
        MARGIN,
        y + 2.0,
        CONTENT_WIDTH,
        &["Your attorneys must always act in your best interests."],
    );
    y = help(canvas, y, "A5");
    y = canvas.paragraph(
        MARGIN,
        y,
        CONTENT_WIDTH,
        Face::Bold,
        BODY,
        "When do you want your attorneys to be able to make decisions? (mark one only)",
    ) + 3.0;
    let when = form.lpa.document.primary_decisions().when;
    y = canvas.tick(
        when == Some(WhenLpaStarts::Now),
        "As soon as my LPA has been registered (and also when I don’t have mental capacity)\nMost people choose this option because it is the most practical. While you still have mental capacity, your attorneys can only act with your consent.",
        MARGIN, y, CONTENT_WIDTH,
    );
    canvas.tick(
        when == Some(WhenLpaStarts::NoCapacity),
        "Only when I don’t have mental capacity\nBe careful – this can make your LPA a lot less useful. Your attorneys might be asked to prove you do not have mental capacity each time they try to use this LPA.",
        MARGIN, y + 4.0, CONTENT_WIDTH,
    );
}

fn life_sustaining(canvas: &mut Canvas<'_, '_>, form: &Lp1<'_>) {
    let mut y = section_heading(canvas, "Section 5", "Life-sustaining treatment");
    y = canvas.paragraphs(MARGIN, y, CONTENT_WIDTH, &[
        "This is an important part of your LPA. You must choose whether your attorneys can give or refuse consent to life-sustaining treatment on your behalf.",
        "Life-sustaining treatment means care, surgery, medicine or other help from doctors that’s needed to keep you alive.",
    ]);
    y = help(canvas, y, "A5");
    y = canvas.paragraph(
        MARGIN,
        y,
        CONTENT_WIDTH,
        Face::Bold,
        BODY,
        "Who do you want to make decisions about life-sustaining treatment? (sign only one option)",
    ) + 4.0;
    let options = [
        "Option A – I give my attorneys authority to give or refuse consent to life-sustaining treatment on my behalf.",
        "Option B – I do not give my attorneys authority to give or refuse consent to life-sustaining treatment on my behalf.",
    ];
    let chosen = form.lpa.document.primary_decisions().can_sustain_life;
    let mut bottom = y;
    for (column, option) in options.iter().enumerate() {
        let x = MARGIN + column as f32 * (HALF_WIDTH + HALF_GAP);
        let top = y;
        canvas.panel(x, top, HALF_WIDTH, 170.0);
        let mut inner = canvas.paragraph(
            x + 6.0,
            top + 4.0,
            HALF_WIDTH - 12.0,
            Face::Bold,
            BODY,
            option,
        );
        inner = canvas.answer(
            "Signature or mark",
            &[],
            x + 6.0,
            inner + 4.0,
            HALF_WIDTH - 12.0,
            2,
        );
        inner = canvas.date("Date signed or marked", None, x + 6.0, inner);
        bottom = bottom.max(inner.max(top + 170.0));
        // The option not chosen is crossed out.
        if chosen == Some(column == 1) {
            canvas.strike(x, top, HALF_WIDTH, 170.0);
        }
    }
    canvas.answer(
        "Witness: signature or mark",
        &[],
        MARGIN,
        bottom + 8.0,
        CONTENT_WIDTH,
        1,
    );
}

fn people_to_notify(canvas: &mut Canvas<'_, '_>, form: &Lp1<'_>) {
    let mut y = section_heading(
        canvas,
        "Section 6",
        "People to notify when the LPA is registered",
    );
    y = canvas.paragraphs(MARGIN, y, CONTENT_WIDTH, &[
        "This section is optional. You can let people know that you’re going to register your LPA. They can raise any concerns they have about the LPA – for example, if there was any pressure or fraud in making it.",
        "You can’t put your attorneys or replacement attorneys here.",
    ]);
    y = help(canvas, y, "A6");
    let people: Vec<PersonBox> = form
        .layout
        .people_to_notify
        .iter()
        .take(NOTIFIED_ON_FORM)
        .map(|person| PersonBox {
            name: Some(people::name_parts(&person.name)),
            address: Some(&person.address),
            ..PersonBox::default()
        })
        .collect();
    y = people::two_people(canvas, y, &people, 0, people::Fields::notified());
    y = people::two_people(canvas, y + 6.0, &people, 2, people::Fields::notified());
    canvas.tick(
        form.layout.people_to_notify.len() > NOTIFIED_ON_FORM,
        "I want to appoint another person to notify (maximum is 5) – use Continuation sheet 1.",
        MARGIN,
        y + 4.0,
        CONTENT_WIDTH,
    );
}

fn preferences_and_instructions(canvas: &mut Canvas<'_, '_>, form: &Lp1<'_>) {
    let mut y = section_heading(canvas, "Section 7", "Preferences and instructions");
    y = canvas.paragraphs(MARGIN, y, CONTENT_WIDTH, &[
        "This section is optional. You can tell your attorneys how you’d prefer them to make decisions, or give them specific instructions which they must follow when making decisions.",
    ]);
    y = help(canvas, y, "A7");
    for (heading, label, text, more) in [
        (
            "Preferences",
            "Preferences – use words like ‘prefer’ and ‘would like’",
            &form.layout.preferences,
            "I need more space – use Continuation sheet 2.",
        ),
        (
            "Instructions",
            "Instructions – use words like ‘must’ and ‘have to’",
            &form.layout.instructions,
            "I need more space – use Continuation sheet 2.",
        ),
    ] {
        y = canvas.heading(3, MARGIN, y + 4.0, CONTENT_WIDTH, 12.0, heading);
        let rows: Vec<&str> = text.on_form.iter().map(String::as_str).collect();
        let top = y;
        y = canvas.answer(label, &rows, MARGIN, y, CONTENT_WIDTH, FORM_BOX_ROWS);
        if text.is_empty() {
            canvas.strike(MARGIN, top, CONTENT_WIDTH, y - top);
        }
        y = canvas.tick(text.overflows(), more, MARGIN, y, CONTENT_WIDTH);
    }
}

fn rights(canvas: &mut Canvas<'_, '_>, form: &Lp1<'_>) {
    let mut y = section_heading(
        canvas,
        "Section 8",
        "Your legal rights and responsibilities",
    );
    y = canvas.paragraph(
        MARGIN,
        y,
        CONTENT_WIDTH,
        Face::Bold,
        BODY,
        "Everyone signing the LPA must read this information",
    ) + 3.0;
    y = canvas.paragraphs(MARGIN, y, CONTENT_WIDTH, &[
        "In sections 9 to 11, you, the certificate provider, all your attorneys and your replacement attorneys must sign this lasting power of attorney to form a legal agreement between you (a deed).",
        "Your attorneys must follow the principles of the Mental Capacity Act:",
    ]);
    y = canvas.paragraphs(MARGIN + 10.0, y, CONTENT_WIDTH - 10.0, &[
        "1. Your attorneys must assume that you can make your own decisions unless it is established that you cannot do so.",
        "2. Your attorneys must help you to make as many of your own decisions as you can. They cannot treat you as unable to make a decision unless all practicable steps to help you to do so have been made without success.",
        "3. Your attorneys must not treat you as unable to make a decision simply because you make an unwise decision.",
        "4. Your attorneys must make decisions and act in your best interests when you are unable to make the decision yourself.",
        "5. Before your attorneys make a decision or act for you, they must consider whether they can make the decision or act in a way that is less restrictive of your rights and freedom but still achieves the purpose.",
    ]);
    let use_when = if form.pf() {
        "it may be limited to when you don’t have mental capacity, according to your choice in section 5"
    } else {
        "your attorneys can only use this LPA if you don’t have mental capacity"
    };
    y = canvas.paragraphs(MARGIN, y, CONTENT_WIDTH, &["Before this LPA can be used:"]);
    y = canvas.bullets(
        MARGIN,
        y,
        CONTENT_WIDTH,
        &[
            "it must be registered by the Office of the Public Guardian (OPG)",
            use_when,
        ],
    );
    y = canvas.paragraphs(MARGIN, y + 2.0, CONTENT_WIDTH, &[
        "Cancelling your LPA: You can cancel this LPA at any time, as long as you have mental capacity to do so.",
        "Your will and your LPA: Your attorneys cannot use this LPA to change your will.",
        "Data protection: For information about how OPG uses your personal data, see the Guide, part D.",
    ]);
    help(canvas, y, "A8");
}

fn donor_signature(canvas: &mut Canvas<'_, '_>, form: &Lp1<'_>) {
    let mut y = section_heading(canvas, "Section 9", "Signature: donor");
    y = canvas.paragraphs(
        MARGIN,
        y,
        CONTENT_WIDTH,
        &["By signing on this page I confirm all of the following:"],
    );
    let authority = if form.pf() {
        "I appoint and give my attorneys authority to make decisions about my property and financial affairs, including when I cannot act for myself because I lack mental capacity, subject to the terms of this LPA and to the provisions of the Mental Capacity Act 2005"
    } else {
        "I appoint and give my attorneys authority to make decisions about my health and welfare, when I cannot act for myself because I lack mental capacity, subject to the terms of this LPA and to the provisions of the Mental Capacity Act 2005"
    };
    let mut items = vec![
        "I have read this lasting power of attorney (LPA) including section 8 ‘Your legal rights and responsibilities’, or I have had it read to me",
        authority,
        "I have either appointed people to notify (in section 6) or I have chosen not to notify anyone when the LPA is registered",
        "I agree to the information I’ve provided being used by the Office of the Public Guardian in carrying out its duties",
    ];
    if !form.pf() {
        items.push("I confirm I have chosen either Option A or Option B about life sustaining treatment in section 5 of this LPA");
    }
    y = canvas.bullets(MARGIN, y, CONTENT_WIDTH, &items);
    let marker: &[&str] = if form.layout.donor_cannot_sign {
        &["see continuation sheet 3"]
    } else {
        &[]
    };
    let top = y + 6.0;
    canvas.panel(MARGIN, top, HALF_WIDTH, 180.0);
    let mut left = canvas.paragraph(
        MARGIN + 6.0,
        top + 4.0,
        HALF_WIDTH - 12.0,
        Face::Bold,
        11.0,
        "Donor",
    );
    left = canvas.paragraphs(MARGIN + 6.0, left, HALF_WIDTH - 12.0, &["Signed (or marked) by the person giving this lasting power of attorney and delivered as a deed."]);
    left = canvas.answer(
        "Signature or mark",
        marker,
        MARGIN + 6.0,
        left,
        HALF_WIDTH - 12.0,
        2,
    );
    canvas.date("Date signed or marked", None, MARGIN + 6.0, left);
    let x = MARGIN + HALF_WIDTH + HALF_GAP;
    canvas.panel(x, top, HALF_WIDTH, 180.0);
    let mut right = canvas.paragraph(
        x + 6.0,
        top + 4.0,
        HALF_WIDTH - 12.0,
        Face::Bold,
        11.0,
        "Witness",
    );
    right = canvas.paragraphs(x + 6.0, right, HALF_WIDTH - 12.0, &["The witness must not be an attorney or replacement attorney appointed under this LPA, and must be aged 18 or over."]);
    right = canvas.answer(
        "Signature or mark",
        marker,
        x + 6.0,
        right,
        HALF_WIDTH - 12.0,
        2,
    );
    right = canvas.answer(
        "Full name of witness",
        &[],
        x + 6.0,
        right,
        HALF_WIDTH - 12.0,
        1,
    );
    canvas.answer("Address", &[], x + 6.0, right, HALF_WIDTH - 12.0, 2);
    y = top + 186.0;
    y = canvas.paragraphs(MARGIN, y, CONTENT_WIDTH, &[
        "If you have used Continuation sheets 1 or 2 you must sign and date each continuation sheet at the same time as you sign this page.",
        "If you can’t sign this LPA you can make a mark instead. If you can’t sign or make a mark you can instruct someone else to sign for you, using Continuation sheet 3.",
    ]);
    help(canvas, y, "A9");
}

fn certificate_provider(canvas: &mut Canvas<'_, '_>, form: &Lp1<'_>) {
    let mut y = section_heading(canvas, "Section 10", "Signature: certificate provider");
    y = canvas.paragraph(
        MARGIN,
        y,
        CONTENT_WIDTH,
        Face::Bold,
        BODY,
        "Only sign this section after the donor has signed section 9",
    ) + 3.0;
    y = canvas.paragraphs(MARGIN, y, CONTENT_WIDTH, &[
        "The ‘certificate provider’ signs to confirm they’ve discussed the lasting power of attorney (LPA) with the donor, and that the donor understands what they’re doing and nobody is forcing them to do it.",
        "A certificate provider can’t be one of the attorneys.",
        "Certificate provider’s statement: I certify that, as far as I’m aware, at the time of signing section 9: the donor understood the purpose of this LPA and the scope of the authority conferred under it; no fraud or undue pressure is being used to induce the donor to make this LPA; and there is nothing else which would prevent this LPA from being created by the completion of this form.",
    ]);
    let provider = form.lpa.document.certificate_provider();
    let person = provider.map(|provider| PersonBox {
        name: Some(people::name_parts(&provider.name)),
        address: Some(&provider.address),
        ..PersonBox::default()
    });
    y = canvas.heading(
        3,
        MARGIN,
        y + 4.0,
        CONTENT_WIDTH,
        12.0,
        "Certificate provider",
    );
    y = people::person_panel(
        canvas,
        MARGIN,
        y,
        CONTENT_WIDTH,
        person.as_ref(),
        people::Fields::notified(),
    );
    y = canvas.answer("Signature or mark", &[], MARGIN, y + 4.0, HALF_WIDTH, 2);
    y = canvas.date("Date signed or marked", None, MARGIN, y);
    help(canvas, y, "A10");
}

/// The height of section 11's two panels: the attorney's holds a signature, a date and the name.
const SIGNATURE_PANEL: f32 = 262.0;

fn attorney_signature(
    canvas: &mut Canvas<'_, '_>,
    form: &Lp1<'_>,
    page: u8,
    signer: Option<usize>,
) {
    let mut y = section_heading(canvas, "Section 11", "Signature: attorney or replacement");
    y = canvas.paragraph(
        MARGIN,
        y,
        CONTENT_WIDTH,
        Face::Bold,
        BODY,
        "Only sign this section after the certificate provider has signed section 10",
    ) + 3.0;
    y = canvas.paragraphs(MARGIN, y, CONTENT_WIDTH, &[
        "All the attorneys and replacement attorneys need to sign. There are 4 copies of this page – make more copies if you need to.",
        "By signing this section I understand and confirm all of the following:",
    ]);
    let last = if form.pf() {
        "I can make decisions and act only when this LPA has been registered and at the time indicated in section 5 of this LPA"
    } else {
        "I can make decisions and act only when this LPA has been registered and when the donor lacks mental capacity"
    };
    y = canvas.bullets(MARGIN, y, CONTENT_WIDTH, &[
        "I am aged 18 or over",
        "I have read this lasting power of attorney (LPA) including section 8 ‘Your legal rights and responsibilities’, or I have had it read to me",
        "I have a duty to act based on the principles of the Mental Capacity Act 2005 and to have regard to the Mental Capacity Act Code of Practice",
        "I must make decisions and act in the best interests of the donor",
        "I must take into account any instructions or preferences set out in this LPA",
        last,
    ]);
    y = canvas.paragraphs(MARGIN, y + 2.0, CONTENT_WIDTH, &[
        "Further statement by a replacement attorney: I understand that I have the authority to act under this LPA only after an original attorney’s appointment is terminated. I must notify the Public Guardian if this happens.",
    ]);
    let attorney = signer.and_then(|index| form.layout.signers.get(index));
    let top = y + 4.0;
    canvas.panel(MARGIN, top, HALF_WIDTH, SIGNATURE_PANEL);
    let mut left = canvas.paragraph(
        MARGIN + 6.0,
        top + 4.0,
        HALF_WIDTH - 12.0,
        Face::Bold,
        11.0,
        "Attorney or replacement attorney",
    );
    left = canvas.paragraphs(
        MARGIN + 6.0,
        left,
        HALF_WIDTH - 12.0,
        &["Signed (or marked) by the attorney or replacement attorney and delivered as a deed."],
    );
    left = canvas.answer(
        "Signature or mark",
        &[],
        MARGIN + 6.0,
        left,
        HALF_WIDTH - 12.0,
        2,
    );
    left = canvas.date("Date signed or marked", None, MARGIN + 6.0, left);
    let (title, first, last_name) = match attorney {
        Some(Attorney::Human(human)) => people::name_parts(&human.name),
        _ => Default::default(),
    };
    left = canvas.answer("Title", &[title.as_str()], MARGIN + 6.0, left, 60.0, 1);
    left = canvas.answer(
        "First names",
        &[first.as_str()],
        MARGIN + 6.0,
        left,
        HALF_WIDTH - 12.0,
        1,
    );
    canvas.answer(
        "Last name",
        &[last_name.as_str()],
        MARGIN + 6.0,
        left,
        HALF_WIDTH - 12.0,
        1,
    );
    let x = MARGIN + HALF_WIDTH + HALF_GAP;
    canvas.panel(x, top, HALF_WIDTH, SIGNATURE_PANEL);
    let mut right = canvas.paragraph(
        x + 6.0,
        top + 4.0,
        HALF_WIDTH - 12.0,
        Face::Bold,
        11.0,
        "Witness",
    );
    right = canvas.paragraphs(
        x + 6.0,
        right,
        HALF_WIDTH - 12.0,
        &["The witness must not be the donor of this LPA, and must be aged 18 or over."],
    );
    right = canvas.answer(
        "Signature or mark",
        &[],
        x + 6.0,
        right,
        HALF_WIDTH - 12.0,
        2,
    );
    right = canvas.answer(
        "Full names of witness",
        &[],
        x + 6.0,
        right,
        HALF_WIDTH - 12.0,
        1,
    );
    canvas.answer("Address", &[], x + 6.0, right, HALF_WIDTH - 12.0, 2);
    if attorney.is_none() {
        canvas.strike(MARGIN, top, CONTENT_WIDTH, SIGNATURE_PANEL);
    }
    help(canvas, top + SIGNATURE_PANEL + 6.0, "A11");
    footer(canvas, form, &form.instrument_footer(), Some(page), false);
}

fn register_now(canvas: &mut Canvas<'_, '_>, _form: &Lp1<'_>) {
    canvas.helpline();
    let mut y = canvas.heading(
        2,
        MARGIN,
        CONTENT_TOP,
        CONTENT_WIDTH,
        18.0,
        "Now register your LPA",
    ) + 4.0;
    y = canvas.paragraphs(MARGIN, y, CONTENT_WIDTH, &[
        "Before the LPA can be used, it must be registered by the Office of the Public Guardian (OPG). Continue filling in this form to register the LPA. See part B of the Guide.",
    ]);
    y = canvas.heading(3, MARGIN, y + 4.0, CONTENT_WIDTH, 12.0, "People to notify");
    y = canvas.paragraphs(MARGIN, y, CONTENT_WIDTH, &[
        "If there are any ‘people to notify’ listed in section 6, you must notify them that you are registering the LPA now. See part C of the Guide.",
        "Fill in and send each of them a copy of the form to notify people – LP3.",
        "When you sign section 15 of this form, you are confirming that you’ve sent forms to the ‘people to notify’.",
    ]);
    y = canvas.heading(3, MARGIN, y + 4.0, CONTENT_WIDTH, 12.0, "Register now");
    canvas.paragraphs(MARGIN, y, CONTENT_WIDTH, &[
        "You do not have to register immediately, but it’s a good idea in case you’ve made any mistakes. If you delay until after the donor loses mental capacity, it will be impossible to fix any errors. This could make the whole LPA invalid and it will not be possible to register or use it.",
    ]);
}

fn applicants(canvas: &mut Canvas<'_, '_>, form: &Lp1<'_>, first: usize) {
    canvas.helpline();
    let mut y = canvas.heading(
        2,
        MARGIN,
        CONTENT_TOP - 14.0,
        CONTENT_WIDTH,
        16.0,
        "Register your lasting power of attorney",
    );
    y = canvas.paragraph(MARGIN, y + 2.0, 300.0, Face::Regular, 14.0, "Section 12");
    y = canvas.heading(3, MARGIN, y - 4.0, CONTENT_WIDTH, 18.0, "The applicant") + 4.0;
    y = canvas.paragraphs(MARGIN, y, CONTENT_WIDTH, &[
        "You can only apply to register if you are either the donor or attorney(s) for this LPA. The donor and attorney(s) should not apply together.",
    ]);
    y = canvas.paragraph(
        MARGIN,
        y,
        CONTENT_WIDTH,
        Face::Bold,
        BODY,
        "Who is applying to register the LPA? (tick one only)",
    ) + 3.0;
    let applicants = &form.layout.applicants;
    y = canvas.tick(
        matches!(applicants, Some(Applicants::Donor)),
        "Donor\nthe donor needs to sign section 15",
        MARGIN,
        y,
        CONTENT_WIDTH,
    );
    y = canvas.tick(
        matches!(applicants, Some(Applicants::Attorneys(_))),
        "Attorney(s)\nIf the attorneys were appointed jointly (in section 3) then they all need to sign section 15. Otherwise, only one of the attorneys needs to sign.",
        MARGIN, y, CONTENT_WIDTH,
    );
    y = canvas.paragraphs(MARGIN, y + 2.0, CONTENT_WIDTH, &[
        "Write the name and date of birth for each attorney that is applying to register the LPA. Don’t include any attorneys who are not applying.",
    ]);
    let people: Vec<PersonBox> = match applicants {
        Some(Applicants::Attorneys(attorneys)) => attorneys
            .iter()
            .map(|attorney| PersonBox {
                address: None,
                email: None,
                ..people::attorney_box(attorney, false)
            })
            .collect(),
        _ => Vec::new(),
    };
    let page_people: Vec<PersonBox> = people
        .iter()
        .skip(first)
        .take(APPLICANTS_PER_PAGE)
        .cloned()
        .collect();
    let answered = applicants.is_some();
    let fields = people::Fields::applicant();
    for row in [0, 2] {
        if answered {
            y = people::two_people(canvas, y, &page_people, row, fields);
        } else {
            // Not answered yet (a draft): the boxes are left to fill in.
            let mut bottom = y;
            for column in 0..2 {
                let x = MARGIN + column as f32 * (HALF_WIDTH + HALF_GAP);
                bottom = bottom.max(people::person_panel(canvas, x, y, HALF_WIDTH, None, fields));
            }
            y = bottom;
        }
        y += 6.0;
    }
    help(canvas, y, "B2");
    footer(canvas, form, &form.registration_footer(), Some(17), true);
    if form.edition == Edition::Draft {
        canvas.draft_watermark();
    }
}

fn correspondent(canvas: &mut Canvas<'_, '_>, form: &Lp1<'_>) {
    use crate::lpa::correspondent::CorrespondentRole;
    let mut y = section_heading(canvas, "Section 13", "Who do you want to receive the LPA?");
    y = canvas.paragraphs(MARGIN, y, CONTENT_WIDTH, &[
        "We need to know who to send the LPA to once it is registered. We might also need to contact someone with questions about the application.",
        "We already have the addresses of the donor and attorneys, so you don’t have to repeat any of those here, unless they have changed.",
    ]);
    let correspondent = form.lpa.document.correspondent_or_donor();
    let who = correspondent.as_ref().map(|c| c.who());
    y = canvas.question(
        "Who would you like to receive the LPA and any correspondence?",
        &[
            (who == Some(CorrespondentRole::Donor), "The donor"),
            (
                matches!(who, Some(CorrespondentRole::Attorney(_))),
                "An attorney\n(write name below)",
            ),
            (
                matches!(
                    who,
                    Some(CorrespondentRole::Other | CorrespondentRole::CertificateProvider)
                ),
                "Other\n(write name and address below)",
            ),
        ],
        MARGIN,
        y,
        CONTENT_WIDTH,
    );
    let named = correspondent
        .as_ref()
        .filter(|c| c.who() != CorrespondentRole::Donor);
    let person = named.map(|c| PersonBox {
        name: Some(c.name().map(people::name_parts).unwrap_or_default()),
        company: Some(c.company().unwrap_or_default().to_owned()),
        address: (!matches!(c.who(), CorrespondentRole::Attorney(_))).then(|| c.address()),
        ..PersonBox::default()
    });
    let top = y;
    y = people::person_panel(
        canvas,
        MARGIN,
        y,
        CONTENT_WIDTH,
        person.as_ref(),
        people::Fields::correspondent(),
    );
    if named.is_none() {
        canvas.strike(MARGIN, top, CONTENT_WIDTH, y - top);
    }
    let contact = correspondent.as_ref().and_then(|c| c.contact());
    y = canvas.paragraph(
        MARGIN,
        y + 4.0,
        CONTENT_WIDTH,
        Face::Bold,
        BODY,
        "How would the person above prefer to be contacted? You can choose more than one.",
    ) + 3.0;
    y = canvas.tick(
        contact.is_some_and(|c| c.by_post()),
        "Post",
        MARGIN,
        y,
        CONTENT_WIDTH,
    );
    let phone = contact
        .and_then(|c| c.phone())
        .map(|p| p.as_str().replace(' ', ""));
    y = canvas.tick(phone.is_some(), "Phone", MARGIN, y, 120.0);
    y = canvas.answer(
        "Phone number",
        &[phone.as_deref().unwrap_or_default()],
        MARGIN + 20.0,
        y,
        200.0,
        1,
    );
    let email = contact
        .and_then(|c| c.email())
        .map(|e| e.as_str().to_owned());
    y = canvas.tick(email.is_some(), "Email", MARGIN, y, 120.0);
    y = canvas.answer(
        "Email address",
        &[email.as_deref().unwrap_or_default()],
        MARGIN + 20.0,
        y,
        CONTENT_WIDTH - 20.0,
        1,
    );
    y = canvas.tick(
        contact.is_some_and(|c| c.in_welsh()),
        "Welsh\n(we will write to the person in Welsh)",
        MARGIN,
        y,
        CONTENT_WIDTH,
    );
    help(canvas, y, "B3");
}

fn fee(canvas: &mut Canvas<'_, '_>, form: &Lp1<'_>) {
    let mut y = section_heading(canvas, "Section 14", "Application fee");
    y = canvas.paragraphs(MARGIN, y, CONTENT_WIDTH, &[
        "There’s a fee for registering a lasting power of attorney – the amount is shown on the cover sheet of this form or on form LPA120.",
        "The Office of the Public Guardian can’t register your LPA until you have paid the fee.",
    ]);
    let payment = form.lpa.payment.as_ref();
    let method = payment.and_then(|p| p.method);
    y = canvas.paragraph(
        MARGIN,
        y,
        CONTENT_WIDTH,
        Face::Bold,
        BODY,
        "How would you like to pay?",
    ) + 3.0;
    y = canvas.tick(
        method == Some(PaymentMethod::Card),
        "Card\nFor security, don’t write your credit or debit card details here. We’ll contact you to process the payment.",
        MARGIN, y, CONTENT_WIDTH,
    );
    let phone: &[&str] = if method == Some(PaymentMethod::Card) {
        &["NOT REQUIRED."]
    } else {
        &[]
    };
    y = canvas.answer("Your phone number", phone, MARGIN + 20.0, y, 200.0, 1);
    y = canvas.tick(
        method == Some(PaymentMethod::Cheque),
        "Cheque\nEnclose a cheque with your application.",
        MARGIN,
        y,
        CONTENT_WIDTH,
    );
    y = canvas.paragraph(
        MARGIN,
        y + 4.0,
        CONTENT_WIDTH,
        Face::Bold,
        BODY,
        "Reduced application fee",
    ) + 2.0;
    y = canvas.tick(
        payment.is_some_and(|p| p.reduction.is_reduction()),
        "I want to apply to pay a reduced fee\nYou’ll need to fill in form LPA120 and include it with your application. You’ll also need to send proof that the donor is eligible to pay a reduced fee.",
        MARGIN, y, CONTENT_WIDTH,
    );
    y = canvas.paragraph(
        MARGIN,
        y + 4.0,
        CONTENT_WIDTH,
        Face::Bold,
        BODY,
        "Are you making a repeat application?",
    ) + 2.0;
    let case_number = form.lpa.repeat_case_number.map(|number| number.digits());
    y = canvas.tick(
        case_number.is_some(),
        "I’m making a repeat application",
        MARGIN,
        y,
        CONTENT_WIDTH,
    );
    y = canvas.answer(
        "Case number",
        &[case_number.as_deref().unwrap_or_default()],
        MARGIN + 20.0,
        y,
        200.0,
        1,
    );
    y = canvas.paragraph(
        MARGIN,
        y + 4.0,
        CONTENT_WIDTH,
        Face::Bold,
        BODY,
        "For OPG office use only",
    ) + 2.0;
    let paid = payment.filter(|p| p.reference.is_some());
    let reference = paid.and_then(|p| p.reference.clone()).unwrap_or_default();
    let amount = paid
        .map(|p| format!("£{:.2}", f64::from(p.amount.unwrap_or(0))))
        .unwrap_or_default();
    y = canvas.answer(
        "Payment reference (made online)",
        &[reference.as_str()],
        MARGIN,
        y,
        HALF_WIDTH,
        1,
    );
    y = canvas.date(
        "Payment date",
        paid.and_then(|p| p.date).map(|d| d.date_naive()),
        MARGIN,
        y,
    );
    canvas.answer("Amount", &[amount.as_str()], MARGIN, y, 120.0, 1);
    if form.edition == Edition::Final {
        barcode(canvas, form);
    }
}

/// The LPA's reference as a Code 39 barcode, bottom left of page 19 (as the real service's), and
/// the reference beside it.
fn barcode(canvas: &mut Canvas<'_, '_>, form: &Lp1<'_>) {
    let reference = form.lpa.id.a_reference();
    let compact = reference.replace(' ', "");
    let bars = super::barcode::code39(&compact, MARGIN + 10.0, 1.0);
    canvas.bars(
        &bars,
        842.0 - 60.0,
        25.0,
        &format!("Barcode of the LPA reference {reference}"),
    );
    canvas.paragraph(300.0, 842.0 - 62.0, 150.0, Face::Mono, 10.0, &reference);
}

fn signatures(canvas: &mut Canvas<'_, '_>, form: &Lp1<'_>, first: usize) {
    let mut y = section_heading(canvas, "Section 15", "Signature");
    y = canvas.paragraph(
        MARGIN,
        y,
        CONTENT_WIDTH,
        Face::Bold,
        BODY,
        "Do not sign this section until after sections 9, 10 and 11 have been signed.",
    ) + 3.0;
    y = canvas.paragraphs(MARGIN, y, CONTENT_WIDTH, &[
        "The person applying to register the LPA (see section 12) must sign and date this section. This is either the donor or attorney(s) but not both together.",
        "If the attorneys are applying to register the LPA and they were appointed to act jointly (in section 3), they must all sign.",
        "By signing this section I confirm the following:",
    ]);
    y = canvas.bullets(MARGIN, y, CONTENT_WIDTH, &[
        "I apply to register the LPA that accompanies this application",
        "I have informed ‘people to notify’ named in section 6 of the LPA (if any) of my intention to register the LPA",
        "I certify that the information in this form is correct to the best of my knowledge and belief",
    ]);
    // As many boxes as there are people to sign on this page; before the applicant is chosen
    // (a draft), all four.
    let signing = form
        .layout
        .applicants
        .as_ref()
        .map_or(APPLICANTS_PER_PAGE, |a| {
            a.signatures()
                .saturating_sub(first)
                .min(APPLICANTS_PER_PAGE)
        });
    for row in 0..2 {
        let mut bottom = y;
        for column in 0..2 {
            let index = row * 2 + column;
            if index >= signing {
                continue;
            }
            let x = MARGIN + column as f32 * (HALF_WIDTH + HALF_GAP);
            canvas.panel(x, y, HALF_WIDTH, 110.0);
            let inner = canvas.answer(
                "Signature or mark",
                &[],
                x + 6.0,
                y + 6.0,
                HALF_WIDTH - 12.0,
                2,
            );
            canvas.date("Date signed", None, x + 6.0, inner);
            bottom = bottom.max(y + 116.0);
        }
        y = bottom;
    }
    y = canvas.paragraphs(
        MARGIN,
        y + 4.0,
        CONTENT_WIDTH,
        &["If more than 4 attorneys need to sign, make copies of this page."],
    );
    help(canvas, y, "B5");
    footer(canvas, form, &form.registration_footer(), Some(20), true);
    if form.edition == Edition::Draft {
        canvas.draft_watermark();
    }
}

fn continuation_heading(canvas: &mut Canvas<'_, '_>, number: u8, title: &str) -> f32 {
    canvas.helpline();
    let y = canvas.paragraph(
        MARGIN,
        CONTENT_TOP - 14.0,
        300.0,
        Face::Regular,
        14.0,
        &format!("Continuation sheet {number}"),
    );
    canvas.heading(2, MARGIN, y - 4.0, CONTENT_WIDTH, 18.0, title) + 6.0
}

/// The donor's signature panel at the foot of continuation sheets 1 and 2.
fn donor_signs_sheet(canvas: &mut Canvas<'_, '_>, form: &Lp1<'_>, top: f32) {
    canvas.panel(MARGIN, top, CONTENT_WIDTH, 120.0);
    let mut y = canvas.paragraph(
        MARGIN + 6.0,
        top + 4.0,
        CONTENT_WIDTH - 12.0,
        Face::Bold,
        11.0,
        "Donor",
    );
    y = canvas.paragraphs(
        MARGIN + 6.0,
        y,
        CONTENT_WIDTH - 12.0,
        &["You must sign here before you sign section 9 of the LPA, or on the same day."],
    );
    let name = form.donor_name();
    y = canvas.answer(
        "Full name",
        &[name.as_str()],
        MARGIN + 6.0,
        y,
        CONTENT_WIDTH - 12.0,
        1,
    );
    let signature_bottom = canvas.answer("Signature or mark", &[], MARGIN + 6.0, y, HALF_WIDTH, 1);
    let _ = signature_bottom;
    canvas.date(
        "Date signed or marked",
        None,
        MARGIN + HALF_WIDTH + HALF_GAP,
        y,
    );
}

fn cs1(canvas: &mut Canvas<'_, '_>, form: &Lp1<'_>, first: usize) {
    let mut y = continuation_heading(canvas, 1, "Additional people");
    y = canvas.paragraphs(
        MARGIN,
        y,
        CONTENT_WIDTH,
        &[
            "Use this page if told to in section 2, 4 or 6 of the lasting power of attorney form.",
            "If you use this page, you must sign it.",
        ],
    );
    y = help(canvas, y, "A2, A4 and A6");
    let mut bottom = y;
    for column in 0..PEOPLE_PER_SHEET {
        let x = MARGIN + column as f32 * (HALF_WIDTH + HALF_GAP);
        let person = form.layout.extra_people.get(first + column);
        let mut top = y;
        top = canvas.tick(
            matches!(person, Some(ExtraPerson::Attorney(_))),
            "Attorney\nLPA section 2",
            x,
            top,
            HALF_WIDTH,
        );
        top = canvas.tick(
            matches!(person, Some(ExtraPerson::Replacement(_))),
            "Replacement attorney\nLPA section 4",
            x,
            top,
            HALF_WIDTH,
        );
        top = canvas.tick(
            matches!(person, Some(ExtraPerson::ToNotify(_))),
            "Person to notify\nLPA section 6",
            x,
            top,
            HALF_WIDTH,
        );
        let details = person.map(|person| match person {
            ExtraPerson::Attorney(attorney) | ExtraPerson::Replacement(attorney) => {
                people::attorney_box(attorney, true)
            }
            ExtraPerson::ToNotify(notified) => PersonBox {
                name: Some(people::name_parts(&notified.name)),
                address: Some(&notified.address),
                ..PersonBox::default()
            },
        });
        let end = people::person_panel(
            canvas,
            x,
            top,
            HALF_WIDTH,
            details.as_ref(),
            people::Fields::continuation(),
        );
        if person.is_none() {
            canvas.strike(x, y, HALF_WIDTH, end - y);
        }
        bottom = bottom.max(end);
    }
    donor_signs_sheet(canvas, form, bottom + 8.0);
    footer(
        canvas,
        form,
        "LPC Continuation sheet 1 (07.15)",
        None,
        false,
    );
}

fn cs2(canvas: &mut Canvas<'_, '_>, form: &Lp1<'_>, sheet: usize) {
    let Some(sheet) = form.layout.cs2.get(sheet) else {
        return;
    };
    let mut y = continuation_heading(canvas, 2, "Additional information");
    y = canvas.paragraphs(
        MARGIN,
        y,
        CONTENT_WIDTH,
        &[
            "Use this page if told to in section 3, 4 or 7 of the lasting power of attorney form.",
            "If you use this page, you must sign it.",
        ],
    );
    y = help(canvas, y, "A3, A4 and A7");
    y = canvas.paragraph(MARGIN, y, CONTENT_WIDTH, Face::Bold, BODY, "What additional information are you providing? Use a fresh copy of this page for each type of additional information.") + 3.0;
    for (topic, label) in [
        (
            Cs2Topic::Decisions,
            "Decisions attorneys should make jointly\nLPA section 3",
        ),
        (
            Cs2Topic::ReplacementsStepIn,
            "How replacement attorneys step in and act\nLPA section 4",
        ),
        (Cs2Topic::Preferences, "Preferences\nLPA section 7"),
        (Cs2Topic::Instructions, "Instructions\nLPA section 7"),
    ] {
        y = canvas.tick(sheet.topic == topic, label, MARGIN, y, CONTENT_WIDTH);
    }
    let continued = if sheet.continued { "(Continued)" } else { "" };
    let rows: Vec<&str> = std::iter::once(continued)
        .chain(sheet.rows.iter().map(String::as_str))
        .collect();
    y = canvas.answer("", &rows, MARGIN, y + 4.0, CONTENT_WIDTH, SHEET_ROWS + 1);
    donor_signs_sheet(canvas, form, y + 4.0);
    footer(
        canvas,
        form,
        "LPC Continuation sheet 2 (07.15)",
        None,
        false,
    );
}

fn cs3(canvas: &mut Canvas<'_, '_>, form: &Lp1<'_>) {
    let mut y = continuation_heading(canvas, 3, "If the donor cannot sign or mark");
    y = canvas.paragraph(MARGIN, y, CONTENT_WIDTH, Face::Bold, BODY, "Only fill in this page if the donor cannot sign or make a mark in section 9 of the lasting power of attorney form") + 3.0;
    let name = form.donor_name();
    y = canvas.answer(
        "Donor: full name",
        &[name.as_str()],
        MARGIN,
        y,
        CONTENT_WIDTH,
        1,
    );
    y = canvas.heading(3, MARGIN, y + 2.0, CONTENT_WIDTH, 12.0, "Signatory");
    y = canvas.paragraphs(MARGIN, y, CONTENT_WIDTH, &["You must:"]);
    y = canvas.bullets(
        MARGIN,
        y,
        CONTENT_WIDTH,
        &[
            "sign in the donor’s presence and in the presence of 2 witnesses",
            "sign in your own name",
            "not also be a witness to this LPA",
            "sign any copies of Continuation Sheet 1 and 2 used in this LPA at the same time",
        ],
    );
    y = canvas.paragraphs(MARGIN, y + 2.0, CONTENT_WIDTH, &[
        "Signed as a deed and delivered in the presence of and at the direction of the person giving this lasting power of attorney and in the presence of two witnesses.",
    ]);
    y = canvas.answer("Signature or mark", &[], MARGIN, y, HALF_WIDTH, 2);
    y = canvas.answer("Full name of person signing", &[], MARGIN, y, HALF_WIDTH, 1);
    y = canvas.date("Date signed or marked", None, MARGIN, y);
    y = canvas.heading(3, MARGIN, y + 2.0, CONTENT_WIDTH, 12.0, "Witnesses");
    y = canvas.paragraphs(MARGIN, y, CONTENT_WIDTH, &["Witnesses must not be attorneys or replacement attorneys appointed under this LPA and must be aged 18 or over."]);
    for (column, which) in ["first", "second"].iter().enumerate() {
        let x = MARGIN + column as f32 * (HALF_WIDTH + HALF_GAP);
        let mut inner = canvas.answer(
            &format!("Signature or mark of {which} witness"),
            &[],
            x,
            y,
            HALF_WIDTH,
            1,
        );
        inner = canvas.answer(
            &format!("Full name of {which} witness"),
            &[],
            x,
            inner,
            HALF_WIDTH,
            1,
        );
        canvas.answer(
            &format!("Address of {which} witness"),
            &[],
            x,
            inner,
            HALF_WIDTH,
            2,
        );
    }
    help(canvas, 842.0 - 70.0, "A9");
    footer(
        canvas,
        form,
        "LPC Continuation sheet 3 (07.15)",
        None,
        false,
    );
}

fn cs4(canvas: &mut Canvas<'_, '_>, form: &Lp1<'_>) {
    let mut y = continuation_heading(canvas, 4, "Trust corporation appointed as an attorney");
    y = canvas.paragraph(MARGIN, y, CONTENT_WIDTH, Face::Bold, BODY, "Only use this page if the donor has appointed a trust corporation as an attorney or replacement attorney") + 3.0;
    y = canvas.paragraphs(MARGIN, y, CONTENT_WIDTH, &["By execution of this deed the trust corporation understands and confirms all of the following:"]);
    y = canvas.bullets(MARGIN, y, CONTENT_WIDTH, &[
        "It has read this lasting power of attorney (LPA), including section 8 ‘Your legal rights and responsibilities’.",
        "It has a duty to act based on the principles of the Mental Capacity Act 2005 and to have regard to the Mental Capacity Act Code of Practice.",
        "It can make decisions and act only when this LPA has been registered.",
        "It must make decisions and act in the best interests of the person giving this LPA.",
        "It is not going through winding-up proceedings.",
        "It has a duty to keep accounts and financial records and produce them to the Office of the Public Guardian or to the Court of Protection on request.",
    ]);
    let trust = form.layout.trust_corporation;
    y = canvas.answer(
        "Trust corporation",
        &[trust.map(|t| t.name()).unwrap_or_default()],
        MARGIN,
        y + 4.0,
        CONTENT_WIDTH,
        1,
    );
    y = canvas.answer(
        "Company registration number",
        &[trust.map(|t| t.number()).unwrap_or_default()],
        MARGIN,
        y,
        HALF_WIDTH,
        1,
    );
    y = canvas.paragraphs(MARGIN, y, CONTENT_WIDTH, &[
        "I/We are authorised to sign on behalf of the trust corporation acting as attorney whose details are given in this continuation sheet to this lasting power of attorney.",
        "Signed as a deed and delivered by:",
    ]);
    for (column, which) in ["first", "second"].iter().enumerate() {
        let x = MARGIN + column as f32 * (HALF_WIDTH + HALF_GAP);
        let mut inner = canvas.answer(
            &format!("Signature of {which} authorised person"),
            &[],
            x,
            y,
            HALF_WIDTH,
            1,
        );
        inner = canvas.answer(
            &format!("Full name of {which} authorised person"),
            &[],
            x,
            inner,
            HALF_WIDTH,
            1,
        );
        canvas.date("Date signed or marked", None, x, inner);
    }
    help(canvas, 842.0 - 70.0, "A11");
    footer(
        canvas,
        form,
        "LPC Continuation sheet 4 (07.15)",
        None,
        false,
    );
}

//! The LPA120, the application for a fee exemption or remission (the template in force from 17
//! November 2025; docs/lpa-forms-notes.md §7): two pages of guidance, then the form, filled from
//! the LPA's fee reduction and, as the real service does, with the correspondent as the applicant.
use super::draw::{Canvas, Face, FormWriter, BODY, CONTENT_TOP, CONTENT_WIDTH, HALF_WIDTH, MARGIN};
use crate::lpa::correspondent::CorrespondentRole;
use crate::lpa::model::{Lpa, LpaType};
use crate::lpa::payment::FeeReduction;

const FOOTER: &str =
    "LPA120 Application for exemption or remission of LPA/EPA application fees (09.25)";
const FORM_FOOTER: &str =
    "LPA120A Application for exemption or remission of LPA/EPA application fees (09.25)";

pub fn draw(lpa: &Lpa, lpa_type: LpaType) -> Result<Vec<u8>, String> {
    let mut writer = FormWriter::new();
    writer.page(guidance_fees);
    writer.page(guidance_reductions);
    writer.page(|canvas| about_the_case(canvas, lpa, lpa_type));
    writer.page(|canvas| the_reduction(canvas, lpa));
    writer.finish(&format!(
        "Application for exemption or remission of LPA/EPA application fees (LPA120), {}",
        lpa.id.a_reference()
    ))
}

fn guidance_fees(canvas: &mut Canvas<'_, '_>) {
    let mut y = canvas.paragraph(
        MARGIN,
        CONTENT_TOP - 14.0,
        CONTENT_WIDTH,
        Face::Regular,
        11.0,
        "Office of the Public Guardian",
    );
    y = canvas.heading(
        1,
        MARGIN,
        y,
        CONTENT_WIDTH,
        20.0,
        "LPA and EPA fees, with effect from 17 November 2025",
    ) + 4.0;
    y = canvas.bullets(
        MARGIN,
        y,
        CONTENT_WIDTH,
        &[
            "Lasting power of attorney (LPA) application fee: £92",
            "Enduring power of attorney (EPA) application fee: £92",
            "Repeat LPA application fee (within 3 months of the first application): £46",
            "Office copies: £35 (LPA or EPA), £25 for each further copy",
        ],
    );
    y = canvas.heading(
        2,
        MARGIN,
        y + 6.0,
        CONTENT_WIDTH,
        14.0,
        "Exemption and remission of application fees",
    );
    canvas.paragraphs(MARGIN, y, CONTENT_WIDTH, &[
        "You may not have to pay the fee, or may pay a reduced fee, if the donor receives certain means-tested benefits, has a low income or receives Universal Credit.",
        "You must send evidence with this application. If you do not, the application will be refused.",
    ]);
    canvas.footer(FOOTER, Some(1), false);
}

fn guidance_reductions(canvas: &mut Canvas<'_, '_>) {
    let mut y = canvas.heading(
        2,
        MARGIN,
        CONTENT_TOP,
        CONTENT_WIDTH,
        14.0,
        "Exemption based on benefits",
    );
    y = canvas.paragraphs(MARGIN, y, CONTENT_WIDTH, &[
        "The donor does not have to pay the fee if they receive a means-tested benefit and have not been awarded personal injury damages of more than £16,000 which were ignored when the benefit was assessed.",
    ]);
    y = canvas.heading(
        2,
        MARGIN,
        y + 4.0,
        CONTENT_WIDTH,
        14.0,
        "Remission based on income",
    );
    y = canvas.paragraphs(
        MARGIN,
        y,
        CONTENT_WIDTH,
        &["If the donor’s gross annual income is less than £12,000, they pay half the fee."],
    );
    y = canvas.heading(
        2,
        MARGIN,
        y + 4.0,
        CONTENT_WIDTH,
        14.0,
        "Remission based on Universal Credit",
    );
    y = canvas.paragraphs(
        MARGIN,
        y,
        CONTENT_WIDTH,
        &["If the donor receives Universal Credit, we will contact you about the fee."],
    );
    y = canvas.heading(2, MARGIN, y + 4.0, CONTENT_WIDTH, 14.0, "Contact OPG");
    canvas.paragraphs(MARGIN, y, CONTENT_WIDTH, &[
        "Office of the Public Guardian, PO Box 16185, Birmingham B2 2WH. Telephone 0300 456 0300.",
    ]);
    canvas.footer(FOOTER, Some(2), false);
}

fn about_the_case(canvas: &mut Canvas<'_, '_>, lpa: &Lpa, lpa_type: LpaType) {
    let mut y = canvas.heading(
        1,
        MARGIN,
        CONTENT_TOP - 14.0,
        CONTENT_WIDTH,
        18.0,
        "Application for exemption or remission of LPA/EPA application fees",
    ) + 4.0;
    y = canvas.heading(
        2,
        MARGIN,
        y,
        CONTENT_WIDTH,
        13.0,
        "Section 1 – About the case",
    );
    let donor = lpa.document.donor();
    let donor_name = donor.map(|d| d.name.to_string()).unwrap_or_default();
    y = canvas.answer(
        "Donor’s full name",
        &[donor_name.as_str()],
        MARGIN,
        y,
        CONTENT_WIDTH,
        1,
    );
    let address = donor
        .map(|d| d.address.lines().join(", "))
        .unwrap_or_default();
    y = canvas.answer(
        "Donor’s address",
        &[address.as_str()],
        MARGIN,
        y,
        CONTENT_WIDTH,
        2,
    );
    let case_number = lpa
        .repeat_case_number
        .map(|n| n.digits())
        .unwrap_or_default();
    y = canvas.answer(
        "Case number/ref. (if known)",
        &[case_number.as_str()],
        MARGIN,
        y,
        HALF_WIDTH,
        1,
    );
    y = canvas.paragraph(
        MARGIN,
        y,
        CONTENT_WIDTH,
        Face::Bold,
        BODY,
        "Which fee does this application relate to?",
    ) + 3.0;
    y = canvas.tick(true, "LPA application fee", MARGIN, y, CONTENT_WIDTH);
    y = canvas.tick(
        lpa.repeat_case_number.is_some(),
        "Repeat LPA application fee",
        MARGIN,
        y,
        CONTENT_WIDTH,
    );
    y = canvas.tick(false, "EPA application fee", MARGIN, y, CONTENT_WIDTH);
    y = canvas.paragraph(
        MARGIN,
        y + 2.0,
        CONTENT_WIDTH,
        Face::Bold,
        BODY,
        "Which powers of attorney have you enclosed for registration?",
    ) + 3.0;
    y = canvas.tick(
        lpa_type == LpaType::PropertyAndFinancial,
        "LPA for property and financial affairs",
        MARGIN,
        y,
        CONTENT_WIDTH,
    );
    y = canvas.tick(
        lpa_type == LpaType::HealthAndWelfare,
        "LPA for health and welfare",
        MARGIN,
        y,
        CONTENT_WIDTH,
    );
    y = canvas.tick(false, "EPA", MARGIN, y, CONTENT_WIDTH);

    y = canvas.heading(
        2,
        MARGIN,
        y + 6.0,
        CONTENT_WIDTH,
        13.0,
        "Section 2 – About you",
    );
    let correspondent = lpa.document.correspondent_or_donor();
    let who = correspondent.as_ref().map(|c| c.who());
    y = canvas.paragraph(
        MARGIN,
        y,
        CONTENT_WIDTH,
        Face::Bold,
        BODY,
        "What is your relationship to the case?",
    ) + 3.0;
    y = canvas.tick(
        who == Some(CorrespondentRole::Donor),
        "Donor",
        MARGIN,
        y,
        CONTENT_WIDTH,
    );
    y = canvas.tick(
        matches!(who, Some(CorrespondentRole::Attorney(_))),
        "Attorney",
        MARGIN,
        y,
        CONTENT_WIDTH,
    );
    let other = matches!(
        who,
        Some(CorrespondentRole::Other | CorrespondentRole::CertificateProvider)
    );
    y = canvas.tick(other, "Other (Please specify)", MARGIN, y, CONTENT_WIDTH);
    y = canvas.answer(
        "Other",
        &[if other { "Correspondent" } else { "" }],
        MARGIN + 20.0,
        y,
        HALF_WIDTH,
        1,
    );
    let name = correspondent.as_ref().and_then(|c| c.name());
    let title = name.and_then(|n| n.title()).unwrap_or_default();
    y = canvas.answer("Title", &[title], MARGIN, y, 60.0, 1);
    y = canvas.answer(
        "First name",
        &[name.map(|n| n.first()).unwrap_or_default()],
        MARGIN,
        y,
        HALF_WIDTH,
        1,
    );
    y = canvas.answer(
        "Last name",
        &[name.map(|n| n.last()).unwrap_or_default()],
        MARGIN,
        y,
        HALF_WIDTH,
        1,
    );
    let address = correspondent
        .as_ref()
        .map(|c| c.address().lines().join(", "))
        .unwrap_or_default();
    y = canvas.answer(
        "Address (including postcode)",
        &[address.as_str()],
        MARGIN,
        y,
        CONTENT_WIDTH,
        2,
    );
    let contact = correspondent.as_ref().and_then(|c| c.contact());
    let phone = contact
        .and_then(|c| c.phone())
        .map(|p| p.as_str())
        .unwrap_or_default();
    y = canvas.answer(
        "Telephone number: daytime",
        &[phone],
        MARGIN,
        y,
        HALF_WIDTH,
        1,
    );
    let email = contact
        .and_then(|c| c.email())
        .map(|e| e.as_str())
        .unwrap_or_default();
    canvas.answer("Email address", &[email], MARGIN, y, CONTENT_WIDTH, 1);
    canvas.footer(FORM_FOOTER, Some(3), false);
}

fn the_reduction(canvas: &mut Canvas<'_, '_>, lpa: &Lpa) {
    let reduction = lpa.payment.as_ref().map(|p| p.reduction);
    // The answers the real service's four flags give (reference §5.2): each question is answered
    // yes, no, or left blank.
    let (benefits, damages_ignored, low_income, universal_credit) = match reduction {
        Some(FeeReduction::ReceivesBenefits) => (Some(true), true, None, None),
        Some(FeeReduction::UniversalCredit) => (Some(false), false, Some(false), Some(true)),
        Some(FeeReduction::LowIncome) => (Some(false), false, Some(true), Some(false)),
        Some(FeeReduction::NotApply) | None => (None, false, None, None),
    };
    let mut y = canvas.heading(
        2,
        MARGIN,
        CONTENT_TOP,
        CONTENT_WIDTH,
        13.0,
        "Section 3 – Exemption",
    );
    y = canvas.question(
        "3a Does the donor receive any of the benefits listed?",
        &[
            (benefits == Some(true), "Yes\nGo to question 3b"),
            (benefits == Some(false), "No\nGo to Section 4"),
        ],
        MARGIN,
        y,
        CONTENT_WIDTH,
    );
    y = canvas.question(
        "3b Has the donor been awarded personal injury damages of more than £16,000 which were \
         ignored when the donor was assessed for the benefit listed at question 3a?",
        &[
            (false, "Yes\nGo to Section 4"),
            (damages_ignored, "No\nThe donor is eligible for exemption."),
        ],
        MARGIN,
        y + 2.0,
        CONTENT_WIDTH,
    );
    y = canvas.heading(
        2,
        MARGIN,
        y + 6.0,
        CONTENT_WIDTH,
        13.0,
        "Section 4 – Remission",
    );
    y = canvas.question(
        "Is the donor’s gross annual income less than £12,000?",
        &[
            (
                low_income == Some(true),
                "Yes\nI want to apply for a remission of 50% of the fee based on the donor’s gross \
                 annual income. Evidence must be enclosed.",
            ),
            (low_income == Some(false), "No"),
        ],
        MARGIN,
        y,
        CONTENT_WIDTH,
    );
    y = canvas.question(
        "Does the donor receive Universal Credit?",
        &[
            (
                universal_credit == Some(true),
                "Yes\nI want to apply for a remission based on the donor receiving Universal \
                 Credit.",
            ),
            (universal_credit == Some(false), "No"),
        ],
        MARGIN,
        y + 2.0,
        CONTENT_WIDTH,
    );
    y = canvas.heading(
        2,
        MARGIN,
        y + 6.0,
        CONTENT_WIDTH,
        13.0,
        "Section 5 – Declaration",
    );
    y = canvas.paragraphs(MARGIN, y, CONTENT_WIDTH, &[
        "I declare that the information I have given is true to the best of my knowledge, and I enclose the required evidence to support the claim for a fee exemption or remission.",
        "I understand that this application will be refused if I fail to provide evidence.",
    ]);
    y = canvas.answer("Signature", &[], MARGIN, y, HALF_WIDTH, 2);
    y = canvas.date("Date", None, MARGIN, y);
    canvas.paragraphs(MARGIN, y, CONTENT_WIDTH, &[
        "Send your completed application to: Office of the Public Guardian, PO Box 16185, Birmingham B2 2WH",
    ]);
    canvas.footer(FORM_FOOTER, Some(4), false);
}

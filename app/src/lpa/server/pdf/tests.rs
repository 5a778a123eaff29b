//! The forms read back as text by poppler's `pdftotext`, as a caseworker (or a screen reader)
//! would read them: each person's details in their section, continuation sheets exactly when the
//! layout says, the draft's watermark only on drafts, the reference's barcode on final LP1s.
use std::process::Command;

use super::*;
use crate::lpa::model::testing::address;
use crate::lpa::model::testing::{donor, human, lpa, person, trust};
use crate::lpa::model::{
    AttorneyRole, CertificateProvider, Document, FreeText, How, LpaType, Name, WhenLpaStarts,
};

/// The PDF's pages as text (`pdftotext -layout`), one string a page.
pub(super) fn pages_of(pdf: &[u8]) -> Vec<String> {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("form.pdf");
    std::fs::write(&path, pdf).expect("write the PDF");
    let output = Command::new("pdftotext")
        .arg("-layout")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils, installed by scripts/setup --tests)");
    assert!(output.status.success(), "pdftotext failed: {output:?}");
    String::from_utf8(output.stdout)
        .expect("UTF-8")
        .split('\u{c}')
        .map(str::to_owned)
        .collect()
}

fn full_pf() -> Document {
    let mut document = Document::of_type(LpaType::PropertyAndFinancial);
    document.set_donor(donor());
    document
        .add_attorney(AttorneyRole::Primary, human("Ann", "Able"))
        .unwrap();
    document
        .add_attorney(AttorneyRole::Primary, human("Bob", "Baker"))
        .unwrap();
    document
        .set_primary_how(How::JointlyAttorneySeverally)
        .unwrap();
    document.set_when_lpa_starts(WhenLpaStarts::Now).unwrap();
    document.set_certificate_provider(Some(CertificateProvider {
        name: Name::parse("Dr", "Cora", "Certifier").unwrap(),
        address: address(),
    }));
    document
        .add_person_to_notify(person("Nina", "Notified"))
        .unwrap();
    document.set_instructions(
        FreeText::parse("Keep the house until I die.").unwrap(),
        FreeText::parse("I prefer my savings in a bank.").unwrap(),
    );
    document
}

#[test]
fn an_lp1f_reads_back_with_each_person_in_their_section() {
    let lpa = lpa(full_pf());
    let pdf = render(&lpa, PaperForm::Lp1, Edition::Draft).expect("drawn");
    let pages = pages_of(&pdf);
    assert_eq!(
        pages.iter().filter(|p| !p.trim().is_empty()).count(),
        22,
        "2 + 20 pages"
    );
    let page = |n: usize| &pages[n + 1]; // after the 2 coversheet pages
    assert!(
        pages[0].contains("Review your property and finance LPA"),
        "{}",
        pages[0]
    );
    assert!(page(1).contains("The donor") && page(1).contains("Dana") && page(1).contains("Donor"));
    assert!(page(1).contains("LS1 1AA"));
    assert!(
        page(2).contains("The attorneys") && page(2).contains("Ann") && page(2).contains("Baker")
    );
    assert!(page(7).contains("People to notify") && page(7).contains("Notified"));
    assert!(page(8).contains("Keep the house until I die."));
    assert!(page(8).contains("I prefer my savings in a bank."));
    assert!(page(11).contains("Certifier"));
    let ticked = |text: &str, label: &str| {
        text.lines()
            .any(|line| line.trim_start().starts_with('X') && line.contains(label))
    };
    assert!(ticked(page(4), "Jointly and severally"), "{}", page(4));
    assert!(!ticked(page(4), "Jointly for some decisions"));
    assert!(ticked(page(18), "The donor"), "{}", page(18));
    assert!(page(1).contains("LP1F Property and financial affairs (07.15)-draft"));
    assert!(page(17).contains("LP1F Register your LPA (07.15)-draft"));
    assert!(
        pages
            .iter()
            .skip(2)
            .filter(|p| !p.trim().is_empty())
            .all(|p| p.contains("-draft")),
        "every page of a draft says so"
    );

    let mut completed = lpa.clone();
    completed.completed_at = Some(completed.started_at);
    let final_pdf = render(&completed, PaperForm::Lp1, Edition::Final).expect("drawn");
    if let Ok(dir) = std::env::var("PDF_SAMPLES") {
        std::fs::write(std::path::Path::new(&dir).join("lp1f.pdf"), &final_pdf).unwrap();
    }
    let pages = pages_of(&final_pdf);
    assert!(pages[0].contains("Signing and registering your property and"));
    assert!(
        !pages.iter().any(|p| p.contains("-draft")),
        "a final LP1 is not a draft"
    );
    assert!(
        pages[20].contains(&completed.id.a_reference()),
        "the reference by its barcode"
    );
}

#[test]
fn a_trust_corporation_and_a_donor_who_cannot_sign_add_sheets_3_and_4() {
    let mut document = full_pf();
    document
        .add_attorney(AttorneyRole::Replacement, trust())
        .unwrap();
    document.set_donor(crate::lpa::model::Donor {
        can_sign: false,
        ..donor()
    });
    let pdf = render(&lpa(document), PaperForm::Lp1, Edition::Draft).expect("drawn");
    if let Ok(dir) = std::env::var("PDF_SAMPLES") {
        std::fs::write(std::path::Path::new(&dir).join("lp1f-sheets.pdf"), &pdf).unwrap();
    }
    let text = pages_of(&pdf).join("\n");
    assert!(text.contains("Continuation sheet 3"));
    assert!(text.contains("Continuation sheet 4") && text.contains("123456"));
    assert!(text.contains("see continuation sheet 3"));
}

/// What `zbarimg` (zbar-tools) reads from page `page` of `pdf`, drawn by `pdftoppm`.
fn barcodes_on(pdf: &[u8], page: usize) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("form.pdf");
    std::fs::write(&path, pdf).expect("write the PDF");
    let image = dir.path().join("page");
    let drawn = Command::new("pdftoppm")
        .args([
            "-png",
            "-r",
            "200",
            "-singlefile",
            "-f",
            &page.to_string(),
            "-l",
            &page.to_string(),
        ])
        .arg(&path)
        .arg(&image)
        .status()
        .expect("pdftoppm (poppler-utils)");
    assert!(drawn.success());
    let output = Command::new("zbarimg")
        .args(["--quiet", "--raw"])
        .arg(dir.path().join("page.png"))
        .output()
        .expect("zbarimg (zbar-tools, installed by scripts/setup --tests)");
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

#[test]
fn the_final_lp1_carries_its_reference_as_a_barcode_and_the_draft_none() {
    let mut completed = lpa(full_pf());
    completed.completed_at = Some(completed.started_at);
    let pdf = render(&completed, PaperForm::Lp1, Edition::Final).expect("drawn");
    // Page 19 of the form, after the 2 coversheet pages.
    assert_eq!(
        barcodes_on(&pdf, 21),
        completed.id.a_reference().replace(' ', "")
    );
    let draft = render(&lpa(full_pf()), PaperForm::Lp1, Edition::Draft).expect("drawn");
    assert_eq!(barcodes_on(&draft, 21), "");
}

#[test]
fn one_lp3_per_person_to_notify_with_their_details_and_the_attorneys() {
    let mut document = full_pf();
    document
        .add_person_to_notify(person("Olly", "Other"))
        .unwrap();
    let mut completed = lpa(document);
    completed.completed_at = Some(completed.started_at);
    let pdf = render(&completed, PaperForm::Lp3, Edition::Final).expect("drawn");
    if let Ok(dir) = std::env::var("PDF_SAMPLES") {
        std::fs::write(std::path::Path::new(&dir).join("lp3.pdf"), &pdf).unwrap();
    }
    let pages = pages_of(&pdf);
    let notices: Vec<&String> = pages
        .iter()
        .filter(|p| p.contains("Notice of intention to register"))
        .collect();
    assert_eq!(notices.len(), 2, "one notice each");
    assert!(notices[0].contains("Notified") && !notices[0].contains("Other"));
    assert!(notices[1].contains("Other"));
    assert!(pages[1].contains("Dana") && pages[1].contains("Property and financial affairs"));
    assert!(pages[2].contains("Able") && pages[2].contains("Baker"));
    assert!(
        pages
            .iter()
            .filter(|p| p.contains("LP3 People to notify (07.15)"))
            .count()
            == 8
    );
}

#[test]
fn the_lpa120_answers_the_questions_of_the_reduction_claimed() {
    use crate::lpa::payment::{FeeReduction, Payment};
    let mut completed = lpa(full_pf());
    completed.completed_at = Some(completed.started_at);
    completed.payment = Some(Payment::new(FeeReduction::LowIncome, false));
    let pages = pages_of(&render(&completed, PaperForm::Lpa120, Edition::Final).expect("drawn"));
    assert!(pages[2].contains("Mrs Dana Donor"));
    assert!(pages[2].contains("1 High Street, Leeds, LS1 1AA"));
    // The donor is the correspondent, so the applicant.
    // A tick box's X and its label's first words share a line; its description follows.
    let ticked = |page: &str, label: &str| {
        let lines: Vec<&str> = page.lines().collect();
        lines.iter().enumerate().any(|(index, line)| {
            line.trim_start().starts_with('X')
                && format!("{line} {}", lines.get(index + 1).unwrap_or(&"")).contains(label)
        })
    };
    assert!(ticked(&pages[2], "Donor"));
    assert!(ticked(&pages[3], "I want to apply for a remission of 50%"));
    assert!(!ticked(
        &pages[3],
        "I want to apply for a remission based on the donor receiving"
    ));
}

#[test]
fn an_lp1h_asks_about_life_sustaining_treatment_and_has_no_trust_corporations() {
    let mut document = Document::of_type(LpaType::HealthAndWelfare);
    document.set_donor(donor());
    document
        .add_attorney(AttorneyRole::Primary, human("Ann", "Able"))
        .unwrap();
    document.set_life_sustaining(false).unwrap();
    document.set_instructions(FreeText::parse("").unwrap(), FreeText::parse("").unwrap());
    let pdf = render(&lpa(document), PaperForm::Lp1, Edition::Draft).expect("drawn");
    let pages = pages_of(&pdf);
    assert!(pages[0].contains("Review your health and welfare LPA"));
    let section_5 = &pages[7];
    assert!(
        section_5.contains("Life-sustaining treatment"),
        "{section_5}"
    );
    assert!(section_5.contains("Option A") && section_5.contains("Option B"));
    assert!(pages[2].contains("LP1H Health and welfare (07.15)-draft"));
    assert!(
        !pages[3].contains("trust corporation"),
        "no trust corporations on a health and welfare LPA"
    );
}

//! Benchmarks drawing the paper forms (bench/forms): an LP1F with 5 attorneys, 3 replacements, 5
//! people to notify and long instructions (so continuation sheets 1 and 2), against writing a
//! blank one-page PDF with the same library in the same run. One thread; prints p50, p95 and
//! documents a second (per core, as one thread uses one).
//!   bench_forms [--runs N]   (default 200)
use std::hint::black_box;
use std::time::{Duration, Instant};

use app::dates::Today;
use app::lpa::model::{
    Address, Attorney, AttorneyRole, CertificateProvider, Dob, Document, Donor, FreeText, How,
    HumanAttorney, LongName, Lpa, LpaId, LpaType, Metadata, Name, NotifiedPerson, Revision,
    WhenLpaStarts,
};
use app::lpa::paper::lp1::Lp1Layout;
use app::lpa::paper::{Edition, PaperForm};
use chrono::{NaiveDate, Utc};

fn address() -> Address {
    Address::parse("1 High Street", "Flat 2", "Leeds", "LS1 1AA").expect("an address")
}

fn dob(year: i32) -> Dob {
    let date = NaiveDate::from_ymd_opt(year, 6, 1).expect("a date");
    Dob::new(
        date,
        Today::new(NaiveDate::from_ymd_opt(2026, 12, 1).expect("a date")),
    )
    .expect("past")
}

fn attorney(first: &str, last: &str) -> Attorney {
    Attorney::Human(HumanAttorney {
        name: Name::parse("Mr", first, last).expect("a name"),
        dob: dob(1970),
        address: address(),
        email: None,
    })
}

/// The LPA the issue names: 5 attorneys, 3 replacements, 5 people to notify, long instructions.
fn large_lpa() -> Lpa {
    let mut document = Document::of_type(LpaType::PropertyAndFinancial);
    document.set_donor(Donor {
        name: LongName::parse("Mrs", "Dana", "Donor").expect("a name"),
        other_names: None,
        address: address(),
        dob: dob(1950),
        email: None,
        can_sign: true,
    });
    for i in 0..5 {
        document
            .add_attorney(AttorneyRole::Primary, attorney("Ann", &format!("Able{i}")))
            .expect("an attorney");
    }
    document
        .set_primary_how(How::JointlyAttorneySeverally)
        .expect("asked");
    document
        .set_when_lpa_starts(WhenLpaStarts::Now)
        .expect("asked");
    for i in 0..3 {
        document
            .add_attorney(
                AttorneyRole::Replacement,
                attorney("Rob", &format!("Reed{i}")),
            )
            .expect("a replacement");
    }
    for i in 0..5 {
        document
            .add_person_to_notify(NotifiedPerson {
                name: Name::parse("", "Nina", &format!("Note{i}")).expect("a name"),
                address: address(),
            })
            .expect("a person to notify");
    }
    document.set_certificate_provider(Some(CertificateProvider {
        name: Name::parse("Dr", "Cora", "Certifier").expect("a name"),
        address: address(),
    }));
    let long =
        "My attorneys must keep my house in good repair and let it only to family. ".repeat(40);
    document.set_instructions(
        FreeText::parse(&long).expect("instructions"),
        FreeText::parse(&long).expect("preferences"),
    );
    let now = Utc::now();
    Lpa {
        id: LpaId::new(12_345_678_901).expect("an id"),
        revision: Revision(1),
        started_at: now,
        updated_at: now,
        created_at: Some(now),
        completed_at: Some(now),
        locked_at: Some(now),
        locked: true,
        seed: None,
        document,
        metadata: Metadata::default(),
        payment: None,
        who_are_you_answered: false,
        repeat_case_number: None,
    }
}

fn blank_page() -> Vec<u8> {
    let mut document = krilla::Document::new();
    let page =
        document.start_page_with(krilla::page::PageSettings::from_wh(595.0, 842.0).expect("A4"));
    page.finish();
    document.finish().expect("a blank PDF")
}

fn percentile(sorted: &[Duration], share: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * share).round() as usize;
    sorted[index]
}

fn measure(name: &str, runs: usize, mut work: impl FnMut() -> usize) -> (f64, f64, f64) {
    let mut times = Vec::with_capacity(runs);
    let mut bytes = 0;
    let started = Instant::now();
    for _ in 0..runs {
        let start = Instant::now();
        bytes = black_box(work());
        times.push(start.elapsed());
    }
    let total = started.elapsed();
    times.sort();
    let p50 = percentile(&times, 0.5).as_secs_f64() * 1000.0;
    let p95 = percentile(&times, 0.95).as_secs_f64() * 1000.0;
    let per_second = runs as f64 / total.as_secs_f64();
    println!("| {name} ({bytes} B) | {runs} | {p50:.2} | {p95:.2} | {per_second:.1} |");
    (p50, p95, per_second)
}

fn main() {
    let runs = std::env::args()
        .skip_while(|arg| arg != "--runs")
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(200);
    let lpa = large_lpa();
    let layout = Lp1Layout::of(&lpa.document);
    println!(
        "LP1F: {} pages, {} continuation sheets",
        layout.pages().len(),
        layout.continuation_sheets()
    );
    // Warm up: fonts load once, on the first form.
    app::lpa::server::pdf::render(&lpa, PaperForm::Lp1, Edition::Final).expect("drawn");
    println!("| | runs | p50 ms | p95 ms | documents/s (one core) |");
    println!("|---|---:|---:|---:|---:|");
    let (_, _, blank) = measure("blank one-page PDF (krilla)", runs * 10, || {
        blank_page().len()
    });
    let (_, p95, lp1) = measure(
        "LP1F, 5 + 3 attorneys, 5 to notify, CS1 + CS2",
        runs,
        || {
            app::lpa::server::pdf::render(&lpa, PaperForm::Lp1, Edition::Final)
                .expect("drawn")
                .len()
        },
    );
    println!(
        "LP1F vs blank: one LP1F costs as much as {:.0} blank pages; goals: p95 <= 150 ms ({}), >= 10 documents/s per core ({})",
        blank / lp1,
        if p95 <= 150.0 { "met" } else { "missed" },
        if lp1 >= 10.0 { "met" } else { "missed" },
    );
}

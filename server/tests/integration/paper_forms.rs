//! The paper forms made by the `pdf.render` job into the object store (reference §7.3), on
//! SQLite and PostgreSQL: asked for, drawn once however often asked, stored for a day, made again
//! after the expiry job deleted them, and never served stale after a change.
use std::process::Command;
use std::time::Duration;

use app::lpa::paper::PaperForm;
use app::lpa::server::forms::{request, FormStatus};
use backends::clock::{Clock, ManualClock};
use backends::jobs::JobState;
use backends::on_both_stores;
use backends::testing::eventually;

use crate::checkout::{up_to_checkout, FULL_FEE};
use crate::lpa::{save, signed_in, DONOR};
use crate::support::{Backend, TestApp};

/// The text `pdftotext` reads from `pdf`.
fn text_of(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("form.pdf");
    std::fs::write(&path, pdf).unwrap();
    let output = Command::new("pdftotext")
        .arg("-layout")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

async fn a_form_is_drawn_once_kept_for_a_day_and_never_stale(backend: Backend) {
    let clock = ManualClock::new(chrono::Utc::now());
    let app = TestApp::spawn_with_clock(backend, &clock).await;
    let owner = signed_in(&app, &app, "forms@example.com").await;
    let base = up_to_checkout(&app, &app, FULL_FEE, false).await;
    let id = base.trim_start_matches("/lpa/").parse().unwrap();
    let backends = &app.state.backends;

    // Not completed: a draft LP1, no LP3 or LPA120 (and no draft of those).
    assert_eq!(
        request(backends, &owner, id, PaperForm::Lp3, false)
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        request(backends, &owner, id, PaperForm::Lpa120, false)
            .await
            .unwrap(),
        None
    );
    // Asked for twice before it is drawn: one job.
    let (first, second) = tokio::join!(
        request(backends, &owner, id, PaperForm::Lp1, true),
        request(backends, &owner, id, PaperForm::Lp1, true)
    );
    assert_eq!(first.unwrap(), Some(FormStatus::Preparing));
    assert_eq!(second.unwrap(), Some(FormStatus::Preparing));
    let ready = eventually(Duration::from_secs(20), "the LP1 to be drawn", || async {
        match request(backends, &owner, id, PaperForm::Lp1, true)
            .await
            .unwrap()
        {
            Some(FormStatus::Ready { key, file_name }) => Some((key, file_name)),
            _ => None,
        }
    })
    .await;
    let (key, file_name) = ready;
    assert_eq!(file_name, "Draft-Lasting-Power-of-Attorney-LP1F.pdf");
    let jobs = backends.jobs.list(JobState::Succeeded, 100).await.unwrap();
    assert_eq!(
        jobs.iter().filter(|job| job.kind == "pdf.render").count(),
        1,
        "identical requests share one job"
    );
    let object = backends.objects.get(&key).await.unwrap().expect("stored");
    assert_eq!(object.info.content_type, "application/pdf");
    assert_eq!(
        object.info.expires_at,
        Some(clock.now() + chrono::Duration::hours(24)),
        "kept for a day"
    );
    let text = text_of(&object.into_bytes().await.unwrap());
    assert!(text.contains("Dana") && text.contains("Donor"), "{text}");

    // A change to the LPA makes a new form: the old one is never served for it.
    let response = save(
        &app,
        &format!("{base}/donor/edit"),
        &DONOR
            .iter()
            .map(|(name, value)| {
                (
                    *name,
                    if *name == "name-first" {
                        "Diana"
                    } else {
                        *value
                    },
                )
            })
            .collect::<Vec<_>>(),
    )
    .await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        request(backends, &owner, id, PaperForm::Lp1, true)
            .await
            .unwrap(),
        Some(FormStatus::Preparing)
    );
    let changed = eventually(Duration::from_secs(20), "the changed LP1", || async {
        match request(backends, &owner, id, PaperForm::Lp1, true)
            .await
            .unwrap()
        {
            Some(FormStatus::Ready { key, .. }) => Some(key),
            _ => None,
        }
    })
    .await;
    assert_ne!(changed, key);
    let text = text_of(
        &backends
            .objects
            .get(&changed)
            .await
            .unwrap()
            .unwrap()
            .into_bytes()
            .await
            .unwrap(),
    );
    assert!(text.contains("Diana"), "{text}");

    // A day later the expiry job has deleted it, and asking again draws it again.
    clock.advance(chrono::Duration::hours(25));
    assert!(backends.objects.delete_expired(clock.now()).await.unwrap() >= 2);
    assert!(backends.objects.get(&changed).await.unwrap().is_none());
    assert_eq!(
        request(backends, &owner, id, PaperForm::Lp1, true)
            .await
            .unwrap(),
        Some(FormStatus::Preparing)
    );
    eventually(Duration::from_secs(20), "the LP1 drawn again", || async {
        matches!(
            request(backends, &owner, id, PaperForm::Lp1, true)
                .await
                .unwrap(),
            Some(FormStatus::Ready { .. })
        )
        .then_some(())
    })
    .await;

    // Someone else's LPA has no forms for them.
    let other = app.new_browser();
    let stranger = signed_in(&app, &other, "forms.other@example.com").await;
    assert_eq!(
        request(backends, &stranger, id, PaperForm::Lp1, true)
            .await
            .unwrap(),
        None
    );
}

on_both_stores!(a_form_is_drawn_once_kept_for_a_day_and_never_stale);

//! Every URL of making an LPA (reference §2.2), declared once, and the two-way map between the
//! flow checker's pages and their URLs.
use super::flow::{Page, Step};
use super::model::LpaId;
use super::paper::PaperForm;
use crate::paths::{Href, Path};

/// Choosing a type here creates the LPA.
pub const NEW_LPA: Path = Path::new("/lpa/type");
/// Resume: goes on to where the LPA was left.
pub const LPA: Path<LpaId> = Path::new("/lpa/{id}");
pub const TYPE: Path<LpaId> = Path::new("/lpa/{id}/type");
pub const DONOR: Path<LpaId> = Path::new("/lpa/{id}/donor");
pub const DONOR_ADD: Path<LpaId> = Path::new("/lpa/{id}/donor/add");
pub const DONOR_EDIT: Path<LpaId> = Path::new("/lpa/{id}/donor/edit");
pub const WHEN_LPA_STARTS: Path<LpaId> = Path::new("/lpa/{id}/when-lpa-starts");
pub const LIFE_SUSTAINING: Path<LpaId> = Path::new("/lpa/{id}/life-sustaining");
pub const PRIMARY_ATTORNEY: Path<LpaId> = Path::new("/lpa/{id}/primary-attorney");
pub const PRIMARY_ATTORNEY_ADD: Path<LpaId> = Path::new("/lpa/{id}/primary-attorney/add");
pub const PRIMARY_ATTORNEY_ADD_TRUST: Path<LpaId> =
    Path::new("/lpa/{id}/primary-attorney/add-trust");
pub const PRIMARY_ATTORNEY_EDIT: Path<(LpaId, usize)> =
    Path::new("/lpa/{id}/primary-attorney/edit/{idx}");
pub const PRIMARY_ATTORNEY_CONFIRM_DELETE: Path<(LpaId, usize)> =
    Path::new("/lpa/{id}/primary-attorney/confirm-delete/{idx}");
pub const PRIMARY_ATTORNEY_DELETE: Path<(LpaId, usize)> =
    Path::new("/lpa/{id}/primary-attorney/delete/{idx}");
pub const HOW_PRIMARY_ATTORNEYS_MAKE_DECISION: Path<LpaId> =
    Path::new("/lpa/{id}/how-primary-attorneys-make-decision");
pub const REPLACEMENT_ATTORNEY: Path<LpaId> = Path::new("/lpa/{id}/replacement-attorney");
pub const REPLACEMENT_ATTORNEY_ADD: Path<LpaId> = Path::new("/lpa/{id}/replacement-attorney/add");
pub const REPLACEMENT_ATTORNEY_ADD_TRUST: Path<LpaId> =
    Path::new("/lpa/{id}/replacement-attorney/add-trust");
pub const REPLACEMENT_ATTORNEY_EDIT: Path<(LpaId, usize)> =
    Path::new("/lpa/{id}/replacement-attorney/edit/{idx}");
pub const REPLACEMENT_ATTORNEY_CONFIRM_DELETE: Path<(LpaId, usize)> =
    Path::new("/lpa/{id}/replacement-attorney/confirm-delete/{idx}");
pub const REPLACEMENT_ATTORNEY_DELETE: Path<(LpaId, usize)> =
    Path::new("/lpa/{id}/replacement-attorney/delete/{idx}");
pub const WHEN_REPLACEMENT_ATTORNEY_STEP_IN: Path<LpaId> =
    Path::new("/lpa/{id}/when-replacement-attorney-step-in");
pub const HOW_REPLACEMENT_ATTORNEYS_MAKE_DECISION: Path<LpaId> =
    Path::new("/lpa/{id}/how-replacement-attorneys-make-decision");
pub const CERTIFICATE_PROVIDER: Path<LpaId> = Path::new("/lpa/{id}/certificate-provider");
pub const CERTIFICATE_PROVIDER_ADD: Path<LpaId> = Path::new("/lpa/{id}/certificate-provider/add");
pub const CERTIFICATE_PROVIDER_EDIT: Path<LpaId> = Path::new("/lpa/{id}/certificate-provider/edit");
pub const CERTIFICATE_PROVIDER_CONFIRM_DELETE: Path<LpaId> =
    Path::new("/lpa/{id}/certificate-provider/confirm-delete");
pub const CERTIFICATE_PROVIDER_DELETE: Path<LpaId> =
    Path::new("/lpa/{id}/certificate-provider/delete");
pub const PEOPLE_TO_NOTIFY: Path<LpaId> = Path::new("/lpa/{id}/people-to-notify");
pub const PEOPLE_TO_NOTIFY_ADD: Path<LpaId> = Path::new("/lpa/{id}/people-to-notify/add");
pub const PEOPLE_TO_NOTIFY_EDIT: Path<(LpaId, usize)> =
    Path::new("/lpa/{id}/people-to-notify/edit/{idx}");
pub const PEOPLE_TO_NOTIFY_CONFIRM_DELETE: Path<(LpaId, usize)> =
    Path::new("/lpa/{id}/people-to-notify/confirm-delete/{idx}");
pub const PEOPLE_TO_NOTIFY_DELETE: Path<(LpaId, usize)> =
    Path::new("/lpa/{id}/people-to-notify/delete/{idx}");
pub const INSTRUCTIONS: Path<LpaId> = Path::new("/lpa/{id}/instructions");
pub const SUMMARY: Path<LpaId> = Path::new("/lpa/{id}/summary");
pub const REUSE_DETAILS: Path<LpaId> = Path::new("/lpa/{id}/reuse-details");
pub const APPLICANT: Path<LpaId> = Path::new("/lpa/{id}/applicant");
pub const CORRESPONDENT: Path<LpaId> = Path::new("/lpa/{id}/correspondent");
pub const CORRESPONDENT_EDIT: Path<LpaId> = Path::new("/lpa/{id}/correspondent/edit");
pub const WHO_ARE_YOU: Path<LpaId> = Path::new("/lpa/{id}/who-are-you");
pub const REPEAT_APPLICATION: Path<LpaId> = Path::new("/lpa/{id}/repeat-application");
pub const FEE_REDUCTION: Path<LpaId> = Path::new("/lpa/{id}/fee-reduction");
/// The final check: confirm, and pay by card or cheque, or finish when there is nothing to pay.
pub const CHECKOUT: Path<LpaId> = Path::new("/lpa/{id}/checkout");
/// GOV.UK Pay's `return_url`: the payment's outcome is looked up and recorded here.
pub const CHECKOUT_PAY_RESPONSE: Path<LpaId> = Path::new("/lpa/{id}/checkout/pay/response");
/// Where the return goes when the payer cancelled, or the payment failed: retry or a cheque.
pub const CHECKOUT_PAY_CANCELLED: Path<LpaId> = Path::new("/lpa/{id}/checkout/pay/cancelled");
pub const CHECKOUT_PAY_FAILED: Path<LpaId> = Path::new("/lpa/{id}/checkout/pay/failed");
pub const MORE_INFO_REQUIRED: Path<LpaId> = Path::new("/lpa/{id}/more-info-required");
pub const COMPLETE: Path<LpaId> = Path::new("/lpa/{id}/complete");
pub const VIEW_DOCS: Path<LpaId> = Path::new("/lpa/{id}/view-docs");
/// "Track your LPA": where the completed LPA has got to at OPG.
pub const STATUS: Path<LpaId> = Path::new("/lpa/{id}/status");
/// A paper form (reference §7.3): "being prepared" until the `pdf.render` job has drawn it, then
/// the link to its file. The draft LP1 has its own URL.
pub const DOWNLOAD: Path<(LpaId, PaperForm)> = Path::new("/lpa/{id}/download/{form}");
pub const DOWNLOAD_DRAFT: Path<(LpaId, PaperForm)> = Path::new("/lpa/{id}/download/{form}/draft");
/// A paper form's file under its own name (`Lasting-Power-of-Attorney-LP1F.pdf`): answered by
/// the server with a redirect to a short-lived link into the object store.
pub const DOWNLOAD_FILE: Path<(LpaId, (PaperForm, String))> =
    Path::new("/lpa/{id}/download/{form}/{file}");
/// The LPA's announcements as a websocket (a form is ready), for the pages waiting on them.
pub const EVENTS: Path<LpaId> = Path::new("/lpa/{id}/events");
pub const DATE_CHECK: Path<LpaId> = Path::new("/lpa/{id}/date-check");
pub const DATE_CHECK_VALID: Path<LpaId> = Path::new("/lpa/{id}/date-check/valid");

/// Deleting an LPA from the dashboard: the question, then the form that does it.
pub const CONFIRM_DELETE_LPA: Path<LpaId> = Path::new("/user/dashboard/confirm-delete-lpa/{id}");
pub const DELETE_LPA: Path<LpaId> = Path::new("/user/dashboard/delete-lpa/{id}");
/// The account's LPAs' status changes as a websocket, for an open dashboard.
pub const DASHBOARD_EVENTS: Path = Path::new("/user/dashboard/events");
/// "Reuse LPA details": a new LPA whose people may be reused from this one.
pub const REUSE_LPA: Path<LpaId> = Path::new("/user/dashboard/create/{id}");

/// The page of `form` of LPA `id`, as a draft or not.
pub fn download(id: LpaId, form: PaperForm, draft: bool) -> Href {
    if draft { DOWNLOAD_DRAFT } else { DOWNLOAD }.to((id, form))
}

/// The form and edition a download page's path names.
pub fn download_of(path: &str) -> Option<(LpaId, PaperForm, bool)> {
    DOWNLOAD_DRAFT
        .parse(path)
        .map(|(id, form)| (id, form, true))
        .or_else(|| DOWNLOAD.parse(path).map(|(id, form)| (id, form, false)))
}

/// The page each step's own URL shows.
fn step_path(step: Step) -> Path<LpaId> {
    match step {
        Step::Type => TYPE,
        Step::Donor => DONOR,
        Step::WhenLpaStarts => WHEN_LPA_STARTS,
        Step::LifeSustaining => LIFE_SUSTAINING,
        Step::PrimaryAttorney => PRIMARY_ATTORNEY,
        Step::HowPrimaryAttorneysMakeDecision => HOW_PRIMARY_ATTORNEYS_MAKE_DECISION,
        Step::ReplacementAttorney => REPLACEMENT_ATTORNEY,
        Step::WhenReplacementAttorneyStepIn => WHEN_REPLACEMENT_ATTORNEY_STEP_IN,
        Step::HowReplacementAttorneysMakeDecision => HOW_REPLACEMENT_ATTORNEYS_MAKE_DECISION,
        Step::CertificateProvider => CERTIFICATE_PROVIDER,
        Step::PeopleToNotify => PEOPLE_TO_NOTIFY,
        Step::Instructions => INSTRUCTIONS,
        Step::Summary => SUMMARY,
        Step::Applicant => APPLICANT,
        Step::Correspondent => CORRESPONDENT,
        Step::WhoAreYou => WHO_ARE_YOU,
        Step::RepeatApplication => REPEAT_APPLICATION,
        Step::FeeReduction => FEE_REDUCTION,
        Step::Checkout => CHECKOUT,
    }
}

/// The pages with one URL each (no index), beside the paths of their steps.
const SINGLE: &[(Path<LpaId>, Page)] = &[
    (LPA, Page::Resume),
    (DONOR_ADD, Page::Add(Step::Donor)),
    (DONOR_EDIT, Page::Edit(Step::Donor, None)),
    (PRIMARY_ATTORNEY_ADD, Page::Add(Step::PrimaryAttorney)),
    (
        PRIMARY_ATTORNEY_ADD_TRUST,
        Page::AddTrust(Step::PrimaryAttorney),
    ),
    (
        REPLACEMENT_ATTORNEY_ADD,
        Page::Add(Step::ReplacementAttorney),
    ),
    (
        REPLACEMENT_ATTORNEY_ADD_TRUST,
        Page::AddTrust(Step::ReplacementAttorney),
    ),
    (
        CERTIFICATE_PROVIDER_ADD,
        Page::Add(Step::CertificateProvider),
    ),
    (
        CERTIFICATE_PROVIDER_EDIT,
        Page::Edit(Step::CertificateProvider, None),
    ),
    (
        CERTIFICATE_PROVIDER_CONFIRM_DELETE,
        Page::Delete(Step::CertificateProvider, None),
    ),
    (
        CERTIFICATE_PROVIDER_DELETE,
        Page::Delete(Step::CertificateProvider, None),
    ),
    (PEOPLE_TO_NOTIFY_ADD, Page::Add(Step::PeopleToNotify)),
    (REUSE_DETAILS, Page::ReuseDetails),
    (CORRESPONDENT_EDIT, Page::Edit(Step::Correspondent, None)),
    (CHECKOUT_PAY_RESPONSE, Page::PaymentReturn),
    (CHECKOUT_PAY_CANCELLED, Page::PaymentCancelled),
    (CHECKOUT_PAY_FAILED, Page::PaymentFailed),
    (MORE_INFO_REQUIRED, Page::MoreInfoRequired),
    (COMPLETE, Page::Complete),
    (VIEW_DOCS, Page::ViewDocs),
    (STATUS, Page::Status),
    (DATE_CHECK, Page::DateCheck),
    (DATE_CHECK_VALID, Page::DateCheckValid),
];

/// A list's person's URL, by LPA and index in the list.
type PersonPath = Path<(LpaId, usize)>;

/// The pages about one person of a list: their step, and whether the URL is the edit, the
/// question before deleting, or the deletion.
const INDEXED: &[(PersonPath, Step, PersonAction)] = &[
    (
        PRIMARY_ATTORNEY_EDIT,
        Step::PrimaryAttorney,
        PersonAction::Edit,
    ),
    (
        PRIMARY_ATTORNEY_CONFIRM_DELETE,
        Step::PrimaryAttorney,
        PersonAction::Delete,
    ),
    (
        PRIMARY_ATTORNEY_DELETE,
        Step::PrimaryAttorney,
        PersonAction::Delete,
    ),
    (
        REPLACEMENT_ATTORNEY_EDIT,
        Step::ReplacementAttorney,
        PersonAction::Edit,
    ),
    (
        REPLACEMENT_ATTORNEY_CONFIRM_DELETE,
        Step::ReplacementAttorney,
        PersonAction::Delete,
    ),
    (
        REPLACEMENT_ATTORNEY_DELETE,
        Step::ReplacementAttorney,
        PersonAction::Delete,
    ),
    (
        PEOPLE_TO_NOTIFY_EDIT,
        Step::PeopleToNotify,
        PersonAction::Edit,
    ),
    (
        PEOPLE_TO_NOTIFY_CONFIRM_DELETE,
        Step::PeopleToNotify,
        PersonAction::Delete,
    ),
    (
        PEOPLE_TO_NOTIFY_DELETE,
        Step::PeopleToNotify,
        PersonAction::Delete,
    ),
];

#[derive(Clone, Copy)]
enum PersonAction {
    Edit,
    Delete,
}

/// The URL that shows `page` of LPA `id` (a deletion's page is its confirmation question).
pub fn href(id: LpaId, page: Page) -> Href {
    match page {
        Page::Step(step) => step_path(step).to(id),
        Page::Edit(step, Some(index)) | Page::Delete(step, Some(index)) => {
            let edit = matches!(page, Page::Edit(..));
            INDEXED
                .iter()
                .find(|(path, listed, action)| {
                    *listed == step
                        && matches!(action, PersonAction::Edit) == edit
                        && !path.pattern().contains("/delete/")
                })
                .map_or_else(|| step_path(step).to(id), |(path, ..)| path.to((id, index)))
        }
        _ => SINGLE
            .iter()
            .find(|(path, listed)| *listed == page && !path.pattern().ends_with("/delete"))
            .map_or_else(
                || {
                    page.step()
                        .map_or(LPA.to(id), |step| step_path(step).to(id))
                },
                |(path, _)| path.to(id),
            ),
    }
}

/// Which LPA and page a request's path is, if it is one of the journey's.
pub fn page_of(path: &str) -> Option<(LpaId, Page)> {
    let steps = super::flow::STEPS
        .iter()
        .map(|row| (step_path(row.step), Page::Step(row.step)));
    for (pattern, page) in steps.chain(SINGLE.iter().copied()) {
        if let Some(id) = pattern.parse(path) {
            return Some((id, page));
        }
    }
    INDEXED.iter().find_map(|(pattern, step, action)| {
        let (id, index) = pattern.parse(path)?;
        Some((
            id,
            match action {
                PersonAction::Edit => Page::Edit(*step, Some(index)),
                PersonAction::Delete => Page::Delete(*step, Some(index)),
            },
        ))
    })
}

/// Where the form that deletes the person of `page` (a [`Page::Delete`]) posts.
pub fn deletion_href(id: LpaId, page: Page) -> Href {
    match page {
        Page::Delete(Step::CertificateProvider, None) => CERTIFICATE_PROVIDER_DELETE.to(id),
        Page::Delete(step, Some(index)) => INDEXED
            .iter()
            .find(|(path, listed, _)| *listed == step && path.pattern().contains("/delete/"))
            .map_or_else(|| href(id, page), |(path, ..)| path.to((id, index))),
        _ => href(id, page),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id() -> LpaId {
        LpaId::new(12_345_678).unwrap()
    }

    #[test]
    fn pages_and_urls_map_both_ways() {
        let pages = [
            Page::Resume,
            Page::Step(Step::Donor),
            Page::Step(Step::Summary),
            Page::Add(Step::Donor),
            Page::Edit(Step::Donor, None),
            Page::AddTrust(Step::ReplacementAttorney),
            Page::Edit(Step::PrimaryAttorney, Some(2)),
            Page::Delete(Step::PeopleToNotify, Some(4)),
            Page::Delete(Step::CertificateProvider, None),
            Page::ReuseDetails,
            Page::Step(Step::Checkout),
            Page::Edit(Step::Correspondent, None),
            Page::PaymentReturn,
            Page::PaymentCancelled,
            Page::PaymentFailed,
            Page::MoreInfoRequired,
            Page::Complete,
            Page::ViewDocs,
            Page::Status,
            Page::DateCheck,
            Page::DateCheckValid,
        ];
        for page in pages {
            let url = href(id(), page).to_string();
            assert_eq!(page_of(&url), Some((id(), page)), "{url}");
        }
        assert_eq!(
            href(id(), Page::Edit(Step::PrimaryAttorney, Some(2))),
            "/lpa/12345678/primary-attorney/edit/2"
        );
        assert_eq!(
            href(id(), Page::Delete(Step::PeopleToNotify, Some(0))),
            "/lpa/12345678/people-to-notify/confirm-delete/0"
        );
        assert_eq!(
            page_of("/lpa/12345678/people-to-notify/delete/0"),
            Some((id(), Page::Delete(Step::PeopleToNotify, Some(0))))
        );
        assert_eq!(
            deletion_href(id(), Page::Delete(Step::PrimaryAttorney, Some(1))),
            "/lpa/12345678/primary-attorney/delete/1"
        );
        assert_eq!(
            deletion_href(id(), Page::Delete(Step::CertificateProvider, None)),
            "/lpa/12345678/certificate-provider/delete"
        );
        assert_eq!(
            download(id(), PaperForm::Lp1, true),
            "/lpa/12345678/download/lp1/draft"
        );
        for form in PaperForm::ALL {
            for draft in [false, true] {
                let url = download(id(), form, draft).to_string();
                assert_eq!(download_of(&url), Some((id(), form, draft)), "{url}");
                assert_eq!(page_of(&url), None, "{url}: not a page of the journey");
            }
        }
        assert_eq!(download_of("/lpa/12345678/download/lp2"), None);
        assert_eq!(
            DOWNLOAD_FILE.parse("/lpa/12345678/download/lp3/Lasting-Power-of-Attorney-LP3.pdf"),
            Some((
                id(),
                (
                    PaperForm::Lp3,
                    "Lasting-Power-of-Attorney-LP3.pdf".to_owned()
                )
            ))
        );
        assert_eq!(page_of("/lpa/type"), None);
        assert_eq!(page_of("/lpa/12345678/nothing"), None);
    }

    #[test]
    fn every_step_has_its_segment_in_its_url() {
        for row in super::super::flow::STEPS {
            assert_eq!(
                step_path(row.step).pattern(),
                format!("/lpa/{{id}}/{}", row.segment)
            );
        }
    }
}

//! The one route table: every URL the app answers, what answers it, and the form that posts to it.
//! The Leptos router ([`leptos_routes`]) and the server's POST handlers (`server/src/http/forms.rs`)
//! are both made from [`ROUTES`], and the paths come from the services' `paths` modules, so a page,
//! its URL and its form are declared together, once.
//!
//! To add a page: declare its `Path` in its service's `paths.rs`, write the page (one file under
//! `pages/`, named after the URL), name it in its group in `routes/page_modules.rs` (which browser
//! module draws it), and add one line here. A test checks that every page file has a route and
//! every route's page exists.
mod page_modules;

use std::sync::LazyLock;

use leptos::tachys::view::iterators::StaticVec;
use leptos_router::any_nested_route::{AnyNestedRoute, IntoAnyNestedRoute};
use leptos_router::{NestedRoute, SsrMode};

use crate::account::paths as account;
use crate::admin::paths as admin;
use crate::datastore::paths as datastore;
use crate::feed::paths as feed;
use crate::lpa::paths as lpa;
use crate::pages;
use crate::paths::Path;
use crate::performance::paths as performance;
use crate::site::paths as site;
use crate::transfer::paths as transfer;
pub use page_modules::{
    AccountPage, AdminPage, DesignSystemPage, FeedPage, FeedbackPage, LpaPage, Page,
    RegisteringPage, SigningInPage, SitePage, StatsPage, TransferPage, UploadPage,
};

/// Which allowance of form posts per client address a form draws on, on top of the general one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Allowance {
    /// Only the general allowance every form shares.
    General,
    /// Signing in.
    SigningIn,
    /// The forms that send email to an address someone types.
    SendingEmail,
    /// The forms that take a password.
    SettingPassword,
    /// Posting a hundred feed messages at once.
    PostingMany,
    /// Sending feedback, which anyone may do without signing in.
    SendingFeedback,
}

/// What answers a route.
#[derive(Clone)]
pub enum Serves {
    /// A page; `form`, if any, is the form that posts back to the same URL.
    Page { page: Page, form: Option<FormRoute> },
    /// A form with no page of its own: opening its URL goes to `shown_on`.
    Form {
        form: FormRoute,
        shown_on: &'static str,
    },
    /// Answered by the server itself, not a page (the sign-out link, the session's state).
    Server,
}

/// A form posted to a route.
#[derive(Clone)]
pub struct FormRoute {
    /// The form's type name (`crate::form::form_name`).
    pub form: &'static str,
    pub allowance: Allowance,
    /// Whether the form exists only outside production (the component gallery's demo).
    pub dev_only: bool,
    #[cfg(feature = "ssr")]
    pub endpoint: crate::form::FormEndpoint,
}

/// One row of the table.
#[derive(Clone)]
pub struct Route {
    pub pattern: &'static str,
    /// The pattern as the router matches it, parsed once.
    matcher: crate::paths::RoutePattern,
    pub serves: Serves,
}

impl Route {
    fn page<P>(path: Path<P>, page: impl Into<Page>) -> Self {
        Route {
            pattern: path.pattern(),
            matcher: path.route_match(),
            serves: Serves::Page {
                page: page.into(),
                form: None,
            },
        }
    }

    fn server<P>(path: Path<P>) -> Self {
        Route {
            pattern: path.pattern(),
            matcher: path.route_match(),
            serves: Serves::Server,
        }
    }

    fn form_shown_on<F: crate::form::FormAction, P>(
        path: Path<P>,
        shown_on: Path,
        allowance: Allowance,
    ) -> Self {
        Route {
            pattern: path.pattern(),
            matcher: path.route_match(),
            serves: Serves::Form {
                form: FormRoute::of::<F>(allowance, false),
                shown_on: shown_on.pattern(),
            },
        }
    }

    /// The page takes form `F`, posted to its own URL.
    fn with_form<F: crate::form::FormAction>(self, allowance: Allowance) -> Self {
        self.with_form_route(FormRoute::of::<F>(allowance, false))
    }

    /// As [`with_form`](Self::with_form), outside production only.
    fn with_dev_form<F: crate::form::FormAction>(self) -> Self {
        self.with_form_route(FormRoute::of::<F>(Allowance::General, true))
    }

    fn with_form_route(mut self, route: FormRoute) -> Self {
        if let Serves::Page { form, .. } = &mut self.serves {
            *form = Some(route);
        }
        self
    }

    /// The form posted here, if any.
    pub fn form(&self) -> Option<&FormRoute> {
        match &self.serves {
            Serves::Page { form, .. } => form.as_ref(),
            Serves::Form { form, .. } => Some(form),
            Serves::Server => None,
        }
    }
}

impl FormRoute {
    fn of<F: crate::form::FormAction>(allowance: Allowance, dev_only: bool) -> Self {
        FormRoute {
            form: crate::form::form_name::<F>(),
            allowance,
            dev_only,
            #[cfg(feature = "ssr")]
            endpoint: crate::form::FormEndpoint::of::<F>(),
        }
    }
}

/// Every route of the app.
pub static ROUTES: LazyLock<Vec<Route>> = LazyLock::new(|| {
    use Allowance::*;
    vec![
        // The site.
        Route::page(site::LANDING, SitePage::Landing),
        Route::page(site::COOKIES, SitePage::Cookies)
            .with_form::<pages::cookies::CookiesForm>(General),
        Route::form_shown_on::<crate::cookie_banner::CookieBannerForm, _>(
            site::COOKIE_BANNER,
            site::COOKIES,
            General,
        ),
        Route::page(site::ACCESSIBILITY, SitePage::Accessibility),
        // The performance platform's feedback form.
        Route::page(performance::SEND_FEEDBACK, FeedbackPage::SendFeedback)
            .with_form::<pages::send_feedback::SendFeedbackForm>(SendingFeedback),
        Route::page(performance::FEEDBACK_THANKS, FeedbackPage::FeedbackThanks),
        Route::page(performance::STATS, StatsPage::Stats),
        Route::server(performance::STATS_JSON),
        Route::server(performance::STATS_CSV),
        Route::page(site::DESIGN_SYSTEM, DesignSystemPage::DesignSystem)
            .with_dev_form::<pages::design_system::DemoForm>(),
        Route::server(site::SESSION_STATE),
        // Accounts.
        Route::page(account::TERMS, SitePage::Terms),
        Route::page(account::SIGN_UP, SigningInPage::SignUp)
            .with_form::<pages::signup::SignUpForm>(SendingEmail),
        Route::page(account::CHECK_EMAIL, SigningInPage::CheckEmail),
        Route::page(account::CONFIRM_EMAIL, SigningInPage::ConfirmEmail),
        Route::page(account::RESEND_EMAIL, SigningInPage::ResendEmail)
            .with_form::<pages::signup::resend_email::ResendEmailForm>(SendingEmail),
        Route::page(account::SIGN_IN, SigningInPage::SignIn)
            .with_form::<pages::login::SignInForm>(SigningIn),
        Route::page(account::SIGN_IN_TIMEOUT, SigningInPage::SignIn),
        Route::server(account::SIGN_OUT),
        Route::page(account::CONFIRM_SIGN_OUT, SigningInPage::ConfirmSignOut)
            .with_form::<pages::logout::confirm::SignOutForm>(General),
        Route::page(account::SIGNED_OUT, SitePage::SignedOut),
        Route::page(account::FORGOT_PASSWORD, SigningInPage::ForgotPassword)
            .with_form::<pages::forgot_password::ForgotPasswordForm>(SendingEmail),
        Route::page(account::RESET_LINK_SENT, SigningInPage::ResetLinkSent),
        Route::page(account::RESET_PASSWORD, SigningInPage::ResetPassword)
            .with_form::<pages::forgot_password::reset::ResetPasswordForm>(SettingPassword),
        Route::page(account::DASHBOARD, AccountPage::Dashboard),
        Route::page(account::DASHBOARD_PAGE, AccountPage::Dashboard),
        Route::page(lpa::REUSE_LPA, AccountPage::ReuseLpa)
            .with_form::<pages::user::dashboard::create::ReuseLpaForm>(General),
        Route::page(account::ACCOUNT, AccountPage::YourAccount),
        Route::page(lpa::CONFIRM_DELETE_LPA, AccountPage::ConfirmDeleteLpa),
        Route::page(lpa::DELETE_LPA, AccountPage::ConfirmDeleteLpa)
            .with_form::<pages::user::dashboard::confirm_delete_lpa::DeleteLpaForm>(General),
        Route::page(account::NEW_TERMS, AccountPage::NewTerms),
        Route::page(account::ABOUT_YOU, AccountPage::AboutYou)
            .with_form::<pages::user::about_you::AboutYouForm>(General),
        Route::page(account::NEW_ABOUT_YOU, AccountPage::NewAboutYou)
            .with_form::<pages::user::about_you::AboutYouForm>(General),
        Route::page(account::CHANGE_PASSWORD, AccountPage::ChangePassword)
            .with_form::<pages::user::change_password::ChangePasswordForm>(SettingPassword),
        Route::page(account::CHANGE_EMAIL, AccountPage::ChangeEmail)
            .with_form::<pages::user::change_email_address::ChangeEmailForm>(SettingPassword),
        Route::page(account::VERIFY_NEW_EMAIL, AccountPage::VerifyNewEmail),
        Route::page(account::DELETE_ACCOUNT, AccountPage::DeleteAccount),
        Route::page(
            account::CONFIRM_DELETE_ACCOUNT,
            AccountPage::ConfirmDeleteAccount,
        )
        .with_form::<pages::user::delete::confirm::DeleteAccountForm>(General),
        Route::page(account::DELETED, SitePage::Deleted),
        // Admin.
        Route::page(admin::HOME, AdminPage::Home),
        Route::page(admin::SYSTEM_MESSAGE, AdminPage::SystemMessage)
            .with_form::<pages::admin::system_message::SystemMessageForm>(General),
        Route::page(admin::FEEDBACK, AdminPage::Feedback),
        Route::server(admin::FEEDBACK_EXPORT),
        Route::page(admin::AUDIT_LOG, AdminPage::AuditLog),
        Route::page(admin::PERFORMANCE, AdminPage::Performance)
            .with_form::<pages::admin::performance::WorkOutAgainForm>(General),
        Route::page(admin::ALL_CHANNELS, AdminPage::AllChannels)
            .with_form::<pages::admin::performance::all_channels::AllChannelsForm>(General),
        Route::page(account::ADMIN_OUTBOX, AdminPage::Outbox),
        // The data store's uploads (the file itself is posted to the server, which streams it).
        Route::page(datastore::SELECT_DATASET, UploadPage::SelectDataset)
            .with_form::<pages::upload::SelectDatasetForm>(General),
        Route::page(datastore::CREATE_DATASET, UploadPage::CreateDataset)
            .with_form::<pages::upload::create::CreateDatasetForm>(General),
        Route::page(datastore::DATASET_CREATED, UploadPage::DatasetCreated),
        Route::page(datastore::UPLOAD_DATA, UploadPage::UploadData),
        Route::page(datastore::VERIFY, UploadPage::Verify)
            .with_form::<pages::upload::verify::VerifyForm>(General),
        Route::page(datastore::UPLOADED, UploadPage::Uploaded),
        Route::page(datastore::FAILED, UploadPage::Failed),
        Route::server(datastore::PROGRESS),
        Route::page(datastore::RESTORE, UploadPage::Restore)
            .with_form::<pages::upload::restore::RestoreForm>(General),
        Route::page(datastore::SOURCES, UploadPage::Sources)
            .with_form::<pages::upload::sources::PullSourceForm>(General),
        // Transferring records (the folder itself is posted to the server, which streams it).
        Route::page(transfer::HOMEPAGE, TransferPage::Homepage)
            .with_form::<pages::transfer::StartTransferForm>(General),
        Route::page(transfer::VIEW_TRANSFERS, TransferPage::ViewTransfers),
        Route::page(transfer::SERIES, TransferPage::Series)
            .with_form::<pages::transfer::consignment::series::SeriesForm>(General),
        Route::page(transfer::TRANSFER_AGREEMENT, TransferPage::TransferAgreement)
            .with_form::<pages::transfer::consignment::transfer_agreement::LegalStatusForm>(General),
        Route::page(
            transfer::TRANSFER_AGREEMENT_CONTINUED,
            TransferPage::TransferAgreementContinued,
        )
        .with_form::<pages::transfer::consignment::transfer_agreement_continued::SignOffsForm>(
            General,
        ),
        Route::page(transfer::UPLOAD, TransferPage::Upload),
        Route::page(transfer::FILE_CHECKS, TransferPage::FileChecks),
        Route::page(transfer::FILE_CHECKS_RESULTS, TransferPage::FileChecksResults),
        Route::server(transfer::DOWNLOAD_FAILURES),
        Route::server(transfer::EXPORT),
        Route::server(transfer::EXPORT_CHECKSUM),
        Route::server(transfer::GRAPHQL),
        Route::page(transfer::CONFIRM_TRANSFER, TransferPage::ConfirmTransfer)
            .with_form::<pages::transfer::consignment::confirm_transfer::ConfirmTransferForm>(
                General,
            ),
        Route::page(transfer::TRANSFER_COMPLETE, TransferPage::TransferComplete),
        Route::page(admin::USERS, AdminPage::Users)
            .with_form::<pages::admin::users::UserSearchForm>(General),
        Route::page(admin::USER, AdminPage::User),
        Route::page(admin::ACTIVATE_USER, AdminPage::ActivateUser)
            .with_form::<pages::admin::users::activate::ActivateUserForm>(General),
        Route::page(admin::UNLOCK_USER, AdminPage::UnlockUser)
            .with_form::<pages::admin::users::unlock::UnlockUserForm>(General),
        Route::page(admin::DELETE_USER, AdminPage::DeleteUser)
            .with_form::<pages::admin::users::delete::DeleteUserForm>(General),
        Route::page(admin::JOBS, AdminPage::Jobs)
            .with_form::<pages::admin::jobs::RetryJobForm>(General),
        // Making an LPA. The new LPA's URL comes before `/lpa/{id}`, which would also match it.
        Route::page(lpa::NEW_LPA, LpaPage::NewLpaType)
            .with_form::<pages::lpa::r#type::TypeForm>(General),
        Route::page(lpa::LPA, LpaPage::Resume),
        Route::page(lpa::TYPE, LpaPage::Type).with_form::<pages::lpa::r#type::TypeForm>(General),
        Route::page(lpa::DONOR, LpaPage::Donor),
        Route::page(lpa::DONOR_ADD, LpaPage::AddDonor)
            .with_form::<pages::lpa::donor::DonorForm>(General),
        Route::page(lpa::DONOR_EDIT, LpaPage::EditDonor)
            .with_form::<pages::lpa::donor::DonorForm>(General),
        Route::page(lpa::WHEN_LPA_STARTS, LpaPage::WhenLpaStarts)
            .with_form::<pages::lpa::when_lpa_starts::WhenLpaStartsForm>(General),
        Route::page(lpa::LIFE_SUSTAINING, LpaPage::LifeSustaining)
            .with_form::<pages::lpa::life_sustaining::LifeSustainingForm>(General),
        Route::page(lpa::PRIMARY_ATTORNEY, LpaPage::PrimaryAttorney),
        Route::page(
            lpa::HOW_PRIMARY_ATTORNEYS_MAKE_DECISION,
            LpaPage::HowPrimaryAttorneys,
        )
        .with_form::<pages::lpa::how_primary_attorneys_make_decision::HowForm>(General),
        Route::page(lpa::REPLACEMENT_ATTORNEY, LpaPage::ReplacementAttorney)
            .with_form::<pages::lpa::frame::ListConfirmForm>(General),
        Route::page(lpa::PRIMARY_ATTORNEY_ADD, LpaPage::AddPrimaryAttorney)
            .with_form::<pages::lpa::attorneys::AttorneyForm>(General),
        Route::page(lpa::PRIMARY_ATTORNEY_ADD_TRUST, LpaPage::AddPrimaryTrust)
            .with_form::<pages::lpa::attorneys::AttorneyForm>(General),
        Route::page(lpa::PRIMARY_ATTORNEY_EDIT, LpaPage::EditPrimaryAttorney)
            .with_form::<pages::lpa::attorneys::AttorneyForm>(General),
        Route::page(
            lpa::PRIMARY_ATTORNEY_CONFIRM_DELETE,
            LpaPage::ConfirmDeletePerson,
        ),
        Route::page(lpa::PRIMARY_ATTORNEY_DELETE, LpaPage::ConfirmDeletePerson)
            .with_form::<pages::lpa::delete_person::DeletePersonForm>(General),
        Route::page(
            lpa::REPLACEMENT_ATTORNEY_ADD,
            LpaPage::AddReplacementAttorney,
        )
        .with_form::<pages::lpa::attorneys::AttorneyForm>(General),
        Route::page(
            lpa::REPLACEMENT_ATTORNEY_ADD_TRUST,
            LpaPage::AddReplacementTrust,
        )
        .with_form::<pages::lpa::attorneys::AttorneyForm>(General),
        Route::page(
            lpa::REPLACEMENT_ATTORNEY_EDIT,
            LpaPage::EditReplacementAttorney,
        )
        .with_form::<pages::lpa::attorneys::AttorneyForm>(General),
        Route::page(
            lpa::REPLACEMENT_ATTORNEY_CONFIRM_DELETE,
            LpaPage::ConfirmDeletePerson,
        ),
        Route::page(
            lpa::REPLACEMENT_ATTORNEY_DELETE,
            LpaPage::ConfirmDeletePerson,
        )
        .with_form::<pages::lpa::delete_person::DeletePersonForm>(General),
        Route::page(
            lpa::WHEN_REPLACEMENT_ATTORNEY_STEP_IN,
            LpaPage::WhenReplacementAttorneyStepIn,
        )
        .with_form::<pages::lpa::when_replacement_attorney_step_in::StepInForm>(General),
        Route::page(
            lpa::HOW_REPLACEMENT_ATTORNEYS_MAKE_DECISION,
            LpaPage::HowReplacementAttorneys,
        )
        .with_form::<pages::lpa::how_primary_attorneys_make_decision::HowForm>(General),
        Route::page(lpa::CERTIFICATE_PROVIDER, LpaPage::CertificateProvider)
            .with_form::<pages::lpa::frame::ListConfirmForm>(General),
        Route::page(
            lpa::CERTIFICATE_PROVIDER_ADD,
            LpaPage::AddCertificateProvider,
        )
        .with_form::<pages::lpa::named_person::NamedPersonForm>(General),
        Route::page(
            lpa::CERTIFICATE_PROVIDER_EDIT,
            LpaPage::EditCertificateProvider,
        )
        .with_form::<pages::lpa::named_person::NamedPersonForm>(General),
        Route::page(
            lpa::CERTIFICATE_PROVIDER_CONFIRM_DELETE,
            LpaPage::ConfirmDeletePerson,
        ),
        Route::page(
            lpa::CERTIFICATE_PROVIDER_DELETE,
            LpaPage::ConfirmDeletePerson,
        )
        .with_form::<pages::lpa::delete_person::DeletePersonForm>(General),
        Route::page(lpa::PEOPLE_TO_NOTIFY, LpaPage::PeopleToNotify)
            .with_form::<pages::lpa::frame::ListConfirmForm>(General),
        Route::page(lpa::PEOPLE_TO_NOTIFY_ADD, LpaPage::AddPersonToNotify)
            .with_form::<pages::lpa::named_person::NamedPersonForm>(General),
        Route::page(lpa::PEOPLE_TO_NOTIFY_EDIT, LpaPage::EditPersonToNotify)
            .with_form::<pages::lpa::named_person::NamedPersonForm>(General),
        Route::page(
            lpa::PEOPLE_TO_NOTIFY_CONFIRM_DELETE,
            LpaPage::ConfirmDeletePerson,
        ),
        Route::page(lpa::PEOPLE_TO_NOTIFY_DELETE, LpaPage::ConfirmDeletePerson)
            .with_form::<pages::lpa::delete_person::DeletePersonForm>(General),
        Route::page(lpa::INSTRUCTIONS, LpaPage::Instructions)
            .with_form::<pages::lpa::instructions::InstructionsForm>(General),
        Route::page(lpa::SUMMARY, LpaPage::Summary),
        Route::page(lpa::REUSE_DETAILS, LpaPage::ReuseDetails)
            .with_form::<pages::lpa::reuse_details::ReuseDetailsForm>(General),
        Route::page(lpa::APPLICANT, RegisteringPage::Applicant)
            .with_form::<pages::lpa::applicant::ApplicantForm>(General),
        Route::page(lpa::CORRESPONDENT, RegisteringPage::Correspondent)
            .with_form::<pages::lpa::correspondent::ContactForm>(General),
        Route::page(lpa::CORRESPONDENT_EDIT, RegisteringPage::EditCorrespondent)
            .with_form::<pages::lpa::correspondent::edit::CorrespondentForm>(General),
        Route::page(lpa::WHO_ARE_YOU, RegisteringPage::WhoAreYou)
            .with_form::<pages::lpa::who_are_you::WhoAreYouForm>(General),
        Route::page(lpa::REPEAT_APPLICATION, RegisteringPage::RepeatApplication)
            .with_form::<pages::lpa::repeat_application::RepeatApplicationForm>(General),
        Route::page(lpa::FEE_REDUCTION, RegisteringPage::FeeReduction)
            .with_form::<pages::lpa::fee_reduction::FeeReductionForm>(General),
        Route::page(lpa::CHECKOUT, RegisteringPage::Checkout)
            .with_form::<pages::lpa::checkout::CheckoutForm>(General),
        // GOV.UK Pay's return: the payment is looked up and recorded by the server.
        Route::server(lpa::CHECKOUT_PAY_RESPONSE),
        Route::page(
            lpa::CHECKOUT_PAY_CANCELLED,
            RegisteringPage::PaymentCancelled,
        ),
        Route::page(lpa::CHECKOUT_PAY_FAILED, RegisteringPage::PaymentFailed),
        Route::page(lpa::MORE_INFO_REQUIRED, RegisteringPage::MoreInfoRequired),
        Route::page(lpa::COMPLETE, RegisteringPage::Complete),
        Route::page(lpa::VIEW_DOCS, RegisteringPage::ViewDocs),
        Route::page(lpa::STATUS, RegisteringPage::Status),
        // The paper forms: the page waits for the job, the server answers for the file and the
        // websocket that says when the job is done.
        Route::page(lpa::DOWNLOAD, RegisteringPage::Download),
        Route::page(lpa::DOWNLOAD_DRAFT, RegisteringPage::Download),
        Route::server(lpa::DOWNLOAD_FILE),
        Route::server(lpa::EVENTS),
        Route::server(lpa::DASHBOARD_EVENTS),
        Route::page(lpa::DATE_CHECK, RegisteringPage::DateCheck)
            .with_form::<pages::lpa::date_check::DateCheckForm>(General),
        Route::page(lpa::DATE_CHECK_VALID, RegisteringPage::DateCheckValid),
        // The live message feed.
        Route::page(feed::FEED, FeedPage::Feed),
        Route::page(feed::SAVED, FeedPage::Saved),
        Route::page(feed::DEV, FeedPage::Dev)
            .with_form::<pages::feed::dev::PostMessageForm>(General),
        Route::form_shown_on::<pages::feed::dev::PostManyForm, _>(
            feed::POST_MANY,
            feed::DEV,
            PostingMany,
        ),
    ]
});

/// The page the router draws at `path` (no query), if any: the first route matching all of it,
/// as the router picks.
pub fn page_at(path: &str) -> Option<Page> {
    ROUTES.iter().find_map(|route| match &route.serves {
        Serves::Page { page, .. } if route.matcher.matches(path) => Some(*page),
        _ => None,
    })
}

/// The table as the Leptos router's routes. Every page renders whole before it is sent
/// (`SsrMode::Async`), so it reads the same without JavaScript.
pub fn leptos_routes() -> StaticVec<AnyNestedRoute> {
    ROUTES
        .iter()
        .filter_map(|route| match &route.serves {
            Serves::Page { page, .. } => {
                let route = NestedRoute::new(route.matcher.clone(), *page)
                    .ssr_mode(SsrMode::Async)
                    .into_any_nested_route();
                Some(route)
            }
            Serves::Form { .. } | Serves::Server => None,
        })
        .collect::<Vec<_>>()
        .into()
}

#[cfg(test)]
mod tests {
    use std::path::{Path as FilePath, PathBuf};

    use super::*;

    /// The module a page component is defined in, as a file under `src/`.
    fn module_file(component: &str) -> Option<PathBuf> {
        let module = component.strip_prefix("app::")?.rsplit_once("::")?.0;
        let base = FilePath::new(env!("CARGO_MANIFEST_DIR"))
            .join("src")
            .join(module.replace("::", "/"));
        [base.with_extension("rs"), base.join("mod.rs")]
            .into_iter()
            .find(|file| file.exists())
    }

    /// The files under `pages/` that define a component.
    fn page_files() -> Vec<PathBuf> {
        let mut files = Vec::new();
        let mut pending = vec![FilePath::new(env!("CARGO_MANIFEST_DIR")).join("src/pages")];
        while let Some(dir) = pending.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    pending.push(path);
                } else if std::fs::read_to_string(&path)
                    .unwrap()
                    .contains("#[component]")
                {
                    files.push(path);
                }
            }
        }
        files
    }

    /// Files under `pages/` that are parts of pages rather than pages: the gallery's two halves
    /// (drawn by `design_system/mod.rs`), the email form two account pages share, and the journey
    /// gates pages pass through, and the frames the LPA's and a consignment's pages are drawn in.
    const PARTS: &[&str] = &[
        "design_system/demo.rs",
        "design_system/showcase.rs",
        "email_request.rs",
        "gate.rs",
        "lpa/address_finder.rs",
        "lpa/attorneys.rs",
        "lpa/checkout/pay/mod.rs",
        "lpa/frame.rs",
        "lpa/named_person.rs",
        "lpa/person_fields.rs",
        "transfer/frame.rs",
    ];

    #[test]
    fn every_page_has_a_route_and_every_route_a_page() {
        let routed: Vec<PathBuf> = ROUTES
            .iter()
            .filter_map(|route| match &route.serves {
                Serves::Page { page, .. } => {
                    let name = page.component_name();
                    Some(
                        module_file(name)
                            .unwrap_or_else(|| panic!("{}: no file for {name}", route.pattern)),
                    )
                }
                _ => None,
            })
            .collect();
        for file in page_files() {
            let part = PARTS.iter().any(|part| file.ends_with(part));
            assert!(
                part || routed.contains(&file),
                "{} draws a page that no route in ROUTES serves",
                file.display()
            );
        }
    }

    #[test]
    fn a_path_finds_the_page_the_router_draws_there() {
        assert_eq!(page_at("/"), Some(Page::from(SitePage::Landing)));
        assert_eq!(page_at("/login"), Some(Page::from(SigningInPage::SignIn)));
        // `/lpa/type` is the new LPA's page, not the LPA numbered "type".
        assert_eq!(page_at("/lpa/type"), Some(Page::from(LpaPage::NewLpaType)));
        assert_eq!(page_at("/lpa/12345678"), Some(Page::from(LpaPage::Resume)));
        assert_eq!(
            page_at("/lpa/12345678/primary-attorney/edit/2"),
            Some(Page::from(LpaPage::EditPrimaryAttorney))
        );
        assert_eq!(page_at("/feed/"), Some(Page::from(FeedPage::Feed)));
        // Forms without a page, the server's own URLs and unknown paths draw no page.
        assert_eq!(page_at("/logout"), None);
        assert_eq!(page_at("/no/such/page"), None);
    }

    #[test]
    fn every_url_has_one_route() {
        let mut patterns: Vec<&str> = ROUTES.iter().map(|route| route.pattern).collect();
        let count = patterns.len();
        patterns.sort();
        patterns.dedup();
        assert_eq!(patterns.len(), count, "a pattern is in ROUTES twice");
    }
}

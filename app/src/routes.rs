//! The one route table: every URL the app answers, what answers it, and the form that posts to it.
//! The Leptos router ([`leptos_routes`]) and the server's POST handlers (`server/src/http/forms.rs`)
//! are both made from [`ROUTES`], and the paths come from the services' `paths` modules, so a page,
//! its URL and its form are declared together, once.
//!
//! To add a page: declare its `Path` in its service's `paths.rs`, write the page (one file under
//! `pages/`, named after the URL), and add one line here. A test checks that every page file has a
//! route and every route's page exists.
use std::sync::{Arc, LazyLock};

use leptos::prelude::*;
use leptos::tachys::view::iterators::StaticVec;
use leptos_router::any_nested_route::{AnyNestedRoute, IntoAnyNestedRoute};
use leptos_router::{NestedRoute, SsrMode};

use crate::account::paths as account;
use crate::feed::paths as feed;
use crate::lpa::paths as lpa;
use crate::pages;
use crate::paths::Path;
use crate::site::paths as site;

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
}

/// What answers a route.
#[derive(Clone)]
pub enum Serves {
    /// A page; `form`, if any, is the form that posts back to the same URL.
    Page {
        view: PageView,
        form: Option<FormRoute>,
    },
    /// A form with no page of its own: opening its URL goes to `shown_on`.
    Form {
        form: FormRoute,
        shown_on: &'static str,
    },
    /// Answered by the server itself, not a page (the sign-out link, the session's state).
    Server,
}

/// A page's component, callable by the router.
#[derive(Clone)]
pub struct PageView {
    render: Arc<dyn Fn() -> AnyView + Send + Sync>,
    /// The component's full name (`app::pages::signup::SignUpPage`), for the test that every page
    /// file has a route.
    pub name: &'static str,
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
    /// `view` is the page's component function itself (its type names it, for the tests).
    fn page<P, F, V>(path: Path<P>, view: F) -> Self
    where
        F: Fn() -> V + Send + Sync + 'static,
        V: IntoView + 'static,
    {
        Route {
            pattern: path.pattern(),
            matcher: path.route_match(),
            serves: Serves::Page {
                view: PageView {
                    name: std::any::type_name::<F>(),
                    render: Arc::new(move || view().into_any()),
                },
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
        Route::page(site::LANDING, pages::landing::Landing),
        Route::page(site::COOKIES, pages::cookies::Cookies)
            .with_form::<pages::cookies::CookiesForm>(General),
        Route::form_shown_on::<crate::cookie_banner::CookieBannerForm, _>(
            site::COOKIE_BANNER,
            site::COOKIES,
            General,
        ),
        Route::page(site::ACCESSIBILITY, pages::accessibility::Accessibility),
        Route::page(site::DESIGN_SYSTEM, pages::design_system::DesignSystem)
            .with_dev_form::<pages::design_system::DemoForm>(),
        Route::server(site::SESSION_STATE),
        // Accounts.
        Route::page(account::TERMS, pages::terms::Terms),
        Route::page(account::SIGN_UP, pages::signup::SignUpPage)
            .with_form::<pages::signup::SignUpForm>(SendingEmail),
        Route::page(account::CHECK_EMAIL, pages::signup::check_email::CheckEmail),
        Route::page(account::CONFIRM_EMAIL, pages::signup::confirm::ConfirmEmail),
        Route::page(
            account::RESEND_EMAIL,
            pages::signup::resend_email::ResendEmail,
        )
        .with_form::<pages::signup::resend_email::ResendEmailForm>(SendingEmail),
        Route::page(account::SIGN_IN, pages::login::SignInPage)
            .with_form::<pages::login::SignInForm>(SigningIn),
        Route::page(account::SIGN_IN_TIMEOUT, pages::login::SignInPage),
        Route::server(account::SIGN_OUT),
        Route::page(
            account::CONFIRM_SIGN_OUT,
            pages::logout::confirm::ConfirmSignOut,
        )
        .with_form::<pages::logout::confirm::SignOutForm>(General),
        Route::page(account::SIGNED_OUT, pages::signed_out::SignedOut),
        Route::page(
            account::FORGOT_PASSWORD,
            pages::forgot_password::ForgotPassword,
        )
        .with_form::<pages::forgot_password::ForgotPasswordForm>(SendingEmail),
        Route::page(
            account::RESET_LINK_SENT,
            pages::forgot_password::sent::ResetLinkSent,
        ),
        Route::page(
            account::RESET_PASSWORD,
            pages::forgot_password::reset::ResetPassword,
        )
        .with_form::<pages::forgot_password::reset::ResetPasswordForm>(SettingPassword),
        Route::page(account::DASHBOARD, pages::user::dashboard::Dashboard),
        Route::page(account::ACCOUNT, pages::user::account::YourAccount),
        Route::page(
            lpa::CONFIRM_DELETE_LPA,
            pages::user::dashboard::confirm_delete_lpa::ConfirmDeleteLpa,
        ),
        Route::page(
            lpa::DELETE_LPA,
            pages::user::dashboard::confirm_delete_lpa::ConfirmDeleteLpa,
        )
        .with_form::<pages::user::dashboard::confirm_delete_lpa::DeleteLpaForm>(General),
        Route::page(
            account::NEW_TERMS,
            pages::user::dashboard::new_terms::NewTerms,
        ),
        Route::page(account::ABOUT_YOU, pages::user::about_you::AboutYouPage)
            .with_form::<pages::user::about_you::AboutYouForm>(General),
        Route::page(
            account::NEW_ABOUT_YOU,
            pages::user::about_you::new::NewAboutYouPage,
        )
        .with_form::<pages::user::about_you::AboutYouForm>(General),
        Route::page(
            account::CHANGE_PASSWORD,
            pages::user::change_password::ChangePasswordPage,
        )
        .with_form::<pages::user::change_password::ChangePasswordForm>(SettingPassword),
        Route::page(
            account::CHANGE_EMAIL,
            pages::user::change_email_address::ChangeEmailPage,
        )
        .with_form::<pages::user::change_email_address::ChangeEmailForm>(SettingPassword),
        Route::page(
            account::VERIFY_NEW_EMAIL,
            pages::user::change_email_address::verify::VerifyNewEmail,
        ),
        Route::page(account::DELETE_ACCOUNT, pages::user::delete::DeleteAccount),
        Route::page(
            account::CONFIRM_DELETE_ACCOUNT,
            pages::user::delete::confirm::ConfirmDeleteAccount,
        )
        .with_form::<pages::user::delete::confirm::DeleteAccountForm>(General),
        Route::page(account::DELETED, pages::deleted::Deleted),
        Route::page(account::ADMIN_OUTBOX, pages::admin::outbox::Outbox),
        // Making an LPA. The new LPA's URL comes before `/lpa/{id}`, which would also match it.
        Route::page(lpa::NEW_LPA, pages::lpa::type_no_id::NewLpaType)
            .with_form::<pages::lpa::r#type::TypeForm>(General),
        Route::page(lpa::LPA, pages::lpa::ResumeLpa),
        Route::page(lpa::TYPE, pages::lpa::r#type::TypePage)
            .with_form::<pages::lpa::r#type::TypeForm>(General),
        Route::page(lpa::DONOR, pages::lpa::donor::DonorPage),
        Route::page(lpa::DONOR_ADD, pages::lpa::donor::add::AddDonor)
            .with_form::<pages::lpa::donor::DonorForm>(General),
        Route::page(lpa::DONOR_EDIT, pages::lpa::donor::edit::EditDonor)
            .with_form::<pages::lpa::donor::DonorForm>(General),
        Route::page(
            lpa::WHEN_LPA_STARTS,
            pages::lpa::when_lpa_starts::WhenLpaStartsPage,
        )
        .with_form::<pages::lpa::when_lpa_starts::WhenLpaStartsForm>(General),
        Route::page(
            lpa::LIFE_SUSTAINING,
            pages::lpa::life_sustaining::LifeSustainingPage,
        )
        .with_form::<pages::lpa::life_sustaining::LifeSustainingForm>(General),
        Route::page(
            lpa::PRIMARY_ATTORNEY,
            pages::lpa::primary_attorney::PrimaryAttorneyPage,
        ),
        Route::page(
            lpa::HOW_PRIMARY_ATTORNEYS_MAKE_DECISION,
            pages::lpa::how_primary_attorneys_make_decision::HowPrimaryAttorneysPage,
        )
        .with_form::<pages::lpa::how_primary_attorneys_make_decision::HowForm>(General),
        Route::page(
            lpa::REPLACEMENT_ATTORNEY,
            pages::lpa::replacement_attorney::ReplacementAttorneyPage,
        )
        .with_form::<pages::lpa::frame::ListConfirmForm>(General),
        Route::page(
            lpa::PRIMARY_ATTORNEY_ADD,
            pages::lpa::primary_attorney::add::AddPrimaryAttorney,
        )
        .with_form::<pages::lpa::attorneys::AttorneyForm>(General),
        Route::page(
            lpa::PRIMARY_ATTORNEY_ADD_TRUST,
            pages::lpa::primary_attorney::add_trust::AddPrimaryTrust,
        )
        .with_form::<pages::lpa::attorneys::AttorneyForm>(General),
        Route::page(
            lpa::PRIMARY_ATTORNEY_EDIT,
            pages::lpa::primary_attorney::edit::EditPrimaryAttorney,
        )
        .with_form::<pages::lpa::attorneys::AttorneyForm>(General),
        Route::page(
            lpa::PRIMARY_ATTORNEY_CONFIRM_DELETE,
            pages::lpa::delete_person::ConfirmDeletePerson,
        ),
        Route::page(
            lpa::PRIMARY_ATTORNEY_DELETE,
            pages::lpa::delete_person::ConfirmDeletePerson,
        )
        .with_form::<pages::lpa::delete_person::DeletePersonForm>(General),
        Route::page(
            lpa::REPLACEMENT_ATTORNEY_ADD,
            pages::lpa::replacement_attorney::add::AddReplacementAttorney,
        )
        .with_form::<pages::lpa::attorneys::AttorneyForm>(General),
        Route::page(
            lpa::REPLACEMENT_ATTORNEY_ADD_TRUST,
            pages::lpa::replacement_attorney::add_trust::AddReplacementTrust,
        )
        .with_form::<pages::lpa::attorneys::AttorneyForm>(General),
        Route::page(
            lpa::REPLACEMENT_ATTORNEY_EDIT,
            pages::lpa::replacement_attorney::edit::EditReplacementAttorney,
        )
        .with_form::<pages::lpa::attorneys::AttorneyForm>(General),
        Route::page(
            lpa::REPLACEMENT_ATTORNEY_CONFIRM_DELETE,
            pages::lpa::delete_person::ConfirmDeletePerson,
        ),
        Route::page(
            lpa::REPLACEMENT_ATTORNEY_DELETE,
            pages::lpa::delete_person::ConfirmDeletePerson,
        )
        .with_form::<pages::lpa::delete_person::DeletePersonForm>(General),
        Route::page(
            lpa::WHEN_REPLACEMENT_ATTORNEY_STEP_IN,
            pages::lpa::when_replacement_attorney_step_in::WhenReplacementAttorneyStepInPage,
        )
        .with_form::<pages::lpa::when_replacement_attorney_step_in::StepInForm>(General),
        Route::page(
            lpa::HOW_REPLACEMENT_ATTORNEYS_MAKE_DECISION,
            pages::lpa::how_replacement_attorneys_make_decision::HowReplacementAttorneysPage,
        )
        .with_form::<pages::lpa::how_primary_attorneys_make_decision::HowForm>(General),
        Route::page(
            lpa::CERTIFICATE_PROVIDER,
            pages::lpa::certificate_provider::CertificateProviderPage,
        )
        .with_form::<pages::lpa::frame::ListConfirmForm>(General),
        Route::page(
            lpa::CERTIFICATE_PROVIDER_ADD,
            pages::lpa::certificate_provider::add::AddCertificateProvider,
        )
        .with_form::<pages::lpa::named_person::NamedPersonForm>(General),
        Route::page(
            lpa::CERTIFICATE_PROVIDER_EDIT,
            pages::lpa::certificate_provider::edit::EditCertificateProvider,
        )
        .with_form::<pages::lpa::named_person::NamedPersonForm>(General),
        Route::page(
            lpa::CERTIFICATE_PROVIDER_CONFIRM_DELETE,
            pages::lpa::delete_person::ConfirmDeletePerson,
        ),
        Route::page(
            lpa::CERTIFICATE_PROVIDER_DELETE,
            pages::lpa::delete_person::ConfirmDeletePerson,
        )
        .with_form::<pages::lpa::delete_person::DeletePersonForm>(General),
        Route::page(
            lpa::PEOPLE_TO_NOTIFY,
            pages::lpa::people_to_notify::PeopleToNotifyPage,
        )
        .with_form::<pages::lpa::frame::ListConfirmForm>(General),
        Route::page(
            lpa::PEOPLE_TO_NOTIFY_ADD,
            pages::lpa::people_to_notify::add::AddPersonToNotify,
        )
        .with_form::<pages::lpa::named_person::NamedPersonForm>(General),
        Route::page(
            lpa::PEOPLE_TO_NOTIFY_EDIT,
            pages::lpa::people_to_notify::edit::EditPersonToNotify,
        )
        .with_form::<pages::lpa::named_person::NamedPersonForm>(General),
        Route::page(
            lpa::PEOPLE_TO_NOTIFY_CONFIRM_DELETE,
            pages::lpa::delete_person::ConfirmDeletePerson,
        ),
        Route::page(
            lpa::PEOPLE_TO_NOTIFY_DELETE,
            pages::lpa::delete_person::ConfirmDeletePerson,
        )
        .with_form::<pages::lpa::delete_person::DeletePersonForm>(General),
        Route::page(
            lpa::INSTRUCTIONS,
            pages::lpa::instructions::InstructionsPage,
        )
        .with_form::<pages::lpa::instructions::InstructionsForm>(General),
        Route::page(lpa::SUMMARY, pages::lpa::summary::SummaryPage),
        Route::page(
            lpa::REUSE_DETAILS,
            pages::lpa::reuse_details::ReuseDetailsPage,
        )
        .with_form::<pages::lpa::reuse_details::ReuseDetailsForm>(General),
        // The live message feed.
        Route::page(feed::FEED, pages::feed::FeedPage),
        Route::page(feed::SAVED, pages::feed::saved::SavedMessagesPage),
        Route::page(feed::DEV, pages::feed::dev::FeedDevPage)
            .with_form::<pages::feed::dev::PostMessageForm>(General),
        Route::form_shown_on::<pages::feed::dev::PostManyForm, _>(
            feed::POST_MANY,
            feed::DEV,
            PostingMany,
        ),
    ]
});

/// The table as the Leptos router's routes. Every page renders whole before it is sent
/// (`SsrMode::Async`), so it reads the same without JavaScript.
pub fn leptos_routes() -> StaticVec<AnyNestedRoute> {
    ROUTES
        .iter()
        .filter_map(|route| match &route.serves {
            Serves::Page { view, .. } => {
                let render = Arc::clone(&view.render);
                let route = NestedRoute::new(route.matcher.clone(), move || render())
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
    /// gates pages pass through.
    const PARTS: &[&str] = &[
        "design_system/demo.rs",
        "design_system/showcase.rs",
        "email_request.rs",
        "gate.rs",
        "lpa/attorneys.rs",
        "lpa/frame.rs",
        "lpa/named_person.rs",
        "lpa/person_fields.rs",
    ];

    #[test]
    fn every_page_has_a_route_and_every_route_a_page() {
        let routed: Vec<PathBuf> = ROUTES
            .iter()
            .filter_map(|route| match &route.serves {
                Serves::Page { view, .. } => Some(
                    module_file(view.name)
                        .unwrap_or_else(|| panic!("{}: no file for {}", route.pattern, view.name)),
                ),
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
    fn every_url_has_one_route() {
        let mut patterns: Vec<&str> = ROUTES.iter().map(|route| route.pattern).collect();
        let count = patterns.len();
        patterns.sort();
        patterns.dedup();
        assert_eq!(patterns.len(), count, "a pattern is in ROUTES twice");
    }
}

//! Which browser module draws each page. The browser build is split (`cargo leptos build
//! --split`): the main module holds the shell (template, router, form pattern), and each group
//! below is a module of its own, fetched the first time one of its pages is drawn — preloaded with
//! the page when the server renders it (`crate::ssr`), so a first load fetches the shell and the
//! page's group together.
//!
//! A page belongs to the group of the people who use it together: few, large groups, because
//! code that several groups share becomes a module of its own for each set of groups sharing it.
//! To add a page: name it in its group here, then route to it in [`super::ROUTES`].
use leptos::prelude::*;
use leptos_router::ChooseView;

use crate::pages;

macro_rules! page_modules {
    ($(
        $(#[doc = $doc:literal])*
        $module:ident: $group:ident {
            $( $page:ident => $($component:ident)::+ ),+ $(,)?
        }
    )+) => {
        $(
            $(#[doc = $doc])*
            #[derive(Clone, Copy, Debug, PartialEq, Eq)]
            pub enum $group {
                $( $page ),+
            }

            impl $group {
                fn component_name(self) -> &'static str {
                    match self {
                        $( Self::$page => std::any::type_name_of_val(&$($component)::+) ),+
                    }
                }
            }

            impl From<$group> for Page {
                fn from(page: $group) -> Page {
                    Page::$group(page)
                }
            }

            /// Draws one of the group's pages; in the browser, from the group's own module.
            // Only the browser's is lazy: on the server, `#[lazy]` would ask Leptos to add the
            // group's preloads to the page, which leptos_integration_utils 0.8.9 does outside the
            // request's reactive owner (so into another request's page, or nowhere); the shell
            // adds them itself (`crate::ssr`).
            #[cfg_attr(feature = "hydrate", leptos::lazy)]
            fn $module(page: $group) -> AnyView {
                match page {
                    $( $group::$page => $($component)::+().into_any() ),+
                }
            }
        )+

        /// A page of the app, by the group whose module draws it.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Page {
            $( $group($group) ),+
        }

        impl Page {
            /// The component's full name (`app::pages::signup::SignUpPage`), for the test that
            /// every page file has a route.
            pub fn component_name(self) -> &'static str {
                match self {
                    $( Page::$group(page) => page.component_name() ),+
                }
            }

            /// The name of the group's function, which names its split point in the build's
            /// manifest (`<name>_<hash>`).
            pub fn group_name(self) -> &'static str {
                match self {
                    $( Page::$group(_) => stringify!($module) ),+
                }
            }
        }

        /// The router draws a page through its group's module, and preloads that module when a
        /// navigation starts.
        impl ChooseView for Page {
            async fn choose(self) -> AnyView {
                match self {
                    $( Page::$group(page) => {
                        #[cfg(feature = "hydrate")]
                        let view = $module(page).await;
                        #[cfg(not(feature = "hydrate"))]
                        let view = $module(page);
                        view
                    } ),+
                }
            }

            async fn preload(&self) {
                #[cfg(feature = "hydrate")]
                paste::paste! {
                    match self {
                        $( Page::$group(_) => [<__preload_ $module>]().await ),+
                    }
                }
            }
        }
    };
}

page_modules! {
    /// The site's own pages, read before and after signing in.
    site: SitePage {
        Landing => pages::landing::Landing,
        Cookies => pages::cookies::Cookies,
        Accessibility => pages::accessibility::Accessibility,
        Terms => pages::terms::Terms,
        SignedOut => pages::signed_out::SignedOut,
        Deleted => pages::deleted::Deleted,
    }
    /// The feedback form, opened from any page (its own module, so the landing page stays light).
    feedback: FeedbackPage {
        SendFeedback => pages::send_feedback::SendFeedback,
        FeedbackThanks => pages::feedback_thanks::FeedbackThanks,
    }
    /// The performance platform's public statistics (its charts' tooltips in their own module).
    stats: StatsPage {
        Stats => pages::stats::Stats,
    }
    /// The component gallery (development).
    design_system: DesignSystemPage {
        DesignSystem => pages::design_system::DesignSystem,
    }
    /// Creating an account, signing in and out, a forgotten password.
    signing_in: SigningInPage {
        SignUp => pages::signup::SignUpPage,
        CheckEmail => pages::signup::check_email::CheckEmail,
        ConfirmEmail => pages::signup::confirm::ConfirmEmail,
        ResendEmail => pages::signup::resend_email::ResendEmail,
        SignIn => pages::login::SignInPage,
        ConfirmSignOut => pages::logout::confirm::ConfirmSignOut,
        ForgotPassword => pages::forgot_password::ForgotPassword,
        ResetLinkSent => pages::forgot_password::sent::ResetLinkSent,
        ResetPassword => pages::forgot_password::reset::ResetPassword,
    }
    /// A signed-in user's dashboard and account.
    account: AccountPage {
        Dashboard => pages::user::dashboard::Dashboard,
        YourAccount => pages::user::account::YourAccount,
        ConfirmDeleteLpa => pages::user::dashboard::confirm_delete_lpa::ConfirmDeleteLpa,
        ReuseLpa => pages::user::dashboard::create::ReuseLpa,
        NewTerms => pages::user::dashboard::new_terms::NewTerms,
        AboutYou => pages::user::about_you::AboutYouPage,
        NewAboutYou => pages::user::about_you::new::NewAboutYouPage,
        ChangePassword => pages::user::change_password::ChangePasswordPage,
        ChangeEmail => pages::user::change_email_address::ChangeEmailPage,
        VerifyNewEmail => pages::user::change_email_address::verify::VerifyNewEmail,
        DeleteAccount => pages::user::delete::DeleteAccount,
        ConfirmDeleteAccount => pages::user::delete::confirm::ConfirmDeleteAccount,
    }
    /// Admin: staff with the admin role (citizens never fetch it).
    admin: AdminPage {
        Home => pages::admin::AdminHome,
        SystemMessage => pages::admin::system_message::SystemMessagePage,
        Feedback => pages::admin::feedback::AdminFeedback,
        AuditLog => pages::admin::audit::AuditLogPage,
        Performance => pages::admin::performance::PerformanceAdmin,
        AllChannels => pages::admin::performance::all_channels::AllChannels,
        Outbox => pages::admin::outbox::Outbox,
        Users => pages::admin::users::UsersPage,
        User => pages::admin::users::user::UserPage,
        ActivateUser => pages::admin::users::activate::ActivateUserPage,
        UnlockUser => pages::admin::users::unlock::UnlockUserPage,
        DeleteUser => pages::admin::users::delete::DeleteUserPage,
        Jobs => pages::admin::jobs::JobsPage,
    }
    /// The data store's uploads: its staff (and admins).
    upload: UploadPage {
        SelectDataset => pages::upload::SelectDataset,
        CreateDataset => pages::upload::create::CreateDataset,
        DatasetCreated => pages::upload::created::DatasetCreated,
        UploadData => pages::upload::data::UploadData,
        Verify => pages::upload::verify::Verify,
        Uploaded => pages::upload::uploaded::Uploaded,
        Failed => pages::upload::failed::UploadFailed,
        Restore => pages::upload::restore::Restore,
        Sources => pages::upload::sources::Sources,
    }
    /// Transferring records: the members of transferring bodies (and admins).
    transfer: TransferPage {
        Homepage => pages::transfer::TransferHomepage,
        ViewTransfers => pages::transfer::view_transfers::ViewTransfers,
        Series => pages::transfer::consignment::series::Series,
        TransferAgreement => pages::transfer::consignment::transfer_agreement::TransferAgreement,
        TransferAgreementContinued =>
            pages::transfer::consignment::transfer_agreement_continued::TransferAgreementContinued,
        Upload => pages::transfer::consignment::upload::Upload,
        FileChecks => pages::transfer::consignment::file_checks::FileChecks,
        FileChecksResults => pages::transfer::consignment::file_checks_results::FileChecksResults,
        ConfirmTransfer => pages::transfer::consignment::confirm_transfer::ConfirmTransfer,
        TransferComplete => pages::transfer::consignment::transfer_complete::TransferComplete,
    }
    /// Making an LPA.
    lpa: LpaPage {
        NewLpaType => pages::lpa::type_no_id::NewLpaType,
        Resume => pages::lpa::ResumeLpa,
        Type => pages::lpa::r#type::TypePage,
        Donor => pages::lpa::donor::DonorPage,
        AddDonor => pages::lpa::donor::add::AddDonor,
        EditDonor => pages::lpa::donor::edit::EditDonor,
        WhenLpaStarts => pages::lpa::when_lpa_starts::WhenLpaStartsPage,
        LifeSustaining => pages::lpa::life_sustaining::LifeSustainingPage,
        PrimaryAttorney => pages::lpa::primary_attorney::PrimaryAttorneyPage,
        HowPrimaryAttorneys =>
            pages::lpa::how_primary_attorneys_make_decision::HowPrimaryAttorneysPage,
        ReplacementAttorney => pages::lpa::replacement_attorney::ReplacementAttorneyPage,
        AddPrimaryAttorney => pages::lpa::primary_attorney::add::AddPrimaryAttorney,
        AddPrimaryTrust => pages::lpa::primary_attorney::add_trust::AddPrimaryTrust,
        EditPrimaryAttorney => pages::lpa::primary_attorney::edit::EditPrimaryAttorney,
        ConfirmDeletePerson => pages::lpa::delete_person::ConfirmDeletePerson,
        AddReplacementAttorney => pages::lpa::replacement_attorney::add::AddReplacementAttorney,
        AddReplacementTrust => pages::lpa::replacement_attorney::add_trust::AddReplacementTrust,
        EditReplacementAttorney =>
            pages::lpa::replacement_attorney::edit::EditReplacementAttorney,
        WhenReplacementAttorneyStepIn =>
            pages::lpa::when_replacement_attorney_step_in::WhenReplacementAttorneyStepInPage,
        HowReplacementAttorneys =>
            pages::lpa::how_replacement_attorneys_make_decision::HowReplacementAttorneysPage,
        CertificateProvider => pages::lpa::certificate_provider::CertificateProviderPage,
        AddCertificateProvider => pages::lpa::certificate_provider::add::AddCertificateProvider,
        EditCertificateProvider =>
            pages::lpa::certificate_provider::edit::EditCertificateProvider,
        PeopleToNotify => pages::lpa::people_to_notify::PeopleToNotifyPage,
        AddPersonToNotify => pages::lpa::people_to_notify::add::AddPersonToNotify,
        EditPersonToNotify => pages::lpa::people_to_notify::edit::EditPersonToNotify,
        Instructions => pages::lpa::instructions::InstructionsPage,
        Summary => pages::lpa::summary::SummaryPage,
        ReuseDetails => pages::lpa::reuse_details::ReuseDetailsPage,
    }
    /// Registering an LPA: who applies, the correspondent, the fee, checkout and what follows.
    registering: RegisteringPage {
        Applicant => pages::lpa::applicant::ApplicantPage,
        Correspondent => pages::lpa::correspondent::CorrespondentPage,
        EditCorrespondent => pages::lpa::correspondent::edit::EditCorrespondent,
        WhoAreYou => pages::lpa::who_are_you::WhoAreYouPage,
        RepeatApplication => pages::lpa::repeat_application::RepeatApplicationPage,
        FeeReduction => pages::lpa::fee_reduction::FeeReductionPage,
        Checkout => pages::lpa::checkout::CheckoutPage,
        PaymentCancelled => pages::lpa::checkout::pay::cancelled::PaymentCancelledPage,
        PaymentFailed => pages::lpa::checkout::pay::failed::PaymentFailedPage,
        MoreInfoRequired => pages::lpa::more_info_required::MoreInfoRequiredPage,
        Complete => pages::lpa::complete::CompletePage,
        ViewDocs => pages::lpa::view_docs::ViewDocsPage,
        Status => pages::lpa::status::StatusPage,
        Download => pages::lpa::download::DownloadPage,
        DateCheck => pages::lpa::date_check::DateCheckPage,
        DateCheckValid => pages::lpa::date_check::valid::DateCheckValidPage,
    }
    /// The live message feed.
    feed: FeedPage {
        Feed => pages::feed::FeedPage,
        Saved => pages::feed::saved::SavedMessagesPage,
        Dev => pages::feed::dev::FeedDevPage,
    }
}

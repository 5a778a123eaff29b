#![recursion_limit = "256"]
//! The Leptos application: routes, pages (one file per page, found from its URL), GOV.UK components and
//! server functions. Compiled twice: with `ssr` into the server binary, with `hydrate` into the wasm.

pub mod account;
pub mod auth;
pub mod clock;
pub mod consent;
pub mod cookie_banner;
pub mod error;
pub mod error_page;
pub mod form;
pub mod govuk;
#[cfg(feature = "hydrate")]
pub mod govuk_js;
pub mod layout;
pub mod pages;
pub mod services;
pub mod session_timeout;
pub mod system_message;

#[cfg(feature = "ssr")]
pub mod ssr;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

/// The name shown in the service navigation and in every page title.
pub const SERVICE_NAME: &str = "Digital public services";

/// `<title>` = page heading – service name – GOV.UK, as the GOV.UK Design System asks.
pub fn page_title(heading: &str) -> String {
    format!("{heading} – {SERVICE_NAME} – GOV.UK")
}

/// The whole application below `<body>`: hydrated in the browser by `frontend`.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Title formatter=|heading: String| page_title(&heading)/>
        <Router>
            <layout::Layout cookie_banner=true>
                <system_message::SystemMessageBanner/>
                // Async: every page is rendered whole before it is sent, so it reads the same without JS
                // (out-of-order streaming would need JS to put suspended parts in place).
                <Routes fallback=pages::not_found::NotFound>
                    <Route path=path!("/") view=pages::landing::Landing ssr=SsrMode::Async/>
                    <Route path=path!("/cookies") view=pages::cookies::Cookies ssr=SsrMode::Async/>
                    <Route
                        path=path!("/design-system")
                        view=pages::design_system::DesignSystem
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/accessibility")
                        view=pages::accessibility::Accessibility
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/terms") view=pages::terms::Terms ssr=SsrMode::Async/>
                    <Route path=path!("/signup") view=pages::signup::SignUpPage ssr=SsrMode::Async/>
                    <Route
                        path=path!("/signup/check-email")
                        view=pages::signup::check_email::CheckEmail
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/signup/confirm/:token")
                        view=pages::signup::confirm::ConfirmEmail
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/signup/resend-email")
                        view=pages::signup::resend_email::ResendEmail
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/login") view=pages::login::SignInPage ssr=SsrMode::Async/>
                    <Route
                        path=path!("/login/:state")
                        view=pages::login::SignInPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/logout/confirm")
                        view=pages::logout::confirm::ConfirmSignOut
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/signed-out")
                        view=pages::signed_out::SignedOut
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/forgot-password")
                        view=pages::forgot_password::ForgotPassword
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/forgot-password/sent")
                        view=pages::forgot_password::sent::ResetLinkSent
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/forgot-password/reset/:token")
                        view=pages::forgot_password::reset::ResetPassword
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/admin/outbox")
                        view=pages::admin::outbox::Outbox
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/user/about-you")
                        view=pages::user::about_you::AboutYouPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/user/about-you/new")
                        view=pages::user::about_you::new::NewAboutYouPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/user/dashboard/new-terms")
                        view=pages::user::dashboard::new_terms::NewTerms
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/user/change-password")
                        view=pages::user::change_password::ChangePasswordPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/user/change-email-address")
                        view=pages::user::change_email_address::ChangeEmailPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/user/change-email-address/verify/:token")
                        view=pages::user::change_email_address::verify::VerifyNewEmail
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/user/delete")
                        view=pages::user::delete::DeleteAccount
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/user/delete/confirm")
                        view=pages::user::delete::confirm::ConfirmDeleteAccount
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/deleted")
                        view=pages::deleted::Deleted
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/user/dashboard")
                        view=pages::user::dashboard::Dashboard
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/feed") view=pages::feed::FeedPage ssr=SsrMode::Async/>
                    <Route
                        path=path!("/feed/saved")
                        view=pages::feed::saved::SavedMessagesPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/feed/dev")
                        view=pages::feed::dev::FeedDevPage
                        ssr=SsrMode::Async
                    />
                </Routes>
            </layout::Layout>
        </Router>
    }
}

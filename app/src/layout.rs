//! The GOV.UK page template around every page: skip link, header, service navigation, phase banner,
//! main wrapper and footer.
use leptos::prelude::*;

use crate::account::paths as account_paths;
use crate::auth::Viewer;
use crate::govuk::{
    Footer, FooterLink, FooterMeta, Header, PhaseBanner, ServiceNavigation, ServiceNavigationItem,
    SkipLink,
};
use crate::site::paths as site_paths;
use crate::SERVICE_NAME;

/// The template's inline script: marks the body so GOV.UK styles for JS-enhanced components apply.
/// Rendered with the request's CSP nonce.
const JS_ENABLED_SCRIPT: &str = "document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');";

#[component]
pub fn Layout(
    /// The cookie banner goes right after the skip link (which must stay the first thing to
    /// focus), and the account links and timeout warning go with the service's own pages. Error
    /// pages, drawn without the router, leave them out.
    #[prop(optional)]
    cookie_banner: bool,
    children: Children,
) -> impl IntoView {
    // Who is signed in is known before the page renders (the server resolved the session), and
    // the template is drawn once per document: a shared value, sent with the page for hydration,
    // costs neither an async resource nor two suspense boundaries on every render.
    let viewer = SharedValue::new(crate::auth::viewer_of_request).into_inner();
    let signed_in = viewer.is_some();
    view! {
        <script nonce=leptos::nonce::use_nonce()>{JS_ENABLED_SCRIPT}</script>
        <SkipLink href="#main-content" content="Skip to main content"/>
        {cookie_banner.then(|| view! { <crate::cookie_banner::SiteCookieBanner/> })}
        <header class="govuk-template__header">
            <Header homepage_url="https://www.gov.uk/"/>
            <SiteNavigation viewer=viewer.filter(|_| cookie_banner)/>
            <PhaseBanner tag="Beta".into()>
                "This is a new service. Help us improve it and "
                <a class="govuk-link" href=feedback_href(cookie_banner)>"give your feedback"</a>
                "."
            </PhaseBanner>
        </header>
        <div class="govuk-width-container">
            <main class="govuk-main-wrapper" id="main-content">
                {children()}
            </main>
        </div>
        {(cookie_banner && signed_in).then(|| view! { <crate::session_timeout::TimeoutWarning/> })}
        <footer class="govuk-template__footer">
            <Footer meta=Some(FooterMeta {
                items: vec![
                    FooterLink::new(site_paths::COOKIES.href().to_string(), "Cookies"),
                    FooterLink::new(site_paths::ACCESSIBILITY.href().to_string(), "Accessibility statement"),
                ],
                ..Default::default()
            })/>
        </footer>
    }
}

/// The feedback form, told which page it was opened from (followed as the router moves on).
/// Error pages, drawn without the router, link to the plain form.
fn feedback_href(in_router: bool) -> Signal<String> {
    let form = crate::performance::paths::SEND_FEEDBACK;
    if !in_router {
        return Signal::stored(form.href().to_string());
    }
    let location = leptos_router::hooks::use_location();
    Signal::derive(move || {
        let path = location.pathname.get();
        form.href().query("from", &path).to_string()
    })
}

/// The service navigation with the account links for whoever is (or is not) signed in.
#[component]
fn SiteNavigation(viewer: Option<Viewer>) -> impl IntoView {
    let navigation = match viewer {
        Some(_) => vec![
            ServiceNavigationItem::link(account_paths::DASHBOARD.href().to_string(), "Your LPAs"),
            ServiceNavigationItem::link(account_paths::ACCOUNT.href().to_string(), "Your account"),
            // `rel="external"`: signing out is the server's, not a page the router can draw.
            ServiceNavigationItem {
                attributes: crate::govuk::Attributes::new().with("rel", "external"),
                ..ServiceNavigationItem::link(
                    account_paths::SIGN_OUT.href().to_string(),
                    "Sign out",
                )
            },
        ],
        None => vec![ServiceNavigationItem::link(
            account_paths::SIGN_IN.href().to_string(),
            "Sign in",
        )],
    };
    view! {
        <ServiceNavigation
            service_name=Some(SERVICE_NAME.to_owned())
            service_url=Some(site_paths::LANDING.href().to_string())
            navigation=navigation
        />
    }
}

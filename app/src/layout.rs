//! The GOV.UK page template around every page: skip link, header, service navigation, phase banner,
//! main wrapper and footer.
use leptos::prelude::*;

use crate::govuk::{
    Footer, FooterLink, FooterMeta, Header, PhaseBanner, ServiceNavigation, SkipLink,
};
use crate::SERVICE_NAME;

/// The template's inline script: marks the body so GOV.UK styles for JS-enhanced components apply.
/// Rendered with the request's CSP nonce.
const JS_ENABLED_SCRIPT: &str = "document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');";

#[component]
pub fn Layout(
    /// The cookie banner goes right after the skip link (which must stay the first thing to
    /// focus). Error pages, drawn without the router, leave it out.
    #[prop(optional)]
    cookie_banner: bool,
    children: Children,
) -> impl IntoView {
    view! {
        <script nonce=leptos::nonce::use_nonce()>{JS_ENABLED_SCRIPT}</script>
        <SkipLink href="#main-content" content="Skip to main content"/>
        {cookie_banner.then(|| view! { <crate::cookie_banner::SiteCookieBanner/> })}
        <header class="govuk-template__header">
            <Header homepage_url="https://www.gov.uk/"/>
            <ServiceNavigation
                service_name=Some(SERVICE_NAME.to_owned())
                service_url=Some("/".to_owned())
            />
            <PhaseBanner tag="Beta".into()>
                "This is a new service. Help us improve it and "
                <a class="govuk-link" href="/feedback">
                    "give your feedback"
                </a>
                "."
            </PhaseBanner>
        </header>
        <div class="govuk-width-container">
            <main class="govuk-main-wrapper" id="main-content">
                {children()}
            </main>
        </div>
        <footer class="govuk-template__footer">
            <Footer meta=Some(FooterMeta {
                items: vec![
                    FooterLink::new("/cookies", "Cookies"),
                    FooterLink::new("/accessibility", "Accessibility statement"),
                ],
                ..Default::default()
            })/>
        </footer>
    }
}

//! The GOV.UK page template around every page: skip link, header, service navigation, phase banner,
//! main wrapper and footer.
use leptos::prelude::*;

use crate::govuk::{Footer, FooterLink, Header, PhaseBanner, ServiceNavigation, SkipLink};
use crate::SERVICE_NAME;

/// The template's inline script: marks the body so GOV.UK styles for JS-enhanced components apply.
/// Rendered with the request's CSP nonce.
const JS_ENABLED_SCRIPT: &str = "document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');";

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    view! {
        <script nonce=leptos::nonce::use_nonce()>{JS_ENABLED_SCRIPT}</script>
        <SkipLink href="#main-content" content="Skip to main content"/>
        <header class="govuk-template__header">
            <Header homepage_url="https://www.gov.uk/"/>
            <ServiceNavigation service_name=SERVICE_NAME service_url="/"/>
            <PhaseBanner tag="Beta">
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
            <Footer
                meta_title="Support links"
                meta_links=vec![
                    FooterLink { href: "/cookies", text: "Cookies" },
                    FooterLink { href: "/accessibility", text: "Accessibility statement" },
                ]
            />
        </footer>
    }
}

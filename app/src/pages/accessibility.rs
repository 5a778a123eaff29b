//! `/accessibility`: the accessibility statement every GOV.UK service publishes.
use leptos::prelude::*;
use leptos_meta::Title;

use crate::SERVICE_NAME;

#[component]
pub fn Accessibility() -> impl IntoView {
    view! {
        <Title text="Accessibility statement"/>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h1 class="govuk-heading-l">"Accessibility statement for " {SERVICE_NAME}</h1>
                <p class="govuk-body">
                    "This accessibility statement applies to the " {SERVICE_NAME} " website."
                </p>
                <p class="govuk-body">
                    "We want as many people as possible to be able to use this website. For example, \
                     that means you should be able to:"
                </p>
                <ul class="govuk-list govuk-list--bullet">
                    <li>"change colours, contrast levels and fonts using browser or device settings"</li>
                    <li>"zoom in up to 400% without the text spilling off the screen"</li>
                    <li>"navigate most of the website using a keyboard or speech recognition software"</li>
                    <li>"listen to most of the website using a screen reader"</li>
                    <li>"use every form with JavaScript turned off"</li>
                </ul>
                <h2 class="govuk-heading-m">"Compliance status"</h2>
                <p class="govuk-body">
                    "This website is designed to be fully compliant with the Web Content \
                     Accessibility Guidelines version 2.2 AA standard. Every page is checked with \
                     automated accessibility tests, with JavaScript on and off, before it is released."
                </p>
                <h2 class="govuk-heading-m">"Reporting accessibility problems"</h2>
                <p class="govuk-body">
                    "If you find a problem that is not listed on this page, "
                    <a class="govuk-link" href=crate::performance::paths::SEND_FEEDBACK.href().to_string()>
                        "tell us using the feedback form"
                    </a>
                    "."
                </p>
                <h2 class="govuk-heading-m">"Enforcement procedure"</h2>
                <p class="govuk-body">
                    "The Equality and Human Rights Commission (EHRC) is responsible for enforcing the \
                     accessibility regulations. If you are not happy with how we respond to your \
                     complaint, contact the "
                    <a class="govuk-link" href="https://www.equalityadvisoryservice.com/">
                        "Equality Advisory and Support Service (EASS)"
                    </a>
                    "."
                </p>
            </div>
        </div>
    }
}

//! `/`: the services this app provides.
use leptos::prelude::*;
use leptos_meta::Title;

use crate::site::services::SERVICES;
use crate::SERVICE_NAME;

#[component]
pub fn Landing() -> impl IntoView {
    view! {
        <Title text=SERVICE_NAME/>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h1 class="govuk-heading-xl">{SERVICE_NAME}</h1>
                <p class="govuk-body-l">
                    "Government services for citizens, for the staff who run them and for the \
                     systems that use their data."
                </p>
                <h2 class="govuk-heading-m">"Services"</h2>
                <ul class="govuk-list govuk-list--spaced" data-testid="services">
                    {SERVICES
                        .iter()
                        .map(|service| {
                            let name = match service.start_url {
                                Some(url) => {
                                    view! {
                                        <a class="govuk-link govuk-link--no-visited-state" href=url.href().to_string()>
                                            {service.name}
                                        </a>
                                    }
                                        .into_any()
                                }
                                None => {
                                    view! {
                                        {service.name}
                                        " "
                                        <strong class="govuk-tag govuk-tag--grey">"Coming soon"</strong>
                                    }
                                        .into_any()
                                }
                            };
                            view! {
                                <li>
                                    <h3 class="govuk-heading-s govuk-!-margin-bottom-1">{name}</h3>
                                    <p class="govuk-body">{service.summary}</p>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </div>
        </div>
    }
}

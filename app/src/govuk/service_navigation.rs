use leptos::prelude::*;

/// `govukServiceNavigation` with a service name linking to the service's start.
///
/// ```ignore
/// view! { <ServiceNavigation service_name="Make a lasting power of attorney" service_url="/"/> }
/// ```
#[component]
pub fn ServiceNavigation(
    #[prop(into)] service_name: String,
    #[prop(into)] service_url: String,
) -> impl IntoView {
    view! {
        <section
            aria-label="Service information"
            class="govuk-service-navigation"
            data-module="govuk-service-navigation"
        >
            <div class="govuk-width-container">
                <div class="govuk-service-navigation__container">
                    <span class="govuk-service-navigation__service-name">
                        <a href=service_url class="govuk-service-navigation__link">
                            {service_name}
                        </a>
                    </span>
                </div>
            </div>
        </section>
    }
}

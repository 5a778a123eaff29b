use leptos::prelude::*;

/// `govukNotificationBanner` (neutral type) with a heading paragraph.
///
/// ```ignore
/// view! { <NotificationBanner title="Important" heading="The service will be unavailable on Sunday."/> }
/// ```
#[component]
pub fn NotificationBanner(
    #[prop(default = "Important")] title: &'static str,
    #[prop(into)] heading: String,
) -> impl IntoView {
    view! {
        <div
            class="govuk-notification-banner"
            role="region"
            aria-labelledby="govuk-notification-banner-title"
            data-module="govuk-notification-banner"
        >
            <div class="govuk-notification-banner__header">
                <h2 class="govuk-notification-banner__title" id="govuk-notification-banner-title">
                    {title}
                </h2>
            </div>
            <div class="govuk-notification-banner__content">
                <p class="govuk-notification-banner__heading">{heading}</p>
            </div>
        </div>
    }
}

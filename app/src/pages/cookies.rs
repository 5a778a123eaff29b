//! `/cookies`: what the service stores in the browser, and the analytics consent form.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::consent::{current_policy, CookiePolicy};
use crate::form::{use_form, FieldErrors, Form, FormErrorSummary, FormInput};
use crate::govuk::{
    Button, FieldsetOptions, LegendOptions, NotificationBanner, NotificationBannerType, Radios,
    RadiosItem,
};
use crate::site::paths as site_paths;

/// The consent form: "yes" or "no" to analytics cookies.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CookiesForm {
    #[serde(default)]
    pub analytics: String,
}

impl FormInput for CookiesForm {
    type Valid = CookiePolicy;

    fn validate(&self) -> Result<CookiePolicy, FieldErrors> {
        match self.analytics.as_str() {
            "yes" => Ok(CookiePolicy { analytics: true }),
            "no" => Ok(CookiePolicy { analytics: false }),
            _ => {
                let mut errors = FieldErrors::new();
                errors.add(
                    "analytics",
                    "Select yes if you want to accept analytics cookies",
                );
                Err(errors)
            }
        }
    }
}

impl crate::form::FormAction for CookiesForm {
    #[cfg(feature = "ssr")]
    async fn perform(
        policy: CookiePolicy,
        context: crate::form::ActionContext,
    ) -> Result<crate::form::Submitted, crate::form::FormFailure> {
        Ok(
            crate::form::Submitted::redirect(site_paths::COOKIES.href().query("saved", "true"))
                .with_cookie(crate::consent::policy_cookie(
                    policy,
                    context.secure_cookies,
                )),
        )
    }
}

#[component]
pub fn Cookies() -> impl IntoView {
    let form = use_form::<CookiesForm>();
    let current = current_policy().map(|p| if p.analytics { "yes" } else { "no" });
    let saved = move || use_query_map().with(|q| q.get("saved").is_some());
    view! {
        <Title text=form.title("Cookies")/>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                {move || {
                    saved()
                        .then(|| {
                            view! {
                                <NotificationBanner
                                    banner_type=NotificationBannerType::Success
                                    content=Some("You’ve set your cookie preferences.".into())
                                />
                            }
                        })
                }}
                <FormErrorSummary form=form/>
                <h1 class="govuk-heading-l">"Cookies"</h1>
                <p class="govuk-body">
                    "Cookies are small files saved on your phone, tablet or computer when you visit a \
                     website."
                </p>
                <p class="govuk-body">
                    "We use cookies to make this service work and, if you agree, to collect \
                     information about how you use it."
                </p>
                <h2 class="govuk-heading-m">"Essential cookies"</h2>
                <p class="govuk-body">
                    "Essential cookies keep your information secure while you use the service. We do \
                     not need to ask permission to use them."
                </p>
                <table class="govuk-table">
                    <caption class="govuk-table__caption govuk-table__caption--s">
                        "Essential cookies we use"
                    </caption>
                    <thead class="govuk-table__head">
                        <tr class="govuk-table__row">
                            <th scope="col" class="govuk-table__header">"Name"</th>
                            <th scope="col" class="govuk-table__header">"Purpose"</th>
                            <th scope="col" class="govuk-table__header">"Expires"</th>
                        </tr>
                    </thead>
                    <tbody class="govuk-table__body">
                        <tr class="govuk-table__row">
                            <td class="govuk-table__cell">"__Host-csrf"</td>
                            <td class="govuk-table__cell">
                                "Protects your forms from being sent by another website"
                            </td>
                            <td class="govuk-table__cell">"When you close your browser"</td>
                        </tr>
                        <tr class="govuk-table__row">
                            <td class="govuk-table__cell">"cookies_policy"</td>
                            <td class="govuk-table__cell">"Saves your cookie consent settings"</td>
                            <td class="govuk-table__cell">"1 year"</td>
                        </tr>
                        <tr class="govuk-table__row">
                            <td class="govuk-table__cell">"cookies_confirmation"</td>
                            <td class="govuk-table__cell">
                                "Shows that your cookie settings were saved, when JavaScript is off"
                            </td>
                            <td class="govuk-table__cell">"5 minutes"</td>
                        </tr>
                    </tbody>
                </table>
                <h2 class="govuk-heading-m">"Analytics cookies (optional)"</h2>
                <p class="govuk-body">
                    "With your permission, we use analytics cookies to collect information about how \
                     you use this service, so we can improve it. We do not set them unless you choose \
                     to accept them."
                </p>
                <Form form=form action=site_paths::COOKIES.href()>
                    {move || {
                        let value = form.value(|f| f.analytics.clone());
                        let value = if value.is_empty() { current.map(str::to_owned) } else { Some(value) };
                        view! {
                            <Radios
                                name="analytics"
                                value=value
                                fieldset=Some(FieldsetOptions {
                                    legend: Some(LegendOptions {
                                        content: "Do you want to accept analytics cookies?".into(),
                                        classes: "govuk-fieldset__legend--s".to_owned(),
                                        is_page_heading: false,
                                    }),
                                    ..Default::default()
                                })
                                error_message=form.error("analytics")
                                classes="govuk-radios--inline"
                                items=vec![
                                    RadiosItem::option("yes", "Yes"),
                                    RadiosItem::option("no", "No"),
                                ]
                            />
                        }
                    }}
                    <Button content="Save cookie settings"/>
                </Form>
            </div>
        </div>
    }
}

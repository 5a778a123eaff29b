//! `/cookies`: what the service stores in the browser.
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn Cookies() -> impl IntoView {
    view! {
        <Title text="Cookies"/>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
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
                            <td class="govuk-table__cell">"session"</td>
                            <td class="govuk-table__cell">
                                "Keeps you signed in and protects your forms from being sent by \
                                 another website"
                            </td>
                            <td class="govuk-table__cell">"After 20 minutes of inactivity"</td>
                        </tr>
                        <tr class="govuk-table__row">
                            <td class="govuk-table__cell">"cookies_policy"</td>
                            <td class="govuk-table__cell">"Saves your cookie consent settings"</td>
                            <td class="govuk-table__cell">"1 year"</td>
                        </tr>
                    </tbody>
                </table>
                <h2 class="govuk-heading-m">"Analytics cookies (optional)"</h2>
                <p class="govuk-body">
                    "We do not set analytics cookies unless you choose to accept them."
                </p>
            </div>
        </div>
    }
}

//! `/admin`: the admin's start page, a link to each admin page. Each page under `/admin/...` is
//! for staff with the admin role: wrapped in `NameFirst` for `Audience::Admins`, and each server
//! function and form behind them checks the role itself.
pub mod audit;
pub mod feedback;
pub mod outbox;
pub mod parts;
pub mod performance;
pub mod system_message;

use leptos::prelude::*;
use leptos_meta::Title;

use crate::account::paths as account_paths;
use crate::admin::paths;
use crate::auth::Audience;
use crate::pages::gate::NameFirst;

/// Every admin page, for the test that a citizen is refused each one.
pub const ADMIN_PAGES: &[crate::paths::Path] = &[
    paths::HOME,
    paths::SYSTEM_MESSAGE,
    paths::FEEDBACK,
    paths::AUDIT_LOG,
    paths::PERFORMANCE,
    paths::ALL_CHANNELS,
    account_paths::ADMIN_OUTBOX,
];

#[component]
pub fn AdminHome() -> impl IntoView {
    let link = |href: crate::paths::Path, text: &'static str, about: &'static str| {
        view! {
            <li>
                <a class="govuk-link govuk-link--no-visited-state" href=href.href().to_string()>{text}</a>
                <p class="govuk-body govuk-!-margin-top-1">{about}</p>
            </li>
        }
    };
    view! {
        <Title text="Admin"/>
        <NameFirst audience=Audience::Admins>
            <h1 class="govuk-heading-l">"Admin"</h1>
            <ul class="govuk-list govuk-list--spaced">
                {link(paths::SYSTEM_MESSAGE, "System message", "Set or remove the notice shown at the top of every page.")}
                {link(paths::FEEDBACK, "Feedback", "Read and download what people sent through the feedback form.")}
                {link(paths::PERFORMANCE, "Monthly figures", "The performance figures published on LPA statistics; work a month out again.")}
                {link(paths::AUDIT_LOG, "Audit log", "Who did what in admin, and when.")}
                {link(account_paths::ADMIN_OUTBOX, "Emails sent", "The emails the service sent, when they are kept rather than sent.")}
            </ul>
        </NameFirst>
    }
}

//! `/admin`: the admin's start page, a link to each admin page. Each page under `/admin/...` is
//! for staff with the admin role: wrapped in `NameFirst` for `Audience::Admins`, and each server
//! function and form behind them checks the role itself.
pub mod audit;
pub mod feedback;
pub mod jobs;
pub mod outbox;
pub mod parts;
pub mod performance;
pub mod system_message;
pub mod users;

use leptos::prelude::*;
use leptos_meta::Title;

use crate::account::paths as account_paths;
use crate::admin::paths;
use crate::auth::Audience;
use crate::pages::gate::NameFirst;

/// Every admin page's URL pattern, for the tests that a citizen is refused each one. A pattern's
/// `{id}` stands for any id: the role is checked before the id is read.
pub const ADMIN_PAGES: &[&str] = &[
    paths::HOME.pattern(),
    paths::SYSTEM_MESSAGE.pattern(),
    paths::FEEDBACK.pattern(),
    paths::AUDIT_LOG.pattern(),
    account_paths::ADMIN_OUTBOX.pattern(),
    paths::USERS.pattern(),
    paths::USER.pattern(),
    paths::ACTIVATE_USER.pattern(),
    paths::UNLOCK_USER.pattern(),
    paths::DELETE_USER.pattern(),
    paths::JOBS.pattern(),
    paths::PERFORMANCE.pattern(),
    paths::ALL_CHANNELS.pattern(),
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
                {link(paths::USERS, "Users", "Find an account by email address, user id or LPA reference; activate, unlock or delete it.")}
                {link(paths::JOBS, "Jobs", "The job queue: what is waiting, running and failed; retry dead jobs.")}
                {link(paths::PERFORMANCE, "Monthly figures", "The performance figures published on LPA statistics; work a month out again.")}
                {link(paths::AUDIT_LOG, "Audit log", "Who did what in admin, and when.")}
                {link(account_paths::ADMIN_OUTBOX, "Emails sent", "The emails the service sent, when they are kept rather than sent.")}
            </ul>
        </NameFirst>
    }
}

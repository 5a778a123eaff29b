//! `/admin/users/{id}` (reference §9's user search result and the user's LPAs): one account's
//! figures, links to what an admin may do to it (activate, unlock, delete: each asks first), and
//! its LPAs with their times and payment. An unknown or malformed id is the GOV.UK 404 page.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_location, use_query_map};
use serde::{Deserialize, Serialize};

use crate::account::rules::UserId;
use crate::admin::paths;
use crate::auth::Audience;
use crate::error::AppError;
use crate::error_page::AppErrorContent;
use crate::govuk::{
    NotificationBanner, NotificationBannerType, SummaryList, SummaryListRow, Table, TableCell,
};
use crate::pages::gate::NameFirst;

/// An account as the admin's pages show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserAccount {
    pub id: UserId,
    pub email: String,
    pub created: String,
    /// When the email address was confirmed; `None` until it is (the account cannot sign in).
    pub activated: Option<String>,
    pub last_signed_in: Option<String>,
    pub failed_sign_ins: i32,
    /// While the account is locked, until when.
    pub locked_until: Option<String>,
    pub role: String,
    /// The account is the admin's own (which they may not delete here).
    pub is_yours: bool,
    pub lpas: Vec<UserLpa>,
}

impl UserAccount {
    /// Whether unlocking would change anything: locked, or failed sign-ins counted.
    pub fn may_unlock(&self) -> bool {
        self.locked_until.is_some() || self.failed_sign_ins > 0
    }
}

/// One of the account's LPAs, every field as shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserLpa {
    pub reference: String,
    pub donor: String,
    pub lpa_type: String,
    pub started: String,
    pub updated: String,
    pub created: String,
    pub completed: String,
    pub locked: String,
    pub payment: String,
}

#[cfg(feature = "ssr")]
fn shown(at: chrono::DateTime<chrono::Utc>) -> String {
    crate::dates::shown_time(&at.to_rfc3339())
}

/// How the LPA was paid, as the real admin says it.
#[cfg(feature = "ssr")]
fn payment_text(payment: Option<&crate::lpa::payment::Payment>) -> String {
    use crate::lpa::payment::PaymentMethod;

    let on = |payment: &crate::lpa::payment::Payment| {
        payment
            .date
            .map(|date| format!(" on {}", crate::dates::long_date(date.date_naive())))
            .unwrap_or_default()
    };
    match payment {
        Some(paid) if paid.method == Some(PaymentMethod::Card) => {
            let reference = paid
                .reference
                .as_ref()
                .map(|reference| format!(", reference {reference}"))
                .unwrap_or_default();
            format!("Paid online{}{reference}", on(paid))
        }
        Some(paid) if paid.method == Some(PaymentMethod::Cheque) => {
            format!("Paid by cheque{}", on(paid))
        }
        _ => "None".to_owned(),
    }
}

/// The account `id`, for an admin; [`AppError::NotFound`] if nobody has it.
#[server(prefix = "/_fn", endpoint = "admin-user", input = server_fn::codec::GetUrl)]
pub async fn admin_user(id: UserId) -> Result<UserAccount, AppError> {
    use crate::account::server::{Accounts, SignInState};

    let admin = crate::auth::ssr::require(Audience::Admins)?;
    let backends = crate::ssr::backends()?;
    let accounts = Accounts::of(&backends);
    let user = accounts.get(&id).await?.ok_or(AppError::NotFound)?;
    let lpas = crate::lpa::server::Lpas::of(&backends)
        .records_of(&user.id)
        .await?;
    let locked_until = match user.sign_in_counters().state(backends.clock.now()) {
        SignInState::Locked { until } => Some(shown(until)),
        SignInState::Open { .. } => None,
    };
    let optional = |at: Option<chrono::DateTime<chrono::Utc>>| at.map(shown).unwrap_or_default();
    Ok(UserAccount {
        id: user.id.clone(),
        email: user.email.clone(),
        created: shown(user.created_at),
        activated: user.confirmed_at.map(shown),
        last_signed_in: user.last_login_at.map(shown),
        failed_sign_ins: user.failed_logins,
        locked_until,
        role: user.role.as_str().to_owned(),
        is_yours: admin.id == user.id,
        lpas: lpas
            .into_iter()
            .map(|lpa| UserLpa {
                reference: lpa.id.a_reference(),
                donor: lpa.donor.unwrap_or_else(|| "Not added yet".to_owned()),
                lpa_type: lpa
                    .lpa_type
                    .map_or("Not chosen yet", |lpa_type| lpa_type.name())
                    .to_owned(),
                started: shown(lpa.started_at),
                updated: shown(lpa.updated_at),
                created: optional(lpa.created_at),
                completed: optional(lpa.completed_at),
                locked: optional(lpa.locked_at),
                payment: payment_text(lpa.payment.as_ref()),
            })
            .collect(),
    })
}

/// The account whose id is the `{id}` of `path` in the current URL, read by `admin_user`;
/// drawn by `shown` once read, or as the error page (a malformed id is not asked for).
pub fn with_account<V: IntoView + 'static>(
    path: crate::paths::Path<UserId>,
    shown: impl Fn(UserAccount) -> V + Send + Sync + Copy + 'static,
) -> impl IntoView {
    let location = use_location();
    let id = Memo::new(move |_| path.parse(&location.pathname.get()));
    let account = Resource::new_blocking(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => admin_user(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match account.await {
                    Ok(account) => shown(account).into_any(),
                    Err(error) => view! { <AppErrorContent error=error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn UserPage() -> impl IntoView {
    view! {
        <NameFirst audience=Audience::Admins>
            {with_account(paths::USER, |account| view! { <Account account=account/> })}
        </NameFirst>
    }
}

#[component]
fn Account(account: UserAccount) -> impl IntoView {
    let done = use_query_map().with_untracked(|query| query.get("done"));
    let outcome = done.and_then(|done| match done.as_str() {
        "activated" => Some("The account has been activated: its owner can sign in."),
        "unlocked" => Some("The account has been unlocked: its owner can sign in again."),
        _ => None,
    });
    let id = account.id.clone();
    let never = || "Never".to_owned();
    let rows = vec![
        SummaryListRow::new("Email address", account.email.clone()),
        SummaryListRow::new("User id", account.id.to_string()),
        SummaryListRow::new("Created", account.created.clone()),
        SummaryListRow::new(
            "Activated",
            account
                .activated
                .clone()
                .unwrap_or_else(|| "Not activated: the email address is not confirmed".to_owned()),
        ),
        SummaryListRow::new(
            "Last signed in",
            account.last_signed_in.clone().unwrap_or_else(never),
        ),
        SummaryListRow::new(
            "Failed sign-in attempts",
            account.failed_sign_ins.to_string(),
        ),
        SummaryListRow::new(
            "Locked",
            account
                .locked_until
                .as_ref()
                .map(|until| format!("Yes, until {until}"))
                .unwrap_or_else(|| "No".to_owned()),
        ),
        SummaryListRow::new("Number of LPAs", account.lpas.len().to_string()),
        SummaryListRow::new("Role", account.role.clone()),
    ];
    let action = |href: String, text: &'static str| {
        view! { <li><a class="govuk-link" href=href>{text}</a></li> }
    };
    let lpas = account.lpas.clone();
    view! {
        <Title text=format!("User {}", account.email)/>
        {outcome.map(|text| view! {
            <NotificationBanner
                banner_type=NotificationBannerType::Success
                title_id=Some("user-outcome".into())
                content=Some(text.into())
            />
        })}
        <span class="govuk-caption-l">"User"</span>
        <h1 class="govuk-heading-l">{account.email.clone()}</h1>
        <SummaryList rows=rows/>
        <h2 class="govuk-heading-m">"What you can do"</h2>
        <ul class="govuk-list">
            {account.activated.is_none().then(|| action(paths::ACTIVATE_USER.to(id.clone()).to_string(), "Activate this account"))}
            {account.may_unlock().then(|| action(paths::UNLOCK_USER.to(id.clone()).to_string(), "Unlock this account"))}
            {(!account.is_yours).then(|| action(paths::DELETE_USER.to(id.clone()).to_string(), "Delete this account"))}
            {action(paths::USERS.href().to_string(), "Find another user")}
        </ul>
        <h2 class="govuk-heading-m">"LPAs"</h2>
        {lpa_table(lpas)}
    }
}

fn lpa_table(lpas: Vec<UserLpa>) -> impl IntoView {
    if lpas.is_empty() {
        return view! { <p class="govuk-body">"This account has no LPAs."</p> }.into_any();
    }
    let head: Vec<TableCell> = [
        "Reference",
        "Donor",
        "Type",
        "Started",
        "Updated",
        "Created",
        "Completed",
        "Locked",
        "Payment",
    ]
    .into_iter()
    .map(TableCell::from)
    .collect();
    let rows: Vec<Vec<TableCell>> = lpas
        .into_iter()
        .map(|lpa| {
            [
                lpa.reference,
                lpa.donor,
                lpa.lpa_type,
                lpa.started,
                lpa.updated,
                lpa.created,
                lpa.completed,
                lpa.locked,
                lpa.payment,
            ]
            .into_iter()
            .map(TableCell::from)
            .collect()
        })
        .collect();
    view! {
        <div class="app-table-scroll" tabindex="0" role="region" aria-label="The account’s LPAs">
            <Table caption="The account’s LPAs" caption_classes="govuk-visually-hidden" head=head rows=rows classes="app-table--small"/>
        </div>
    }
    .into_any()
}

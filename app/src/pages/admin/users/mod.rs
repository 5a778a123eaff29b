//! `/admin/users` (reference §9's user search and user find): find an account by part of its
//! email address (any case, 10 a page), by its user id, or by the reference of one of its LPAs.
//! The search is a form (POST, then a redirect): an email search goes to this page's own list
//! (`?email=&page=`), an id or a reference straight to the account's page.
pub mod activate;
pub mod delete;
pub mod unlock;
pub mod user;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::account::rules::UserId;
use crate::admin::paths;
use crate::auth::Audience;
use crate::error::AppError;
use crate::error_page::ServiceProblem;
use crate::form::{use_form_with, FieldErrors, Form, FormErrorSummary, FormInput};
use crate::govuk::content::escape_html;
use crate::govuk::{
    Button, FieldsetOptions, Input, NotificationBanner, NotificationBannerType, Radios, RadiosItem,
    Table, TableCell, TrustedHtml,
};
use crate::lpa::dashboard::LpaSearch;
use crate::lpa::model::LpaId;
use crate::pages::gate::NameFirst;
use crate::paging::{page_count, pager};

/// Accounts on a page of an email search (the real admin's).
pub const PER_PAGE: u32 = 10;

const HEADING: &str = "Find a user";
const SEARCH_BY: &str = "search_by";
const QUERY: &str = "query";
const BY_EMAIL: &str = "email";
const BY_ID: &str = "user-id";
const BY_REFERENCE: &str = "reference";
const CHOOSE: &str = "Select what to search by";
pub const NO_SUCH_USER: &str = "No account has this user id";
pub const NO_SUCH_LPA: &str = "No LPA has this reference";
const NOT_AN_ID: &str = "Enter a user id of 32 characters, using only 0 to 9 and a to f";
const NOT_A_REFERENCE: &str = "Enter an LPA reference, like A000 1234 5678, or its 11 digits";

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct UserSearchForm {
    /// `email`, `user-id` or `reference`.
    #[serde(default)]
    pub search_by: String,
    #[serde(default)]
    pub query: String,
}

/// What an admin looks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UserSearch {
    /// Accounts whose email address contains this (trimmed).
    Email(String),
    /// The account with this id.
    Id(UserId),
    /// The account that owns this LPA.
    Reference(LpaId),
}

impl FormInput for UserSearchForm {
    type Valid = UserSearch;

    fn validate(&self) -> Result<UserSearch, FieldErrors> {
        let query = self.query.trim();
        let mut errors = FieldErrors::new();
        let search = match self.search_by.as_str() {
            BY_EMAIL if query.is_empty() => Err("Enter an email address, or part of one"),
            BY_EMAIL => Ok(UserSearch::Email(query.to_owned())),
            BY_ID if query.is_empty() => Err("Enter a user id"),
            BY_ID => query
                .to_lowercase()
                .parse()
                .map(UserSearch::Id)
                .map_err(|_| NOT_AN_ID),
            BY_REFERENCE if query.is_empty() => Err("Enter an LPA reference"),
            BY_REFERENCE => match LpaSearch::parse(query) {
                Ok(Some(LpaSearch::Reference(id))) => Ok(UserSearch::Reference(id)),
                _ => Err(NOT_A_REFERENCE),
            },
            _ => {
                errors.add(SEARCH_BY, CHOOSE);
                if query.is_empty() {
                    errors.add(QUERY, "Enter what to search for");
                }
                return Err(errors);
            }
        };
        search.map_err(|message| {
            errors.add(QUERY, message);
            errors
        })
    }
}

impl crate::form::FormAction for UserSearchForm {
    #[cfg(feature = "ssr")]
    async fn perform(
        search: UserSearch,
        context: crate::form::ActionContext,
    ) -> Result<crate::form::Submitted, crate::form::FormFailure> {
        use crate::account::server::Accounts;
        use crate::form::{FormFailure, Submitted};

        context.require(Audience::Admins)?;
        let owner: UserId = match search {
            UserSearch::Email(fragment) => {
                return Ok(Submitted::redirect(
                    paths::USERS.href().query("email", &fragment),
                ))
            }
            UserSearch::Id(id) => {
                Accounts::of(&context.backends)
                    .get(&id)
                    .await?
                    .ok_or_else(|| FormFailure::field(QUERY, NO_SUCH_USER))?
                    .id
            }
            UserSearch::Reference(lpa) => crate::lpa::server::Lpas::of(&context.backends)
                .owner_of(lpa)
                .await?
                .ok_or_else(|| FormFailure::field(QUERY, NO_SUCH_LPA))?,
        };
        Ok(Submitted::redirect(paths::USER.to(owner)))
    }
}

/// One account found by an email search.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserMatch {
    pub id: UserId,
    pub email: String,
    pub activated: bool,
    /// `6 December 2026`.
    pub created: String,
    pub last_signed_in: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserMatches {
    pub users: Vec<UserMatch>,
    pub total: u64,
}

/// Page `page` of the accounts whose email contains `email`, for an admin.
#[server(prefix = "/_fn", endpoint = "admin-find-users", input = server_fn::codec::GetUrl)]
pub async fn admin_find_users(email: String, page: u32) -> Result<UserMatches, AppError> {
    crate::auth::ssr::require(Audience::Admins)?;
    let backends = crate::ssr::backends()?;
    let (users, total) = crate::account::server::Accounts::of(&backends)
        .page_by_email(email.trim(), page, PER_PAGE)
        .await?;
    let day = |at: chrono::DateTime<chrono::Utc>| crate::dates::long_date(at.date_naive());
    Ok(UserMatches {
        users: users
            .into_iter()
            .map(|user| UserMatch {
                activated: user.is_confirmed(),
                created: day(user.created_at),
                last_signed_in: user.last_login_at.map(day),
                id: user.id,
                email: user.email,
            })
            .collect(),
        total,
    })
}

#[component]
pub fn UsersPage() -> impl IntoView {
    view! {
        <NameFirst audience=Audience::Admins>
            <UsersContent/>
        </NameFirst>
    }
}

/// The email searched for and the page, from the query.
#[derive(Clone, Debug, PartialEq, Eq)]
struct EmailSearch {
    email: String,
    page: u32,
}

impl EmailSearch {
    fn href(&self, page: u32) -> String {
        let mut href = paths::USERS.href().query("email", &self.email);
        if page > 1 {
            href = href.query("page", &page.to_string());
        }
        href.to_string()
    }
}

#[component]
fn UsersContent() -> impl IntoView {
    let query = use_query_map();
    let search = Memo::new(move |_| {
        query.with(|query| {
            let email = query.get("email").unwrap_or_default().trim().to_owned();
            (!email.is_empty()).then(|| EmailSearch {
                email,
                page: query
                    .get("page")
                    .and_then(|page| page.parse().ok())
                    .unwrap_or(1)
                    .max(1),
            })
        })
    });
    let deleted = query.with_untracked(|query| query.get("done")).as_deref() == Some("deleted");
    let form = use_form_with(UserSearchForm {
        search_by: BY_EMAIL.to_owned(),
        query: search
            .get_untracked()
            .map(|search| search.email)
            .unwrap_or_default(),
    });
    let results = Resource::new_blocking(
        move || search.get(),
        |search| async move {
            match search {
                Some(search) => admin_find_users(search.email, search.page).await.map(Some),
                None => Ok(None),
            }
        },
    );
    let items = vec![
        RadiosItem::option(BY_EMAIL, "Email address, or part of it"),
        RadiosItem::option(BY_ID, "User id"),
        RadiosItem::option(BY_REFERENCE, "LPA reference"),
    ];
    view! {
        <Title text=form.title(HEADING)/>
        {deleted.then(|| view! {
            <NotificationBanner
                banner_type=NotificationBannerType::Success
                title_id=Some("user-outcome".into())
                content=Some("The account has been deleted, with its LPAs.".into())
            />
        })}
        <FormErrorSummary form=form/>
        <h1 class="govuk-heading-l">{HEADING}</h1>
        <Form form=form action=paths::USERS.href()>
            {move || {
                let input = form.input.get();
                view! {
                    <Radios
                        name=SEARCH_BY
                        value=Some(input.search_by.clone())
                        fieldset=FieldsetOptions::medium_legend("Search by")
                        error_message=form.error(SEARCH_BY)
                        items=items.clone()
                        classes="govuk-radios--small"
                    />
                    <Input
                        name=QUERY
                        id=Some(QUERY.to_owned())
                        label="Search for"
                        hint=Some("For example, sam@example, a user id of 32 characters, or A000 1234 5678".into())
                        value=Some(input.query.clone())
                        error_message=form.error(QUERY)
                        spellcheck=Some(false)
                        classes="govuk-input--width-30"
                    />
                }
            }}
            <Button content="Search"/>
        </Form>
        <Suspense>
            {move || Suspend::new(async move {
                match results.await {
                    Ok(Some(matches)) => {
                        let search = search.get_untracked().unwrap_or(EmailSearch { email: String::new(), page: 1 });
                        found(search, matches).into_any()
                    }
                    Ok(None) => ().into_any(),
                    Err(_) => view! { <ServiceProblem/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The accounts an email search found, each linking to its page, and the pager.
fn found(search: EmailSearch, matches: UserMatches) -> impl IntoView {
    let pages = page_count(matches.total, PER_PAGE);
    let summary = match matches.total {
        0 => format!(
            "No accounts have “{}” in their email address.",
            search.email
        ),
        1 => format!("1 account has “{}” in its email address.", search.email),
        n => format!(
            "{n} accounts have “{}” in their email address.",
            search.email
        ),
    };
    let head: Vec<TableCell> = ["Email address", "Activated", "Created", "Last signed in"]
        .into_iter()
        .map(TableCell::from)
        .collect();
    let rows: Vec<Vec<TableCell>> = matches
        .users
        .into_iter()
        .map(|user| {
            let link = format!(
                r#"<a class="govuk-link" href="{}">{}</a>"#,
                escape_html(&paths::USER.to(user.id).to_string()),
                escape_html(&user.email)
            );
            vec![
                TableCell::from(TrustedHtml::from_trusted(link)),
                TableCell::from(if user.activated { "Yes" } else { "No" }),
                TableCell::from(user.created),
                TableCell::from(user.last_signed_in.unwrap_or_else(|| "Never".to_owned())),
            ]
        })
        .collect();
    let page = search.page.min(pages);
    view! {
        <h2 class="govuk-heading-m">"Accounts found"</h2>
        <p class="govuk-body" role="status">{summary}</p>
        {(!rows.is_empty()).then(|| view! {
            <Table caption="Accounts found" caption_classes="govuk-visually-hidden" head=head rows=rows/>
        })}
        {pager(page, pages, move |page| search.href(page))}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn search(by: &str, query: &str) -> Result<UserSearch, FieldErrors> {
        UserSearchForm {
            search_by: by.into(),
            query: query.into(),
        }
        .validate()
    }

    #[test]
    fn a_search_is_by_email_by_id_or_by_reference() {
        assert_eq!(
            search(BY_EMAIL, "  Sam@ "),
            Ok(UserSearch::Email("Sam@".into()))
        );
        let id = "0123456789abcdef0123456789ABCDEF";
        assert_eq!(
            search(BY_ID, id),
            Ok(UserSearch::Id(id.to_lowercase().parse().unwrap()))
        );
        assert_eq!(
            search(BY_ID, "0123").unwrap_err().get(QUERY),
            Some(NOT_AN_ID)
        );
        let reference = LpaId::new(12_345_678).unwrap();
        assert_eq!(
            search(BY_REFERENCE, "A000 1234 5678"),
            Ok(UserSearch::Reference(reference))
        );
        assert_eq!(
            search(BY_REFERENCE, "12345678"),
            Ok(UserSearch::Reference(reference))
        );
        assert_eq!(
            search(BY_REFERENCE, "Smith").unwrap_err().get(QUERY),
            Some(NOT_A_REFERENCE)
        );
        let errors = search("", "").unwrap_err();
        assert_eq!(errors.get(SEARCH_BY), Some(CHOOSE));
        assert!(errors.get(QUERY).is_some());
        assert!(search(BY_EMAIL, " ").unwrap_err().get(QUERY).is_some());
    }
}

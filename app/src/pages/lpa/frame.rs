//! What every page of an LPA shares: finding the LPA and the page from the URL, asking the server
//! for it (which checks whose it is and runs the flow checker), and the form every step posts
//! with its revision.
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use serde::{Deserialize, Serialize};

use crate::auth::{redirect_to, Audience};
use crate::error::AppError;
use crate::error_page::{AppErrorContent, PageNotFound};
use crate::form::{Form, FormInput, FormState};
use crate::lpa::flow::Page;
use crate::lpa::model::{Lpa, LpaId};
use crate::lpa::paths;
use crate::lpa::rules::field;
use crate::pages::gate::NameFirst;

/// What the server answers for a page of an LPA.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum LpaPageData {
    Show(Box<Lpa>),
    /// The flow checker sends the person here instead.
    Redirect(String),
}

/// The LPA at `path` if the person signed in owns it and the flow checker opens the page;
/// another account's LPA (or none) is a 404. Asked by the browser after a client-side navigation;
/// a page the server renders was loaded before rendering ([`LoadedLpaPage`]).
#[server(prefix = "/_fn", endpoint = "lpa-page", input = server_fn::codec::GetUrl)]
pub async fn lpa_page(path: String) -> Result<LpaPageData, AppError> {
    let user = crate::auth::ssr::require(Audience::SignedIn)?;
    let backends = use_context::<backends::Backends>()
        .ok_or_else(|| AppError::internal("no backends in context"))?;
    load_page(&backends, &user, &path).await
}

/// `user`'s LPA page at `path` (see [`lpa_page`]).
#[cfg(feature = "ssr")]
pub async fn load_page(
    backends: &backends::Backends,
    user: &crate::account::server::User,
    path: &str,
) -> Result<LpaPageData, AppError> {
    use crate::lpa::server::use_cases::{show, Shown};

    let (id, page) = paths::page_of(path).ok_or(AppError::NotFound)?;
    Ok(match show(backends, user, id, page).await? {
        Shown::Lpa(lpa) => LpaPageData::Show(lpa),
        Shown::Elsewhere(href) => LpaPageData::Redirect(href.to_string()),
    })
}

/// An LPA page loaded for the request before the server renders it (by the pages' middleware,
/// `server/src/http/lpa_pages.rs`, for a GET of an LPA page by someone signed in), so the page is
/// drawn at once rather than through a resource, and sent with the page for hydration.
#[cfg(feature = "ssr")]
#[derive(Clone, Debug)]
pub struct LoadedLpaPage(pub Result<LpaPageData, AppError>);

/// The LPA page loaded for the request being rendered, if any. In the browser, none: after a
/// client-side navigation the page asks [`lpa_page`].
fn loaded_for_request() -> Option<Result<LpaPageData, AppError>> {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<LoadedLpaPage>().cloned())
            .map(|loaded| loaded.0)
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

/// The LPA and page of the current URL.
pub fn current_page() -> Option<(LpaId, Page)> {
    paths::page_of(&use_location().pathname.get_untracked())
}

/// A page of an LPA: drawn by `render` once the LPA is loaded and the flow checker has opened the
/// page; otherwise the person is sent where it says (or sees the 404).
#[component]
pub fn LpaFrame<F, V>(render: F) -> impl IntoView
where
    F: Fn(Lpa, Page) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let render = StoredValue::new(render);
    let draw = move |data: Result<LpaPageData, AppError>, page: Page| match data {
        Ok(LpaPageData::Show(lpa)) => {
            crate::govuk_js::start_on_drawn_page();
            render.with_value(|render| render(*lpa, page)).into_any()
        }
        Ok(LpaPageData::Redirect(to)) => {
            redirect_to(&to);
            ().into_any()
        }
        Err(error) => view! { <AppErrorContent error=error/> }.into_any(),
    };
    view! {
        <NameFirst audience=Audience::SignedIn>
            {move || {
                let Some((_, page)) = current_page() else {
                    return view! { <PageNotFound/> }.into_any();
                };
                // Loaded with the request on the server; in the browser after a navigation, the
                // server is asked.
                let path = use_location().pathname.get_untracked();
                crate::sent_with_page::draw_sent_or_asked(
                    loaded_for_request,
                    move || lpa_page(path.clone()),
                    move |data| draw(data, page),
                )
            }}
        </NameFirst>
    }
}

/// A one-question page's fieldset: its legend is the page's `<h1>` (GOV.UK's "question pages").
pub fn question(heading: &str) -> Option<crate::govuk::FieldsetOptions> {
    Some(crate::govuk::FieldsetOptions {
        legend: Some(crate::govuk::LegendOptions {
            content: heading.to_owned().into(),
            classes: "govuk-fieldset__legend--l".into(),
            is_page_heading: true,
        }),
        ..Default::default()
    })
}

/// A one-question page whose answer is a choice (GOV.UK's question pages): the title, the error
/// summary, and the step's form with the radios `name` (their legend is the `<h1>`) and "Save and
/// continue". `items` is called again as the input changes (a revealed text box shows its error).
#[component]
pub fn RadioQuestion<F: FormInput, I>(
    form: FormState<F>,
    lpa_id: LpaId,
    page: Page,
    revision: crate::lpa::model::Revision,
    name: &'static str,
    heading: &'static str,
    /// The page's `<title>`, when it is not the question.
    #[prop(optional)]
    title: Option<&'static str>,
    #[prop(optional)] hint: Option<&'static str>,
    items: I,
) -> impl IntoView
where
    I: Fn() -> Vec<crate::govuk::RadiosItem> + Send + Sync + 'static,
{
    use crate::form::FormErrorSummary;
    use crate::govuk::{Button, Radios};

    view! {
        <leptos_meta::Title text=form.title(title.unwrap_or(heading))/>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <FormErrorSummary form=form/>
                <LpaForm form=form lpa_id=lpa_id page=page revision=revision>
                    // Items may read a resource (the correspondent's address finder): the server
                    // waits for it before drawing them.
                    <Suspense>
                        {move || view! {
                            <Radios
                                name=name
                                id_prefix=Some(name.into())
                                value=Some(value_of(form, name))
                                error_message=form.error(name)
                                fieldset=question(heading)
                                hint=hint.map(Into::into)
                                items=items()
                            />
                        }}
                    </Suspense>
                    <Button content="Save and continue"/>
                </LpaForm>
            </div>
        </div>
    }
}

/// The text box revealed under a "depends" answer, as govuk-frontend draws a textarea (the
/// conditional reveal takes markup): field `name` of `form`, labelled `label`.
pub fn revealed_details<F: FormInput>(
    form: FormState<F>,
    name: &'static str,
    label: &'static str,
) -> crate::govuk::TrustedHtml {
    use crate::govuk::content::escape_html;

    let error = form
        .errors
        .with(|errors| errors.get(name).map(str::to_owned));
    let box_error = if error.is_some() {
        " govuk-textarea--error"
    } else {
        ""
    };
    let (group_error, message, described) = error_parts(name, error.as_deref());
    crate::govuk::TrustedHtml::from_trusted(format!(
        "<div class=\"govuk-form-group{group_error}\"><label class=\"govuk-label\" for=\"{name}\">{}</label>{message}<textarea class=\"govuk-textarea{box_error}\" id=\"{name}\" name=\"{name}\" rows=\"5\"{described}>{}</textarea></div>",
        escape_html(label),
        escape_html(&value_of(form, name)),
    ))
}

/// A text box revealed under an answer (a repeat application's case number, who helped), as
/// govuk-frontend draws an input: field `name` of `form`, labelled `label`, with `classes` such as
/// `govuk-input--width-20` and an optional `inputmode`.
pub fn revealed_input<F: FormInput>(
    form: FormState<F>,
    name: &'static str,
    label: &str,
    classes: &str,
    inputmode: Option<&str>,
) -> crate::govuk::TrustedHtml {
    use crate::govuk::content::escape_html;

    let error = form
        .errors
        .with(|errors| errors.get(name).map(str::to_owned));
    let input_error = if error.is_some() {
        " govuk-input--error"
    } else {
        ""
    };
    let (group_error, message, described) = error_parts(name, error.as_deref());
    let inputmode = inputmode
        .map(|mode| format!(" inputmode=\"{mode}\""))
        .unwrap_or_default();
    crate::govuk::TrustedHtml::from_trusted(format!(
        "<div class=\"govuk-form-group{group_error}\"><label class=\"govuk-label\" for=\"{name}\">{}</label>{message}<input class=\"govuk-input {classes}{input_error}\" id=\"{name}\" name=\"{name}\" type=\"text\"{inputmode}{described} value=\"{}\"></div>",
        escape_html(label),
        escape_html(&value_of(form, name)),
    ))
}

/// Boxes revealed under an answer (which attorneys apply), as govuk-frontend draws small
/// checkboxes: field `name`, legend `legend`, `boxes` as (value, label), `checked` the values
/// ticked.
pub fn revealed_checkboxes<F: FormInput>(
    form: FormState<F>,
    name: &'static str,
    legend: &str,
    boxes: &[(String, String)],
    checked: &[String],
) -> crate::govuk::TrustedHtml {
    use crate::govuk::content::escape_html;

    let error = form
        .errors
        .with(|errors| errors.get(name).map(str::to_owned));
    let (group_error, message, described) = error_parts(name, error.as_deref());
    let items: String = boxes
        .iter()
        .enumerate()
        .map(|(index, (value, label))| {
            let id = if index == 0 {
                name.to_owned()
            } else {
                format!("{name}-{}", index + 1)
            };
            let ticked = if checked.contains(value) { " checked" } else { "" };
            format!(
                "<div class=\"govuk-checkboxes__item\"><input class=\"govuk-checkboxes__input\" id=\"{id}\" name=\"{name}\" type=\"checkbox\" value=\"{}\"{ticked}><label class=\"govuk-label govuk-checkboxes__label\" for=\"{id}\">{}</label></div>",
                escape_html(value),
                escape_html(label)
            )
        })
        .collect();
    crate::govuk::TrustedHtml::from_trusted(format!(
        "<div class=\"govuk-form-group{group_error}\"><fieldset class=\"govuk-fieldset\"{described}><legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">{}</legend>{message}<div class=\"govuk-checkboxes govuk-checkboxes--small\" data-module=\"govuk-checkboxes\">{items}</div></fieldset></div>",
        escape_html(legend)
    ))
}

/// The group's error class, the message and the `aria-describedby` of a revealed field with
/// `error`.
fn error_parts(name: &str, error: Option<&str>) -> (&'static str, String, String) {
    use crate::govuk::content::escape_html;

    match error {
        Some(message) => (
            " govuk-form-group--error",
            format!(
                "<p id=\"{name}-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> {}</p>",
                escape_html(message)
            ),
            format!(" aria-describedby=\"{name}-error\""),
        ),
        None => ("", String::new(), String::new()),
    }
}

/// A form of an LPA page: one field of its JSON form, by name (every LPA form's fields are
/// strings named as their inputs).
pub fn value_of<F: FormInput>(form: FormState<F>, name: &'static str) -> String {
    form.value(|input| {
        serde_json::to_value(input)
            .ok()
            .and_then(|json| json.get(name).and_then(|v| v.as_str()).map(str::to_owned))
            .unwrap_or_default()
    })
}

/// The form of a step: posts to the page's own URL with the revision the page was drawn from.
/// After a refused out-of-date save it carries the LPA's current revision, so saving again (having
/// seen the message) replaces what the other tab saved, knowingly.
#[component]
pub fn LpaForm<F: FormInput>(
    form: FormState<F>,
    lpa_id: LpaId,
    page: Page,
    /// The revision the page was drawn from.
    revision: crate::lpa::model::Revision,
    children: Children,
) -> impl IntoView {
    let stale = move || form.error(field::REVISION);
    let revision_value = move || {
        let sent = value_of(form, field::REVISION);
        if stale().is_some() || sent.is_empty() {
            revision.0.to_string()
        } else {
            sent
        }
    };
    view! {
        <Form form=form action=paths::href(lpa_id, page)>
            <input type="hidden" name=field::REVISION value=revision_value/>
            {move || {
                stale()
                    .map(|error| {
                        view! {
                            <p class="govuk-error-message" id=field::REVISION tabindex="-1">
                                <span class="govuk-visually-hidden">"Error: "</span>
                                {error.content.into_view()}
                            </p>
                        }
                    })
            }}
            {children()}
        </Form>
    }
}

/// The form of a list page (replacement attorneys, certificate provider, people to notify): only
/// the revision. Posting it answers the step with the list as it is: no replacements, the
/// certificate provider skipped for now, the people to notify confirmed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ListConfirmForm {
    #[serde(default)]
    pub revision: String,
}

impl FormInput for ListConfirmForm {
    type Valid = crate::lpa::model::Revision;

    fn validate(&self) -> Result<Self::Valid, crate::form::FieldErrors> {
        Ok(crate::lpa::rules::revision(&self.revision))
    }
}

impl crate::form::FormAction for ListConfirmForm {
    #[cfg(feature = "ssr")]
    async fn perform(
        revision: Self::Valid,
        context: crate::form::ActionContext,
    ) -> Result<crate::form::Submitted, crate::form::FormFailure> {
        use crate::lpa::flow::Step;

        save_here(&context, revision, |lpa, page, _| {
            let document = &lpa.document;
            let metadata = &mut lpa.metadata;
            match page {
                Page::Step(Step::ReplacementAttorney) => {
                    if document.replacement_attorneys().is_empty() {
                        metadata.replacement_attorneys_confirmed = true;
                    }
                }
                Page::Step(Step::CertificateProvider) => {
                    if document.certificate_provider().is_none() {
                        metadata.certificate_provider_skipped = true;
                        metadata.certificate_provider_was_skipped = true;
                    }
                }
                Page::Step(Step::PeopleToNotify) => metadata.people_to_notify_confirmed = true,
                _ => return Err(AppError::NotFound.into()),
            }
            Ok(())
        })
        .await
    }
}

/// Saves a change made on the page the request was posted to (found from its URL), for the
/// person signed in, from the page drawn at `revision`: the flow checker, the owner check and the
/// revision check first, then `change` with the LPA, the page and today's date.
#[cfg(feature = "ssr")]
pub async fn save_here(
    context: &crate::form::ActionContext,
    revision: crate::lpa::model::Revision,
    change: impl FnOnce(&mut Lpa, Page, crate::dates::Today) -> Result<(), crate::form::FormFailure>,
) -> Result<crate::form::Submitted, crate::form::FormFailure> {
    let user = context.require(Audience::SignedIn)?;
    let (id, page) = paths::page_of(context.request.uri.path()).ok_or(AppError::NotFound)?;
    let today = crate::dates::Today::from_clock(context.backends.clock.as_ref());
    crate::lpa::server::use_cases::save(&context.backends, &user, id, page, revision, |lpa| {
        change(lpa, page, today)
    })
    .await
}

/// Refuses a save while there are `warnings` and their confirmation box was not ticked.
#[cfg(feature = "ssr")]
pub fn confirmed(
    ticked: bool,
    warnings: &[crate::lpa::warnings::Warning],
) -> Result<(), crate::form::FormFailure> {
    if ticked || warnings.is_empty() {
        Ok(())
    } else {
        Err(crate::form::FormFailure::field(
            field::CONFIRM,
            crate::lpa::warnings::CONFIRM_MESSAGE,
        ))
    }
}

/// A change the document refused, as an error on `field`.
#[cfg(feature = "ssr")]
pub fn refused(field: &str, error: crate::lpa::model::DocumentError) -> crate::form::FormFailure {
    use crate::lpa::model::DocumentError;

    let message = match error {
        DocumentError::TrustOnHealthAndWelfare => {
            "A trust corporation cannot be an attorney on a health and welfare LPA. Remove the \
             trust corporation first"
        }
        DocumentError::SecondTrust => "An LPA can have only one trust corporation as an attorney",
        DocumentError::TooManyPeopleToNotify => "You can name up to 5 people to notify",
        DocumentError::NoSuchPerson => "That person is no longer on this LPA",
        DocumentError::NotAsked => "This question does not apply to this LPA any more",
        DocumentError::NotAnApplicant => {
            "Select the attorneys who are applying: all of them when they make decisions jointly"
        }
    };
    crate::form::FormFailure::field(field, message)
}

//! `/user/about-you`: your details (reference 1.10): title, names, date of birth, address. Only the
//! account signed in is ever read or written: the server functions take no account id. The same
//! form, first time round, is [`new`].
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use crate::account::details::Details;
use crate::account::paths;
use crate::auth::{Audience, Protected};
use crate::dates::{date_in_past, Today};
use crate::error::AppError;
use crate::error_page::ServiceProblem;
use crate::form::{use_form_with, FieldErrors, Form, FormErrorSummary, FormInput};
use crate::govuk::{Button, DateInput, DateInputItem, FieldsetOptions, Input, Select, SelectItem};

pub mod new;

/// The titles offered; "Other" takes free text, "Prefer not to say" stores none.
const TITLES: &[&str] = &["Mr", "Mrs", "Miss", "Ms", "Dr"];
const OTHER: &str = "Other";
const NOT_SAID: &str = "Prefer not to say";

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AboutYouForm {
    #[serde(default)]
    pub name_title: String,
    #[serde(default)]
    pub name_title_other: String,
    #[serde(default)]
    pub name_first: String,
    #[serde(default)]
    pub name_last: String,
    #[serde(default, rename = "dob-day")]
    pub dob_day: String,
    #[serde(default, rename = "dob-month")]
    pub dob_month: String,
    #[serde(default, rename = "dob-year")]
    pub dob_year: String,
    #[serde(default)]
    pub address1: String,
    #[serde(default)]
    pub address2: String,
    #[serde(default)]
    pub address3: String,
    #[serde(default)]
    pub postcode: String,
}

fn present(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

fn check_length(errors: &mut FieldErrors, field: &str, value: &str, max: usize, what: &str) {
    if value.trim().chars().count() > max {
        errors.add(field, format!("{what} must be {max} characters or fewer"));
    }
}

impl FormInput for AboutYouForm {
    type Valid = Details;

    fn validate(&self) -> Result<Details, FieldErrors> {
        self.validate_on(Today::from_system())
    }

    fn validate_on(&self, today: Today) -> Result<Details, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = match self.name_title.as_str() {
            "" | NOT_SAID => None,
            OTHER => {
                let other = self.name_title_other.trim();
                if other.is_empty() {
                    errors.add("name_title_other", "Enter your title");
                } else {
                    check_length(&mut errors, "name_title_other", other, 5, "Title");
                }
                present(other)
            }
            known if TITLES.contains(&known) => Some(known.to_owned()),
            _ => {
                errors.add("name_title", "Select your title");
                None
            }
        };
        if self.name_first.trim().is_empty() {
            errors.add("name_first", "Enter your first names");
        }
        check_length(
            &mut errors,
            "name_first",
            &self.name_first,
            50,
            "First names",
        );
        if self.name_last.trim().is_empty() {
            errors.add("name_last", "Enter your last name");
        }
        check_length(&mut errors, "name_last", &self.name_last, 50, "Last name");

        let any_date = [&self.dob_day, &self.dob_month, &self.dob_year]
            .iter()
            .any(|part| !part.trim().is_empty());
        let date_of_birth = if any_date {
            match date_in_past(&self.dob_day, &self.dob_month, &self.dob_year, today) {
                Ok(date) => Some(date),
                Err((field, message)) => {
                    errors.add(field, message);
                    None
                }
            }
        } else {
            None
        };

        let lines = [
            &self.address1,
            &self.address2,
            &self.address3,
            &self.postcode,
        ];
        let address = if lines.iter().any(|line| !line.trim().is_empty()) {
            if self.address1.trim().is_empty() {
                errors.add("address1", "Enter the first line of your address");
            }
            check_length(
                &mut errors,
                "address1",
                &self.address1,
                50,
                "Address line 1",
            );
            check_length(
                &mut errors,
                "address2",
                &self.address2,
                50,
                "Address line 2",
            );
            check_length(
                &mut errors,
                "address3",
                &self.address3,
                50,
                "Address line 3",
            );
            check_length(&mut errors, "postcode", &self.postcode, 8, "Postcode");
            if self.address2.trim().is_empty() && self.postcode.trim().is_empty() {
                errors.add(
                    "address2",
                    "Enter the second line of your address or a postcode",
                );
            }
            lines.map(|line| present(line))
        } else {
            Default::default()
        };
        let [address_line_1, address_line_2, address_line_3, postcode] = address;
        errors.or_valid(|| Details {
            title,
            first_names: present(&self.name_first),
            last_name: present(&self.name_last),
            date_of_birth,
            address_line_1,
            address_line_2,
            address_line_3,
            postcode,
        })
    }
}

impl crate::form::FormAction for AboutYouForm {
    #[cfg(feature = "ssr")]
    async fn perform(
        details: Details,
        context: crate::form::ActionContext,
    ) -> Result<crate::form::Submitted, crate::form::FormFailure> {
        let user = context.require(Audience::SignedIn)?;
        crate::account::server::use_cases::save_details(&context.backends, &user, &details).await?;
        let first_time = paths::NEW_ABOUT_YOU.matches(context.request.uri.path());
        Ok(crate::form::Submitted::redirect(if first_time {
            paths::DASHBOARD.href()
        } else {
            paths::DASHBOARD.href().query("saved", "details")
        }))
    }
}

/// The details of the account signed in, as the form shows them.
#[server(prefix = "/_fn", endpoint = "your-details", input = server_fn::codec::GetUrl)]
pub async fn your_details() -> Result<AboutYouForm, AppError> {
    use chrono::Datelike;

    let user = crate::auth::ssr::require(Audience::SignedIn)?;
    let details = &user.details;
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    let (name_title, name_title_other) = match &details.title {
        None if details.first_names.is_some() => (NOT_SAID.to_owned(), String::new()),
        None => (String::new(), String::new()),
        Some(title) if TITLES.contains(&title.as_str()) => (title.clone(), String::new()),
        Some(title) => (OTHER.to_owned(), title.clone()),
    };
    let dob = details.date_of_birth;
    Ok(AboutYouForm {
        name_title,
        name_title_other,
        name_first: text(&details.first_names),
        name_last: text(&details.last_name),
        dob_day: dob.map(|d| d.day().to_string()).unwrap_or_default(),
        dob_month: dob.map(|d| d.month().to_string()).unwrap_or_default(),
        dob_year: dob.map(|d| d.year().to_string()).unwrap_or_default(),
        address1: text(&details.address_line_1),
        address2: text(&details.address_line_2),
        address3: text(&details.address_line_3),
        postcode: text(&details.postcode),
    })
}

#[component]
pub fn AboutYouPage() -> impl IntoView {
    view! {
        <Protected audience=Audience::SignedIn>
            <AboutYouLoaded first_time=false/>
        </Protected>
    }
}

/// The details form, filled with what is saved. `first_time`: the form people without a name are
/// sent to after signing in ([`new`]).
#[component]
pub(crate) fn AboutYouLoaded(first_time: bool) -> impl IntoView {
    let saved = Resource::new_blocking(|| (), |_| your_details());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match saved.await {
                    Ok(saved) => {
                        view! { <AboutYouFormView saved=saved first_time=first_time/> }.into_any()
                    }
                    Err(_) => view! { <ServiceProblem/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn AboutYouFormView(saved: AboutYouForm, first_time: bool) -> impl IntoView {
    let form = use_form_with(saved);
    let text_field = move |name: &'static str,
                           label: &'static str,
                           read: fn(&AboutYouForm) -> String,
                           autocomplete: &'static str,
                           classes: &'static str| {
        move || {
            view! {
                <Input
                    name=name
                    id=Some(name.to_owned())
                    label=label
                    value=Some(form.value(read))
                    error_message=form.error(name)
                    autocomplete=Some(autocomplete.to_owned())
                    classes=classes
                />
            }
        }
    };
    view! {
        <Title text=form.title("Your details")/>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <FormErrorSummary form=form/>
                <h1 class="govuk-heading-l">"Your details"</h1>
                {first_time
                    .then(|| {
                        view! {
                            <p class="govuk-body">
                                "Before you start, tell us your name. You only need to do this once."
                            </p>
                        }
                    })}
                <p class="govuk-body">
                    "We use these to fill in forms for you, such as when you make a lasting power \
                     of attorney for yourself."
                </p>
                <Form form=form action=if first_time { paths::NEW_ABOUT_YOU } else { paths::ABOUT_YOU }.href()>
                    {move || {
                        let mut items = vec![SelectItem::new("", "Select a title")];
                        items.extend(TITLES.iter().map(|t| SelectItem::new(*t, *t)));
                        items.push(SelectItem::new(OTHER, OTHER));
                        items.push(SelectItem::new(NOT_SAID, NOT_SAID));
                        view! {
                            <Select
                                name="name_title"
                                id=Some("name_title".into())
                                label="Title".into()
                                value=Some(form.value(|f| f.name_title.clone()))
                                error_message=form.error("name_title")
                                items=items
                            />
                        }
                    }}
                    {text_field("name_title_other", "If you chose ‘Other’, your title", |f| f.name_title_other.clone(), "honorific-prefix", "govuk-input--width-5")}
                    {text_field("name_first", "First names", |f| f.name_first.clone(), "given-name", "")}
                    {text_field("name_last", "Last name", |f| f.name_last.clone(), "family-name", "")}
                    {move || {
                        let error = ["dob-day", "dob-month", "dob-year"]
                            .into_iter()
                            .find_map(|id| form.error(id));
                        let (day, month, year) = form
                            .input
                            .with(|f| (f.dob_day.clone(), f.dob_month.clone(), f.dob_year.clone()));
                        let item = |name: &str, value: String, width: &str| DateInputItem {
                            name: name.to_owned(),
                            value: Some(value),
                            classes: width.to_owned(),
                            ..Default::default()
                        };
                        view! {
                            <DateInput
                                id="dob"
                                name_prefix=Some("dob".into())
                                fieldset=FieldsetOptions::medium_legend("Date of birth (optional)")
                                hint=Some("For example, 27 3 1980".into())
                                error_message=error
                                items=vec![
                                    item("day", day, "govuk-input--width-2"),
                                    item("month", month, "govuk-input--width-2"),
                                    item("year", year, "govuk-input--width-4"),
                                ]
                            />
                        }
                    }}
                    <h2 class="govuk-heading-m">"Address (optional)"</h2>
                    {text_field("address1", "Address line 1", |f| f.address1.clone(), "address-line1", "")}
                    {text_field("address2", "Address line 2", |f| f.address2.clone(), "address-line2", "")}
                    {text_field("address3", "Town or city", |f| f.address3.clone(), "address-level2", "govuk-!-width-two-thirds")}
                    {text_field("postcode", "Postcode", |f| f.postcode.clone(), "postal-code", "govuk-input--width-10")}
                    <Button content="Save details"/>
                </Form>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(first: &str, last: &str) -> AboutYouForm {
        AboutYouForm {
            name_first: first.into(),
            name_last: last.into(),
            ..Default::default()
        }
    }

    #[test]
    fn names_are_needed_and_everything_else_is_optional() {
        let valid = named(" Ann ", "Smith").validate().unwrap();
        assert_eq!(valid.first_names.as_deref(), Some("Ann"));
        assert_eq!(
            valid,
            Details {
                first_names: Some("Ann".into()),
                last_name: Some("Smith".into()),
                ..Details::default()
            },
            "no title, date of birth or address"
        );
        let errors = named("", "").validate().unwrap_err();
        assert_eq!(errors.get("name_first"), Some("Enter your first names"));
        assert_eq!(errors.get("name_last"), Some("Enter your last name"));
    }

    #[test]
    fn an_address_needs_its_first_line_and_a_second_line_or_postcode() {
        let mut form = named("Ann", "Smith");
        form.address3 = "Leeds".into();
        let errors = form.validate().unwrap_err();
        assert_eq!(
            errors.get("address1"),
            Some("Enter the first line of your address")
        );
        assert_eq!(
            errors.get("address2"),
            Some("Enter the second line of your address or a postcode")
        );
        form.address1 = "1 High Street".into();
        form.postcode = "LS1 1AA".into();
        let valid = form.validate().unwrap();
        assert_eq!(
            [
                valid.address_line_1,
                valid.address_line_2,
                valid.address_line_3,
                valid.postcode
            ],
            [
                Some("1 High Street".into()),
                None,
                Some("Leeds".into()),
                Some("LS1 1AA".into())
            ]
        );
        form.postcode = "TOO LONG CODE".into();
        assert_eq!(
            form.validate().unwrap_err().get("postcode"),
            Some("Postcode must be 8 characters or fewer")
        );
    }

    #[test]
    fn titles_are_from_the_list_or_short_other_text() {
        let mut form = named("Ann", "Smith");
        form.name_title = "Dr".into();
        assert_eq!(form.validate().unwrap().title.as_deref(), Some("Dr"));
        form.name_title = "Other".into();
        form.name_title_other = "Professor".into();
        assert_eq!(
            form.validate().unwrap_err().get("name_title_other"),
            Some("Title must be 5 characters or fewer")
        );
        form.name_title = "Lord of all".into();
        assert_eq!(
            form.validate().unwrap_err().get("name_title"),
            Some("Select your title")
        );
        form.name_title = "Prefer not to say".into();
        assert_eq!(form.validate().unwrap().title, None);
    }
}

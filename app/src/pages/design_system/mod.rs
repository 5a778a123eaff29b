//! `/design-system`: every GOV.UK component we have, and a demo form with every kind of field and
//! every error state. On in development and test, off in production (404 there, and the server
//! registers no POST route for it).
mod demo;
mod showcase;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::dates::{date_in_past, Today};
use crate::form::{use_form, FieldErrors, FormErrorSummary, FormInput};
use crate::govuk::{NotificationBanner, NotificationBannerType};

/// The demo form: one field of each kind, all as the user sent them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DemoForm {
    pub full_name: String,
    pub email: String,
    pub description: String,
    #[serde(rename = "dob-day")]
    pub dob_day: String,
    #[serde(rename = "dob-month")]
    pub dob_month: String,
    #[serde(rename = "dob-year")]
    pub dob_year: String,
    pub contact: String,
    pub contact_phone: String,
    pub interests: Vec<String>,
    pub country: String,
    pub password: String,
    pub evidence: String,
    pub confirm: String,
}

/// The demo form once valid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoAnswers {
    pub full_name: String,
    pub date_of_birth: chrono::NaiveDate,
}

pub const DESCRIPTION_MAX: usize = 200;
pub const COUNTRIES: &[(&str, &str)] = &[
    ("england", "England"),
    ("scotland", "Scotland"),
    ("wales", "Wales"),
    ("northern-ireland", "Northern Ireland"),
];
pub const INTERESTS: &[(&str, &str)] = &[
    ("lpa", "Lasting power of attorney"),
    ("records", "Transferring records"),
    ("data", "Open data"),
];

impl FormInput for DemoForm {
    type Valid = DemoAnswers;

    fn validate(&self) -> Result<DemoAnswers, FieldErrors> {
        self.validate_on(Today::from_system())
    }

    fn validate_on(&self, today: Today) -> Result<DemoAnswers, FieldErrors> {
        let mut errors = FieldErrors::new();
        let full_name = self.full_name.trim();
        if full_name.is_empty() {
            errors.add("full-name", "Enter your full name");
        } else if full_name.chars().count() > 100 {
            errors.add("full-name", "Full name must be 100 characters or fewer");
        }
        let email = self.email.trim();
        if email.is_empty() {
            errors.add("email", "Enter your email address");
        } else if !looks_like_email(email) {
            errors.add(
                "email",
                "Enter an email address in the correct format, like name@example.com",
            );
        }
        if self.description.trim().is_empty() {
            errors.add("description", "Enter a description");
        } else if self.description.chars().count() > DESCRIPTION_MAX {
            errors.add(
                "description",
                format!("Description must be {DESCRIPTION_MAX} characters or fewer"),
            );
        }
        let date_of_birth =
            match date_in_past(&self.dob_day, &self.dob_month, &self.dob_year, today) {
                Ok(date) => Some(date),
                Err((field, message)) => {
                    errors.add(field, message);
                    None
                }
            };
        match self.contact.as_str() {
            "email" | "post" => {}
            "phone" if self.contact_phone.trim().is_empty() => {
                errors.add("contact-phone", "Enter a phone number");
            }
            "phone" => {}
            _ => errors.add("contact", "Select how you would like to be contacted"),
        }
        let known_interest = |i: &String| i == "none" || INTERESTS.iter().any(|(v, _)| v == i);
        if self.interests.is_empty() || !self.interests.iter().all(known_interest) {
            errors.add(
                "interests",
                "Select what you are interested in, or select ‘None of these’",
            );
        } else if self.interests.len() > 1 && self.interests.iter().any(|i| i == "none") {
            errors.add(
                "interests",
                "Select what you are interested in, or select ‘None of these’, not both",
            );
        }
        if !COUNTRIES.iter().any(|(v, _)| *v == self.country) {
            errors.add("country", "Select the country where you live");
        }
        if self.password.chars().count() < 8 {
            errors.add("password", "Password must be 8 characters or more");
        }
        if self.evidence.is_empty() {
            errors.add("evidence", "Select a file");
        }
        if self.confirm != "yes" {
            errors.add("confirm", "Confirm that the information is correct");
        }
        errors.or_valid(|| DemoAnswers {
            full_name: full_name.to_owned(),
            date_of_birth: date_of_birth.unwrap_or_default(),
        })
    }
}

fn looks_like_email(email: &str) -> bool {
    match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

impl crate::form::FormAction for DemoForm {
    #[cfg(feature = "ssr")]
    async fn perform(
        _answers: DemoAnswers,
        _context: crate::form::ActionContext,
    ) -> Result<crate::form::Submitted, crate::form::FormFailure> {
        Ok(crate::form::Submitted::redirect(
            crate::site::paths::DESIGN_SYSTEM
                .href()
                .query("sent", "true")
                .fragment("demo-form"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> DemoForm {
        DemoForm {
            full_name: "Ada Lovelace".into(),
            email: "ada@example.com".into(),
            description: "Mathematician".into(),
            dob_day: "10".into(),
            dob_month: "12".into(),
            dob_year: "1990".into(),
            contact: "email".into(),
            interests: vec!["lpa".into()],
            country: "england".into(),
            password: "correct horse".into(),
            evidence: "photo.jpg".into(),
            confirm: "yes".into(),
            ..Default::default()
        }
    }

    #[test]
    fn an_empty_form_has_an_error_for_every_field_in_page_order() {
        let errors = DemoForm::default().validate().unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "full-name",
                "email",
                "description",
                "dob-day",
                "contact",
                "interests",
                "country",
                "password",
                "evidence",
                "confirm"
            ]
        );
    }

    #[test]
    fn the_date_of_birth_keeps_the_date_input_rules() {
        // The rules themselves are `dates::date_in_past`'s, tested there.
        let mut form = valid();
        form.dob_year = "1890".into();
        assert!(form.validate().is_ok());
        form.dob_day = "31".into();
        form.dob_month = "2".into();
        let errors = form.validate().unwrap_err();
        assert_eq!(
            errors.get("dob-day"),
            Some("Date of birth must be a real date")
        );
    }

    #[test]
    fn none_of_these_excludes_other_interests_and_phone_needs_a_number() {
        let mut form = valid();
        form.interests = vec!["none".into(), "lpa".into()];
        assert_eq!(
            form.validate().unwrap_err().iter().next().unwrap().field,
            "interests"
        );
        let mut form = valid();
        form.contact = "phone".into();
        assert_eq!(
            form.validate().unwrap_err().iter().next().unwrap().field,
            "contact-phone"
        );
        form.contact_phone = "01632 960 001".into();
        assert!(form.validate().is_ok());
    }

    #[test]
    fn the_form_reads_repeated_checkbox_fields() {
        let form = DemoForm::from_urlencoded(b"interests=lpa&interests=data&full_name=A+B");
        assert_eq!(form.interests, ["lpa", "data"]);
        assert_eq!(form.full_name, "A B");
    }
}

/// Whether the gallery is on (development and test); provided by the server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DesignSystemEnabled(pub bool);

#[component]
pub fn DesignSystem() -> impl IntoView {
    let enabled =
        SharedValue::new(|| use_context::<DesignSystemEnabled>().is_some_and(|e| e.0)).into_inner();
    if !enabled {
        return view! { <crate::error_page::PageNotFound/> }.into_any();
    }
    view! { <Gallery/> }.into_any()
}

#[component]
fn Gallery() -> impl IntoView {
    let form = use_form::<DemoForm>();
    let sent = move || use_query_map().with(|q| q.get("sent").is_some());
    view! {
        <Title text=form.title("Design system")/>
        <FormErrorSummary form=form/>
        <h1 class="govuk-heading-xl">"Design system"</h1>
        <p class="govuk-body-l">
            "Every GOV.UK Design System component this service uses, drawn by our own components. \
             Only in development and test."
        </p>
        <showcase::Showcase/>
        <h2 class="govuk-heading-l" id="demo-form">"Demo form"</h2>
        {move || {
            sent()
                .then(|| {
                    view! {
                        <NotificationBanner
                            banner_type=NotificationBannerType::Success
                            content=Some("The demo form was sent.".into())
                        />
                    }
                })
        }}
        <demo::DemoFields form=form/>
    }
}

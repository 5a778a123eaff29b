//! `/signup`: create an account (reference 1.2): email, password twice, the terms. Whatever the
//! address, the next page is "check your email": an address that already has an account gets an
//! email saying so instead of a confirmation link, so this page never reveals who has an account.
pub mod check_email;
pub mod confirm;
pub mod resend_email;

use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use crate::account::fields::{EmailField, NewPasswordFields};
use crate::account::paths as account_paths;
use crate::account::rules::{EmailAddress, NewPassword};
use crate::form::{use_form, FieldErrors, Form, FormErrorSummary, FormInput};
use crate::govuk::{Button, Checkboxes, CheckboxesItem};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SignUpForm {
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub password_confirm: String,
    #[serde(default)]
    pub terms: Vec<String>,
}

/// A sign-up that keeps the rules.
#[derive(Clone, Debug)]
pub struct SignUp {
    pub email: EmailAddress,
    pub password: NewPassword,
}

impl FormInput for SignUpForm {
    type Valid = SignUp;

    fn validate(&self) -> Result<SignUp, FieldErrors> {
        let mut errors = FieldErrors::new();
        let email = EmailAddress::check_field(&mut errors, "email", &self.email);
        let password =
            NewPassword::check_fields(&mut errors, &self.password, &self.password_confirm);
        if !self.terms.iter().any(|t| t == "accepted") {
            errors.add("terms", "Select to confirm you agree to the terms of use");
        }
        match (email, password) {
            (Some(email), Some(password)) if errors.is_empty() => Ok(SignUp { email, password }),
            _ => Err(errors),
        }
    }
}

impl crate::form::FormAction for SignUpForm {
    #[cfg(feature = "ssr")]
    async fn perform(
        sign_up: SignUp,
        context: crate::form::ActionContext,
    ) -> Result<crate::form::Submitted, crate::form::FormFailure> {
        crate::account::server::use_cases::sign_up(
            &context.backends,
            &context.public_url,
            &sign_up.email,
            &sign_up.password,
        )
        .await?;
        Ok(crate::form::Submitted::redirect(
            account_paths::CHECK_EMAIL.href(),
        ))
    }
}

#[component]
pub fn SignUpPage() -> impl IntoView {
    let form = use_form::<SignUpForm>();
    view! {
        <Title text=form.title("Create an account")/>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <FormErrorSummary form=form/>
                <h1 class="govuk-heading-l">"Create an account"</h1>
                <p class="govuk-body">
                    "Already have an account? "
                    <a class="govuk-link" href=account_paths::SIGN_IN.href().to_string()>
                        "Sign in"
                    </a>
                    "."
                </p>
                <Form form=form action=account_paths::SIGN_UP.href()>
                    {move || {
                        view! {
                            <EmailField
                                name="email"
                                label="Email address"
                                hint=Some("We’ll send you a link to confirm it".into())
                                value=form.value(|f| f.email.clone())
                                error=form.error("email")
                            />
                            <NewPasswordFields
                                label="Create a password"
                                confirm_label="Confirm your password"
                                error=form.error("password")
                                confirm_error=form.error("password_confirm")
                            />
                            <Checkboxes
                                name="terms"
                                values=form.input.with(|f| f.terms.clone())
                                error_message=form.error("terms")
                                items=vec![
                                    CheckboxesItem::option(
                                        "accepted",
                                        "I agree to the terms of use",
                                    ),
                                ]
                            />
                        }
                    }}
                    <p class="govuk-body">
                        <a class="govuk-link" href=account_paths::TERMS.href().to_string()>
                            "Read the terms of use"
                        </a>
                    </p>
                    <Button content="Create account"/>
                </Form>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(email: &str, password: &str, confirm: &str, terms: bool) -> SignUpForm {
        SignUpForm {
            email: email.to_owned(),
            password: password.to_owned(),
            password_confirm: confirm.to_owned(),
            terms: if terms {
                vec!["accepted".to_owned()]
            } else {
                vec![]
            },
        }
    }

    #[test]
    fn a_complete_sign_up_is_valid_and_its_email_lower_cased() {
        let valid = form(
            " Ann@Example.com ",
            "Correct horse 1",
            "Correct horse 1",
            true,
        )
        .validate()
        .unwrap();
        assert_eq!(valid.email.as_str(), "ann@example.com");
    }

    #[test]
    fn every_problem_is_reported_in_page_order() {
        let errors = form("", "", "", false).validate().unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["email", "password", "password_confirm", "terms"]);
        assert_eq!(errors.get("password"), Some("Enter a password"));
    }

    #[test]
    fn the_confirmation_must_match_and_the_password_keep_the_rules() {
        let errors = form("a@example.com", "Correct horse 1", "Correct horse 2", true)
            .validate()
            .unwrap_err();
        assert_eq!(
            errors.get("password_confirm"),
            Some("Enter the same password in both fields")
        );
        let errors = form("a@example.com", "short", "short", true)
            .validate()
            .unwrap_err();
        assert_eq!(
            errors.get("password"),
            Some(
                "Password must be 12 characters or more and include a number and a capital letter"
            )
        );
    }
}

//! Validation's result: every field error of a submission, in page order. Below the form pattern
//! (`crate::form`) and the services' rules alike, so both use it without importing each other.
use serde::{Deserialize, Serialize};

/// A field that failed validation: the id of the element the error summary links to, and what to
/// tell the user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// Every field error of a submission, in the order the fields appear on the page; one per field.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records an error for `field`, unless it already has one (the first problem is the one to fix).
    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        let field = field.into();
        if self.get(&field).is_none() {
            self.0.push(FieldError {
                field,
                message: message.into(),
            });
        }
    }

    /// The message for `field`, if it has one.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &FieldError> {
        self.0.iter()
    }

    /// `Ok(valid)` when there are no errors.
    pub fn or_valid<T>(self, valid: impl FnOnce() -> T) -> Result<T, FieldErrors> {
        if self.is_empty() {
            Ok(valid())
        } else {
            Err(self)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_first_error_of_a_field_is_kept_in_page_order() {
        let mut errors = FieldErrors::new();
        errors.add("name", "Enter your name");
        errors.add("email", "Enter your email address");
        errors.add("name", "Name is too long");
        assert_eq!(errors.get("name"), Some("Enter your name"));
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "email"]);
        assert!(errors.or_valid(|| ()).is_err());
        assert_eq!(FieldErrors::new().or_valid(|| 1), Ok(1));
    }
}

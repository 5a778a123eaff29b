//! Datasets' names (other-systems B.3): an organisation and a dataset, as staff type them, and
//! what the store names after them — the slug in URLs, the schema the API serves.
use serde::{Deserialize, Serialize};

/// The longest organisation or dataset name kept (a PostgreSQL identifier holds 63 bytes, and the
/// schema is both joined by a dot).
pub const LONGEST_NAME: usize = 30;

/// What the real service says of a name it cannot use.
pub const NAMING_CONVENTIONS: &str =
    "Please choose a name that meets our dataset naming conventions.";

/// One part of a dataset's name: letters, digits, `_` and `.` as typed; kept lower-cased with
/// each `.` as `_`, so it is one plain identifier.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct NamePart(String);

/// Why a typed name cannot be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameProblem {
    Missing,
    TooLong,
    /// Characters outside letters, digits, `_` and `.`.
    Convention,
}

impl NamePart {
    /// The name staff typed, as it is kept: the real service's rule `^[a-zA-Z0-9_\.]+$`, then
    /// lower-cased with `.` as `_`.
    pub fn parse(typed: &str) -> Result<Self, NameProblem> {
        let typed = typed.trim();
        if typed.is_empty() {
            return Err(NameProblem::Missing);
        }
        if !typed
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
        {
            return Err(NameProblem::Convention);
        }
        if typed.len() > LONGEST_NAME {
            return Err(NameProblem::TooLong);
        }
        Ok(NamePart(typed.to_ascii_lowercase().replace('.', "_")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for NamePart {
    type Error = String;

    fn try_from(kept: String) -> Result<Self, Self::Error> {
        match NamePart::parse(&kept) {
            Ok(part) if part.0 == kept => Ok(part),
            _ => Err(format!("not a kept dataset name: {kept:?}")),
        }
    }
}

impl From<NamePart> for String {
    fn from(part: NamePart) -> Self {
        part.0
    }
}

impl std::fmt::Display for NamePart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A dataset: an organisation's, by name. Its schema is `<organisation>.<dataset>` (the API's
/// URL and PostgreSQL's schema), its slug `<organisation>-<dataset>` (the pages' URLs). Neither
/// part holds `-` or `.`, so both are unambiguous.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct DatasetName {
    pub organisation: NamePart,
    pub dataset: NamePart,
}

impl DatasetName {
    pub fn schema(&self) -> String {
        format!("{}.{}", self.organisation, self.dataset)
    }

    pub fn slug(&self) -> DatasetSlug {
        DatasetSlug(format!("{}-{}", self.organisation, self.dataset))
    }

    /// `hmrc.exporters`, as a source's pipeline id or the API's schema names it.
    pub fn from_schema(schema: &str) -> Option<Self> {
        Self::split(schema, '.')
    }

    fn split(joined: &str, separator: char) -> Option<Self> {
        let (organisation, dataset) = joined.split_once(separator)?;
        let kept = |part: &str| NamePart::try_from(part.to_owned()).ok();
        Some(DatasetName {
            organisation: kept(organisation)?,
            dataset: kept(dataset)?,
        })
    }
}

/// A dataset's slug in the upload pages' URLs: `<organisation>-<dataset>`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DatasetSlug(String);

impl DatasetSlug {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn name(&self) -> DatasetName {
        DatasetName::split(&self.0, '-').expect("a slug is made from a dataset name")
    }
}

impl TryFrom<String> for DatasetSlug {
    type Error = String;

    fn try_from(slug: String) -> Result<Self, Self::Error> {
        DatasetName::split(&slug, '-')
            .map(|name| name.slug())
            .ok_or_else(|| format!("not a dataset slug: {slug:?}"))
    }
}

impl From<DatasetSlug> for String {
    fn from(slug: DatasetSlug) -> Self {
        slug.0
    }
}

impl std::fmt::Display for DatasetSlug {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn names_are_kept_lower_cased_with_dots_as_underscores() {
        assert_eq!(
            NamePart::parse(" HMRC.Trade ").unwrap().as_str(),
            "hmrc_trade"
        );
        assert_eq!(NamePart::parse("ons_2024").unwrap().as_str(), "ons_2024");
        assert_eq!(NamePart::parse(""), Err(NameProblem::Missing));
        assert_eq!(NamePart::parse("   "), Err(NameProblem::Missing));
        for bad in ["a-b", "a b", "a/b", "é", "a;drop", "\"x\""] {
            assert_eq!(NamePart::parse(bad), Err(NameProblem::Convention), "{bad}");
        }
        assert_eq!(NamePart::parse(&"a".repeat(31)), Err(NameProblem::TooLong));
        assert!(NamePart::parse(&"a".repeat(30)).is_ok());
    }

    #[test]
    fn schema_and_slug_name_the_dataset_both_ways() {
        let name = DatasetName {
            organisation: NamePart::parse("HMRC").unwrap(),
            dataset: NamePart::parse("exporters.v2").unwrap(),
        };
        assert_eq!(name.schema(), "hmrc.exporters_v2");
        assert_eq!(name.slug().as_str(), "hmrc-exporters_v2");
        assert_eq!(DatasetName::from_schema(&name.schema()), Some(name.clone()));
        assert_eq!(name.slug().name(), name);
        for bad in ["hmrc", "HMRC.x", "a.b.c", ".b", "a.", "public"] {
            assert_eq!(DatasetName::from_schema(bad), None, "{bad}");
        }
        assert!(DatasetSlug::try_from("a-b-c".to_owned()).is_err());
    }

    proptest! {
        #[test]
        fn every_kept_name_round_trips(typed in "[a-zA-Z0-9_.]{1,30}") {
            let part = NamePart::parse(&typed).unwrap();
            prop_assert!(part.as_str().chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'));
            prop_assert_eq!(NamePart::try_from(part.as_str().to_owned()).unwrap(), part);
        }
    }
}

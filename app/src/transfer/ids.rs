//! The ids TDR gives everything: UUIDs, in their lower-case hyphenated text form, which is how
//! they appear in URLs, in the GraphQL API and in the store.
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Text that is not a UUID.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a UUID")]
pub struct NotAUuid(pub String);

/// Lower-case hyphenated `8-4-4-4-12` hex, as TDR writes UUIDs. Upper-case input is accepted and
/// lowered, so an id pasted from elsewhere still finds its consignment.
fn canonical_uuid(text: &str) -> Result<String, NotAUuid> {
    let lowered = text.to_ascii_lowercase();
    let groups: Vec<&str> = lowered.split('-').collect();
    let lengths_right = groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(group, length)| group.len() == length);
    if lengths_right
        && groups
            .iter()
            .all(|group| group.bytes().all(|b| b.is_ascii_hexdigit()))
    {
        Ok(lowered)
    } else {
        Err(NotAUuid(text.to_owned()))
    }
}

macro_rules! uuid_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// A new random (version 4) id.
            #[cfg(feature = "ssr")]
            pub fn random() -> Self {
                $name(uuid::Uuid::new_v4().hyphenated().to_string())
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl FromStr for $name {
            type Err = NotAUuid;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                canonical_uuid(text).map($name)
            }
        }

        impl TryFrom<String> for $name {
            type Error = NotAUuid;

            fn try_from(text: String) -> Result<Self, Self::Error> {
                text.parse()
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl crate::paths::PathParams for $name {
            fn values(&self) -> Vec<String> {
                vec![self.0.clone()]
            }
        }

        impl crate::paths::FromPathValues for $name {
            fn from_values(values: &[String]) -> Option<Self> {
                match values {
                    [id] => id.parse().ok(),
                    _ => None,
                }
            }
        }
    };
}

uuid_id!(
    /// A consignment: one transfer of records.
    ConsignmentId
);
uuid_id!(
    /// A file or folder of a consignment.
    FileId
);
uuid_id!(
    /// A transferring body: the department or organisation that transfers records.
    BodyId
);
uuid_id!(
    /// A series of records a body transfers into.
    SeriesId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_lower_case_hyphenated_uuids() {
        let id: ConsignmentId = "6E3B76C8-1D44-4F8B-8A4C-0D5C5E1F2A3B".parse().unwrap();
        assert_eq!(id.as_str(), "6e3b76c8-1d44-4f8b-8a4c-0d5c5e1f2a3b");
        for bad in [
            "",
            "6e3b76c81d444f8b8a4c0d5c5e1f2a3b",
            "6e3b76c8-1d44-4f8b-8a4c-0d5c5e1f2a3",
            "6e3b76c8-1d44-4f8b-8a4c-0d5c5e1f2a3g",
            "6e3b76c8-1d44-4f8b-8a4c-0d5c5e1f2a3b-",
            "../../etc",
        ] {
            assert!(bad.parse::<FileId>().is_err(), "{bad:?}");
        }
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn random_ids_parse_back() {
        let id = SeriesId::random();
        assert_eq!(id.as_str().parse::<SeriesId>().unwrap(), id);
    }
}

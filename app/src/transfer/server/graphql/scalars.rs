//! TDR's scalars: `UUID` (our ids' text form: lower-case, hyphenated), `Long` (a 64-bit whole
//! number, as JSON numbers) and `ZonedDateTime` (ISO 8601 with an offset; we answer in UTC,
//! `2021-02-03T10:33:30Z`).
use std::str::FromStr;

use async_graphql::{InputValueError, InputValueResult, Scalar, ScalarType, Value};
use chrono::{DateTime, SecondsFormat, Utc};

use crate::transfer::ids::{BodyId, ConsignmentId, FileId, NotAUuid, SeriesId};

/// A UUID, as our ids write them.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Uuid(String);

impl Uuid {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Text known to be a UUID as another of our ids: every id type takes every UUID.
    fn id<T: FromStr<Err = NotAUuid>>(&self) -> T {
        match self.0.parse() {
            Ok(id) => id,
            Err(_) => unreachable!("every id type takes every UUID"),
        }
    }

    pub fn consignment(&self) -> ConsignmentId {
        self.id()
    }

    pub fn file(&self) -> FileId {
        self.id()
    }

    pub fn series(&self) -> SeriesId {
        self.id()
    }
}

impl FromStr for Uuid {
    type Err = NotAUuid;

    fn from_str(text: &str) -> Result<Self, NotAUuid> {
        // Every id type checks the same way; any will do.
        text.parse::<FileId>().map(|id| Uuid(id.to_string()))
    }
}

macro_rules! uuid_from {
    ($($id:ty),+) => {
        $(impl From<&$id> for Uuid {
            fn from(id: &$id) -> Self {
                Uuid(id.to_string())
            }
        })+
    };
}

uuid_from!(ConsignmentId, FileId, BodyId, SeriesId);

#[Scalar(name = "UUID")]
impl ScalarType for Uuid {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(text) => text
                .parse()
                .map_err(|_| InputValueError::custom(format!("{text:?} is not a UUID"))),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.clone())
    }
}

/// A 64-bit whole number: sizes in bytes, times in milliseconds since the epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Long(pub i64);

#[Scalar(name = "Long")]
impl ScalarType for Long {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::Number(number) => number
                .as_i64()
                .map(Long)
                .ok_or_else(|| InputValueError::custom(format!("{number} is not a whole number"))),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::Number(self.0.into())
    }
}

/// A moment, with its offset from UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ZonedDateTime(pub DateTime<Utc>);

#[Scalar(name = "ZonedDateTime")]
impl ScalarType for ZonedDateTime {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(text) => DateTime::parse_from_rfc3339(text)
                .map(|at| ZonedDateTime(at.with_timezone(&Utc)))
                .map_err(|_| {
                    InputValueError::custom(format!(
                        "{text:?} is not a date and time with an offset (ISO 8601)"
                    ))
                }),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.to_rfc3339_opts(SecondsFormat::AutoSi, true))
    }
}

/// Milliseconds since the epoch, as TDR's `datetime: Long` fields are.
pub fn epoch_millis(at: DateTime<Utc>) -> Long {
    Long(at.timestamp_millis())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_read_and_write_tdrs_forms() {
        let uuid = Uuid::parse(Value::String(
            "6E3B76C8-1D44-4F8B-8A4C-0D5C5E1F2A3B".to_owned(),
        ))
        .unwrap();
        assert_eq!(uuid.as_str(), "6e3b76c8-1d44-4f8b-8a4c-0d5c5e1f2a3b");
        assert!(Uuid::parse(Value::String("nope".to_owned())).is_err());
        assert_eq!(
            Long::parse(Value::Number(1_600_000_000_000i64.into())).unwrap(),
            Long(1_600_000_000_000)
        );
        let at =
            ZonedDateTime::parse(Value::String("2021-02-03T11:33:30+01:00".to_owned())).unwrap();
        assert_eq!(
            at.to_value(),
            Value::String("2021-02-03T10:33:30Z".to_owned())
        );
    }
}

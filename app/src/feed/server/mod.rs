//! The live message feed (fpesa, reference D): anyone with a token posts JSON objects, everyone
//! reads them, newest first or live.
//!
//! A posted message is accepted by the [`FeedIntake`]: the embedded one hands it to this
//! process's store writer and answers once the row is committed; the RabbitMQ one answers once
//! the broker has confirmed it, and the store writer (one active consumer across all instances)
//! commits it later. Either way the store writer alone inserts rows, in order, and only after the
//! commit publishes each stored row (with its id) on the fan-out topic [`topic()`]. So ids rise in
//! the order live subscribers see them, and a client that knows the last id it saw can ask the
//! table for what came after it.
mod intake;
mod rabbitmq;
mod tokens;

use backends::{in_transaction, on_pool};
use std::fmt;

use chrono::{DateTime, SubsecRound, Utc};
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;
use uuid::Uuid;

use backends::clock::SharedClock;
use backends::fanout::{FanOutError, Topic};
use backends::store::{Store, StoreError, StorePool};

pub use intake::{FeedIntake, InProcessIntake};
pub use rabbitmq::RabbitIntake;
pub use tokens::{FeedTokens, TokenName};

/// The most messages one page holds, whatever the client asks for (as the original).
pub const MAX_PAGE: u64 = 100;

/// The feed layer's one error type.
#[derive(Debug, thiserror::Error)]
pub enum FeedError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The message could not be handed over (broker or writer unavailable): it was not accepted.
    #[error("the feed cannot take messages now: {0}")]
    Unavailable(String),
    #[error("a token named {0:?} already exists")]
    TokenNameTaken(String),
    #[error("a message in the broker's queue is not one of ours: {0}")]
    Malformed(String),
}

impl From<FanOutError> for FeedError {
    fn from(error: FanOutError) -> Self {
        FeedError::Unavailable(error.to_string())
    }
}

/// The app layer logs a feed failure and hides it.
impl From<FeedError> for crate::error::AppError {
    fn from(error: FeedError) -> Self {
        crate::error::AppError::internal(error)
    }
}

/// The fan-out topic stored messages are published on.
pub fn topic() -> Topic {
    Topic::new("feed").expect("a valid topic name")
}

/// Why a request body is not a message.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BodyError {
    /// Not JSON at all.
    #[error("{0}")]
    NotJson(String),
    /// JSON, but not an object.
    #[error("{0}")]
    NotAnObject(String),
}

/// A posted message: a JSON object, kept as the exact text that was sent (key order, numbers and
/// all), so it is served back exactly as posted.
#[derive(Clone, PartialEq, Eq)]
pub struct MessageBody(String);

impl MessageBody {
    /// The message in a request body: any JSON object (arrays, strings and other values are not).
    pub fn parse(body: &[u8]) -> Result<Self, BodyError> {
        let value: serde_json::Value =
            serde_json::from_slice(body).map_err(|error| BodyError::NotJson(error.to_string()))?;
        if !value.is_object() {
            return Err(BodyError::NotAnObject(format!(
                "{} is not of type 'object'",
                type_name(&value)
            )));
        }
        // Valid JSON is UTF-8 throughout.
        let text = String::from_utf8_lossy(body);
        Ok(MessageBody(text.trim().to_owned()))
    }

    /// Text this service stored or sent itself (from the table or the broker).
    fn trusted(text: String) -> Self {
        MessageBody(text)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The object as a JSON value (key order may change), for callers that inspect it.
    pub fn to_value(&self) -> serde_json::Value {
        serde_json::from_str(&self.0).unwrap_or_default()
    }
}

fn type_name(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "boolean",
        serde_json::Value::Number(_) => "number",
        serde_json::Value::String(_) => "string",
        serde_json::Value::Array(_) => "array",
        serde_json::Value::Object(_) => "object",
    }
}

impl fmt::Debug for MessageBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Written into JSON as the object itself, byte for byte.
impl Serialize for MessageBody {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let raw = RawValue::from_string(self.0.clone()).map_err(serde::ser::Error::custom)?;
        raw.serialize(serializer)
    }
}

/// Read from JSON text (not from a `serde_json::Value`, which has no raw text to keep).
impl<'de> Deserialize<'de> for MessageBody {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Box::<RawValue>::deserialize(deserializer)?;
        MessageBody::parse(raw.get().as_bytes()).map_err(D::Error::custom)
    }
}

/// A message accepted but perhaps not yet stored: what goes through the broker's queue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PostedMessage {
    /// Given at acceptance; storing the same key twice makes one row.
    pub key: Uuid,
    pub message: MessageBody,
}

impl PostedMessage {
    pub fn new(message: MessageBody) -> Self {
        PostedMessage {
            key: Uuid::new_v4(),
            message,
        }
    }
}

/// A stored message: its id, when it was stored, and the object as posted.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StoredMessage {
    pub id: i64,
    pub inserted: DateTime<Utc>,
    pub message: MessageBody,
}

/// How a stored message travels on the fan-out: the object as text, because a fan-out payload is
/// a `serde_json::Value`, which would not keep its key order.
#[derive(Serialize, Deserialize)]
struct LiveMessage {
    id: i64,
    inserted: DateTime<Utc>,
    message: String,
}

impl StoredMessage {
    /// The fan-out payload for this message.
    pub fn to_live(&self) -> serde_json::Value {
        serde_json::to_value(LiveMessage {
            id: self.id,
            inserted: self.inserted,
            message: self.message.0.clone(),
        })
        .unwrap_or_default()
    }

    /// The message in a fan-out payload made by [`to_live`](Self::to_live).
    pub fn from_live(payload: serde_json::Value) -> Option<Self> {
        let live: LiveMessage = serde_json::from_value(payload).ok()?;
        Some(StoredMessage {
            id: live.id,
            inserted: live.inserted,
            message: MessageBody::trusted(live.message),
        })
    }
}

/// What a client asks the saved messages for (`GET /api/v1/messages/`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageRequest {
    pub offset: u64,
    /// Capped at [`MAX_PAGE`] when the page is read.
    pub limit: u64,
    /// Freezes the set to ids up to this one, so paging while messages arrive shows none twice.
    pub pagination_id: Option<i64>,
}

/// One page of saved messages, newest first, as the original answers it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Page {
    pub pagination_id: i64,
    pub offset: u64,
    pub limit: u64,
    pub total: u64,
    pub messages: Vec<StoredMessage>,
}

impl PageRequest {
    /// The original's query schema: `offset` and `limit` required, `paginationId` optional, each
    /// a string of digits, nothing else. Numbers too large to count are refused, not wrapped.
    /// The error reads as the original's schema validator put it.
    pub fn from_query(query: &str) -> Result<Self, String> {
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_str(query).map_err(|error| error.to_string())?;
        let mut arguments = std::collections::BTreeMap::new();
        for (name, value) in pairs {
            if !matches!(name.as_str(), "offset" | "limit" | "paginationId") {
                return Err(format!(
                    "Additional properties are not allowed ('{name}' was unexpected)"
                ));
            }
            if arguments.insert(name.clone(), value).is_some() {
                return Err(format!("'{name}' is given more than once"));
            }
        }
        let number = |name: &str| -> Result<Option<u64>, String> {
            match arguments.get(name) {
                None => Ok(None),
                Some(value) if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) => {
                    Err(format!("'{value}' does not match '^[0-9]+$'"))
                }
                Some(value) => value
                    .parse::<u64>()
                    .map(Some)
                    .map_err(|_| format!("'{value}' is too large")),
            }
        };
        let required = |name: &str| -> Result<u64, String> {
            number(name)?.ok_or_else(|| format!("'{name}' is a required property"))
        };
        let offset = required("offset")?;
        let limit = required("limit")?;
        let pagination_id = number("paginationId")?
            .map(|id| i64::try_from(id).map_err(|_| format!("'{id}' is too large")))
            .transpose()?;
        Ok(PageRequest {
            offset,
            limit,
            pagination_id,
        })
    }
}

/// A page as the original's API answers it: the messages are the posted objects only.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OriginalPage<'a> {
    pub pagination_id: i64,
    pub offset: u64,
    pub limit: u64,
    pub total: u64,
    pub messages: Vec<&'a MessageBody>,
}

impl Page {
    /// The body of `GET /api/v1/messages/` for this page.
    pub fn original(&self) -> OriginalPage<'_> {
        OriginalPage {
            pagination_id: self.pagination_id,
            offset: self.offset,
            limit: self.limit,
            total: self.total,
            messages: self.messages.iter().map(|m| &m.message).collect(),
        }
    }
}

/// The feed's table: written only by the store writer, read by the API, pages and websockets.
#[derive(Clone)]
pub struct Feed {
    pool: StorePool,
    clock: SharedClock,
}

type Row = (i64, DateTime<Utc>, String);

fn stored(row: Row) -> StoredMessage {
    StoredMessage {
        id: row.0,
        inserted: row.1,
        message: MessageBody::trusted(row.2),
    }
}

/// i64 for SQL, saturating: a client may send any digits.
fn sql_int(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

impl Feed {
    pub fn new(store: &dyn Store, clock: SharedClock) -> Self {
        Feed {
            pool: store.pool(),
            clock,
        }
    }

    /// Stores a batch in one transaction and returns its rows in id order. A message whose key
    /// is already stored (a redelivery) returns its existing row: never a second one. Two
    /// statements whatever the batch's size, so the writer holds the database's write lock briefly.
    pub async fn store_batch(
        &self,
        batch: &[PostedMessage],
    ) -> Result<Vec<StoredMessage>, FeedError> {
        if batch.is_empty() {
            return Ok(Vec::new());
        }
        // Microseconds: what PostgreSQL keeps, so both stores give back the same time.
        let now = self.clock.now().trunc_subsecs(6);
        let keys: Vec<String> = batch.iter().map(|posted| posted.key.to_string()).collect();
        let mut tx = self.pool.begin().await?;
        let mut rows: Vec<Row> = in_transaction!(&mut tx, conn => {
            // In the batch's order, so ids rise in the order messages were accepted.
            let mut insert = sqlx::QueryBuilder::new(
                "INSERT INTO feed_messages (idempotency_key, inserted, message) ",
            );
            insert.push_values(batch.iter().zip(&keys), |mut row, (posted, key)| {
                row.push_bind(key.as_str())
                    .push_bind(now)
                    .push_bind(posted.message.as_str());
            });
            insert.push(" ON CONFLICT (idempotency_key) DO NOTHING");
            insert.build().execute(&mut *conn).await?;
            let mut select = sqlx::QueryBuilder::new(
                "SELECT id, inserted, message FROM feed_messages WHERE idempotency_key IN (",
            );
            let mut listed = select.separated(", ");
            for key in &keys {
                listed.push_bind(key.as_str());
            }
            select.push(")");
            select.build_query_as().fetch_all(&mut *conn).await?
        });
        tx.commit().await?;
        rows.sort_by_key(|row| row.0);
        Ok(rows.into_iter().map(stored).collect())
    }

    /// A page of saved messages, newest first (reference D.1). With no messages at all:
    /// `paginationId` 0, `total` 0.
    pub async fn page(&self, request: PageRequest) -> Result<Page, FeedError> {
        let limit = request.limit.min(MAX_PAGE);
        let pagination_id = match request.pagination_id {
            Some(id) => id,
            None => self.newest_id().await?,
        };
        let (total, rows): (i64, Vec<Row>) = on_pool!(&self.pool, pool => {
            let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM feed_messages WHERE id <= $1")
                .bind(pagination_id)
                .fetch_one(pool)
                .await?;
            let rows = sqlx::query_as(
                "SELECT id, inserted, message FROM feed_messages WHERE id <= $1 \
                 ORDER BY id DESC LIMIT $2 OFFSET $3",
            )
            .bind(pagination_id)
            .bind(sql_int(limit))
            .bind(sql_int(request.offset))
            .fetch_all(pool)
            .await?;
            (total, rows)
        });
        Ok(Page {
            pagination_id,
            offset: request.offset,
            limit,
            total: u64::try_from(total).unwrap_or(0),
            messages: rows.into_iter().map(stored).collect(),
        })
    }

    /// Messages stored after `last` (and before `before`, if given), oldest first, at most `limit`.
    pub async fn after(
        &self,
        last: i64,
        before: Option<i64>,
        limit: u64,
    ) -> Result<Vec<StoredMessage>, FeedError> {
        let before = before.unwrap_or(i64::MAX);
        let rows: Vec<Row> = on_pool!(&self.pool, pool => {
            sqlx::query_as(
                "SELECT id, inserted, message FROM feed_messages WHERE id > $1 AND id < $2 \
                 ORDER BY id LIMIT $3",
            )
            .bind(last)
            .bind(before)
            .bind(sql_int(limit))
            .fetch_all(pool)
            .await?
        });
        Ok(rows.into_iter().map(stored).collect())
    }

    /// One message by id.
    pub async fn get(&self, id: i64) -> Result<Option<StoredMessage>, FeedError> {
        let row: Option<Row> = on_pool!(&self.pool, pool => {
            sqlx::query_as("SELECT id, inserted, message FROM feed_messages WHERE id = $1")
                .bind(id)
                .fetch_optional(pool)
                .await?
        });
        Ok(row.map(stored))
    }

    /// The id of the newest message, 0 when there is none.
    pub async fn newest_id(&self) -> Result<i64, FeedError> {
        let id: Option<i64> = on_pool!(&self.pool, pool => {
            sqlx::query_scalar("SELECT MAX(id) FROM feed_messages")
                .fetch_one(pool)
                .await?
        });
        Ok(id.unwrap_or(0))
    }

    /// How many messages are stored.
    pub async fn count(&self) -> Result<u64, FeedError> {
        let count: i64 = on_pool!(&self.pool, pool => {
            sqlx::query_scalar("SELECT COUNT(*) FROM feed_messages")
                .fetch_one(pool)
                .await?
        });
        Ok(u64::try_from(count).unwrap_or(0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_is_any_json_object_kept_as_sent() {
        let body = br#" {"b": 1, "a": [1.50, "x"]} "#;
        let message = MessageBody::parse(body).unwrap();
        assert_eq!(message.as_str(), r#"{"b": 1, "a": [1.50, "x"]}"#);
        let embedded = serde_json::to_string(&serde_json::json!({ "m": 1 })).unwrap();
        assert_eq!(embedded, r#"{"m":1}"#);
        let page = serde_json::to_string(&vec![message.clone()]).unwrap();
        assert_eq!(
            page, r#"[{"b": 1, "a": [1.50, "x"]}]"#,
            "embedded byte for byte"
        );
        let back: Vec<MessageBody> = serde_json::from_str(&page).unwrap();
        assert_eq!(back, vec![message]);
    }

    #[test]
    fn arrays_strings_and_broken_json_are_not_messages() {
        assert!(matches!(
            MessageBody::parse(b"[1]"),
            Err(BodyError::NotAnObject(text)) if text == "array is not of type 'object'"
        ));
        assert!(matches!(
            MessageBody::parse(b"\"x\""),
            Err(BodyError::NotAnObject(_))
        ));
        assert!(matches!(
            MessageBody::parse(b"{\"a\":"),
            Err(BodyError::NotJson(_))
        ));
        assert!(matches!(
            MessageBody::parse(b""),
            Err(BodyError::NotJson(_))
        ));
        assert!(serde_json::from_str::<MessageBody>("[1]").is_err());
    }

    #[test]
    fn the_query_follows_the_originals_schema() {
        assert_eq!(
            PageRequest::from_query("offset=0&limit=10").unwrap(),
            PageRequest {
                offset: 0,
                limit: 10,
                pagination_id: None
            }
        );
        assert_eq!(
            PageRequest::from_query("limit=200&offset=5&paginationId=97")
                .unwrap()
                .pagination_id,
            Some(97)
        );
        let refused = |query: &str| PageRequest::from_query(query).unwrap_err();
        assert_eq!(refused("limit=10"), "'offset' is a required property");
        assert_eq!(refused("offset=1"), "'limit' is a required property");
        assert_eq!(
            refused("offset=-1&limit=1"),
            "'-1' does not match '^[0-9]+$'"
        );
        assert_eq!(refused("offset=&limit=1"), "'' does not match '^[0-9]+$'");
        assert_eq!(
            refused("offset=1.5&limit=1"),
            "'1.5' does not match '^[0-9]+$'"
        );
        assert_eq!(
            refused("offset=0&limit=1&count=3"),
            "Additional properties are not allowed ('count' was unexpected)"
        );
        assert_eq!(
            refused("offset=0&offset=1&limit=1"),
            "'offset' is given more than once"
        );
        assert_eq!(
            refused("offset=99999999999999999999999&limit=1"),
            "'99999999999999999999999' is too large"
        );
        assert_eq!(
            refused("offset=0&limit=1&paginationId=18446744073709551615"),
            "'18446744073709551615' is too large"
        );
    }

    #[test]
    fn a_stored_message_crosses_the_fan_out_with_its_text_intact() {
        let message = StoredMessage {
            id: 7,
            inserted: Utc::now().trunc_subsecs(6),
            message: MessageBody::parse(br#"{"z":1,"a":2}"#).unwrap(),
        };
        let back = StoredMessage::from_live(message.to_live()).unwrap();
        assert_eq!(back, message);
        assert_eq!(back.message.as_str(), r#"{"z":1,"a":2}"#);
        assert!(StoredMessage::from_live(serde_json::json!({"id": "x"})).is_none());
    }
}

/// The feed's running parts, built once at start-up: the messages table, the intake that takes
/// posted messages, and the API tokens. Cheap to clone.
#[derive(Clone)]
pub struct FeedService {
    pub messages: Feed,
    /// In this process, or through RabbitMQ when the backends have a broker.
    pub intake: std::sync::Arc<dyn FeedIntake>,
    pub tokens: FeedTokens,
}

impl FeedService {
    /// Starts the intake (the store writer here, or the broker's durable queue and its consumer).
    pub async fn start(backends: &backends::Backends) -> Result<Self, FeedError> {
        let messages = Feed::new(backends.store.as_ref(), backends.clock.clone());
        let tokens = FeedTokens::new(backends.store.as_ref(), backends.clock.clone());
        let intake: std::sync::Arc<dyn FeedIntake> = match &backends.broker {
            Some(broker) => std::sync::Arc::new(
                RabbitIntake::start(broker.clone(), messages.clone(), backends.fanout.clone())
                    .await?,
            ),
            None => std::sync::Arc::new(InProcessIntake::start(
                messages.clone(),
                backends.fanout.clone(),
            )),
        };
        Ok(FeedService {
            messages,
            intake,
            tokens,
        })
    }
}

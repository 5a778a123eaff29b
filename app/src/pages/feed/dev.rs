//! `/feed/dev`: tries the feed's API from a page. Posting (one message, or a hundred) goes through
//! the same intake as `POST /api/v1/messages/` and needs someone signed in; reading shows the JSON
//! `GET /api/v1/messages/` answers for the same query, or its error.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::error_page::ServiceProblem;
use crate::feed::paths as feed_paths;
use crate::form::{use_form, use_form_with, FieldErrors, Form, FormErrorSummary, FormInput};
use crate::govuk::{
    Button, Input, InputMode, LabelOptions, NotificationBanner, NotificationBannerType, Textarea,
};

/// How many messages that form posts.
pub const MANY: usize = 100;

pub const ENTER_MESSAGE: &str = "Enter a message";
pub const ENTER_JSON: &str = "Enter a message in JSON format";
pub const ENTER_OBJECT: &str = "Enter a JSON object, in { }";

/// What the message field holds when the page opens.
pub const SAMPLE: &str =
    "{\n  \"from\": \"Try the feed API\",\n  \"text\": \"Hello, everyone reading the feed\"\n}";

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PostMessageForm {
    #[serde(default)]
    pub message: String,
}

/// A message that is a JSON object: the text as typed, without surrounding space.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonObject(pub String);

impl FormInput for PostMessageForm {
    type Valid = JsonObject;

    fn validate(&self) -> Result<JsonObject, FieldErrors> {
        let mut errors = FieldErrors::new();
        let text = self.message.trim();
        if text.is_empty() {
            errors.add("message", ENTER_MESSAGE);
        } else {
            match serde_json::from_str::<serde_json::Value>(text) {
                Err(_) => errors.add("message", ENTER_JSON),
                Ok(value) if !value.is_object() => errors.add("message", ENTER_OBJECT),
                Ok(_) => {}
            }
        }
        errors.or_valid(|| JsonObject(text.to_owned()))
    }
}

impl crate::form::FormAction for PostMessageForm {
    #[cfg(feature = "ssr")]
    async fn perform(
        message: JsonObject,
        context: crate::form::ActionContext,
    ) -> Result<crate::form::Submitted, crate::form::FormFailure> {
        use crate::feed::server::{BodyError, MessageBody, PostedMessage};

        context.require(crate::auth::Audience::SignedIn)?;
        let body = MessageBody::parse(message.0.as_bytes()).map_err(|error| {
            let text = match error {
                BodyError::NotJson(_) => ENTER_JSON,
                BodyError::NotAnObject(_) => ENTER_OBJECT,
            };
            crate::form::FormFailure::field("message", text)
        })?;
        context
            .services
            .feed
            .intake
            .accept(PostedMessage::new(body))
            .await?;
        Ok(crate::form::Submitted::redirect(
            feed_paths::DEV.href().query("posted", "1"),
        ))
    }
}

/// The form with only a button: posts [`MANY`] messages, `{"multiple": true, "i": n}`, in order.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PostManyForm {}

impl FormInput for PostManyForm {
    type Valid = ();

    fn validate(&self) -> Result<(), FieldErrors> {
        Ok(())
    }
}

/// The `n`th message of the hundred.
pub fn many_message(n: usize) -> String {
    format!(r#"{{"multiple": true, "i": {n}}}"#)
}

impl crate::form::FormAction for PostManyForm {
    #[cfg(feature = "ssr")]
    async fn perform(
        _: (),
        context: crate::form::ActionContext,
    ) -> Result<crate::form::Submitted, crate::form::FormFailure> {
        use crate::feed::server::{MessageBody, PostedMessage};

        context.require(crate::auth::Audience::SignedIn)?;
        for n in 0..MANY {
            let body = MessageBody::parse(many_message(n).as_bytes())
                .map_err(|error| AppError::internal(format!("message {n}: {error}")))?;
            // One after another, so they are stored in order.
            context
                .services
                .feed
                .intake
                .accept(PostedMessage::new(body))
                .await?;
        }
        Ok(crate::form::Submitted::redirect(
            feed_paths::DEV.href().query("posted", &MANY.to_string()),
        ))
    }
}

/// What `GET /api/v1/messages/` answers to a query: its status line and indented body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiAnswer {
    pub status: String,
    pub body: String,
}

/// The API's answer to `query` (`offset`, `limit` and `paginationId`, urlencoded), read from the
/// feed as the API reads it.
#[server(prefix = "/_fn", endpoint = "feed-dev-read", input = server_fn::codec::GetUrl)]
pub async fn read_saved(query: String) -> Result<ApiAnswer, AppError> {
    let request = match crate::feed::server::PageRequest::from_query(&query) {
        Ok(request) => request,
        Err(reason) => {
            let body = serde_json::json!({
                "error": {
                    "code": 400,
                    "description": format!(
                        "Can not validate request arguments according to schema: {reason}"
                    ),
                }
            });
            return Ok(ApiAnswer {
                status: "400 Bad Request".to_owned(),
                body: serde_json::to_string_pretty(&body).map_err(AppError::internal)?,
            });
        }
    };
    let services = crate::services::current()?;
    let page = services.feed.messages.page(request).await?;
    Ok(ApiAnswer {
        status: "200 OK".to_owned(),
        body: serde_json::to_string_pretty(&page.original()).map_err(AppError::internal)?,
    })
}

/// The reading form's fields as asked: `paginationId`, `offset`, `limit`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReadQuery {
    pub pagination_id: Option<String>,
    pub offset: Option<String>,
    pub limit: Option<String>,
}

impl ReadQuery {
    /// The query to send the API, if the form was sent: a `paginationId` left empty is not given
    /// (the field is optional); everything else goes as typed, for the API to judge.
    pub fn api_query(&self) -> Option<String> {
        if self.pagination_id.is_none() && self.offset.is_none() && self.limit.is_none() {
            return None;
        }
        let mut query = form_urlencoded::Serializer::new(String::new());
        let given = |value: &Option<String>| value.clone().filter(|v| !v.is_empty());
        if let Some(id) = given(&self.pagination_id) {
            query.append_pair("paginationId", &id);
        }
        for (name, value) in [("offset", &self.offset), ("limit", &self.limit)] {
            if let Some(value) = value {
                query.append_pair(name, value);
            }
        }
        Some(query.finish())
    }
}

#[component]
pub fn FeedDevPage() -> impl IntoView {
    let form = use_form_with(PostMessageForm {
        message: SAMPLE.to_owned(),
    });
    let many = use_form::<PostManyForm>();
    let query = use_query_map();
    let posted = move || {
        query.with(|q| match q.get_str("posted") {
            Some("1") => Some("Message posted"),
            Some("100") => Some("100 messages posted"),
            _ => None,
        })
    };
    let asked = move || {
        query.with(|q| ReadQuery {
            pagination_id: q.get("paginationId"),
            offset: q.get("offset"),
            limit: q.get("limit"),
        })
    };
    view! {
        <Title text=form.title("Try the feed API")/>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <FormErrorSummary form=form/>
                {move || {
                    posted()
                        .map(|text| {
                            view! {
                                <NotificationBanner banner_type=NotificationBannerType::Success>
                                    <p class="govuk-notification-banner__heading">{text}</p>
                                    <p class="govuk-body">
                                        "The API’s answer: "
                                        <code data-testid="post-response">"{}"</code>
                                    </p>
                                </NotificationBanner>
                            }
                        })
                }}
                <h1 class="govuk-heading-l">"Try the feed API"</h1>
                <p class="govuk-body">
                    "Post messages and read them back as the API does. Posted messages appear on "
                    <a class="govuk-link" href=feed_paths::FEED.href().to_string()>"messages as they arrive"</a>
                    " at once. The API is described in "
                    <a class="govuk-link" href=feed_paths::API_OPENAPI.href().to_string() rel="external">
                        "its OpenAPI document"
                    </a>
                    "."
                </p>

                <h2 class="govuk-heading-m">"Post a message"</h2>
                <p class="govuk-body">
                    "A message is any JSON object. You need to be signed in to post: if you are not, \
                     sending takes you to sign in first."
                </p>
                <Form form=form action=feed_paths::DEV.href()>
                    {move || {
                        view! {
                            <Textarea
                                name="message"
                                label=LabelOptions {
                                    content: "Message".into(),
                                    classes: "govuk-label--s".to_owned(),
                                    ..Default::default()
                                }
                                hint=Some("A JSON object, in { }".into())
                                rows=8
                                spellcheck=Some(false)
                                value=Some(form.value(|input| input.message.clone()))
                                error_message=form.error("message")
                            />
                        }
                    }}
                    <Button content="Send"/>
                </Form>

                <h2 class="govuk-heading-m">"Post 100 messages"</h2>
                <p class="govuk-body">
                    {format!(
                        "Posts {} to {}, one after another.",
                        many_message(0),
                        many_message(MANY - 1),
                    )}
                </p>
                <Form form=many action=feed_paths::POST_MANY.href()>
                    <Button content="Post 100 messages" classes="govuk-button--secondary"/>
                </Form>

                <h2 class="govuk-heading-m">"Read saved messages"</h2>
                <p class="govuk-body">
                    "Shows what " <code>"GET /api/v1/messages/"</code>
                    " answers: the newest messages first, "
                    <code>"limit"</code> " at most 100."
                </p>
                <ReadForm asked=Signal::derive(asked)/>
            </div>
        </div>
    }
}

/// The reading form (a plain GET, so its query is the page's), and the API's answer to it.
#[component]
fn ReadForm(asked: Signal<ReadQuery>) -> impl IntoView {
    let answer = Resource::new_blocking(
        move || asked.get().api_query(),
        |query| async move {
            match query {
                Some(query) => read_saved(query.clone())
                    .await
                    .map(|answer| Some((query, answer))),
                None => Ok(None),
            }
        },
    );
    let value = move |read: fn(&ReadQuery) -> Option<String>, default: &str| {
        Some(asked.with(read).unwrap_or_else(|| default.to_owned()))
    };
    view! {
        <form method="get" action=feed_paths::DEV.href().to_string() novalidate=true>
            <Input
                name="paginationId"
                label="paginationId (optional)"
                hint=Some("Only messages up to this number; leave empty for the newest".into())
                classes="govuk-input--width-10"
                inputmode=Some(InputMode::Numeric)
                spellcheck=Some(false)
                value=value(|q| q.pagination_id.clone(), "")
            />
            <Input
                name="offset"
                label="offset"
                hint=Some("How many of the newest messages to skip".into())
                classes="govuk-input--width-10"
                inputmode=Some(InputMode::Numeric)
                spellcheck=Some(false)
                value=value(|q| q.offset.clone(), "0")
            />
            <Input
                name="limit"
                label="limit"
                hint=Some("How many messages to show".into())
                classes="govuk-input--width-10"
                inputmode=Some(InputMode::Numeric)
                spellcheck=Some(false)
                value=value(|q| q.limit.clone(), "20")
            />
            <Button content="Get"/>
        </form>
        <Suspense>
            {move || Suspend::new(async move {
                match answer.await {
                    Ok(Some((query, answer))) => {
                        let url = format!("{}?{query}", feed_paths::API_MESSAGES.pattern());
                        view! {
                            <h3 class="govuk-heading-s">"The API’s answer"</h3>
                            <p class="govuk-body">
                                <a class="govuk-link" href=url.clone() rel="external">
                                    {format!("GET {url}")}
                                </a>
                                " answers "
                                <strong data-testid="api-status">{answer.status}</strong>
                                ":"
                            </p>
                            <pre class="app-feed-message__json" data-testid="api-response">
                                {answer.body}
                            </pre>
                        }
                            .into_any()
                    }
                    Ok(None) => ().into_any(),
                    Err(_) => view! { <ServiceProblem/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(text: &str) -> Result<JsonObject, Option<String>> {
        PostMessageForm {
            message: text.to_owned(),
        }
        .validate()
        .map_err(|errors| errors.get("message").map(str::to_owned))
    }

    #[test]
    fn a_message_must_be_a_json_object() {
        assert_eq!(message(""), Err(Some(ENTER_MESSAGE.to_owned())));
        assert_eq!(message("  \n "), Err(Some(ENTER_MESSAGE.to_owned())));
        assert_eq!(message("{\"a\":"), Err(Some(ENTER_JSON.to_owned())));
        assert_eq!(message("hello"), Err(Some(ENTER_JSON.to_owned())));
        assert_eq!(message("[1, 2]"), Err(Some(ENTER_OBJECT.to_owned())));
        assert_eq!(message("\"text\""), Err(Some(ENTER_OBJECT.to_owned())));
        assert_eq!(message("42"), Err(Some(ENTER_OBJECT.to_owned())));
        assert_eq!(
            message(" {\"b\": 1, \"a\": 2} \n"),
            Ok(JsonObject("{\"b\": 1, \"a\": 2}".to_owned()))
        );
        assert!(message(SAMPLE).is_ok(), "the sample is a message");
    }

    #[test]
    fn the_hundred_messages_are_numbered_objects() {
        assert_eq!(many_message(0), r#"{"multiple": true, "i": 0}"#);
        let last: serde_json::Value = serde_json::from_str(&many_message(MANY - 1)).unwrap();
        assert_eq!(last, serde_json::json!({"multiple": true, "i": 99}));
    }

    #[test]
    fn the_reading_form_asks_the_api_as_typed() {
        assert_eq!(ReadQuery::default().api_query(), None);
        let asked = |id: &str, offset: &str, limit: &str| {
            ReadQuery {
                pagination_id: Some(id.to_owned()),
                offset: Some(offset.to_owned()),
                limit: Some(limit.to_owned()),
            }
            .api_query()
            .unwrap()
        };
        assert_eq!(asked("", "0", "20"), "offset=0&limit=20");
        assert_eq!(asked("97", "10", "5"), "paginationId=97&offset=10&limit=5");
        assert_eq!(asked("", "-1", "x y"), "offset=-1&limit=x+y");
        let only_limit = ReadQuery {
            limit: Some("3".into()),
            ..Default::default()
        };
        assert_eq!(only_limit.api_query().unwrap(), "limit=3");
    }
}

//! `/feed`: the message feed as it arrives (fpesa, reference D). The page is drawn with the newest
//! messages; with JavaScript it then follows the websocket (`/ws/v1/`), adding each new message at
//! the top; without it, a link loads the page again. `/feed/saved` pages through every message,
//! `/feed/dev` tries the API.
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::error_page::ServiceProblem;
use crate::feed::paths as feed_paths;

pub mod dev;
pub mod saved;

/// How many messages the live page shows; older ones are counted, not shown.
pub const SHOWN: usize = 30;

/// A stored message as the pages show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedMessage {
    pub id: i64,
    /// When it was stored: RFC 3339, UTC.
    pub inserted: String,
    /// The object as posted, indented.
    pub json: String,
}

#[cfg(feature = "ssr")]
impl From<&crate::feed::server::StoredMessage> for FeedMessage {
    fn from(stored: &crate::feed::server::StoredMessage) -> Self {
        FeedMessage {
            id: stored.id,
            inserted: stored
                .inserted
                .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
            json: pretty_json(stored.message.as_str()),
        }
    }
}

impl FeedMessage {
    /// A message as the websocket sends it (`envelope=true`): `{"id", "inserted", "message"}`.
    /// The object's own text is kept (key order, numbers), as the server stored it.
    pub fn from_frame(text: &str) -> Option<FeedMessage> {
        #[derive(Deserialize)]
        struct Frame<'a> {
            id: i64,
            inserted: String,
            #[serde(borrow)]
            message: &'a serde_json::value::RawValue,
        }
        let frame: Frame = serde_json::from_str(text).ok()?;
        Some(FeedMessage {
            id: frame.id,
            inserted: frame.inserted,
            json: pretty_json(frame.message.get()),
        })
    }
}

/// JSON text indented two spaces a level, its tokens untouched (so key order and numbers stay as
/// they were posted, which a parse and print would not keep).
pub fn pretty_json(text: &str) -> String {
    fn new_line(out: &mut String, depth: usize) {
        out.push('\n');
        out.extend(std::iter::repeat_n("  ", depth));
    }
    let mut out = String::with_capacity(text.len() * 2);
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut chars = text.trim().chars().peekable();
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                let close = if c == '{' { '}' } else { ']' };
                while chars.peek().is_some_and(|c| c.is_whitespace()) {
                    chars.next();
                }
                out.push(c);
                if chars.peek() == Some(&close) {
                    chars.next();
                    out.push(close);
                } else {
                    depth += 1;
                    new_line(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                new_line(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                new_line(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    out
}

/// Puts `message` at the top of `shown`, keeping at most [`SHOWN`]; returns how many fell off
/// the bottom. A message already shown (or older than the newest) is not added again.
pub fn add_newest(shown: &mut Vec<FeedMessage>, message: FeedMessage) -> u64 {
    if shown.first().is_some_and(|newest| newest.id >= message.id) {
        return 0;
    }
    shown.insert(0, message);
    let removed = shown.len().saturating_sub(SHOWN);
    shown.truncate(SHOWN);
    removed as u64
}

/// One message: its number, when it was stored, and the object.
#[component]
pub fn MessageBlock(message: FeedMessage) -> impl IntoView {
    let when = crate::dates::shown_time(&message.inserted);
    view! {
        <div class="app-feed-message" data-testid="feed-message" data-id=message.id.to_string()>
            <h2 class="govuk-heading-s app-feed-message__heading">
                {format!("Message {}", message.id)}
            </h2>
            <p class="govuk-body-s app-feed-message__time">
                "Stored " <time datetime=message.inserted>{when}</time>
            </p>
            <pre class="app-feed-message__json">{message.json}</pre>
        </div>
    }
}

/// The newest messages, newest first, and how many older ones there are.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Latest {
    pub messages: Vec<FeedMessage>,
    pub older: u64,
}

#[server(prefix = "/_fn", endpoint = "feed-latest", input = server_fn::codec::GetUrl)]
pub async fn latest_messages() -> Result<Latest, AppError> {
    let services = crate::services::current()?;
    let page = services
        .feed
        .messages
        .page(crate::feed::server::PageRequest {
            offset: 0,
            limit: SHOWN as u64,
            pagination_id: None,
        })
        .await?;
    Ok(Latest {
        older: page.total.saturating_sub(page.messages.len() as u64),
        messages: page.messages.iter().map(FeedMessage::from).collect(),
    })
}

/// Where the websocket is, as the live page sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Connection {
    Connecting,
    Connected,
    /// Lost; the next try is in this many seconds.
    Offline {
        retry_in: u32,
    },
}

impl Connection {
    pub fn text(self) -> String {
        match self {
            Connection::Connecting => "Connecting…".to_owned(),
            Connection::Connected => "Connected: new messages appear at the top".to_owned(),
            Connection::Offline { retry_in } => format!(
                "Offline: trying to reconnect in {retry_in} second{}",
                if retry_in == 1 { "" } else { "s" }
            ),
        }
    }
}

#[component]
pub fn FeedPage() -> impl IntoView {
    let latest = Resource::new_blocking(|| (), |_| latest_messages());
    view! {
        <Title text="Messages as they arrive"/>
        <h1 class="govuk-heading-l">"Messages as they arrive"</h1>
        <p class="govuk-body">
            "Messages anyone has posted to the feed, newest first. "
            <a class="govuk-link" href=feed_paths::DEV.href().to_string()>"Try the feed API"</a>
            " to post one."
        </p>
        <Suspense>
            {move || Suspend::new(async move {
                match latest.await {
                    Ok(latest) => view! { <LiveFeed latest=latest/> }.into_any(),
                    Err(_) => view! { <ServiceProblem/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The messages, and with JavaScript the websocket that adds new ones.
#[component]
fn LiveFeed(latest: Latest) -> impl IntoView {
    let after = latest.messages.first().map_or(0, |newest| newest.id);
    let messages = RwSignal::new(latest.messages);
    let older = RwSignal::new(latest.older);
    // `None` until the script has started (and always without JavaScript).
    let connection = RwSignal::new(None::<Connection>);
    #[cfg(feature = "hydrate")]
    live::start(
        after,
        live::Shown {
            messages,
            older,
            connection,
        },
    );
    #[cfg(not(feature = "hydrate"))]
    let _ = after;
    let live = Memo::new(move |_| connection.with(Option::is_some));
    view! {
        {move || {
            if live.get() {
                view! {
                    <p class="govuk-body" role="status" data-testid="feed-status">
                        {move || connection.get().map(Connection::text)}
                    </p>
                }
                    .into_any()
            } else {
                view! {
                    <p class="govuk-body" data-testid="feed-refresh">
                        "This page does not update by itself. "
                        <a class="govuk-link" href=feed_paths::FEED.href().to_string()>"Refresh"</a>
                        " to see newer messages."
                    </p>
                }
                    .into_any()
            }
        }}
        {move || {
            messages
                .with(Vec::is_empty)
                .then(|| view! { <p class="govuk-body">"No messages have been posted yet."</p> })
        }}
        <div data-testid="feed-messages">
            <For
                each=move || messages.get()
                key=|message| message.id
                children=|message| view! { <MessageBlock message=message/> }
            />
        </div>
        {move || {
            let older = older.get();
            (older > 0)
                .then(|| {
                    view! {
                        <p class="govuk-body" data-testid="feed-older">
                            "… and "
                            <a class="govuk-link" href=feed_paths::SAVED.href().to_string()>
                                {format!(
                                    "{older} older message{}",
                                    if older == 1 { "" } else { "s" },
                                )}
                            </a>
                        </p>
                    }
                })
        }}
    }
}

#[cfg(feature = "hydrate")]
mod live {
    //! The websocket: `/ws/v1/?envelope=true&after=<last id seen>` sends every message stored
    //! after that id, then new ones as they are stored. When it closes (the network, a restart,
    //! or the server finding us too slow, code 1013) we connect again from the last id seen,
    //! waiting 1 s, then 2, 4, ... up to a minute while it keeps failing.
    use std::time::Duration;

    use futures::StreamExt;
    use gloo_timers::future::sleep;
    use leptos::prelude::*;

    use crate::websocket::{self, Event, Socket};

    use super::{add_newest, Connection, FeedMessage};

    /// The longest wait between tries.
    const MAX_RETRY_SECONDS: u32 = 60;

    /// What the page shows, written by the socket's task.
    #[derive(Clone, Copy)]
    pub struct Shown {
        pub messages: RwSignal<Vec<FeedMessage>>,
        pub older: RwSignal<u64>,
        pub connection: RwSignal<Option<Connection>>,
    }

    impl Shown {
        fn add(self, message: FeedMessage) {
            let mut removed = 0;
            self.messages
                .update(|shown| removed = add_newest(shown, message));
            if removed > 0 {
                self.older.update(|older| *older += removed);
            }
        }
    }

    /// Follows the feed from `after` once the page is on screen, until it is left.
    pub fn start(after: i64, shown: Shown) {
        websocket::run_while_shown(move || follow(after, shown));
    }

    async fn follow(mut last: i64, shown: Shown) {
        let mut retry_in = 1;
        loop {
            shown.connection.set(Some(Connection::Connecting));
            let opened = read(&mut last, shown).await;
            if opened {
                retry_in = 1;
            }
            shown.connection.set(Some(Connection::Offline { retry_in }));
            sleep(Duration::from_secs(retry_in.into())).await;
            retry_in = (retry_in * 2).min(MAX_RETRY_SECONDS);
        }
    }

    /// Reads one connection until it closes; says whether it opened at all.
    async fn read(last: &mut i64, shown: Shown) -> bool {
        let Some(mut socket) = url(*last).and_then(|url| Socket::open(&url)) else {
            return false;
        };
        let mut opened = false;
        while let Some(event) = socket.events.next().await {
            match event {
                Event::Open => {
                    opened = true;
                    shown.connection.set(Some(Connection::Connected));
                }
                Event::Text(text) => {
                    if let Some(message) = FeedMessage::from_frame(&text) {
                        if message.id > *last {
                            *last = message.id;
                            shown.add(message);
                        }
                    }
                }
                Event::Closed => break,
            }
        }
        opened
    }

    fn url(after: i64) -> Option<String> {
        let path = crate::feed::paths::WEBSOCKET
            .href()
            .query("envelope", "true")
            .query("after", &after.to_string());
        websocket::url(&path.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(id: i64) -> FeedMessage {
        FeedMessage {
            id,
            inserted: "2026-03-01T14:05:07.123Z".into(),
            json: "{}".into(),
        }
    }

    #[test]
    fn json_is_indented_with_its_text_kept() {
        assert_eq!(
            pretty_json(r#" {"b":1.50,"a":[1, {"x":"a,b:{\"c"}],"e":{},"f":[ ]} "#),
            "{\n  \"b\": 1.50,\n  \"a\": [\n    1,\n    {\n      \"x\": \"a,b:{\\\"c\"\n    }\n  ],\n  \"e\": {},\n  \"f\": []\n}"
        );
        assert_eq!(pretty_json("{}"), "{}");
    }

    #[test]
    fn a_websocket_frame_keeps_the_posted_text() {
        let frame = r#"{"id":7,"inserted":"2026-03-01T14:05:07Z","message":{"z":1,"a":2.0}}"#;
        let message = FeedMessage::from_frame(frame).unwrap();
        assert_eq!(message.id, 7);
        assert_eq!(message.inserted, "2026-03-01T14:05:07Z");
        assert_eq!(message.json, "{\n  \"z\": 1,\n  \"a\": 2.0\n}");
        assert!(FeedMessage::from_frame(r#"{"id":"x"}"#).is_none());
        assert!(FeedMessage::from_frame("not json").is_none());
    }

    #[test]
    fn new_messages_go_on_top_and_the_oldest_fall_off() {
        let mut shown: Vec<FeedMessage> = (1..=SHOWN as i64).rev().map(message).collect();
        assert_eq!(add_newest(&mut shown, message(31)), 1);
        assert_eq!(shown.len(), SHOWN);
        assert_eq!(shown.first().unwrap().id, 31);
        assert_eq!(shown.last().unwrap().id, 2);
        assert_eq!(add_newest(&mut shown, message(31)), 0, "not twice");
        assert_eq!(add_newest(&mut shown, message(12)), 0, "not out of order");
        assert_eq!(shown.len(), SHOWN);
        let mut few = vec![message(1)];
        assert_eq!(add_newest(&mut few, message(2)), 0);
        assert_eq!(few.len(), 2);
    }

    #[test]
    fn the_connection_says_when_it_tries_again() {
        assert_eq!(
            Connection::Offline { retry_in: 1 }.text(),
            "Offline: trying to reconnect in 1 second"
        );
        assert_eq!(
            Connection::Offline { retry_in: 8 }.text(),
            "Offline: trying to reconnect in 8 seconds"
        );
        assert_eq!(Connection::Connecting.text(), "Connecting…");
    }
}

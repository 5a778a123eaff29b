//! Websockets in the browser, as a stream of events: the live feed and the pages that wait for a
//! job (a paper form being drawn) read their server's announcements through this.
use std::future::Future;

use futures::channel::mpsc::{unbounded, UnboundedReceiver};
use leptos::prelude::{on_cleanup, window, Effect};
use leptos::task::spawn_local;
use leptos::wasm_bindgen::closure::Closure;
use leptos::wasm_bindgen::{JsCast, JsValue};
use web_sys::{MessageEvent, WebSocket};

/// What happens to a socket.
pub enum Event {
    Open,
    Text(String),
    /// Closed, by either side or the network (an error is always followed by a close).
    Closed,
}

/// Runs `task` once the page is hydrated (an effect runs only then, so the first change comes
/// after it), until the page is left: leaving drops the task, and with it any socket it holds,
/// which closes as it is dropped.
pub fn run_while_shown<F>(task: impl FnOnce() -> F + 'static)
where
    F: Future<Output = ()> + 'static,
{
    let (stop, stopped) = futures::channel::oneshot::channel::<()>();
    on_cleanup(move || {
        let _ = stop.send(());
    });
    let mut start = Some((task, stopped));
    Effect::new(move |_| {
        if let Some((task, stopped)) = start.take() {
            spawn_local(async move {
                futures::future::select(Box::pin(task()), stopped).await;
            });
        }
    });
}

/// The `ws:` or `wss:` URL of `path_and_query` on the page's own host.
pub fn url(path_and_query: &str) -> Option<String> {
    let location = window().location();
    let scheme = if location.protocol().ok()? == "https:" {
        "wss"
    } else {
        "ws"
    };
    let host = location.host().ok()?;
    Some(format!("{scheme}://{host}{path_and_query}"))
}

/// A websocket whose events arrive on a channel; closed when dropped.
pub struct Socket {
    socket: WebSocket,
    pub events: UnboundedReceiver<Event>,
    _handlers: Vec<Closure<dyn FnMut(JsValue)>>,
}

impl Socket {
    pub fn open(url: &str) -> Option<Socket> {
        let socket = WebSocket::new(url).ok()?;
        let (send, events) = unbounded();
        let handler = |to_event: fn(JsValue) -> Option<Event>| {
            let send = send.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
                if let Some(event) = to_event(event) {
                    let _ = send.unbounded_send(event);
                }
            })
        };
        let on_open = handler(|_| Some(Event::Open));
        let on_message = handler(|event| {
            let event: MessageEvent = event.dyn_into().ok()?;
            event.data().as_string().map(Event::Text)
        });
        let on_close = handler(|_| Some(Event::Closed));
        socket.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        socket.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        Some(Socket {
            socket,
            events,
            _handlers: vec![on_open, on_message, on_close],
        })
    }
}

impl Drop for Socket {
    fn drop(&mut self) {
        self.socket.set_onopen(None);
        self.socket.set_onmessage(None);
        self.socket.set_onclose(None);
        let _ = self.socket.close();
    }
}

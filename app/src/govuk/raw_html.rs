//! Trusted HTML among other nodes, with no element of its own: the macros' `html` options that sit
//! beside real elements (`formGroup.beforeInput`, the service navigation's slots, a fieldset's
//! `html`). Leptos can only put raw HTML inside an element (`inner_html`), so this view writes it
//! between two marker comments, which let hydration find exactly the nodes it spans.
use super::content::{Content, TrustedHtml};
use leptos::either::Either;
use leptos::prelude::IntoView;
use leptos::tachys::html::attribute::{any_attribute::AnyAttribute, Attribute};
use leptos::tachys::hydration::Cursor;
use leptos::tachys::renderer::types::{Element, Node, Placeholder};
use leptos::tachys::renderer::{CastFrom, Rndr};
use leptos::tachys::view::add_attr::AddAnyAttr;
use leptos::tachys::view::{Mountable, Position, PositionState, Render, RenderHtml};
use leptos::wasm_bindgen::JsCast;

const START_MARKER: &str = "raw";
const END_MARKER: &str = "/raw";

/// Trusted markup rendered as it is, in place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawHtml(String);

impl From<TrustedHtml> for RawHtml {
    fn from(html: TrustedHtml) -> Self {
        RawHtml(html.into_string())
    }
}

impl Content {
    /// The content as nodes: text as a text node, trusted HTML as it is.
    pub fn into_view(self) -> impl IntoView {
        match self {
            Content::Text(text) => Either::Left(text),
            Content::Html(html) => Either::Right(RawHtml::from(html)),
        }
    }
}

/// The marker comments and the nodes between them.
pub struct RawHtmlState {
    html: String,
    start: Placeholder,
    nodes: Vec<Node>,
    end: Placeholder,
}

fn marker(text: &str) -> Placeholder {
    leptos::tachys::dom::document().create_comment(text)
}

/// The top-level nodes of `html`, parsed by the browser, not yet in the document.
fn parse(html: &str) -> Vec<Node> {
    let template = leptos::tachys::dom::document()
        .create_element("template")
        .expect("a template element")
        .unchecked_into::<leptos::web_sys::HtmlTemplateElement>();
    template.set_inner_html(html);
    let content = template.content();
    let mut nodes = Vec::new();
    let mut next = content.first_child();
    while let Some(node) = next {
        next = node.next_sibling();
        nodes.push(node);
    }
    nodes
}

fn is_end_marker(node: &Node) -> bool {
    Placeholder::cast_from(node.clone()).is_some()
        && node.text_content().as_deref() == Some(END_MARKER)
}

impl Render for RawHtml {
    type State = RawHtmlState;

    fn build(self) -> Self::State {
        RawHtmlState {
            nodes: parse(&self.0),
            html: self.0,
            start: marker(START_MARKER),
            end: marker(END_MARKER),
        }
    }

    fn rebuild(self, state: &mut Self::State) {
        if self.0 == state.html {
            return;
        }
        for node in state.nodes.drain(..) {
            Rndr::remove(&node);
        }
        state.nodes = parse(&self.0);
        state.html = self.0;
        if let Some(parent) = Rndr::get_parent(state.end.as_ref()).and_then(Element::cast_from) {
            for node in &state.nodes {
                Rndr::insert_node(&parent, node, Some(state.end.as_ref()));
            }
        }
    }
}

impl Mountable for RawHtmlState {
    fn unmount(&mut self) {
        Rndr::remove(self.start.as_ref());
        for node in &self.nodes {
            Rndr::remove(node);
        }
        Rndr::remove(self.end.as_ref());
    }

    fn mount(&mut self, parent: &Element, marker: Option<&Node>) {
        Rndr::insert_node(parent, self.start.as_ref(), marker);
        for node in &self.nodes {
            Rndr::insert_node(parent, node, marker);
        }
        Rndr::insert_node(parent, self.end.as_ref(), marker);
    }

    fn insert_before_this(&self, child: &mut dyn Mountable) -> bool {
        self.start.insert_before_this(child)
    }

    fn elements(&self) -> Vec<Element> {
        self.nodes
            .iter()
            .filter_map(|node| Element::cast_from(node.clone()))
            .collect()
    }
}

impl AddAnyAttr for RawHtml {
    type Output<SomeNewAttr: Attribute> = Self;

    /// Raw HTML has no element of its own to take attributes.
    fn add_any_attr<NewAttr: Attribute>(self, _attr: NewAttr) -> Self::Output<NewAttr>
    where
        Self::Output<NewAttr>: RenderHtml,
    {
        self
    }
}

impl RenderHtml for RawHtml {
    type AsyncOutput = Self;
    type Owned = Self;

    const MIN_LENGTH: usize = 0;

    fn html_len(&self) -> usize {
        self.0.len() + START_MARKER.len() + END_MARKER.len() + 14
    }

    fn dry_resolve(&mut self) {}

    async fn resolve(self) -> Self {
        self
    }

    fn to_html_with_buf(
        self,
        buf: &mut String,
        position: &mut Position,
        _escape: bool,
        _mark_branches: bool,
        _extra_attrs: Vec<AnyAttribute>,
    ) {
        buf.push_str("<!--");
        buf.push_str(START_MARKER);
        buf.push_str("-->");
        buf.push_str(&self.0);
        buf.push_str("<!--");
        buf.push_str(END_MARKER);
        buf.push_str("-->");
        *position = Position::NextChild;
    }

    fn hydrate<const FROM_SERVER: bool>(
        self,
        cursor: &Cursor,
        position: &PositionState,
    ) -> Self::State {
        match position.get() {
            Position::FirstChild => cursor.child(),
            Position::Current => {}
            _ => cursor.sibling(),
        }
        let start = Placeholder::cast_from(cursor.current())
            .expect("the server wrote a marker comment before trusted HTML");
        let mut nodes = Vec::new();
        let end = loop {
            let node = cursor
                .current()
                .next_sibling()
                .expect("the server wrote a marker comment after trusted HTML");
            cursor.set(node.clone());
            if is_end_marker(&node) {
                break Placeholder::cast_from(node).expect("a comment");
            }
            nodes.push(node);
        };
        position.set(Position::NextChild);
        let mut state = RawHtmlState {
            html: self.0.clone(),
            start,
            nodes,
            end,
        };
        if !FROM_SERVER {
            state.html = String::new();
            self.rebuild(&mut state);
        }
        state
    }

    fn into_owned(self) -> Self::Owned {
        self
    }
}

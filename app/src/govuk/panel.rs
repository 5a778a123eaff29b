use leptos::prelude::*;

use super::heading_level::HeadingLevel;

use super::button::{Button, ButtonType};
use super::content::{classes as join_classes, Attributes, Content};

/// A button or link at the foot of an interruption panel.
///
/// It is an inverse [`Button`] unless it has an `href` and `button_type` is not `Button`; then it is
/// an inverse link. With an `href` and `Some(ButtonType::Button)` it is a link styled as a button.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PanelAction {
    pub text: String,
    /// The button's type; `None` is a plain `button` (no form submission).
    pub button_type: Option<ButtonType>,
    pub href: Option<String>,
    pub classes: String,
    pub attributes: Attributes,
}

/// The actions of an interruption panel (`actions` option of `govukPanel`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PanelActions {
    pub items: Vec<PanelAction>,
    /// Extra classes for the `govuk-panel__actions` wrapper.
    pub classes: String,
    pub attributes: Attributes,
}

/// `govukPanel`: the confirmation at the end of a transaction (the default), or with the
/// `govuk-panel--interruption` class, an interruption that asks the user to check something
/// before going on, with its `actions`.
///
/// ```ignore
/// view! {
///     <Panel title="Application complete" content=Some("Your reference number is HDJ2123F".into())/>
/// }
/// ```
#[component]
pub fn Panel(
    #[prop(into)] title: Content,
    /// The title's heading level; `<h1>` by default.
    #[prop(default = HeadingLevel::H1)]
    heading_level: HeadingLevel,
    /// The panel's body; the children take its place when given.
    #[prop(optional_no_strip)]
    content: Option<Content>,
    /// Extra classes; `govuk-panel--interruption` makes an interruption panel.
    #[prop(default = String::new(), into)]
    classes: String,
    #[prop(optional)] attributes: Attributes,
    /// Buttons and links, shown on interruption panels only.
    #[prop(optional_no_strip)]
    actions: Option<PanelActions>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let is_interruption = classes.contains("govuk-panel--interruption");
    let modifier = if is_interruption {
        ""
    } else {
        "govuk-panel--confirmation"
    };
    let class = join_classes(&join_classes("govuk-panel", modifier), &classes);
    let title = heading_level.heading("govuk-panel__title", None, title.to_markup());
    let body = match (children, content.filter(|c| !c.is_empty())) {
        (Some(children), _) => {
            Some(view! { <div class="govuk-panel__body">{children()}</div> }.into_any())
        }
        (None, Some(content)) => Some(
            view! { <div class="govuk-panel__body" inner_html=content.to_markup()></div> }
                .into_any(),
        ),
        (None, None) => None,
    };
    let actions = actions.filter(|_| is_interruption).map(|actions| {
        let PanelActions {
            items,
            classes,
            attributes,
        } = actions;
        let group = (!items.is_empty()).then(|| {
            view! { <div class="govuk-button-group">{items.into_iter().map(action).collect_view()}</div> }
        });
        view! {
            <div class=join_classes("govuk-panel__actions", &classes) {..attributes.spread()}>
                {group}
            </div>
        }
    });
    view! {
        <div class={class} {..attributes.spread()}>
            {title}
            {body}
            {actions}
        </div>
    }
}

fn action(action: PanelAction) -> AnyView {
    let PanelAction {
        text,
        button_type,
        href,
        classes,
        attributes,
    } = action;
    match href {
        Some(href) if button_type != Some(ButtonType::Button) => view! {
            <a
                class=join_classes("govuk-link govuk-link--inverse", &classes)
                href={href}
                {..attributes.spread()}
            >
                {text}
            </a>
        }
        .into_any(),
        href => view! {
            <Button
                content=text
                button_type=button_type.unwrap_or(ButtonType::Button)
                href=href
                classes=join_classes("govuk-button--inverse", &classes)
                attributes=attributes
            />
        }
        .into_any(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::govuk::conformance::render_to_string;

    #[test]
    fn title_and_body_text_are_escaped() {
        let html = render_to_string(|| {
            view! { <Panel title="<t>" content=Some("<b>".into())/> }
        });
        assert!(html.contains("&lt;t&gt;"), "{html}");
        assert!(html.contains("&lt;b&gt;"), "{html}");
    }

    #[test]
    fn children_are_the_body_and_confirmation_panels_have_no_actions() {
        let actions = PanelActions {
            items: vec![PanelAction {
                text: "Continue".into(),
                ..Default::default()
            }],
            ..Default::default()
        };
        let html = render_to_string(move || {
            view! {
                <Panel title="Done" heading_level=HeadingLevel::H3 actions=Some(actions)>
                    <strong>"HDJ2123F"</strong>
                </Panel>
            }
        });
        assert!(
            html.contains(r#"<h3 class="govuk-panel__title">Done</h3>"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<div class="govuk-panel__body"><strong>HDJ2123F</strong></div>"#),
            "{html}"
        );
        assert!(!html.contains("Continue"), "{html}");
    }
}

use leptos::prelude::*;

use super::content::{classes as join_classes, Attributes, Content};

/// The element a [`Button`] renders as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ButtonElement {
    /// `<a role="button">`: a link that looks like a button (needs an `href`, else `#`).
    Link,
    /// `<button>`: submits or resets a form, or runs a script.
    Button,
    /// `<input type="submit">`, as govuk-frontend before v6 offered it. Shows plain text only.
    Input,
}

/// What a `<button>` (or `<input>`) does in its form.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ButtonType {
    #[default]
    Submit,
    Button,
    Reset,
}

impl ButtonType {
    pub fn as_str(self) -> &'static str {
        match self {
            ButtonType::Submit => "submit",
            ButtonType::Button => "button",
            ButtonType::Reset => "reset",
        }
    }
}

/// `govukButton`: a button, or a link styled as one (when `href` is set, or `element` is `Link`).
///
/// ```ignore
/// view! {
///     <form method="post">
///         <Button
///             content="Accept analytics cookies"
///             name=Some("cookies".into())
///             value=Some("accept".into())
///         />
///     </form>
///     <Button content="Start now" href=Some("/start".into()) is_start_button=true/>
/// }
/// ```
#[component]
pub fn Button(
    #[prop(into)] content: Content,
    /// The element to render; when `None`, a link if `href` is set, else a `<button>`.
    #[prop(optional_no_strip)]
    element: Option<ButtonElement>,
    /// Where the link goes; makes the button a link unless `element` says otherwise.
    #[prop(optional_no_strip)]
    href: Option<String>,
    /// The macro's `type`: what the button does in its form (no effect on links).
    #[prop(default = ButtonType::Submit)]
    button_type: ButtonType,
    /// Sent with the form, with `value`, when this button submits it.
    #[prop(optional_no_strip)]
    name: Option<String>,
    #[prop(optional_no_strip)] value: Option<String>,
    #[prop(optional)] disabled: bool,
    /// `Some(true)` asks the button's JavaScript to ignore a second click within a second;
    /// `None` leaves the attribute out.
    #[prop(optional_no_strip)]
    prevent_double_click: Option<bool>,
    /// The main call to action of a start page: larger, with an arrow.
    #[prop(optional)]
    is_start_button: bool,
    #[prop(optional_no_strip)] id: Option<String>,
    /// Extra classes, such as `govuk-button--secondary`.
    #[prop(default = String::new(), into)]
    classes: String,
    #[prop(optional)] attributes: Attributes,
) -> impl IntoView {
    let element = element.unwrap_or(if href.is_some() {
        ButtonElement::Link
    } else {
        ButtonElement::Button
    });
    let mut class = join_classes("govuk-button", &classes);
    if is_start_button {
        class.push_str(" govuk-button--start");
    }
    let button_type = button_type.as_str();
    let aria_disabled = disabled.then_some("true");
    let prevent_double_click = prevent_double_click.map(|p| p.to_string());
    match element {
        ButtonElement::Link => view! {
            <a
                href=href.unwrap_or_else(|| "#".to_owned())
                role="button"
                draggable="false"
                class=class
                data-module="govuk-button"
                {..attributes.spread()}
                id=id
            >
                {button_content(content, is_start_button)}
            </a>
        }
        .into_any(),
        ButtonElement::Button => view! {
            <button
                type=button_type
                value=value
                name=name
                disabled=disabled
                aria-disabled=aria_disabled
                data-prevent-double-click=prevent_double_click
                class=class
                data-module="govuk-button"
                {..attributes.spread()}
                id=id
            >
                {button_content(content, is_start_button)}
            </button>
        }
        .into_any(),
        ButtonElement::Input => {
            // An input's label is its value: plain text only, so trusted HTML shows as written.
            let label = match content {
                Content::Text(text) => text,
                html => html.to_markup(),
            };
            view! {
                <input
                    value=label
                    type=button_type
                    name=name
                    disabled=disabled
                    aria-disabled=aria_disabled
                    data-prevent-double-click=prevent_double_click
                    class=class
                    data-module="govuk-button"
                    {..attributes.spread()}
                    id=id
                />
            }
            .into_any()
        }
    }
}

/// The button's content, followed by the start arrow on start buttons. Start buttons lay out with
/// flexbox, which drops the spaces between HTML elements, so their trusted HTML is kept in a span.
fn button_content(content: Content, is_start_button: bool) -> impl IntoView {
    if !is_start_button {
        return content.into_view().into_any();
    }
    let content = match content {
        Content::Text(text) => text.into_any(),
        Content::Html(_) => {
            view! { <span inner_html=content.to_markup().trim().to_owned()></span> }.into_any()
        }
    };
    // `focusable="false"` keeps old Internet Explorer from tabbing to the icon.
    view! {
        {content}
        <svg
            class="govuk-button__start-icon"
            xmlns="http://www.w3.org/2000/svg"
            width="17.5"
            height="19"
            viewBox="0 0 33 40"
            aria-hidden="true"
            focusable="false"
        >
            <path fill="currentColor" d="M0 0h13l20 20-20 20H0l20-20z"></path>
        </svg>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::govuk::conformance::{normalise, render_to_string};
    use crate::govuk::TrustedHtml;

    #[test]
    fn text_is_escaped() {
        let html = render_to_string(|| view! { <Button content="<b>Save</b>"/> });
        assert!(html.contains("&lt;b&gt;Save&lt;/b&gt;"), "{html}");
    }

    #[test]
    fn a_form_button_carries_its_name_value_and_type() {
        let html = render_to_string(|| {
            view! {
                <Button
                    content="Reset"
                    button_type=ButtonType::Reset
                    name=Some("action".to_owned())
                    value=Some("re\"set".to_owned())
                />
            }
        });
        assert_eq!(
            normalise(&html),
            normalise(
                r#"<button type="reset" name="action" value="re&quot;set" class="govuk-button" data-module="govuk-button">Reset</button>"#
            )
        );
    }

    #[test]
    fn an_explicit_element_overrides_the_href() {
        let link = render_to_string(|| {
            view! { <Button content="Go" element=Some(ButtonElement::Link)/> }
        });
        assert!(link.starts_with(r##"<a href="#""##), "{link}");
        let button = render_to_string(|| {
            view! { <Button content="Go" element=Some(ButtonElement::Button) href=Some("/x".to_owned())/> }
        });
        assert!(button.starts_with("<button"), "{button}");
    }

    #[test]
    fn an_input_shows_its_text_as_its_value() {
        let html = render_to_string(|| {
            view! {
                <Button
                    content="Save & <go>"
                    element=Some(ButtonElement::Input)
                    disabled=true
                    prevent_double_click=Some(true)
                />
            }
        });
        assert_eq!(
            normalise(&html),
            normalise(
                r#"<input value="Save &amp; &lt;go&gt;" type="submit" disabled aria-disabled="true" data-prevent-double-click="true" class="govuk-button" data-module="govuk-button">"#
            )
        );
        let html = render_to_string(|| {
            view! {
                <Button
                    content=TrustedHtml::from_trusted("<em>Go</em>")
                    element=Some(ButtonElement::Input)
                />
            }
        });
        assert!(
            html.contains(r#"value="&lt;em&gt;Go&lt;/em&gt;""#),
            "{html}"
        );
    }
}

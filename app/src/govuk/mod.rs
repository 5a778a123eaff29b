//! GOV.UK Frontend components as Leptos components.
//!
//! Each component renders the same markup as the `govuk-frontend` Nunjucks macro of the same name
//! (checked against the package's own `fixtures.json` by the conformance test in `conformance/`).
//! One file each. Conventions:
//! - a macro's top-level options are the component's props, in snake case; `text`/`html` pairs are
//!   one [`Content`] (escaped text, or [`TrustedHtml`] that the caller vouches for);
//! - nested option objects (`label`, `hint`, `items`, ...) are plain structs named after the
//!   component (`LabelOptions`, `RadiosItem`, ...) with `Default`, so callers write
//!   `RadiosItem { value: "yes".into(), content: "Yes".into(), ..Default::default() }`;
//! - a fixed set of values (button element, tag colour, ...) is an enum, never a free string.

/// The builders a radio and a checkbox share (`RadiosOption`, `CheckboxesOption`): a value and its
/// label, a hint, and markup revealed while it is checked. Before the modules, so they can use it.
macro_rules! choice_option_builders {
    ($option:ident, $what:literal) => {
        impl $option {
            pub fn new(value: impl Into<String>, content: impl Into<Content>) -> Self {
                $option {
                    value: value.into(),
                    content: content.into(),
                    ..Default::default()
                }
            }

            pub fn with_hint(mut self, hint: impl Into<HintOptions>) -> Self {
                self.hint = Some(hint.into());
                self
            }

            #[doc = concat!("Reveals `html` under the ", $what, " while it is checked.")]
            pub fn with_conditional(mut self, html: TrustedHtml) -> Self {
                self.conditional = Some(html);
                self
            }
        }
    };
}

#[cfg(test)]
pub mod conformance;
pub mod content;

mod accordion;
mod back_link;
mod breadcrumbs;
mod button;
mod character_count;
mod checkboxes;
mod cookie_banner;
mod crown;
mod date_input;
mod details;
mod error_message;
mod error_summary;
mod exit_this_page;
mod feedback;
mod fieldset;
mod file_upload;
mod footer;
mod form_group;
mod generic_header;
mod header;
mod heading_level;
mod hint;
mod input;
mod inset_text;
mod label;
mod language_navigation;
mod notification_banner;
mod pagination;
mod panel;
mod password_input;
mod phase_banner;
mod radios;
mod raw_html;
mod select;
mod service_navigation;
mod skip_link;
mod summary_list;
mod table;
mod tabs;
mod tag;
mod task_list;
mod textarea;
mod warning_text;

pub use accordion::*;
pub use back_link::*;
pub use breadcrumbs::*;
pub use button::*;
pub use character_count::*;
pub use checkboxes::*;
pub use content::{Attributes, Content, Translation, TrustedHtml};
pub use cookie_banner::*;
pub use date_input::*;
pub use details::*;
pub use error_message::*;
pub use error_summary::*;
pub use exit_this_page::*;
pub use feedback::*;
pub use fieldset::*;
pub use file_upload::*;
pub use footer::*;
pub use form_group::*;
pub use generic_header::*;
pub use header::*;
pub use heading_level::HeadingLevel;
pub use hint::*;
pub use input::*;
pub use inset_text::*;
pub use label::*;
pub use language_navigation::*;
pub use notification_banner::*;
pub use pagination::*;
pub use panel::*;
pub use password_input::*;
pub use phase_banner::*;
pub use radios::*;
pub use select::*;
pub use service_navigation::*;
pub use skip_link::*;
pub use summary_list::*;
pub use table::*;
pub use tabs::*;
pub use tag::*;
pub use task_list::*;
pub use textarea::*;
pub use warning_text::*;

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

// Until every component has landed, some of these modules are still empty.
#[allow(unused_imports)]
pub use accordion::*;
#[allow(unused_imports)]
pub use back_link::*;
#[allow(unused_imports)]
pub use breadcrumbs::*;
#[allow(unused_imports)]
pub use button::*;
#[allow(unused_imports)]
pub use character_count::*;
#[allow(unused_imports)]
pub use checkboxes::*;
pub use content::{Attributes, Content, Translation, TrustedHtml};
#[allow(unused_imports)]
pub use cookie_banner::*;
#[allow(unused_imports)]
pub use date_input::*;
#[allow(unused_imports)]
pub use details::*;
#[allow(unused_imports)]
pub use error_message::*;
#[allow(unused_imports)]
pub use error_summary::*;
#[allow(unused_imports)]
pub use exit_this_page::*;
#[allow(unused_imports)]
pub use feedback::*;
#[allow(unused_imports)]
pub use fieldset::*;
#[allow(unused_imports)]
pub use file_upload::*;
#[allow(unused_imports)]
pub use footer::*;
pub use form_group::*;
#[allow(unused_imports)]
pub use generic_header::*;
#[allow(unused_imports)]
pub use header::*;
#[allow(unused_imports)]
pub use hint::*;
#[allow(unused_imports)]
pub use input::*;
#[allow(unused_imports)]
pub use inset_text::*;
#[allow(unused_imports)]
pub use label::*;
#[allow(unused_imports)]
pub use language_navigation::*;
#[allow(unused_imports)]
pub use notification_banner::*;
#[allow(unused_imports)]
pub use pagination::*;
#[allow(unused_imports)]
pub use panel::*;
#[allow(unused_imports)]
pub use password_input::*;
#[allow(unused_imports)]
pub use phase_banner::*;
#[allow(unused_imports)]
pub use radios::*;
#[allow(unused_imports)]
pub use select::*;
#[allow(unused_imports)]
pub use service_navigation::*;
#[allow(unused_imports)]
pub use skip_link::*;
#[allow(unused_imports)]
pub use summary_list::*;
#[allow(unused_imports)]
pub use table::*;
#[allow(unused_imports)]
pub use tabs::*;
#[allow(unused_imports)]
pub use tag::*;
#[allow(unused_imports)]
pub use task_list::*;
#[allow(unused_imports)]
pub use textarea::*;
#[allow(unused_imports)]
pub use warning_text::*;

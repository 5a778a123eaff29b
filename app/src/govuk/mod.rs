//! GOV.UK Frontend components as Leptos components.
//!
//! Each component renders the same markup as the `govuk-frontend` Nunjucks macro of the same name
//! (checked against the package's own `fixtures.json` by the conformance test). One file each.

pub mod content;
mod crown;
mod footer;
mod header;
mod notification_banner;
mod phase_banner;
mod service_navigation;
mod skip_link;

pub use content::{Attributes, Content, TrustedHtml};
pub use footer::{Footer, FooterLink};
pub use header::Header;
pub use notification_banner::NotificationBanner;
pub use phase_banner::PhaseBanner;
pub use service_navigation::ServiceNavigation;
pub use skip_link::SkipLink;

//! Conformance of our GOV.UK components with the installed `govuk-frontend` package: every fixture
//! in `dist/govuk/components/*/fixtures.json` gives a macro's options and the HTML it renders; each
//! component's adapter (one file here per component) renders the same options through our component
//! (server-side) and the test compares the two after normalising whitespace, attribute order and
//! boolean attributes.
//!
//! Components whose adapter returns `None` count as "not built"; fixtures that cannot apply are
//! listed in `NOT_APPLICABLE` with the reason. The test fails if any fixture of a built component
//! differs, or if fewer fixtures pass than `RECORDED_PASSES`.
use std::collections::BTreeMap;
use std::path::PathBuf;

use leptos::prelude::*;
use serde_json::Value;

pub mod options;
use options::Options;

mod accordion;
mod back_link;
mod breadcrumbs;
mod button;
mod character_count;
mod checkboxes;
mod cookie_banner;
mod date_input;
mod details;
mod error_message;
mod error_summary;
mod exit_this_page;
mod feedback;
mod fieldset;
mod file_upload;
mod footer;
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

/// The number of fixtures that passed when this was last raised. Raise it as components land.
const RECORDED_PASSES: usize = 723;

/// Fixtures that cannot apply to a Leptos component, by component and fixture name, with why.
const NOT_APPLICABLE: &[(&str, &str, &str)] = &[
    (
        "accordion",
        "with falsy values",
        "Nunjucks skips null/false items but still counts them in loop.index, so its ids have gaps; \
         a typed Vec of items has no empty entries to count",
    ),
    (
        "task-list",
        "with empty values",
        "Nunjucks skips null/false items but still counts them in loop.index, so its ids have gaps; \
         a typed Vec of items has no empty entries to count",
    ),
];

/// The adapter of each component directory in the package.
fn adapter(component: &str) -> Option<fn(Options<'_>) -> Option<String>> {
    Some(match component {
        "accordion" => accordion::render,
        "back-link" => back_link::render,
        "breadcrumbs" => breadcrumbs::render,
        "button" => button::render,
        "character-count" => character_count::render,
        "checkboxes" => checkboxes::render,
        "cookie-banner" => cookie_banner::render,
        "date-input" => date_input::render,
        "details" => details::render,
        "error-message" => error_message::render,
        "error-summary" => error_summary::render,
        "exit-this-page" => exit_this_page::render,
        "feedback" => feedback::render,
        "fieldset" => fieldset::render,
        "file-upload" => file_upload::render,
        "footer" => footer::render,
        "generic-header" => generic_header::render,
        "header" => header::render,
        "hint" => hint::render,
        "input" => input::render,
        "inset-text" => inset_text::render,
        "label" => label::render,
        "language-navigation" => language_navigation::render,
        "notification-banner" => notification_banner::render,
        "pagination" => pagination::render,
        "panel" => panel::render,
        "password-input" => password_input::render,
        "phase-banner" => phase_banner::render,
        "radios" => radios::render,
        "select" => select::render,
        "service-navigation" => service_navigation::render,
        "skip-link" => skip_link::render,
        "summary-list" => summary_list::render,
        "table" => table::render,
        "tabs" => tabs::render,
        "tag" => tag::render,
        "task-list" => task_list::render,
        "textarea" => textarea::render,
        "warning-text" => warning_text::render,
        _ => return None,
    })
}

/// Renders a view to an HTML string, server-side, inside a fresh reactive owner, without the
/// hydration markers: erased views (`--cfg erase_components`, .cargo/config.toml) put an empty
/// comment `<!>` after each component's children, which the browser never shows, so the tests
/// can read the markup as govuk-frontend writes it. (Text is escaped, so no content is `<!>`.)
pub fn render_to_string<V: IntoView + 'static>(view: impl FnOnce() -> V) -> String {
    let owner = Owner::new();
    owner
        .with(|| view().into_view().to_html())
        .replace("<!>", "")
}

fn components_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../node_modules/govuk-frontend/dist/govuk/components")
}

/// A canonical form of an HTML fragment: elements with sorted attributes (class whitespace
/// collapsed), text escaped with whitespace collapsed, whitespace-only text and comments dropped.
pub fn normalise(html: &str) -> String {
    let fragment = scraper::Html::parse_fragment(html);
    let mut out = String::new();
    write_node(fragment.root_element(), &mut out);
    out
}

fn write_node(element: scraper::ElementRef<'_>, out: &mut String) {
    for child in element.children() {
        match child.value() {
            scraper::Node::Element(e) => {
                let mut attributes: Vec<(String, String)> = e
                    .attrs()
                    .map(|(name, value)| {
                        let value = if name == "class" {
                            value.split_whitespace().collect::<Vec<_>>().join(" ")
                        } else {
                            value.to_owned()
                        };
                        (name.to_owned(), value)
                    })
                    .collect();
                attributes.sort();
                out.push('<');
                out.push_str(e.name());
                for (name, value) in attributes {
                    out.push_str(&format!(" {name}={value:?}"));
                }
                out.push('>');
                if let Some(child) = scraper::ElementRef::wrap(child) {
                    write_node(child, out);
                }
                out.push_str(&format!("</{}>", e.name()));
            }
            scraper::Node::Text(text) => {
                let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
                if !collapsed.is_empty() {
                    // Escaped, so text that looks like markup never equals real markup.
                    out.push_str(&crate::govuk::content::escape_html(&collapsed));
                }
            }
            _ => {}
        }
    }
}

#[derive(Default)]
struct Tally {
    fixtures: usize,
    passed: usize,
    not_applicable: usize,
    not_built: bool,
}

/// Runs every fixture of `only` (or of every component when `None`); returns the tallies and the
/// differences.
fn run(only: Option<&str>) -> (BTreeMap<String, Tally>, Vec<String>) {
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(components_dir())
        .expect("govuk-frontend is installed (scripts/setup)")
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("fixtures.json").exists())
        .collect();
    entries.sort();
    for dir in entries {
        let component = dir.file_name().unwrap().to_string_lossy().into_owned();
        if only.is_some_and(|only| only != component) {
            continue;
        }
        let fixtures: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("fixtures.json")).unwrap())
                .unwrap();
        let tally = tallies.entry(component.clone()).or_default();
        let adapter = adapter(&component);
        for fixture in fixtures["fixtures"].as_array().unwrap() {
            let name = fixture["name"].as_str().unwrap();
            tally.fixtures += 1;
            if NOT_APPLICABLE
                .iter()
                .any(|(c, f, _)| *c == component && *f == name)
            {
                tally.not_applicable += 1;
                continue;
            }
            let Some(ours) = adapter.and_then(|render| render(Options(&fixture["options"]))) else {
                tally.not_built = true;
                continue;
            };
            let expected = normalise(fixture["html"].as_str().unwrap());
            let actual = normalise(&ours);
            if expected == actual {
                tally.passed += 1;
            } else {
                failures.push(format!(
                    "{component} / {name}\n  options:  {}\n  expected: {expected}\n  actual:   {actual}",
                    fixture["options"]
                ));
            }
        }
    }
    (tallies, failures)
}

/// The whole suite. Set `GOVUK_COMPONENT=<name>` to run one component's fixtures only.
#[test]
fn every_fixture_renders_as_govuk_frontend_does() {
    let only = std::env::var("GOVUK_COMPONENT").ok();
    let (tallies, failures) = run(only.as_deref());

    println!(
        "{:<24} {:>8} {:>8} {:>8}  note",
        "component", "fixtures", "passed", "n/a"
    );
    let (mut all, mut passed, mut not_applicable) = (0, 0, 0);
    for (component, t) in &tallies {
        let note = if t.not_built { "not built yet" } else { "" };
        println!(
            "{component:<24} {:>8} {:>8} {:>8}  {note}",
            t.fixtures, t.passed, t.not_applicable
        );
        all += t.fixtures;
        passed += t.passed;
        not_applicable += t.not_applicable;
    }
    println!("{:<24} {all:>8} {passed:>8} {not_applicable:>8}", "total");
    for (component, fixture, reason) in NOT_APPLICABLE {
        println!("not applicable: {component} / {fixture}: {reason}");
    }

    assert!(
        failures.is_empty(),
        "{} fixtures of built components differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
    if only.is_none() {
        assert!(
            passed >= RECORDED_PASSES,
            "{passed} fixtures passed, fewer than the recorded {RECORDED_PASSES}"
        );
    }
}

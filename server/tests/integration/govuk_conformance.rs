//! Conformance of our GOV.UK components with the installed `govuk-frontend` package: every fixture
//! in `dist/govuk/components/*/fixtures.json` gives a macro's options and the HTML it renders; we
//! render the same options through our component (server-side) and compare the two after
//! normalising whitespace, attribute order and boolean attributes.
//!
//! Components not yet built count as "not built"; fixtures that cannot apply are listed in
//! `NOT_APPLICABLE` with the reason. The test fails if fewer fixtures pass than `RECORDED_PASSES`.
use std::collections::BTreeMap;
use std::path::PathBuf;

use app::govuk::{Attributes, Content, SkipLink, TrustedHtml};
use leptos::prelude::*;
use serde_json::Value;

/// The number of fixtures that passed when this was last raised. Raise it as components land.
const RECORDED_PASSES: usize = 9;

/// Fixtures that cannot apply to a Leptos component, by component and fixture name, with why.
const NOT_APPLICABLE: &[(&str, &str, &str)] = &[];

fn components_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../node_modules/govuk-frontend/dist/govuk/components")
}

/// Renders one fixture's options through our component; `None` while the component is not built.
fn render(component: &str, options: &Value) -> Option<String> {
    let text = |key: &str| options.get(key).and_then(Value::as_str).map(str::to_owned);
    let content = || match (text("html"), text("text")) {
        (Some(html), _) => Content::Html(TrustedHtml::from_trusted(html)),
        (None, Some(text)) => Content::Text(text),
        (None, None) => Content::Text(String::new()),
    };
    let attributes = || {
        let mut attributes = Attributes::new();
        if let Some(map) = options.get("attributes").and_then(Value::as_object) {
            for (name, value) in map {
                let value = match value {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                attributes = attributes.with(name.clone(), value);
            }
        }
        attributes
    };
    let html = match component {
        "skip-link" => to_html(view! {
            <SkipLink
                href=text("href").filter(|h| !h.is_empty()).unwrap_or_else(|| "#content".to_owned())
                content=content()
                classes=text("classes").unwrap_or_default()
                attributes=attributes()
            />
        }),
        _ => return None,
    };
    Some(html)
}

fn to_html(view: impl IntoView + 'static) -> String {
    let owner = Owner::new();
    owner.with(|| view.into_view().to_html())
}

/// A canonical form of an HTML fragment: elements with sorted attributes (class whitespace
/// collapsed), text with whitespace collapsed, whitespace-only text and comments dropped.
fn normalise(html: &str) -> String {
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
                    out.push_str(&collapsed);
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

#[test]
fn every_fixture_renders_as_govuk_frontend_does() {
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
        let fixtures: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("fixtures.json")).unwrap())
                .unwrap();
        let tally = tallies.entry(component.clone()).or_default();
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
            let Some(ours) = render(&component, &fixture["options"]) else {
                tally.not_built = true;
                continue;
            };
            let expected = normalise(fixture["html"].as_str().unwrap());
            let actual = normalise(&ours);
            if expected == actual {
                tally.passed += 1;
            } else {
                failures.push(format!(
                    "{component} / {name}\n  expected: {expected}\n  actual:   {actual}"
                ));
            }
        }
    }

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
        "fixtures of built components that differ:\n{}",
        failures.join("\n")
    );
    assert!(
        passed >= RECORDED_PASSES,
        "{passed} fixtures passed, fewer than the recorded {RECORDED_PASSES}"
    );
}

//! The shape of the code, checked over its source: URLs are written only where paths are declared,
//! and no top-level module of `app` or `server` imports one that imports it back (directly or round
//! a longer circle). Read from the files, so a new page or module is checked as soon as it exists.
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use app::routes::{Serves, ROUTES};
use backends::testing::Backend;

use crate::support::TestApp;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// A file's code without its unit tests: each `#[cfg(test)]` item (a `mod tests { … }`) is blanked
/// out, braces matched (braces inside strings in tests are not expected).
fn code_before_tests(text: &str) -> String {
    let mut code = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("#[cfg(test)]") {
        code.push_str(&rest[..at]);
        let after = &rest[at..];
        let Some(open) = after.find('{') else {
            return code;
        };
        let mut depth = 0;
        let mut end = after.len();
        for (index, c) in after[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = open + index + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        // Keep the line count, so line numbers still point into the file.
        code.extend(std::iter::repeat_n(
            '\n',
            after[..end].matches('\n').count(),
        ));
        rest = &after[end..];
    }
    code.push_str(rest);
    code
}

/// The string literals on a line that look like a path on this service: `"/login"`,
/// `"{public_url}/signup"`, `"/user/{id}"`. Comments are left out.
fn path_literals(line: &str) -> Vec<String> {
    let code = match line.find("//") {
        // `//` inside a string (a URL with a scheme) is not a comment.
        Some(at) if line[..at].matches('"').count().is_multiple_of(2) => &line[..at],
        _ => line,
    };
    code.split('"')
        .skip(1)
        .step_by(2)
        .filter(|literal| {
            let rest = match literal.strip_prefix('{') {
                Some(rest) => rest.split_once('}').map_or("", |(_, rest)| rest),
                None => literal,
            };
            let mut chars = rest.chars();
            chars.next() == Some('/')
                && chars
                    .next()
                    .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        })
        .map(str::to_owned)
        .collect()
}

#[test]
fn no_url_is_written_outside_the_path_declarations() {
    let root = workspace();
    let mut found = Vec::new();
    for dir in ["app/src", "server/src"] {
        for file in rust_files(&root.join(dir)) {
            let name = file
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            // The path declarations themselves; the GOV.UK components' own examples (their
            // fixtures' URLs, not ours).
            if name.ends_with("/paths.rs") || name.starts_with("app/src/govuk/") {
                continue;
            }
            let text = fs::read_to_string(&file).unwrap();
            for (number, line) in code_before_tests(&text).lines().enumerate() {
                // Server functions' prefix must be a literal in the attribute.
                if line.trim_start().starts_with("#[server(") {
                    continue;
                }
                for literal in path_literals(line) {
                    // Static files are files, not routes: their names are the files'.
                    if literal.starts_with("/assets/") {
                        continue;
                    }
                    found.push(format!("{name}:{}: \"{literal}\"", number + 1));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "URLs written outside a paths.rs (use the declared Path instead):\n{}",
        found.join("\n")
    );
}

/// Which of `modules` each top-level module of the crate at `src` imports (`use crate::…`, or a
/// `crate::…` path in its code; `server` files also count `server::…`).
fn imports(src: &Path, crate_name: &str) -> BTreeMap<String, BTreeSet<String>> {
    let modules: BTreeSet<String> = fs::read_dir(src)
        .unwrap()
        .filter_map(|entry| {
            let path = entry.unwrap().path();
            let stem = path.file_stem()?.to_string_lossy().into_owned();
            let is_module = path.is_dir() || path.extension().is_some_and(|e| e == "rs");
            (is_module && !matches!(stem.as_str(), "lib" | "main")).then_some(stem)
        })
        .collect();
    let mut graph = BTreeMap::new();
    for module in &modules {
        let dir = src.join(module);
        let mut files = if dir.is_dir() {
            rust_files(&dir)
        } else {
            Vec::new()
        };
        files.push(src.join(format!("{module}.rs")));
        let mut used = BTreeSet::new();
        for file in files.iter().filter(|f| f.exists()) {
            let text = fs::read_to_string(file).unwrap();
            // Code only: a comment naming a module is not an import.
            let text: String = code_before_tests(&text)
                .lines()
                .filter(|line| !line.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n");
            for prefix in ["crate::", &format!("{crate_name}::")] {
                for (at, _) in text.match_indices(prefix) {
                    let rest = &text[at + prefix.len()..];
                    let target: String = rest
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    // `crate::{a, b}` names several.
                    let targets: Vec<String> = if rest.starts_with('{') {
                        rest[1..rest.find('}').unwrap_or(1)]
                            .split(',')
                            .map(|part| part.trim().split("::").next().unwrap_or("").to_owned())
                            .collect()
                    } else {
                        vec![target]
                    };
                    used.extend(
                        targets
                            .into_iter()
                            .filter(|t| t != module && modules.contains(t)),
                    );
                }
            }
        }
        graph.insert(module.clone(), used);
    }
    graph
}

/// A circle in `graph`, if there is one: the modules round it, the first repeated at the end.
fn circle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut circle = path[at..].to_vec();
            circle.push(node.to_owned());
            return Some(circle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(circle) = visit(next, graph, path, done) {
                return Some(circle);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}

#[test]
fn no_top_level_module_imports_one_that_imports_it_back() {
    for (src, name) in [("app/src", "app"), ("server/src", "server")] {
        let graph = imports(&workspace().join(src), name);
        assert!(graph.len() > 5, "{src}: {graph:?}");
        if let Some(circle) = circle(&graph) {
            panic!("{src}: an import circle: {}", circle.join(" → "));
        }
    }
}

#[test]
fn the_circle_finder_finds_circles() {
    let graph: BTreeMap<String, BTreeSet<String>> = [
        ("a", vec!["b"]),
        ("b", vec!["c"]),
        ("c", vec!["a"]),
        ("d", vec![]),
    ]
    .into_iter()
    .map(|(n, e)| (n.to_owned(), e.into_iter().map(str::to_owned).collect()))
    .collect();
    assert_eq!(circle(&graph).unwrap(), ["a", "b", "c", "a"]);
    let graph: BTreeMap<String, BTreeSet<String>> = [("a", vec!["b"]), ("b", vec![])]
        .into_iter()
        .map(|(n, e)| (n.to_owned(), e.into_iter().map(str::to_owned).collect()))
        .collect();
    assert_eq!(circle(&graph), None);
    assert_eq!(
        path_literals(r#"let a = "/login"; f("{public_url}/signup", "a/b", "//x", "/9");"#),
        ["/login", "{public_url}/signup"]
    );
}

/// Every route of the table is answered by the server: pages render (or send someone signed out
/// to sign in), forms refuse a post without its CSRF token (403, not 404 or 405), and the routes
/// the server answers itself exist. Each route's posts come from an address of its own, so the
/// table can grow past the per-address allowance of form posts.
async fn every_route_in_the_table_is_answered(backend: Backend) {
    let app = TestApp::spawn_with(backend, |config| config.trust_forwarded_for = true).await;
    for (number, route) in ROUTES.iter().enumerate() {
        let address = format!("10.0.{}.{}", number / 250, number % 250 + 1);
        let url = app.url(&route.pattern.replace("{token}", "not-a-token"));
        let response = app.no_redirect.get(&url).send().await.unwrap();
        assert_ne!(response.status(), 404, "GET {}", route.pattern);
        assert!(response.status().as_u16() < 500, "GET {}", route.pattern);
        if let Some(form) = route.form() {
            if form.dev_only {
                continue;
            }
            let response = app
                .no_redirect
                .post(&url)
                .header("x-forwarded-for", &address)
                .send()
                .await
                .unwrap();
            assert_eq!(
                response.status(),
                403,
                "POST {} ({})",
                route.pattern,
                form.form
            );
        }
        if let Serves::Form { shown_on, .. } = route.serves {
            let response = app.no_redirect.get(&url).send().await.unwrap();
            assert_eq!(
                response.headers()["location"],
                shown_on,
                "{}",
                route.pattern
            );
        }
    }
}

backends::on_both_stores!(every_route_in_the_table_is_answered);

/// `backends/` is infrastructure only: each of its modules is one of these. A service's tables,
/// rules and jobs live in the service's module of `app`.
#[test]
fn backends_holds_only_infrastructure() {
    let infrastructure = [
        "addresses",
        "antivirus",
        "broker",
        "clock",
        "fanout",
        "jobs",
        "lib",
        "macros",
        "mail",
        "objects",
        "payments",
        "sessions",
        "sirius",
        "store",
        "testing",
    ];
    for entry in fs::read_dir(workspace().join("backends/src")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        assert!(
            infrastructure.contains(&name.as_str()),
            "backends/src/{name} is not infrastructure: move it to its service in app/"
        );
    }
}

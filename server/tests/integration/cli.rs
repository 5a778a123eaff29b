//! The binary itself: `--help`, `migrate`, and serving on embedded defaults.
use std::process::Command;

const SERVER: &str = env!("CARGO_BIN_EXE_server");

#[test]
fn help_lists_the_subcommands() {
    let output = Command::new(SERVER).arg("--help").output().unwrap();
    assert!(output.status.success());
    let help = String::from_utf8(output.stdout).unwrap();
    for subcommand in [
        "serve",
        "worker",
        "migrate",
        "config",
        "create-admin",
        "feed-token",
        "hawk-client",
    ] {
        assert!(
            help.contains(subcommand),
            "--help should list {subcommand}:\n{help}"
        );
    }
}

#[test]
fn migrate_creates_the_sqlite_database_on_embedded_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(SERVER)
        .arg("migrate")
        .current_dir(dir.path())
        .env_remove("DATABASE_URL")
        .env_remove("APP_DATABASE_URL")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        dir.path().join("data/app.db").exists(),
        "the embedded default is data/app.db"
    );
    // JSON log lines on stderr.
    let stderr = String::from_utf8(output.stderr).unwrap();
    let line = stderr
        .lines()
        .find(|l| l.contains("migrations applied"))
        .expect("a log line");
    let parsed: serde_json::Value = serde_json::from_str(line).expect("JSON log line");
    assert_eq!(parsed["store"], "sqlite");
}

#[test]
fn bad_configuration_is_reported_with_exit_code_2() {
    let output = Command::new(SERVER)
        .arg("migrate")
        .env("APP_ENVIRONMENT", "staging")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("environment"));
}

#[test]
fn config_masks_passwords_and_the_secret_key() {
    let output = Command::new(SERVER)
        .arg("config")
        .env("DATABASE_URL", "postgres://app:hunter2@db.example/app")
        .env("REDIS_URL", "redis://cache:swordfish@redis.example:6379")
        .env("APP_SECRET_KEY", "correct-horse-battery-staple-0123456789")
        .output()
        .unwrap();
    assert!(output.status.success());
    let shown = String::from_utf8(output.stdout).unwrap();
    for secret in ["hunter2", "swordfish", "correct-horse"] {
        assert!(!shown.contains(secret), "{secret} shown in {shown}");
    }
    assert!(
        shown.contains("postgres://app:****@db.example/app"),
        "{shown}"
    );
    assert!(
        shown.contains("redis://cache:****@redis.example:6379"),
        "{shown}"
    );
}

/// Two `server migrate` processes on one fresh database at the same moment, as two instances
/// starting together would: both succeed and the schema is applied once.
async fn two_processes_migrate_one_database_at_once(backend: crate::support::Backend) {
    let database = crate::support::TestDatabase::create(backend).await;
    let dir = tempfile::tempdir().unwrap();
    let spawn = || {
        tokio::process::Command::new(SERVER)
            .arg("migrate")
            .current_dir(dir.path())
            .env("DATABASE_URL", database.url())
            .output()
    };
    let (first, second) = tokio::join!(spawn(), spawn());
    for output in [first.unwrap(), second.unwrap()] {
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let store = backends::store::connect(&database.url()).await.unwrap();
    app::system_message::SystemMessages::new(
        store.as_ref(),
        std::sync::Arc::new(backends::clock::SystemClock),
    )
    .set(Some("schema in place"))
    .await
    .unwrap();
    store.close().await;
}

/// `server create-admin EMAIL` makes an admin whose password is set through the printed link.
async fn create_admin_prints_a_link_that_sets_the_password(backend: crate::support::Backend) {
    use crate::accounts::{sign_in, PASSWORD};

    let database = crate::support::TestDatabase::create(backend).await;
    let url = database.url();
    let output = tokio::process::Command::new(SERVER)
        .args(["create-admin", "Boss@Example.com"])
        .env("DATABASE_URL", &url)
        .env("APP_PUBLIC_URL", "https://service.example")
        .output()
        .await
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let printed = String::from_utf8(output.stdout).unwrap();
    let link = printed
        .split_whitespace()
        .find(|word| word.starts_with("https://service.example/forgot-password/reset/"))
        .unwrap_or_else(|| panic!("no link in {printed}"))
        .trim_start_matches("https://service.example")
        .to_owned();

    let app = crate::support::TestApp::spawn_on(database, crate::support::test_config(url)).await;
    assert_eq!(
        sign_in(&app, "boss@example.com", PASSWORD).await.status(),
        400,
        "no password until the link is used"
    );
    let response = app
        .post_form(
            &link,
            &[("password", PASSWORD), ("password_confirm", PASSWORD)],
        )
        .await;
    assert_eq!(response.status(), 303);
    let response = sign_in(&app, "boss@example.com", PASSWORD).await;
    assert_eq!(response.headers()["location"], "/user/about-you/new");
    crate::accounts::give_name(&app).await;
    app.get_page("/admin/outbox", 200).await;
}

/// `server hawk-client`: `create` prints a key once, `list` shows the client without it, and
/// `revoke` stops its requests being answered by a running app.
async fn hawk_client_create_list_and_revoke(backend: crate::support::Backend) {
    use crate::datastore_hawk::{signed_get, Client, Signing};

    let database = crate::support::TestDatabase::create(backend).await;
    let url = database.url();
    let run = |args: &[&str]| {
        tokio::process::Command::new(SERVER)
            .args(args)
            .env("DATABASE_URL", &url)
            .output()
    };
    let created = run(&[
        "hawk-client",
        "create",
        "--id",
        "dataflow",
        "--scope",
        "list_datasets,get_table_data",
        "--description",
        "Data Flow's pipelines",
    ])
    .await
    .unwrap();
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    let key = String::from_utf8(created.stdout).unwrap().trim().to_owned();
    assert_eq!(key.len(), 43, "32 random bytes in base64url: {key}");
    assert!(String::from_utf8_lossy(&created.stderr).contains("not shown again"));

    let again = run(&["hawk-client", "create", "--id", "dataflow", "--scope", "*"])
        .await
        .unwrap();
    assert!(!again.status.success(), "an id is one client's");
    let bad_scope = run(&[
        "hawk-client",
        "create",
        "--id",
        "x",
        "--scope",
        "everything",
    ])
    .await
    .unwrap();
    assert!(!bad_scope.status.success());
    assert!(String::from_utf8_lossy(&bad_scope.stderr).contains("no scope is named"));

    let listed = run(&["hawk-client", "list"]).await.unwrap();
    assert!(listed.status.success());
    let listed = String::from_utf8(listed.stdout).unwrap();
    assert!(
        listed.starts_with("dataflow\tlist_datasets,get_table_data\tactive\tcreated "),
        "{listed}"
    );
    assert!(
        listed.trim_end().ends_with("Data Flow's pipelines"),
        "{listed}"
    );
    assert!(!listed.contains(&key), "list never shows a key");

    let app =
        crate::support::TestApp::spawn_on(database, crate::support::test_config(url.clone())).await;
    let dataflow = Client {
        id: "dataflow".to_owned(),
        key,
    };
    let (status, _) = signed_get(&app, &dataflow, &Signing::default()).await;
    assert_eq!(status, 200, "signed with the printed key");

    let revoked = run(&["hawk-client", "revoke", "dataflow"]).await.unwrap();
    assert!(revoked.status.success());
    assert!(String::from_utf8_lossy(&revoked.stderr).contains("is revoked"));
    let (status, _) = signed_get(&app, &dataflow, &Signing::default()).await;
    assert_eq!(status, 401, "refused once revoked");
    let listed = run(&["hawk-client", "list"]).await.unwrap();
    assert!(String::from_utf8(listed.stdout)
        .unwrap()
        .starts_with("dataflow\tlist_datasets,get_table_data\trevoked "));
}

backends::on_both_stores!(
    two_processes_migrate_one_database_at_once,
    create_admin_prints_a_link_that_sets_the_password,
    hawk_client_create_list_and_revoke
);

#[test]
fn feed_token_create_prints_a_token_once_and_keeps_only_its_hash() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}/app.db", dir.path().display());
    let run = |args: &[&str]| {
        Command::new(SERVER)
            .args(args)
            .env("DATABASE_URL", &database)
            .output()
            .unwrap()
    };
    let created = run(&["feed-token", "create", "ci-bot"]);
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    let token = String::from_utf8(created.stdout).unwrap().trim().to_owned();
    assert!(token.starts_with("feed_") && token.len() == 48, "{token}");
    assert!(String::from_utf8_lossy(&created.stderr).contains("not shown again"));

    let again = run(&["feed-token", "create", "ci-bot"]);
    assert!(!again.status.success(), "a name has one token");
    let bad_name = run(&["feed-token", "create", "two words"]);
    assert!(!bad_name.status.success());

    let dump = std::process::Command::new("sqlite3")
        .arg(dir.path().join("app.db"))
        .arg("SELECT name, token_hash FROM feed_tokens")
        .output();
    if let Ok(dump) = dump {
        let rows = String::from_utf8_lossy(&dump.stdout).into_owned();
        assert!(!rows.contains(&token), "the token itself is not stored");
    }
    let revoked = run(&["feed-token", "revoke", "ci-bot"]);
    assert!(revoked.status.success());
    assert!(String::from_utf8_lossy(&revoked.stderr).contains("withdrawn"));
}

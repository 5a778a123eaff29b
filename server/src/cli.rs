//! `server --help`: the binary's subcommands.
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::config::Config;

#[derive(Debug, Parser)]
#[command(
    name = "server",
    version,
    about = "Digital public services: web app, APIs and workers"
)]
pub struct Cli {
    /// A TOML configuration file; its values override the defaults, environment variables override it.
    #[arg(long, global = true, env = "APP_CONFIG")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web app and APIs (the default).
    Serve,
    /// Run the job worker and scheduler only (no HTTP), until stopped by SIGTERM or Ctrl-C.
    Worker,
    /// Apply pending database migrations, then exit.
    Migrate,
    /// Print the configuration in effect (secrets masked), then exit.
    Config,
    /// Make EMAIL an admin (creating the account if there is none) and print a one-time link,
    /// valid for 24 hours, to set its password.
    CreateAdmin {
        /// The admin's email address.
        email: String,
    },
    /// Give EMAIL a staff role (creating the account if there is none) and print a one-time
    /// link, valid for 24 hours, to set its password.
    CreateStaff {
        /// What they may do: `datastore` uploads datasets (`/upload`); `admin` everything.
        #[arg(long, value_enum)]
        role: StaffRole,
        /// The staff member's email address.
        email: String,
    },
    /// API tokens that may post to the message feed.
    FeedToken {
        #[command(subcommand)]
        action: FeedTokenAction,
    },
    /// HAWK clients that may call the data store's API.
    HawkClient {
        #[command(subcommand)]
        action: HawkClientAction,
    },
    /// The data store.
    Datastore {
        #[command(subcommand)]
        action: DatastoreAction,
    },
    /// Transfer digital records: the transferring bodies, their series and their members, and
    /// the GraphQL API's service clients.
    Transfer {
        #[command(subcommand)]
        action: TransferAction,
    },
}

#[derive(Debug, Subcommand)]
pub enum TransferAction {
    /// Transferring bodies.
    Body {
        #[command(subcommand)]
        action: TransferBodyAction,
    },
    /// A body's series of records.
    Series {
        #[command(subcommand)]
        action: TransferSeriesAction,
    },
    /// The people who transfer for a body.
    Member {
        #[command(subcommand)]
        action: TransferMemberAction,
    },
    /// Bearer tokens of the GraphQL API's service clients (the checks, the export).
    Token {
        #[command(subcommand)]
        action: TransferTokenAction,
    },
}

#[derive(Debug, Subcommand)]
pub enum TransferTokenAction {
    /// Make a token for the service client NAME and print it (the only time it is shown; only
    /// its hash is kept).
    Create {
        /// Who the token is for: letters, digits and - _ . @
        name: String,
    },
    /// Withdraw the token of NAME: its requests are refused from now on.
    Revoke { name: String },
}

#[derive(Debug, Subcommand)]
pub enum TransferBodyAction {
    /// Add a body: its code (as TDR's tokens carry it) and its name.
    Add {
        #[arg(long)]
        code: String,
        name: String,
    },
    /// List the bodies and their series.
    List,
}

#[derive(Debug, Subcommand)]
pub enum TransferSeriesAction {
    /// Add a series to the body with the code BODY.
    Add {
        #[arg(long)]
        body: String,
        #[arg(long)]
        code: String,
        name: String,
        #[arg(long, default_value = "")]
        description: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum TransferMemberAction {
    /// Make EMAIL a member of the body with the code BODY (creating the account if there is
    /// none, giving it the `transfer` role) and print a one-time link, valid for 24 hours, to
    /// set its password.
    Add {
        #[arg(long)]
        body: String,
        email: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum DatastoreAction {
    /// Pull the configured external sources now, or only SOURCE: fetch each one's newest file
    /// when it is due, and print how each pull ended. Fails if any pull failed.
    Pull {
        /// A configured source's id, organisation.dataset.
        source: Option<String>,
    },
}

/// The roles `create-staff` gives.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum StaffRole {
    Admin,
    Datastore,
}

impl From<StaffRole> for app::account::server::Role {
    fn from(role: StaffRole) -> Self {
        match role {
            StaffRole::Admin => Self::Admin,
            StaffRole::Datastore => Self::DataStore,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum FeedTokenAction {
    /// Make a token for NAME and print it (the only time it is shown; only its hash is kept).
    Create {
        /// Who the token is for: letters, digits and - _ . @
        name: String,
    },
    /// Withdraw the token of NAME.
    Revoke { name: String },
}

#[derive(Debug, Subcommand)]
pub enum HawkClientAction {
    /// Make a client and print its key (the only time it is shown).
    Create {
        /// The client's id, sent in its requests: letters, digits and - _ . @
        #[arg(long)]
        id: String,
        /// The endpoints it may call, comma-separated (list_datasets, get_table_structure,
        /// get_table_data), or * for all.
        #[arg(long, value_delimiter = ',', required = true)]
        scope: Vec<String>,
        /// Who or what the client is.
        #[arg(long, default_value = "")]
        description: String,
    },
    /// List every client (not their keys), revoked ones too.
    List,
    /// Stop the client ID's requests from being accepted.
    Revoke { id: String },
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let config = match Config::load(cli.config.as_deref()) {
        Ok(config) => config,
        Err(error) => {
            eprintln!("configuration error: {error}");
            return ExitCode::from(2);
        }
    };
    crate::telemetry::init_logging(config.log_format);
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async move {
        match cli.command.unwrap_or(Command::Serve) {
            Command::Serve => serve(config).await,
            Command::Worker => worker(config).await,
            Command::Migrate => migrate(config).await,
            Command::Config => {
                println!("{}", masked(&config));
                Ok(())
            }
            Command::CreateAdmin { email } => create_staff(config, &email, StaffRole::Admin).await,
            Command::CreateStaff { role, email } => create_staff(config, &email, role).await,
            Command::FeedToken { action } => feed_token(config, action).await,
            Command::HawkClient { action } => hawk_client(config, action).await,
            Command::Datastore {
                action: DatastoreAction::Pull { source },
            } => datastore_pull(config, source.as_deref()).await,
            Command::Transfer { action } => transfer(config, action).await,
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(error = format!("{error:#}"), "exiting after an error");
            ExitCode::FAILURE
        }
    }
}

async fn serve(config: Config) -> anyhow::Result<()> {
    let addr = config.addr;
    let state = crate::app::build_state(config).await?;
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let url = format!("http://{}", listener.local_addr()?);
    tracing::info!(%url, store = state.backends.store.kind().as_str(), "listening");
    // Also on stdout for the person who ran it: where to point the browser.
    println!("Serving on {url}");
    crate::app::serve(listener, state, crate::app::shutdown_signal()).await
}

async fn worker(config: Config) -> anyhow::Result<()> {
    let state = crate::app::build_state(config).await?;
    tracing::info!(
        store = state.backends.store.kind().as_str(),
        "job worker running"
    );
    // A line for whoever started it (and for tests waiting on it).
    println!("Worker running");
    crate::app::work(state, crate::app::shutdown_signal()).await
}

async fn migrate(config: Config) -> anyhow::Result<()> {
    // Building the state applies migrations; nothing is served.
    let state = crate::app::build_state(config).await?;
    tracing::info!(
        store = state.backends.store.kind().as_str(),
        "migrations applied"
    );
    state.backends.store.close().await;
    Ok(())
}

async fn create_staff(config: Config, email: &str, role: StaffRole) -> anyhow::Result<()> {
    let public_url = config.public_url();
    let state = crate::app::build_state(config).await?;
    let (email, _, link) = staff_account(&state, email, role.into(), &public_url).await?;
    println!(
        "{email} is {}. Set its password within 24 hours at:\n{link}",
        match role {
            StaffRole::Admin => "an admin",
            StaffRole::Datastore => "data store staff",
        },
    );
    state.backends.store.close().await;
    Ok(())
}

/// Gives EMAIL the role (creating the account if there is none) and returns its address as
/// written, its id, and a one-time link, valid for 24 hours, to set its password.
async fn staff_account(
    state: &crate::state::AppState,
    email: &str,
    role: app::account::server::Role,
    public_url: &str,
) -> anyhow::Result<(String, String, String)> {
    use app::account::server::{hash_password, AccountError, TokenPurpose, LINK_LIFETIME};

    let email = app::account::rules::EmailAddress::parse(email)
        .map_err(|problem| anyhow::anyhow!("{}", problem.message()))?;
    let accounts = &app::account::server::Accounts::of(&state.backends);
    // A new account gets a random password nobody knows; the link sets the real one.
    let unusable = hash_password(&app::csrf::new_token()).await?;
    let user_id = match accounts.create_user(email.as_str(), &unusable, role).await {
        Ok(user_id) => user_id,
        Err(AccountError::EmailTaken) => {
            let user = accounts
                .find_by_email(email.as_str())
                .await?
                .ok_or_else(|| anyhow::anyhow!("the account disappeared"))?;
            accounts.set_role(&user.id, role).await?;
            user.id
        }
        Err(error) => return Err(error.into()),
    };
    // Whoever runs this command controls the address, so it counts as confirmed.
    accounts.confirm_email(&user_id).await?;
    let token = accounts
        .issue_token(&user_id, TokenPurpose::ResetPassword, LINK_LIFETIME, None)
        .await?;
    let link = app::account::paths::RESET_PASSWORD
        .to(token)
        .absolute(public_url)
        .to_string();
    Ok((email.as_str().to_owned(), user_id.to_string(), link))
}

async fn transfer(config: Config, action: TransferAction) -> anyhow::Result<()> {
    use app::transfer::server::Transfers;

    if let TransferAction::Token { action } = action {
        return transfer_token(config, action).await;
    }

    let public_url = config.public_url();
    let state = crate::app::build_state(config).await?;
    let transfers = Transfers::of(&state.backends);
    let outcome: anyhow::Result<()> = async {
        match action {
            TransferAction::Body {
                action: TransferBodyAction::Add { code, name },
            } => {
                let body = transfers.add_body(&name, &code).await?;
                println!("Added the body {} ({}), id {}", body.name, body.tdr_code, body.id);
            }
            TransferAction::Body {
                action: TransferBodyAction::List,
            } => {
                for body in transfers.bodies().await? {
                    println!("{}\t{}", body.tdr_code, body.name);
                    for series in transfers.series_of_body(&body.id).await? {
                        println!("  {}\t{}", series.code, series.name);
                    }
                }
            }
            TransferAction::Series {
                action:
                    TransferSeriesAction::Add {
                        body,
                        code,
                        name,
                        description,
                    },
            } => {
                let series = transfers
                    .add_series(&body, &code, &name, &description)
                    .await
                    .map_err(|error| match error {
                        app::transfer::server::TransferError::NotFound => {
                            anyhow::anyhow!("there is no body with the code {body}")
                        }
                        other => other.into(),
                    })?;
                println!("Added the series {} ({}) to {body}", series.name, series.code);
            }
            TransferAction::Member {
                action: TransferMemberAction::Add { body, email },
            } => {
                let Some(found) = transfers.body_by_code(&body).await? else {
                    anyhow::bail!("there is no body with the code {body}");
                };
                let (email, user_id, link) = staff_account(
                    &state,
                    &email,
                    app::account::server::Role::Transfer,
                    &public_url,
                )
                .await?;
                transfers.add_member(&user_id, &found.tdr_code).await?;
                println!(
                    "{email} transfers records for {}. Set its password within 24 hours at:\n{link}",
                    found.name
                );
            }
            TransferAction::Token { .. } => unreachable!("answered before the state is built"),
        }
        Ok(())
    }
    .await;
    state.backends.store.close().await;
    outcome
}

async fn transfer_token(config: Config, action: TransferTokenAction) -> anyhow::Result<()> {
    use app::transfer::server::{ClientName, ServiceTokens};

    let name = match &action {
        TransferTokenAction::Create { name } | TransferTokenAction::Revoke { name } => {
            ClientName::new(name).map_err(|problem| anyhow::anyhow!(problem))?
        }
    };
    // The store alone: a token needs no broker, sessions or objects.
    let store = backends::store::connect(&config.database_url).await?;
    store.migrate().await?;
    let tokens = ServiceTokens::new(
        store.as_ref(),
        std::sync::Arc::new(backends::clock::SystemClock),
    );
    let outcome = match action {
        TransferTokenAction::Create { .. } => tokens.create(&name).await.map(|token| {
            println!("{token}");
            eprintln!(
                "Keep this token for {name}: it is not shown again. Send it to {} as \
                 Authorization: Bearer <token>.",
                app::transfer::paths::GRAPHQL.pattern()
            );
        }),
        TransferTokenAction::Revoke { .. } => tokens.revoke(&name).await.map(|found| {
            if found {
                eprintln!(
                    "The token of {name} is withdrawn: its requests are refused from now on."
                );
            } else {
                eprintln!("There is no token named {name}.");
            }
        }),
    };
    store.close().await;
    Ok(outcome?)
}

async fn feed_token(config: Config, action: FeedTokenAction) -> anyhow::Result<()> {
    use app::feed::server::{FeedTokens, TokenName};

    let name = match &action {
        FeedTokenAction::Create { name } | FeedTokenAction::Revoke { name } => {
            TokenName::new(name).map_err(|problem| anyhow::anyhow!(problem))?
        }
    };
    // The store alone: a token needs no broker, sessions or objects.
    let store = backends::store::connect(&config.database_url).await?;
    store.migrate().await?;
    let tokens = FeedTokens::new(
        store.as_ref(),
        std::sync::Arc::new(backends::clock::SystemClock),
    );
    let outcome = match action {
        FeedTokenAction::Create { .. } => tokens.create(&name).await.map(|token| {
            println!("{token}");
            eprintln!("Keep this token for {name}: it is not shown again. Send it as Authorization: Bearer <token>.");
        }),
        FeedTokenAction::Revoke { .. } => tokens.revoke(&name).await.map(|found| {
            if found {
                eprintln!("The token of {name} is withdrawn.");
            } else {
                eprintln!("There is no token named {name}.");
            }
        }),
    };
    store.close().await;
    Ok(outcome?)
}

async fn hawk_client(config: Config, action: HawkClientAction) -> anyhow::Result<()> {
    use app::datastore::server::hawk::{ClientId, HawkClients, Scope};

    // The store alone: clients need nothing else.
    let store = backends::store::connect(&config.database_url).await?;
    store.migrate().await?;
    let clients = HawkClients::new(
        store.as_ref(),
        std::sync::Arc::new(backends::clock::SystemClock),
    );
    let outcome = async {
        match action {
            HawkClientAction::Create {
                id,
                scope,
                description,
            } => {
                let id = ClientId::new(&id)?;
                let scopes = scope
                    .iter()
                    .map(|name| Scope::parse(name))
                    .collect::<Result<Vec<_>, _>>()?;
                let key = clients.create(&id, &scopes, &description).await?;
                println!("{key}");
                eprintln!(
                    "Keep this key for {id}: it is not shown again. Sign its requests with HAWK \
                     (SHA-256), id {id} and this key."
                );
            }
            HawkClientAction::List => {
                for client in clients.list().await? {
                    let state = match client.revoked_at {
                        Some(at) => format!("revoked {}", at.format("%Y-%m-%d %H:%M")),
                        None => "active".to_owned(),
                    };
                    println!(
                        "{}\t{}\t{}\tcreated {}\t{}",
                        client.id,
                        client.scopes.join(","),
                        state,
                        client.created_at.format("%Y-%m-%d %H:%M"),
                        client.description
                    );
                }
            }
            HawkClientAction::Revoke { id } => {
                let id = ClientId::new(&id)?;
                if clients.revoke(&id).await? {
                    eprintln!("{id} is revoked: its requests are refused from now on.");
                } else {
                    eprintln!("There is no active client {id}.");
                }
            }
        }
        Ok::<(), app::datastore::server::hawk::HawkError>(())
    }
    .await;
    store.close().await;
    Ok(outcome?)
}

async fn datastore_pull(config: Config, only: Option<&str>) -> anyhow::Result<()> {
    use app::datastore::server::pull::Puller;
    use app::datastore::server::PullOutcome;

    let sources = config.datastore_sources.clone();
    if let Some(id) = only {
        if sources.find(id).is_none() {
            let configured: Vec<String> = sources.iter().map(|s| s.id().to_string()).collect();
            anyhow::bail!(
                "no datastore source {id:?} is configured (configured: {})",
                if configured.is_empty() {
                    "none".to_owned()
                } else {
                    configured.join(", ")
                }
            );
        }
    }
    if sources.is_empty() {
        println!("No datastore sources are configured.");
        return Ok(());
    }
    let state = crate::app::build_state(config).await?;
    let puller = Puller::new(&state.backends, sources)?;
    let pulled = match only.and_then(|id| puller.sources().find(id)) {
        Some(source) => vec![(source.id().clone(), puller.pull(source).await)],
        None => puller.pull_all().await,
    };
    let mut failed = 0;
    for (id, pull) in &pulled {
        match pull {
            Ok(record) => {
                println!("{record}");
                failed += usize::from(record.outcome == PullOutcome::Failed);
            }
            Err(error) => {
                println!("{id}: {error}");
                failed += 1;
            }
        }
    }
    state.backends.store.close().await;
    if failed > 0 {
        anyhow::bail!("{failed} of {} datastore pulls failed", pulled.len());
    }
    Ok(())
}

/// The configuration as JSON with secrets masked: passwords in URLs and the secret key.
fn masked(config: &Config) -> String {
    let mut shown = config.clone();
    shown.database_url = mask_password(&shown.database_url);
    shown.redis_url = shown.redis_url.as_deref().map(mask_password);
    shown.smtp_url = shown.smtp_url.as_deref().map(mask_password);
    shown.amqp_url = shown.amqp_url.as_deref().map(mask_password);
    shown.secret_key = shown.secret_key.map(|_| "****".to_owned());
    serde_json::to_string_pretty(&shown).unwrap_or_default()
}

fn mask_password(url: &str) -> String {
    if let Some((scheme, rest)) = url.split_once("://") {
        if let Some((credentials, host)) = rest.split_once('@') {
            if let Some((user, _password)) = credentials.split_once(':') {
                return format!("{scheme}://{user}:****@{host}");
            }
        }
    }
    url.to_owned()
}

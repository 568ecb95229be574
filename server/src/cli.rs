//! The command line: `serve` (the default), `migrate`, `seed-demo`, and `db` for the embedded
//! cluster. Configuration comes from flags or the environment (see README "Configuration").

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use app::services::Services;
use chrono::Utc;
use clap::{Args, Parser, Subcommand};
use tracing_subscriber::EnvFilter;

use crate::auth::FixedPrincipal;
use crate::db::Db;
use crate::db::cluster::Cluster;
use crate::db::connect::{
    DbConfig, DbTarget, EMBEDDED_DATABASE, create_database_if_missing, migrate,
};
use crate::seed::{self, SeedOutcome};
use crate::usage::{Clock, PgUsageService};

#[derive(Parser, Debug)]
#[command(
    name = "server",
    version,
    about = "Service Credits: usage visibility for prepaid service credits"
)]
struct Cli {
    #[command(flatten)]
    db: DbArgs,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Args, Debug)]
struct DbArgs {
    /// PostgreSQL URL of the database owner. Without it, a private cluster under --data-dir is used.
    #[arg(long, env = "DATABASE_URL", global = true, hide_env_values = true)]
    database_url: Option<String>,
    /// URL the web server connects with (as the runtime role). Default: DATABASE_URL's address
    /// with user service_credits_app and password SC_APP_DB_PASSWORD.
    #[arg(long, env = "APP_DATABASE_URL", global = true, hide_env_values = true)]
    app_database_url: Option<String>,
    /// Password given to (and used for) the runtime role.
    #[arg(
        long,
        env = "SC_APP_DB_PASSWORD",
        global = true,
        hide_env_values = true
    )]
    app_db_password: Option<String>,
    /// Where the private PostgreSQL cluster lives when DATABASE_URL is not set.
    #[arg(long, env = "SC_DATA_DIR", default_value = ".data", global = true)]
    data_dir: PathBuf,
}

impl From<DbArgs> for DbConfig {
    fn from(a: DbArgs) -> Self {
        DbConfig {
            database_url: a.database_url.filter(|u| !u.is_empty()),
            app_database_url: a.app_database_url.filter(|u| !u.is_empty()),
            app_db_password: a.app_db_password.filter(|p| !p.is_empty()),
            data_dir: a.data_dir,
        }
    }
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run the web server (the default). Without DATABASE_URL it starts the private cluster,
    /// migrates it and seeds the demo data into an empty database.
    Serve,
    /// Apply database migrations as the owner and set up the runtime role.
    Migrate,
    /// Insert the demo data (does nothing when it is already there).
    SeedDemo,
    /// Manage the private PostgreSQL cluster.
    Db {
        #[command(subcommand)]
        action: DbAction,
    },
}

#[derive(Subcommand, Debug)]
enum DbAction {
    /// Start the cluster (or reuse it) and print the owner's DATABASE_URL.
    Start,
    /// Stop the cluster.
    Stop,
    /// Print the owner's DATABASE_URL for a database of the cluster.
    Url {
        #[arg(default_value = EMBEDDED_DATABASE)]
        database: String,
    },
}

pub async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let config = DbConfig::from(cli.db);
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(&config).await,
        Command::Migrate => run_migrate(&config).await,
        Command::SeedDemo => run_seed(&config).await,
        Command::Db { action } => run_db(&config, action).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run_migrate(config: &DbConfig) -> anyhow::Result<()> {
    let target = DbTarget::resolve(config).await?;
    if target.cluster.is_none() {
        // A database that does not exist yet is created, when the owner may (through the
        // maintenance database `postgres`); otherwise connecting below says what is wrong.
        if let Some(name) = target.owner.get_database() {
            let maintenance = target.owner.clone().database("postgres");
            if let Err(err) = create_database_if_missing(&maintenance, name).await {
                tracing::debug!(error = %err, "could not check or create the database");
            }
        }
    }
    let owner = target.owner_pool().await?;
    migrate(&owner, config).await?;
    println!("migrations applied");
    Ok(())
}

async fn run_seed(config: &DbConfig) -> anyhow::Result<()> {
    let target = DbTarget::resolve(config).await?;
    let owner = target.owner_pool().await?;
    match seed::seed_demo(&owner, Utc::now()).await? {
        SeedOutcome::Created { work_logs, grants } => {
            println!("demo data created: {work_logs} work logs, {grants} credit grants")
        }
        SeedOutcome::AlreadyPresent => println!("demo data already present: nothing changed"),
    }
    Ok(())
}

async fn run_db(config: &DbConfig, action: DbAction) -> anyhow::Result<()> {
    let cluster = Cluster::locate(&config.data_dir)?;
    match action {
        DbAction::Start => {
            cluster.ensure_running().await?;
            println!("{}", cluster.url("postgres"));
        }
        DbAction::Stop => {
            let stopped = cluster.stop().await?;
            println!("{}", if stopped { "stopped" } else { "not running" });
        }
        DbAction::Url { database } => println!("{}", cluster.url(&database)),
    }
    Ok(())
}

async fn serve(config: &DbConfig) -> anyhow::Result<()> {
    let target = DbTarget::resolve(config).await?;
    if target.cluster.is_some() {
        // Our own cluster: keep it migrated, and give an empty database the demo data.
        let owner = target.owner_pool().await?;
        migrate(&owner, config).await?;
        let empty: bool = sqlx::query_scalar("SELECT NOT EXISTS (SELECT 1 FROM service_providers)")
            .fetch_one(&owner)
            .await?;
        if empty
            && let SeedOutcome::Created { work_logs, grants } =
                seed::seed_demo(&owner, Utc::now()).await?
        {
            tracing::info!(work_logs, grants, "demo data created");
        }
        owner.close().await;
    }
    let db = Db::new(target.runtime_pool(16).await?);
    let services = Services {
        usage: Arc::new(PgUsageService::new(db.clone(), Clock::System)),
        auth: Arc::new(FixedPrincipal::new(seed::demo_customer_user_id())),
    };
    let options = crate::http::leptos_options()?;
    let addr = options.site_addr;
    let app = crate::http::router(options, services);
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| {
        anyhow::anyhow!(
            "cannot listen on {addr}: {e} (set LEPTOS_SITE_ADDR to use another address)"
        )
    })?;
    println!("Service Credits is running at http://{addr}/");
    println!("  Acme Inc credits: http://{addr}/dashboard/org/acme/credits");
    println!("  Demo logins (password `{}`):", seed::DEMO_PASSWORD);
    for (email, name, side, tenant) in seed::USERS {
        let side = if side == "org" {
            "customer"
        } else {
            "provider"
        };
        println!("    {email:<26} {name} ({side}, {tenant})");
    }
    if let Some(cluster) = &target.cluster {
        println!(
            "  PostgreSQL: {} (keeps running; `server db stop` stops it)",
            cluster.url(EMBEDDED_DATABASE)
        );
    }
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}

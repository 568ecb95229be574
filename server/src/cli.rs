//! The command line: `serve` (the default), `migrate`, `seed-demo`, and `db` for the embedded
//! cluster. Configuration comes from flags or the environment (see README "Configuration").

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use app::services::Services;
use chrono::Utc;
use clap::{Args, Parser, Subcommand};
use tracing_subscriber::EnvFilter;

use std::net::SocketAddr;

use tower_sessions::ExpiredDeletion;
use tower_sessions_sqlx_store::PostgresStore;

use crate::accounts::PgAccountService;
use crate::admin;
use crate::auth::throttle::Limits;
use crate::auth::{SessionAuthenticator, SignInService};
use crate::db::Db;
use crate::db::cluster::Cluster;
use crate::db::connect::{
    DbConfig, DbTarget, EMBEDDED_DATABASE, create_database_if_missing, migrate,
};
use crate::http::{AppState, CookiePolicy};
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
    /// Mark session cookies `Secure`: set this when users reach the site over https.
    #[arg(long, env = "SC_SECURE_COOKIES", global = true)]
    secure_cookies: bool,
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
    /// Manage users and memberships.
    Admin {
        #[command(subcommand)]
        action: AdminAction,
    },
}

#[derive(Subcommand, Debug)]
enum AdminAction {
    /// Users: add one, or reset a password.
    User {
        #[command(subcommand)]
        action: UserAction,
    },
    /// Memberships of organizations (customer side) and providers (staff).
    Member {
        #[command(subcommand)]
        action: MemberAction,
    },
}

#[derive(Subcommand, Debug)]
enum UserAction {
    /// Add a user. The password is read from stdin (or a hidden prompt on a terminal).
    Add {
        #[arg(long)]
        email: String,
        /// Display name.
        #[arg(long)]
        name: String,
    },
    /// Set a new password (read like `add`) and end the user's sessions.
    ResetPassword {
        #[arg(long)]
        email: String,
    },
}

#[derive(Args, Debug)]
#[group(required = true, multiple = false)]
struct TenantArgs {
    /// An organization's slug (customer membership).
    #[arg(long)]
    org: Option<String>,
    /// A provider's slug (staff membership).
    #[arg(long)]
    provider: Option<String>,
}

impl TenantArgs {
    fn tenant(&self) -> admin::Tenant {
        match (&self.org, &self.provider) {
            (Some(org), _) => admin::Tenant::Org(org.clone()),
            (None, Some(provider)) => admin::Tenant::Provider(provider.clone()),
            (None, None) => unreachable!("clap requires one of --org and --provider"),
        }
    }
}

#[derive(Subcommand, Debug)]
enum MemberAction {
    /// Add a user to an organization or provider (or change their role there).
    Add {
        #[arg(long)]
        email: String,
        #[command(flatten)]
        tenant: TenantArgs,
        /// owner, admin or member.
        #[arg(long, default_value = "member")]
        role: String,
    },
    /// Remove a user from an organization or provider.
    Remove {
        #[arg(long)]
        email: String,
        #[command(flatten)]
        tenant: TenantArgs,
    },
}

#[derive(Subcommand, Debug)]
enum DbAction {
    /// Start the cluster (or reuse it) and print the owner's DATABASE_URL.
    Start {
        /// Throw away the existing cluster first (its data is deleted).
        #[arg(long)]
        fresh: bool,
    },
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
        Command::Serve => serve(&config, cli.secure_cookies).await,
        Command::Migrate => run_migrate(&config).await,
        Command::SeedDemo => run_seed(&config).await,
        Command::Db { action } => run_db(&config, action).await,
        Command::Admin { action } => run_admin(&config, action).await,
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

async fn run_admin(config: &DbConfig, action: AdminAction) -> anyhow::Result<()> {
    // Read the password before connecting, so a bad one fails fast.
    let password = match &action {
        AdminAction::User { .. } => Some(admin::read_new_password()?),
        AdminAction::Member { .. } => None,
    };
    let target = DbTarget::resolve(config).await?;
    let owner = target.owner_pool().await?;
    match action {
        AdminAction::User {
            action: UserAction::Add { email, name },
        } => {
            let id = admin::add_user(&owner, &email, &name, password.unwrap_or_default()).await?;
            println!("added user {email} ({id})");
        }
        AdminAction::User {
            action: UserAction::ResetPassword { email },
        } => {
            let ended = admin::reset_password(&owner, &email, password.unwrap_or_default()).await?;
            println!("password of {email} reset; {ended} session(s) ended");
        }
        AdminAction::Member {
            action:
                MemberAction::Add {
                    email,
                    tenant,
                    role,
                },
        } => {
            admin::add_member(&owner, &email, &tenant.tenant(), &role).await?;
            println!("{email} is now {role} of {:?}", tenant.tenant());
        }
        AdminAction::Member {
            action: MemberAction::Remove { email, tenant },
        } => {
            let removed = admin::remove_member(&owner, &email, &tenant.tenant()).await?;
            println!(
                "{}",
                if removed {
                    "membership removed"
                } else {
                    "no such membership"
                }
            );
        }
    }
    Ok(())
}

async fn run_db(config: &DbConfig, action: DbAction) -> anyhow::Result<()> {
    let cluster = Cluster::locate(&config.data_dir)?;
    match action {
        DbAction::Start { fresh } => {
            if fresh {
                cluster.destroy().await?;
            }
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

async fn serve(config: &DbConfig, secure_cookies: bool) -> anyhow::Result<()> {
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
    let pool = target.runtime_pool(16).await?;
    let db = Db::new(pool.clone());
    let sign_in = Arc::new(SignInService::new(db.clone(), Limits::default())?);
    let usage = PgUsageService::new(db.clone(), Clock::System);
    let state = AppState {
        leptos_options: crate::http::leptos_options()?,
        exports: usage.clone(),
        services: Services {
            usage: Arc::new(usage),
            accounts: Arc::new(PgAccountService::new(db.clone())),
            auth: Arc::new(SessionAuthenticator),
        },
        sign_in: sign_in.clone(),
    };
    let store = PostgresStore::new(pool);
    // Housekeeping: expired sessions and refilled throttle buckets.
    tokio::spawn(
        store
            .clone()
            .continuously_delete_expired(tokio::time::Duration::from_secs(300)),
    );
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
        loop {
            tick.tick().await;
            sign_in.prune_throttle();
        }
    });
    let addr = state.leptos_options.site_addr;
    let app = crate::http::router(
        state,
        store,
        CookiePolicy {
            secure: secure_cookies,
        },
    );
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| {
        anyhow::anyhow!(
            "cannot listen on {addr}: {e} (set LEPTOS_SITE_ADDR to use another address)"
        )
    })?;
    println!("Service Credits is running at http://{addr}/");
    println!("  Sign in at http://{addr}/login");
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
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    Ok(())
}

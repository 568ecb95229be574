//! Where the database is and how to reach it, as the owner (migrations, seed, admin) and as the
//! runtime role (the web server).
//!
//! - `DATABASE_URL` set: that server, as given (the owner). The runtime role connects with
//!   `APP_DATABASE_URL` if set, otherwise with the same address as `service_credits_app` and the
//!   password in `SC_APP_DB_PASSWORD` (if any).
//! - not set: the private cluster under the data directory (see [`super::cluster`]), reached
//!   over its Unix socket, database `service_credits`.

use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{Connection, PgConnection, PgPool};

use super::RUNTIME_ROLE;
use super::cluster::Cluster;

pub const EMBEDDED_DATABASE: &str = "service_credits";

#[derive(Debug, Clone, Default)]
pub struct DbConfig {
    pub database_url: Option<String>,
    pub app_database_url: Option<String>,
    pub app_db_password: Option<String>,
    pub data_dir: PathBuf,
}

/// A database we can reach, with both identities.
#[derive(Debug, Clone)]
pub struct DbTarget {
    pub owner: PgConnectOptions,
    pub runtime: PgConnectOptions,
    /// Set when we run our own cluster.
    pub cluster: Option<Cluster>,
    /// True when the embedded database did not exist before this call.
    pub created: bool,
}

impl DbTarget {
    /// Resolves the configuration; for the embedded cluster this starts it (or reuses it) and
    /// creates the database if needed.
    pub async fn resolve(config: &DbConfig) -> anyhow::Result<Self> {
        match &config.database_url {
            Some(url) => {
                let owner = PgConnectOptions::from_str(url)
                    .context("DATABASE_URL is not a valid PostgreSQL URL")?;
                let runtime = runtime_options(&owner, config)?;
                Ok(DbTarget {
                    owner,
                    runtime,
                    cluster: None,
                    created: false,
                })
            }
            None => {
                let cluster = Cluster::locate(&config.data_dir)?;
                cluster.ensure_running().await?;
                let created = create_database_if_missing(
                    &cluster.owner_options("postgres"),
                    EMBEDDED_DATABASE,
                )
                .await?;
                let owner = cluster.owner_options(EMBEDDED_DATABASE);
                let runtime = runtime_options(&owner, config)?;
                Ok(DbTarget {
                    owner,
                    runtime,
                    cluster: Some(cluster),
                    created,
                })
            }
        }
    }

    pub async fn owner_pool(&self) -> anyhow::Result<PgPool> {
        PgPoolOptions::new()
            .max_connections(2)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(self.owner.clone())
            .await
            .context("could not connect to PostgreSQL as the owner")
    }

    pub async fn runtime_pool(&self, max_connections: u32) -> anyhow::Result<PgPool> {
        runtime_pool(self.runtime.clone(), max_connections).await
    }
}

pub async fn runtime_pool(
    options: PgConnectOptions,
    max_connections: u32,
) -> anyhow::Result<PgPool> {
    PgPoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(Duration::from_secs(5))
        .connect_with(options)
        .await
        .with_context(|| {
            format!("could not connect to PostgreSQL as {RUNTIME_ROLE} (has `server migrate` run?)")
        })
}

/// The runtime identity at the owner's address. Built afresh so the owner's password is never
/// reused for the runtime role.
pub fn runtime_options(
    owner: &PgConnectOptions,
    config: &DbConfig,
) -> anyhow::Result<PgConnectOptions> {
    if let Some(url) = &config.app_database_url {
        return PgConnectOptions::from_str(url)
            .context("APP_DATABASE_URL is not a valid PostgreSQL URL");
    }
    let mut options = PgConnectOptions::new_without_pgpass()
        .host(owner.get_host())
        .port(owner.get_port())
        .username(RUNTIME_ROLE)
        .ssl_mode(owner.get_ssl_mode())
        .application_name("service-credits");
    if let Some(socket) = owner.get_socket() {
        options = options.socket(socket);
    }
    if let Some(database) = owner.get_database() {
        options = options.database(database);
    }
    if let Some(password) = &config.app_db_password {
        options = options.password(password);
    }
    Ok(options)
}

/// Creates `database` through the maintenance connection `admin`; true if it was created.
pub async fn create_database_if_missing(
    admin: &PgConnectOptions,
    database: &str,
) -> anyhow::Result<bool> {
    let mut conn = PgConnection::connect_with(admin)
        .await
        .context("could not connect to PostgreSQL")?;
    let exists: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
            .bind(database)
            .fetch_one(&mut conn)
            .await?;
    if !exists {
        // Identifiers cannot be bound; `database` is ours, quote it anyway.
        let quoted = format!("\"{}\"", database.replace('"', "\"\""));
        sqlx::query(&format!("CREATE DATABASE {quoted}"))
            .execute(&mut conn)
            .await?;
    }
    conn.close().await.ok();
    Ok(!exists)
}

/// Applies migrations as the owner, then gives the runtime role its password if one is set.
pub async fn migrate(owner: &PgPool, config: &DbConfig) -> anyhow::Result<()> {
    super::MIGRATOR
        .run(owner)
        .await
        .context("migrations failed")?;
    if let Some(password) = &config.app_db_password {
        // ALTER ROLE takes no bind parameters; quote the literal.
        let literal = format!("'{}'", password.replace('\'', "''"));
        sqlx::query(&format!("ALTER ROLE {RUNTIME_ROLE} PASSWORD {literal}"))
            .execute(owner)
            .await
            .context("could not set the runtime role's password")?;
    }
    Ok(())
}

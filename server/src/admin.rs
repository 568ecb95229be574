//! User administration from the command line (`server admin …`), run as the database owner.
//! Passwords are read from standard input (or a hidden prompt), never from arguments, which
//! would leave them in shell history and process lists.

use std::io::{BufRead, IsTerminal};

use anyhow::{Context, bail};
use sqlx::PgPool;
use uuid::Uuid;

use crate::auth::password::{check_new_password, hash_password};

/// Reads a new password: a hidden prompt (asked twice) on a terminal, else the first line of stdin.
pub fn read_new_password() -> anyhow::Result<String> {
    let password = if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("New password: ")?;
        let again = rpassword::prompt_password("Repeat it: ")?;
        if first != again {
            bail!("the two passwords differ");
        }
        first
    } else {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("could not read the password from stdin")?;
        line.trim_end_matches(['\r', '\n']).to_owned()
    };
    check_new_password(&password).map_err(|e| anyhow::anyhow!(e))?;
    Ok(password)
}

pub async fn add_user(
    owner: &PgPool,
    email: &str,
    name: &str,
    password: String,
) -> anyhow::Result<Uuid> {
    let email = email.trim();
    if !email.contains('@') || email.len() > 320 {
        bail!("`{email}` is not an email address");
    }
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        bail!("the display name must have 1 to 200 characters");
    }
    let hash = hash_password(password).await?;
    let id: Option<Uuid> = sqlx::query_scalar(
        "INSERT INTO users (email, password_hash, display_name) VALUES ($1, $2, $3)
         ON CONFLICT ((lower(email))) DO NOTHING RETURNING id",
    )
    .bind(email)
    .bind(hash)
    .bind(name)
    .fetch_optional(owner)
    .await?;
    id.with_context(|| format!("a user with the email {email} exists already"))
}

async fn user_id(owner: &PgPool, email: &str) -> anyhow::Result<Uuid> {
    sqlx::query_scalar("SELECT id FROM users WHERE lower(email) = lower($1)")
        .bind(email.trim())
        .fetch_optional(owner)
        .await?
        .with_context(|| format!("no user has the email {email}"))
}

/// Sets a new password and ends the user's sessions everywhere.
pub async fn reset_password(owner: &PgPool, email: &str, password: String) -> anyhow::Result<u64> {
    let id = user_id(owner, email).await?;
    let hash = hash_password(password).await?;
    let mut tx = owner.begin().await?;
    sqlx::query("UPDATE users SET password_hash = $2 WHERE id = $1")
        .bind(id)
        .bind(hash)
        .execute(&mut *tx)
        .await?;
    // Session records are opaque to SQL, but the user id is stored in them as text.
    let ended = sqlx::query(
        "DELETE FROM tower_sessions.session WHERE position(convert_to($1, 'UTF8') IN data) > 0",
    )
    .bind(id.to_string())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    tx.commit().await?;
    Ok(ended)
}

/// Which tenant a membership is in.
#[derive(Debug, Clone)]
pub enum Tenant {
    Org(String),
    Provider(String),
}

fn tenant_sql(tenant: &Tenant) -> (&'static str, &'static str, &str) {
    match tenant {
        Tenant::Org(slug) => ("organization_members", "organization_id", slug),
        Tenant::Provider(slug) => ("provider_members", "service_provider_id", slug),
    }
}

async fn tenant_id(owner: &PgPool, tenant: &Tenant) -> anyhow::Result<Uuid> {
    let (table, slug) = match tenant {
        Tenant::Org(slug) => ("organizations", slug),
        Tenant::Provider(slug) => ("service_providers", slug),
    };
    sqlx::query_scalar(&format!("SELECT id FROM {table} WHERE slug = $1"))
        .bind(slug)
        .fetch_optional(owner)
        .await?
        .with_context(|| {
            format!(
                "no {} has the slug {slug}",
                if table == "organizations" {
                    "organization"
                } else {
                    "provider"
                }
            )
        })
}

pub async fn add_member(
    owner: &PgPool,
    email: &str,
    tenant: &Tenant,
    role: &str,
) -> anyhow::Result<()> {
    if !matches!(role, "owner" | "admin" | "member") {
        bail!("the role must be owner, admin or member (not `{role}`)");
    }
    let user = user_id(owner, email).await?;
    let id = tenant_id(owner, tenant).await?;
    let (table, column, _) = tenant_sql(tenant);
    sqlx::query(&format!(
        "INSERT INTO {table} ({column}, user_id, role) VALUES ($1, $2, $3)
         ON CONFLICT ({column}, user_id) DO UPDATE SET role = EXCLUDED.role"
    ))
    .bind(id)
    .bind(user)
    .bind(role)
    .execute(owner)
    .await?;
    Ok(())
}

pub async fn remove_member(owner: &PgPool, email: &str, tenant: &Tenant) -> anyhow::Result<bool> {
    let user = user_id(owner, email).await?;
    let id = tenant_id(owner, tenant).await?;
    let (table, column, _) = tenant_sql(tenant);
    let removed = sqlx::query(&format!(
        "DELETE FROM {table} WHERE {column} = $1 AND user_id = $2"
    ))
    .bind(id)
    .bind(user)
    .execute(owner)
    .await?
    .rows_affected();
    Ok(removed > 0)
}

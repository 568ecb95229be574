//! Database access. Every query the web server runs goes through [`Db::begin_as`]: one
//! transaction that first sets the acting user (`app.user_id`, transaction-local), which the
//! row-level policies read. When the transaction ends the setting goes with it, so a pooled
//! connection never carries one request's identity into the next.

pub mod cluster;
pub mod connect;

use app::services::{Principal, ServiceError};
use sqlx::{PgPool, Postgres, Transaction, migrate::Migrator};

/// The role the web server connects as: not superuser, no BYPASSRLS, owns nothing.
pub const RUNTIME_ROLE: &str = "service_credits_app";

/// Migrations, embedded in the binary.
pub static MIGRATOR: Migrator = sqlx::migrate!("../migrations");

/// The runtime connection pool (as [`RUNTIME_ROLE`]).
#[derive(Clone, Debug)]
pub struct Db {
    pool: PgPool,
}

impl Db {
    pub fn new(pool: PgPool) -> Self {
        Db { pool }
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// Opens the tenant-scoped transaction for `principal`. The caller commits (or drops it,
    /// which rolls back).
    pub async fn begin_as(
        &self,
        principal: &Principal,
    ) -> Result<Transaction<'static, Postgres>, sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("SELECT set_config('app.user_id', $1, true)")
            .bind(principal.user_id().to_string())
            .execute(&mut *tx)
            .await?;
        Ok(tx)
    }

    /// The same transaction for the few queries that run before anyone is signed in (sign-in
    /// itself): the acting user is set explicitly to nobody.
    pub async fn begin_anonymous(&self) -> Result<Transaction<'static, Postgres>, sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("SELECT set_config('app.user_id', '', true)")
            .execute(&mut *tx)
            .await?;
        Ok(tx)
    }
}

/// Maps a database error to what the caller must do: retry later, or nothing (a bug).
pub fn service_error(err: sqlx::Error) -> ServiceError {
    match err {
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::WorkerCrashed => ServiceError::Unavailable(Box::new(err)),
        other => ServiceError::Internal(Box::new(other)),
    }
}

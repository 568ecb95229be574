//! Sign-in and sign-out.

use std::net::IpAddr;
use std::time::Duration;

use chrono::Utc;
use tower_sessions::Session;
use uuid::Uuid;

use super::password::{hash_password_blocking, verify_password};
use super::session::{SIGNED_IN_AT_KEY, USER_KEY};
use super::throttle::{Limits, Throttle};
use crate::db::Db;

#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    /// Unknown email or wrong password: deliberately the same answer.
    #[error("the email or password is not right")]
    InvalidCredentials,
    #[error("too many sign-in attempts; try again in {} seconds", .retry_after.as_secs().max(1))]
    Throttled { retry_after: Duration },
    #[error("sign-in is unavailable right now")]
    Unavailable(#[source] Box<dyn std::error::Error + Send + Sync>),
}

pub struct SignInService {
    db: Db,
    throttle: Throttle,
    /// Verified against when the email is unknown, so both cases take the same time.
    dummy_hash: String,
}

impl SignInService {
    pub fn new(db: Db, limits: Limits) -> anyhow::Result<Self> {
        Ok(SignInService {
            db,
            throttle: Throttle::new(limits),
            dummy_hash: hash_password_blocking("not the password of anyone at all")?,
        })
    }

    pub fn prune_throttle(&self) {
        self.throttle.prune();
    }

    /// Checks the credentials and, when they are right, signs the session in under a fresh id
    /// (so an id planted before sign-in is worthless after it).
    pub async fn sign_in(
        &self,
        session: &Session,
        email: &str,
        password: &str,
        client: Option<IpAddr>,
    ) -> Result<Uuid, SignInError> {
        self.throttle
            .check(email, client)
            .map_err(|retry_after| SignInError::Throttled { retry_after })?;
        let email = email.trim();
        let found: Option<(Uuid, String)> = if email.is_empty() || email.len() > 320 {
            None
        } else {
            let mut tx = self
                .db
                .begin_anonymous()
                .await
                .map_err(|e| SignInError::Unavailable(Box::new(e)))?;
            let row = sqlx::query_as("SELECT user_id, password_hash FROM app_login_lookup($1)")
                .bind(email)
                .fetch_optional(&mut *tx)
                .await
                .map_err(|e| SignInError::Unavailable(Box::new(e)))?;
            tx.commit()
                .await
                .map_err(|e| SignInError::Unavailable(Box::new(e)))?;
            row
        };
        let (user, hash) = match found {
            Some((id, hash)) => (Some(id), hash),
            None => (None, self.dummy_hash.clone()),
        };
        let matches = verify_password(password.to_owned(), hash).await;
        let Some(user) = user.filter(|_| matches) else {
            return Err(match self.throttle.record_failure(email, client) {
                Ok(()) => SignInError::InvalidCredentials,
                Err(retry_after) => SignInError::Throttled { retry_after },
            });
        };
        let store_error = |e: tower_sessions::session::Error| SignInError::Unavailable(Box::new(e));
        session.cycle_id().await.map_err(store_error)?;
        session.insert(USER_KEY, user).await.map_err(store_error)?;
        session
            .insert(SIGNED_IN_AT_KEY, Utc::now().timestamp())
            .await
            .map_err(store_error)?;
        Ok(user)
    }

    /// Ends the session everywhere: the server-side record is deleted, not just the cookie.
    pub async fn sign_out(&self, session: &Session) -> Result<(), SignInError> {
        session
            .flush()
            .await
            .map_err(|e| SignInError::Unavailable(Box::new(e)))
    }
}

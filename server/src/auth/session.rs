//! The signed-in session: its cookie, its lifetimes, and reading the principal from it.

use app::services::{Authenticator, Principal, ServiceError};
use async_trait::async_trait;
use chrono::Utc;
use tower_sessions::Session;
use uuid::Uuid;

pub const SESSION_COOKIE: &str = "sc_session";
pub(super) const USER_KEY: &str = "user_id";
pub(super) const SIGNED_IN_AT_KEY: &str = "signed_in_at";

/// A session unused for this long expires (the store and the cookie both forget it).
pub const IDLE_TIMEOUT: time::Duration = time::Duration::hours(8);
/// However active, a session ends this long after sign-in.
pub const ABSOLUTE_LIFETIME: chrono::Duration = chrono::Duration::days(7);

fn unavailable(err: tower_sessions::session::Error) -> ServiceError {
    ServiceError::Unavailable(Box::new(err))
}

/// The principal of a signed-in session, or `None`. A session past its absolute lifetime is
/// destroyed here.
pub async fn principal_from_session(session: &Session) -> Result<Option<Principal>, ServiceError> {
    let user: Option<Uuid> = session.get(USER_KEY).await.map_err(unavailable)?;
    let Some(user) = user else { return Ok(None) };
    let signed_in_at: Option<i64> = session.get(SIGNED_IN_AT_KEY).await.map_err(unavailable)?;
    let fresh =
        signed_in_at.is_some_and(|t| Utc::now().timestamp() - t < ABSOLUTE_LIFETIME.num_seconds());
    if !fresh {
        session.flush().await.map_err(unavailable)?;
        return Ok(None);
    }
    Ok(Some(Principal::from_verified_user_id(user)))
}

/// Reads the principal from the session the session layer put into the request.
pub struct SessionAuthenticator;

#[async_trait]
impl Authenticator for SessionAuthenticator {
    async fn principal(
        &self,
        request: &http::request::Parts,
    ) -> Result<Option<Principal>, ServiceError> {
        match request.extensions.get::<Session>() {
            Some(session) => principal_from_session(session).await,
            None => Ok(None),
        }
    }
}

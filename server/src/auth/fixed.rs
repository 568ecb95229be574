//! A fixed principal, for tests that exercise pages and services without signing in. The web
//! server never uses it.

use app::services::{Authenticator, Principal, ServiceError};
use async_trait::async_trait;
use uuid::Uuid;

/// Acts as one fixed user; for tests only.
pub struct FixedPrincipal {
    user_id: Uuid,
}

impl FixedPrincipal {
    pub fn new(user_id: Uuid) -> Self {
        FixedPrincipal { user_id }
    }
}

#[async_trait]
impl Authenticator for FixedPrincipal {
    async fn principal(
        &self,
        _request: &http::request::Parts,
    ) -> Result<Option<Principal>, ServiceError> {
        Ok(Some(Principal::from_verified_user_id(self.user_id)))
    }
}

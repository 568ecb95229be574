//! Who a request acts for.
//!
//! Until sign-in exists (issue 3), every request acts as the demo customer user (Alice of Acme
//! Inc). This is the only place a `Principal` is created from anything but a verified session.

use app::services::{Authenticator, Principal, ServiceError};
use async_trait::async_trait;
use uuid::Uuid;

/// Acts as one fixed user; for the walking skeleton and tests only.
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

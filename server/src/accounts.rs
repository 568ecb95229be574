//! The SQL behind `app::services::AccountService`: the signed-in user and their memberships.

use app::dto::{NamedRef, SignedInUser};
use app::services::{AccountService, Principal, ServiceError};
use async_trait::async_trait;
use sqlx::Row;

use crate::db::{Db, service_error};

/// The SQL behind `app::services::AccountService`.
pub struct PgAccountService {
    db: Db,
}

impl PgAccountService {
    pub fn new(db: Db) -> Self {
        PgAccountService { db }
    }
}

#[async_trait]
impl AccountService for PgAccountService {
    async fn current_user(&self, principal: &Principal) -> Result<SignedInUser, ServiceError> {
        let mut tx = self.db.begin_as(principal).await.map_err(service_error)?;
        let user = sqlx::query("SELECT email, display_name FROM users WHERE id = $1")
            .bind(principal.user_id())
            .fetch_optional(&mut *tx)
            .await
            .map_err(service_error)?
            // A session whose user has been deleted acts for nobody.
            .ok_or(ServiceError::NotFound)?;
        let tenants = sqlx::query(
            "SELECT 'org' AS side, o.slug, o.name FROM organizations o
             JOIN organization_members m ON m.organization_id = o.id WHERE m.user_id = $1
             UNION ALL
             SELECT 'provider', p.slug, p.name FROM service_providers p
             JOIN provider_members m ON m.service_provider_id = p.id WHERE m.user_id = $1
             ORDER BY 1, 3, 2",
        )
        .bind(principal.user_id())
        .fetch_all(&mut *tx)
        .await
        .map_err(service_error)?;
        tx.commit().await.map_err(service_error)?;
        let (mut organizations, mut providers) = (Vec::new(), Vec::new());
        for row in tenants {
            let named = NamedRef {
                slug: row.get("slug"),
                name: row.get("name"),
            };
            if row.get::<String, _>("side") == "org" {
                organizations.push(named);
            } else {
                providers.push(named);
            }
        }
        Ok(SignedInUser {
            email: user.get("email"),
            display_name: user.get("display_name"),
            organizations,
            providers,
        })
    }
}

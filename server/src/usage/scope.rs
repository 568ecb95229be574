//! Which work logs and grants a request may count: one organization, optionally narrowed to one
//! provider, and — for provider staff — only their own provider's rows (design.md §4).

use app::domain::{Slug, UsagePeriod, today_in};
use app::dto::NamedRef;
use app::queries::UsageQuery;
use app::services::{Principal, ServiceError};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use sqlx::postgres::PgArguments;
use sqlx::query::Query;
use sqlx::{PgConnection, Postgres, Row};
use uuid::Uuid;

use crate::db::service_error;

/// The tenant filter shared by every org-level query, on a table aliased `x` with
/// `organization_id` and `service_provider_id`. Parameters: $1 org, $2 provider filter (or
/// NULL), $3 whether the user is an org member, $4 the user.
pub const SCOPE_SQL: &str = "x.organization_id = $1
    AND ($2::uuid IS NULL OR x.service_provider_id = $2)
    AND ($3 OR x.service_provider_id IN (SELECT m.service_provider_id FROM provider_members m WHERE m.user_id = $4))";

/// An organization as the acting user may see it, and the provider filter.
pub struct OrgScope {
    pub org_id: Uuid,
    pub org: NamedRef,
    pub time_zone: Tz,
    /// Member of the org (sees all providers' work) rather than staff of a provider serving it.
    pub is_member: bool,
    pub user: Uuid,
    pub provider_id: Option<Uuid>,
    pub provider: Option<NamedRef>,
    /// Providers serving the org that the viewer can see (the filter's choices).
    pub providers: Vec<NamedRef>,
}

impl OrgScope {
    /// Binds $1–$4 of [`SCOPE_SQL`].
    pub fn bind<'q>(
        &self,
        query: Query<'q, Postgres, PgArguments>,
    ) -> Query<'q, Postgres, PgArguments> {
        query
            .bind(self.org_id)
            .bind(self.provider_id)
            .bind(self.is_member)
            .bind(self.user)
    }

    /// The period of `query` in the org's zone, as of `now`.
    pub fn period(&self, query: &UsageQuery, now: DateTime<Utc>) -> UsagePeriod {
        query.period.resolve(today_in(self.time_zone, now))
    }

    /// Resolves the org (404 unless the principal is a member or staff of a provider serving it)
    /// and the provider filter (400 naming `provider` if it does not serve the org).
    pub async fn resolve(
        conn: &mut PgConnection,
        principal: &Principal,
        org: &Slug,
        provider: Option<&Slug>,
    ) -> Result<Self, ServiceError> {
        let user = principal.user_id();
        let row = sqlx::query(
            "SELECT o.id, o.slug, o.name, o.time_zone,
                    o.id IN (SELECT m.organization_id FROM organization_members m WHERE m.user_id = $2) AS is_member
             FROM organizations o
             WHERE o.slug = $1
               AND (o.id IN (SELECT m.organization_id FROM organization_members m WHERE m.user_id = $2)
                    OR o.id IN (SELECT pc.organization_id
                                FROM provider_customers pc
                                JOIN provider_members pm ON pm.service_provider_id = pc.service_provider_id
                                WHERE pm.user_id = $2))",
        )
        .bind(org.as_str())
        .bind(user)
        .fetch_optional(&mut *conn)
        .await
        .map_err(service_error)?
        .ok_or(ServiceError::NotFound)?;
        let zone: String = row.get("time_zone");
        let time_zone = zone.parse::<Tz>().map_err(|e| {
            ServiceError::Internal(format!("organization time zone {zone:?}: {e}").into())
        })?;
        let org_id: Uuid = row.get("id");
        let is_member: bool = row.get("is_member");

        let visible: Vec<(Uuid, NamedRef)> = sqlx::query(
            "SELECT sp.id, sp.slug, sp.name
             FROM service_providers sp
             JOIN provider_customers pc ON pc.service_provider_id = sp.id
             WHERE pc.organization_id = $1
               AND ($2 OR sp.id IN (SELECT m.service_provider_id FROM provider_members m WHERE m.user_id = $3))
             ORDER BY sp.name, sp.slug",
        )
        .bind(org_id)
        .bind(is_member)
        .bind(user)
        .fetch_all(&mut *conn)
        .await
        .map_err(service_error)?
        .into_iter()
        .map(|r| (r.get("id"), NamedRef { slug: r.get("slug"), name: r.get("name") }))
        .collect();

        let chosen = match provider {
            None => None,
            Some(slug) => Some(
                visible
                    .iter()
                    .find(|(_, p)| p.slug == slug.as_str())
                    .cloned()
                    .ok_or_else(|| ServiceError::BadRequest {
                        param: "provider".into(),
                        message: format!("provider `{slug}` does not serve this organization"),
                    })?,
            ),
        };
        Ok(OrgScope {
            org_id,
            org: NamedRef {
                slug: row.get("slug"),
                name: row.get("name"),
            },
            time_zone,
            is_member,
            user,
            provider_id: chosen.as_ref().map(|(id, _)| *id),
            provider: chosen.map(|(_, p)| p),
            providers: visible.into_iter().map(|(_, p)| p).collect(),
        })
    }
}

//! The SQL behind `app::services::UsageService` (design.md §4). Aggregation happens here, in
//! PostgreSQL, inside the tenant-scoped transaction; the browser only ever receives totals.
//! Every query also filters by tenant explicitly: row-level security is the safety net, the
//! WHERE clause is what the planner uses.

use app::domain::{Slug, UsagePeriod, today_in};
use app::dto::{
    CategoryUsage, NamedRef, PeriodDto, ProviderMonth, ProviderUsageSummaryData, SignedInUser,
    TopCustomer, UsageSummaryData,
};
use app::queries::UsageQuery;
use app::services::{AccountService, Principal, ServiceError, UsageService};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use sqlx::{PgConnection, Row};
use uuid::Uuid;

use crate::db::{Db, service_error};

/// Where "now" comes from; tests pin it to check month and quarter edges.
#[derive(Debug, Clone, Copy)]
pub enum Clock {
    System,
    Fixed(DateTime<Utc>),
}

impl Clock {
    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Fixed(t) => *t,
        }
    }
}

pub struct PgUsageService {
    db: Db,
    clock: Clock,
}

impl PgUsageService {
    pub fn new(db: Db, clock: Clock) -> Self {
        PgUsageService { db, clock }
    }
}

/// An organization as the acting user may see it.
struct VisibleOrg {
    id: Uuid,
    slug: String,
    name: String,
    time_zone: Tz,
    /// Member of the org (sees all providers' work) rather than staff of a provider serving it.
    is_member: bool,
}

/// Finds the org by slug if the principal is a member of it or staff of a provider serving it.
async fn visible_org(
    conn: &mut PgConnection,
    principal: &Principal,
    slug: &Slug,
) -> Result<VisibleOrg, ServiceError> {
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
    .bind(slug.as_str())
    .bind(principal.user_id())
    .fetch_optional(&mut *conn)
    .await
    .map_err(service_error)?
    .ok_or(ServiceError::NotFound)?;
    let zone: String = row.get("time_zone");
    let time_zone = zone.parse::<Tz>().map_err(|e| {
        ServiceError::Internal(format!("organization time zone {zone:?}: {e}").into())
    })?;
    Ok(VisibleOrg {
        id: row.get("id"),
        slug: row.get("slug"),
        name: row.get("name"),
        time_zone,
        is_member: row.get("is_member"),
    })
}

#[async_trait]
impl UsageService for PgUsageService {
    async fn org_usage_summary(
        &self,
        principal: &Principal,
        query: &UsageQuery,
    ) -> Result<UsageSummaryData, ServiceError> {
        let mut tx = self.db.begin_as(principal).await.map_err(service_error)?;
        let org = visible_org(&mut tx, principal, &query.org).await?;
        let period = query
            .period
            .resolve(today_in(org.time_zone, self.clock.now()));
        let (start, end) = period.bounds(org.time_zone);

        // Providers serving this org that the viewer can see (RLS hides other providers from
        // provider staff), for the filter and its validation.
        let providers: Vec<(Uuid, NamedRef)> = sqlx::query(
            "SELECT sp.id, sp.slug, sp.name
             FROM service_providers sp
             JOIN provider_customers pc ON pc.service_provider_id = sp.id
             WHERE pc.organization_id = $1
               AND ($2 OR sp.id IN (SELECT m.service_provider_id FROM provider_members m WHERE m.user_id = $3))
             ORDER BY sp.name, sp.slug",
        )
        .bind(org.id)
        .bind(org.is_member)
        .bind(principal.user_id())
        .fetch_all(&mut *tx)
        .await
        .map_err(service_error)?
        .into_iter()
        .map(|r| (r.get("id"), NamedRef { slug: r.get("slug"), name: r.get("name") }))
        .collect();

        let provider = match &query.provider {
            None => None,
            Some(slug) => Some(
                providers
                    .iter()
                    .find(|(_, p)| p.slug == slug.as_str())
                    .cloned()
                    .ok_or_else(|| ServiceError::BadRequest {
                        param: "provider".into(),
                        message: format!("provider `{slug}` does not serve this organization"),
                    })?,
            ),
        };
        let provider_id = provider.as_ref().map(|(id, _)| *id);

        // One pass: per-category rows plus the grand total (the row whose category is NULL).
        let rows = sqlx::query(
            "SELECT category, SUM(minutes_spent)::int8 AS minutes, COUNT(*)::int8 AS entry_count
             FROM work_logs
             WHERE organization_id = $1
               AND performed_at >= $2 AND performed_at < $3
               AND ($4::uuid IS NULL OR service_provider_id = $4)
               AND ($5 OR service_provider_id IN (SELECT m.service_provider_id FROM provider_members m WHERE m.user_id = $6))
             GROUP BY GROUPING SETS ((category), ())
             ORDER BY minutes DESC, category COLLATE \"C\"",
        )
        .bind(org.id)
        .bind(start)
        .bind(end)
        .bind(provider_id)
        .bind(org.is_member)
        .bind(principal.user_id())
        .fetch_all(&mut *tx)
        .await
        .map_err(service_error)?;

        let (mut total_minutes, mut entry_count) = (0, 0);
        let mut by_category = Vec::new();
        for row in rows {
            let minutes: Option<i64> = row.get("minutes");
            let count: i64 = row.get("entry_count");
            match row.get::<Option<String>, _>("category") {
                None => (total_minutes, entry_count) = (minutes.unwrap_or(0), count),
                Some(category) => by_category.push(CategoryUsage {
                    category,
                    minutes: minutes.unwrap_or(0),
                    entry_count: count,
                }),
            }
        }

        // Remaining: all-time grants minus all-time usage, for the same provider scope.
        let remaining_minutes: i64 = sqlx::query_scalar(
            "SELECT
               (SELECT COALESCE(SUM(g.minutes), 0)::int8 FROM credit_grants g
                WHERE g.organization_id = $1
                  AND ($2::uuid IS NULL OR g.service_provider_id = $2)
                  AND ($3 OR g.service_provider_id IN (SELECT m.service_provider_id FROM provider_members m WHERE m.user_id = $4)))
             - (SELECT COALESCE(SUM(w.minutes_spent), 0)::int8 FROM work_logs w
                WHERE w.organization_id = $1
                  AND ($2::uuid IS NULL OR w.service_provider_id = $2)
                  AND ($3 OR w.service_provider_id IN (SELECT m.service_provider_id FROM provider_members m WHERE m.user_id = $4)))",
        )
        .bind(org.id)
        .bind(provider_id)
        .bind(org.is_member)
        .bind(principal.user_id())
        .fetch_one(&mut *tx)
        .await
        .map_err(service_error)?;

        tx.commit().await.map_err(service_error)?;
        Ok(UsageSummaryData {
            period: PeriodDto::new(&period, org.time_zone),
            organization: NamedRef {
                slug: org.slug,
                name: org.name,
            },
            provider: provider.map(|(_, p)| p),
            providers: providers.into_iter().map(|(_, p)| p).collect(),
            total_minutes,
            entry_count,
            remaining_minutes,
            by_category,
        })
    }

    async fn provider_usage_summary(
        &self,
        principal: &Principal,
        provider: &Slug,
    ) -> Result<ProviderUsageSummaryData, ServiceError> {
        self.provider_summary(principal, provider).await
    }
}

/// A provider the principal works for.
struct StaffProvider {
    id: Uuid,
    slug: String,
    name: String,
    time_zone: Tz,
}

/// Finds the provider by slug if the principal is on its staff; customers get `NotFound`.
async fn staff_provider(
    conn: &mut PgConnection,
    principal: &Principal,
    slug: &Slug,
) -> Result<StaffProvider, ServiceError> {
    let row = sqlx::query(
        "SELECT sp.id, sp.slug, sp.name, sp.time_zone
         FROM service_providers sp
         WHERE sp.slug = $1
           AND sp.id IN (SELECT m.service_provider_id FROM provider_members m WHERE m.user_id = $2)",
    )
    .bind(slug.as_str())
    .bind(principal.user_id())
    .fetch_optional(&mut *conn)
    .await
    .map_err(service_error)?
    .ok_or(ServiceError::NotFound)?;
    let zone: String = row.get("time_zone");
    let time_zone = zone
        .parse::<Tz>()
        .map_err(|e| ServiceError::Internal(format!("provider time zone {zone:?}: {e}").into()))?;
    Ok(StaffProvider {
        id: row.get("id"),
        slug: row.get("slug"),
        name: row.get("name"),
        time_zone,
    })
}

impl PgUsageService {
    pub(crate) async fn provider_summary(
        &self,
        principal: &Principal,
        slug: &Slug,
    ) -> Result<ProviderUsageSummaryData, ServiceError> {
        let mut tx = self.db.begin_as(principal).await.map_err(service_error)?;
        let provider = staff_provider(&mut tx, principal, slug).await?;
        let today = today_in(provider.time_zone, self.clock.now());
        let this_month = UsagePeriod::current_month(today);
        let last_month = UsagePeriod::previous_month(today);
        let (this_start, this_end) = this_month.bounds(provider.time_zone);
        let (last_start, _) = last_month.bounds(provider.time_zone);

        // One pass over the provider's work of both months, per linked customer, plus the
        // grand totals (the row whose organization is NULL). Only this provider's work counts,
        // even for customers it shares with another provider.
        let rows = sqlx::query(
            "SELECT o.id AS organization_id, o.slug, o.name,
                    COALESCE(SUM(w.minutes_spent) FILTER (WHERE w.performed_at >= $2), 0)::int8 AS this_minutes,
                    COUNT(*) FILTER (WHERE w.performed_at >= $2) AS this_count,
                    COALESCE(SUM(w.minutes_spent) FILTER (WHERE w.performed_at < $2), 0)::int8 AS last_minutes,
                    COUNT(*) FILTER (WHERE w.performed_at < $2) AS last_count
             FROM work_logs w
             JOIN organizations o ON o.id = w.organization_id
             WHERE w.service_provider_id = $1
               AND w.performed_at >= $3 AND w.performed_at < $4
             GROUP BY GROUPING SETS ((o.id, o.slug, o.name), ())",
        )
        .bind(provider.id)
        .bind(this_start)
        .bind(last_start)
        .bind(this_end)
        .fetch_all(&mut *tx)
        .await
        .map_err(service_error)?;
        tx.commit().await.map_err(service_error)?;

        let mut totals = (0, 0, 0, 0);
        let mut customers = Vec::new();
        for row in rows {
            let figures: (i64, i64, i64, i64) = (
                row.get("this_minutes"),
                row.get("this_count"),
                row.get("last_minutes"),
                row.get("last_count"),
            );
            match row.get::<Option<Uuid>, _>("organization_id") {
                None => totals = figures,
                Some(_) => customers.push((
                    row.get::<String, _>("slug"),
                    row.get::<String, _>("name"),
                    figures,
                )),
            }
        }
        let active_customers = customers.iter().filter(|c| c.2.1 > 0).count() as i64;
        customers.retain(|c| c.2.0 > 0);
        customers.sort_by(|a, b| {
            b.2.0
                .cmp(&a.2.0)
                .then_with(|| a.1.cmp(&b.1))
                .then_with(|| a.0.cmp(&b.0))
        });
        let top_customers = customers
            .into_iter()
            .take(5)
            .map(|(slug, name, f)| TopCustomer {
                organization_slug: slug,
                organization_name: name,
                minutes_this_month: f.0,
            })
            .collect();
        Ok(ProviderUsageSummaryData {
            provider: NamedRef {
                slug: provider.slug,
                name: provider.name,
            },
            this_month: ProviderMonth {
                period: PeriodDto::new(&this_month, provider.time_zone),
                total_minutes: totals.0,
                entry_count: totals.1,
                active_customers: Some(active_customers),
            },
            last_month: ProviderMonth {
                period: PeriodDto::new(&last_month, provider.time_zone),
                total_minutes: totals.2,
                entry_count: totals.3,
                active_customers: None,
            },
            top_customers,
        })
    }
}

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

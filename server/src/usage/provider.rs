//! Provider-side usage: the provider's own work across its customers, in its time zone.

use app::domain::{Slug, UsagePeriod, today_in};
use app::dto::{NamedRef, PeriodDto, ProviderMonth, ProviderUsageSummaryData, TopCustomer};
use app::services::{Principal, ServiceError};
use chrono_tz::Tz;
use sqlx::{PgConnection, Row};
use uuid::Uuid;

use super::PgUsageService;
use crate::db::service_error;

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
    pub(super) async fn provider_summary(
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

//! Provider-side usage: the provider's own work across its customers, in its time zone.

use app::domain::customer_sort::{SortKey, sort_customers};
use app::domain::{Slug, Trend, UsagePeriod, today_in};
use app::dto::{
    CustomerUsageBreakdownData, CustomerUsageRow, NamedRef, PeriodDto, ProviderGrantEntry,
    ProviderMonth, ProviderOrdersData, ProviderUsageSummaryData, TopCustomer,
};
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

impl PgUsageService {
    /// Every linked customer — those without usage too — in one query: a LEFT JOIN from the
    /// links to this provider's work in the span covering last month and this quarter, with
    /// one filtered sum per column.
    pub(super) async fn breakdown(
        &self,
        principal: &Principal,
        slug: &Slug,
    ) -> Result<CustomerUsageBreakdownData, ServiceError> {
        let mut tx = self.db.begin_as(principal).await.map_err(service_error)?;
        let provider = staff_provider(&mut tx, principal, slug).await?;
        let today = today_in(provider.time_zone, self.clock.now());
        let this_month = UsagePeriod::current_month(today);
        let last_month = UsagePeriod::previous_month(today);
        let quarter = UsagePeriod::current_quarter(today);
        let (this_start, this_end) = this_month.bounds(provider.time_zone);
        let (last_start, _) = last_month.bounds(provider.time_zone);
        let (quarter_start, quarter_end) = quarter.bounds(provider.time_zone);
        let rows = sqlx::query(
            "SELECT o.slug, o.name,
                    COALESCE(SUM(w.minutes_spent) FILTER (WHERE w.performed_at >= $2 AND w.performed_at < $3), 0)::int8 AS this_month,
                    COALESCE(SUM(w.minutes_spent) FILTER (WHERE w.performed_at >= $4 AND w.performed_at < $2), 0)::int8 AS last_month,
                    COALESCE(SUM(w.minutes_spent) FILTER (WHERE w.performed_at >= $5 AND w.performed_at < $6), 0)::int8 AS this_quarter
             FROM provider_customers pc
             JOIN organizations o ON o.id = pc.organization_id
             LEFT JOIN work_logs w
                    ON w.organization_id = pc.organization_id
                   AND w.service_provider_id = pc.service_provider_id
                   AND w.performed_at >= LEAST($4, $5) AND w.performed_at < $6
             WHERE pc.service_provider_id = $1
             GROUP BY o.id, o.slug, o.name",
        )
        .bind(provider.id)
        .bind(this_start)
        .bind(this_end)
        .bind(last_start)
        .bind(quarter_start)
        .bind(quarter_end)
        .fetch_all(&mut *tx)
        .await
        .map_err(service_error)?;
        tx.commit().await.map_err(service_error)?;
        let mut customers: Vec<CustomerUsageRow> = rows
            .into_iter()
            .map(|r| {
                let (this, last) = (r.get::<i64, _>("this_month"), r.get::<i64, _>("last_month"));
                let trend = Trend::compare(this, last);
                CustomerUsageRow {
                    organization_slug: r.get("slug"),
                    organization_name: r.get("name"),
                    this_month_minutes: this,
                    last_month_minutes: last,
                    this_quarter_minutes: r.get("this_quarter"),
                    trend: trend.kind,
                    change_percent: trend.change_percent,
                }
            })
            .collect();
        sort_customers(&mut customers, SortKey::ThisMonth, true);
        Ok(CustomerUsageBreakdownData {
            provider: NamedRef {
                slug: provider.slug,
                name: provider.name,
            },
            this_month: PeriodDto::new(&this_month, provider.time_zone),
            last_month: PeriodDto::new(&last_month, provider.time_zone),
            this_quarter: PeriodDto::new(&quarter, provider.time_zone),
            customers,
        })
    }

    pub(super) async fn provider_grants(
        &self,
        principal: &Principal,
        slug: &Slug,
    ) -> Result<ProviderOrdersData, ServiceError> {
        let mut tx = self.db.begin_as(principal).await.map_err(service_error)?;
        let provider = staff_provider(&mut tx, principal, slug).await?;
        let rows = sqlx::query(
            "SELECT g.granted_at, g.minutes::int8 AS minutes, g.note, o.slug, o.name
             FROM credit_grants g JOIN organizations o ON o.id = g.organization_id
             WHERE g.service_provider_id = $1
             ORDER BY g.granted_at DESC, o.name, g.id",
        )
        .bind(provider.id)
        .fetch_all(&mut *tx)
        .await
        .map_err(service_error)?;
        tx.commit().await.map_err(service_error)?;
        let grants = rows
            .into_iter()
            .map(|r| ProviderGrantEntry {
                granted_at: r.get("granted_at"),
                minutes: r.get("minutes"),
                organization_slug: r.get("slug"),
                organization_name: r.get("name"),
                note: r.get("note"),
            })
            .collect();
        Ok(ProviderOrdersData {
            provider: NamedRef {
                slug: provider.slug,
                name: provider.name,
            },
            time_zone: provider.time_zone.name().to_owned(),
            grants,
        })
    }
}

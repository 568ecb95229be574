//! Customer-side usage: the summary (with remaining credits and pacing), the work-log drill-down
//! and the credit grants, all within one [`OrgScope`].

use app::domain::pace::{TRAILING_WEEKS, project};
use app::dto::{
    CategoryUsage, CreditGrantEntry, PeriodDto, UsageSummaryData, WorkLogEntry, WorkLogsPage,
};
use app::queries::{UsageQuery, WorkLogCursor, WorkLogsQuery};
use app::services::{Principal, ServiceError};
use chrono::{DateTime, Duration, Utc};
use sqlx::Row;
use uuid::Uuid;

use super::PgUsageService;
use super::scope::{OrgScope, SCOPE_SQL};
use crate::db::service_error;

impl PgUsageService {
    pub(super) async fn summary(
        &self,
        principal: &Principal,
        query: &UsageQuery,
    ) -> Result<UsageSummaryData, ServiceError> {
        let now = self.clock.now();
        let mut tx = self.db.begin_as(principal).await.map_err(service_error)?;
        let scope =
            OrgScope::resolve(&mut tx, principal, &query.org, query.provider.as_ref()).await?;
        let period = scope.period(query, now);
        let (start, end) = period.bounds(scope.time_zone);

        // One pass: per-category rows plus the grand total (the row whose category is NULL).
        let rows = scope
            .bind(sqlx::query(&format!(
                "SELECT x.category, SUM(x.minutes_spent)::int8 AS minutes, COUNT(*)::int8 AS entry_count
                 FROM work_logs x
                 WHERE {SCOPE_SQL} AND x.performed_at >= $5 AND x.performed_at < $6
                 GROUP BY GROUPING SETS ((x.category), ())
                 ORDER BY minutes DESC, x.category COLLATE \"C\""
            )))
            .bind(start)
            .bind(end)
            .fetch_all(&mut *tx)
            .await
            .map_err(service_error)?;
        let (mut total_minutes, mut entry_count) = (0, 0);
        let mut by_category = Vec::new();
        for row in rows {
            let minutes: i64 = row.get::<Option<i64>, _>("minutes").unwrap_or(0);
            let count: i64 = row.get("entry_count");
            match row.get::<Option<String>, _>("category") {
                None => (total_minutes, entry_count) = (minutes, count),
                Some(category) => by_category.push(CategoryUsage {
                    category,
                    minutes,
                    entry_count: count,
                }),
            }
        }

        // Remaining (all-time grants minus all-time usage) and the trailing weeks for pacing.
        let balance = scope
            .bind(sqlx::query(&format!(
                "SELECT
                   (SELECT COALESCE(SUM(x.minutes), 0)::int8 FROM credit_grants x WHERE {SCOPE_SQL}) AS granted,
                   (SELECT COALESCE(SUM(x.minutes_spent), 0)::int8 FROM work_logs x WHERE {SCOPE_SQL}) AS used,
                   (SELECT COALESCE(SUM(x.minutes_spent), 0)::int8 FROM work_logs x
                    WHERE {SCOPE_SQL} AND x.performed_at >= $5 AND x.performed_at < $6) AS recent"
            )))
            .bind(now - Duration::weeks(TRAILING_WEEKS))
            .bind(now)
            .fetch_one(&mut *tx)
            .await
            .map_err(service_error)?;
        tx.commit().await.map_err(service_error)?;
        let remaining_minutes = balance.get::<i64, _>("granted") - balance.get::<i64, _>("used");
        let today = app::domain::today_in(scope.time_zone, now);

        Ok(UsageSummaryData {
            period: PeriodDto::new(&period, scope.time_zone),
            organization: scope.org,
            provider: scope.provider,
            providers: scope.providers,
            total_minutes,
            entry_count,
            remaining_minutes,
            by_category,
            pace: project(remaining_minutes, balance.get("recent"), today),
        })
    }

    pub(super) async fn work_logs(
        &self,
        principal: &Principal,
        query: &WorkLogsQuery,
    ) -> Result<WorkLogsPage, ServiceError> {
        let mut tx = self.db.begin_as(principal).await.map_err(service_error)?;
        let scope = OrgScope::resolve(
            &mut tx,
            principal,
            &query.usage.org,
            query.usage.provider.as_ref(),
        )
        .await?;
        let period = scope.period(&query.usage, self.clock.now());
        let (start, end) = period.bounds(scope.time_zone);
        let (after_at, after_id) = match &query.cursor {
            None => (None, None),
            Some(cursor) => (Some(cursor_instant(cursor)?), Some(cursor_id(cursor)?)),
        };
        // Keyset pagination on (performed_at, id), newest first: each page is an index range
        // scan however deep the reader goes. One extra row tells whether there is a next page.
        let rows = scope
            .bind(sqlx::query(&format!(
                "SELECT x.id, x.performed_at, x.category, x.minutes_spent, x.description, sp.slug, sp.name
                 FROM work_logs x JOIN service_providers sp ON sp.id = x.service_provider_id
                 WHERE {SCOPE_SQL} AND x.performed_at >= $5 AND x.performed_at < $6
                   AND ($7::timestamptz IS NULL OR (x.performed_at, x.id) < ($7, $8))
                 ORDER BY x.performed_at DESC, x.id DESC
                 LIMIT $9"
            )))
            .bind(start)
            .bind(end)
            .bind(after_at)
            .bind(after_id)
            .bind(query.limit + 1)
            .fetch_all(&mut *tx)
            .await
            .map_err(service_error)?;
        tx.commit().await.map_err(service_error)?;
        let mut entries: Vec<(Uuid, WorkLogEntry)> =
            rows.into_iter().map(|r| (r.get("id"), entry(&r))).collect();
        let next_cursor = if entries.len() as i64 > query.limit {
            entries.truncate(query.limit as usize);
            entries.last().map(|(id, e)| {
                WorkLogCursor {
                    performed_at_micros: e.performed_at.timestamp_micros(),
                    id: id.to_string(),
                }
                .encode()
            })
        } else {
            None
        };
        Ok(WorkLogsPage {
            period: PeriodDto::new(&period, scope.time_zone),
            entries: entries.into_iter().map(|(_, e)| e).collect(),
            next_cursor,
        })
    }

    pub(super) async fn credit_grants(
        &self,
        principal: &Principal,
        query: &UsageQuery,
    ) -> Result<Vec<CreditGrantEntry>, ServiceError> {
        let mut tx = self.db.begin_as(principal).await.map_err(service_error)?;
        let scope =
            OrgScope::resolve(&mut tx, principal, &query.org, query.provider.as_ref()).await?;
        let rows = scope
            .bind(sqlx::query(&format!(
                "SELECT x.granted_at, x.minutes::int8 AS minutes, x.note, sp.slug, sp.name
                 FROM credit_grants x JOIN service_providers sp ON sp.id = x.service_provider_id
                 WHERE {SCOPE_SQL}
                 ORDER BY x.granted_at DESC, x.id DESC"
            )))
            .fetch_all(&mut *tx)
            .await
            .map_err(service_error)?;
        tx.commit().await.map_err(service_error)?;
        Ok(rows
            .into_iter()
            .map(|r| CreditGrantEntry {
                granted_at: r.get("granted_at"),
                minutes: r.get("minutes"),
                provider: r.get("slug"),
                provider_name: r.get("name"),
                note: r.get("note"),
            })
            .collect())
    }
}

/// A work log row (`id, performed_at, category, minutes_spent, description, slug, name`).
pub(super) fn entry(r: &sqlx::postgres::PgRow) -> WorkLogEntry {
    WorkLogEntry {
        id: r.get::<Uuid, _>("id").to_string(),
        performed_at: r.get("performed_at"),
        category: r.get("category"),
        minutes_spent: i64::from(r.get::<i32, _>("minutes_spent")),
        description: r.get("description"),
        provider: r.get("slug"),
        provider_name: r.get("name"),
    }
}

fn bad_cursor() -> ServiceError {
    ServiceError::BadRequest {
        param: "cursor".into(),
        message: "`cursor` is not a cursor this API issued; pass `next_cursor` back unchanged"
            .into(),
    }
}

fn cursor_instant(cursor: &WorkLogCursor) -> Result<DateTime<Utc>, ServiceError> {
    DateTime::from_timestamp_micros(cursor.performed_at_micros).ok_or_else(bad_cursor)
}

fn cursor_id(cursor: &WorkLogCursor) -> Result<Uuid, ServiceError> {
    Uuid::parse_str(&cursor.id).map_err(|_| bad_cursor())
}

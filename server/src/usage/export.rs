//! CSV export of the work-log drill-down: every entry of the period (no row cap), streamed from
//! one tenant-scoped transaction straight into the response, with exact minutes, so its total is
//! the summary's total to the minute.

use app::dto::PeriodDto;
use app::queries::UsageQuery;
use app::services::{Principal, ServiceError};
use bytes::Bytes;
use futures_util::StreamExt;
use sqlx::Row;
use uuid::Uuid;

use super::PgUsageService;
use super::scope::{OrgScope, SCOPE_SQL};
use crate::db::service_error;

pub struct CsvExport {
    pub filename: String,
    pub period: PeriodDto,
    /// CSV chunks; an `Err` ends the body early (the client sees a truncated download).
    pub chunks: tokio::sync::mpsc::Receiver<Result<Bytes, std::io::Error>>,
}

/// Minutes only, exact: a rounded hours column would invite sums that disagree with the page.
const HEADER: [&str; 8] = [
    "date",
    "time",
    "performed_at_utc",
    "provider",
    "category",
    "minutes",
    "description",
    "id",
];
/// Flush to the client every this many bytes.
const CHUNK: usize = 64 * 1024;

/// Spreadsheets run cells starting with these as formulas; a leading apostrophe disarms them.
fn cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

impl PgUsageService {
    /// Resolves the scope first (so a foreign org is a 404 and a bad parameter a 400 before any
    /// byte is sent), then streams the rows from the same transaction.
    pub async fn export_work_logs_csv(
        &self,
        principal: &Principal,
        query: &UsageQuery,
    ) -> Result<CsvExport, ServiceError> {
        let mut tx = self.db.begin_as(principal).await.map_err(service_error)?;
        let scope =
            OrgScope::resolve(&mut tx, principal, &query.org, query.provider.as_ref()).await?;
        let period = scope.period(query, self.clock.now());
        let (start, end) = period.bounds(scope.time_zone);
        let filename = format!(
            "{}-work-logs-{}-to-{}.csv",
            scope.org.slug,
            period.from(),
            period.to()
        );
        let period_dto = PeriodDto::new(&period, scope.time_zone);
        let (sender, chunks) = tokio::sync::mpsc::channel(8);

        tokio::spawn(async move {
            let sql = format!(
                "SELECT x.id, x.performed_at, x.category, x.minutes_spent, x.description, sp.slug
                 FROM work_logs x JOIN service_providers sp ON sp.id = x.service_provider_id
                 WHERE {SCOPE_SQL} AND x.performed_at >= $5 AND x.performed_at < $6
                 ORDER BY x.performed_at DESC, x.id DESC"
            );
            let new_writer = || csv::Writer::from_writer(Vec::with_capacity(CHUNK * 2));
            let mut out = new_writer();
            let _ = out.write_record(HEADER);
            let mut failed = None;
            {
                let mut rows = scope
                    .bind(sqlx::query(&sql))
                    .bind(start)
                    .bind(end)
                    .fetch(&mut *tx);
                while let Some(row) = rows.next().await {
                    let row = match row {
                        Ok(row) => row,
                        Err(err) => {
                            failed = Some(err.to_string());
                            break;
                        }
                    };
                    let at: chrono::DateTime<chrono::Utc> = row.get("performed_at");
                    let local = at.with_timezone(&scope.time_zone);
                    let minutes = i64::from(row.get::<i32, _>("minutes_spent"));
                    let record = [
                        local.format("%Y-%m-%d").to_string(),
                        local.format("%H:%M").to_string(),
                        at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                        cell(row.get::<&str, _>("slug")),
                        cell(row.get::<&str, _>("category")),
                        minutes.to_string(),
                        cell(row.get::<&str, _>("description")),
                        row.get::<Uuid, _>("id").to_string(),
                    ];
                    if out.write_record(&record).is_err() {
                        failed = Some("csv encoding failed".into());
                        break;
                    }
                    if out.get_ref().len() >= CHUNK {
                        let full = std::mem::replace(&mut out, new_writer());
                        let chunk = Bytes::from(full.into_inner().unwrap_or_default());
                        if sender.send(Ok(chunk)).await.is_err() {
                            return; // the client went away
                        }
                    }
                }
            }
            if let Some(err) = failed {
                tracing::error!(error = %err, "work-log export failed");
                let _ = sender
                    .send(Err(std::io::Error::other("export failed")))
                    .await;
                return;
            }
            let rest = Bytes::from(out.into_inner().unwrap_or_default());
            let _ = sender.send(Ok(rest)).await;
            let _ = tx.commit().await;
        });
        Ok(CsvExport {
            filename,
            period: period_dto,
            chunks,
        })
    }
}

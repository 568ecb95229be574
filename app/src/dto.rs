//! Wire shapes shared by server functions, the JSON API (design.md §7) and the components.
//! Field names are part of the API contract: add fields, never rename them.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::domain::{PeriodKind, UsagePeriod};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodDto {
    pub kind: PeriodKind,
    /// First instant of the period (RFC 3339).
    pub start: DateTime<Utc>,
    /// First instant after the period (exclusive).
    pub end: DateTime<Utc>,
    /// First local date, inclusive.
    pub from: NaiveDate,
    /// Last local date, inclusive.
    pub to: NaiveDate,
    pub time_zone: String,
}

impl PeriodDto {
    pub fn new(period: &UsagePeriod, tz: Tz) -> Self {
        let (start, end) = period.bounds(tz);
        PeriodDto {
            kind: period.kind(),
            start,
            end,
            from: period.from(),
            to: period.to(),
            time_zone: tz.name().to_owned(),
        }
    }
}

/// A tenant named by its slug, for links and labels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamedRef {
    pub slug: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryUsage {
    pub category: String,
    pub minutes: i64,
    pub entry_count: i64,
}

/// `GET /api/v1/orgs/{org_slug}/usage` and the `UsageSummaryCard`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsageSummaryData {
    pub period: PeriodDto,
    pub organization: NamedRef,
    /// The provider the figures are narrowed to, if any.
    pub provider: Option<NamedRef>,
    /// Providers serving this organization that the viewer may filter by.
    pub providers: Vec<NamedRef>,
    pub total_minutes: i64,
    pub entry_count: i64,
    /// All-time grants minus all-time usage; negative when overrun.
    pub remaining_minutes: i64,
    /// Largest first, ties by name.
    pub by_category: Vec<CategoryUsage>,
}

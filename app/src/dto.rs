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
    pub pace: UsagePace,
}

/// The signed-in user and the tenants they belong to (the dashboard shell).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedInUser {
    pub email: String,
    pub display_name: String,
    /// Organizations the user is a member of (customer side), by name.
    pub organizations: Vec<NamedRef>,
    /// Providers the user works for, by name.
    pub providers: Vec<NamedRef>,
}

impl SignedInUser {
    /// Where `/dashboard` sends the user: their first organization's credits page, else their
    /// first provider's overview.
    pub fn home_path(&self) -> Option<String> {
        if let Some(org) = self.organizations.first() {
            return Some(format!("/dashboard/org/{}/credits", org.slug));
        }
        self.providers
            .first()
            .map(|p| format!("/dashboard/provider/{}", p.slug))
    }
}

/// One month of a provider's work (design.md §4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderMonth {
    pub period: PeriodDto,
    pub total_minutes: i64,
    pub entry_count: i64,
    /// Linked customers with at least one entry in the month (this month only).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub active_customers: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopCustomer {
    pub organization_slug: String,
    pub organization_name: String,
    pub minutes_this_month: i64,
}

/// `GET /api/v1/providers/{provider_slug}/usage` and the provider's overview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderUsageSummaryData {
    pub provider: NamedRef,
    pub this_month: ProviderMonth,
    pub last_month: ProviderMonth,
    /// Largest first (ties by name), at most five, only customers with usage this month.
    pub top_customers: Vec<TopCustomer>,
}

/// Whether the remaining credits can be projected forward.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaceStatus {
    /// Credits remain and there is recent usage: `runs_out_on` is set.
    Projected,
    /// Credits remain but nothing was used in the trailing weeks.
    NoUsage,
    /// Nothing remains (or less than nothing).
    Overrun,
}

/// Usage pacing: the average over the trailing weeks, and when the remaining credits run out at
/// that pace (same provider scope as the summary; independent of the selected period).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsagePace {
    pub trailing_weeks: i64,
    pub average_minutes_per_week: i64,
    pub status: PaceStatus,
    /// Local date (org time zone) on which the credits run out at the current pace.
    pub runs_out_on: Option<NaiveDate>,
}

/// One work log entry (`GET /api/v1/orgs/{org_slug}/work-logs`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkLogEntry {
    pub id: String,
    pub performed_at: DateTime<Utc>,
    pub category: String,
    pub minutes_spent: i64,
    pub description: String,
    /// The provider's slug.
    pub provider: String,
    pub provider_name: String,
}

/// A page of work log entries, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkLogsPage {
    pub period: PeriodDto,
    pub entries: Vec<WorkLogEntry>,
    /// Pass as `cursor` for the next (older) page; `None` on the last page.
    pub next_cursor: Option<String>,
}

/// A credit grant (purchase or top-up): the orders history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditGrantEntry {
    pub granted_at: DateTime<Utc>,
    pub minutes: i64,
    pub provider: String,
    pub provider_name: String,
    pub note: String,
}

/// One linked customer in the provider's breakdown (`GET /api/v1/providers/{slug}/customers`).
/// Only this provider's work counts, even for a customer it shares with another provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerUsageRow {
    pub organization_slug: String,
    pub organization_name: String,
    pub this_month_minutes: i64,
    pub last_month_minutes: i64,
    pub this_quarter_minutes: i64,
    pub trend: crate::domain::TrendKind,
    /// round((this − last) / last × 100); `None` when last month was 0.
    pub change_percent: Option<i64>,
}

/// Every linked customer, including those without usage; this month first, largest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerUsageBreakdownData {
    pub provider: NamedRef,
    pub this_month: PeriodDto,
    pub last_month: PeriodDto,
    pub this_quarter: PeriodDto,
    pub customers: Vec<CustomerUsageRow>,
}

/// The provider's Orders page: its credit grants, newest first, with what the page needs to
/// show them (name, time zone) so it asks for nothing else.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderOrdersData {
    pub provider: NamedRef,
    pub time_zone: String,
    pub grants: Vec<ProviderGrantEntry>,
}

/// A credit grant from the provider's side: the Orders list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderGrantEntry {
    pub granted_at: DateTime<Utc>,
    pub minutes: i64,
    pub organization_slug: String,
    pub organization_name: String,
    pub note: String,
}

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

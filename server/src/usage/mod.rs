//! The SQL behind `app::services::UsageService` (design.md §4). Aggregation happens here, in
//! PostgreSQL, inside the tenant-scoped transaction; the browser only ever receives totals.
//! Every query also filters by tenant explicitly (see [`scope`]): row-level security is the
//! safety net, the WHERE clause is what the planner uses.

pub mod export;
mod org;
mod provider;
mod scope;

use app::domain::Slug;
use app::dto::{
    CreditGrantEntry, CustomerUsageBreakdownData, ProviderOrdersData, ProviderUsageSummaryData,
    UsageSummaryData, WorkLogsPage,
};
use app::queries::{UsageQuery, WorkLogsQuery};
use app::services::{Principal, ServiceError, UsageService};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::db::Db;

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

#[derive(Clone)]
pub struct PgUsageService {
    db: Db,
    clock: Clock,
}

impl PgUsageService {
    pub fn new(db: Db, clock: Clock) -> Self {
        PgUsageService { db, clock }
    }
}

#[async_trait]
impl UsageService for PgUsageService {
    async fn org_usage_summary(
        &self,
        principal: &Principal,
        query: &UsageQuery,
    ) -> Result<UsageSummaryData, ServiceError> {
        self.summary(principal, query).await
    }

    async fn org_work_logs(
        &self,
        principal: &Principal,
        query: &WorkLogsQuery,
    ) -> Result<WorkLogsPage, ServiceError> {
        self.work_logs(principal, query).await
    }

    async fn org_credit_grants(
        &self,
        principal: &Principal,
        query: &UsageQuery,
    ) -> Result<Vec<CreditGrantEntry>, ServiceError> {
        self.credit_grants(principal, query).await
    }

    async fn provider_usage_summary(
        &self,
        principal: &Principal,
        provider: &Slug,
    ) -> Result<ProviderUsageSummaryData, ServiceError> {
        self.provider_summary(principal, provider).await
    }

    async fn customer_usage_breakdown(
        &self,
        principal: &Principal,
        provider: &Slug,
    ) -> Result<CustomerUsageBreakdownData, ServiceError> {
        self.breakdown(principal, provider).await
    }

    async fn provider_credit_grants(
        &self,
        principal: &Principal,
        provider: &Slug,
    ) -> Result<ProviderOrdersData, ServiceError> {
        self.provider_grants(principal, provider).await
    }
}

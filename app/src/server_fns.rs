//! Server functions: public endpoints, so each one authorises itself. They stay thin: principal
//! from context, parse the arguments into domain types, one service call, map the error.

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::domain::Slug;
use crate::dto::{
    CreditGrantEntry, CustomerUsageBreakdownData, ProviderOrdersData, ProviderUsageSummaryData,
    SignedInUser, UsageSummaryData, WorkLogsPage,
};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::queries::{UsageQuery, WorkLogsQuery};

/// Gives an error its HTTP status (server functions answer 500 otherwise), so a client
/// mistake is never reported as a server failure.
#[cfg(feature = "ssr")]
fn with_status<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(err) = &result
        && let Some(response) = use_context::<leptos_axum::ResponseOptions>()
        && let Ok(status) = http::StatusCode::from_u16(err.status())
    {
        response.set_status(status);
    }
    result
}

/// A provider slug from a URL: one that cannot exist is simply not found.
#[cfg(feature = "ssr")]
fn provider_slug(value: &str) -> Result<Slug, AppError> {
    Slug::parse(value).map_err(|_| AppError::NotFound)
}

/// The customer usage summary (plan: `useOrgUsageSummary`).
#[server(endpoint = "org_usage_summary")]
pub async fn org_usage_summary(
    org: String,
    period: Option<String>,
    from: Option<String>,
    to: Option<String>,
    provider: Option<String>,
) -> Result<UsageSummaryData, AppError> {
    with_status(
        async {
            let (services, principal) = crate::services::request_context().await?;
            let query = UsageQuery::parse(
                &org,
                period.as_deref(),
                from.as_deref(),
                to.as_deref(),
                provider.as_deref(),
            )?;
            Ok(services.usage.org_usage_summary(&principal, &query).await?)
        }
        .await,
    )
}

/// A page of the work-log drill-down (plan: `WorkLogsTable`), newest first.
#[server(endpoint = "org_work_logs")]
pub async fn org_work_logs(
    org: String,
    period: Option<String>,
    from: Option<String>,
    to: Option<String>,
    provider: Option<String>,
    cursor: Option<String>,
) -> Result<WorkLogsPage, AppError> {
    with_status(
        async {
            let (services, principal) = crate::services::request_context().await?;
            let usage = UsageQuery::parse(
                &org,
                period.as_deref(),
                from.as_deref(),
                to.as_deref(),
                provider.as_deref(),
            )?;
            let query = WorkLogsQuery::parse(usage, None, cursor.as_deref())?;
            Ok(services.usage.org_work_logs(&principal, &query).await?)
        }
        .await,
    )
}

/// The organization's credit grants (orders), newest first.
#[server(endpoint = "org_credit_grants")]
pub async fn org_credit_grants(
    org: String,
    provider: Option<String>,
) -> Result<Vec<CreditGrantEntry>, AppError> {
    with_status(
        async {
            let (services, principal) = crate::services::request_context().await?;
            let query = UsageQuery::parse(&org, None, None, None, provider.as_deref())?;
            Ok(services.usage.org_credit_grants(&principal, &query).await?)
        }
        .await,
    )
}

/// The provider's summary (plan: `useProviderUsageSummary`).
#[server(endpoint = "provider_usage_summary")]
pub async fn provider_usage_summary(
    provider: String,
) -> Result<ProviderUsageSummaryData, AppError> {
    with_status(
        async {
            let (services, principal) = crate::services::request_context().await?;
            let provider = provider_slug(&provider)?;
            Ok(services
                .usage
                .provider_usage_summary(&principal, &provider)
                .await?)
        }
        .await,
    )
}

/// Every linked customer with this month, last month, this quarter and the trend (plan:
/// `useCustomerUsageBreakdown`).
#[server(endpoint = "customer_usage_breakdown")]
pub async fn customer_usage_breakdown(
    provider: String,
) -> Result<CustomerUsageBreakdownData, AppError> {
    with_status(
        async {
            let (services, principal) = crate::services::request_context().await?;
            let provider = provider_slug(&provider)?;
            Ok(services
                .usage
                .customer_usage_breakdown(&principal, &provider)
                .await?)
        }
        .await,
    )
}

/// The provider's credit grants to its customers (the Orders page).
#[server(endpoint = "provider_credit_grants")]
pub async fn provider_credit_grants(provider: String) -> Result<ProviderOrdersData, AppError> {
    with_status(
        async {
            let (services, principal) = crate::services::request_context().await?;
            let provider = provider_slug(&provider)?;
            Ok(services
                .usage
                .provider_credit_grants(&principal, &provider)
                .await?)
        }
        .await,
    )
}

/// The signed-in user, or `None` when nobody is signed in (not an error: pages redirect).
#[server(endpoint = "current_user")]
pub async fn current_user() -> Result<Option<SignedInUser>, AppError> {
    with_status(
        async {
            let (services, principal) = crate::services::optional_request_context().await?;
            match principal {
                Some(principal) => Ok(Some(services.accounts.current_user(&principal).await?)),
                None => Ok(None),
            }
        }
        .await,
    )
}

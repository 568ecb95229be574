//! Server functions: public endpoints, so each one authorises itself. They stay thin: principal
//! from context, parse the arguments into domain types, one service call, map the error.

use leptos::prelude::*;

use crate::dto::UsageSummaryData;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::queries::UsageQuery;

#[server(endpoint = "org_usage_summary")]
pub async fn org_usage_summary(
    org: String,
    period: Option<String>,
    from: Option<String>,
    to: Option<String>,
    provider: Option<String>,
) -> Result<UsageSummaryData, AppError> {
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

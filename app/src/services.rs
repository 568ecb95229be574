//! The service layer's contract (server only). `app` defines what the pages and the API need;
//! `server` implements it with SQL and provides it through Leptos context and axum state, so
//! that a page, an export and the API call the very same methods.

use std::sync::Arc;

use async_trait::async_trait;
use uuid::Uuid;

use crate::domain::Slug;
use crate::dto::{
    CreditGrantEntry, CustomerUsageBreakdownData, ProviderOrdersData, ProviderUsageSummaryData,
    SignedInUser, UsageSummaryData, WorkLogsPage,
};
use crate::error::AppError;
use crate::queries::{UsageQuery, WorkLogsQuery};

/// The authenticated user a request acts for. Every service method takes one; only the auth
/// layer (in `server`) creates them, after it has verified who is asking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    user_id: Uuid,
}

impl Principal {
    /// For the authentication layer only: the caller vouches that `user_id` is verified.
    pub fn from_verified_user_id(user_id: Uuid) -> Self {
        Principal { user_id }
    }

    pub fn user_id(&self) -> Uuid {
        self.user_id
    }
}

type Cause = Box<dyn std::error::Error + Send + Sync>;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// The resource does not exist or is not visible to the principal.
    #[error("not found")]
    NotFound,
    /// A parameter was well-formed but does not fit (e.g. a provider that does not serve the org).
    #[error("{message}")]
    BadRequest { param: String, message: String },
    /// The database could not be reached or timed out: retrying may help.
    #[error("storage unavailable")]
    Unavailable(#[source] Cause),
    /// A bug or an unexpected state.
    #[error("internal error")]
    Internal(#[source] Cause),
}

impl From<ServiceError> for AppError {
    fn from(err: ServiceError) -> Self {
        match err {
            ServiceError::NotFound => AppError::NotFound,
            ServiceError::BadRequest { param, message } => AppError::BadRequest { param, message },
            ServiceError::Unavailable(cause) => {
                tracing::warn!(error = %cause, "service unavailable");
                AppError::Unavailable
            }
            ServiceError::Internal(cause) => {
                tracing::error!(error = %cause, "internal error");
                AppError::Internal
            }
        }
    }
}

#[async_trait]
pub trait UsageService: Send + Sync {
    /// Org usage for one period (design.md §4): totals, remaining credits and categories.
    async fn org_usage_summary(
        &self,
        principal: &Principal,
        query: &UsageQuery,
    ) -> Result<UsageSummaryData, ServiceError>;

    /// A page of the entries behind a usage summary (plan: `WorkLogsTable`), newest first.
    async fn org_work_logs(
        &self,
        principal: &Principal,
        query: &WorkLogsQuery,
    ) -> Result<WorkLogsPage, ServiceError>;

    /// The org's credit grants (orders), newest first, for the same provider scope.
    async fn org_credit_grants(
        &self,
        principal: &Principal,
        query: &UsageQuery,
    ) -> Result<Vec<CreditGrantEntry>, ServiceError>;

    /// A provider's own work across its customers, this month and last (design.md §4), in the
    /// provider's time zone. Only the provider's staff may ask.
    async fn provider_usage_summary(
        &self,
        principal: &Principal,
        provider: &Slug,
    ) -> Result<ProviderUsageSummaryData, ServiceError>;

    /// Every customer linked to the provider, with this month, last month, this quarter and the
    /// trend (plan: `useCustomerUsageBreakdown`), in one query.
    async fn customer_usage_breakdown(
        &self,
        principal: &Principal,
        provider: &Slug,
    ) -> Result<CustomerUsageBreakdownData, ServiceError>;

    /// The provider's credit grants to its customers (Orders), newest first.
    async fn provider_credit_grants(
        &self,
        principal: &Principal,
        provider: &Slug,
    ) -> Result<ProviderOrdersData, ServiceError>;
}

/// The signed-in user's own account.
#[async_trait]
pub trait AccountService: Send + Sync {
    /// The user and their memberships, for the dashboard shell and `/dashboard`.
    async fn current_user(&self, principal: &Principal) -> Result<SignedInUser, ServiceError>;
}

/// Turns an incoming request into the principal it acts for, if any.
#[async_trait]
pub trait Authenticator: Send + Sync {
    async fn principal(
        &self,
        request: &http::request::Parts,
    ) -> Result<Option<Principal>, ServiceError>;
}

/// Everything server functions reach through context.
#[derive(Clone)]
pub struct Services {
    pub usage: Arc<dyn UsageService>,
    pub accounts: Arc<dyn AccountService>,
    pub auth: Arc<dyn Authenticator>,
}

/// For server functions: the services and the signed-in principal of the current request.
pub async fn request_context() -> Result<(Services, Principal), AppError> {
    let (services, principal) = optional_request_context().await?;
    Ok((services, principal.ok_or(AppError::Unauthorized)?))
}

/// Like [`request_context`], for the few calls that also answer when nobody is signed in.
pub async fn optional_request_context() -> Result<(Services, Option<Principal>), AppError> {
    use leptos::prelude::use_context;
    let services = use_context::<Services>().ok_or_else(|| {
        tracing::error!("Services missing from the Leptos context");
        AppError::Internal
    })?;
    let parts = use_context::<http::request::Parts>().ok_or_else(|| {
        tracing::error!("request parts missing from the Leptos context");
        AppError::Internal
    })?;
    let principal = services.auth.principal(&parts).await?;
    Ok((services, principal))
}

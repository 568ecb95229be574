//! JSON API v1 (design.md §7). Handlers call the same service methods as the pages, so a page
//! and the API cannot disagree. Errors are `{"error": {"code", "message"}}`; nothing a client
//! sends produces a 500.

use app::error::AppError;
use app::queries::{QueryError, UsageQuery, WorkLogsQuery};
use app::services::{Principal, ServiceError};
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, StatusCode, header};
use serde::Deserialize;
use tower_sessions::Session;

use super::{AppState, ClientIp};
use crate::auth::{SignInError, principal_from_session};

/// An API error response.
pub struct ApiError(AppError);

impl From<AppError> for ApiError {
    fn from(err: AppError) -> Self {
        ApiError(err)
    }
}

impl From<ServiceError> for ApiError {
    fn from(err: ServiceError) -> Self {
        ApiError(err.into())
    }
}

impl From<QueryError> for ApiError {
    fn from(err: QueryError) -> Self {
        ApiError(err.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.0.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut body = serde_json::json!({ "error": { "code": self.0.code(), "message": self.0.to_string() } });
        if let AppError::BadRequest { param, .. } = &self.0 {
            body["error"]["param"] = serde_json::Value::String(param.clone());
        }
        (status, Json(body)).into_response()
    }
}

/// The signed-in principal, or 401.
async fn principal(session: &Session) -> Result<Principal, ApiError> {
    principal_from_session(session)
        .await?
        .ok_or(ApiError(AppError::Unauthorized))
}

#[derive(Deserialize)]
pub struct Credentials {
    email: String,
    password: String,
}

/// `POST /api/v1/session` `{"email","password"}` → 204 with the session cookie, 401, or 429.
pub async fn sign_in(
    State(state): State<AppState>,
    session: Session,
    ClientIp(client): ClientIp,
    body: Result<Json<Credentials>, JsonRejection>,
) -> Response {
    let Json(credentials) = match body {
        Ok(body) => body,
        Err(rejection) => {
            return ApiError(AppError::bad_request(
                "body",
                format!(
                    "expected JSON {{\"email\", \"password\"}}: {}",
                    rejection.body_text()
                ),
            ))
            .into_response();
        }
    };
    match state
        .sign_in
        .sign_in(&session, &credentials.email, &credentials.password, client)
        .await
    {
        Ok(_) => StatusCode::NO_CONTENT.into_response(),
        Err(SignInError::InvalidCredentials) => {
            let body = serde_json::json!({ "error": { "code": "invalid_credentials", "message": "the email or password is not right" } });
            (StatusCode::UNAUTHORIZED, Json(body)).into_response()
        }
        Err(SignInError::Throttled { retry_after }) => throttled(retry_after.as_secs().max(1)),
        Err(SignInError::Unavailable(cause)) => {
            tracing::warn!(error = %cause, "sign-in unavailable");
            ApiError(AppError::Unavailable).into_response()
        }
    }
}

fn throttled(seconds: u64) -> Response {
    let body = serde_json::json!({ "error": { "code": "too_many_attempts", "message": format!("too many sign-in attempts; try again in {seconds} seconds") } });
    let mut response = (StatusCode::TOO_MANY_REQUESTS, Json(body)).into_response();
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    response
}

/// `DELETE /api/v1/session` → 204; the session is deleted server-side.
pub async fn sign_out(State(state): State<AppState>, session: Session) -> Response {
    match state.sign_in.sign_out(&session).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(err) => {
            tracing::warn!(error = %err, "sign-out failed");
            ApiError(AppError::Unavailable).into_response()
        }
    }
}

/// `GET /api/v1/me`: the signed-in user and their memberships.
pub async fn me(State(state): State<AppState>, session: Session) -> Result<Response, ApiError> {
    let principal = principal(&session).await?;
    let user = state.services.accounts.current_user(&principal).await?;
    Ok(Json(user).into_response())
}

#[derive(Deserialize)]
pub struct PeriodParams {
    period: Option<String>,
    from: Option<String>,
    to: Option<String>,
    provider: Option<String>,
    limit: Option<String>,
    cursor: Option<String>,
}

type QueryResult = Result<Query<PeriodParams>, axum::extract::rejection::QueryRejection>;

fn usage_query(
    org_slug: &str,
    params: QueryResult,
) -> Result<(UsageQuery, PeriodParams), ApiError> {
    let Query(p) = params.map_err(|e| AppError::bad_request("query", e.body_text()))?;
    let query = UsageQuery::parse(
        org_slug,
        p.period.as_deref(),
        p.from.as_deref(),
        p.to.as_deref(),
        p.provider.as_deref(),
    )?;
    Ok((query, p))
}

/// `GET /api/v1/orgs/{org_slug}/usage?period=…&from=…&to=…&provider=…`
pub async fn org_usage(
    State(state): State<AppState>,
    session: Session,
    Path(org_slug): Path<String>,
    params: QueryResult,
) -> Result<Response, ApiError> {
    let principal = principal(&session).await?;
    let (query, _) = usage_query(&org_slug, params)?;
    let summary = state
        .services
        .usage
        .org_usage_summary(&principal, &query)
        .await?;
    Ok(Json(summary).into_response())
}

/// `GET /api/v1/orgs/{org_slug}/work-logs?<period params>&limit=&cursor=`: newest first.
pub async fn org_work_logs(
    State(state): State<AppState>,
    session: Session,
    Path(org_slug): Path<String>,
    params: QueryResult,
) -> Result<Response, ApiError> {
    let principal = principal(&session).await?;
    let (usage, p) = usage_query(&org_slug, params)?;
    let query = WorkLogsQuery::parse(usage, p.limit.as_deref(), p.cursor.as_deref())?;
    let page = state
        .services
        .usage
        .org_work_logs(&principal, &query)
        .await?;
    Ok(Json(page).into_response())
}

/// `GET /api/v1/orgs/{org_slug}/work-logs.csv?<period params>`: every entry, streamed.
pub async fn org_work_logs_csv(
    State(state): State<AppState>,
    session: Session,
    Path(org_slug): Path<String>,
    params: QueryResult,
) -> Result<Response, ApiError> {
    let principal = principal(&session).await?;
    let (query, _) = usage_query(&org_slug, params)?;
    let export = state
        .exports
        .export_work_logs_csv(&principal, &query)
        .await?;
    let chunks = futures_util::stream::unfold(export.chunks, |mut rx| async move {
        rx.recv().await.map(|chunk| (chunk, rx))
    });
    let disposition = format!("attachment; filename=\"{}\"", export.filename);
    let mut response = axum::body::Body::from_stream(chunks).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(response)
}

/// `GET /api/v1/providers/{provider_slug}/usage`
pub async fn provider_usage(
    State(state): State<AppState>,
    session: Session,
    Path(provider_slug): Path<String>,
) -> Result<Response, ApiError> {
    let principal = principal(&session).await?;
    let slug = app::domain::Slug::parse(&provider_slug).map_err(|_| AppError::NotFound)?;
    let summary = state
        .services
        .usage
        .provider_usage_summary(&principal, &slug)
        .await?;
    Ok(Json(summary).into_response())
}

/// `GET /api/v1/providers/{provider_slug}/customers`: every linked customer with this month,
/// last month, this quarter and the trend; this month, largest first.
pub async fn provider_customers(
    State(state): State<AppState>,
    session: Session,
    Path(provider_slug): Path<String>,
) -> Result<Response, ApiError> {
    let principal = principal(&session).await?;
    let slug = app::domain::Slug::parse(&provider_slug).map_err(|_| AppError::NotFound)?;
    let breakdown = state
        .services
        .usage
        .customer_usage_breakdown(&principal, &slug)
        .await?;
    Ok(Json(breakdown).into_response())
}

/// Anything else under `/api/v1`: a JSON 404 rather than an HTML page.
pub async fn not_found() -> ApiError {
    ApiError(AppError::NotFound)
}

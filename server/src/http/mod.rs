//! The HTTP surface: Leptos pages and server functions (which reach the services through
//! context), the sign-in form handlers, the JSON API, static files and a health check, behind
//! the session layer, the cross-site request check and the security headers.

mod api;
mod forms;
mod security;

use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, OnceLock};

use app::services::Services;
use app::{App, shell};
use axum::extract::{ConnectInfo, FromRef, FromRequestParts};
use axum::routing::{get, post};
use axum::{Router, middleware};
use http::request::Parts;
use leptos::prelude::*;
use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list};
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer, SessionStore};

use crate::auth::{IDLE_TIMEOUT, SESSION_COOKIE, SignInService};
use crate::usage::PgUsageService;

/// What the handlers share.
#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub services: Services,
    pub sign_in: Arc<SignInService>,
    /// The CSV export streams rows, which the `app` service trait does not model.
    pub exports: PgUsageService,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// How session cookies are issued.
#[derive(Debug, Clone, Copy, Default)]
pub struct CookiePolicy {
    /// Mark cookies `Secure` (set when the site is served over https).
    pub secure: bool,
}

/// The app's route list, generated once per process. Generating it sets a process-global flag
/// in Leptos that parks any resource first polled meanwhile, forever (leptos-rs/leptos#4773):
/// harmless for one router built before serving, but a hang when several routers are built
/// while others render (the test suite does exactly that).
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

pub fn router<S: SessionStore + Clone>(state: AppState, store: S, cookies: CookiePolicy) -> Router {
    let routes = route_list();
    let services = state.services.clone();
    let context = move || provide_context(services.clone());
    let sessions = SessionManagerLayer::new(store)
        .with_name(SESSION_COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(cookies.secure)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(IDLE_TIMEOUT));
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/login", post(forms::login))
        .route("/logout", post(forms::logout))
        .route("/api/v1/session", post(api::sign_in).delete(api::sign_out))
        .route("/api/v1/me", get(api::me))
        .route("/api/v1/orgs/{org_slug}/usage", get(api::org_usage))
        .route("/api/v1/orgs/{org_slug}/work-logs", get(api::org_work_logs))
        .route(
            "/api/v1/orgs/{org_slug}/work-logs.csv",
            get(api::org_work_logs_csv),
        )
        .route(
            "/api/v1/providers/{provider_slug}/usage",
            get(api::provider_usage),
        )
        .route(
            "/api/v1/providers/{provider_slug}/customers",
            get(api::provider_customers),
        )
        .route(
            "/api/v1/{*rest}",
            get(api::not_found)
                .post(api::not_found)
                .put(api::not_found)
                .delete(api::not_found),
        )
        .leptos_routes_with_context(&state.clone(), routes, context, {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .with_state(state)
        .layer(sessions)
        .layer(middleware::from_fn(security::reject_cross_site))
        .layer(middleware::from_fn(security::security_headers))
}

/// Leptos settings from the environment cargo-leptos provides, with our defaults when the
/// binary is started directly.
pub fn leptos_options() -> anyhow::Result<LeptosOptions> {
    let mut options = get_configuration(None)?.leptos_options;
    if options.output_name.is_empty() {
        options.output_name = "service-credits".into();
    }
    Ok(options)
}

/// The client's address, when the server knows it (throttling keys on it).
pub struct ClientIp(pub Option<IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientIp(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip()),
        ))
    }
}

//! The HTTP surface: Leptos pages and server functions (which reach the services through
//! context), static files, and a health check.

use app::services::Services;
use app::{App, shell};
use axum::{Router, routing::get};
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};

pub fn router(leptos_options: LeptosOptions, services: Services) -> Router {
    let routes = generate_route_list(App);
    let context = move || provide_context(services.clone());
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .leptos_routes_with_context(&leptos_options, routes, context, {
            let options = leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler(shell))
        .with_state(leptos_options)
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

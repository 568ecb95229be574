//! Service Credits: Leptos components, pages, routes, server functions, wire DTOs and the pure
//! domain logic shared by server and browser. Server-only pieces (the service traits) are behind
//! the `ssr` feature; `app` never talks to the database itself.

pub mod components;
pub mod domain;
pub mod dto;
pub mod error;
pub mod pages;
pub mod queries;
pub mod server_fns;
#[cfg(feature = "ssr")]
pub mod services;

use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{ParentRoute, Route, Router, Routes},
    path,
};

use crate::pages::{
    DashboardHome, DashboardLayout, Home, LoginPage, NotFound, OrgCredits, OrgWorkLogs,
    ProviderOrders, ProviderOverview, ProviderUsage,
};

/// The HTML document the server renders around the app.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    set_content_security_policy();
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                // No favicon yet: say so, rather than have every page request a missing file.
                <link rel="icon" href="data:," />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// A strict CSP for every rendered page: scripts only from this origin or carrying this
/// response's nonce (Leptos puts it on its hydration scripts), wasm allowed to compile
/// (`'wasm-unsafe-eval'`), no framing.
#[cfg(feature = "ssr")]
fn set_content_security_policy() {
    use leptos::nonce::use_nonce;
    let Some(response) = use_context::<leptos_axum::ResponseOptions>() else {
        return;
    };
    let nonce = use_nonce()
        .map(|n| format!(" 'nonce-{n}'"))
        .unwrap_or_default();
    let policy = format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{nonce}; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    );
    if let Ok(value) = http::HeaderValue::from_str(&policy) {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // Effects only run in the browser, so this flips once hydration has happened. Browser tests
    // wait for it before they use interactive elements.
    let (hydrated, set_hydrated) = signal(false);
    Effect::new(move |_| set_hydrated.set(true));

    view! {
        <Stylesheet id="leptos" href="/pkg/service-credits.css" />
        <Title text="Service Credits" />
        <Router>
            <div id="app" data-hydrated=move || if hydrated.get() { "true" } else { "false" }>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Home />
                    <Route path=path!("/login") view=LoginPage />
                    // Data pages render completely on the server (Async), so the HTML is right
                    // for the URL with JavaScript off and the status code is known.
                    <ParentRoute path=path!("/dashboard") view=DashboardLayout ssr=SsrMode::Async>
                        <Route path=path!("") view=DashboardHome ssr=SsrMode::Async />
                        <Route path=path!("org/:slug/credits") view=OrgCredits ssr=SsrMode::Async />
                        <Route path=path!("org/:slug/work-logs") view=OrgWorkLogs ssr=SsrMode::Async />
                        <Route path=path!("provider/:slug") view=ProviderOverview ssr=SsrMode::Async />
                        <Route path=path!("provider/:slug/usage") view=ProviderUsage ssr=SsrMode::Async />
                        <Route path=path!("provider/:slug/orders") view=ProviderOrders ssr=SsrMode::Async />
                    </ParentRoute>
                </Routes>
            </div>
        </Router>
    }
}

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
    components::{Route, Router, Routes},
    path,
};

use crate::pages::{Home, NotFound, OrgCredits};

/// The HTML document the server renders around the app.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
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
                    <Route
                        path=path!("/dashboard/org/:slug/credits")
                        view=OrgCredits
                        ssr=SsrMode::Async
                    />
                </Routes>
            </div>
        </Router>
    }
}

//! The dashboard shell: every `/dashboard/...` page renders inside it. It loads the signed-in
//! user once; without one it redirects to `/login?next=<this page>`.

use leptos::prelude::*;
use leptos_router::components::{Outlet, Redirect};
use leptos_router::hooks::use_location;

use crate::components::{DashboardSidebar, ErrorPanel};
use crate::domain::login_path;
use crate::server_fns::current_user;

#[component]
pub fn DashboardLayout() -> impl IntoView {
    let user = Resource::new(|| (), |_| current_user());
    let location = use_location();
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(Some(user)) => {
                        let name = user.display_name.clone();
                        let email = user.email.clone();
                        view! {
                            <div class="shell">
                                <DashboardSidebar user />
                                <div class="shell-main">
                                    <header class="topbar">
                                        <span class="user" title=email>{name}</span>
                                        <form method="post" action="/logout">
                                            <button type="submit" class="link-button">"Sign out"</button>
                                        </form>
                                    </header>
                                    <Outlet />
                                </div>
                            </div>
                        }
                            .into_any()
                    }
                    Ok(None) => {
                        let path = location.pathname.get_untracked();
                        let search = location.search.get_untracked();
                        let here = match search.as_str() {
                            "" => path,
                            s if s.starts_with('?') => format!("{path}{s}"),
                            s => format!("{path}?{s}"),
                        };
                        view! { <Redirect path=login_path(&here) /> }.into_any()
                    }
                    Err(err) => view! { <main class="page"><ErrorPanel err /></main> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/dashboard`: sends the user to their organization's credits or their provider's overview.
#[component]
pub fn DashboardHome() -> impl IntoView {
    let user = Resource::new(|| (), |_| current_user());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(Some(user)) => match user.home_path() {
                        Some(path) => view! { <Redirect path /> }.into_any(),
                        None => view! {
                            <main class="page">
                                <h1>"No access yet"</h1>
                                <p>"Your account is not a member of any organization or provider yet. Ask an administrator to add you."</p>
                            </main>
                        }
                            .into_any(),
                    },
                    Ok(None) => view! { <Redirect path="/login?next=/dashboard" /> }.into_any(),
                    Err(err) => view! { <main class="page"><ErrorPanel err /></main> }.into_any(),
                }
            })}
        </Suspense>
    }
}

//! `OrgCredits` (plan §1.1): the customer's credits page, `/dashboard/org/:slug/credits`. The
//! period comes from the query string, so the server renders the right figures for the URL.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::components::{ErrorPanel, UsageSummaryCard};
use crate::server_fns::org_usage_summary;

#[component]
pub fn OrgCredits() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let request = move || {
        let q = query.read();
        (
            params.read().get("slug").unwrap_or_default(),
            q.get("period"),
            q.get("from"),
            q.get("to"),
            q.get("provider"),
        )
    };
    let summary = Resource::new(request, |(org, period, from, to, provider)| {
        org_usage_summary(org, period, from, to, provider)
    });

    view! {
        <main class="page org-credits">
            <Suspense fallback=|| view! { <p class="loading">"Loading usage…"</p> }>
                {move || Suspend::new(async move {
                    match summary.await {
                        Ok(summary) => {
                            view! {
                                <h1>{summary.organization.name.clone()} " — Credits"</h1>
                                <UsageSummaryCard summary />
                            }
                                .into_any()
                        }
                        Err(err) => view! { <ErrorPanel err /> }.into_any(),
                    }
                })}
            </Suspense>
        </main>
    }
}

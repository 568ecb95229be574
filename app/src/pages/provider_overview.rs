//! `/dashboard/provider/:slug`: the provider's overview — this month and last month consumed,
//! active customers and the top customers, in the provider's time zone.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::components::{ErrorPanel, ProviderStats};
use crate::server_fns::provider_usage_summary;

#[component]
pub fn ProviderOverview() -> impl IntoView {
    let params = use_params_map();
    let summary = Resource::new(
        move || params.read().get("slug").unwrap_or_default(),
        provider_usage_summary,
    );
    view! {
        <main class="page provider-overview">
            <Suspense fallback=|| view! { <p class="loading">"Loading usage…"</p> }>
                {move || Suspend::new(async move {
                    match summary.await {
                        Ok(s) => {
                            let usage = format!("/dashboard/provider/{}/usage", s.provider.slug);
                            let this = s.this_month.period.clone();
                            view! {
                                <h1>{s.provider.name.clone()} " — Overview"</h1>
                                <p class="period-label">
                                    {format!("Months in {} · this month {} – {}", this.time_zone, this.from, this.to)}
                                </p>
                                <ProviderStats summary=s />
                                <p class="details-link">
                                    <a href=usage data-testid="usage-link">"See usage by customer →"</a>
                                </p>
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

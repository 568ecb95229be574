//! `/dashboard/provider/:slug`: the provider's overview — this month and last month consumed,
//! active customers and the top customers, in the provider's time zone.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::components::ErrorPanel;
use crate::domain::{format_hours, format_minutes_exact};
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
                            let this = s.this_month.clone();
                            let last = s.last_month.clone();
                            view! {
                                <h1>{s.provider.name.clone()} " — Overview"</h1>
                                <p class="period-label">
                                    {format!("Months in {} · this month {} – {}", this.period.time_zone, this.period.from, this.period.to)}
                                </p>
                                <section class="card" aria-label="Usage overview">
                                    <div class="stats">
                                        <div class="stat" data-testid="this-month" title=format_minutes_exact(this.total_minutes)>
                                            <span class="stat-value">{format_hours(this.total_minutes)}</span>
                                            <span class="stat-label">"consumed this month"</span>
                                        </div>
                                        <div class="stat" data-testid="last-month" title=format_minutes_exact(last.total_minutes)>
                                            <span class="stat-value">{format_hours(last.total_minutes)}</span>
                                            <span class="stat-label">"consumed last month"</span>
                                        </div>
                                        <div class="stat" data-testid="active-customers">
                                            <span class="stat-value">{this.active_customers.unwrap_or(0)}</span>
                                            <span class="stat-label">"active customers"</span>
                                        </div>
                                    </div>
                                    <h2>"Top customers this month"</h2>
                                    <ol class="top-customers">
                                        {s.top_customers
                                            .into_iter()
                                            .map(|c| view! {
                                                <li title=format_minutes_exact(c.minutes_this_month)>
                                                    <span>{c.organization_name}</span>
                                                    " "
                                                    <span class="hours">{format_hours(c.minutes_this_month)}</span>
                                                </li>
                                            })
                                            .collect_view()}
                                    </ol>
                                    <p class="details-link">
                                        <a href=format!("/dashboard/provider/{}/usage", s.provider.slug) data-testid="usage-link">
                                            "See usage by customer →"
                                        </a>
                                    </p>
                                </section>
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

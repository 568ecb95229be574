//! The provider's high-level figures (plan §2.1): consumed this month and last month, active
//! customers, and the top 5 customers this month.

use leptos::prelude::*;

use crate::domain::{format_hours, format_minutes_exact};
use crate::dto::ProviderUsageSummaryData;

/// This month, last month, active customers and the top 5.
#[component]
pub fn ProviderStats(summary: ProviderUsageSummaryData) -> impl IntoView {
    let this = summary.this_month.clone();
    let last = summary.last_month.clone();
    let active = this.active_customers.unwrap_or(0);
    view! {
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
                    <span class="stat-value">{active}</span>
                    <span class="stat-label">
                        {if active == 1 { "active organization" } else { "active organizations" }}
                    </span>
                </div>
            </div>
            <h2>"Top customers this month"</h2>
            {if summary.top_customers.is_empty() {
                view! { <p class="empty">"No usage this month yet."</p> }.into_any()
            } else {
                view! {
                    <ol class="top-customers" data-testid="top-customers">
                        {summary.top_customers.into_iter().map(|c| view! {
                            <li title=format_minutes_exact(c.minutes_this_month)>
                                <span>{c.organization_name}</span>" "
                                <span class="hours">{format_hours(c.minutes_this_month)}</span>
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
    }
    .into_any()
}

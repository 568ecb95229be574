//! `UsageSummaryCard` (plan §1.1): consumed, entries and remaining for the chosen period, then the
//! breakdown by category. Hours are shown with one decimal; exact minutes are in the tooltips.

use leptos::prelude::*;

use crate::components::{ProviderFilter, UsagePeriodSelector};
use crate::domain::{format_hours, format_minutes_exact};
use crate::dto::UsageSummaryData;
use crate::pages::usage_params::request_of;
use crate::queries::usage_href;

#[component]
pub fn UsageSummaryCard(summary: UsageSummaryData) -> impl IntoView {
    let (show_breakdown, set_show_breakdown) = signal(true);
    let overrun = summary.remaining_minutes < 0;
    let remaining_label = if overrun { "overrun" } else { "remaining" };
    let period = summary.period.clone();
    let categories = summary.by_category.clone();
    let has_categories = !categories.is_empty();
    let request = request_of(&period);
    let provider = summary.provider.as_ref().map(|p| p.slug.clone());
    let base = format!("/dashboard/org/{}", summary.organization.slug);
    let credits = format!("{base}/credits");
    let details = usage_href(&format!("{base}/work-logs"), &request, provider.as_deref());

    view! {
        <section class="card usage-summary" aria-labelledby="usage-summary-title">
            <header class="card-header">
                <h2 id="usage-summary-title">"Usage Summary"</h2>
                <UsagePeriodSelector
                    base=credits.clone()
                    current=Some(request)
                    from=Some(period.from.to_string())
                    to=Some(period.to.to_string())
                    provider=provider.clone()
                />
            </header>
            <p class="period-label" data-testid="period-label">
                {format!("{} – {} ({})", period.from, period.to, period.time_zone)}
                {summary.provider.as_ref().map(|p| format!(" · {} only", p.name))}
            </p>
            <ProviderFilter base=credits period=request providers=summary.providers.clone() current=provider />
            <div class="stats">
                <div class="stat" data-testid="consumed" title=format_minutes_exact(summary.total_minutes)>
                    <span class="stat-value">{format_hours(summary.total_minutes)}</span>
                    <span class="stat-label">"consumed"</span>
                </div>
                <div class="stat" data-testid="entries">
                    <span class="stat-value">{summary.entry_count}</span>
                    <span class="stat-label">"entries"</span>
                </div>
                <div
                    class="stat"
                    class:overrun=overrun
                    data-testid="remaining"
                    title=format_minutes_exact(summary.remaining_minutes)
                >
                    <span class="stat-value">{format_hours(summary.remaining_minutes)}</span>
                    <span class="stat-label">{remaining_label}</span>
                </div>
            </div>
            <div class="breakdown">
                <div class="breakdown-header">
                    <h3>"By Category"</h3>
                    <button
                        type="button"
                        class="link-button"
                        data-testid="toggle-breakdown"
                        aria-expanded=move || show_breakdown.get().to_string()
                        aria-controls="category-list"
                        on:click=move |_| set_show_breakdown.update(|v| *v = !*v)
                    >
                        {move || if show_breakdown.get() { "Hide" } else { "Show" }}
                    </button>
                </div>
                <Show when=move || has_categories fallback=|| view! { <p class="empty">"No work logged in this period."</p> }>
                    <ul id="category-list" class="category-list" hidden=move || !show_breakdown.get()>
                        {categories
                            .clone()
                            .into_iter()
                            .map(|c| {
                                view! {
                                    <li data-category=c.category.clone() title=format_minutes_exact(c.minutes)>
                                        <span class="category-name">{c.category.clone()}</span>
                                        <span class="category-hours">{format_hours(c.minutes)}</span>
                                        <span class="category-count">
                                            {format!("({} {})", c.entry_count, if c.entry_count == 1 { "entry" } else { "entries" })}
                                        </span>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </Show>
            </div>
            <p class="details-link">
                <a href=details data-testid="details-link">"View work log details →"</a>
            </p>
        </section>
    }
}

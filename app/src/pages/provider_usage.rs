//! `ProviderUsage` (plan §2.1): `/dashboard/provider/:slug/usage`. High-level stats (this month,
//! last month, active customers, top 5) and the per-customer breakdown with trends, sortable by
//! every column through the URL (`?sort=last_month&dir=asc`), in the provider's time zone.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::components::{ErrorPanel, ProviderStats};
use crate::domain::customer_sort::{SortKey, parse_descending, sort_customers};
use crate::domain::{Trend, TrendKind, format_hours, format_minutes_exact};
use crate::dto::CustomerUsageRow;
use crate::server_fns::{customer_usage_breakdown, provider_usage_summary};

#[component]
pub fn ProviderUsage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let summary = Resource::new(slug, provider_usage_summary);
    let breakdown = Resource::new(slug, customer_usage_breakdown);
    let sort = move || {
        let q = query.read();
        let key = SortKey::parse(q.get("sort").as_deref());
        (key, parse_descending(key, q.get("dir").as_deref()))
    };

    view! {
        <main class="page provider-usage">
            <Transition fallback=|| view! { <p class="loading">"Loading usage…"</p> }>
                {move || Suspend::new(async move {
                    let (summary, breakdown) = match (summary.await, breakdown.await) {
                        (Ok(s), Ok(b)) => (s, b),
                        (Err(err), _) | (_, Err(err)) => return view! { <ErrorPanel err /> }.into_any(),
                    };
                    let this = summary.this_month.clone();
                    let base = format!("/dashboard/provider/{}/usage", summary.provider.slug);
                    let provider_slug = summary.provider.slug.clone();
                    view! {
                        <h1>{summary.provider.name.clone()} " — Usage"</h1>
                        <p class="period-label" data-testid="time-zone">
                            {format!(
                                "Months and quarters in {} · this month {} – {}",
                                this.period.time_zone, this.period.from, this.period.to
                            )}
                        </p>
                        <ProviderStats summary />
                        <section class="card" aria-labelledby="breakdown-title">
                            <h2 id="breakdown-title">"Customer usage breakdown"</h2>
                            {move || {
                                let (key, descending) = sort();
                                let mut rows = breakdown.customers.clone();
                                sort_customers(&mut rows, key, descending);
                                view! { <BreakdownTable rows base=base.clone() provider=provider_slug.clone() key descending /> }
                                    .into_any()
                            }}
                        </section>
                    }
                        .into_any()
                })}
            </Transition>
        </main>
    }
}

#[component]
fn BreakdownTable(
    rows: Vec<CustomerUsageRow>,
    base: String,
    provider: String,
    key: SortKey,
    descending: bool,
) -> impl IntoView {
    let header = |label: &'static str, column: SortKey, numeric: bool| {
        let active = column == key;
        // Clicking the sorted column flips it; another column starts in its natural direction.
        let next_descending = if active {
            !descending
        } else {
            column.default_descending()
        };
        let href = format!(
            "{base}?sort={}&dir={}",
            column.as_str(),
            if next_descending { "desc" } else { "asc" }
        );
        let aria_sort = match (active, descending) {
            (false, _) => "none",
            (true, true) => "descending",
            (true, false) => "ascending",
        };
        let marker = match (active, descending) {
            (false, _) => "",
            (true, true) => " ▼",
            (true, false) => " ▲",
        };
        view! {
            <th scope="col" class:num=numeric aria-sort=aria_sort>
                <a href=href data-sort=column.as_str()>{label}{marker}</a>
            </th>
        }
    };
    view! {
        <table class="data-table breakdown" data-testid="breakdown">
            <thead>
                <tr>
                    {header("Customer", SortKey::Customer, false)}
                    {header("This Month", SortKey::ThisMonth, true)}
                    {header("Last Month", SortKey::LastMonth, true)}
                    {header("This Quarter", SortKey::ThisQuarter, true)}
                    {header("Trend", SortKey::Trend, true)}
                </tr>
            </thead>
            <tbody>
                {rows
                    .into_iter()
                    .map(|row| {
                        let trend = Trend { kind: row.trend, change_percent: row.change_percent };
                        let class = match row.trend {
                            TrendKind::Up => "trend trend-up",
                            TrendKind::Down => "trend trend-down",
                            TrendKind::New => "trend trend-new",
                            TrendKind::Same => "trend trend-same",
                        };
                        let spoken = match (row.trend, row.change_percent) {
                            (TrendKind::New, _) => "new this month".to_owned(),
                            (TrendKind::Up, Some(p)) => format!("up {p}% on last month"),
                            (TrendKind::Down, Some(p)) => format!("down {}% on last month", p.unsigned_abs()),
                            _ => "same as last month".to_owned(),
                        };
                        let href = format!("/dashboard/org/{}/credits?provider={provider}", row.organization_slug);
                        view! {
                            <tr data-customer=row.organization_slug.clone()>
                                <th scope="row"><a href=href>{row.organization_name}</a></th>
                                <td class="num" title=format_minutes_exact(row.this_month_minutes)>{format_hours(row.this_month_minutes)}</td>
                                <td class="num" title=format_minutes_exact(row.last_month_minutes)>{format_hours(row.last_month_minutes)}</td>
                                <td class="num" title=format_minutes_exact(row.this_quarter_minutes)>{format_hours(row.this_quarter_minutes)}</td>
                                <td class="num"><span class=class aria-label=spoken.clone() title=spoken>{trend.label()}</span></td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

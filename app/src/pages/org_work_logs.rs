//! `/dashboard/org/:slug/work-logs`: the drill-down behind the summary. Same period and
//! provider filter (from the URL), the period's total from the same service as the summary,
//! keyset pagination ("Older entries"), and the CSV of every entry.

use chrono_tz::Tz;
use leptos::prelude::*;

use crate::components::{ErrorPanel, ProviderFilter, UsagePeriodSelector, WorkLogsTable};
use crate::domain::{encode_query_value, format_hours, format_minutes_exact};
use crate::error::AppError;
use crate::pages::org_credits::InvalidPeriod;
use crate::pages::usage_params::{request_of, use_usage_params};
use crate::queries::usage_href;
use crate::server_fns::{org_usage_summary, org_work_logs};

#[component]
pub fn OrgWorkLogs() -> impl IntoView {
    let params = use_usage_params();
    let summary = Resource::new(
        move || {
            let mut p = params.get();
            p.cursor = None; // the total does not depend on the page
            p
        },
        |p| org_usage_summary(p.org, p.period, p.from, p.to, p.provider),
    );
    let page = Resource::new(
        move || params.get(),
        |p| org_work_logs(p.org, p.period, p.from, p.to, p.provider, p.cursor),
    );

    view! {
        <main class="page org-work-logs">
            <Transition fallback=|| view! { <p class="loading">"Loading work logs…"</p> }>
                {move || Suspend::new(async move {
                    let (summary, page) = (summary.await, page.await);
                    let (summary, page) = match (summary, page) {
                        (Ok(s), Ok(p)) => (s, p),
                        (Err(AppError::BadRequest { message, .. }), _) | (_, Err(AppError::BadRequest { message, .. })) => {
                            return view! { <InvalidPeriod params=params.get() message base_suffix="work-logs" /> }.into_any();
                        }
                        (Err(err), _) | (_, Err(err)) => return view! { <ErrorPanel err /> }.into_any(),
                    };
                    let time_zone: Tz = page.period.time_zone.parse().unwrap_or(Tz::UTC);
                    let request = request_of(&summary.period);
                    let provider = summary.provider.as_ref().map(|p| p.slug.clone());
                    let base = format!("/dashboard/org/{}", summary.organization.slug);
                    let here = format!("{base}/work-logs");
                    let first_page = usage_href(&here, &request, provider.as_deref());
                    let csv = usage_href(&format!("/api/v1/orgs/{}/work-logs.csv", summary.organization.slug), &request, provider.as_deref());
                    let older = page.next_cursor.clone().map(|c| format!("{first_page}&cursor={}", encode_query_value(&c)));
                    let on_later_page = params.get().cursor.is_some();
                    let empty = page.entries.is_empty();
                    view! {
                        <h1>{summary.organization.name.clone()} " — Work logs"</h1>
                        <section class="card">
                            <header class="card-header">
                                <h2>"Entries"</h2>
                                <UsagePeriodSelector
                                    base=here.clone()
                                    current=Some(request)
                                    from=Some(summary.period.from.to_string())
                                    to=Some(summary.period.to.to_string())
                                    provider=provider.clone()
                                />
                            </header>
                            <p class="period-label">
                                {format!("{} – {} ({})", summary.period.from, summary.period.to, summary.period.time_zone)}
                            </p>
                            <ProviderFilter base=here period=request providers=summary.providers.clone() current=provider />
                            <p class="period-total" data-testid="period-total" title=format_minutes_exact(summary.total_minutes)>
                                "Total: " <strong data-testid="total-hours">{format_hours(summary.total_minutes)}</strong>
                                {format!(" in {} {}", summary.entry_count, if summary.entry_count == 1 { "entry" } else { "entries" })}
                                " · " <a href=csv download data-testid="csv-link">"Download CSV (all entries)"</a>
                            </p>
                            {if empty {
                                view! { <p class="empty" data-testid="no-entries">"No work logged in this period."</p> }.into_any()
                            } else {
                                view! { <WorkLogsTable entries=page.entries time_zone /> }.into_any()
                            }}
                            <nav class="pager" aria-label="Pages">
                                {on_later_page.then(|| view! { <a href=first_page.clone()>"← Newest entries"</a> })}
                                {older.map(|href| view! { <a href=href data-testid="older">"Older entries →"</a> })}
                            </nav>
                            <p><a href=usage_href(&format!("{base}/credits"), &request, summary.provider.as_ref().map(|p| p.slug.as_str()))>"← Back to the summary"</a></p>
                        </section>
                    }
                        .into_any()
                })}
            </Transition>
        </main>
    }
}

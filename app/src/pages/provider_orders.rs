//! `/dashboard/provider/:slug/orders`: the credit grants the provider has made to its customers.

use chrono_tz::Tz;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::components::ErrorPanel;
use crate::domain::{format_hours, format_minutes_exact};
use crate::server_fns::provider_credit_grants;

#[component]
pub fn ProviderOrders() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let orders = Resource::new(slug, provider_credit_grants);
    view! {
        <main class="page provider-orders">
            <Transition fallback=|| view! { <p class="loading">"Loading orders…"</p> }>
                {move || Suspend::new(async move {
                    let orders = match orders.await {
                        Ok(orders) => orders,
                        Err(err) => return view! { <ErrorPanel err /> }.into_any(),
                    };
                    let time_zone: Tz = orders.time_zone.parse().unwrap_or(Tz::UTC);
                    let grants = orders.grants;
                    let total: i64 = grants.iter().map(|g| g.minutes).sum();
                    view! {
                        <h1>{orders.provider.name.clone()} " — Orders"</h1>
                        <section class="card">
                            <h2>"Credit grants"</h2>
                            {if grants.is_empty() {
                                view! { <p class="empty">"No credits granted yet."</p> }.into_any()
                            } else {
                                view! {
                                    <table class="data-table" data-testid="orders">
                                        <thead><tr><th scope="col">"Date"</th><th scope="col">"Customer"</th><th scope="col">"Note"</th><th scope="col" class="num">"Credits"</th></tr></thead>
                                        <tbody>
                                            {grants.into_iter().map(|g| view! {
                                                <tr>
                                                    <td>{g.granted_at.with_timezone(&time_zone).format("%Y-%m-%d").to_string()}</td>
                                                    <td>{g.organization_name}</td>
                                                    <td>{g.note}</td>
                                                    <td class="num" title=format_minutes_exact(g.minutes)>{format_hours(g.minutes)}</td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                        <tfoot><tr><th scope="row" colspan="3">"Total granted"</th><td class="num">{format_hours(total)}</td></tr></tfoot>
                                    </table>
                                }.into_any()
                            }}
                        </section>
                    }
                        .into_any()
                })}
            </Transition>
        </main>
    }
}

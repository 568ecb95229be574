//! The organization's credit grants (purchases and top-ups): the orders history.

use chrono_tz::Tz;
use leptos::prelude::*;

use crate::domain::{format_hours, format_minutes_exact};
use crate::dto::CreditGrantEntry;

#[component]
pub fn CreditGrants(grants: Vec<CreditGrantEntry>, time_zone: Tz) -> impl IntoView {
    let total: i64 = grants.iter().map(|g| g.minutes).sum();
    view! {
        <section class="card grants" aria-labelledby="grants-title">
            <h2 id="grants-title">"Credit grants"</h2>
            {if grants.is_empty() {
                view! { <p class="empty">"No credits have been granted yet."</p> }.into_any()
            } else {
                view! {
                    <table class="data-table">
                        <thead>
                            <tr><th scope="col">"Date"</th><th scope="col">"Provider"</th><th scope="col">"Note"</th><th scope="col" class="num">"Credits"</th></tr>
                        </thead>
                        <tbody>
                            {grants
                                .into_iter()
                                .map(|g| view! {
                                    <tr>
                                        <td>{g.granted_at.with_timezone(&time_zone).format("%Y-%m-%d").to_string()}</td>
                                        <td>{g.provider_name}</td>
                                        <td>{g.note}</td>
                                        <td class="num" title=format_minutes_exact(g.minutes)>{format_hours(g.minutes)}</td>
                                    </tr>
                                })
                                .collect_view()}
                        </tbody>
                        <tfoot>
                            <tr><th scope="row" colspan="3">"Total granted"</th><td class="num" title=format_minutes_exact(total)>{format_hours(total)}</td></tr>
                        </tfoot>
                    </table>
                }
                    .into_any()
            }}
        </section>
    }
}

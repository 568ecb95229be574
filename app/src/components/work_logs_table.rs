//! `WorkLogsTable` (plan §1.3): the read-only entries of a period, newest first, with times in
//! the organization's time zone and exact minutes in the tooltips.

use chrono_tz::Tz;
use leptos::prelude::*;

use crate::domain::{format_hours, format_minutes_exact};
use crate::dto::WorkLogEntry;

#[component]
pub fn WorkLogsTable(entries: Vec<WorkLogEntry>, time_zone: Tz) -> impl IntoView {
    view! {
        <table class="data-table work-logs" data-testid="work-logs">
            <thead>
                <tr>
                    <th scope="col">"Date"</th>
                    <th scope="col">"Provider"</th>
                    <th scope="col">"Category"</th>
                    <th scope="col">"Description"</th>
                    <th scope="col" class="num">"Duration"</th>
                </tr>
            </thead>
            <tbody>
                {entries
                    .into_iter()
                    .map(|e| {
                        let local = e.performed_at.with_timezone(&time_zone);
                        view! {
                            <tr data-minutes=e.minutes_spent>
                                <td><time datetime=e.performed_at.to_rfc3339()>{local.format("%Y-%m-%d %H:%M").to_string()}</time></td>
                                <td>{e.provider_name}</td>
                                <td>{e.category}</td>
                                <td>{e.description}</td>
                                <td class="num" title=format_minutes_exact(e.minutes_spent)>{format_hours(e.minutes_spent)}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

//! The usage pacing card: the average use per week over the trailing weeks, and when the
//! remaining credits run out at that pace.

use leptos::prelude::*;

use crate::domain::{format_hours, format_minutes_exact};
use crate::dto::{PaceStatus, UsagePace};

#[component]
pub fn PacingCard(pace: UsagePace, remaining_minutes: i64) -> impl IntoView {
    let weeks = pace.trailing_weeks;
    let average = format_hours(pace.average_minutes_per_week);
    let message = match (pace.status, pace.runs_out_on) {
        (PaceStatus::Projected, Some(date)) => format!(
            "At this pace the remaining {} last until about {}.",
            format_hours(remaining_minutes),
            date.format("%-d %B %Y")
        ),
        (PaceStatus::Projected, None) => {
            "At this pace the remaining credits last for decades.".to_owned()
        }
        (PaceStatus::NoUsage, _) => {
            format!("No usage to project: nothing was logged in the last {weeks} weeks.")
        }
        (PaceStatus::Overrun, _) if remaining_minutes < 0 => format!(
            "Already overrun by {}: new work is not covered by credits.",
            format_hours(-remaining_minutes)
        ),
        (PaceStatus::Overrun, _) => "All credits are used up.".to_owned(),
    };
    view! {
        <section class="card pacing" aria-labelledby="pacing-title" data-testid="pacing">
            <h2 id="pacing-title">"Usage pacing"</h2>
            <p>
                <strong title=format_minutes_exact(pace.average_minutes_per_week)>{average}</strong>
                {format!(" per week on average over the last {weeks} weeks.")}
            </p>
            <p class="pace-projection" class:overrun=pace.status == PaceStatus::Overrun>{message}</p>
        </section>
    }
}

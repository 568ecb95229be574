//! Usage pacing: at the average pace of the trailing weeks, when do the remaining credits run
//! out? ("Hours left ÷ weeks left" is what people ask for; almost nobody answers it.)

use chrono::{Days, NaiveDate};

use crate::dto::{PaceStatus, UsagePace};

/// How many trailing weeks the average covers.
pub const TRAILING_WEEKS: i64 = 8;

/// `recent_minutes` were used in the `TRAILING_WEEKS` weeks up to `today`; `remaining_minutes`
/// are left. The run-out date is the last day on which some credit is left at that pace.
pub fn project(remaining_minutes: i64, recent_minutes: i64, today: NaiveDate) -> UsagePace {
    let average = div_round(recent_minutes, TRAILING_WEEKS);
    let (status, runs_out_on) = if remaining_minutes <= 0 {
        (PaceStatus::Overrun, None)
    } else if recent_minutes <= 0 {
        (PaceStatus::NoUsage, None)
    } else {
        // days = remaining / (recent / (7 × weeks)), in integers.
        let days = i128::from(remaining_minutes) * 7 * i128::from(TRAILING_WEEKS)
            / i128::from(recent_minutes);
        let days = u64::try_from(days).unwrap_or(u64::MAX).min(365 * 100);
        (
            PaceStatus::Projected,
            today.checked_add_days(Days::new(days)),
        )
    };
    UsagePace {
        trailing_weeks: TRAILING_WEEKS,
        average_minutes_per_week: average,
        status,
        runs_out_on,
    }
}

fn div_round(n: i64, d: i64) -> i64 {
    (n + d / 2).div_euclid(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn remaining_credits_are_projected_at_the_trailing_average() {
        // 16 h in 8 weeks = 2 h a week; 10 h left last 5 weeks = 35 days.
        let pace = project(600, 960, d(2026, 12, 4));
        assert_eq!(pace.average_minutes_per_week, 120);
        assert_eq!(pace.status, PaceStatus::Projected);
        assert_eq!(pace.runs_out_on, Some(d(2027, 1, 8)));
    }

    #[test]
    fn nothing_to_project_without_usage_or_credits() {
        assert_eq!(project(600, 0, d(2026, 12, 4)).status, PaceStatus::NoUsage);
        let overrun = project(-30, 500, d(2026, 12, 4));
        assert_eq!(
            (overrun.status, overrun.runs_out_on),
            (PaceStatus::Overrun, None)
        );
        assert_eq!(project(0, 500, d(2026, 12, 4)).status, PaceStatus::Overrun);
    }

    #[test]
    fn tiny_usage_does_not_overflow_the_calendar() {
        let pace = project(i64::MAX / 2, 1, d(2026, 12, 4));
        assert_eq!(pace.status, PaceStatus::Projected);
        assert!(pace.runs_out_on.unwrap().year() >= 2126);
    }
    use chrono::Datelike;
}

//! Period rules (design.md §3).
//!
//! A period is a half-open interval of instants `[start, end)` derived from inclusive *local*
//! dates in one time zone: the organization's for customer views, the provider's for provider
//! views. The request (`PeriodRequest`) is parsed at the edge without knowing the zone; it is
//! resolved to dates (`UsagePeriod`) once "today" is known in the right zone, and to instants
//! with [`UsagePeriod::bounds`].

use chrono::{DateTime, Datelike, Days, LocalResult, Months, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// Longest custom range accepted, in months (5 years).
pub const MAX_CUSTOM_SPAN_MONTHS: u32 = 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    CurrentMonth,
    PreviousMonth,
    CurrentQuarter,
    Custom,
}

impl PeriodKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PeriodKind::CurrentMonth => "current_month",
            PeriodKind::PreviousMonth => "previous_month",
            PeriodKind::CurrentQuarter => "current_quarter",
            PeriodKind::Custom => "custom",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum PeriodError {
    #[error("unknown period `{0}`: use current_month, previous_month, current_quarter or custom")]
    UnknownKind(String),
    #[error("`{param}` is required for a custom period (a date such as 2026-09-01)")]
    MissingDate { param: String },
    #[error("`{param}` is not a valid date: `{value}` (expected YYYY-MM-DD)")]
    InvalidDate { param: String, value: String },
    #[error("the start date {from} is after the end date {to}")]
    FromAfterTo { from: NaiveDate, to: NaiveDate },
    #[error("the range {from} to {to} is longer than 5 years")]
    TooLong { from: NaiveDate, to: NaiveDate },
}

impl PeriodError {
    /// The query parameter the error is about, for API error messages and inline hints.
    pub fn param(&self) -> &str {
        match self {
            PeriodError::UnknownKind(_) => "period",
            PeriodError::MissingDate { param } | PeriodError::InvalidDate { param, .. } => param,
            PeriodError::FromAfterTo { .. } | PeriodError::TooLong { .. } => "to",
        }
    }
}

/// A validated period request, independent of any time zone.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PeriodRequest {
    #[default]
    CurrentMonth,
    PreviousMonth,
    CurrentQuarter,
    /// Inclusive local dates, already checked: `from <= to` and at most five years.
    Custom {
        from: NaiveDate,
        to: NaiveDate,
    },
}

fn parse_date(param: &str, value: Option<&str>) -> Result<NaiveDate, PeriodError> {
    let value = value.map(str::trim).filter(|v| !v.is_empty());
    let Some(value) = value else {
        return Err(PeriodError::MissingDate {
            param: param.to_owned(),
        });
    };
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .ok()
        // Keep to four-digit years: anything else is a typo, and it keeps date math in range.
        .filter(|d| (1..=9999).contains(&d.year()))
        .ok_or_else(|| PeriodError::InvalidDate {
            param: param.to_owned(),
            value: value.chars().take(40).collect(),
        })
}

impl PeriodRequest {
    /// Parses the `period`, `from` and `to` query parameters. A missing or empty `period` means
    /// the current month; `from`/`to` are only read for `custom`.
    pub fn parse(
        period: Option<&str>,
        from: Option<&str>,
        to: Option<&str>,
    ) -> Result<Self, PeriodError> {
        match period.map(str::trim).unwrap_or("") {
            "" | "current_month" => Ok(PeriodRequest::CurrentMonth),
            "previous_month" => Ok(PeriodRequest::PreviousMonth),
            "current_quarter" => Ok(PeriodRequest::CurrentQuarter),
            "custom" => {
                let from = parse_date("from", from)?;
                let to = parse_date("to", to)?;
                Self::custom(from, to)
            }
            other => Err(PeriodError::UnknownKind(other.chars().take(40).collect())),
        }
    }

    /// A custom range with both dates inclusive.
    pub fn custom(from: NaiveDate, to: NaiveDate) -> Result<Self, PeriodError> {
        if from > to {
            return Err(PeriodError::FromAfterTo { from, to });
        }
        let limit = from.checked_add_months(Months::new(MAX_CUSTOM_SPAN_MONTHS));
        let end = to.checked_add_days(Days::new(1));
        match (limit, end) {
            (Some(limit), Some(end)) if end <= limit => Ok(PeriodRequest::Custom { from, to }),
            _ => Err(PeriodError::TooLong { from, to }),
        }
    }

    pub fn kind(&self) -> PeriodKind {
        match self {
            PeriodRequest::CurrentMonth => PeriodKind::CurrentMonth,
            PeriodRequest::PreviousMonth => PeriodKind::PreviousMonth,
            PeriodRequest::CurrentQuarter => PeriodKind::CurrentQuarter,
            PeriodRequest::Custom { .. } => PeriodKind::Custom,
        }
    }

    /// Resolves the request to local dates, given today's date in the view's time zone.
    pub fn resolve(&self, today: NaiveDate) -> UsagePeriod {
        match *self {
            PeriodRequest::CurrentMonth => UsagePeriod::current_month(today),
            PeriodRequest::PreviousMonth => UsagePeriod::previous_month(today),
            PeriodRequest::CurrentQuarter => UsagePeriod::current_quarter(today),
            PeriodRequest::Custom { from, to } => UsagePeriod {
                kind: PeriodKind::Custom,
                from,
                to,
            },
        }
    }

    /// The query-string pairs that reproduce this request (`period`, and `from`/`to` for custom).
    pub fn query_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = vec![("period", self.kind().as_str().to_owned())];
        if let PeriodRequest::Custom { from, to } = self {
            pairs.push(("from", from.to_string()));
            pairs.push(("to", to.to_string()));
        }
        pairs
    }
}

/// A period resolved to inclusive local dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct UsagePeriod {
    kind: PeriodKind,
    from: NaiveDate,
    to: NaiveDate,
}

fn first_of_month(date: NaiveDate) -> NaiveDate {
    date.with_day(1).expect("day 1 exists in every month")
}

impl UsagePeriod {
    fn month_span(kind: PeriodKind, first: NaiveDate, months: u32) -> Self {
        let next = first
            .checked_add_months(Months::new(months))
            .expect("dates are within chrono's range");
        UsagePeriod {
            kind,
            from: first,
            to: next.pred_opt().expect("dates are within chrono's range"),
        }
    }

    pub fn current_month(today: NaiveDate) -> Self {
        Self::month_span(PeriodKind::CurrentMonth, first_of_month(today), 1)
    }

    pub fn previous_month(today: NaiveDate) -> Self {
        let first = first_of_month(today)
            .checked_sub_months(Months::new(1))
            .expect("dates are within chrono's range");
        Self::month_span(PeriodKind::PreviousMonth, first, 1)
    }

    pub fn current_quarter(today: NaiveDate) -> Self {
        let first_month = (today.month0() / 3) * 3 + 1;
        let first = NaiveDate::from_ymd_opt(today.year(), first_month, 1)
            .expect("the first day of a quarter exists");
        Self::month_span(PeriodKind::CurrentQuarter, first, 3)
    }

    pub fn kind(&self) -> PeriodKind {
        self.kind
    }

    /// First local date, inclusive.
    pub fn from(&self) -> NaiveDate {
        self.from
    }

    /// Last local date, inclusive.
    pub fn to(&self) -> NaiveDate {
        self.to
    }

    /// `[local midnight of from, local midnight of the day after to)` as instants.
    pub fn bounds(&self, tz: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
        let end_date = self.to.succ_opt().expect("dates are within chrono's range");
        (local_midnight(self.from, tz), local_midnight(end_date, tz))
    }
}

/// The instant at which `date` begins in `tz`.
///
/// When midnight happens twice (clocks go back over it) the earlier one counts. When midnight
/// does not exist (clocks jump forward over it, as in America/Santiago) the day begins at the
/// first instant after the gap, which is the instant of the transition itself.
pub fn local_midnight(date: NaiveDate, tz: Tz) -> DateTime<Utc> {
    let midnight = date.and_hms_opt(0, 0, 0).expect("midnight is a valid time");
    match tz.from_local_datetime(&midnight) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(earliest, _) => earliest.with_timezone(&Utc),
        LocalResult::None => {
            // Walk forward to the first local minute that exists; that minute is the end of the
            // gap, which is the transition instant. Transitions fall on whole minutes in the tz
            // database, and the longest gap (a skipped calendar day) is 1440 steps.
            let mut probe = midnight;
            for _ in 0..=(48 * 60) {
                probe += chrono::Duration::minutes(1);
                if let Some(t) = tz.from_local_datetime(&probe).earliest() {
                    return t.with_timezone(&Utc);
                }
            }
            // No zone has a gap of two days; fall back to the UTC reading of the date.
            Utc.from_utc_datetime(&midnight)
        }
    }
}

/// Today's date in `tz` at the instant `now`.
pub fn today_in(tz: Tz, now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&tz).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, Timelike};
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn current_month_runs_from_the_first_to_the_last_day() {
        let p = UsagePeriod::current_month(d(2026, 2, 17));
        assert_eq!((p.from(), p.to()), (d(2026, 2, 1), d(2026, 2, 28)));
        let p = UsagePeriod::current_month(d(2028, 2, 29));
        assert_eq!((p.from(), p.to()), (d(2028, 2, 1), d(2028, 2, 29)));
    }

    #[test]
    fn previous_month_of_january_is_december_of_the_previous_year() {
        let p = UsagePeriod::previous_month(d(2027, 1, 1));
        assert_eq!((p.from(), p.to()), (d(2026, 12, 1), d(2026, 12, 31)));
        assert_eq!(p.kind(), PeriodKind::PreviousMonth);
    }

    #[test]
    fn current_quarter_is_the_calendar_quarter() {
        for (today, from, to) in [
            (d(2026, 1, 1), d(2026, 1, 1), d(2026, 3, 31)),
            (d(2026, 3, 31), d(2026, 1, 1), d(2026, 3, 31)),
            (d(2026, 4, 1), d(2026, 4, 1), d(2026, 6, 30)),
            (d(2026, 8, 15), d(2026, 7, 1), d(2026, 9, 30)),
            (d(2026, 12, 31), d(2026, 10, 1), d(2026, 12, 31)),
        ] {
            let p = UsagePeriod::current_quarter(today);
            assert_eq!((p.from(), p.to()), (from, to), "quarter of {today}");
        }
    }

    #[test]
    fn custom_range_includes_its_last_day() {
        let req =
            PeriodRequest::parse(Some("custom"), Some("2026-09-01"), Some("2026-09-30")).unwrap();
        let (start, end) = req.resolve(d(2030, 1, 1)).bounds(Tz::UTC);
        assert_eq!(start, utc("2026-09-01T00:00:00Z"));
        assert_eq!(end, utc("2026-10-01T00:00:00Z"));
    }

    #[test]
    fn bad_custom_ranges_name_the_problem() {
        let err = PeriodRequest::parse(Some("custom"), Some("2026-09-30"), Some("2026-09-01"))
            .unwrap_err();
        assert!(matches!(err, PeriodError::FromAfterTo { .. }));
        assert!(err.to_string().contains("after"));

        let err = PeriodRequest::parse(Some("custom"), Some("2026-13-01"), Some("2026-09-01"))
            .unwrap_err();
        assert_eq!(err.param(), "from");
        assert!(err.to_string().contains("2026-13-01"));

        let err = PeriodRequest::parse(Some("custom"), Some("2026-01-01"), None).unwrap_err();
        assert_eq!(err, PeriodError::MissingDate { param: "to".into() });

        let err = PeriodRequest::parse(Some("weekly"), None, None).unwrap_err();
        assert_eq!(err.param(), "period");

        // Exactly five years is allowed; one day more is not.
        assert!(PeriodRequest::custom(d(2020, 1, 1), d(2024, 12, 31)).is_ok());
        let err = PeriodRequest::custom(d(2020, 1, 1), d(2025, 1, 1)).unwrap_err();
        assert!(matches!(err, PeriodError::TooLong { .. }));
        assert!(
            PeriodRequest::parse(Some("custom"), Some("9999-12-31"), Some("9999-12-31")).is_ok()
        );
    }

    #[test]
    fn a_missing_period_means_the_current_month() {
        assert_eq!(
            PeriodRequest::parse(None, None, None),
            Ok(PeriodRequest::CurrentMonth)
        );
        assert_eq!(
            PeriodRequest::parse(Some(""), Some("x"), None),
            Ok(PeriodRequest::CurrentMonth)
        );
    }

    #[test]
    fn berlin_months_start_at_local_midnight_across_dst() {
        let tz: Tz = "Europe/Berlin".parse().unwrap();
        // March 2026: DST starts on the 29th, so the month is 31 days minus one hour long.
        let (start, end) = UsagePeriod::current_month(d(2026, 3, 10)).bounds(tz);
        assert_eq!(start, utc("2026-02-28T23:00:00Z"));
        assert_eq!(end, utc("2026-03-31T22:00:00Z"));
        assert_eq!(end - start, Duration::days(31) - Duration::hours(1));
        // The DST day itself is 23 hours long; the day clocks go back is 25.
        assert_eq!(
            local_midnight(d(2026, 3, 30), tz) - local_midnight(d(2026, 3, 29), tz),
            Duration::hours(23)
        );
        assert_eq!(
            local_midnight(d(2026, 10, 26), tz) - local_midnight(d(2026, 10, 25), tz),
            Duration::hours(25)
        );
    }

    #[test]
    fn new_york_previous_month_across_the_fall_back() {
        let tz: Tz = "America/New_York".parse().unwrap();
        let (start, end) = UsagePeriod::previous_month(d(2026, 12, 4)).bounds(tz);
        assert_eq!(start, utc("2026-11-01T04:00:00Z"));
        assert_eq!(end, utc("2026-12-01T05:00:00Z"));
    }

    #[test]
    fn half_hour_offsets_are_respected() {
        let kolkata: Tz = "Asia/Kolkata".parse().unwrap();
        assert_eq!(
            local_midnight(d(2026, 12, 1), kolkata),
            utc("2026-11-30T18:30:00Z")
        );
        let adelaide: Tz = "Australia/Adelaide".parse().unwrap();
        // Adelaide is on daylight time (+10:30) in January and standard time (+09:30) in July.
        assert_eq!(
            local_midnight(d(2027, 1, 1), adelaide),
            utc("2026-12-31T13:30:00Z")
        );
        assert_eq!(
            local_midnight(d(2026, 7, 1), adelaide),
            utc("2026-06-30T14:30:00Z")
        );
    }

    #[test]
    fn a_midnight_that_does_not_exist_resolves_to_the_first_instant_after_it() {
        // Chile springs forward at 00:00 local on 2026-09-06: 00:00-04 becomes 01:00-03.
        let tz: Tz = "America/Santiago".parse().unwrap();
        let date = d(2026, 9, 6);
        assert!(
            tz.from_local_datetime(&date.and_hms_opt(0, 0, 0).unwrap())
                .single()
                .is_none()
        );
        let start = local_midnight(date, tz);
        assert_eq!(start, utc("2026-09-06T04:00:00Z"));
        let local = start.with_timezone(&tz);
        assert_eq!(
            (local.date_naive(), local.hour(), local.minute()),
            (date, 1, 0)
        );
        // The instant just before is still on the previous day.
        assert_eq!(
            (start - Duration::seconds(1))
                .with_timezone(&tz)
                .date_naive(),
            d(2026, 9, 5)
        );
    }

    #[test]
    fn today_depends_on_the_time_zone() {
        let now = utc("2026-12-31T23:30:00Z");
        assert_eq!(today_in(Tz::UTC, now), d(2026, 12, 31));
        assert_eq!(
            today_in("Asia/Kolkata".parse().unwrap(), now),
            d(2027, 1, 1)
        );
    }

    const ZONES: [&str; 8] = [
        "UTC",
        "Europe/Berlin",
        "America/New_York",
        "Asia/Kolkata",
        "Australia/Adelaide",
        "America/Santiago",
        "Pacific/Chatham",
        "America/St_Johns",
    ];

    fn any_date() -> impl Strategy<Value = NaiveDate> {
        (1970i32..2100, 1u32..=12, 1u32..=31).prop_filter_map("valid date", |(y, m, day)| {
            NaiveDate::from_ymd_opt(y, m, day)
        })
    }

    proptest! {
        #[test]
        fn local_midnight_starts_the_date_it_belongs_to(date in any_date(), zone in 0usize..ZONES.len()) {
            let tz: Tz = ZONES[zone].parse().unwrap();
            let start = local_midnight(date, tz);
            // The instant is on `date`, and the instant before is on an earlier date.
            prop_assert_eq!(start.with_timezone(&tz).date_naive(), date);
            prop_assert!((start - Duration::seconds(1)).with_timezone(&tz).date_naive() < date);
        }

        #[test]
        fn every_instant_falls_in_exactly_one_month(secs in 0i64..4_102_444_800, zone in 0usize..ZONES.len()) {
            let tz: Tz = ZONES[zone].parse().unwrap();
            let instant = DateTime::from_timestamp(secs, 0).unwrap();
            let today = today_in(tz, instant);
            let (start, end) = UsagePeriod::current_month(today).bounds(tz);
            prop_assert!(start <= instant && instant < end);
            // Previous month ends exactly where the current month starts.
            let (_, prev_end) = UsagePeriod::previous_month(today).bounds(tz);
            prop_assert_eq!(prev_end, start);
            // The quarter contains the month.
            let (q_start, q_end) = UsagePeriod::current_quarter(today).bounds(tz);
            prop_assert!(q_start <= start && end <= q_end);
        }

        #[test]
        fn custom_ranges_are_accepted_exactly_when_ordered_and_short(a in any_date(), b in any_date()) {
            let result = PeriodRequest::custom(a, b);
            let within = a <= b && b < a.checked_add_months(Months::new(60)).unwrap();
            prop_assert_eq!(result.is_ok(), within);
            if let Ok(req) = result {
                let p = req.resolve(a);
                prop_assert_eq!((p.from(), p.to()), (a, b));
                let reparsed = PeriodRequest::parse(Some("custom"), Some(&a.to_string()), Some(&b.to_string()));
                prop_assert_eq!(reparsed, Ok(req));
            }
        }
    }
}

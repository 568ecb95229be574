//! Sorting the provider's customer breakdown by any column. The sort lives in the URL
//! (`?sort=last_month&dir=asc`), so it survives a reload and works without JavaScript; the same
//! function orders the rows on the server and in the browser.

use std::cmp::Ordering;

use crate::domain::TrendKind;
use crate::dto::CustomerUsageRow;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SortKey {
    Customer,
    ThisMonth,
    LastMonth,
    ThisQuarter,
    Trend,
}

impl SortKey {
    pub const ALL: [SortKey; 5] = [
        SortKey::Customer,
        SortKey::ThisMonth,
        SortKey::LastMonth,
        SortKey::ThisQuarter,
        SortKey::Trend,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SortKey::Customer => "customer",
            SortKey::ThisMonth => "this_month",
            SortKey::LastMonth => "last_month",
            SortKey::ThisQuarter => "this_quarter",
            SortKey::Trend => "trend",
        }
    }

    /// Unknown values fall back to the default (this month), never an error page.
    pub fn parse(value: Option<&str>) -> SortKey {
        SortKey::ALL
            .into_iter()
            .find(|k| Some(k.as_str()) == value)
            .unwrap_or(SortKey::ThisMonth)
    }

    /// Names read A→Z first; figures read largest first.
    pub fn default_descending(self) -> bool {
        self != SortKey::Customer
    }
}

/// `dir=asc|desc`, defaulting per column.
pub fn parse_descending(key: SortKey, dir: Option<&str>) -> bool {
    match dir {
        Some("asc") => false,
        Some("desc") => true,
        _ => key.default_descending(),
    }
}

/// Growth as a comparable number: NEW above any percentage, no usage at all lowest.
fn trend_rank(row: &CustomerUsageRow) -> (i32, i64) {
    match (row.trend, row.change_percent) {
        (TrendKind::New, _) => (2, 0),
        (_, Some(p)) => (1, p),
        (_, None) => (0, 0),
    }
}

/// Sorts by `key` (largest first when `descending`); ties always by name A→Z, then slug.
pub fn sort_customers(rows: &mut [CustomerUsageRow], key: SortKey, descending: bool) {
    rows.sort_by(|a, b| {
        let primary = match key {
            SortKey::Customer => a
                .organization_name
                .to_lowercase()
                .cmp(&b.organization_name.to_lowercase()),
            SortKey::ThisMonth => a.this_month_minutes.cmp(&b.this_month_minutes),
            SortKey::LastMonth => a.last_month_minutes.cmp(&b.last_month_minutes),
            SortKey::ThisQuarter => a.this_quarter_minutes.cmp(&b.this_quarter_minutes),
            SortKey::Trend => trend_rank(a).cmp(&trend_rank(b)),
        };
        let primary = if descending {
            primary.reverse()
        } else {
            primary
        };
        primary.then_with(|| by_name(a, b))
    });
}

fn by_name(a: &CustomerUsageRow, b: &CustomerUsageRow) -> Ordering {
    a.organization_name
        .cmp(&b.organization_name)
        .then_with(|| a.organization_slug.cmp(&b.organization_slug))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Trend;

    fn row(name: &str, this: i64, last: i64, quarter: i64) -> CustomerUsageRow {
        let trend = Trend::compare(this, last);
        CustomerUsageRow {
            organization_slug: name.to_lowercase(),
            organization_name: name.to_owned(),
            this_month_minutes: this,
            last_month_minutes: last,
            this_quarter_minutes: quarter,
            trend: trend.kind,
            change_percent: trend.change_percent,
        }
    }

    fn names(rows: &[CustomerUsageRow]) -> Vec<&str> {
        rows.iter().map(|r| r.organization_name.as_str()).collect()
    }

    #[test]
    fn each_column_sorts_with_ties_by_name() {
        let mut rows = vec![
            row("Contoso", 60, 120, 300),
            row("Acme", 60, 30, 500),
            row("Rebel", 90, 0, 90),
            row("Quiet", 0, 0, 0),
        ];
        sort_customers(&mut rows, SortKey::ThisMonth, true);
        assert_eq!(names(&rows), ["Rebel", "Acme", "Contoso", "Quiet"]);
        sort_customers(&mut rows, SortKey::ThisMonth, false);
        assert_eq!(names(&rows), ["Quiet", "Acme", "Contoso", "Rebel"]);
        sort_customers(&mut rows, SortKey::Customer, false);
        assert_eq!(names(&rows), ["Acme", "Contoso", "Quiet", "Rebel"]);
        sort_customers(&mut rows, SortKey::ThisQuarter, true);
        assert_eq!(names(&rows), ["Acme", "Contoso", "Rebel", "Quiet"]);
        // NEW first, then +100%, then −50%, then no usage at all.
        sort_customers(&mut rows, SortKey::Trend, true);
        assert_eq!(names(&rows), ["Rebel", "Acme", "Contoso", "Quiet"]);
    }

    #[test]
    fn sort_parameters_fall_back_to_defaults() {
        assert_eq!(SortKey::parse(Some("last_month")), SortKey::LastMonth);
        assert_eq!(SortKey::parse(Some("bogus")), SortKey::ThisMonth);
        assert_eq!(SortKey::parse(None), SortKey::ThisMonth);
        assert!(parse_descending(SortKey::ThisMonth, None));
        assert!(!parse_descending(SortKey::Customer, None));
        assert!(!parse_descending(SortKey::ThisMonth, Some("asc")));
    }
}

//! Month-over-month trend for the per-customer breakdown (design.md §4).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TrendKind {
    New,
    Up,
    Down,
    Same,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trend {
    pub kind: TrendKind,
    /// round((this − last) / last × 100), half away from zero; `None` when last month was 0.
    pub change_percent: Option<i64>,
}

impl Trend {
    pub fn compare(this_month: i64, last_month: i64) -> Self {
        if last_month == 0 {
            let kind = if this_month > 0 {
                TrendKind::New
            } else {
                TrendKind::Same
            };
            return Trend {
                kind,
                change_percent: None,
            };
        }
        let kind = match this_month.cmp(&last_month) {
            std::cmp::Ordering::Greater => TrendKind::Up,
            std::cmp::Ordering::Less => TrendKind::Down,
            std::cmp::Ordering::Equal => TrendKind::Same,
        };
        let num = (i128::from(this_month) - i128::from(last_month)) * 100;
        let den = i128::from(last_month);
        Trend {
            kind,
            change_percent: Some(div_round_half_away(num, den) as i64),
        }
    }

    /// Text that does not rely on colour or arrows alone: `↑ +31%`, `↓ −12%`, `same`, `NEW`.
    pub fn label(&self) -> String {
        match (self.kind, self.change_percent) {
            (TrendKind::New, _) => "NEW".to_owned(),
            (TrendKind::Same, _) => "same".to_owned(),
            (TrendKind::Up, Some(p)) => format!("\u{2191} +{p}%"),
            (TrendKind::Down, Some(p)) => format!("\u{2193} \u{2212}{}%", p.unsigned_abs()),
            (TrendKind::Up, None) => "\u{2191}".to_owned(),
            (TrendKind::Down, None) => "\u{2193}".to_owned(),
        }
    }
}

fn div_round_half_away(num: i128, den: i128) -> i128 {
    let (num, den) = if den < 0 { (-num, -den) } else { (num, den) };
    if num >= 0 {
        (2 * num + den) / (2 * den)
    } else {
        -((-2 * num + den) / (2 * den))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn trend_examples_from_the_plan() {
        // 5.5h vs 4.2h → ↑ +31%
        let t = Trend::compare(330, 252);
        assert_eq!((t.kind, t.change_percent), (TrendKind::Up, Some(31)));
        assert_eq!(t.label(), "\u{2191} +31%");
        let t = Trend::compare(120, 210);
        assert_eq!((t.kind, t.change_percent), (TrendKind::Down, Some(-43)));
        assert_eq!(t.label(), "\u{2193} \u{2212}43%");
        assert_eq!(
            Trend::compare(90, 0),
            Trend {
                kind: TrendKind::New,
                change_percent: None
            }
        );
        assert_eq!(
            Trend::compare(0, 0),
            Trend {
                kind: TrendKind::Same,
                change_percent: None
            }
        );
        assert_eq!(Trend::compare(60, 60).change_percent, Some(0));
        assert_eq!(
            Trend::compare(0, 60),
            Trend {
                kind: TrendKind::Down,
                change_percent: Some(-100)
            }
        );
    }

    #[test]
    fn change_percent_rounds_half_away_from_zero() {
        assert_eq!(Trend::compare(201, 200).change_percent, Some(1)); // +0.5%
        assert_eq!(Trend::compare(199, 200).change_percent, Some(-1)); // −0.5%
        assert_eq!(Trend::compare(1001, 1000).change_percent, Some(0)); // +0.1%
    }

    proptest! {
        #[test]
        fn change_percent_matches_floating_point(this in 0i64..1_000_000, last in 1i64..1_000_000) {
            let expected = ((this - last) as f64 / last as f64 * 100.0).round() as i64;
            let t = Trend::compare(this, last);
            // Exact halves can differ from f64 by representation; allow those only.
            let exact2 = (i128::from(this - last) * 200) % i128::from(last) == 0;
            prop_assert!(t.change_percent == Some(expected) || exact2);
            prop_assert_eq!(t.kind == TrendKind::Up, this > last);
        }
    }
}

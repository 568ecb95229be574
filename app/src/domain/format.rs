//! How minutes are shown (design.md §2): hours with one decimal, rounding half up on the
//! magnitude, so an overrun reads as the mirror image of a balance (`−1.5h`). Exact minutes go
//! into tooltips, exports and the API.

/// `330` → `"5.5h"`, `3` → `"0.1h"`, `-90` → `"−1.5h"` (with a real minus sign).
pub fn format_hours(minutes: i64) -> String {
    let magnitude = u128::from(minutes.unsigned_abs());
    // Tenths of an hour, rounded half up: 1 tenth = 6 minutes, half a tenth = 3 minutes.
    let tenths = (magnitude * 10 + 30) / 60;
    let sign = if minutes < 0 && tenths > 0 {
        "\u{2212}"
    } else {
        ""
    };
    format!("{sign}{}.{}h", tenths / 10, tenths % 10)
}

/// `330` → `"5h 30m"`, `45` → `"45m"`, `-90` → `"−1h 30m"`; for tooltips.
pub fn format_minutes_exact(minutes: i64) -> String {
    let magnitude = minutes.unsigned_abs();
    let sign = if minutes < 0 { "\u{2212}" } else { "" };
    let (h, m) = (magnitude / 60, magnitude % 60);
    match (h, m) {
        (0, m) => format!("{sign}{m}m"),
        (h, 0) => format!("{sign}{h}h"),
        (h, m) => format!("{sign}{h}h {m}m"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn hours_have_one_decimal_rounded_half_up() {
        assert_eq!(format_hours(0), "0.0h");
        assert_eq!(format_hours(330), "5.5h");
        assert_eq!(format_hours(2), "0.0h");
        assert_eq!(format_hours(3), "0.1h"); // 0.05h rounds up
        assert_eq!(format_hours(9), "0.2h"); // 0.15h rounds up
        assert_eq!(format_hours(252), "4.2h");
        assert_eq!(format_hours(60 * 1000), "1000.0h");
    }

    #[test]
    fn overruns_are_shown_with_a_minus_sign_not_clamped() {
        assert_eq!(format_hours(-90), "\u{2212}1.5h");
        assert_eq!(format_hours(-3), "\u{2212}0.1h");
        assert_eq!(format_hours(-2), "0.0h");
        assert_eq!(format_hours(i64::MIN).chars().next(), Some('\u{2212}'));
    }

    #[test]
    fn exact_minutes_read_naturally() {
        assert_eq!(format_minutes_exact(45), "45m");
        assert_eq!(format_minutes_exact(120), "2h");
        assert_eq!(format_minutes_exact(330), "5h 30m");
        assert_eq!(format_minutes_exact(-90), "\u{2212}1h 30m");
    }

    proptest! {
        #[test]
        fn shown_hours_are_within_half_a_tenth_of_the_exact_value(minutes in -10_000_000i64..10_000_000) {
            let shown = format_hours(minutes).replace('\u{2212}', "-");
            let value: f64 = shown.trim_end_matches('h').parse().unwrap();
            let exact = minutes as f64 / 60.0;
            prop_assert!((value - exact).abs() <= 0.05 + 1e-9, "{} vs {}", shown, exact);
        }
    }
}

//! Proleptic Gregorian days: the little calendar arithmetic date resolution
//! needs (day offsets, weekdays, month lengths, ISO prefixes).
//!
//! Days are counted from 1970-01-01 with Howard Hinnant's `days_from_civil`
//! algorithm, which is exact for every year an article can name.

use std::fmt;

/// A calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day {
    /// Year.
    pub y: i32,
    /// Month, 1–12.
    pub m: u8,
    /// Day of the month, 1–31.
    pub d: u8,
}

/// True for leap years.
pub fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// Days in a month (0 for a month out of range).
pub fn month_len(y: i32, m: u8) -> u8 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Day {
    /// The day, when it exists.
    pub fn new(y: i32, m: u8, d: u8) -> Option<Day> {
        (d >= 1 && d <= month_len(y, m)).then_some(Day { y, m, d })
    }

    /// Days since 1970-01-01.
    pub fn ordinal(self) -> i64 {
        let y = i64::from(self.y) - i64::from(self.m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.m);
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(self.d) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The day `n` days after 1970-01-01.
    pub fn from_ordinal(n: i64) -> Day {
        let z = n + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + i64::from(m <= 2);
        Day {
            y: y as i32,
            m: m as u8,
            d: d as u8,
        }
    }

    /// This day moved by `n` days.
    pub fn plus(self, n: i64) -> Day {
        Day::from_ordinal(self.ordinal() + n)
    }

    /// ISO weekday: 1 = Monday … 7 = Sunday.
    pub fn weekday(self) -> u8 {
        // 1970-01-01 was a Thursday.
        ((self.ordinal() + 3).rem_euclid(7) + 1) as u8
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.y, self.m, self.d)
    }
}

/// A month `n` months after (y, m).
pub fn add_months(y: i32, m: u8, n: i32) -> (i32, u8) {
    let k = y * 12 + i32::from(m) - 1 + n;
    (k.div_euclid(12), (k.rem_euclid(12) + 1) as u8)
}

/// Parses an ISO 8601 prefix ("2022", "2022-01", "2022-01-10").
pub fn parse_iso(s: &str) -> Option<(i32, Option<u8>, Option<u8>)> {
    let mut parts = s.get(..s.len().min(10))?.split('-');
    let y = parts.next()?.parse().ok()?;
    let m = match parts.next() {
        Some(p) => Some(p.parse::<u8>().ok().filter(|m| (1..=12).contains(m))?),
        None => None,
    };
    let d = match (m, parts.next()) {
        (Some(m), Some(p)) => Some(Day::new(y, m, p.parse().ok()?)?.d),
        _ => None,
    };
    Some((y, m, d))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_days() {
        assert_eq!(Day::new(1970, 1, 1).unwrap().ordinal(), 0);
        let d = Day::new(2022, 2, 24).unwrap();
        assert_eq!(d.weekday(), 4, "24 Feb 2022 was a Thursday");
        assert_eq!(d.plus(-14).to_string(), "2022-02-10");
        assert_eq!(
            Day::new(2021, 12, 31).unwrap().plus(1).to_string(),
            "2022-01-01"
        );
        assert!(Day::new(2022, 2, 29).is_none());
        assert!(Day::new(2024, 2, 29).is_some());
        assert_eq!(add_months(2022, 1, -1), (2021, 12));
        assert_eq!(parse_iso("2022-01"), Some((2022, Some(1), None)));
        assert_eq!(parse_iso("2022-01-10"), Some((2022, Some(1), Some(10))));
        assert_eq!(parse_iso("2022-13"), None);
    }

    proptest! {
        #[test]
        fn ordinals_round_trip(n in -800_000i64..800_000) {
            let d = Day::from_ordinal(n);
            prop_assert!(Day::new(d.y, d.m, d.d).is_some());
            prop_assert_eq!(d.ordinal(), n);
            prop_assert_eq!(d.plus(1).weekday() % 7, (d.weekday() + 1) % 7);
        }
    }
}

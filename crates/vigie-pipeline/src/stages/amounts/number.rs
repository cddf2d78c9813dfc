//! Numbers written with digits, in French, Swiss and English styles.
//!
//! A separator followed by exactly three digits groups thousands ("100.000",
//! "100 000" with a normal, no-break or narrow no-break space, "100'000",
//! "20,000"); any other `.` or `,` before digits is the decimal mark ("5,1",
//! "1.5"). Once a group separator is seen, only the other of `.` and `,` can
//! be the decimal mark ("1.234,5", "1,234.5").

/// Characters that may group thousands.
const GROUP: &[char] = &[' ', '\u{a0}', '\u{202f}', '\'', '’', '.', ','];

/// Parses the number at the start of `s`: its value and length in bytes.
pub fn parse_number(s: &str) -> Option<(f64, usize)> {
    let digits = |from: usize| {
        s.get(from..)
            .unwrap_or_default()
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count()
    };
    let lead = digits(0);
    if lead == 0 {
        return None;
    }
    let mut int = String::from(s.get(..lead).unwrap_or_default());
    let mut pos = lead;
    let mut group: Option<char> = None;
    while let Some(c) = s.get(pos..).unwrap_or_default().chars().next() {
        if !GROUP.contains(&c) || group.is_some_and(|g| g != c) || (group.is_none() && lead > 3) {
            break;
        }
        let after = pos + c.len_utf8();
        if digits(after) != 3 {
            break;
        }
        int.push_str(s.get(after..after + 3).unwrap_or_default());
        pos = after + 3;
        group = Some(c);
    }
    let mut value: f64 = int.parse().ok()?;
    if let Some(c) = s.get(pos..).unwrap_or_default().chars().next()
        && (c == '.' || c == ',')
        && group != Some(c)
    {
        let n = digits(pos + 1);
        if n > 0 {
            let frac: f64 = format!("0.{}", s.get(pos + 1..pos + 1 + n).unwrap_or_default())
                .parse()
                .ok()?;
            value += frac;
            pos += 1 + n;
        }
    }
    Some((value, pos))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn styles() {
        let cases = [
            ("100.000 soldats", 100_000.0, 7),
            ("100 000", 100_000.0, 7),
            ("100\u{a0}000", 100_000.0, 8),
            ("100\u{202f}000", 100_000.0, 9),
            ("100'000", 100_000.0, 7),
            ("20,000 troops", 20_000.0, 6),
            ("5,1 %", 5.1, 3),
            ("1.5 billion", 1.5, 3),
            ("1.234,5", 1234.5, 7),
            ("1,234.5", 1234.5, 7),
            ("2014 300", 2014.0, 4),
            ("28.6%", 28.6, 4),
            ("12, 13", 12.0, 2),
        ];
        for (s, v, len) in cases {
            let (got, n) = parse_number(s).unwrap();
            assert!((got - v).abs() < 1e-9, "{s}: {got}");
            assert_eq!(n, len, "{s}");
        }
        assert_eq!(parse_number("abc"), None);
    }

    /// Writes `n` with `sep` between groups of three digits.
    fn grouped(n: u64, sep: char) -> String {
        let digits = n.to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(sep);
            }
            out.push(c);
        }
        out
    }

    proptest! {
        #[test]
        fn every_separator_style_parses_back(n in 0u64..1_000_000_000_000, i in 0usize..GROUP.len()) {
            let s = grouped(n, GROUP[i]);
            let (v, len) = parse_number(&s).unwrap();
            prop_assert_eq!(v, n as f64);
            prop_assert_eq!(len, s.len());
        }

        #[test]
        fn decimals_parse_back(int in 0u64..1_000_000, frac in 1u32..100, comma in any::<bool>()) {
            let (group, mark) = if comma { ('.', ',') } else { (',', '.') };
            let s = format!("{}{mark}{frac:02}", grouped(int, group));
            let (v, len) = parse_number(&s).unwrap();
            prop_assert!((v - (int as f64 + f64::from(frac) / 100.0)).abs() < 1e-6);
            prop_assert_eq!(len, s.len());
        }
    }
}

//! Table tests: one sentence per line of `table/<lang>.txt` with the amount
//! it must yield (text, value, unit, approx, range), or `-` when it must
//! yield none at all (durations, dates, times, ordinals, phone numbers,
//! scores, numbers inside names). Other amounts of a sentence are not
//! checked.

use vigie_doc::{Amount, Doc};

use super::tests::pipeline;

/// One expected amount: text, value, unit, approx, range.
type Want<'a> = (&'a str, f64, Option<&'a str>, bool, Option<[f64; 2]>);

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

fn parse(line: &str) -> (&str, Option<Want<'_>>) {
    let cols: Vec<&str> = line.split(" | ").map(str::trim).collect();
    let [sentence, text, value, unit, approx, range] = cols[..] else {
        panic!("bad table line: {line}");
    };
    if text == "-" {
        return (sentence, None);
    }
    let value: f64 = value
        .parse()
        .unwrap_or_else(|_| panic!("bad value: {line}"));
    let unit = (unit != "-").then_some(unit);
    let approx = match approx {
        "~" => true,
        "=" => false,
        _ => panic!("bad approx: {line}"),
    };
    let range = (range != "-").then(|| {
        let (lo, hi) = range
            .split_once('/')
            .unwrap_or_else(|| panic!("bad range: {line}"));
        [lo.parse().unwrap(), hi.parse().unwrap()]
    });
    (sentence, Some((text, value, unit, approx, range)))
}

fn matches(a: &Amount, want: &Want<'_>) -> bool {
    let (text, value, unit, approx, range) = *want;
    a.text == text
        && close(a.value, value)
        && a.unit.as_deref() == unit
        && a.approx == approx
        && match (a.range, range) {
            (None, None) => true,
            (Some(g), Some(w)) => close(g[0], w[0]) && close(g[1], w[1]),
            _ => false,
        }
}

/// Runs every case of `table` in `lang`; returns (cases, failures).
fn run(lang: &str, table: &str) -> (usize, Vec<String>) {
    let pipeline = pipeline();
    let mut cases = 0;
    let mut failures = Vec::new();
    for line in table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let (sentence, want) = parse(line);
        cases += 1;
        let mut doc = Doc {
            lang: Some(lang.to_owned()),
            published: Some("2022-02-10".to_owned()),
            ..Doc::default()
        };
        doc.layout.raw = sentence.to_owned();
        pipeline.run(&mut doc).unwrap();
        let ok = match &want {
            Some(w) => doc.amounts.iter().any(|a| matches(a, w)),
            None => doc.amounts.is_empty(),
        };
        if !ok {
            let got: Vec<String> = doc
                .amounts
                .iter()
                .map(|a| {
                    format!(
                        "{:?}={}/{:?}/{}/{:?}",
                        a.text, a.value, a.unit, a.approx, a.range
                    )
                })
                .collect();
            failures.push(format!(
                "{sentence} -> want {want:?}, got [{}]",
                got.join(", ")
            ));
        }
    }
    (cases, failures)
}

fn check(lang: &str, table: &str) {
    let (cases, failures) = run(lang, table);
    assert!(cases >= 220, "{lang}: only {cases} cases");
    assert!(
        failures.is_empty(),
        "{lang}: {} of {cases} cases fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn french_table() {
    check("fr", include_str!("table/fr.txt"));
}

#[test]
fn english_table() {
    check("en", include_str!("table/en.txt"));
}

//! Table tests: one expression in a sentence per line of `table/<lang>.txt`,
//! resolved against its reference day (several weekdays, month and year
//! ends). Each case must yield its mention with the expected value and
//! granularity (other mentions in the sentence are not checked).

use vigie_doc::{Doc, Granularity};

use super::tests::pipeline;

fn granularity(name: &str) -> Option<Granularity> {
    Some(match name {
        "day" => Granularity::Day,
        "week" => Granularity::Week,
        "month" => Granularity::Month,
        "year" => Granularity::Year,
        "range" => Granularity::Range,
        _ => return None,
    })
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
        let cols: Vec<&str> = line.split(" | ").map(str::trim).collect();
        let [published, sentence, text, value, gran] = cols[..] else {
            panic!("bad table line: {line}");
        };
        let want_value = (value != "-").then_some(value);
        let want_gran = granularity(gran).unwrap_or_else(|| panic!("bad granularity: {line}"));
        cases += 1;
        let mut doc = Doc {
            lang: Some(lang.to_owned()),
            published: Some(published.to_owned()),
            ..Doc::default()
        };
        doc.layout.raw = sentence.to_owned();
        pipeline.run(&mut doc).unwrap();
        let ok = doc.dates.iter().any(|d| {
            d.text == text && d.value.as_deref() == want_value && d.granularity == want_gran
        });
        if !ok {
            let got: Vec<String> = doc
                .dates
                .iter()
                .map(|d| format!("{:?}={:?}/{:?}", d.text, d.value, d.granularity))
                .collect();
            failures.push(format!(
                "[{published}] {sentence} -> want {text:?}={value}/{gran}, got {}",
                got.join(", ")
            ));
        }
    }
    (cases, failures)
}

fn check(lang: &str, table: &str) {
    let (cases, failures) = run(lang, table);
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

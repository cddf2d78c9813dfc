//! Boilerplate removal, measured: token-level precision, recall and F1 of the
//! text the HTML reader keeps against the hand-marked body of each fixture
//! page (tests/fixtures/html/*.body.txt; pages from scripts/gen_html_fixtures.py).
//!
//! Run with the table shown:
//!   cargo test --release -p vigie-read --test boilerplate -- --nocapture

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use vigie_doc::Format;
use vigie_read::{Item, Limits};

struct Page {
    name: String,
    lang: String,
    published: String,
    title: String,
    outlet: String,
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/html")
}

fn manifest() -> Vec<Page> {
    let text = std::fs::read_to_string(fixtures().join("manifest.tsv")).expect("manifest");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            Page {
                name: f[0].into(),
                lang: f[1].into(),
                published: f[2].into(),
                title: f[3].into(),
                outlet: f[4].into(),
            }
        })
        .collect()
}

/// Lowercased maximal runs of alphanumerics: the same word tokens the
/// segment stage uses, so the scores speak of what later stages will see.
fn tokens(text: &str) -> HashMap<String, usize> {
    let mut bag = HashMap::new();
    for t in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
    {
        *bag.entry(t.to_lowercase()).or_default() += 1;
    }
    bag
}

#[derive(Default, Clone, Copy)]
struct Counts {
    common: usize,
    predicted: usize,
    gold: usize,
}

impl Counts {
    fn of(pred: &str, gold: &str) -> Counts {
        let (p, g) = (tokens(pred), tokens(gold));
        let common = p
            .iter()
            .map(|(t, n)| (*n).min(*g.get(t).unwrap_or(&0)))
            .sum();
        Counts {
            common,
            predicted: p.values().sum(),
            gold: g.values().sum(),
        }
    }

    fn add(&mut self, o: Counts) {
        self.common += o.common;
        self.predicted += o.predicted;
        self.gold += o.gold;
    }

    fn prf(self) -> (f64, f64, f64) {
        let p = self.common as f64 / self.predicted.max(1) as f64;
        let r = self.common as f64 / self.gold.max(1) as f64;
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        (p, r, f)
    }
}

#[test]
fn boilerplate_removal_scores() {
    let pages = manifest();
    assert!(pages.len() >= 20, "{} pages", pages.len());
    let mut by_lang: HashMap<String, Counts> = HashMap::new();
    let mut total = Counts::default();
    let mut f1_sum = 0.0;
    let (mut dates_ok, mut titles_ok, mut outlets_ok) = (0, 0, 0);
    let mut failures = Vec::new();
    println!(
        "\n{:<34} {:>6} {:>6} {:>6}  date title outlet",
        "page", "P", "R", "F1"
    );
    for page in &pages {
        let path = fixtures().join(format!("{}.html", page.name));
        let gold = std::fs::read_to_string(fixtures().join(format!("{}.body.txt", page.name)))
            .expect("gold body");
        let items: Vec<Item> = vigie_read::open(&path, Limits::default()).collect();
        let [Item::Doc(doc)] = items.as_slice() else {
            panic!("{}: {items:?}", page.name);
        };
        assert_eq!(doc.source.format, Format::Html);
        let c = Counts::of(&doc.layout.raw, &gold);
        let (p, r, f) = c.prf();
        f1_sum += f;
        total.add(c);
        by_lang.entry(page.lang.clone()).or_default().add(c);
        let date = doc.published.as_deref() == Some(page.published.as_str());
        let title = doc.title.as_deref() == Some(page.title.as_str());
        let outlet = doc.source.outlet.as_deref() == Some(page.outlet.as_str());
        dates_ok += usize::from(date);
        titles_ok += usize::from(title);
        outlets_ok += usize::from(outlet);
        if !date {
            failures.push(format!(
                "{}: published {:?}, expected {}",
                page.name, doc.published, page.published
            ));
        }
        if std::env::var_os("VIGIE_SHOW_TEXT").is_some() {
            println!("----- {}\n{}\n-----", page.name, doc.layout.raw);
        }
        let mark = |ok| if ok { "ok" } else { "--" };
        println!(
            "{:<34} {p:>6.3} {r:>6.3} {f:>6.3}  {:<4} {:<5} {}",
            page.name,
            mark(date),
            mark(title),
            mark(outlet)
        );
    }
    let mut langs: Vec<_> = by_lang.into_iter().collect();
    langs.sort_by(|a, b| a.0.cmp(&b.0));
    for (lang, c) in langs {
        let (p, r, f) = c.prf();
        println!(
            "{:<34} {p:>6.3} {r:>6.3} {f:>6.3}",
            format!("micro, {lang}")
        );
    }
    let (p, r, f) = total.prf();
    let n = pages.len();
    println!(
        "{:<34} {p:>6.3} {r:>6.3} {f:>6.3}",
        format!("micro, all {n} pages")
    );
    println!("{:<34} {:>20.3}", "macro F1", f1_sum / n as f64);
    println!("dates {dates_ok}/{n}, titles {titles_ok}/{n}, outlets {outlets_ok}/{n}");
    // Floors a regression must not cross (measured values are in the table).
    assert!(f >= 0.90, "micro F1 {f:.3}");
    assert!(p >= 0.90 && r >= 0.90, "micro P {p:.3} R {r:.3}");
    assert!(failures.is_empty(), "{failures:#?}");
    assert!(
        titles_ok == n && outlets_ok == n,
        "titles {titles_ok}, outlets {outlets_ok}"
    );
}

//! Properties of the whole pipeline on generated news-like text: no stage
//! fails, and every span of every facet lies on char boundaries inside the
//! cleaned text and covers exactly the text the record gives for it.

use std::sync::{Arc, OnceLock};

use proptest::prelude::*;
use vigie_doc::{Doc, Layout};
use vigie_kb::KnowledgeBase;
use vigie_pipeline::{LangPacks, Pipeline, Resources};

fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| {
        let resources = Resources {
            kb: Arc::new(KnowledgeBase::builtin().unwrap()),
            packs: Arc::new(LangPacks::builtin()),
        };
        Pipeline::standard(resources).unwrap()
    })
}

/// Pieces of French and English news: numbers in every separator style,
/// dates, units, currencies, reporting verbs, names known and unknown.
const WORDS: &[&str] = &[
    "10",
    "12",
    "2,5",
    "1.5",
    "100 000",
    "100'000",
    "100.000",
    "1er",
    "31/10/2021",
    "2022-01-10",
    "mars",
    "March",
    "mercredi",
    "Wednesday",
    "janvier",
    "soldats",
    "troops",
    "millions",
    "milliards",
    "bn",
    "%",
    "per cent",
    "euros",
    "dollars",
    "€",
    "$",
    "°C",
    "km",
    "a déclaré",
    "said",
    "selon",
    "according to",
    "que",
    "that",
    "le",
    "la",
    "des",
    "the",
    "of",
    "Otan",
    "NATO",
    "Moscou",
    "Russia",
    "Emmanuel Macron",
    "M.",
    "Mr",
    "ministre",
    "minister",
    "Genève",
    "Kyiv",
    "Commission européenne",
    "Paul Durand",
    "la société Ardent",
    "a rencontré",
    "met",
    "demanded",
    "a exigé",
    "le 16",
    "on the 16th",
    "il y a deux semaines",
    "next month",
    "environ",
    "about",
];

/// What sits between pieces: spaces of every width, dashes, quotation
/// marks, sentence and paragraph ends.
const GLUE: &[&str] = &[
    " ", " ", " ", "\u{a0}", "\u{202f}", "\u{2009}", "–", " – ", "—", "-", "‑", "−", " « ", " » ",
    "“", "”", "\"", "’", "'", ", ", ". ", ".\n", "\n\n", " (", ") ", ": ", "; ", "/", "…",
    "\u{301}",
];

fn news() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        (
            proptest::sample::select(WORDS),
            proptest::sample::select(GLUE),
        ),
        0..40,
    )
    .prop_map(|parts| parts.into_iter().flat_map(|(w, g)| [w, g]).collect())
}

fn analyse(text: &str, lang: Option<&str>) -> (Doc, Result<(), String>) {
    let mut doc = Doc {
        lang: lang.map(str::to_owned),
        layout: Layout {
            raw: text.to_owned(),
            ..Layout::default()
        },
        ..Doc::default()
    };
    let outcome = pipeline().run(&mut doc).map_err(|e| e.to_string());
    (doc, outcome)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn every_span_round_trips(text in news(), lang in proptest::sample::select(&[None, Some("fr"), Some("en")][..])) {
        let (doc, outcome) = analyse(&text, lang);
        prop_assert!(outcome.is_ok(), "{:?}: {:?}", outcome, doc.warnings);
        let misplaced = doc.misplaced_spans();
        prop_assert!(misplaced.is_empty(), "{:?}", misplaced);
    }

    #[test]
    fn any_text_keeps_its_record(text in "\\PC{0,200}") {
        let (doc, outcome) = analyse(&text, None);
        prop_assert!(outcome.is_ok(), "{:?}: {:?}", outcome, doc.warnings);
        prop_assert!(doc.misplaced_spans().is_empty());
        prop_assert!(!doc.doc_id.is_empty());
    }
}

/// Numbers, dates and amounts next to every dash, space and quotation mark
/// Unicode has for them, in both languages: the facets are found, not
/// dropped with the document.
#[test]
fn numbers_next_to_every_dash_space_and_mark() {
    const MARKS: &[&str] = &[
        "-", "‐", "‑", "‒", "–", "—", "―", "−", "\u{a0}", "\u{202f}", "\u{2009}", "\u{2007}",
        "\u{200a}", "\u{3000}", "«", "»", "‹", "›", "“", "”", "„", "‟", "‘", "’", "\"", "'",
    ];
    let templates = [
        (
            "fr",
            "Entre 10{m}12 soldats et 2{m}3 % des 500 blindés sont arrivés le 17 mars 2022{m}à Genève.",
        ),
        (
            "en",
            "A group of 10{m} to 12-year-old players and 2{m}3 per cent of 500 tanks arrived on 17 March 2022{m}in Geneva.",
        ),
    ];
    for (lang, template) in templates {
        for mark in MARKS {
            let text = template.replace("{m}", mark);
            let (doc, outcome) = analyse(&text, Some(lang));
            assert!(outcome.is_ok(), "{text:?}: {:?}", doc.warnings);
            assert!(doc.misplaced_spans().is_empty(), "{text:?}");
            assert!(
                doc.amounts.iter().any(|a| a.value == 500.0),
                "{text:?}: {:?}",
                doc.amounts
            );
            assert!(
                doc.dates.iter().any(|d| d.text.contains("2022")),
                "{text:?}: {:?}",
                doc.dates
            );
            assert!(
                doc.entities.iter().any(|e| e.canonical == "Geneva"),
                "{text:?}"
            );
        }
    }
}

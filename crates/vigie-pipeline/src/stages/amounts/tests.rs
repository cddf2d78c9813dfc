//! Table-driven tests in French and English.

use std::sync::Arc;

use vigie_doc::Doc;

use crate::{LangPacks, Pipeline, Resources};

/// The stages up to amounts, with the built-in packs.
pub(super) fn pipeline() -> Pipeline {
    let res = Resources {
        kb: Arc::default(),
        packs: Arc::new(LangPacks::builtin()),
    };
    ["clean", "lang", "segment", "published", "dates", "amounts"]
        .iter()
        .try_fold(Pipeline::builder(res), |b, n| b.stage(n))
        .unwrap()
        .build()
        .unwrap()
}

/// (text, value, unit, approx) of every amount of `text` in `lang`.
fn amounts(lang: &str, text: &str) -> Vec<(String, f64, String, bool)> {
    let pipeline = pipeline();
    let mut doc = Doc {
        lang: Some(lang.to_owned()),
        published: Some("2022-02-10".to_owned()),
        ..Doc::default()
    };
    doc.layout.raw = text.to_owned();
    pipeline.run(&mut doc).unwrap();
    doc.amounts
        .into_iter()
        .inspect(|a| assert_eq!(&doc.text.as_deref().unwrap()[a.start..a.end], a.text))
        .map(|a| (a.text, a.value, a.unit.unwrap_or_default(), a.approx))
        .collect()
}

fn check(lang: &str, text: &str, want: &[(&str, f64, &str, bool)]) {
    let got = amounts(lang, text);
    let want: Vec<(String, f64, String, bool)> = want
        .iter()
        .map(|(t, v, u, a)| (t.to_string(), *v, u.to_string(), *a))
        .collect();
    assert_eq!(got, want, "{text}");
}

#[test]
fn french_and_swiss_digits() {
    check(
        "fr",
        "La Russie a massé plus de 100.000 soldats, puis 100 000 soldats et 100'000 troupes de combat.",
        &[
            ("100.000 soldats", 100_000.0, "soldats", true),
            ("100 000 soldats", 100_000.0, "soldats", false),
            ("100'000 troupes", 100_000.0, "troupes", false),
        ],
    );
    check(
        "fr",
        "Une guerre qui a fait 13\u{202f}000 morts et 6\u{a0}000 personnes déplacées.",
        &[
            ("13\u{202f}000 morts", 13_000.0, "morts", false),
            ("6\u{a0}000 personnes", 6000.0, "personnes", false),
        ],
    );
    check(
        "fr",
        "L'inflation atteint 5,1 % en janvier, contre 4,9% en décembre.",
        &[("5,1 %", 5.1, "%", false), ("4,9%", 4.9, "%", false)],
    );
}

#[test]
fn french_words_and_currencies() {
    check(
        "fr",
        "Quelque deux millions de personnes et huit membres de son personnel, soit trente pays.",
        &[
            ("deux millions de personnes", 2_000_000.0, "personnes", true),
            ("huit membres", 8.0, "membres", false),
            ("trente pays", 30.0, "pays", false),
        ],
    );
    check(
        "fr",
        "Un prêt de 10 milliards de dollars et de €300 millions.",
        &[
            ("10 milliards de dollars", 1e10, "dollars", false),
            ("€300 millions", 3e8, "€", false),
        ],
    );
}

#[test]
fn french_non_amounts() {
    check(
        "fr",
        "Les deux dirigeants ont parlé deux heures, huit ans après, le 7 décembre 2021 à 17:17. \
         Le Sénégal a gagné (4-2) sa 33e finale avec 7 César. Nord Stream 2, les S-400 et des dizaines de milliers de soldats. \
         Appelez le 01 23 45 67 89. Il a exposé trois points-clés.",
        &[],
    );
}

#[test]
fn english_forms() {
    check(
        "en",
        "About 30,000 combat troops, $1.5bn in aid and 1.5 billion euros; a dozen tanks (a vague quantity) and 70% of them.",
        &[
            ("30,000 combat troops", 30_000.0, "combat troops", true),
            ("$1.5bn", 1.5e9, "$", false),
            ("1.5 billion euros", 1.5e9, "euros", false),
            ("70%", 70.0, "%", false),
        ],
    );
    check(
        "en",
        "More than two million people fled; the Group of Seven nations met for two hours on February 20, 2022.",
        &[("two million people", 2e6, "people", true)],
    );
}

#[test]
fn digits_count_any_plural_noun_but_not_durations_or_results() {
    check(
        "fr",
        "Le groupe supprime 1 250 postes et 40 guichets ; 3 millions de flacons et six millions d'Européens. Il a 45 ans et a marqué 3 buts en 2 fois.",
        &[
            ("1 250 postes", 1250.0, "postes", false),
            ("40 guichets", 40.0, "guichets", false),
            ("3 millions de flacons", 3_000_000.0, "flacons", false),
            ("six millions d'Européens", 6_000_000.0, "Européens", false),
        ],
    );
    check(
        "en",
        "The bill passed by 312 votes to 96, with 28 MPs abstaining; 4 million ballots were cast over 3 days after 2 wins.",
        &[
            ("312 votes", 312.0, "votes", false),
            ("28 MPs", 28.0, "MPs", false),
            ("4 million ballots", 4_000_000.0, "ballots", false),
        ],
    );
}

#[test]
fn number_words_alone_count_only_the_pack_units() {
    // "cinq dossiers": a bare number word may be a known group; only the
    // units of units.tsv make it an amount.
    check("fr", "Le juge a examiné cinq dossiers.", &[]);
    check("en", "The judge examined five files.", &[]);
}

#[test]
fn a_large_number_announced_as_a_quantity_needs_no_noun() {
    check(
        "en",
        "The flood killed more than 15,000, officials said.",
        &[("15,000", 15_000.0, "", true)],
    );
    check(
        "fr",
        "Le séisme a fait plus de 2 300 blessés et environ 40 000 sinistrés, dont plus de 200 000\nsans abri.",
        &[
            ("2 300 blessés", 2300.0, "blessés", true),
            ("40 000 sinistrés", 40_000.0, "sinistrés", true),
        ],
    );
    // Small or cut numbers stay out.
    check("en", "He waited for more than 40, then left.", &[]);
}

#[test]
fn a_number_word_after_a_contracted_article_names_a_known_group() {
    // "des" and "aux" before a number are "de les" and "à les".
    check(
        "fr",
        "L'un des cinq juges a parlé aux deux avocats ; 4 autres ont refusé.",
        &[],
    );
    check("en", "Two of the five judges and 4 others left.", &[]);
}

mod properties {
    use proptest::prelude::*;
    use vigie_doc::Doc;

    use super::pipeline;

    /// Pieces that exercise every path of the grammar: digits in every
    /// separator style, signs, currency signs and codes, scale
    /// abbreviations, collectives, links of ranges and multi-byte spaces.
    const PIECES: &[&str] = &[
        "100",
        "000",
        "1,5",
        "2.5",
        "'",
        "’",
        ".",
        ",",
        "-",
        "−",
        "–",
        "+",
        "%",
        "€",
        "$",
        "US$",
        "°C",
        "°",
        "Md€",
        "M€",
        "bn",
        "m",
        "k",
        "km/h",
        "CHF",
        "USD",
        "millions",
        "milliards",
        "une",
        "vingtaine",
        "de",
        "d'",
        "à",
        "entre",
        "et",
        "between",
        "and",
        "to",
        "moins",
        "plus de",
        "more than",
        "soldats",
        "troops",
        "personnes",
        "Russian",
        "autres",
        "of",
        "the",
        "selon",
        "15-member",
        "h",
        "30",
        "\u{a0}",
        "\u{202f}",
        " ",
        " ",
        "\n",
        "é",
        "quatre-vingt",
        "dix",
        "sept",
        "dozen",
        "a",
        "(",
        "«",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn never_panics_and_spans_fall_on_char_boundaries(
            picks in proptest::collection::vec(0..PIECES.len(), 1..24),
            lang in prop::sample::select(vec!["fr", "en"]),
        ) {
            let text: String = picks.iter().map(|&i| PIECES[i]).collect();
            let mut doc = Doc {
                lang: Some(lang.to_owned()),
                ..Doc::default()
            };
            doc.layout.raw = text;
            pipeline().run(&mut doc).unwrap();
            let clean = doc.text.clone().unwrap_or_default();
            for a in &doc.amounts {
                prop_assert!(clean.is_char_boundary(a.start) && clean.is_char_boundary(a.end));
                prop_assert_eq!(clean.get(a.start..a.end), Some(a.text.as_str()));
                prop_assert!(a.value.is_finite());
            }
        }
    }
}

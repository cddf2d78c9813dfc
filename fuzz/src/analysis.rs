//! Text through the whole pipeline, checking what must hold for any text:
//! no stage fails on it (a failed stage is a warning in the record, and here
//! a finding), and every span of every facet lies on char boundaries inside
//! the cleaned text and covers the text it claims.
//!
//! Shared by the cargo-fuzz targets `analyse_text` (arbitrary UTF-8) and
//! `analyse_news` (news paragraphs with characters inserted where numbers,
//! dates, quotes and names meet), and by the stable replay test
//! (`crates/vigie/tests/analysis_fuzz.rs`, run by `cargo test`), so all of
//! them exercise exactly the same code.

use std::sync::Arc;

use vigie_doc::{Doc, Layout};
use vigie_kb::KnowledgeBase;
use vigie_pipeline::{LangPacks, Pipeline, Resources};

/// Paragraphs written for this harness, in the shape of wire copy: numbers
/// with units and ranges, dates in several forms, quotations with every mark,
/// names known and unknown. Mutations insert [`INSERTS`] into them.
pub const NEWS: &[&str] = &[
    "GENÈVE, 10 janvier 2022 (AFP) - le ministre Pavel Orlov a rencontré Claire Vidal mercredi. « Nous avons exigé des garanties », a déclaré le ministre, qui évoque 100 000 soldats et 2,5 milliards d'euros.",
    "Le 1er mars, entre 10 et 12 % des électeurs ont voté ; la Commission européenne a annoncé 3,5 M€ d'aide, a indiqué jeudi la porte-parole Anne Dubois à Bruxelles.",
    "Selon le syndicat Force Ouvrière, 1 200 salariés de l'usine de Béthune (Pas-de-Calais) sont en grève depuis le 16. « C'est inacceptable », a-t-elle ajouté.",
    "WASHINGTON (Reuters) - The United States said on Tuesday it would send $1.2bn in aid, about 40 per cent more than in 2021. \"We will not back down,\" Senator Mark Ellison told reporters.",
    "Between March 3 and 5, 2023, some 10,000 to 12,000 people fled the region, a UN official said. NATO called for talks on Friday.",
    "The company, Bridgestone Ltd, cut 600 jobs in the second quarter of 2020, it said in a statement, adding that shares fell 4.5% to ¥3,210 at 9:30 a.m.",
    "Il y a deux semaines, le tribunal correctionnel de Paris a condamné l'ancien maire à 18 mois de prison et 50 000 francs suisses d'amende.",
    "“It is a 10- to 12-year process,” said Dr. Lena Van Houten of the World Health Organization on 31/10/2021, citing −3 °C nights and 1½ million doses.",
];

/// Characters that sit next to numbers, dates and quotes in real text and
/// are more than one byte wide, plus a few that start or end a token.
pub const INSERTS: &[&str] = &[
    "–",
    "—",
    "‑",
    "‒",
    "−",
    "―",
    "\u{a0}",
    "\u{202f}",
    "\u{2009}",
    "\u{2007}",
    "\u{200b}",
    "«",
    "»",
    "‹",
    "›",
    "“",
    "”",
    "„",
    "‘",
    "’",
    "\"",
    "'",
    "€",
    "£",
    "$",
    "¥",
    "°",
    "½",
    "¼",
    "%",
    "‰",
    "·",
    "…",
    "\u{301}",
    "\u{308}",
    "\u{327}",
    "é",
    "İ",
    "ß",
    "ﬁ",
    "Ⅻ",
    "٣",
    "१",
    "😀",
    "\n",
    "\n\n",
    " ",
    "-",
    "/",
    ".",
    ",",
    ":",
    "(",
    ")",
    "1",
    "12",
    "2022",
    "mars",
    "March",
    "1er",
    "a déclaré",
    "said",
];

/// The standard pipeline with the shipped knowledge base and language packs.
pub struct Analysis {
    pipeline: Pipeline,
}

impl Analysis {
    /// Builds the standard pipeline once.
    pub fn new() -> Analysis {
        let resources = Resources {
            kb: Arc::new(KnowledgeBase::builtin().expect("the shipped knowledge base loads")),
            packs: Arc::new(LangPacks::builtin()),
        };
        Analysis {
            pipeline: Pipeline::standard(resources).expect("the standard pipeline builds"),
        }
    }

    /// Runs `text` through every stage, with and without a given language,
    /// and panics with the reason when a stage fails or a span is misplaced.
    pub fn run(&self, text: &str) {
        for lang in [None, Some("fr"), Some("en")] {
            let mut doc = Doc {
                lang: lang.map(str::to_owned),
                layout: Layout {
                    raw: text.to_owned(),
                    ..Layout::default()
                },
                ..Doc::default()
            };
            if let Err(e) = self.pipeline.run(&mut doc) {
                panic!("{e}: {:?}", doc.warnings);
            }
            let misplaced = doc.misplaced_spans();
            assert!(misplaced.is_empty(), "{misplaced:?}");
        }
    }
}

impl Default for Analysis {
    fn default() -> Self {
        Analysis::new()
    }
}

/// A news paragraph with characters inserted, chosen by `data`: the first
/// byte picks the paragraph, each following pair of bytes an insertion
/// (where, as a fraction of the length, and what). Positions are moved to
/// the next char boundary, so the result is always valid UTF-8.
pub fn news_with_inserts(data: &[u8]) -> String {
    let Some((&pick, rest)) = data.split_first() else {
        return String::new();
    };
    let mut text = NEWS[usize::from(pick) % NEWS.len()].to_owned();
    for pair in rest.chunks_exact(2) {
        let mut at = text.len() * usize::from(pair[0]) / 255;
        while !text.is_char_boundary(at) {
            at += 1;
        }
        text.insert_str(at, INSERTS[usize::from(pair[1]) % INSERTS.len()]);
    }
    text
}

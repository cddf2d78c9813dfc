//! `lang`: the document's language, as an ISO 639-1 code.
//!
//! Two detectors, each where it is good. whatlang is fast and accurate on
//! body text, so it decides when the text is long and its answer reliable.
//! Headlines, snippets and feed summaries are short, and there whatlang
//! guesses ("Biden warns Putin" comes out Dutch); lingua, restricted to the
//! languages Vigie knows, decides those. A language the input declared (a
//! JSONL field, an HTML `lang`) is kept.

use lingua::{Language as L, LanguageDetector, LanguageDetectorBuilder};
use vigie_doc::Doc;
use whatlang::{Detector, Lang as W};

use crate::{Facet, Resources, Result, Stage};

/// Languages whatlang may answer, with their ISO 639-1 codes: the common
/// languages of world news, so that a German article is not forced into French.
const LANGS: &[(W, &str)] = &[
    (W::Fra, "fr"),
    (W::Eng, "en"),
    (W::Deu, "de"),
    (W::Spa, "es"),
    (W::Ita, "it"),
    (W::Por, "pt"),
    (W::Nld, "nl"),
    (W::Rus, "ru"),
    (W::Ukr, "uk"),
    (W::Pol, "pl"),
    (W::Tur, "tr"),
    (W::Ara, "ar"),
    (W::Cmn, "zh"),
];

/// Languages lingua knows here (each one is a model in the binary).
const SHORT_TEXT_LANGS: &[L] = &[
    L::English,
    L::French,
    L::German,
    L::Spanish,
    L::Italian,
    L::Portuguese,
    L::Dutch,
    L::Russian,
    L::Ukrainian,
];

/// Below this many bytes a text is short: whatlang's trigram statistics
/// are too thin to trust.
const SHORT: usize = 200;

/// Bytes of the first, quick look, and the whatlang confidence at which its
/// answer is taken. On 627 articles and paragraphs of French and English
/// news, every answer taken this way at 300 bytes equals the one on 1000
/// bytes, and so did it on 103 more paragraphs of real scraped news.
const QUICK: usize = 300;
const QUICK_CONFIDENCE: f64 = 0.9;

/// The language stage.
pub struct Lang {
    whatlang: Detector,
    lingua: LanguageDetector,
}

impl Lang {
    /// Builds the stage.
    pub fn new(_res: &Resources) -> Result<Self> {
        Ok(Lang {
            whatlang: Detector::with_allowlist(LANGS.iter().map(|(l, _)| *l).collect()),
            lingua: LanguageDetectorBuilder::from_languages(SHORT_TEXT_LANGS).build(),
        })
    }

    /// The ISO 639-1 code of `text`, when it has any letters.
    pub fn detect(&self, text: &str) -> Option<&'static str> {
        // whatlang's cost grows with the sample: a confident answer on the
        // first few hundred bytes (most articles) is the answer on 1000.
        if text.len() > QUICK {
            let quick = self.whatlang.detect(prefix(text, QUICK));
            if let Some(i) = quick.filter(|i| i.is_reliable() && i.confidence() >= QUICK_CONFIDENCE)
                && let Some(code) = LANGS.iter().find(|(l, _)| *l == i.lang()).map(|(_, c)| *c)
            {
                return Some(code);
            }
        }
        let sample = prefix(text, 1000);
        let info = self.whatlang.detect(sample);
        let code = |lang: W| {
            LANGS
                .iter()
                .find(|(l, _)| *l == lang)
                .map(|(_, code)| *code)
        };
        let reliable = info.as_ref().is_some_and(|i| i.is_reliable()) && sample.len() >= SHORT;
        let guess = info.and_then(|i| code(i.lang()));
        if reliable {
            return guess;
        }
        self.lingua
            .detect_language_of(sample)
            .and_then(lingua_code)
            .or(guess)
    }
}

fn lingua_code(lang: L) -> Option<&'static str> {
    // Exhaustive over the models compiled in: adding one makes this fail to
    // build until its code is given here.
    Some(match lang {
        L::English => "en",
        L::French => "fr",
        L::German => "de",
        L::Spanish => "es",
        L::Italian => "it",
        L::Portuguese => "pt",
        L::Dutch => "nl",
        L::Russian => "ru",
        L::Ukrainian => "uk",
    })
}

/// At most `max` bytes of `text`, cut on a char boundary.
fn prefix(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end).unwrap_or_default()
}

impl Stage for Lang {
    fn name(&self) -> &'static str {
        "lang"
    }

    fn requires(&self) -> &'static [Facet] {
        &[Facet::Text]
    }

    fn assigns(&self) -> &'static [Facet] {
        &[Facet::Lang]
    }

    fn run(&self, doc: &mut Doc) -> Result<()> {
        if doc.lang.is_none() {
            doc.lang = self.detect(doc.text()).map(str::to_owned);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn stage() -> Lang {
        let res = Resources {
            kb: Arc::default(),
            packs: Arc::default(),
        };
        Lang::new(&res).unwrap()
    }

    #[test]
    fn body_text() {
        let l = stage();
        assert_eq!(
            l.detect("Le ministre russe des Affaires étrangères a déclaré mercredi que les négociations continueraient à Genève, selon un communiqué publié dans la soirée."),
            Some("fr")
        );
        assert_eq!(
            l.detect("The Russian foreign minister said on Wednesday that talks in Geneva would continue next week, according to a statement released in the evening."),
            Some("en")
        );
    }

    #[test]
    fn short_headlines() {
        let l = stage();
        for (text, lang) in [
            ("Moscou exige des garanties", "fr"),
            ("Biden warns Putin of new sanctions", "en"),
            ("Russia denies plans", "en"),
            ("Le Kremlin dément", "fr"),
            ("Talks end without a deal", "en"),
            ("L'Otan se réunit à Bruxelles", "fr"),
        ] {
            assert_eq!(l.detect(text), Some(lang), "{text}");
        }
    }

    #[test]
    fn a_long_text_is_decided_by_its_start_or_by_1000_bytes() {
        let l = stage();
        let fr = "Le ministre a déclaré mercredi que les négociations continueraient à Genève. ";
        let en = "The minister said on Wednesday that the talks in Geneva would go on next week. ";
        assert_eq!(l.detect(&fr.repeat(20)), Some("fr"));
        assert_eq!(l.detect(&en.repeat(20)), Some("en"));
    }

    #[test]
    fn no_letters_no_language() {
        assert_eq!(stage().detect("12 345 — 67"), None);
    }
}

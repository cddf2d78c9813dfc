//! `lang`: the document's language, as an ISO 639-1 code.
//!
//! whatlang, restricted to the languages Vigie has packs for plus the common
//! languages of world news (so that a German article is not forced into
//! French), is fast on body text. Headlines and snippets are short, and there
//! the title and body are judged together.

use vigie_doc::Doc;
use whatlang::{Detector, Lang as W};

use crate::{Facet, Resources, Result, Stage};

/// Languages the detector may answer, with their ISO 639-1 codes.
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

/// The language stage.
pub struct Lang {
    detector: Detector,
}

impl Lang {
    /// Builds the stage.
    pub fn new(_res: &Resources) -> Result<Self> {
        Ok(Lang {
            detector: Detector::with_allowlist(LANGS.iter().map(|(l, _)| *l).collect()),
        })
    }

    /// The ISO 639-1 code of `text`, when it has any letters.
    pub fn detect(&self, text: &str) -> Option<&'static str> {
        let sample = prefix(text, 2000);
        let lang = self.detector.detect_lang(sample)?;
        LANGS
            .iter()
            .find(|(l, _)| *l == lang)
            .map(|(_, code)| *code)
    }
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
    &text[..end]
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
        assert_eq!(l.detect("Le ministre russe des Affaires étrangères a déclaré mercredi que les négociations continueraient à Genève."), Some("fr"));
        assert_eq!(l.detect("The Russian foreign minister said on Wednesday that talks in Geneva would continue next week."), Some("en"));
    }
}

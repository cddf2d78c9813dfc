//! `tone`: the document's tone on GDELT's scale.
//!
//! GDELT's tone is the share of positive and of negative words, in words per
//! hundred; the score is positive minus negative. Words are the document's
//! word tokens (numbers excluded); a word is positive or negative when the
//! language's lexicon (`lang/<code>/tone.tsv`, word<TAB>valence) gives it a
//! positive or negative valence. Words inside entity mentions are counted as
//! words but never as positive or negative: "United Nations" or "Bonne" are
//! names, not sentiments.

use rustc_hash::FxHashMap as HashMap;

use vigie_doc::{Doc, Tone as DocTone};

use crate::{Facet, Resources, Result, Stage};

const LEXICON: &str = "tone.tsv";

/// The tone stage.
pub struct Tone {
    lexicons: HashMap<String, HashMap<String, f32>>,
}

impl Tone {
    /// Builds the stage from each pack's `tone.tsv`.
    pub fn new(res: &Resources) -> Result<Self> {
        let mut lexicons = HashMap::default();
        for pack in res.packs.iter() {
            let mut words = HashMap::default();
            for (n, line) in pack.numbered_lines(LEXICON) {
                let Some((word, valence)) = line.split_once('\t') else {
                    return Err(pack.error(LEXICON, n, "expected word<TAB>valence"));
                };
                let valence: f32 = valence
                    .trim()
                    .parse()
                    .map_err(|_| pack.error(LEXICON, n, format!("bad valence {valence:?}")))?;
                words.insert(word.trim().to_lowercase(), valence);
            }
            if !words.is_empty() {
                lexicons.insert(pack.code().to_owned(), words);
            }
        }
        Ok(Tone { lexicons })
    }
}

impl Stage for Tone {
    fn name(&self) -> &'static str {
        "tone"
    }

    fn requires(&self) -> &'static [Facet] {
        &[Facet::Segments, Facet::Lang]
    }

    fn assigns(&self) -> &'static [Facet] {
        &[Facet::Tone]
    }

    fn run(&self, doc: &mut Doc) -> Result<()> {
        doc.tone = None;
        let Some(lexicon) = doc.lang.as_deref().and_then(|l| self.lexicons.get(l)) else {
            return Ok(());
        };
        let text = doc.text();
        let mut names: Vec<(usize, usize)> = doc
            .entities
            .iter()
            .flat_map(|e| e.mentions.iter().map(|m| (m.start, m.end)))
            .collect();
        names.sort_unstable();
        let (mut words, mut positive, mut negative) = (0usize, 0usize, 0usize);
        let all = crate::text::layout_words(&doc.layout, text);
        let mut n = 0;
        for (i, t) in doc.layout.tokens.iter().enumerate() {
            let word = t.slice(text);
            if !word.chars().any(char::is_alphabetic) {
                continue;
            }
            words += 1;
            while n < names.len() && names[n].1 <= t.start {
                n += 1;
            }
            if names.get(n).is_some_and(|&(s, _)| s <= t.start) {
                continue;
            }
            match lexicon.get(all.lower(i)) {
                Some(&v) if v > 0.0 => positive += 1,
                Some(&v) if v < 0.0 => negative += 1,
                _ => {}
            }
        }
        if words > 0 {
            let per_hundred = |k: usize| (k as f64 * 100.0 / words as f64 * 100.0).round() / 100.0;
            let (pos, neg) = (per_hundred(positive), per_hundred(negative));
            doc.tone = Some(DocTone {
                score: ((pos - neg) * 100.0).round() / 100.0,
                positive: pos,
                negative: neg,
            });
        }
        Ok(())
    }
}

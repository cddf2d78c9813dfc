//! `segment`: tokens and sentences.
//!
//! Sentences end at `.`, `!`, `?` or `…` followed by a space and an
//! uppercase letter, a quotation mark or a digit, unless the word before the
//! period is an abbreviation of the language pack (`abbreviations.txt`:
//! "M.", "Mme", "Dr", "janv."), or at a paragraph end. Scraped text often
//! glues sentences ("…des Vingt-Sept.Dans cette lettre"): a period directly
//! followed by an uppercase letter after a lowercase word ends a sentence too.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use vigie_doc::{Doc, Span};

use crate::text::tokenize;
use crate::{Facet, Resources, Result, Stage};

/// The segmentation stage.
pub struct Segment {
    abbreviations: HashMap<String, HashSet<String>>,
}

impl Segment {
    /// Builds the stage from each pack's `abbreviations.txt`.
    pub fn new(res: &Resources) -> Result<Self> {
        let abbreviations = res
            .packs
            .iter()
            .map(|p| {
                let words = p
                    .lines("abbreviations.txt")
                    .map(|l| l.trim_end_matches('.').to_lowercase())
                    .collect();
                (p.code().to_owned(), words)
            })
            .collect();
        Ok(Segment { abbreviations })
    }

    fn sentences(
        &self,
        text: &str,
        para: Span,
        abbrevs: Option<&HashSet<String>>,
        out: &mut Vec<Span>,
    ) {
        let slice = para.slice(text);
        let mut start = 0;
        let mut iter = slice.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            if !matches!(c, '.' | '!' | '?' | '…') {
                continue;
            }
            // Swallow closing punctuation that belongs to the sentence,
            // including a French closing guillemet after its space.
            let mut end = i + c.len_utf8();
            while let Some(&(j, n)) = iter.peek() {
                if matches!(n, '.' | '!' | '?' | '»' | '"' | '”' | ')' | '’') {
                    end = j + n.len_utf8();
                    iter.next();
                } else if n.is_whitespace()
                    && slice
                        .get(j..)
                        .unwrap_or_default()
                        .trim_start()
                        .starts_with(['»', '”'])
                {
                    iter.next();
                } else {
                    break;
                }
            }
            let rest = slice.get(end..).unwrap_or_default();
            let after_space = rest.trim_start();
            let spaced = after_space.len() < rest.len();
            let Some(next) = after_space.chars().next() else {
                break;
            };
            let starts_sentence = next.is_uppercase()
                || matches!(next, '«' | '"' | '“' | '—' | '-')
                || next.is_ascii_digit();
            if !starts_sentence {
                continue;
            }
            let word_before = last_word(slice.get(start..i).unwrap_or_default());
            if c == '.' {
                if abbrevs.is_some_and(|a| a.contains(&word_before.to_lowercase())) {
                    continue;
                }
                // Initials ("J. Sullivan") and glued periods after capitals ("M.Kozak").
                if word_before.chars().count() == 1 && word_before.chars().all(char::is_uppercase) {
                    continue;
                }
                if !spaced && !word_before.chars().last().is_some_and(char::is_lowercase) {
                    continue;
                }
            } else if !spaced {
                continue;
            }
            push_trimmed(slice, para.start, start, end, out);
            start = end;
        }
        push_trimmed(slice, para.start, start, slice.len(), out);
    }
}

fn last_word(s: &str) -> &str {
    let s = s.trim_end();
    let from = s
        .rfind(|c: char| !crate::text::is_word_char(c))
        .map_or(0, |i| {
            i + s
                .get(i..)
                .unwrap_or_default()
                .chars()
                .next()
                .map_or(1, char::len_utf8)
        });
    s.get(from..).unwrap_or_default()
}

fn push_trimmed(slice: &str, base: usize, start: usize, end: usize, out: &mut Vec<Span>) {
    let piece = slice.get(start..end).unwrap_or_default();
    let lead = piece.len() - piece.trim_start().len();
    let trimmed = piece.trim();
    if !trimmed.is_empty() {
        let s = base + start + lead;
        out.push(Span::new(s, s + trimmed.len()));
    }
}

impl Stage for Segment {
    fn name(&self) -> &'static str {
        "segment"
    }

    fn requires(&self) -> &'static [Facet] {
        &[Facet::Text, Facet::Lang]
    }

    fn assigns(&self) -> &'static [Facet] {
        &[Facet::Segments]
    }

    fn run(&self, doc: &mut Doc) -> Result<()> {
        let abbrevs = doc.lang.as_deref().and_then(|l| self.abbreviations.get(l));
        let text = doc.text.as_deref().unwrap_or("");
        let mut sentences = Vec::new();
        let mut tokens = Vec::new();
        for p in &doc.layout.paragraphs {
            self.sentences(text, p.span, abbrevs, &mut sentences);
            tokenize(text, p.span, &mut tokens);
        }
        doc.layout.words = crate::text::words(text, &tokens);
        doc.layout.sentences = sentences;
        doc.layout.tokens = tokens;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        let abbrevs: HashSet<String> = ["m", "mme", "dr"].into_iter().map(String::from).collect();
        let seg = Segment {
            abbreviations: HashMap::default(),
        };
        let mut out = Vec::new();
        seg.sentences(text, Span::new(0, text.len()), Some(&abbrevs), &mut out);
        out.iter().map(|s| s.slice(text)).collect()
    }

    #[test]
    fn abbreviations_and_initials_do_not_end_sentences() {
        assert_eq!(
            split("M. Lavrov est arrivé. Il a vu John J. Sullivan. Fin"),
            ["M. Lavrov est arrivé.", "Il a vu John J. Sullivan.", "Fin"]
        );
    }

    #[test]
    fn glued_sentences_are_split() {
        assert_eq!(
            split("des Vingt-Sept.Dans cette lettre"),
            ["des Vingt-Sept.", "Dans cette lettre"]
        );
        assert_eq!(
            split("a expliqué M.Kozak. Puis"),
            ["a expliqué M.Kozak.", "Puis"]
        );
    }

    #[test]
    fn closing_quotes_stay_with_their_sentence() {
        assert_eq!(
            split("« Nous partons. » Il a dit."),
            ["« Nous partons. »", "Il a dit."]
        );
    }
}

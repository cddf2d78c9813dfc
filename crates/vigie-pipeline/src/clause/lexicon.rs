//! Word patterns of the language packs, compiled for matching on folded tokens.
//!
//! A pattern is a sequence of words separated by spaces, folded with
//! [`vigie_kb::fold`] when loaded ("mis en garde", "s'est rendu"). A word
//! ending in `*` matches any token starting with it ("exig*" matches "exige",
//! "exigé", "exigeait"); such a stem must have at least [`MIN_STEM`]
//! characters so that matching stays a hash look-up per token.

use rustc_hash::FxHashMap as HashMap;

use vigie_kb::fold;

/// Shortest stem of a `*` word: patterns are indexed by their first
/// characters.
pub const MIN_STEM: usize = 3;

#[derive(Debug, Clone)]
enum Word {
    Exact(String),
    Stem(String),
}

impl Word {
    fn matches(&self, token: &str) -> bool {
        match self {
            Word::Exact(w) => w == token,
            Word::Stem(s) => token.starts_with(s.as_str()),
        }
    }
}

#[derive(Debug, Clone)]
struct Pattern<T> {
    words: Vec<Word>,
    /// Characters the pattern fixes (an exact word counts one more than its
    /// stem): of two matches of one length, the more specific wins
    /// ("proposition*" over "propos*").
    weight: usize,
    value: T,
}

/// Patterns with a payload each, indexed by their first word.
#[derive(Debug, Clone)]
pub struct Lexicon<T> {
    patterns: Vec<Pattern<T>>,
    by_exact: HashMap<String, Vec<usize>>,
    by_stem: HashMap<String, Vec<usize>>,
}

impl<T> Default for Lexicon<T> {
    fn default() -> Self {
        Lexicon {
            patterns: Vec::new(),
            by_exact: HashMap::default(),
            by_stem: HashMap::default(),
        }
    }
}

/// A pattern that matched: tokens `start..end` (indices into the token list).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit<'a, T> {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// The pattern's payload.
    pub value: &'a T,
}

/// The first [`MIN_STEM`] characters of a word, without allocating.
fn stem_key(s: &str) -> &str {
    let end = s.char_indices().nth(MIN_STEM).map_or(s.len(), |(i, _)| i);
    s.get(..end).unwrap_or_default()
}

impl<T> Lexicon<T> {
    /// Adds a pattern; the error says what is wrong with it.
    pub fn add(&mut self, pattern: &str, value: T) -> std::result::Result<(), String> {
        let mut words = Vec::new();
        for raw in pattern.split_whitespace() {
            let (body, stem) = match raw.strip_suffix('*') {
                Some(b) => (b, true),
                None => (raw, false),
            };
            // Folding splits elisions and hyphens: "s'est" is two words.
            let folded = fold(body);
            let mut parts: Vec<&str> = folded.split(' ').filter(|p| !p.is_empty()).collect();
            let Some(last) = parts.pop() else {
                return Err(format!("empty word in pattern {pattern:?}"));
            };
            words.extend(parts.into_iter().map(|p| Word::Exact(p.to_owned())));
            if stem {
                if last.chars().count() < MIN_STEM {
                    return Err(format!(
                        "stem {raw:?} is shorter than {MIN_STEM} characters"
                    ));
                }
                words.push(Word::Stem(last.to_owned()));
            } else {
                words.push(Word::Exact(last.to_owned()));
            }
        }
        let id = self.patterns.len();
        match words.first() {
            None => return Err("empty pattern".to_owned()),
            Some(Word::Exact(w)) => self.by_exact.entry(w.clone()).or_default().push(id),
            Some(Word::Stem(s)) => self
                .by_stem
                .entry(stem_key(s).to_owned())
                .or_default()
                .push(id),
        }
        let weight = words
            .iter()
            .map(|w| match w {
                Word::Exact(x) => x.chars().count() + 1,
                Word::Stem(x) => x.chars().count(),
            })
            .sum();
        self.patterns.push(Pattern {
            words,
            weight,
            value,
        });
        Ok(())
    }

    /// True when no pattern was added.
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// The longest pattern starting at token `i` of `tokens` (folded words).
    pub fn longest_at<'a, S: AsRef<str>>(&'a self, tokens: &[S], i: usize) -> Option<Hit<'a, T>> {
        let first = tokens.get(i)?.as_ref();
        let exact = self.by_exact.get(first).map_or(&[][..], Vec::as_slice);
        let stem = self
            .by_stem
            .get(stem_key(first))
            .map_or(&[][..], Vec::as_slice);
        let mut best: Option<(Hit<'a, T>, usize)> = None;
        for &id in exact.iter().chain(stem) {
            let p = &self.patterns[id];
            let end = i + p.words.len();
            if end > tokens.len() {
                continue;
            }
            let all = p
                .words
                .iter()
                .zip(&tokens[i..end])
                .all(|(w, t)| w.matches(t.as_ref()));
            if all
                && best
                    .as_ref()
                    .is_none_or(|(b, w)| end > b.end || (end == b.end && p.weight > *w))
            {
                let hit = Hit {
                    start: i,
                    end,
                    value: &p.value,
                };
                best = Some((hit, p.weight));
            }
        }
        best.map(|(hit, _)| hit)
    }

    /// Every non-overlapping match, leftmost-longest, in `tokens[range]`.
    pub fn scan<'a, S: AsRef<str>>(
        &'a self,
        tokens: &[S],
        range: std::ops::Range<usize>,
    ) -> Vec<Hit<'a, T>> {
        let mut out = Vec::new();
        let end = range.end.min(tokens.len());
        let mut i = range.start;
        while i < end {
            match self.longest_at(&tokens[..end], i) {
                Some(hit) => {
                    i = hit.end;
                    out.push(hit);
                }
                None => i += 1,
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        fold(s).split(' ').map(str::to_owned).collect()
    }

    #[test]
    fn stems_exact_words_and_longest_match() {
        let mut lex = Lexicon::default();
        lex.add("exig*", 1).unwrap();
        lex.add("mis en garde", 2).unwrap();
        lex.add("mis", 3).unwrap();
        lex.add("s'est rendu*", 4).unwrap();
        let toks = words("Moscou a exigé puis mis en garde Kiev et s’est rendue");
        let hits: Vec<_> = lex
            .scan(&toks, 0..toks.len())
            .iter()
            .map(|h| (h.start, *h.value))
            .collect();
        assert_eq!(hits, [(2, 1), (4, 2), (9, 4)]);
    }

    #[test]
    fn short_stems_are_refused() {
        let mut lex = Lexicon::default();
        assert!(lex.add("ex*", 1).is_err());
        assert!(lex.add("", 1).is_err());
    }
}

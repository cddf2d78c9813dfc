//! Text helpers shared by stages: tokens, case, character classes.

use std::borrow::Cow;

use vigie_doc::{Layout, Span, Words};

/// True for characters that belong inside a word or number token.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c)
}

/// Word and number tokens of `text[span]`: maximal runs of [`is_word_char`],
/// as absolute spans. "l’Otan" gives "l" and "Otan"; "États-Unis" gives
/// "États" and "Unis"; what lies between tokens is punctuation or space.
pub fn tokenize(text: &str, span: Span, out: &mut Vec<Span>) {
    let Some(slice) = text.get(span.start..span.end) else {
        return;
    };
    let mut start = None;
    for (i, c) in slice.char_indices() {
        match (is_word_char(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(Span::new(span.start + s, span.start + i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(Span::new(span.start + s, span.end));
    }
}

/// The lowercase and folded forms of `tokens` of `text`.
pub fn words(text: &str, tokens: &[Span]) -> Words {
    let mut out = Words::default();
    let mut lower = String::new();
    let mut folded = String::new();
    for t in tokens {
        let w = t.slice(text);
        if w.bytes().all(|b| b.is_ascii_alphanumeric()) {
            // Plain ASCII (most tokens): lowercase and folded are the same.
            lower.clear();
            lower.extend(w.bytes().map(|b| char::from(b.to_ascii_lowercase())));
            out.push(&lower, &lower);
            continue;
        }
        vigie_kb::fold_into(w, &mut folded);
        if w.chars().any(char::is_uppercase) {
            out.push(&w.to_lowercase(), &folded);
        } else {
            out.push(w, &folded);
        }
    }
    out
}

/// The layout's words, or computed here when `segment` did not fill them
/// for these tokens (a document built by hand).
pub fn layout_words<'a>(layout: &'a Layout, text: &str) -> Cow<'a, Words> {
    if layout.words.len() == layout.tokens.len() {
        Cow::Borrowed(&layout.words)
    } else {
        Cow::Owned(words(text, &layout.tokens))
    }
}

/// True when the word starts with an uppercase letter.
pub fn is_capitalized(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// True when every letter of the word is uppercase and it has at least two.
pub fn is_all_caps(word: &str) -> bool {
    let mut letters = 0;
    for c in word.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_alphabetic() {
            letters += 1;
        }
    }
    letters >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        tokenize(text, Span::new(0, text.len()), &mut out);
        out.iter().map(|s| s.slice(text)).collect()
    }

    #[test]
    fn tokens_split_on_elision_hyphen_and_punctuation() {
        assert_eq!(
            words("l’Otan et les États-Unis, M. Lavrov."),
            ["l", "Otan", "et", "les", "États", "Unis", "M", "Lavrov"]
        );
        assert_eq!(words("100'000 soldats"), ["100", "000", "soldats"]);
    }

    #[test]
    fn words_are_lowercased_and_folded_once() {
        let text = "L’OTAN et Sergueï Lavrov, 2022";
        let mut spans = Vec::new();
        tokenize(text, Span::new(0, text.len()), &mut spans);
        let w = super::words(text, &spans);
        assert_eq!(w.len(), spans.len());
        let lower: Vec<&str> = (0..w.len()).map(|i| w.lower(i)).collect();
        let folded: Vec<&str> = (0..w.len()).map(|i| w.folded(i)).collect();
        assert_eq!(lower, ["l", "otan", "et", "sergueï", "lavrov", "2022"]);
        assert_eq!(folded, ["l", "otan", "et", "serguei", "lavrov", "2022"]);
    }

    #[test]
    fn case_helpers() {
        assert!(is_capitalized("Éric"));
        assert!(!is_capitalized("éric"));
        assert!(is_all_caps("OTAN"));
        assert!(!is_all_caps("Otan"));
        assert!(!is_all_caps("A"));
    }

    proptest::proptest! {
        #[test]
        fn tokens_are_ordered_words_on_boundaries(s in "\\PC{0,60}") {
            let mut out = Vec::new();
            tokenize(&s, Span::new(0, s.len()), &mut out);
            let mut last = 0;
            for t in out {
                proptest::prop_assert!(t.start >= last && t.end > t.start);
                let w = s.get(t.start..t.end).unwrap();
                proptest::prop_assert!(w.chars().all(is_word_char));
                last = t.end;
            }
        }

        #[test]
        fn words_match_per_token_normalisation(s in "\\PC{0,60}") {
            let mut spans = Vec::new();
            tokenize(&s, Span::new(0, s.len()), &mut spans);
            let w = super::words(&s, &spans);
            for (i, t) in spans.iter().enumerate() {
                let word = t.slice(&s);
                let lower = if word.chars().any(char::is_uppercase) {
                    word.to_lowercase()
                } else {
                    word.to_owned()
                };
                proptest::prop_assert_eq!(w.lower(i), lower);
                proptest::prop_assert_eq!(w.folded(i), vigie_kb::fold(word));
            }
        }
    }
}

//! Text helpers shared by stages: tokens, case, character classes.

use vigie_doc::Span;

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
    }
}

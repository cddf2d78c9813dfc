//! Search-result excerpts with the query's words marked.

use serde::Serialize;

/// An excerpt of a document's text and where the query's words are in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Snippet {
    /// The excerpt.
    pub text: String,
    /// Byte ranges of `text` to highlight, in order.
    pub highlights: Vec<[usize; 2]>,
}

/// Bytes of context before the first match.
const BEFORE: usize = 80;
/// Length of an excerpt in bytes.
const LENGTH: usize = 280;

/// The excerpt of `text` around the first word that matches a word of
/// `query`. Matching is on folded words sharing a stem-like prefix, close to
/// what the index's stemmers match.
pub fn snippet(text: &str, query: &str) -> Snippet {
    let stems: Vec<String> = query
        .split(|c: char| !c.is_alphanumeric())
        .map(vigie_kb::fold)
        .filter(|w| w.chars().count() >= 2)
        .map(|w| {
            let n = w.chars().count();
            let keep = if n <= 4 { n } else { (n * 3 / 4).max(4) };
            w.chars().take(keep).collect()
        })
        .collect();
    let mut matches = Vec::new();
    let mut folded = String::new();
    let mut pos = 0;
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        let start = pos;
        pos += word.len()
            + text
                .get(start + word.len()..)
                .unwrap_or_default()
                .chars()
                .next()
                .map_or(0, char::len_utf8);
        if word.is_empty() {
            continue;
        }
        vigie_kb::fold_into(word, &mut folded);
        if stems.iter().any(|s| folded.starts_with(s.as_str())) {
            matches.push((start, start + word.len()));
        }
    }
    let first = matches.first().map_or(0, |m| m.0);
    let mut from = first.saturating_sub(BEFORE);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (from + LENGTH).min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    Snippet {
        text: text.get(from..to).unwrap_or_default().to_owned(),
        highlights: matches
            .into_iter()
            .filter(|m| m.0 >= from && m.1 <= to)
            .map(|m| [m.0 - from, m.1 - from])
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_stemmed_and_accented_words() {
        let s = snippet(
            "Les négociations de Genève ont repris.",
            "negociation geneve",
        );
        let marked: Vec<&str> = s.highlights.iter().map(|[a, b]| &s.text[*a..*b]).collect();
        assert_eq!(marked, ["négociations", "Genève"]);
    }

    #[test]
    fn cuts_on_character_boundaries() {
        let text = "é".repeat(400) + " Lavrov " + &"ï".repeat(400);
        let s = snippet(&text, "lavrov");
        assert_eq!(s.highlights.len(), 1);
        let [a, b] = s.highlights[0];
        assert_eq!(&s.text[a..b], "Lavrov");
        assert!(snippet("", "x").text.is_empty());
    }
}

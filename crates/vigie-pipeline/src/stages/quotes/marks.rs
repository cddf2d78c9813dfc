//! Pairing quotation marks inside paragraphs.
//!
//! The scanner is a bounded stack machine run once over each paragraph, so it
//! is linear in the text whatever the marks: a paragraph end drops every
//! opener left unclosed (a truncated article or a stray mark never swallows
//! the following paragraphs), a closer with no opener is ignored, and nested
//! pairs are kept only through their outermost pair.

use vigie_doc::Span;

/// How deep nested openers are tracked; deeper openers are ignored, which
/// keeps the closer search constant-time on hostile input.
const MAX_DEPTH: usize = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// « »
    Guillemet,
    /// ‹ ›
    Single,
    /// “ ”
    Curly,
    /// „ “
    Low,
    /// " "
    Straight,
}

/// A pair of marks and what lies between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Pair {
    /// From the opening mark to the end of the closing mark (or to the
    /// paragraph end for a quote continued in the next paragraph).
    pub outer: Span,
    /// The text between the marks, trimmed, without a trailing comma.
    pub inner: Span,
    /// The quote runs on into the next paragraph, which opens with a mark.
    pub continued: bool,
}

struct Open {
    kind: Kind,
    at: usize,
    after: usize,
}

/// Pairs of the paragraphs of `text`, outermost only, in text order.
pub(super) fn pairs(text: &str, paragraphs: &[Span]) -> Vec<Pair> {
    let mut out = Vec::new();
    let mut stack: Vec<Open> = Vec::with_capacity(MAX_DEPTH);
    let mut found: Vec<Pair> = Vec::new();
    for (n, &para) in paragraphs.iter().enumerate() {
        let Some(slice) = text.get(para.start..para.end) else {
            continue;
        };
        stack.clear();
        found.clear();
        let mut prev: Option<char> = None;
        let mut chars = slice.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let next = chars.peek().map(|&(_, c)| c);
            let at = para.start + i;
            let after = at + c.len_utf8();
            match c {
                '«' => push(&mut stack, Kind::Guillemet, at, after),
                '‹' => push(&mut stack, Kind::Single, at, after),
                '„' => push(&mut stack, Kind::Low, at, after),
                '»' => close(text, &mut stack, Kind::Guillemet, at, after, &mut found),
                '›' => close(text, &mut stack, Kind::Single, at, after, &mut found),
                '”' => close(text, &mut stack, Kind::Curly, at, after, &mut found),
                '“' => {
                    if stack.last().is_some_and(|o| o.kind == Kind::Low) {
                        close(text, &mut stack, Kind::Low, at, after, &mut found);
                    } else {
                        push(&mut stack, Kind::Curly, at, after);
                    }
                }
                '"' => straight(text, &mut stack, prev, next, at, after, &mut found),
                _ => {}
            }
            prev = Some(c);
        }
        // An opener left at the paragraph end is kept only when the next
        // paragraph opens with a mark: the convention for a quotation that
        // runs over several paragraphs.
        if let Some(first) = stack.first()
            && paragraphs
                .get(n + 1)
                .and_then(|p| p.slice(text).trim_start().chars().next())
                .is_some_and(is_opening_mark)
            && let Some(inner) = trimmed(text, first.after, para.end)
        {
            found.push(Pair {
                outer: Span::new(first.at, para.end),
                inner,
                continued: true,
            });
        }
        found.sort_by_key(|p| p.outer.start);
        let mut last_end = 0;
        for p in &found {
            if p.outer.start >= last_end {
                out.push(*p);
                last_end = p.outer.end;
            }
        }
    }
    out
}

fn is_opening_mark(c: char) -> bool {
    matches!(c, '«' | '‹' | '„' | '“' | '"')
}

fn push(stack: &mut Vec<Open>, kind: Kind, at: usize, after: usize) {
    if stack.len() < MAX_DEPTH {
        stack.push(Open { kind, at, after });
    }
}

fn close(
    text: &str,
    stack: &mut Vec<Open>,
    kind: Kind,
    at: usize,
    after: usize,
    found: &mut Vec<Pair>,
) {
    // Inner openers left unclosed are dropped with the pair that closes.
    let Some(k) = stack.iter().rposition(|o| o.kind == kind) else {
        return;
    };
    let open = &stack[k];
    if let Some(inner) = trimmed(text, open.after, at) {
        found.push(Pair {
            outer: Span::new(open.at, after),
            inner,
            continued: false,
        });
    }
    stack.truncate(k);
}

/// A straight mark opens or closes depending on its neighbours: `"` after a
/// space and before a word opens, after a word and before a space or
/// punctuation closes. An opener-shaped mark while another straight quote is
/// open means the earlier one was stray: it is replaced, so one missing mark
/// does not flip every later pair.
fn straight(
    text: &str,
    stack: &mut Vec<Open>,
    prev: Option<char>,
    next: Option<char>,
    at: usize,
    after: usize,
    found: &mut Vec<Pair>,
) {
    let opener_shape = prev.is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '[' | '—' | '–'))
        && next.is_some_and(|c| !c.is_whitespace());
    let closer_shape = prev.is_some_and(|c| !c.is_whitespace())
        && next.is_none_or(|c| {
            c.is_whitespace() || (c.is_ascii_punctuation() && c != '"') || c == '…'
        });
    let open = stack.iter().rposition(|o| o.kind == Kind::Straight);
    match open {
        Some(k) if opener_shape && !closer_shape => {
            stack.truncate(k);
            push(stack, Kind::Straight, at, after);
        }
        Some(_) => close(text, stack, Kind::Straight, at, after, found),
        None if closer_shape && !opener_shape => {}
        None => push(stack, Kind::Straight, at, after),
    }
}

/// The span between `from` and `to`, without surrounding space and a
/// trailing comma; `None` when nothing is left.
fn trimmed(text: &str, from: usize, to: usize) -> Option<Span> {
    let slice = text.get(from..to)?;
    let lead = slice.len() - slice.trim_start().len();
    let mut body = slice.trim();
    if let Some(b) = body.strip_suffix(',') {
        body = b.trim_end();
    }
    if body.is_empty() {
        return None;
    }
    let start = from + lead;
    Some(Span::new(start, start + body.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraphs(text: &str) -> Vec<Span> {
        let mut out = Vec::new();
        let mut start = 0;
        for piece in text.split("\n\n") {
            out.push(Span::new(start, start + piece.len()));
            start += piece.len() + 2;
        }
        out
    }

    fn texts(text: &str) -> Vec<&str> {
        pairs(text, &paragraphs(text))
            .iter()
            .map(|p| p.inner.slice(text))
            .collect()
    }

    #[test]
    fn every_mark_style_pairs() {
        assert_eq!(
            texts("« Un » “Deux” \"Trois\" „Vier“ ‹ Cinq › ‘six’"),
            ["Un", "Deux", "Trois", "Vier", "Cinq"]
        );
    }

    #[test]
    fn trailing_comma_and_space_are_trimmed() {
        assert_eq!(texts("“We will respond,” he said."), ["We will respond"]);
        assert_eq!(texts("« Nous partons », dit-il."), ["Nous partons"]);
        assert_eq!(texts("“It is over.” Fin"), ["It is over."]);
    }

    #[test]
    fn nested_marks_keep_the_outer_pair() {
        assert_eq!(
            texts("« Il a parlé d’un “moment clé” pour nous », dit-elle."),
            ["Il a parlé d’un “moment clé” pour nous"]
        );
        assert_eq!(texts("« a « b » c »"), ["a « b » c"]);
    }

    #[test]
    fn unclosed_marks_stay_in_their_paragraph() {
        let text = "« Tronqué au milieu\n\nIl a dit « oui et non ».\n\nFin » ici.";
        assert_eq!(texts(text), ["oui et non"]);
        assert_eq!(texts("Stray » then « real one »."), ["real one"]);
        assert_eq!(texts("« outer « inner » tail"), ["inner"]);
    }

    #[test]
    fn a_stray_straight_mark_does_not_flip_later_pairs() {
        assert_eq!(
            texts("He said \"no way and then \"the second part\" ended."),
            ["the second part"]
        );
        assert_eq!(texts("Une \" mise en garde \" claire."), ["mise en garde"]);
    }

    #[test]
    fn a_quote_over_two_paragraphs_keeps_both_parts() {
        let text = "« Première partie.\n\n« Seconde partie », a-t-il dit.";
        let p = pairs(text, &paragraphs(text));
        assert_eq!(p.len(), 2);
        assert!(p[0].continued);
        assert_eq!(p[0].inner.slice(text), "Première partie.");
        assert_eq!(p[1].inner.slice(text), "Seconde partie");
        assert!(!p[1].continued);
    }

    proptest::proptest! {
        #[test]
        fn random_marks_give_disjoint_spans_on_boundaries(
            s in "([a-zé ,.]{0,6}[«»“”„\"‹›‘’]?){0,40}(\n\n)?([a-z «»\"“”]{0,20})"
        ) {
            let paras = paragraphs(&s);
            let found = pairs(&s, &paras);
            let mut last = 0;
            for p in found {
                proptest::prop_assert!(p.outer.start >= last);
                proptest::prop_assert!(p.outer.contains(p.inner));
                proptest::prop_assert!(s.get(p.inner.start..p.inner.end).is_some());
                proptest::prop_assert!(!p.inner.is_empty());
                last = p.outer.end;
            }
        }
    }
}

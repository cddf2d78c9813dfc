//! `quotes`: quotations and who said them.
//!
//! 1. [`marks`] pairs quotation marks paragraph by paragraph (« », “ ”,
//!    " ", „ “, ‹ ›; single quotes are apostrophes or scare quotes, never
//!    quotations).
//! 2. Pairs that are names rather than speech are dropped: titles announced
//!    by a word of `title_cues.txt` ("le film", "called"), capitalised names
//!    ("Allied Resolve-2022"), short capitalised spans with no reporting cue
//!    around them, headings that only echo a quote, and scare quotes of one
//!    content word (`quote_function_words.txt` lists the others).
//! 3. [`attribute`] finds the speaker from a reporting cue of
//!    `quote_cues.tsv` after the quote, else before it in the sentence (the
//!    subject of a reporting verb comes from the clause analysis); a
//!    quote with no cue takes the subject of its own sentence (fragments,
//!    labelled quotes), of the narrative sentence before it, or continues
//!    the previous quote of the same or the next paragraph (headings aside).
//!    Pronouns, role nouns and "it" are resolved to the record's entities
//!    by the clause part's mention tracker (the resolver the events stage
//!    asks too), over the record's mentions and the surnames, titled forms
//!    and first names the entity stage left out.
//! 4. [`reported`] turns statements without marks into `indirect` quotes:
//!    "X a estimé que …", "X said (that) …", "X told reporters …", "…,
//!    a-t-il dit", "selon X, …", "…, according to X".
//!
//! Each quote says how its speaker was found in `speaker_via`.
//! A speaker is always an entity of the record, with the mention that
//! justified it in `speaker_mention`; anonymous ("un diplomate") and joint
//! ("Michel et von der Leyen") sources leave it empty.

mod attribute;
mod lexicon;
mod marks;
mod reported;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::Arc;

use vigie_doc::{Doc, Quote, QuoteKind, Span};
use vigie_kb::KnowledgeBase;

use crate::{Facet, Resources, Result, Stage};
use attribute::{Context, Decision, Via};
use lexicon::{Lexicon, Tokens};
use marks::Pair;

/// The quotes stage.
pub struct Quotes {
    kb: Arc<KnowledgeBase>,
    lexicons: HashMap<String, Lexicon>,
    fallback: Lexicon,
}

impl Quotes {
    /// Builds the stage from each pack's quote files.
    pub fn new(res: &Resources) -> Result<Self> {
        let lexicons = res
            .packs
            .iter()
            .map(|p| Ok((p.code().to_owned(), Lexicon::new(p, &res.kb)?)))
            .collect::<Result<_>>()?;
        Ok(Quotes {
            kb: Arc::clone(&res.kb),
            lexicons,
            fallback: Lexicon::default(),
        })
    }
}

impl Stage for Quotes {
    fn name(&self) -> &'static str {
        "quotes"
    }

    fn requires(&self) -> &'static [Facet] {
        &[Facet::Segments, Facet::Entities]
    }

    fn assigns(&self) -> &'static [Facet] {
        &[Facet::Quotes]
    }

    fn run(&self, doc: &mut Doc) -> Result<()> {
        let lex = doc
            .lang
            .as_deref()
            .and_then(|l| self.lexicons.get(l))
            .unwrap_or(&self.fallback);
        let quotes = extract(doc, lex, &self.kb);
        doc.quotes = quotes;
        Ok(())
    }
}

/// The last index whose span starts at or before `pos`.
fn containing(spans: &[Span], pos: usize) -> Option<usize> {
    spans.partition_point(|s| s.start <= pos).checked_sub(1)
}

fn extract(doc: &Doc, lex: &Lexicon, kb: &KnowledgeBase) -> Vec<Quote> {
    let text = doc.text();
    let paragraphs: Vec<Span> = doc.layout.paragraphs.iter().map(|p| p.span).collect();
    let pairs = marks::pairs(text, &paragraphs);
    let tokens = Tokens::new(text, &doc.layout);
    // Nothing to attribute: no marks and no reporting cue.
    if pairs.is_empty() && !(0..tokens.len()).any(|i| lex.cues.at(&tokens, i).is_some()) {
        return Vec::new();
    }
    let outers: Vec<Span> = pairs.iter().map(|p| p.outer).collect();
    let ctx = Context::new(doc, lex, kb, &tokens, &outers);
    let sentences = &doc.layout.sentences;

    let mut out: Vec<Quote> = Vec::new();
    let mut seen: HashMap<&str, usize> = HashMap::default();
    // The last kept quote: its paragraph, speaker decision and whether it
    // runs on into the next paragraph.
    let mut last: Option<(usize, Decision, bool)> = None;
    // Decisions per cue and side: a cue after one quote and before the
    // next looks for its subject in different places.
    let mut by_cue: HashMap<(usize, u8), Decision> = HashMap::default();
    // Texts found to be names or titles, so that a repeat is not a quote
    // either, and where the last one ended ("« X » et « Y »").
    let mut names: HashSet<&str> = HashSet::default();
    let mut last_name_end = usize::MAX;
    let mut pending_continued: Vec<usize> = Vec::new();
    let mut last_quote_end = 0;
    for pair in &pairs {
        let inner_text = pair.inner.slice(text);
        let Some(para_idx) = containing(&paragraphs, pair.outer.start) else {
            continue;
        };
        let para = &doc.layout.paragraphs[para_idx];
        let coordinated = text
            .get(last_name_end..pair.outer.start)
            .is_some_and(|gap| {
                let gap = gap.trim();
                gap == "," || lex.conjunctions.at_text(gap)
            });
        match is_speech(&ctx, lex, pair, para.span, text) {
            Verdict::Speech if !coordinated && !names.contains(inner_text) => {}
            Verdict::Scare => continue,
            _ => {
                names.insert(inner_text);
                last_name_end = pair.outer.end;
                continue;
            }
        }
        let sent = containing(sentences, pair.outer.start)
            .and_then(|i| sentences.get(i))
            .copied()
            .unwrap_or(para.span);
        let sent_end = containing(sentences, pair.outer.end.saturating_sub(1))
            .and_then(|i| sentences.get(i))
            .map_or(para.span.end, |s| s.end.max(pair.outer.end));
        let window = Span::new(sent.start.max(para.span.start), sent_end.min(para.span.end));
        let kind = kind_of(text, pair);

        // The incise right after the quote, then a cue before it in the
        // sentence, then a cue further after it.
        let right = ctx.cue_after(pair.outer, window);
        let (adjacent, distant) = match right {
            Some(c) if ctx.adjacent(pair.outer, pair.inner.end, &c) => (Some(c), None),
            other => (None, other),
        };
        let closing = ctx
            .closing_cue(pair.outer, window)
            .filter(|(c, _)| adjacent.is_none_or(|a| a.start_tok != c.start_tok));
        let subject_from = closing.map_or(pair.outer.end, |(_, at)| at);
        let closing = closing.map(|(c, _)| c);
        let left = ctx.cue_before(pair.outer, window);
        let mut decision: Option<Decision> = None;
        for cue in [adjacent, closing, left, distant].into_iter().flatten() {
            let side = if Some(cue.start_tok) == closing.map(|c| c.start_tok) {
                0
            } else if cue.span.start >= pair.outer.end {
                1
            } else {
                2
            };
            let d = by_cue
                .entry((cue.start_tok, side))
                .or_insert_with(|| match side {
                    0 => ctx.attribute(&cue, subject_from, window.end),
                    1 => ctx.attribute(&cue, pair.outer.end, window.end),
                    _ => ctx.attribute(&cue, window.start, pair.outer.start),
                })
                .clone();
            let done = d.decided();
            if done || decision.is_none() {
                decision = Some(d);
            }
            if done {
                break;
            }
        }
        let decision = match decision {
            Some(d) if d.decided() => d,
            cued => {
                if cued.is_none() && looks_like_a_name(&tokens, pair, text) {
                    names.insert(inner_text);
                    last_name_end = pair.outer.end;
                    continue;
                }
                let cue = cued.and_then(|d| d.cue);
                // A fragment in a sentence with no cue is the subject's, and
                // so is a quote after a label ("Kamala Harris, vice-présidente :").
                let labelled = text
                    .get(..pair.outer.start)
                    .unwrap_or_default()
                    .trim_end()
                    .ends_with(':');
                let (from, to) = (
                    tokens.at_or_after(window.start),
                    tokens.at_or_after(pair.outer.start),
                );
                let subject = if labelled {
                    Some(ctx.first_subject(from, to))
                } else {
                    (kind == QuoteKind::Partial).then(|| ctx.before(from, to))
                };
                let subject = subject
                    .filter(Decision::decided)
                    // A pronoun or role noun keeps saying how it was resolved.
                    .map(|d| {
                        if d.via == Via::Cue {
                            d.via(Via::Subject)
                        } else {
                            d
                        }
                    });
                // A quote with no cue of its own continues the previous one,
                // headings between them aside.
                let inherited = match &last {
                    Some((p, d, continued))
                        if cue.is_none()
                            && (*continued || only_headings(doc, text, *p, para_idx)) =>
                    {
                        Some(d.clone().inherited())
                    }
                    _ => None,
                };
                // A quote opening its sentence after a narrative sentence
                // (no quotation in it, after the previous quote) is that
                // sentence's subject's.
                let opens = text
                    .get(window.start..pair.outer.start)
                    .is_some_and(|g| !g.chars().any(crate::text::is_word_char));
                // The first parts of a quote run over paragraphs wait for
                // the speaker named after the last part.
                let narrated = if cue.is_none() && subject.is_none() && opens && !pair.continued {
                    let last_end = last_quote_end;
                    previous_sentence(doc, text, &paragraphs, sent, para_idx)
                        .filter(|prev| prev.start >= last_end)
                        .filter(|prev| {
                            containing(&outers, prev.end.saturating_sub(1))
                                .is_none_or(|i| !outers[i].overlaps(*prev))
                        })
                        .map(|prev| {
                            ctx.first_subject(
                                tokens.at_or_after(prev.start),
                                tokens.at_or_after(prev.end),
                            )
                        })
                        .filter(|d| d.speaker.is_some())
                        .map(|d| d.via(Via::Previous))
                } else {
                    None
                };
                let mut d = subject
                    .or(narrated)
                    .or(inherited)
                    .unwrap_or_else(Decision::none);
                d.cue = d.cue.or(cue);
                d
            }
        };
        // A repeated quote is listed once, with the first speaker found.
        if let Some(&i) = seen.get(inner_text) {
            if out[i].speaker.is_none() && decision.speaker.is_some() {
                ctx.fill(&mut out[i], &decision);
            }
            continue;
        }
        seen.insert(inner_text, out.len());
        if pair.continued {
            pending_continued.push(out.len());
        } else if decision.speaker.is_some() {
            // The first parts of a quote run over paragraphs take the
            // speaker named after its last part.
            for i in pending_continued.drain(..) {
                if out[i].speaker.is_none() {
                    ctx.fill(&mut out[i], &decision);
                }
            }
        } else {
            pending_continued.clear();
        }
        let mut quote = Quote {
            text: inner_text.to_owned(),
            start: pair.inner.start,
            end: pair.inner.end,
            kind,
            speaker: None,
            speaker_name: None,
            cue: None,
            speaker_mention: None,
            speaker_via: None,
        };
        ctx.fill(&mut quote, &decision);
        out.push(quote);
        last = Some((para_idx, decision, pair.continued));
        last_quote_end = pair.outer.end;
    }
    for r in reported::find(&ctx, lex, doc, &paragraphs) {
        let text = r.span.slice(text);
        if seen.contains_key(text) {
            continue;
        }
        seen.insert(text, out.len());
        let mut quote = Quote {
            text: text.to_owned(),
            start: r.span.start,
            end: r.span.end,
            kind: QuoteKind::Indirect,
            speaker: None,
            speaker_name: None,
            cue: None,
            speaker_mention: None,
            speaker_via: None,
        };
        ctx.fill(&mut quote, &r.decision);
        out.push(quote);
    }
    out.sort_by_key(|q| q.start);
    out
}

/// True when every paragraph strictly between `from` and `to` is a heading
/// (short, no final punctuation), and `to` follows `from` closely.
fn only_headings(doc: &Doc, text: &str, from: usize, to: usize) -> bool {
    to <= from + 3
        && (from + 1..to).all(|i| {
            doc.layout
                .paragraphs
                .get(i)
                .is_some_and(|p| is_heading(p.span.slice(text)))
        })
}

fn is_heading(para: &str) -> bool {
    let para = para.trim();
    para.split_whitespace().count() <= 12 && !para.ends_with(['.', '!', '?', '»', '”', '"', ':'])
}

/// The sentence before the one starting at `sent`, in the same paragraph,
/// or the last sentence of the previous paragraph when `sent` opens its
/// own (headings skipped); only when the quote opens its sentence.
fn previous_sentence(
    doc: &Doc,
    text: &str,
    paragraphs: &[Span],
    sent: Span,
    para_idx: usize,
) -> Option<Span> {
    let sentences = &doc.layout.sentences;
    let i = containing(sentences, sent.start)?;
    let prev = *sentences.get(i.checked_sub(1)?)?;
    let para = paragraphs.get(para_idx)?;
    if prev.start >= para.start {
        return Some(prev);
    }
    // The previous paragraph, over headings, must end with that sentence.
    let mut p = para_idx.checked_sub(1)?;
    while is_heading(paragraphs.get(p)?.slice(text)) {
        p = p.checked_sub(1).filter(|&q| para_idx - q <= 3)?;
    }
    let ends = containing(sentences, paragraphs[p].end.saturating_sub(1))?;
    sentences.get(ends).copied()
}

/// What a pair of marks holds.
enum Verdict {
    Speech,
    /// A title, a name or a heading.
    Name,
    /// One content word or none.
    Scare,
}

/// Tells speech from names, headings and scare quotes.
fn is_speech(ctx: &Context<'_>, lex: &Lexicon, pair: &Pair, para: Span, text: &str) -> Verdict {
    let tokens = ctx.tokens;
    let first = tokens.at_or_after(pair.inner.start);
    let last = tokens.at_or_after(pair.inner.end);
    let content = (first..last)
        .filter(|&i| !lex.function_words.contains(tokens.word(i)))
        .count();
    if content < 2 {
        return Verdict::Scare;
    }
    let inner = pair.inner.slice(text);
    let ends_sentence = inner
        .trim_end_matches(['»', '”', '"', ')'])
        .ends_with(['.', '!', '?']);
    // A heading: the paragraph is the quote and nothing else (a teaser
    // ending with "…" included).
    if !ends_sentence
        && para.slice(text).trim().trim_end_matches(['.', ':']) == pair.outer.slice(text).trim()
    {
        return Verdict::Name;
    }
    // Announced as a title or a name: "le film « … »", "called “…”".
    let before = first
        .checked_sub(1)
        .filter(|&i| tokens.spans[i].end <= pair.outer.start);
    if before.is_some_and(|b| lex.title_cues.contains(tokens.word(b))) {
        return Verdict::Name;
    }
    // A short name headed by such a word: « format Normandie », “special
    // military operation”.
    let headed = [first, last.saturating_sub(1)]
        .iter()
        .any(|&i| i < last && lex.title_cues.contains(tokens.word(i)));
    if headed && last - first <= 4 && !ends_sentence {
        return Verdict::Name;
    }
    // A proper name: every content word capitalised, no sentence in it.
    let all_caps = (first..last)
        .filter(|&i| !lex.function_words.contains(tokens.word(i)))
        .all(|i| {
            tokens.spans[i]
                .slice(text)
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        });
    if all_caps && !ends_sentence && content <= 6 {
        Verdict::Name
    } else {
        Verdict::Speech
    }
}

/// A short capitalised span with no reporting cue around it is a title.
fn looks_like_a_name(tokens: &Tokens<'_>, pair: &Pair, text: &str) -> bool {
    let inner = pair.inner.slice(text);
    let first = tokens.at_or_after(pair.inner.start);
    let last = tokens.at_or_after(pair.inner.end);
    inner.chars().next().is_some_and(char::is_uppercase)
        && !inner.ends_with(['.', '!', '?', '…'])
        && last - first <= 4
        && !text
            .get(..pair.outer.start)
            .unwrap_or_default()
            .trim_end()
            .ends_with(':')
}

/// Partial when the marks sit inside a sentence around a lowercase fragment.
fn kind_of(text: &str, pair: &Pair) -> QuoteKind {
    let before = text
        .get(..pair.outer.start)
        .unwrap_or_default()
        .trim_end()
        .chars()
        .next_back();
    let inside_sentence =
        before.is_some_and(|c| crate::text::is_word_char(c) || matches!(c, '\'' | '’' | ',' | ';'));
    let lower_start = pair
        .inner
        .slice(text)
        .chars()
        .next()
        .is_some_and(char::is_lowercase);
    if inside_sentence && lower_start {
        QuoteKind::Partial
    } else {
        QuoteKind::Direct
    }
}

#[cfg(test)]
mod tests;

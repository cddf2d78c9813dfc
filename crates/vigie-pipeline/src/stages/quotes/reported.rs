//! Reported speech without quotation marks.
//!
//! Three shapes, each anchored on a reporting cue of `quote_cues.tsv`:
//!
//! 1. A verb, then its content clause: after "que"/"that"
//!    (`complementizers.txt`) a few words on ("a annoncé jeudi que"), or, for
//!    the cues marked `bare`, right after the verb when the words there open
//!    a clause: a subject pronoun (`clause_openers.txt`), or a finite verb of
//!    `clause_verbs.txt` within a few words ("said the talks *had* failed");
//!    the one addressed (cues marked `addressee`: "told reporters the plan
//!    was dead") or a circumstance ("said on Tuesday the fleet could not")
//!    may stand before that clause. A passive ("was told to") reports
//!    nothing.
//! 2. "selon X, CONTENT" / "according to X, CONTENT" opening a sentence.
//! 3. "CONTENT, a déclaré X" / "CONTENT, X said" / "CONTENT, selon X": a cue
//!    right after the last comma, with only its subject and adverbials after
//!    it; a short head before the comma is an incise ("L'Etat, a-t-il
//!    ajouté, va …") and the whole sentence is the content.
//!
//! The content runs to the end of the sentence, or to a second reporting
//! clause joined by punctuation or a link word ("…, ajoutant que", "et a
//! précisé que", "…, selon X"), or to a colon. Content entirely inside
//! quotation marks is a direct quote already; a question states nothing;
//! a noun phrase or an infinitive after the verb opens no clause, so it
//! gives nothing ("a annoncé sa démission", "urged Russia to de-escalate").
//! Every look-ahead is a fixed number of tokens inside one sentence.

use vigie_doc::{Block, Doc, Span};

use super::attribute::{Context, Cue, Decision};
use super::containing;
use super::lexicon::{CueKind, Lexicon};
use crate::clause;

/// Words that may stand between a verb and its complementizer ("a annoncé
/// jeudi soir que", "told reporters on Friday that").
const COMP_REACH: usize = 12;
/// Words a subject may take between a comma and a trailing cue ("…, the
/// country's disaster management agency said").
const TAIL_SUBJECT: usize = 8;
/// Words that may follow a trailing cue to the sentence end: its subject and
/// adverbials, never a clause of their own.
const TAIL_REACH: usize = 30;
/// Words after a trailing cue whose subject stands before it: adverbials
/// only ("said on Thursday", "told reporters").
const TAIL_AFTER: usize = 5;
/// Words after a bare clause's first word within which its verb must come.
const BARE_REACH: usize = 8;
/// Words of an addressee or a circumstance between a bare verb and its
/// clause ("told a news conference", "said on Tuesday").
const LEAD_REACH: usize = 8;
/// Words after "selon X" within which its comma must come.
const SOURCE_REACH: usize = 15;
/// Most words of a content clause or of the head before a trailing cue:
/// a longer run gives no statement, which keeps every cue's work bounded
/// however long a sentence is.
const MAX_WORDS: usize = 200;
/// Fewest words of a content clause outside quotation marks.
const MIN_PLAIN: usize = 2;
/// Fewest words of a content clause.
const MIN_WORDS: usize = 3;
/// A head shorter than this before a comma and a cue is an incise.
const INCISE_HEAD: usize = 4;

/// Closing quotation marks: a clause may end on one.
const CLOSERS: [char; 4] = ['»', '”', '"', '›'];

/// One reported statement: its content clause and who made it.
pub(super) struct Reported {
    pub span: Span,
    pub decision: Decision,
}

/// The reported statements of the body sentences, in text order.
pub(super) fn find(
    ctx: &Context<'_>,
    lex: &Lexicon,
    doc: &Doc,
    paragraphs: &[Span],
) -> Vec<Reported> {
    let t = ctx.tokens;
    let mut out = Vec::new();
    for sent in &doc.layout.sentences {
        let body = containing(paragraphs, sent.start)
            .and_then(|i| doc.layout.paragraphs.get(i))
            .is_some_and(|p| p.block == Block::Body);
        if !body {
            continue;
        }
        let lo = t.at_or_after(sent.start);
        let hi = t.at_or_after(sent.end).min(t.len());
        let mut i = lo;
        // A statement reported by a clause of its own: a trailing cue then
        // only repeats or follows it ("…, sans indiquer si …").
        let mut reported = false;
        while i < hi {
            let Some((len, kind)) = ctx.cue_here(i) else {
                i += 1;
                continue;
            };
            let cue = ctx.cue_at(i, len);
            let end = i + len;
            if kind == CueKind::Verb
                && let Some(start) = clause_after(ctx, lex, i, end, hi)
            {
                if let Some(span) = content(ctx, lex, start, *sent) {
                    let decision = ctx.attribute(&cue, sent.start, span.start);
                    out.push(Reported { span, decision });
                    reported = true;
                }
                // A clause nested in this one may report another statement.
                i = end;
                continue;
            }
            if kind == CueKind::Prep
                && t.at_or_after(cue.span.start) <= lo + 2
                && let Some(comma) = comma_after(ctx, end, hi)
            {
                if let Some(span) = content(ctx, lex, comma + 1, *sent) {
                    let decision = ctx.attribute(&cue, cue.span.start, comma);
                    out.push(Reported { span, decision });
                    reported = true;
                }
                i = t.at_or_after(comma);
                continue;
            }
            if !reported && let Some((span, comma)) = tail(ctx, lex, &cue, lo, hi, *sent) {
                let decision = ctx.attribute(&cue, comma, sent.end);
                out.push(Reported { span, decision });
                reported = true;
            }
            i = end;
        }
    }
    out
}

/// Where the content clause of the verb at `verb..end` starts (a byte), if
/// one follows it.
fn clause_after(
    ctx: &Context<'_>,
    lex: &Lexicon,
    verb: usize,
    end: usize,
    hi: usize,
) -> Option<usize> {
    let t = ctx.tokens;
    for j in end..(end + COMP_REACH).min(hi) {
        // Another verb's clause or a relative clause ("a dit à X, qui
        // pense que") owns a later complementizer, and so does a clause
        // already opened by a finite verb ("told reporters the plan *was*
        // dead and that …").
        if ctx.is_quoted(j)
            || ctx.cue_here(j).is_some()
            || lex.subordinators.contains(t.word(j))
            || lex.clause_verbs.contains(t.word(j))
        {
            break;
        }
        if lex.complementizers.contains(t.word(j)) {
            // "a dit ce que …" is a relative clause, not a content clause.
            let relative = j > end && lex.determiners.contains_key(t.word(j - 1));
            return (!relative).then(|| t.spans[j].end);
        }
    }
    let bare = lex
        .bare_cues
        .at(t, verb)
        .is_some_and(|(n, ())| verb + n == end);
    if !bare || end >= hi || !open(t.gap_after(end - 1)) {
        return None;
    }
    // The words right after the verb may be the one addressed ("told
    // reporters", "told the BBC") or a circumstance ("said on Tuesday",
    // "said in a statement") before the clause: it then opens on a
    // determiner, a pronoun or a name. An addressee comes first, or
    // "told the committee the plan was dead" would report the committee.
    let addressee = lex
        .addressee_verbs
        .at(t, verb)
        .is_some_and(|(n, ())| verb + n == end);
    // A circumstance opens on a preposition then a name, a number or a
    // determiner ("on Tuesday", "in a statement"; "to" before a verb is an
    // infinitive), or is a capitalised word that names no entity ("said
    // Monday the budget would pass").
    let circumstance = (lex.prepositions.contains(t.word(end))
        && end + 1 < hi
        && (!lowercase(ctx, end + 1) || lex.determiners.contains_key(t.word(end + 1))))
        || (!lowercase(ctx, end) && !ctx.in_mention(end));
    // "was told to approve", "is believed to be": a passive reports no
    // statement of its subject.
    let passive = verb > 0 && ctx.has_role(verb - 1, clause::role::PASSIVE);
    let after_lead = || {
        if !(addressee || circumstance) || passive {
            return None;
        }
        lead(ctx, lex, end, hi)
    };
    after_lead().or_else(|| bare_clause(ctx, lex, end, hi))
}

/// The clause after an addressee or a circumstance that starts at token
/// `end`, within [`LEAD_REACH`] words: the last place, before any finite
/// verb, where a phrase opens and a clause follows ("told Russian
/// President X on Tuesday *the West* is concerned").
fn lead(ctx: &Context<'_>, lex: &Lexicon, end: usize, hi: usize) -> Option<usize> {
    let t = ctx.tokens;
    let opens_phrase = |k: usize| {
        let w = t.word(k);
        lex.determiners.contains_key(w)
            || lex.clause_openers.contains(w)
            || lex.possessives.contains(w)
            || ctx.mention_at_token(k)
    };
    (end + 1..(end + 1 + LEAD_REACH).min(hi))
        .take_while(|&k| {
            open(t.gap_after(k - 1)) && !ctx.is_quoted(k) && !lex.clause_verbs.contains(t.word(k))
        })
        .filter(|&k| {
            // A name after a determiner is inside the phrase it opens.
            opens_phrase(k)
                && !lex.prepositions.contains(t.word(k - 1))
                && !lex.determiners.contains_key(t.word(k - 1))
                && (ctx.mention_at_token(k) || !ctx.in_mention(k))
        })
        .filter_map(|k| bare_clause(ctx, lex, k, hi))
        .last()
}

/// A gap that keeps two words in one clause: no sentence or clause
/// punctuation, no comma.
fn open(gap: &str) -> bool {
    !gap.contains(['.', ';', ':', '(', ')']) && comma_in(gap).is_none()
}

/// Where a content clause without a complementizer starts when one opens
/// at token `end`: on a subject pronoun, or on words holding a finite verb.
fn bare_clause(ctx: &Context<'_>, lex: &Lexicon, end: usize, hi: usize) -> Option<usize> {
    let t = ctx.tokens;
    // "said he would", "told reporters they were": a subject pronoun right
    // after the verb or after a short lowercase object.
    for j in end..(end + 3).min(hi) {
        if lex.clause_openers.contains(t.word(j)) {
            return Some(t.spans[j].start);
        }
        let plain = t.gap_after(j).trim().is_empty();
        if ctx.is_quoted(j) || !plain || !lowercase(ctx, j) || lex.prepositions.contains(t.word(j))
        {
            break;
        }
    }
    // "said the 70-year-old candidate secured …" needs a finite verb before
    // any comma: a noun phrase object has none.
    // Nor is a verb right after it ("the sanctions he promised could …").
    let first = end;
    let w = t.word(first);
    if lex.prepositions.contains(w)
        || lex.complementizers.contains(w)
        || lex.clause_verbs.contains(w)
    {
        return None;
    }
    // Marked words may hold the verb ("said trade “has been unfair”").
    for k in first + 1..(first + 1 + BARE_REACH).min(hi) {
        if !open(t.gap_after(k - 1)) {
            return None;
        }
        if lex.clause_verbs.contains(t.word(k)) {
            return Some(t.spans[first].start);
        }
    }
    None
}

fn lowercase(ctx: &Context<'_>, i: usize) -> bool {
    let t = ctx.tokens;
    t.spans[i]
        .slice(t.text)
        .chars()
        .next()
        .is_some_and(char::is_lowercase)
}

/// Where a comma followed by a space lies in a gap between tokens: not the
/// comma of a number ("12,391").
fn comma_in(gap: &str) -> Option<usize> {
    gap.char_indices()
        .find(|&(k, c)| {
            let after = gap.get(k + 1..).unwrap_or("");
            c == ','
                && (after.starts_with(char::is_whitespace) || (after.is_empty() && gap.len() > 1))
        })
        .map(|(k, _)| k)
}

/// The byte of the first comma after token `from`, outside quotation marks,
/// within [`SOURCE_REACH`] words.
fn comma_after(ctx: &Context<'_>, from: usize, hi: usize) -> Option<usize> {
    let t = ctx.tokens;
    (from.saturating_sub(1)..(from + SOURCE_REACH).min(hi)).find_map(|k| {
        if ctx.is_quoted(k) {
            return None;
        }
        let gap = t.gap_after(k);
        if gap.contains(['.', ';', ':']) {
            return None;
        }
        comma_in(gap).map(|c| t.spans[k].end + c)
    })
}

/// "CONTENT, a déclaré X": the content before the comma that precedes a
/// trailing cue, with the byte of that comma.
fn tail(
    ctx: &Context<'_>,
    lex: &Lexicon,
    cue: &Cue,
    lo: usize,
    hi: usize,
    sent: Span,
) -> Option<(Span, usize)> {
    let t = ctx.tokens;
    let c_first = t.at_or_after(cue.span.start);
    // Only a subject stands between the comma and the cue ("…, the agency
    // said"), or a few lowercase words of an inversion ("…, comme l'a
    // annoncé X"); "selon" follows the comma directly.
    let reach = if cue.kind == CueKind::Prep {
        1
    } else {
        TAIL_SUBJECT
    };
    let mut after_comma = None;
    let mut k = c_first;
    while k > lo && c_first - k < reach {
        let gap = t.gap_after(k - 1);
        if comma_in(gap).is_some() {
            after_comma = Some(k);
            break;
        }
        let inside = k < c_first;
        if gap.contains(['.', ';', ':'])
            || (inside && (ctx.is_quoted(k - 1) || ctx.cue_here(k - 1).is_some()))
        {
            return None;
        }
        k -= 1;
    }
    let after_comma = after_comma?;
    if after_comma - lo > MAX_WORDS {
        return None;
    }
    let comma = t.spans[after_comma - 1].end + comma_in(t.gap_after(after_comma - 1))?;
    // "…, comme l'a annoncé X" is an inversion; "…, an official said" is
    // a subject opening on its determiner.
    let inverted = (after_comma..c_first).all(|j| lowercase(ctx, j))
        && c_first - after_comma <= 2
        && !(c_first > after_comma && lex.determiners.contains_key(t.word(after_comma)));
    // ", where residents have criticized": a subordinate clause's verb.
    if (after_comma..c_first).any(|j| lex.subordinators.contains(t.word(j))) {
        return None;
    }
    // After the cue: its subject and adverbials ("a déclaré jeudi le
    // ministre"), or for a subject before it a few adverbials ("said on
    // Thursday"); never quoted words, a colon or a content clause.
    let reach = if inverted { TAIL_REACH } else { TAIL_AFTER };
    let rest = (cue.end_tok..hi)
        .take_while(|&j| !t.gap_after(j - 1).contains(','))
        .take(TAIL_REACH + 1);
    let mut after = 0;
    for j in rest {
        if ctx.is_quoted(j)
            || t.gap_after(j - 1).contains(':')
            || lex.complementizers.contains(t.word(j))
        {
            return None;
        }
        after += 1;
    }
    // An inversion names its subject after the verb, or hyphened in the
    // cue ("a-t-il dit"); a participle takes none ("…, ajoutant").
    let hyphened = (c_first..cue.start_tok).any(|j| lex.refs.pronoun(t.word(j)).is_some());
    let participle = lex.participles.at(t, cue.start_tok).is_some()
        || lex.object_verbs.at(t, cue.start_tok).is_some();
    if after > reach || (inverted && after == 0 && !hyphened) || participle {
        return None;
    }
    // "Le ministre de l'Intérieur, Suleyman Soylu, a déclaré …": a name or
    // a role noun in apposition is the cue's subject, not a statement.
    let seg = (lo + 1..after_comma)
        .rev()
        .find(|&j| comma_in(t.gap_after(j - 1)).is_some())
        .unwrap_or(lo);
    let named = |j: usize| ctx.mention_at_token(j) || ctx.role_at(j).is_some();
    if after_comma - lo <= 16
        && after_comma - seg <= 8
        && (named(seg) || (lex.determiners.contains_key(t.word(seg)) && named(seg + 1)))
    {
        return None;
    }
    // A phrase opening on a preposition or a participle is a circumstance,
    // not a statement ("Lors de son discours, il a dit …").
    // A sentence starting inside a quotation run over several sentences:
    // the content starts with the quotation.
    let mut lo = lo;
    let mut start = sent.start;
    if ctx.is_quoted(lo) {
        let mut s = lo;
        while s > 0 && ctx.is_quoted(s - 1) {
            s -= 1;
            if after_comma - s > MAX_WORDS {
                return None;
            }
        }
        lo = ctx.sentence_start(s);
        if after_comma - lo > MAX_WORDS {
            return None;
        }
        start = t.spans.get(lo)?.start.min(sent.start);
    }
    let single = !(lo + 1..after_comma).any(|j| comma_in(t.gap_after(j - 1)).is_some());
    let head = t.word(lo);
    if (single && lex.prepositions.contains(head))
        || lex.subordinators.contains(head)
        || lex.clause_links.contains(head)
        || ctx.cue_here(lo).is_some()
    {
        return None;
    }
    // A head holding the incise of a marked quotation ("“…,” said X,
    // adding") is that quotation's report, not this cue's statement.
    let near_marks =
        |j: usize| (j.saturating_sub(2)..(j + 3).min(after_comma)).any(|x| ctx.is_quoted(x));
    if (lo..after_comma)
        .any(|j| matches!(ctx.cue_here(j), Some((_, CueKind::Verb))) && near_marks(j))
    {
        return None;
    }
    let span = if after_comma - lo < INCISE_HEAD {
        // An incise: the statement goes on after the cue's subject.
        if (lo..after_comma).any(|j| ctx.is_quoted(j)) {
            return None;
        }
        let second = (cue.end_tok..hi.min(cue.end_tok + TAIL_REACH))
            .find(|&j| comma_in(t.gap_after(j)).is_some())?;
        if hi - second > MAX_WORDS {
            return None;
        }
        let plain = (second + 1..hi).filter(|&j| !ctx.is_quoted(j)).count();
        if plain < INCISE_HEAD {
            return None;
        }
        clause(ctx, start, sent.end)?
    } else {
        clause(ctx, start, comma)?
    };
    Some((span, comma))
}

/// The content clause starting at byte `start`: to the sentence end or to
/// the first second reporting clause.
fn content(ctx: &Context<'_>, lex: &Lexicon, start: usize, sent: Span) -> Option<Span> {
    let t = ctx.tokens;
    let first = t.at_or_after(start);
    let hi = t.at_or_after(sent.end).min(t.len());
    if hi.saturating_sub(first) > MAX_WORDS {
        return None;
    }
    let mut end = sent.end;
    for k in first + 1..hi {
        if ctx.is_quoted(k) {
            continue;
        }
        if t.gap_after(k - 1).contains(':') && !ctx.is_quoted(k - 1) {
            end = t.spans[k - 1].end;
            break;
        }
        let Some((len, kind)) = ctx.cue_here(k) else {
            continue;
        };
        let c = ctx.cue_at(k, len);
        let j = t.at_or_after(c.span.start);
        if j <= first {
            continue;
        }
        let gap = t.gap_after(j - 1);
        if gap.contains([',', ';']) || (kind == CueKind::Verb && gap.contains(CLOSERS)) {
            end = t.spans[j - 1].end;
            break;
        }
        // "…, la responsable syndicale a affirmé": a subject after a comma,
        // then the cue, opens a clause of its own.
        if kind == CueKind::Verb
            && let Some(c) = (j.saturating_sub(4).max(first + 1)..j)
                .rev()
                .find(|&c| comma_in(t.gap_after(c - 1)).is_some())
            && (c..j).all(|x| !ctx.is_quoted(x) && !lex.subordinators.contains(t.word(x)))
        {
            end = t.spans[c - 1].end;
            break;
        }
        if kind == CueKind::Verb && j >= first + 2 && lex.clause_links.contains(t.word(j - 1)) {
            end = t.spans[j - 2].end;
            break;
        }
    }
    clause(ctx, start, end)
}

/// The length of a dateline at the start of `raw`: a word in capitals, then
/// a dash within a few words.
fn dateline(raw: &str) -> usize {
    let first = raw
        .split(|c: char| !c.is_alphabetic())
        .find(|w| !w.is_empty())
        .unwrap_or("");
    // "PARIS —", "LE CAIRE —", "LA PAZ —"; not a one-letter word.
    if first.chars().count() < 2 || first.chars().any(char::is_lowercase) {
        return 0;
    }
    let head = raw
        .char_indices()
        .take(80)
        .last()
        .map_or(0, |(k, c)| k + c.len_utf8());
    [" — ", " – ", " - "]
        .iter()
        .filter_map(|dash| raw.get(..head)?.find(dash).map(|k| k + dash.len()))
        .min()
        .unwrap_or(0)
}

/// The trimmed clause between two bytes, if it is a statement: long
/// enough, not entirely inside quotation marks, not a question.
fn clause(ctx: &Context<'_>, start: usize, end: usize) -> Option<Span> {
    let t = ctx.tokens;
    let raw = t.text.get(start..end)?;
    // A dateline opening the sentence ("GAZIANTEP, Turkey — The toll …",
    // "PARIS (Reuters) - Le groupe …") is no part of the statement.
    let start = start + dateline(raw);
    let raw = t.text.get(start..end)?;
    let lead = raw.len()
        - raw
            .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '\'' | '’'))
            .len();
    let body = raw
        .get(lead..)?
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | ';' | ':' | '…'));
    if body.trim_end_matches(CLOSERS).trim_end().ends_with('?') {
        return None;
    }
    let span = Span::new(start + lead, start + lead + body.len());
    let (a, b) = (t.at_or_after(span.start), t.at_or_after(span.end));
    let plain = (a..b).filter(|&k| !ctx.is_quoted(k)).count();
    (b.saturating_sub(a) >= MIN_WORDS && plain >= MIN_PLAIN).then_some(span)
}

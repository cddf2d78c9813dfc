//! Speakers: from a reporting cue to an entity of the record.
//!
//! The named subject of a reporting verb is the clause analysis's
//! ([`crate::clause::analyse`]: before the verb, inverted after it, the
//! antecedent of "qui", coordinated names). Where no name is the subject,
//! and for "selon X" and verbless fragments, the nearest subject-like
//! phrase before the cue is read, or when nothing stands there the first
//! one after it ("selon un communiqué de Bruxelles"): a pronoun, a role
//! noun ("le ministre"), a statement noun ("the statement") or an
//! anonymous source. Pronouns and role nouns resolve through the mention
//! tracker ([`crate::clause::coref`]); statements to their issuer.
//! Every search is bounded by a fixed number of tokens or mentions, so
//! attribution stays linear on hostile input.

use rustc_hash::FxHashMap as HashMap;
use std::cell::OnceCell;

use vigie_doc::{Doc, Entity, EntityType, Quote, Span};
use vigie_kb::{KnowledgeBase, fold};

use crate::clause::coref::{Holder, Mention, Pron, RoleNoun, RoleQuery, Tracker};
use crate::clause::{self, MRef, Quoted, Stand, View};

use super::lexicon::{CueKind, Det, Lexicon, Phrases, Tokens};

/// How far before a cue its subject is looked for, in tokens.
const SUBJECT_REACH: usize = 60;
/// How far after a cue an inverted subject is looked for, in tokens.
const INVERTED_REACH: usize = 15;
/// How many adverbial words may separate a cue from its inverted subject
/// ("a déclaré aussitôt après l'annonce le président …").
const INVERTED_GAP: usize = 12;
/// How far a quote and its cue may be apart, in tokens.
const CUE_REACH: usize = 10;

/// A reporting cue found in the text.
#[derive(Debug, Clone, Copy)]
pub(super) struct Cue {
    pub start_tok: usize,
    pub end_tok: usize,
    pub kind: CueKind,
    /// The cue as shown in the record, auxiliaries included ("a-t-il déclaré").
    pub span: Span,
}

/// How a speaker was found, as the record's `speaker_via` says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum Via {
    /// Named in the cue's clause.
    #[default]
    Cue,
    /// A pronoun resolved to its antecedent.
    Pronoun,
    /// A role noun ("le ministre") resolved to the person or body it names.
    Role,
    /// A lone surname or titled form ("M. Dion") of a person named in full.
    Surname,
    /// The issuer of a communiqué or statement.
    Statement,
    /// "selon X", "according to X".
    AccordingTo,
    /// The subject of the quote's own sentence.
    Subject,
    /// Continued from the previous quote or sentence.
    Previous,
}

impl Via {
    pub fn as_str(self) -> &'static str {
        match self {
            Via::Cue => "cue",
            Via::Pronoun => "pronoun",
            Via::Role => "role",
            Via::Surname => "surname",
            Via::Statement => "statement",
            Via::AccordingTo => "according_to",
            Via::Subject => "subject",
            Via::Previous => "previous",
        }
    }
}

/// Who said it, as far as the text tells.
#[derive(Debug, Clone, Default)]
pub(super) struct Decision {
    /// Entity index and the mention that justified it.
    pub speaker: Option<(usize, Span)>,
    /// The cue, when one was found.
    pub cue: Option<Span>,
    /// How the speaker was found.
    pub via: Via,
    /// True when the text settles the question, even with no speaker
    /// (an anonymous or joint source).
    decided: bool,
}

impl Decision {
    pub fn none() -> Self {
        Decision::default()
    }

    fn null() -> Self {
        Decision {
            decided: true,
            ..Decision::default()
        }
    }

    /// A resolved subject: unresolved, the text still named a subject, so
    /// no other phrase may take its place.
    fn of(speaker: Option<(usize, Span)>) -> Self {
        Decision {
            decided: true,
            speaker,
            ..Decision::default()
        }
    }

    /// The same decision, saying how its speaker was found.
    pub fn via(self, via: Via) -> Self {
        Decision { via, ..self }
    }

    /// The same speaker for a quote that has no cue of its own.
    pub fn inherited(self) -> Self {
        Decision {
            cue: None,
            via: Via::Previous,
            ..self
        }
    }

    pub fn decided(&self) -> bool {
        self.decided
    }
}

#[derive(Debug, Clone, Copy)]
enum Cand<'r> {
    Entity(usize),
    Pronoun(usize, Pron),
    Role {
        first: usize,
        end: usize,
        role: &'r RoleNoun,
        det: Option<Det>,
    },
    Statement {
        end: usize,
    },
    Anonymous(usize),
}

impl Cand<'_> {
    fn first(&self, ctx: &Context<'_>) -> usize {
        match *self {
            Cand::Entity(m) => ctx.mentions()[m].first,
            Cand::Pronoun(t, _) | Cand::Anonymous(t) => t,
            Cand::Role { first, .. } => first,
            Cand::Statement { end } => end.saturating_sub(1),
        }
    }
}

/// Everything attribution needs about one document.
pub(super) struct Context<'t> {
    pub tokens: &'t Tokens<'t>,
    lex: &'t Lexicon,
    entities: &'t [Entity],
    by_id: HashMap<&'t str, usize>,
    /// The mentions this stage tracks and their coreference.
    track: Tracker<'t>,
    /// The mention starting at each token, if any.
    mention_at: Vec<Option<u32>>,
    quoted: Vec<bool>,
    /// First token of each sentence.
    sentence_starts: Vec<usize>,
    /// The document as the clause analysis reads it, with this stage's
    /// mentions (repeated names included, quoted ones left out); built
    /// when a reporting verb first needs its subject.
    view: OnceCell<View<'t>>,
    /// The quotations, outer spans.
    quote_spans: Vec<Span>,
    /// The folded tokens.
    folded: Vec<&'t str>,
}

impl<'t> Context<'t> {
    pub fn new(
        doc: &'t Doc,
        lex: &'t Lexicon,
        kb: &'t KnowledgeBase,
        tokens: &'t Tokens<'t>,
        quotes: &[Span],
    ) -> Self {
        let mut quoted = vec![false; tokens.spans.len()];
        for q in quotes {
            let (a, b) = (tokens.at_or_after(q.start), tokens.at_or_after(q.end));
            quoted[a..b].iter_mut().for_each(|x| *x = true);
        }
        let mut mentions = Vec::new();
        let mut covered = vec![false; tokens.spans.len()];
        let mut surfaces: Phrases<usize> = Phrases::default();
        let mut first_names: HashMap<&str, usize> = HashMap::default();
        for e in doc.entities.iter().filter(|e| e.kind == EntityType::Person) {
            if let Some(first) = e.canonical.split_whitespace().next() {
                *first_names.entry(first).or_default() += 1;
            }
        }
        let at = |ent: usize, first: usize, end: usize, span: Span| Mention {
            span,
            ent,
            first,
            end,
            oblique: after_preposition(lex, tokens, first) || possessive(tokens, end),
        };
        for (ent, e) in doc.entities.iter().enumerate() {
            let mut texts: Vec<&str> = e.mentions.iter().map(|m| m.text.as_str()).collect();
            texts.sort_unstable();
            texts.dedup();
            for text in texts {
                surfaces.insert(text, ent);
            }
            for m in &e.mentions {
                let first = tokens.at_or_after(m.start);
                if quoted.get(first).copied().unwrap_or(true) {
                    continue;
                }
                let end = tokens
                    .at_or_after(m.end)
                    .max(first + 1)
                    .min(tokens.spans.len());
                covered[first..end].iter_mut().for_each(|c| *c = true);
                mentions.push(at(ent, first, end, m.span()));
            }
            surfaces.insert(&e.canonical, ent);
            // A person's first name alone ("said Rahul") when no other
            // person of the document shares it.
            if e.kind == EntityType::Person
                && let Some(first) =
                    e.canonical.split_whitespace().next().filter(|w| {
                        w.chars().count() > 3 && e.canonical.split_whitespace().count() > 1
                    })
                && first_names.get(first) == Some(&1)
            {
                surfaces.insert(first, ent);
            }
            if e.kind == EntityType::Person
                && let Some(surname) = e
                    .canonical
                    .split_whitespace()
                    .last()
                    .filter(|w| w.chars().count() > 3)
            {
                surfaces.insert(surname, ent);
            }
        }
        // Names of the record's entities repeated where the entity stage
        // listed no mention still point to them.
        let mut i = 0;
        while i < tokens.spans.len() {
            let capital = tokens.spans[i]
                .slice(tokens.text)
                .chars()
                .next()
                .is_some_and(char::is_uppercase);
            if capital
                && !covered[i]
                && !quoted[i]
                && let Some((len, ent)) = surfaces.at(tokens, i)
                && !covered[i..i + len].contains(&true)
            {
                let span = Span::new(tokens.spans[i].start, tokens.spans[i + len - 1].end);
                mentions.push(at(ent, i, i + len, span));
                i += len;
            } else {
                i += 1;
            }
        }
        mentions.sort_by_key(|m| m.span.start);
        mentions.dedup_by_key(|m| m.first);
        let mut mention_at = vec![None; tokens.spans.len()];
        for (i, m) in mentions.iter().enumerate() {
            if let Some(slot) = mention_at.get_mut(m.first) {
                *slot = u32::try_from(i).ok();
            }
        }
        let sentence_starts = doc
            .layout
            .sentences
            .iter()
            .map(|s| tokens.at_or_after(s.start))
            .collect();
        Context {
            tokens,
            lex,
            sentence_starts,
            entities: &doc.entities,
            by_id: doc
                .entities
                .iter()
                .enumerate()
                .map(|(i, e)| (e.id.as_str(), i))
                .collect(),
            track: Tracker::new(doc, kb, &lex.refs, tokens.words(), mentions),
            folded: (0..tokens.len()).map(|i| tokens.folded(i)).collect(),
            mention_at,
            quoted,
            view: OnceCell::new(),
            quote_spans: quotes.to_vec(),
        }
    }

    /// Writes a decision into a quote.
    pub fn fill(&self, quote: &mut Quote, d: &Decision) {
        if let Some((ent, mention)) = d.speaker
            && let Some(e) = self.entities.get(ent)
        {
            quote.speaker = Some(e.id.clone());
            quote.speaker_name = Some(e.canonical.clone());
            quote.speaker_mention = Some(mention);
            quote.speaker_via = Some(d.via.as_str().to_owned());
        }
        quote.cue = d.cue.map(|c| c.slice(self.tokens.text).to_owned());
    }

    /// The cue of `len` tokens at token `i`, with the auxiliaries before it.
    pub fn cue_at(&self, i: usize, len: usize) -> Cue {
        let t = self.tokens;
        let kind = self
            .lex
            .cues
            .at(t, i)
            .map_or(super::lexicon::CueKind::Verb, |(_, k)| k);
        let mut first = i;
        while let Some(p) = first.checked_sub(1) {
            if self.quoted[p] || i - p > 4 {
                break;
            }
            let word = t.word(p);
            let hyphened = p
                .checked_sub(1)
                .is_some_and(|q| t.gap_after(q).contains('-'));
            let inverted = hyphened && (word == "t" || self.lex.refs.pronoun(word).is_some());
            let aux = self.lex.auxiliaries.contains(word)
                && !t.gap_after(p).contains([',', '.', ':', ';']);
            if !(aux || inverted) {
                break;
            }
            first = p;
        }
        Cue {
            start_tok: i,
            end_tok: i + len,
            kind,
            span: Span::new(t.spans[first].start, t.spans[i + len - 1].end),
        }
    }

    fn cue_in(&self, from: usize, to: usize, last: bool) -> Option<Cue> {
        let mut found = None;
        let mut i = from;
        while i < to {
            if !self.quoted[i]
                && !self.after_determiner(i)
                && let Some((len, _)) = self.lex.cues.at(self.tokens, i)
            {
                found = Some(self.cue_at(i, len));
                if !last {
                    break;
                }
                i += len;
            } else {
                i += 1;
            }
        }
        found
    }

    /// The cue starting at token `i`, outside quotation marks and not used
    /// as a noun: its length in tokens and kind.
    pub fn cue_here(&self, i: usize) -> Option<(usize, CueKind)> {
        // The lexicon first: most tokens are no cue at all.
        let found = self.lex.cues.at(self.tokens, i)?;
        if self.quoted.get(i).copied().unwrap_or(true)
            || self.after_determiner(i)
            || self.in_mention(i)
            || self.inside_name(i)
        {
            return None;
        }
        Some(found)
    }

    /// True when token `i` is capitalised inside a sentence: part of a name
    /// ("the United States"), not a verb.
    fn inside_name(&self, i: usize) -> bool {
        let t = self.tokens;
        let upper = t.spans[i]
            .slice(t.text)
            .chars()
            .next()
            .is_some_and(char::is_uppercase);
        upper
            && i.checked_sub(1).is_some_and(|p| {
                !t.gap_after(p)
                    .contains(['.', '!', '?', '\n', '»', '”', '"', ':', '(', '-'])
            })
    }

    /// True when token `i` has one of the clause roles of `flag` (see
    /// [`clause::role`]).
    pub fn has_role(&self, i: usize, flag: u32) -> bool {
        self.view().has(i, flag)
    }

    /// True when a mention of the record starts at token `i`.
    pub fn mention_at_token(&self, i: usize) -> bool {
        self.mention_starting(i).is_some()
    }

    /// True when token `i` lies inside quotation marks.
    pub fn is_quoted(&self, i: usize) -> bool {
        self.quoted.get(i).copied().unwrap_or(false)
    }

    /// "l'annonce", "la note": a cue form used as a noun.
    fn after_determiner(&self, i: usize) -> bool {
        i.checked_sub(1).is_some_and(|p| {
            self.lex.determiners.contains_key(self.tokens.word(p)) && self.tokens.joined(p)
        })
    }

    /// The first cue shortly after a quote, in its window; tokens of other
    /// quotes in between do not count.
    pub fn cue_after(&self, quote: Span, window: Span) -> Option<Cue> {
        let from = self.tokens.at_or_after(quote.end);
        let end = self.tokens.at_or_after(window.end);
        let mut plain = 0;
        let mut to = from;
        while to < end && plain < CUE_REACH {
            plain += usize::from(!self.quoted[to]);
            to += 1;
        }
        self.cue_in(from, to, false)
    }

    /// True when a cue after a quote is its incise: a comma after the
    /// quote (or inside its closing mark), or nothing at all, then at most a
    /// subject before the cue ("», a déclaré", "," Peskov said").
    pub fn adjacent(&self, quote: Span, inner_end: usize, cue: &Cue) -> bool {
        let t = self.tokens;
        let text = t.text;
        let first = t.at_or_after(quote.end);
        let cue_first = t.at_or_after(cue.span.start);
        let between = (first..cue_first).filter(|&i| !self.quoted[i]).count();
        let gap_end = t
            .spans
            .get(first)
            .map_or(quote.end, |s| s.start)
            .min(cue.span.start);
        let gap = text.get(quote.end..gap_end).unwrap_or("");
        let comma = gap.trim_start().starts_with(',')
            || text
                .get(inner_end..quote.end)
                .is_some_and(|g| g.contains(','));
        let stop = text
            .get(quote.end..cue.span.start)
            .is_some_and(|g| g.contains(['.', ';', '!', '?']));
        !stop && (between == 0 || (comma && between <= 8))
    }

    /// A cue closing the sentence after a comma ("…, the White House
    /// said."), which attributes every quote of the sentence; with the
    /// byte where its subject may start.
    pub fn closing_cue(&self, quote: Span, window: Span) -> Option<(Cue, usize)> {
        let t = self.tokens;
        let from = t.at_or_after(quote.end);
        let end = t.at_or_after(window.end);
        let cue = self.cue_in(end.saturating_sub(12).max(from), end, true)?;
        if end - cue.end_tok > 4 || cue.kind != CueKind::Verb {
            return None;
        }
        let comma = t.text.get(quote.end..cue.span.start)?.rfind(',')? + quote.end;
        let subject = t.at_or_after(comma);
        // Only a subject may stand between the comma and the cue.
        let plain =
            (subject..cue.start_tok).all(|i| !self.quoted[i] && self.lex.cues.at(t, i).is_none());
        (plain && cue.start_tok - subject <= 6).then_some((cue, comma))
    }

    /// The last cue before a quote, in its window.
    pub fn cue_before(&self, quote: Span, window: Span) -> Option<Cue> {
        let to = self.tokens.at_or_after(quote.start);
        let from = self
            .tokens
            .at_or_after(window.start)
            .max(to.saturating_sub(3 * CUE_REACH));
        self.cue_in(from, to, true)
    }

    /// The speaker of a cue: subject candidates lie in `lo..` before the
    /// cue and `..hi` after it (byte positions).
    pub fn attribute(&self, cue: &Cue, lo: usize, hi: usize) -> Decision {
        let t = self.tokens;
        let lo_tok = t
            .at_or_after(lo)
            .max(cue.start_tok.saturating_sub(SUBJECT_REACH));
        let hi_tok = t.at_or_after(hi).min(cue.end_tok + INVERTED_REACH);
        let mut d = match cue.kind {
            CueKind::Prep => {
                let d = self.after(cue.end_tok, hi_tok);
                match d.via {
                    Via::Cue | Via::Surname => d.via(Via::AccordingTo),
                    _ => d,
                }
            }
            CueKind::Verb if self.participle(cue) => {
                let start = self
                    .sentence_start(cue.start_tok)
                    .max(cue.start_tok.saturating_sub(SUBJECT_REACH));
                let d = self.first_subject(start, cue.start_tok);
                if d.decided {
                    d
                } else {
                    self.before(lo_tok.min(cue.start_tok), cue.start_tok)
                }
            }
            CueKind::Verb => {
                let inverted = self.inverted_pronoun(cue);
                match inverted {
                    Some((tok, pron)) => self.pronoun(tok, pron),
                    None if let Some(d) = self.clause_subject(cue, lo_tok, hi_tok) => d,
                    None => {
                        let before = self.before(lo_tok.min(cue.start_tok), cue.start_tok);
                        if before.decided {
                            before
                        } else {
                            self.after(cue.end_tok, hi_tok)
                        }
                    }
                }
            }
        };
        d.cue = Some(cue.span);
        d
    }

    fn view(&self) -> &View<'t> {
        self.view.get_or_init(|| {
            let t = self.tokens;
            let mut cues = self.lex.grammar.flags(&self.folded);
            // Subjects are resolved here, not through `refer`: no role
            // noun flags needed.
            self.lex.refs.mark_pronouns(&self.folded, &mut cues);
            View {
                text: t.text,
                toks: t.spans,
                cues,
                folded: self.folded.clone(),
                mentions: self
                    .mentions()
                    .iter()
                    .map(|m| MRef {
                        start: m.first,
                        end: m.end,
                        ent: m.ent,
                    })
                    .collect(),
                persons: self
                    .entities
                    .iter()
                    .map(|e| e.kind == EntityType::Person)
                    .collect(),
                // Cities, regions and venues do not speak; a country does
                // through its government.
                places: self
                    .entities
                    .iter()
                    .map(|e| {
                        e.kind == EntityType::Location && e.subtype.as_deref() != Some("country")
                    })
                    .collect(),
                quotes: self
                    .quote_spans
                    .iter()
                    .map(|&span| Quoted {
                        span,
                        speaker: None,
                    })
                    .collect(),
            }
        })
    }

    /// The named subject of a reporting verb, as the clause analysis finds
    /// it between tokens `lo` and `hi`: before the verb, inverted after it
    /// ("a déclaré X", "said the minister, X"), the antecedent of "qui",
    /// coordinated names (several sources speaking together: no one speaker).
    /// None when no name stands there, or one the clause analysis cannot
    /// weigh: a possessor ("Putin's spokesman said"), or a body followed
    /// by a name the entity stage missed ("the Kremlin spokesman Dmitry
    /// Peskov said").
    fn clause_subject(&self, cue: &Cue, lo: usize, hi: usize) -> Option<Decision> {
        let sent = (self.sentence_start(cue.start_tok), hi.max(cue.end_tok));
        let c = clause::analyse(self.view(), (cue.start_tok, cue.end_tok), sent, lo);
        if c.stand != Stand::Name {
            return None;
        }
        let first = self.mention_starting(c.subject.first()?.start)?;
        let lead = self.mentions()[first].ent;
        if c.subject.iter().any(|m| m.ent != lead) {
            return Some(Decision::null());
        }
        // "Kuleba, who met Lavrov in talks hosted by X, said": the comma
        // before the verb closes an aside opening on a relative word or a
        // participle; it opens no incise, and no name inside the aside is
        // the subject.
        let m = self.mentions()[first];
        let asides = self.asides(lo, cue.start_tok);
        if (c.inverted && !asides.is_empty())
            || asides.iter().any(|&(a, b)| (a..b).contains(&m.first))
        {
            return None;
        }
        if m.oblique
            || (!self.is_person(first) && !c.inverted && self.unknown_name(m.end, cue.start_tok))
        {
            return None;
        }
        Some(self.speaker(first))
    }

    /// The mention owning the phrase at token `first` by an English
    /// genitive, a word or two before it ("China's foreign ministry"), when
    /// it is no person.
    fn possessor(&self, first: usize) -> Option<usize> {
        let t = self.tokens;
        let s = (first.saturating_sub(3)..first)
            .rev()
            .take_while(|&j| j + 1 == first || t.gap_after(j).trim().is_empty())
            .find(|&j| possessive(t, j))?;
        let k = self.mentions().partition_point(|m| m.first < s);
        let m = k.checked_sub(1)?;
        (self.mentions()[m].end == s && !self.is_person(m)).then_some(m)
    }

    /// True when the cue hangs on an earlier clause and shares its subject:
    /// a participle ("…, adding that", "…, estimant que") or a verb
    /// coordinated to it ("a affirmé que … et a ajouté que").
    fn participle(&self, cue: &Cue) -> bool {
        let t = self.tokens;
        let first = t.at_or_after(cue.span.start);
        self.lex
            .participles
            .at(t, cue.start_tok)
            .is_some_and(|(n, ())| cue.start_tok + n == cue.end_tok)
            || first
                .checked_sub(1)
                .is_some_and(|p| !self.quoted[p] && self.lex.clause_links.contains(t.word(p)))
    }

    /// The first token of the sentence holding token `tok`.
    pub fn sentence_start(&self, tok: usize) -> usize {
        self.sentence_starts[..self.sentence_starts.partition_point(|&s| s <= tok)]
            .last()
            .copied()
            .unwrap_or(0)
    }

    /// "dit-il", "estime-t-elle": a pronoun hyphened to the verb.
    fn inverted_pronoun(&self, cue: &Cue) -> Option<(usize, Pron)> {
        let t = self.tokens;
        let mut i = cue.end_tok;
        if !t.gap_after(i.checked_sub(1)?).contains('-') {
            return None;
        }
        if t.get(i).is_some_and(|w| w == "t") && t.gap_after(i).contains('-') {
            i += 1;
        }
        let pron = self.lex.refs.pronoun(t.get(i)?)?;
        Some((i, pron))
    }

    fn candidates(&self, lo: usize, hi: usize) -> Vec<Cand<'t>> {
        let t = self.tokens;
        let lex = self.lex;
        // Windows are computed from cue positions and may run past the
        // last token of the document.
        let hi = hi.min(self.quoted.len());
        let mut out = Vec::new();
        let mut i = lo;
        while i < hi {
            if self.quoted[i] {
                i += 1;
                continue;
            }
            if let Some(m) = self.mention_starting(i) {
                out.push(Cand::Entity(m));
                i = self.mentions()[m].end;
                continue;
            }
            if let Some(p) = lex.refs.pronoun(t.word(i)) {
                out.push(Cand::Pronoun(i, p));
                i += 1;
                continue;
            }
            // "In a statement, Biden said": a phrase after a preposition is
            // not a subject (the window's first token may follow the cue,
            // as in "according to a statement").
            let plain = |p: usize| !t.gap_after(p).contains([',', ';', ':', '.']);
            if i > lo && lex.prepositions.contains(t.word(i - 1)) && plain(i - 1) {
                i += 1;
                continue;
            }
            // "le veto de son pays", "dans un communiqué": a noun after a
            // preposition and one determiner or possessive is an object.
            if i > lo + 1
                && plain(i - 2)
                && plain(i - 1)
                && lex.prepositions.contains(t.word(i - 2))
                && self.mention_starting(i - 1).is_none()
                && !self.quoted[i - 1]
            {
                i += 1;
                continue;
            }
            let det = lex.determiners.get(t.word(i)).copied();
            let start = if det.is_some() { i + 1 } else { i };
            let reach = if det.is_some() { 3 } else { 1 };
            let mut matched = None;
            // "the Congress party": a noun heading a name is no subject.
            if det.is_none() && i > 0 && self.in_mention(i - 1) && t.joined(i - 1) {
                i += 1;
                continue;
            }
            for j in start..(start + reach).min(hi) {
                if self.quoted[j] || self.mention_starting(j).is_some() {
                    break;
                }
                if let Some((n, ())) = lex.anonymous.at(t, j) {
                    matched = Some((Cand::Anonymous(i), j + n));
                } else if let Some((n, ())) = lex.statements.at(t, j) {
                    matched = Some((Cand::Statement { end: j + n }, j + n));
                } else if let Some((n, role)) = self.role_at(j) {
                    let cand = match det {
                        Some(d) if !d.definite => Cand::Anonymous(i),
                        _ => Cand::Role {
                            first: i,
                            end: j + n,
                            role,
                            det,
                        },
                    };
                    matched = Some((cand, j + n));
                }
                if matched.is_some() {
                    break;
                }
            }
            match matched {
                Some((c, mut next)) => {
                    // "a union official": the nouns after an anonymous
                    // source's first one are still that source.
                    if matches!(c, Cand::Anonymous(_)) {
                        while next < hi && t.joined(next - 1) {
                            let noun = self.role_at(next).map(|(n, _)| n);
                            match noun.or_else(|| lex.anonymous.at(t, next).map(|(n, ())| n)) {
                                Some(n) => next += n,
                                None => break,
                            }
                        }
                    }
                    out.push(c);
                    i = next;
                }
                None => i += 1,
            }
        }
        out
    }

    fn is_person(&self, m: usize) -> bool {
        self.track.is_person(self.mentions()[m].ent)
    }

    fn mentions(&self) -> &[Mention] {
        self.track.mentions()
    }

    fn speaker(&self, m: usize) -> Decision {
        let at = self.mentions()[m];
        let d = Decision::of(Some((at.ent, at.span)));
        if self.partial_name(m) {
            d.via(Via::Surname)
        } else {
            d
        }
    }

    /// True when mention `m` names a person by one word of a longer name,
    /// titled or not ("Blinken", "M. Dion").
    fn partial_name(&self, m: usize) -> bool {
        let at = self.mentions()[m];
        let t = self.tokens;
        let words = (at.first..at.end)
            .filter(|&i| self.lex.refs.title(t.word(i)).is_none())
            .count();
        self.is_person(m) && words == 1 && self.entity(m).canonical.split_whitespace().count() > 1
    }

    /// True when two capitalised words that no mention covers lie in
    /// `lo..hi`: a name the entity stage did not find ("Dmitri Peskov"),
    /// which must not be replaced by an older antecedent.
    fn unknown_name(&self, lo: usize, hi: usize) -> bool {
        let t = self.tokens;
        let capital = |i: usize| {
            !self.quoted[i]
                && !self.in_mention(i)
                && t.spans[i]
                    .slice(t.text)
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase)
                && self.lex.refs.title(t.word(i)).is_none()
        };
        (lo..hi.min(t.spans.len()).saturating_sub(1))
            .any(|i| capital(i) && capital(i + 1) && t.gap_after(i) == " ")
    }

    /// "Biden said" where the entity stage found no "Biden": a capitalised
    /// word right before the cue, not at the start of its sentence.
    fn unknown_subject(&self, cue: usize) -> bool {
        let t = self.tokens;
        let Some(i) = cue.checked_sub(1) else {
            return false;
        };
        let sentence_start = self.sentence_starts.binary_search(&i).is_ok();
        !sentence_start
            && !self.quoted[i]
            && !self.in_mention(i)
            && t.gap_after(i) == " "
            && t.spans[i]
                .slice(t.text)
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
    }

    fn mention_starting(&self, i: usize) -> Option<usize> {
        self.mention_at
            .get(i)
            .copied()
            .flatten()
            .map(|m| m as usize)
    }

    pub fn in_mention(&self, i: usize) -> bool {
        let k = self.mentions().partition_point(|m| m.first <= i);
        k.checked_sub(1).is_some_and(|k| self.mentions()[k].end > i)
    }

    /// True when a pronoun at `tok` is the subject of some verb: right
    /// before a cue or an auxiliary.
    fn pronoun_subject(&self, tok: usize, cue: usize) -> bool {
        let next = tok + 1;
        tok + 3 >= cue
            || self.sentence_starts.binary_search(&tok).is_ok()
            || self
                .tokens
                .get(next)
                .is_some_and(|w| self.lex.auxiliaries.contains(w))
            || self.lex.cues.at(self.tokens, next).is_some()
    }

    /// True when mentions `a` then `b` are two people joined by "et", "and"
    /// or a comma.
    fn joint(&self, a: usize, b: usize) -> bool {
        let (ma, mb) = (self.mentions()[a], self.mentions()[b]);
        // "De Guy Parmelin, Toni Brunner ajoute": a name after a
        // preposition is no co-speaker.
        if !self.is_person(a) || !self.is_person(b) || ma.ent == mb.ent || ma.oblique {
            return false;
        }
        let between = mb.first.saturating_sub(ma.end);
        // "Blinken et européenne Borrell": a conjunction, then at most two
        // lowercase words.
        let lowercase =
            |i: usize| self.tokens.word(i) == self.tokens.spans[i].slice(self.tokens.text);
        match between {
            0 => self.tokens.gap_after(ma.end - 1).trim() == ",",
            _ => self
                .lex
                .conjunctions
                .at(self.tokens, ma.end)
                .is_some_and(|(n, ())| {
                    n <= between && between <= n + 2 && (ma.end + n..mb.first).all(lowercase)
                }),
        }
    }

    /// The subject nearest before the cue.
    pub fn before(&self, lo: usize, cue: usize) -> Decision {
        let lo = lo.max(cue.saturating_sub(SUBJECT_REACH));
        let cands = self.candidates(lo, cue);
        let aside = self.asides(lo, cue);
        for (k, c) in cands.iter().enumerate().rev() {
            if aside.iter().any(|&(a, b)| (a..b).contains(&c.first(self))) {
                continue;
            }
            match *c {
                Cand::Entity(m) if self.mentions()[m].oblique => continue,
                Cand::Entity(m) => {
                    if let Some(Cand::Entity(p)) = k.checked_sub(1).map(|j| cands[j])
                        && self.joint(p, m)
                    {
                        return Decision::null();
                    }
                    if !self.is_person(m) && self.unknown_name(self.mentions()[m].end, cue) {
                        return Decision::null();
                    }
                    return self.speaker(m);
                }
                Cand::Pronoun(tok, p) if self.pronoun_subject(tok, cue) => {
                    return self.pronoun(tok, p);
                }
                _ if self.unknown_subject(cue) => return Decision::null(),
                Cand::Pronoun(..) => continue,
                Cand::Role { end, .. } if self.unknown_name(end, cue) => return Decision::null(),
                other => return self.resolve(other),
            }
        }
        Decision::none()
    }

    /// The subject opening the words `lo..hi` (tokens): the first name not
    /// after a preposition, pronoun or definite role noun, a role noun
    /// giving way to the name in apposition after it ("la Première
    /// ministre, Elisabeth Borne").
    pub fn first_subject(&self, lo: usize, hi: usize) -> Decision {
        let cands = self.candidates(lo, hi.min(lo + SUBJECT_REACH));
        for (k, c) in cands.iter().enumerate() {
            match *c {
                Cand::Entity(m) if self.mentions()[m].oblique => {}
                Cand::Entity(m) => return self.speaker(m),
                // "s'il répétait", "whether he would": a pronoun of a
                // subordinate clause is not the sentence's subject.
                Cand::Pronoun(tok, _)
                    if tok.checked_sub(1).is_some_and(|p| {
                        let w = self.tokens.word(p);
                        self.lex.subordinators.contains(w) || self.lex.complementizers.contains(w)
                    }) => {}
                Cand::Pronoun(tok, p) => return self.pronoun(tok, p),
                Cand::Role { end, .. } => {
                    // "le gouverneur de la province de X, Omer Coskun":
                    // the person in apposition.
                    let named = cands[k + 1..].iter().find_map(|n| match *n {
                        Cand::Entity(m) if self.mentions()[m].oblique => None,
                        Cand::Entity(m) => Some(m),
                        _ => None,
                    });
                    if let Some(m) = named
                        && self.is_person(m)
                        && self.mentions()[m].first <= end + 8
                        && !(end..self.mentions()[m].first)
                            .any(|i| self.lex.possessives.contains(self.tokens.word(i)))
                    {
                        return self.speaker(m);
                    }
                    return self.resolve(*c);
                }
                Cand::Anonymous(_) => return Decision::null(),
                Cand::Statement { .. } => {}
            }
        }
        Decision::none()
    }

    /// Comma-delimited asides right before a cue that open on a relative
    /// word or a participle ("Matteo Salvini, who sits for the Lega,
    /// alleged"; "X, responding to a question, said"): their names are not
    /// the cue's subject. Token ranges, nearest first.
    fn asides(&self, lo: usize, cue: usize) -> Vec<(usize, usize)> {
        let t = self.tokens;
        let mut out = Vec::new();
        let mut end = cue;
        // The segment must end right before the cue, or before the previous aside.
        while end > lo && t.gap_after(end - 1).contains(',') && out.len() < 3 {
            let Some(start) = (lo + 1..end - 1)
                .rev()
                .find(|&i| t.gap_after(i - 1).contains(','))
            else {
                break;
            };
            let w = t.word(start);
            // An apposition ("Rahul Gandhi, the former president of the
            // party, said") is an aside as well.
            let role_at = |i: usize| self.role_at(i).is_some();
            let apposition = role_at(start)
                || (self.lex.determiners.contains_key(w)
                    && (start + 1..(start + 3).min(end)).any(role_at));
            let opens = self.lex.subordinators.contains(w)
                || self.lex.participles.at(t, start).is_some()
                || apposition;
            if !opens {
                break;
            }
            out.push((start, end));
            end = start;
        }
        out
    }

    /// The inverted subject after the cue: the first person, or the first
    /// other phrase when no person follows it closely.
    fn after(&self, cue_end: usize, hi: usize) -> Decision {
        // Another reporting verb opens a clause of its own: its subject or
        // object is not this cue's.
        let hi = (cue_end..hi.min(self.quoted.len()))
            .find(|&i| self.cue_here(i).is_some())
            .unwrap_or(hi);
        let cands = self.candidates(cue_end, hi);
        let mut fallback: Option<(Decision, usize)> = None;
        for (k, c) in cands.iter().enumerate() {
            // A name after a preposition is an adverbial ("a déclaré lors
            // d'un point de presse de l'ONU, Kathryn Alberti"): it neither
            // speaks nor ends the search.
            if let Cand::Entity(m) = *c
                && self.mentions()[m].oblique
                && self.mentions()[m].first != cue_end
            {
                continue;
            }
            let too_far = match fallback {
                Some((_, end)) => c.first(self) > end + 4,
                None => c.first(self) > cue_end + INVERTED_GAP,
            };
            if too_far {
                break;
            }
            match *c {
                Cand::Pronoun(tok, p) if tok == cue_end => return self.pronoun(tok, p),
                Cand::Pronoun(..) => {}
                // "according to X": the cue's own preposition.
                Cand::Entity(m)
                    if self.mentions()[m].oblique && self.mentions()[m].first != cue_end => {}
                Cand::Entity(m) if self.is_person(m) => {
                    if let Some(Cand::Entity(n)) = cands.get(k + 1)
                        && self.joint(m, *n)
                    {
                        return Decision::null();
                    }
                    return self.speaker(m);
                }
                Cand::Entity(m) => {
                    if fallback.is_none() {
                        fallback = Some((self.speaker(m), self.mentions()[m].end));
                    }
                }
                Cand::Role { end, role, .. } if role.holder != Holder::State => {
                    // The name in apposition: a person after a person's
                    // role, an organisation after an organisation's noun
                    // ("l'Agence américaine des médicaments (FDA)"), not a
                    // name owned by a possessive ("accompagné de son
                    // éditeur Olivier Cohen").
                    let person = role.holder == Holder::Person;
                    let named = cands[k + 1..].iter().find_map(|n| match *n {
                        Cand::Entity(m)
                            if self.is_person(m) == person
                                && (person || self.is_org(m))
                                && (!self.mentions()[m].oblique || !person)
                                && self.mentions()[m].first <= end + 8
                                && !(end..self.mentions()[m].first).any(|i| {
                                    self.lex.possessives.contains(self.tokens.word(i))
                                }) =>
                        {
                            Some(m)
                        }
                        _ => None,
                    });
                    if !person {
                        return named.map_or_else(|| self.resolve(*c), |m| self.speaker(m));
                    }
                    return match named {
                        Some(m) => self.speaker(m),
                        None if self.unknown_name(end, end + 8) => Decision::null(),
                        None => self.resolve(*c),
                    };
                }
                other => {
                    if fallback.is_none() {
                        return self.resolve(other);
                    }
                }
            }
        }
        fallback.map_or_else(Decision::none, |(d, _)| d)
    }

    fn resolve(&self, c: Cand) -> Decision {
        match c {
            Cand::Entity(m) => self.speaker(m),
            Cand::Pronoun(tok, p) => self.pronoun(tok, p),
            Cand::Anonymous(_) => Decision::null(),
            Cand::Role { det, .. } if det.is_some_and(|d| d.plural) => Decision::null(),
            Cand::Role {
                first,
                end,
                role,
                det,
            } => match &role.holder {
                Holder::Person => {
                    let words = self.role_words(first + usize::from(det.is_some()), end);
                    let q = RoleQuery {
                        words: &words,
                        gender: role.gender.or(det.and_then(|d| d.gender)),
                        code: None,
                        guess: true,
                    };
                    Decision::of(self.found(self.track.person_in_role(first, q))).via(Via::Role)
                }
                // "China's foreign ministry": the body of the name that
                // owns it.
                Holder::Org(_) | Holder::State if let Some(m) = self.possessor(first) => {
                    self.speaker(m).via(Via::Role)
                }
                Holder::Org(word) => {
                    let body = self.track.body(first, word.as_deref(), None);
                    Decision::of(self.found(body)).via(Via::Role)
                }
                Holder::State => Decision::of(
                    self.demonym_after(end, first)
                        .or_else(|| self.found(self.track.state(first, None))),
                )
                .via(Via::Role),
            },
            Cand::Statement { end } => {
                let t = self.tokens;
                let mut i = end;
                while t.get(i).is_some_and(|w| {
                    self.lex.prepositions.contains(w) || self.lex.determiners.contains_key(w)
                }) && i < end + 3
                {
                    i += 1;
                }
                if i > end {
                    if let Some(m) = self.mention_starting(i) {
                        return self.speaker(m).via(Via::Statement);
                    }
                    if t.spans.get(i).is_some_and(|s| {
                        s.slice(t.text)
                            .chars()
                            .next()
                            .is_some_and(char::is_uppercase)
                    }) {
                        // An issuer the entity stage did not find.
                        return Decision::null();
                    }
                    // "un communiqué du porte-parole …, Ned Price"
                    let by = self.after(i, i + INVERTED_REACH);
                    if by.decided {
                        return by;
                    }
                }
                Decision::of(
                    self.demonym_after(end, end)
                        .or_else(|| self.found(self.track.body(end, None, None)))
                        .or_else(|| self.found(self.track.state(end, None))),
                )
                .via(Via::Statement)
            }
        }
    }

    fn entity(&self, m: usize) -> &Entity {
        self.track.entity(m)
    }

    fn is_org(&self, m: usize) -> bool {
        self.track.is_org(self.mentions()[m].ent)
    }

    /// "le gouvernement canadien": the state a demonym right after a noun
    /// names, when it is an entity of the record.
    fn demonym_after(&self, end: usize, pos: usize) -> Option<(usize, Span)> {
        let t = self.tokens;
        (end..end + 2).find_map(|i| {
            let id = self
                .lex
                .demonyms
                .get(&fold(t.spans.get(i)?.slice(t.text)))?;
            let ent = *self.by_id.get(id.as_str())?;
            let before = self.tokens.spans[pos].start;
            let mention = self.entities[ent]
                .mentions
                .iter()
                .rev()
                .find(|m| m.start < before)
                .or(self.entities[ent].mentions.first())?;
            Some((ent, mention.span()))
        })
    }

    /// A pronoun stands for the subject of its own sentence when there is
    /// one before it ("La Russie … qu'elle réclame"), else for the most
    /// recent person of its gender (the tracker's answer); a plural one
    /// for no single speaker.
    fn pronoun(&self, tok: usize, p: Pron) -> Decision {
        if p == Pron::Plural {
            return Decision::null();
        }
        let start = self
            .sentence_start(tok)
            .max(tok.saturating_sub(SUBJECT_REACH));
        Decision::of(self.found(self.track.pronoun(tok, start, p))).via(Via::Pronoun)
    }

    /// A tracked mention as a speaker: its entity and span.
    fn found(&self, m: Option<usize>) -> Option<(usize, Span)> {
        let at = self.mentions().get(m?)?;
        Some((at.ent, at.span))
    }

    /// The role noun starting at token `i`, its words joined ("porte-parole"):
    /// its length in tokens and what it is.
    pub fn role_at(&self, i: usize) -> Option<(usize, &'t RoleNoun)> {
        let (end, role) = self.lex.refs.role_at(&self.folded, i)?;
        (i..end - 1)
            .all(|k| self.tokens.joined(k))
            .then_some((end - i, role))
    }

    /// The words of a role phrase and the adjectives after it ("ministre
    /// russe"), folded.
    fn role_words(&self, from: usize, end: usize) -> Vec<String> {
        let t = self.tokens;
        let mut words: Vec<String> = (from..end).map(|i| fold(t.word(i))).collect();
        for i in end..(end + 2).min(t.spans.len()) {
            let w = t.word(i);
            let plain = t.gap_after(i - 1).trim().is_empty();
            if !plain
                || self.quoted[i]
                || self.lex.function_words.contains(w)
                || self.lex.prepositions.contains(w)
                || self.lex.cues.at(t, i).is_some()
                || self.lex.auxiliaries.contains(w)
            {
                break;
            }
            words.push(fold(w));
        }
        words
    }
}

/// True when a mention ending before token `end` takes a possessive "'s".
fn possessive(t: &Tokens<'_>, end: usize) -> bool {
    end > 0 && t.get(end).is_some_and(|w| w == "s") && matches!(t.gap_after(end - 1), "'" | "’")
}

/// True when the token before `i` is a preposition, possibly followed by an
/// elided article ("de l'Otan", "à la Maison Blanche").
fn after_preposition(lex: &Lexicon, t: &Tokens<'_>, i: usize) -> bool {
    // "En face, Cori Gauff": punctuation ends the prepositional phrase.
    let Some(p) = i
        .checked_sub(1)
        .filter(|&p| !t.gap_after(p).contains([',', ';', ':', '.']))
    else {
        return false;
    };
    if lex.prepositions.contains(t.word(p)) {
        return true;
    }
    lex.determiners.contains_key(t.word(p))
        && p.checked_sub(1)
            .is_some_and(|q| lex.prepositions.contains(t.word(q)))
}

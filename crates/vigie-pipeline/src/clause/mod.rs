//! Clause analysis: for a verb of a sentence, its verb group and the parties
//! of its clause, read from word roles of the language pack
//! (`lang/<code>/clause_words.tsv`) and the entity mentions already in the
//! record. Stage-independent: the events stage codes clauses with it, and any
//! stage that needs "who is the subject of this verb" can build a [`View`]
//! and call [`analyse`].
//!
//! What a [`Clause`] holds, for a verb at tokens `verb.0..verb.1`:
//! - the **verb group**: the auxiliaries, pronouns and adverbs of
//!   `auxiliary` before the verb ("a", "s'est", "has been");
//! - **negation** (`negation` words in the group or just before it: "n'a pas
//!   exigé", "did not accuse", "sans répondre");
//! - **modality** (`hypothetical` words around the verb: "pourrait", "would",
//!   "si", "en cas de"; `concessive` words state no condition: "même si");
//! - **passive** voice (a `passive` auxiliary right before the verb, not after
//!   a reflexive `reflexive` pronoun, the verb not ending in an
//!   `active_suffix` such as "-ing"), and its **agent** ("par X", "by X"),
//!   which is read only for a passive: after an active verb "by X" is a means
//!   or a circumstance, never the actor;
//! - the **subject**: the inverted subject of an incise ("…, a déclaré X");
//!   else the nearest name before the verb that is no complement (not after a
//!   preposition of `oblique`, `between` or `genitive`), not inside a relative
//!   clause or an apposition set off by commas, not a place that does not act,
//!   not inside a quotation, with the names coordinated to it ("A et B ont…");
//!   a subordinate clause after a `complementizer` has its own subject. When
//!   no name is the subject, the clause says what stands there instead: the
//!   subject shared with the previous verb ("a invité … et a exigé"), a
//!   `pronoun`, a role noun, or a name after "de" that may head it;
//! - the **complements** after the verb: every name, with the preposition that
//!   introduces it (none for a direct object), up to a clause break.
//!
//! What a pronoun, a role noun or a body's noun stands for is the answer of
//! one resolver, the [`coref`] mention tracker, which the quotes stage asks
//! for speakers and the events stage for actors and targets (through
//! [`refer`], which reads where such a word stands in a clause); the two
//! parties of a reciprocal act ("entre X et Y") are [`reciprocal`]'s. Every look-around is a fixed window of tokens, so the
//! analysis of a document is linear in its length.

pub mod coref;
pub mod lexicon;
pub mod reciprocal;
pub mod refer;

use vigie_doc::Span;
use vigie_kb::fold;

use crate::{LangPack, Result};
pub use lexicon::{Hit, Lexicon};

/// Word roles of `clause_words.tsv`, as bit flags on tokens.
pub mod role {
    /// A negation ("ne", "pas", "not", "never").
    pub const NEG: u32 = 1;
    /// A conditional or hypothetical word ("si", "pourrait", "would").
    pub const HYPO: u32 = 1 << 1;
    /// Introduces the agent of a passive or a nominalisation ("par", "by").
    pub const AGENT: u32 = 1 << 2;
    /// A preposition: the name after it is a complement, not a subject.
    pub const OBLIQUE: u32 = 1 << 3;
    /// "de", "of": the name after it completes a noun.
    pub const GENITIVE: u32 = 1 << 4;
    /// "entre", "between".
    pub const BETWEEN: u32 = 1 << 5;
    /// Determiners and possessives skipped before a name.
    pub const DET: u32 = 1 << 6;
    /// Coordination ("et", "and").
    pub const COORD: u32 = 1 << 7;
    /// Opens a relative clause ("qui", "which").
    pub const REL: u32 = 1 << 8;
    /// Part of a verb group: auxiliaries, clitics, short adverbs.
    pub const AUX: u32 = 1 << 9;
    /// The English genitive "s".
    pub const POSS: u32 = 1 << 10;
    /// A subject pronoun of a person ("il", "she"), from `pronouns.tsv`
    /// ([`coref::Words::mark`]).
    pub const PRONOUN: u32 = 1 << 11;
    /// Opens a content clause ("que", "that").
    pub const THAT: u32 = 1 << 12;
    /// A conditional word that states no condition ("même si").
    pub const CONCESSIVE: u32 = 1 << 13;
    /// A preposition of place ("à", "in").
    pub const LOCATIVE: u32 = 1 << 14;
    /// An auxiliary of the passive ("été", "was").
    pub const PASSIVE: u32 = 1 << 15;
    /// A reflexive pronoun ("se", "s'"): "s'est rendu" is no passive.
    pub const REFLEXIVE: u32 = 1 << 16;
    /// A preposition that introduces the counterpart of an act ("avec",
    /// "contre", "à", "with", "against", "to").
    pub const TARGET: u32 = 1 << 17;
    /// A verb ending that keeps an auxiliary group active ("is planning"),
    /// set from the `active_suffix` lines.
    pub const ACTIVE: u32 = 1 << 18;
    /// A relative pronoun that is the subject of its clause ("qui", "who").
    pub const SUBJ_REL: u32 = 1 << 19;
    /// A neuter or plural subject pronoun ("it", "they", "ils"): it stands
    /// for an organisation or a state, not a person (`pronouns.tsv`).
    pub const NEUTER: u32 = 1 << 21;
    /// A first-person word ("nous", "we"): inside a quotation, the speaker.
    pub const FIRST_PERSON: u32 = 1 << 20;
    /// A noun naming a person's role ("ministre", "spokesman"), from
    /// `role_nouns.tsv` ([`coref::Words::mark`]) and `role_noun` lines.
    pub const ROLE_NOUN: u32 = 1 << 22;
    /// "deux", "two", "both" before a plural role noun: the two persons last named.
    pub const PAIR: u32 = 1 << 23;
    /// "avec", "with": the name after it acts together with the subject.
    pub const COMITATIVE: u32 = 1 << 24;
    /// First roles free for the caller's own flags on the same tokens.
    pub const FIRST_FREE: u32 = 1 << 25;

    /// Role names as written in the data file.
    pub const NAMES: &[(&str, u32)] = &[
        ("negation", NEG),
        ("hypothetical", HYPO),
        ("agent", AGENT),
        ("oblique", OBLIQUE),
        ("genitive", GENITIVE),
        ("between", BETWEEN),
        ("determiner", DET),
        ("coordination", COORD),
        ("relative", REL),
        ("auxiliary", AUX),
        ("possessive", POSS),
        ("complementizer", THAT),
        ("concessive", CONCESSIVE),
        ("locative", LOCATIVE),
        ("passive", PASSIVE),
        ("reflexive", REFLEXIVE),
        ("target", TARGET),
        ("subject_relative", SUBJ_REL),
        ("first_person", FIRST_PERSON),
        ("role_noun", ROLE_NOUN),
        ("pair", PAIR),
        ("comitative", COMITATIVE),
    ];
}
use role::*;

/// The file of word roles in each language pack.
pub const WORDS: &str = "clause_words.tsv";

/// How far before a verb a negation counts, in tokens ("n'a pas exigé").
const NEGATION_REACH: usize = 3;
/// How far around a verb a conditional word counts, in tokens.
const HYPOTHETICAL_WINDOW: usize = 8;
/// How far before a verb its subject may lie, in tokens.
const SUBJECT_WINDOW: usize = 30;
/// How far after an incise's verb its inverted subject may lie, in tokens
/// ("a déclaré mardi 11 janvier le ministre français des Affaires étrangères, X").
const INCISE_WINDOW: usize = 14;
/// How far before a subject relative ("qui", "who") its antecedent may lie, in tokens.
const RELATIVE_REACH: usize = 10;
/// How far after a passive verb its agent may lie, in tokens.
const AGENT_WINDOW: usize = 6;
/// Most names coordinated as one subject or object ("A, B, C and D").
const MAX_COORDINATED: usize = 5;
/// How far after a verb its complements are read, in tokens.
const COMPLEMENT_WINDOW: usize = 12;

/// One language's word roles, compiled.
#[derive(Debug, Clone, Default)]
pub struct Grammar {
    words: Lexicon<u32>,
    /// Verb endings that make an auxiliary group active ("is planning").
    active_suffixes: Vec<String>,
}

impl Grammar {
    /// Compiles `clause_words.tsv` of a pack, plus any `extra` file of
    /// `role<TAB>pattern` lines whose roles are given by `extra_roles` (a
    /// stage's own roles, numbered from [`role::FIRST_FREE`]).
    pub fn new(pack: &LangPack, extra: Option<(&str, &[(&str, u32)])>) -> Result<Self> {
        // A word may have several roles ("a" is a preposition and an
        // auxiliary once accents are folded): merge them before compiling.
        let mut roles: Vec<(String, u32, &str, usize)> = Vec::new();
        let mut active_suffixes = Vec::new();
        let files = std::iter::once((WORDS, role::NAMES)).chain(extra);
        for (file, names) in files {
            for (n, line) in pack.numbered_lines(file) {
                let Some((name, pattern)) = line.split_once('\t') else {
                    return Err(pack.error(file, n, "expected role<TAB>pattern"));
                };
                let pattern = pattern.trim().to_owned();
                if name.trim() == "active_suffix" {
                    active_suffixes.push(fold(&pattern));
                    continue;
                }
                let Some(&(_, flag)) = names.iter().find(|(r, _)| *r == name.trim()) else {
                    return Err(pack.error(file, n, format!("unknown role {name:?}")));
                };
                let key = |p: &str| (fold(p), p.ends_with('*'));
                match roles.iter_mut().find(|(p, ..)| key(p) == key(&pattern)) {
                    Some((_, f, ..)) => *f |= flag,
                    None => roles.push((pattern, flag, file, n)),
                }
            }
        }
        let mut words = Lexicon::default();
        for (pattern, flag, file, n) in roles {
            words
                .add(&pattern, flag)
                .map_err(|e| pack.error(file, n, e))?;
        }
        Ok(Grammar {
            words,
            active_suffixes,
        })
    }

    /// The role flags of every token (folded words).
    pub fn flags(&self, folded: &[&str]) -> Vec<u32> {
        let mut flags = vec![0u32; folded.len()];
        for i in 0..folded.len() {
            if let Some(hit) = self.words.longest_at(folded, i) {
                for f in &mut flags[hit.start..hit.end] {
                    *f |= *hit.value;
                }
            }
            let w = folded[i];
            if self
                .active_suffixes
                .iter()
                .any(|s| w.len() > s.len() + 2 && w.ends_with(s.as_str()))
            {
                flags[i] |= ACTIVE;
            }
        }
        flags
    }
}

/// An entity mention as a token range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MRef {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// Index of the entity in the record.
    pub ent: usize,
}

/// A marked quotation and its speaker (entity index), when known.
#[derive(Debug, Clone)]
pub struct Quoted {
    /// Byte span of the quotation.
    pub span: Span,
    /// Its speaker.
    pub speaker: Option<usize>,
}

/// What the analysis reads in one document: tokens, their roles, the
/// entity mentions and the quotations.
pub struct View<'a> {
    /// The cleaned text.
    pub text: &'a str,
    /// Token spans.
    pub toks: &'a [Span],
    /// Folded tokens.
    pub folded: Vec<&'a str>,
    /// Role flags per token (see [`role`]), the caller's own included.
    pub cues: Vec<u32>,
    /// Mentions sorted by start, one per start.
    pub mentions: Vec<MRef>,
    /// Per entity: a person.
    pub persons: Vec<bool>,
    /// Per entity: a place that does not act (a city standing for no
    /// state, a venue, a region).
    pub places: Vec<bool>,
    /// Marked quotations, sorted by start.
    pub quotes: Vec<Quoted>,
}

/// The subject of a clause when no name stands there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stand {
    /// A name (see [`Clause::subject`]).
    Name,
    /// A subject pronoun; `near` when the clause is subordinate ("les
    /// garanties qu'elle réclame"): it stands for the name just before.
    Pronoun {
        /// The pronoun's token.
        at: usize,
        /// Subordinate clause.
        near: bool,
        /// A neuter or plural pronoun ("it", "ils").
        neuter: bool,
    },
    /// Nothing found before the verb: a role noun may head the subject
    /// between `lo` and the verb group (the caller resolves it).
    Open,
}

/// A clause around one verb.
#[derive(Debug, Clone)]
pub struct Clause {
    /// The verb (token range).
    pub verb: (usize, usize),
    /// First token of the verb group (auxiliaries included).
    pub group: usize,
    /// The verb is negated.
    pub negated: bool,
    /// A conditional or hypothetical word qualifies the clause.
    pub modal: bool,
    /// Passive voice.
    pub passive: bool,
    /// A participle or noun with its agent and no auxiliary ("le texte
    /// proposé par le Brésil"): its patient is the noun before, no name.
    pub reduced: bool,
    /// The subject was found after the verb (incise, inversion).
    pub inverted: bool,
    /// The verb group follows "et"/"and": it may share the subject of the
    /// previous verb ("a invité … et a exigé").
    pub coordinated: bool,
    /// The names standing as subject, coordinated ones included.
    pub subject: Vec<MRef>,
    /// What stands as subject when no name does.
    pub stand: Stand,
    /// A non-person name after "de" inside the subject phrase ("un
    /// responsable de l'Otan"), the fallback when no role noun resolves.
    pub genitive: Option<MRef>,
    /// Where the subject search started (clause start, after a complementizer).
    pub lo: usize,
    /// The agent of a passive ("par X", "by X").
    pub agent: Vec<MRef>,
    /// Names after the verb with the role flags of the word before them
    /// (0 for a direct object), in order, up to a clause break.
    pub complements: Vec<(MRef, u32)>,
}

impl Clause {
    /// The party acting: the agent of a passive, else the subject.
    pub fn actor(&self) -> &[MRef] {
        if self.passive {
            &self.agent
        } else {
            &self.subject
        }
    }
}

impl View<'_> {
    /// The text between token `i - 1` and token `i`.
    pub fn gap(&self, i: usize) -> &str {
        if i >= self.toks.len() {
            return "";
        }
        let start = if i == 0 { 0 } else { self.toks[i - 1].end };
        self.text.get(start..self.toks[i].start).unwrap_or("")
    }

    /// Token `i` has one of the roles of `flag`.
    pub fn has(&self, i: usize, flag: u32) -> bool {
        self.cues.get(i).is_some_and(|c| c & flag != 0)
    }

    /// A clause break (semicolon, colon, dash, parenthesis) lies before token `i`.
    pub fn breaks_before(&self, i: usize) -> bool {
        self.gap(i).contains([';', ':', '(', ')', '—', '–'])
    }

    /// The mention starting at token `i`.
    pub fn mention_starting(&self, i: usize) -> Option<MRef> {
        let k = self.mentions.partition_point(|m| m.start < i);
        self.mentions.get(k).filter(|m| m.start == i).copied()
    }

    /// Token `i` is inside a mention.
    pub fn in_mention(&self, i: usize) -> bool {
        let k = self.mentions.partition_point(|m| m.start <= i);
        k > 0 && self.mentions[k - 1].end > i
    }

    /// The mention that starts at `i` after determiners.
    pub fn mention_after_dets(&self, mut i: usize, end: usize) -> Option<MRef> {
        while i < end && self.has(i, DET) && self.mention_starting(i).is_none() {
            i += 1;
        }
        self.mention_starting(i)
    }

    /// The role flags of the word before a mention, skipping determiners.
    pub fn flags_before(&self, m: MRef, floor: usize) -> u32 {
        let mut i = m.start;
        while i > floor {
            i -= 1;
            if self.has(i, DET) {
                continue;
            }
            return self.cues[i];
        }
        0
    }

    /// "le président de l'Ukraine Volodymyr Zelensky": a name right after
    /// the genitive one, with at most one plain word between, is the head.
    pub fn apposition_after(&self, m: MRef, end: usize) -> bool {
        (m.end..(m.end + 2).min(end))
            .take_while(|&j| j == m.end || self.cues[j - 1] == 0)
            .any(|j| self.mention_starting(j).is_some())
    }

    /// The quotation around byte `at`.
    pub fn in_quote(&self, at: usize) -> Option<&Quoted> {
        let k = self.quotes.partition_point(|q| q.span.start <= at);
        self.quotes[..k]
            .iter()
            .rev()
            .take(2)
            .find(|q| at < q.span.end)
    }

    fn tok_in_quote(&self, i: usize) -> bool {
        self.toks
            .get(i)
            .is_some_and(|t| self.in_quote(t.start).is_some())
    }

    /// Names joined to `m` by "et" or "and" (and commas before them: "A, B
    /// et C"), after it. Commas alone make an apposition, not a list.
    pub fn coordinated_after(&self, m: MRef, end: usize) -> Vec<MRef> {
        let mut group = vec![m];
        let mut by_word = 0;
        let mut cur = m;
        while group.len() < MAX_COORDINATED {
            let mut i = cur.end;
            let mut word = false;
            while i < end && i < cur.end + 4 && self.mention_starting(i).is_none() {
                if self.has(i, COORD) {
                    word = true;
                } else if !self.has(i, DET | OBLIQUE | GENITIVE) {
                    break;
                }
                i += 1;
            }
            let comma = self
                .gap(cur.end.min(self.toks.len().saturating_sub(1)))
                .contains(',');
            match self.mention_starting(i) {
                Some(next) if i < end && (word || comma) && !self.breaks_before(i) => {
                    group.push(next);
                    if word {
                        by_word = group.len();
                    }
                    cur = next;
                }
                _ => break,
            }
        }
        group.truncate(by_word.max(1));
        group
    }

    /// Names joined to `m` by "et", "and" or commas, before it.
    pub fn coordinated_before(&self, m: MRef, floor: usize) -> Vec<MRef> {
        let mut group = vec![m];
        let mut cur = m;
        while group.len() < MAX_COORDINATED {
            let k = self.mentions.partition_point(|p| p.start < cur.start);
            let Some(prev) = k.checked_sub(1).map(|k| self.mentions[k]) else {
                break;
            };
            if prev.start < floor || prev.end > cur.start || cur.start - prev.end > 5 {
                break;
            }
            // The link next to the verb's subject must be a word ("A, B et C");
            // after it, a determiner and plain words may give the second
            // name's role ("A et le dirigeant nord-coréen B"), no preposition.
            let mut joined = group.len() > 1 && self.gap(cur.start).contains(',');
            let mut ok = true;
            for i in prev.end..cur.start {
                let grammar = self.cues[i] & (FIRST_FREE - 1) & !(ROLE_NOUN | PAIR | FIRST_PERSON);
                if self.has(i, COORD) && i == prev.end {
                    joined = true;
                } else if self.has(i, COORD) || (grammar != 0 && !self.has(i, DET)) || !joined {
                    ok = false;
                }
            }
            if !(ok && joined) || self.breaks_before(cur.start) {
                break;
            }
            group.insert(0, prev);
            cur = prev;
        }
        group
    }
}

/// The record's entity mentions as token ranges, sorted by start, the
/// longest one kept where two start together.
pub fn mentions(doc: &vigie_doc::Doc) -> Vec<MRef> {
    let toks = doc.layout.tokens.as_slice();
    let mut out = Vec::new();
    for (ent, e) in doc.entities.iter().enumerate() {
        for m in &e.mentions {
            let start = toks.partition_point(|t| t.start < m.start);
            let end = toks.partition_point(|t| t.start < m.end);
            if start < end {
                out.push(MRef { start, end, ent });
            }
        }
    }
    out.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
    out.dedup_by_key(|m| m.start);
    out
}

/// Analyses the clause of the verb at tokens `verb`, inside the sentence
/// tokens `sent`, not looking before `floor` (the start of the sentence or
/// of the quotation holding the verb).
pub fn analyse(v: &View, verb: (usize, usize), sent: (usize, usize), floor: usize) -> Clause {
    let (_, s1) = sent;
    let floor = floor.max(sent.0);
    // The verb group: auxiliaries and clitics before the verb, not across a
    // comma or a quotation mark (which would make the verb an incise).
    let mut group = verb.0;
    while group > floor && v.has(group - 1, AUX) && !v.gap(group).contains([',', '»', '”', '"'])
    {
        group -= 1;
    }
    let negated = (verb.0.saturating_sub(NEGATION_REACH).max(floor)..verb.0).any(|i| v.has(i, NEG));
    // A conditional word behind a comma belongs to a clause of its own
    // ("700 emplois seraient concernés, mais X dément"), unless it opens
    // that clause as a condition of this one ("si X attaque, Y …").
    let modal = (verb.0.saturating_sub(HYPOTHETICAL_WINDOW).max(floor)..verb.0).any(|i| {
        v.has(i, HYPO)
            && !v.has(i, CONCESSIVE)
            && (i == floor
                || v.gap(i).contains(',')
                || !(i + 1..=verb.0).any(|j| v.gap(j).contains(',')))
    });
    // "a été accusé", "was invited"; not "s'est rendu" nor "is planning".
    let passive = verb.0 > floor
        && v.has(verb.0 - 1, PASSIVE)
        && !v.has(verb.1 - 1, ACTIVE)
        && !(verb.0.saturating_sub(3).max(floor)..verb.0 - 1).any(|i| v.has(i, REFLEXIVE));
    let end = (verb.1 + COMPLEMENT_WINDOW).min(s1);
    let end = (verb.1..end).find(|&i| v.breaks_before(i)).unwrap_or(end);
    let mut clause = Clause {
        verb,
        group,
        negated,
        modal,
        passive,
        reduced: false,
        inverted: false,
        coordinated: group > floor && v.has(group - 1, COORD),
        subject: Vec::new(),
        stand: Stand::Open,
        genitive: None,
        lo: floor,
        agent: Vec::new(),
        complements: complements(v, verb.1, end),
    };
    if passive {
        clause.agent = agent(v, verb.1, end);
    } else if group == verb.0
        && verb.0 > floor
        && (v.gap(verb.0).contains(',')
            || (!v.in_mention(verb.0 - 1) && !v.has(verb.0 - 1, PRONOUN)))
    {
        // A participle with its agent and no auxiliary is a reduced passive
        // ("le texte proposé par le Brésil", "l'annonce par la Russie"):
        // not "Moscou exige par ailleurs", whose verb follows its subject.
        // The agent preposition right after the participle makes it
        // passive even when the agent is no name ("accusée par ses
        // opposants"): then the clause names no actor.
        let by_next = (verb.1..(verb.1 + 2).min(end)).any(|i| v.has(i, AGENT) && !v.has(i, AUX));
        let by = agent(v, verb.1, end);
        if by_next || !by.is_empty() {
            clause.passive = true;
            clause.reduced = true;
            clause.agent = by;
        }
    }
    subject(v, &mut clause, floor, end, s1);
    clause
}

/// The agent after a verb or a noun: the names after "par"/"by" (and
/// "de la part de"), within a few words.
pub fn agent(v: &View, from: usize, end: usize) -> Vec<MRef> {
    for i in from..(from + AGENT_WINDOW).min(end) {
        if v.has(i, AGENT) && !v.has(i, DET) {
            let j = (i + 1..end).find(|&j| !v.has(j, AGENT)).unwrap_or(end);
            if let Some(m) = v.mention_after_dets(j, end) {
                return v.coordinated_after(m, end);
            }
        }
    }
    Vec::new()
}

/// Names after the verb, each with the flags of the word before it.
fn complements(v: &View, from: usize, end: usize) -> Vec<(MRef, u32)> {
    let k = v.mentions.partition_point(|m| m.start < from);
    v.mentions[k..]
        .iter()
        .take_while(|m| m.end <= end)
        .map(|m| (*m, v.flags_before(*m, from.saturating_sub(1))))
        .collect()
}

/// Fills the subject of `c`: inverted after an incise, shared with the
/// previous verb after "et", else the nearest fitting name before the verb.
fn subject(v: &View, c: &mut Clause, floor: usize, end: usize, s1: usize) {
    let i = c.group;
    let verb = c.verb.0;
    // Relative clauses and appositions (", qui nie…,") between the subject
    // and its verb.
    let mut parenthetical: Vec<(usize, usize)> = Vec::new();
    let lo = verb.saturating_sub(SUBJECT_WINDOW).max(floor);
    let mut open: Option<usize> = None;
    for j in lo..=verb {
        if v.gap(j).contains(',') {
            if let Some(o) = open.take() {
                parenthetical.push((o, j));
            }
            if v.has(j, REL) {
                open = Some(j);
            }
        }
    }
    // "la CFDT, qui a réclamé…", "X, présidente de Y, qui a officialisé":
    // a subject relative stands for the name it follows, not one after a
    // preposition; a common noun before it ("le chef déchu, qui…") is no name.
    if i > floor && v.has(i - 1, SUBJ_REL) {
        let rel = i - 1;
        let lo = rel.saturating_sub(RELATIVE_REACH).max(floor);
        let k = v.mentions.partition_point(|m| m.start < rel);
        // Without a comma the relative qualifies the name right before it
        // ("ouvrant le bal avec la CFDT qui a réclamé"), whatever governs it;
        // after a comma it may follow an apposition, whose names after a
        // preposition are not its antecedent.
        let close = !v.gap(rel).contains(',');
        let antecedent = v.mentions[..k]
            .iter()
            .rev()
            .take_while(|m| m.start >= lo)
            .find(|m| {
                m.end <= rel
                    && !v.places[m.ent]
                    && ((close && m.end == rel)
                        || v.flags_before(**m, lo) & (OBLIQUE | GENITIVE | AGENT | BETWEEN) == 0)
            })
            // A common noun phrase between ("NATO envoys met the deposed
            // president, who…") is the antecedent, not the name before it.
            .filter(|m| {
                !(m.end..rel).any(|j| v.has(j, DET) && v.mention_after_dets(j, rel).is_none())
            });
        if let Some(m) = antecedent {
            c.subject = v.coordinated_before(*m, lo);
            c.stand = Stand::Name;
        } else {
            c.lo = verb;
        }
        return;
    }
    // "…, a déclaré X" and "c'est ce qu'a conclu X": the subject follows;
    // not after a comma closing a relative clause ("The Kremlin, which
    // said…, has denied"). A person's name right before the comma closes
    // an apposition ("le chef de l'Otan, Jens Stoltenberg, a mis en
    // garde"): he is the subject.
    let apposition = i > floor
        && v.mentions[..v.mentions.partition_point(|m| m.start < i)]
            .last()
            .is_some_and(|m| m.end == i && v.persons[m.ent]);
    // A verb phrase ending on its complementizer ("alleged that") opens
    // its content clause: no inverted subject follows it.
    let incise = i > floor
        && !(verb..c.verb.1).any(|j| v.has(j, THAT))
        && (v.gap(i).contains(['»', '”', '"'])
            || (v.gap(i).contains(',')
                && !apposition
                && !parenthetical.iter().any(|&(_, b)| b == i))
            || (v.has(i - 1, THAT)
                && v.gap(i).contains(['\'', '’'])
                && !(i..verb).any(|j| v.has(j, PRONOUN))));
    if incise {
        let window = (c.verb.1 + INCISE_WINDOW).min(end);
        // A prepositional phrase opening right after the verb ("a déclaré
        // sur son profil Twitter", "a indiqué à la radio X") is a
        // circumstance up to the next comma; a preposition after a
        // determiner is inside the subject ("la ministre déléguée à
        // l'Industrie X").
        let mut in_pp = false;
        let mut det = false;
        for j in c.verb.1..window {
            // "a expliqué ne pas soutenir X", "a dit que X…": a negation or
            // a complementizer opens the verb's own complement, no subject.
            if v.has(j, NEG | THAT) {
                break;
            }
            if v.gap(j).contains(',') {
                in_pp = false;
                det = false;
            }
            if v.has(j, DET) {
                det = true;
            } else if v.has(j, OBLIQUE) && !det {
                in_pp = true;
            }
            if let Some(m) = v.mention_starting(j)
                && !in_pp
                && v.flags_before(m, c.verb.1) & (OBLIQUE | GENITIVE | AGENT) == 0
                && !v.tok_in_quote(j)
            {
                c.subject = v.coordinated_after(m, end);
                c.inverted = true;
                c.stand = Stand::Name;
                return;
            }
        }
        // "…, ont déploré les dirigeants européens.": an inversion closing
        // the sentence names its subject there, if at all.
        if window >= s1 {
            c.lo = verb;
            return;
        }
    }
    let lo = (lo..verb).rev().find(|&j| v.breaks_before(j)).unwrap_or(lo);
    // A subordinate clause ("said that the drills…") has its own subject.
    let that = (lo..verb)
        .rev()
        .find(|&j| v.has(j, THAT) && !parenthetical.iter().any(|&(a, b)| a <= j && j < b));
    let lo = that.map_or(lo, |j| j + 1);
    c.lo = lo;
    let k = v.mentions.partition_point(|m| m.start < verb);
    for m in v.mentions[..k].iter().rev() {
        if m.start < lo {
            break;
        }
        if m.end > verb
            || v.places[m.ent]
            || parenthetical
                .iter()
                .any(|&(a, b)| a <= m.start && m.end <= b)
            || v.tok_in_quote(m.start)
        {
            continue;
        }
        let before = v.flags_before(*m, lo);
        if before & (OBLIQUE | BETWEEN) != 0 {
            continue;
        }
        // "un responsable de l'administration de Joe Biden", "INEC's chief":
        // a name after "de" or before an English genitive qualifies the
        // subject, it is not it.
        let possessor = m.end < verb && v.has(m.end, POSS) && v.gap(m.end).contains(['\'', '’']);
        if before & GENITIVE != 0 || possessor {
            if !v.persons[m.ent] {
                c.genitive.get_or_insert(*m);
            }
            continue;
        }
        // "X, les chancelleries occidentales ont dénoncé": a noun phrase
        // after a comma is the subject, unless a second comma closes it as
        // an apposition ("Stoltenberg, le chef de l'Otan, a mis en garde").
        if m.end < verb
            && v.gap(m.end).contains(',')
            && v.has(m.end, DET)
            && !(m.end + 1..=verb).any(|j| v.gap(j).contains(','))
        {
            c.stand = Stand::Open;
            c.genitive = None;
            c.lo = verb;
            return;
        }
        c.subject = v.coordinated_before(*m, lo);
        c.stand = Stand::Name;
        return;
    }
    let pronoun = (i.saturating_sub(1).max(floor)..verb).find(|&j| v.has(j, PRONOUN | NEUTER));
    if let Some(j) = pronoun {
        c.stand = Stand::Pronoun {
            at: j,
            near: that.is_some(),
            neuter: v.has(j, NEUTER) && !v.has(j, PRONOUN),
        };
    }
}

#[cfg(test)]
mod tests;

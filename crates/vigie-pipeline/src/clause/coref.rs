//! Mention tracking: the one resolver of what stands for an entity of the
//! record. A pronoun ("il", "she", "it"), a role noun ("le ministre", "the
//! minister", "la présidente de la BCE"), a body's common noun ("le
//! syndicat") or a state's government ("l'exécutif") names no entity by
//! itself; the [`Tracker`] finds the named entity it stands for among the
//! mentions before it: the most recent one of the right kind and gender,
//! preferring one that is a subject or an object over one after a
//! preposition, never a name in capitals only (a photo credit, a byline).
//! A role noun prefers the person the document or the knowledge base gives
//! that role ("ministre russe des Affaires étrangères" for "le ministre
//! russe"), and an actor code a demonym of the phrase names ("le ministre
//! russe" is no American).
//!
//! Both stages that ask "who is this" call it: the quotes stage for
//! speakers, the events stage (through [`super::refer`], which finds what
//! stands in a clause's subject) for actors and targets. Each lists the
//! mentions it tracks (the record's, plus repeated surnames the quotes
//! stage recognises) with the tokens they cover, and says which stand
//! after a preposition. The words are the pack's ([`Words`]):
//! `role_nouns.tsv`, `pronouns.tsv` and `person_titles.tsv`. Every search
//! looks back over a fixed number of mentions, so resolution stays linear
//! in the document's length.

use rustc_hash::FxHashMap as HashMap;
use std::cell::OnceCell;

use vigie_doc::{Doc, Entity, EntityType, Span};
use vigie_kb::{Gender, KnowledgeBase, fold};

use super::role::{AGENT, BETWEEN, GENITIVE, NEUTER, OBLIQUE, POSS, PRONOUN, ROLE_NOUN};
use super::{Lexicon, MRef, View};
use crate::{LangPack, Result};

/// The pack file of role nouns.
pub const ROLE_NOUNS: &str = "role_nouns.tsv";
/// The pack file of subject pronouns and what they stand for.
pub const PRONOUNS: &str = "pronouns.tsv";
/// The pack file of gendered titles ("Mme", "Mr").
pub const TITLES: &str = "person_titles.tsv";

/// How many mentions back an antecedent is looked for.
const REACH: usize = 80;
/// How far before a person's name a role noun gives him that role, in
/// tokens ("la ministre déléguée à l'Industrie Agnès Pannier-Runacher").
const ROLE_TITLE_REACH: usize = 6;
/// Shortest role word matched by its stem ("président" for "présidente").
const MIN_ROLE_STEM: usize = 4;

/// What a role noun stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Holder {
    /// A person holding the role ("le ministre").
    Person,
    /// An organisation, whose name holds the folded word when one is given
    /// ("le ministère": "ministry"; "le groupe": any).
    Org(Option<String>),
    /// A state, through its government ("l'exécutif", "the administration").
    State,
}

/// A role noun of `role_nouns.tsv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleNoun {
    /// What it stands for.
    pub holder: Holder,
    /// Its grammatical gender, when it marks one ("présidente").
    pub gender: Option<Gender>,
}

/// What a subject pronoun stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pron {
    /// A person of this gender ("il", "she").
    Gendered(Gender),
    /// Several ("ils", "they").
    Plural,
    /// An organisation or a state ("it").
    Neuter,
}

/// One language's words for references, compiled.
#[derive(Debug, Clone, Default)]
pub struct Words {
    nouns: Lexicon<RoleNoun>,
    pronouns: HashMap<String, Pron>,
    titles: HashMap<String, Gender>,
}

/// A gender column of a pack file: m, f, or - or pl for none.
pub fn gender(
    pack: &LangPack,
    file: &str,
    n: usize,
    value: Option<&str>,
) -> Result<Option<Gender>> {
    match value {
        Some("m") => Ok(Some(Gender::M)),
        Some("f") => Ok(Some(Gender::F)),
        Some("-" | "pl") => Ok(None),
        other => Err(pack.error(file, n, format!("expected m, f, - or pl, found {other:?}"))),
    }
}

impl Words {
    /// Compiles `role_nouns.tsv` (noun, person|org|state, gender, and for
    /// org an optional word of the organisation's English name),
    /// `pronouns.tsv` (pronoun, m|f|pl|n) and `person_titles.tsv` (title,
    /// m|f).
    pub fn new(pack: &LangPack) -> Result<Self> {
        let mut words = Words::default();
        for (n, line) in pack.numbered_lines(ROLE_NOUNS) {
            let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
            let holder = match cols.get(1).copied() {
                Some("person") => Holder::Person,
                Some("state") => Holder::State,
                Some("org") => Holder::Org(cols.get(3).map(|w| fold(w))),
                _ => {
                    return Err(pack.error(
                        ROLE_NOUNS,
                        n,
                        "expected noun, person|org|state, gender",
                    ));
                }
            };
            let gender = gender(pack, ROLE_NOUNS, n, cols.get(2).copied())?;
            words
                .nouns
                .add(cols[0], RoleNoun { holder, gender })
                .map_err(|e| pack.error(ROLE_NOUNS, n, e))?;
        }
        for (n, line) in pack.numbered_lines(PRONOUNS) {
            let mut cols = line.split('\t').map(str::trim);
            let word = fold(cols.next().unwrap_or_default());
            let pron = match cols.next() {
                Some("pl") => Pron::Plural,
                Some("n") => Pron::Neuter,
                g => match gender(pack, PRONOUNS, n, g)? {
                    Some(g) => Pron::Gendered(g),
                    None => return Err(pack.error(PRONOUNS, n, "expected m, f, n or pl")),
                },
            };
            words.pronouns.insert(word, pron);
        }
        for (n, line) in pack.numbered_lines(TITLES) {
            let mut cols = line.split('\t').map(str::trim);
            let title = cols.next().unwrap_or_default().to_lowercase();
            let Some(g) = gender(pack, TITLES, n, cols.next())? else {
                return Err(pack.error(TITLES, n, "expected a title and m or f"));
            };
            words.titles.insert(title, g);
        }
        Ok(words)
    }

    /// What the subject pronoun `word` (lowercase) stands for.
    pub fn pronoun(&self, word: &str) -> Option<Pron> {
        match word.is_ascii() {
            true => self.pronouns.get(word),
            false => self.pronouns.get(&fold(word)),
        }
        .copied()
    }

    /// The gender the title `word` (lowercase) gives a name.
    pub fn title(&self, word: &str) -> Option<Gender> {
        self.titles.get(word).copied()
    }

    /// The longest role noun starting at token `i` of `folded`: its end
    /// and what it is.
    pub fn role_at(&self, folded: &[&str], i: usize) -> Option<(usize, &RoleNoun)> {
        self.nouns.longest_at(folded, i).map(|h| (h.end, h.value))
    }

    /// The role noun ending at token `end - 1`, if any, with its first token.
    pub fn role_ending_at(&self, folded: &[&str], end: usize) -> Option<(usize, &RoleNoun)> {
        (end.saturating_sub(3)..end).find_map(|i| {
            self.nouns
                .longest_at(&folded[..end], i)
                .filter(|h| h.end == end)
                .map(|h| (h.start, h.value))
        })
    }

    /// Marks a document's pronouns of a person with [`PRONOUN`] and those
    /// of several or of a body with [`NEUTER`], for the clause analysis.
    pub fn mark_pronouns(&self, folded: &[&str], cues: &mut [u32]) {
        for (w, c) in folded.iter().zip(cues.iter_mut()) {
            *c |= match self.pronouns.get(*w) {
                Some(Pron::Gendered(_)) => PRONOUN,
                Some(Pron::Plural | Pron::Neuter) => NEUTER,
                None => 0,
            };
        }
    }

    /// Marks a document's pronouns ([`Words::mark_pronouns`]) and its
    /// person role nouns with [`ROLE_NOUN`], which [`super::refer`] reads.
    pub fn mark(&self, folded: &[&str], cues: &mut [u32]) {
        self.mark_pronouns(folded, cues);
        for hit in self.nouns.scan(folded, 0..folded.len()) {
            if hit.value.holder == Holder::Person {
                for c in cues.iter_mut().take(hit.end).skip(hit.start) {
                    *c |= ROLE_NOUN;
                }
            }
        }
    }

    /// The gender of a one-word role noun ("présidente").
    fn role_gender(&self, word: &str) -> Option<Gender> {
        let folded = fold(word);
        let parts: Vec<&str> = folded.split(' ').collect();
        self.nouns
            .longest_at(&parts, 0)
            .filter(|h| h.end == parts.len())
            .and_then(|h| h.value.gender)
    }
}

/// A tracked mention of an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    /// Byte span in the text.
    pub span: Span,
    /// Index of the entity in the record.
    pub ent: usize,
    /// First token.
    pub first: usize,
    /// One past the last token.
    pub end: usize,
    /// After a preposition or before a possessive ("de l'Otan", "Putin's
    /// adviser"): a complement, not a subject.
    pub oblique: bool,
}

/// A role noun to resolve to the person holding it.
#[derive(Debug, Clone, Copy)]
pub struct RoleQuery<'q> {
    /// The folded words of the role ("ministre", "russe").
    pub words: &'q [String],
    /// The gender the noun or its determiner marks.
    pub gender: Option<Gender>,
    /// The actor code a demonym of the phrase gives ("RUS").
    pub code: Option<&'q str>,
    /// When no one holds the role, the latest person of the gender.
    pub guess: bool,
}

/// The mentions of one document and what is known of their entities.
pub struct Tracker<'a> {
    entities: &'a [Entity],
    text: &'a str,
    toks: &'a [Span],
    /// The lowercase and folded forms of the tokens.
    lower: &'a vigie_doc::Words,
    kb: &'a KnowledgeBase,
    lang: &'a str,
    words: &'a Words,
    mentions: Vec<Mention>,
    /// First token of each sentence.
    sentences: Vec<usize>,
    /// Per mention: written in capitals only.
    capitals: Vec<bool>,
    genders: Vec<Option<Gender>>,
    /// Per entity: its actor code, when known ("RUSGOV").
    codes: Vec<Option<&'a str>>,
    /// Per entity: folded role phrases of the record, the knowledge base
    /// and the text, read only when a role noun needs them.
    roles: OnceCell<Vec<Vec<String>>>,
    /// Per organisation: its folded names, for a role noun's word; folded
    /// only when one needs them.
    names: OnceCell<Vec<String>>,
}

impl<'a> Tracker<'a> {
    /// Tracks `mentions` (sorted by start, one per first token) of the
    /// record of `doc`, whose tokens' lowercase forms are `lower`.
    pub fn new(
        doc: &'a Doc,
        kb: &'a KnowledgeBase,
        words: &'a Words,
        lower: &'a vigie_doc::Words,
        mentions: Vec<Mention>,
    ) -> Self {
        let text = doc.text();
        let capitals = mentions
            .iter()
            .map(|m| {
                let s = m.span.slice(text);
                s.chars().filter(|c| c.is_alphabetic()).count() > 3
                    && !s.chars().any(char::is_lowercase)
            })
            .collect();
        let n = doc.entities.len();
        let mut t = Tracker {
            entities: &doc.entities,
            text,
            toks: &doc.layout.tokens,
            lower,
            kb,
            lang: doc.lang.as_deref().unwrap_or(""),
            words,
            mentions,
            sentences: doc
                .layout
                .sentences
                .iter()
                .map(|s| doc.layout.tokens.partition_point(|t| t.start < s.start))
                .collect(),
            capitals,
            genders: Vec::with_capacity(n),
            codes: Vec::with_capacity(n),
            roles: OnceCell::new(),
            names: OnceCell::new(),
        };
        let toks = doc.layout.tokens.as_slice();
        for e in &doc.entities {
            let actor = kb.by_id(&e.id).map(|a| kb.actor(a));
            t.codes.push(
                e.code
                    .as_deref()
                    .or_else(|| actor.and_then(|a| a.code.as_deref())),
            );
            let gender = match e.kind {
                EntityType::Person => actor.and_then(|a| a.gender).or_else(|| {
                    e.roles
                        .iter()
                        .find_map(|r| words.role_gender(r.split_whitespace().next()?))
                        .or_else(|| {
                            e.mentions
                                .iter()
                                .find_map(|m| title_gender(words, text, toks, lower, m.span()))
                        })
                }),
                _ => None,
            };
            t.genders.push(gender);
        }
        t
    }

    fn roles(&self) -> &[Vec<String>] {
        self.roles.get_or_init(|| {
            let mut roles: Vec<Vec<String>> = self
                .entities
                .iter()
                .map(|e| {
                    if e.kind != EntityType::Person {
                        return Vec::new();
                    }
                    let from_kb = self
                        .kb
                        .by_id(&e.id)
                        .and_then(|a| self.kb.actor(a).roles.get(self.lang))
                        .into_iter()
                        .flatten();
                    e.roles.iter().chain(from_kb).map(|r| fold(r)).collect()
                })
                .collect();
            self.learn_roles(&mut roles);
            roles
        })
    }

    /// The text between token `i - 1` and token `i`.
    fn gap(&self, i: usize) -> &str {
        let start = i
            .checked_sub(1)
            .and_then(|p| self.toks.get(p))
            .map_or(0, |t| t.end);
        let end = self.toks.get(i).map_or(start, |t| t.start);
        self.text.get(start..end).unwrap_or("")
    }

    fn names(&self) -> &[String] {
        self.names.get_or_init(|| {
            self.entities
                .iter()
                .map(|e| {
                    let mut names = String::new();
                    if e.kind == EntityType::Organization {
                        names = fold(&e.canonical);
                        for m in &e.mentions {
                            names.push(' ');
                            names.push_str(&fold(&m.text));
                        }
                    }
                    names
                })
                .collect()
        })
    }

    /// The pack's words.
    pub fn words(&self) -> &'a Words {
        self.words
    }

    /// The tracked mentions, sorted by start.
    pub fn mentions(&self) -> &[Mention] {
        &self.mentions
    }

    /// The entity of mention `m`.
    pub fn entity(&self, m: usize) -> &Entity {
        &self.entities[self.mentions[m].ent]
    }

    /// The gender of entity `ent`, when known.
    pub fn gender(&self, ent: usize) -> Option<Gender> {
        self.genders.get(ent).copied().flatten()
    }

    /// The actor code of entity `ent`, when known.
    pub fn code(&self, ent: usize) -> Option<&'a str> {
        self.codes.get(ent).copied().flatten()
    }

    /// Entity `ent` is a person.
    pub fn is_person(&self, ent: usize) -> bool {
        self.entities[ent].kind == EntityType::Person
    }

    /// Entity `ent` is an organisation.
    pub fn is_org(&self, ent: usize) -> bool {
        self.entities[ent].kind == EntityType::Organization
    }

    /// Entity `ent` is a country.
    pub fn is_country(&self, ent: usize) -> bool {
        let e = &self.entities[ent];
        e.kind == EntityType::Location && e.subtype.as_deref() == Some("country")
    }

    /// Adds to each person's roles the role nouns the text sets right
    /// before one of its mentions ("le député socialiste X", "la ministre
    /// déléguée à l'Industrie X", not across a sentence or clause break) or
    /// in an apposition right after it ("X, député des Landes,"): a later
    /// "le député" stands for him.
    fn learn_roles(&self, roles: &mut [Vec<String>]) {
        let n = self.lower.len().min(self.toks.len());
        let folded: Vec<&str> = (0..n).map(|i| self.lower.folded(i)).collect();
        let mut role = vec![false; n];
        for hit in self.words.nouns.scan(&folded, 0..n) {
            if hit.value.holder == Holder::Person {
                role[hit.start..hit.end].iter_mut().for_each(|r| *r = true);
            }
        }
        let mut named = vec![false; n];
        for m in &self.mentions {
            let end = m.end.min(n);
            named[m.first.min(end)..end]
                .iter_mut()
                .for_each(|c| *c = true);
        }
        for m in self.mentions.iter().filter(|m| self.is_person(m.ent)) {
            let lo = m.first.saturating_sub(ROLE_TITLE_REACH);
            let before = (lo..m.first.min(n))
                .rev()
                .take_while(|&j| {
                    !named[j]
                        && !self
                            .gap(j + 1)
                            .contains(['.', '!', '?', '\n', ';', ':', '(', ')', '—', '–'])
                })
                .filter(|&j| role[j]);
            let after = (m.end..(m.end + 2).min(n))
                .take_while(|&j| !named[j])
                .filter(|&j| self.gap(m.end).contains(',') && role[j]);
            let found: Vec<String> = before.chain(after).map(|j| folded[j].to_owned()).collect();
            if let Some(r) = roles.get_mut(m.ent) {
                r.extend(found);
            }
        }
    }

    /// The entity holds a role with every word of `words`, each the same
    /// word or sharing its stem ("président" and "présidente").
    fn holds(&self, ent: usize, words: &[String]) -> bool {
        let alike = |w: &str, r: &str| {
            w == r
                || (r.len() >= MIN_ROLE_STEM
                    && w.len() >= MIN_ROLE_STEM
                    && (r.starts_with(w) || w.starts_with(r)))
        };
        let holds = |roles: &[String]| {
            roles
                .iter()
                .any(|r| words.iter().all(|w| r.split(' ').any(|x| alike(w, x))))
        };
        self.roles().get(ent).is_some_and(|r| holds(r))
    }

    /// The entity's actor code starts with `code` ("RUSGOV" fits "RUS").
    fn fits(&self, ent: usize, code: Option<&str>) -> bool {
        code.is_none_or(|c| self.code(ent).is_some_and(|x| x.starts_with(c)))
    }

    /// An entity of the demonym's country, or one whose code the record
    /// does not know.
    fn may_fit(&self, ent: usize, code: Option<&str>) -> bool {
        self.code(ent).is_none() || self.fits(ent, code)
    }

    /// The most recent mention before token `tok` whose entity `fits` and
    /// whose gender agrees, preferring one not after a preposition: the
    /// mention's index.
    pub fn antecedent_mention(
        &self,
        tok: usize,
        fits: impl Fn(usize) -> bool,
        gender: Option<Gender>,
    ) -> Option<usize> {
        let end = self.mentions.partition_point(|m| m.first < tok);
        let mut any = None;
        for k in (end.saturating_sub(REACH)..end).rev() {
            if !self.fits_at(k, &fits, gender) {
                continue;
            }
            if !self.mentions[k].oblique {
                return Some(k);
            }
            any.get_or_insert(k);
        }
        any
    }

    /// Mention `k`'s entity fits, its gender agrees with `gender` when
    /// both are known, and it is no name in capitals only.
    fn fits_at(&self, k: usize, fits: impl Fn(usize) -> bool, gender: Option<Gender>) -> bool {
        let at = self.mentions[k];
        let agrees = match (gender, self.gender(at.ent)) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        };
        fits(at.ent) && agrees && !self.capitals[k]
    }

    /// Of the fitting mentions of the sentence holding mention `k`, the
    /// first not after a preposition: the sentence's subject before its
    /// objects ("Biden said Putin … He added": Biden).
    fn first_fitting_in_sentence(
        &self,
        k: usize,
        fits: impl Fn(usize) -> bool,
        gender: Option<Gender>,
    ) -> usize {
        let first = self.mentions[k].first;
        let start = self.sentences[..self.sentences.partition_point(|&s| s <= first)]
            .last()
            .copied()
            .unwrap_or(0);
        let from = self
            .mentions
            .partition_point(|m| m.first < start)
            .max(k.saturating_sub(REACH));
        (from..k)
            .find(|&j| !self.mentions[j].oblique && self.fits_at(j, &fits, gender))
            .unwrap_or(k)
    }

    /// [`Tracker::antecedent_mention`] as the entity and the mention's span.
    pub fn antecedent(
        &self,
        tok: usize,
        fits: impl Fn(usize) -> bool,
        gender: Option<Gender>,
    ) -> Option<(usize, Span)> {
        self.antecedent_mention(tok, fits, gender)
            .map(|k| (self.mentions[k].ent, self.mentions[k].span))
    }

    /// What the subject pronoun at token `tok` stands for, its sentence
    /// opening at `start`: a person's pronoun the subject opening the
    /// sentence when one agrees ("La Russie … qu'elle réclame"), else the
    /// first person of its gender, no complement, in the latest sentence
    /// naming one (a subject before an object); "it" the most recent organisation
    /// or state. A plural stands for no one entity.
    pub fn pronoun(&self, tok: usize, start: usize, pron: Pron) -> Option<usize> {
        match pron {
            Pron::Plural => None,
            Pron::Neuter => {
                self.antecedent_mention(tok, |e| self.is_org(e) || self.is_country(e), None)
            }
            Pron::Gendered(g) => self.sentence_subject(start, tok, g).or_else(|| {
                let person = |e: usize| self.is_person(e);
                let k = self.antecedent_mention(tok, person, Some(g))?;
                Some(self.first_fitting_in_sentence(k, person, Some(g)))
            }),
        }
    }

    /// The person a role noun before token `tok` stands for: the latest
    /// one whose roles hold every word of the query and whose code fits
    /// its demonym, else (when the query guesses) the latest person of the
    /// gender whose code fits.
    pub fn person_in_role(&self, tok: usize, q: RoleQuery) -> Option<usize> {
        let described =
            |e: usize| self.is_person(e) && self.fits(e, q.code) && self.holds(e, q.words);
        self.antecedent_mention(tok, described, q.gender)
            .or_else(|| {
                q.guess.then(|| {
                    let person = |e: usize| self.is_person(e) && self.fits(e, q.code);
                    self.antecedent_mention(tok, person, q.gender)
                })?
            })
    }

    /// The first person in mentions `from..to` who holds the role of the
    /// query: one named after the verb a role noun is the subject of.
    pub fn holder_in(&self, from: usize, to: usize, q: RoleQuery) -> Option<usize> {
        let k = self.mentions.partition_point(|m| m.first < from);
        (k..self.mentions.len().min(k + REACH))
            .take_while(|&j| self.mentions[j].first < to)
            .find(|&j| {
                let e = self.mentions[j].ent;
                self.is_person(e) && self.fits(e, q.code) && self.holds(e, q.words)
            })
    }

    /// Mention `k` as a token range.
    pub fn mref(&self, k: usize) -> MRef {
        let m = self.mentions[k];
        MRef {
            start: m.first,
            end: m.end,
            ent: m.ent,
        }
    }

    /// The last `n` persons named before token `tok`, latest first ("les
    /// deux dirigeants"): one mention of each.
    pub fn last_persons(&self, tok: usize, n: usize) -> Vec<usize> {
        let end = self.mentions.partition_point(|m| m.first < tok);
        let mut out: Vec<usize> = Vec::with_capacity(n);
        for k in (end.saturating_sub(REACH)..end).rev() {
            let e = self.mentions[k].ent;
            if self.is_person(e) && !out.iter().any(|&j| self.mentions[j].ent == e) {
                out.push(k);
                if out.len() == n {
                    break;
                }
            }
        }
        out
    }

    /// The organisation a common noun before token `tok` stands for ("le
    /// syndicat", "the ministry"): the latest whose names hold `word`
    /// (folded) when one does, else the latest organisation; either of the
    /// demonym's country (`code`) or of none known.
    pub fn body(&self, tok: usize, word: Option<&str>, code: Option<&str>) -> Option<usize> {
        let org = |e: usize| self.is_org(e) && self.may_fit(e, code);
        word.and_then(|w| {
            self.antecedent_mention(tok, |e| org(e) && self.names()[e].contains(w), None)
        })
        .or_else(|| self.antecedent_mention(tok, org, None))
    }

    /// The state a government noun before token `tok` stands for
    /// ("l'exécutif"): the latest country of the demonym (`code`) or of
    /// none known.
    pub fn state(&self, tok: usize, code: Option<&str>) -> Option<usize> {
        self.antecedent_mention(tok, |e| self.is_country(e) && self.may_fit(e, code), None)
    }

    /// The subject of the sentence opening at token `start`, before the
    /// pronoun at `tok` ("La Russie … qu'elle réclame"): the first mention
    /// not after a preposition, when it is no person of another gender.
    pub fn sentence_subject(&self, start: usize, tok: usize, gender: Gender) -> Option<usize> {
        let from = self.mentions.partition_point(|m| m.first < start);
        let k = from
            + self.mentions[from..]
                .iter()
                .take_while(|m| m.first < tok)
                .position(|m| !m.oblique)?;
        let m = self.mentions[k];
        (!self.is_person(m.ent) || self.gender(m.ent).is_none_or(|h| h == gender)).then_some(k)
    }
}

/// The record's mentions as the tracker follows them, as the quotes stage
/// does: outside quotations (what a speaker names is no antecedent of the
/// narration), a name after a preposition or "de", or before an English
/// genitive, being a complement.
pub fn tracked(v: &View) -> Vec<Mention> {
    v.mentions
        .iter()
        .filter(|m| v.in_quote(v.toks[m.start].start).is_none())
        .map(|m| {
            let after = !v.gap(m.start).contains([',', ';', ':', '.'])
                && v.flags_before(*m, 0) & (OBLIQUE | GENITIVE | AGENT | BETWEEN) != 0;
            let possessor = v.has(m.end, POSS) && v.gap(m.end).contains(['\'', '’']);
            Mention {
                span: Span::new(v.toks[m.start].start, v.toks[m.end - 1].end),
                ent: m.ent,
                first: m.start,
                end: m.end,
                oblique: after || possessor,
            }
        })
        .collect()
}

/// The gender a title gives a mention ("Mme Roche", "Mr Dion"): a
/// capitalised title of the pack written right before it or as its first
/// word.
fn title_gender(
    words: &Words,
    text: &str,
    toks: &[Span],
    lower: &vigie_doc::Words,
    m: Span,
) -> Option<Gender> {
    let first = toks.partition_point(|s| s.start < m.start);
    let title_at = |i: usize| {
        let word = toks.get(i)?.slice(text);
        if !crate::text::is_capitalized(word) || i >= lower.len() {
            return None;
        }
        words.title(lower.lower(i))
    };
    let inside = toks
        .get(first)
        .filter(|s| s.end < m.end)
        .and_then(|_| title_at(first));
    inside.or_else(|| first.checked_sub(1).and_then(title_at))
}

#[cfg(test)]
mod tests;

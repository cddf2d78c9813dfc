//! References: what stands for an entity of the record when a clause names
//! none. A subject may be a role noun ("le ministre russe a exigé", "the
//! two leaders agreed"), a pronoun ("il a exigé", "it said"), a first-person
//! word inside a quotation ("« Nous appelons… »": its speaker), or the
//! subject shared with the clause a coordinated verb follows ("Keir Starmer
//! said … and accused"). Each is resolved to whole entities of the record
//! through their mentions and the roles the record and the knowledge base
//! give them. The words are the role nouns of `role_nouns.tsv` (a person's
//! role, an organisation's kind, a state's government: "ministre",
//! "le groupe", "the company", "l'exécutif"), shared with the quotes stage,
//! and `pair`, `pronoun`, `neuter_pronoun` and `first_person` of
//! `clause_words.tsv`.
//!
//! A resolved party is an [`MRef`] whose tokens are those of the words
//! standing for it (the role noun), so that an event's evidence spans them.

use vigie_doc::{Doc, EntityType};
use vigie_kb::{KnowledgeBase, fold};

use super::role::*;
use super::{Clause, Lexicon, MRef, Stand, View};
use crate::{LangPack, Result};

/// The pack file of role nouns.
pub const ROLE_NOUNS: &str = "role_nouns.tsv";

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

/// One language's role nouns, compiled.
#[derive(Debug, Clone, Default)]
pub struct RoleNouns {
    words: Lexicon<Holder>,
}

impl RoleNouns {
    /// Compiles `role_nouns.tsv`: noun, what it stands for (person, org,
    /// state), gender, and for org an optional word of the organisation's name.
    pub fn new(pack: &LangPack) -> Result<Self> {
        let mut words = Lexicon::default();
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
            words
                .add(cols[0], holder)
                .map_err(|e| pack.error(ROLE_NOUNS, n, e))?;
        }
        Ok(RoleNouns { words })
    }

    /// Marks the person role nouns of a document with [`ROLE_NOUN`].
    pub fn mark(&self, folded: &[&str], cues: &mut [u32]) {
        for hit in self.words.scan(folded, 0..folded.len()) {
            if *hit.value == Holder::Person {
                for c in cues.iter_mut().take(hit.end).skip(hit.start) {
                    *c |= ROLE_NOUN;
                }
            }
        }
    }

    /// The role noun ending at token `end - 1`, if any, with its first token.
    fn ending_at(&self, folded: &[&str], end: usize) -> Option<(usize, &Holder)> {
        (end.saturating_sub(3)..end).find_map(|i| {
            self.words
                .longest_at(&folded[..end], i)
                .filter(|h| h.end == end)
                .map(|h| (h.start, h.value))
        })
    }
}

/// Most tokens between a role noun and its verb ("l'ambassadeur des
/// Etats-Unis en Russie s'est rendu").
const ROLE_REACH: usize = 8;
/// How far back (in tokens) a role noun looks for a person holding the role.
const ROLE_WINDOW: usize = 400;
/// How far back (in tokens) a pronoun, or a role noun whose holder the
/// record does not name, looks for the entity it stands for.
const PRONOUN_WINDOW: usize = 80;
/// How far before a person's name a role noun gives him that role, in
/// tokens ("la ministre déléguée à l'Industrie Agnès Pannier-Runacher").
const ROLE_TITLE_REACH: usize = 6;

/// What the record says of each entity, beyond its mentions: the folded
/// role phrases of persons (from the text and the knowledge base) and the
/// actor codes ("RUS", "RUSGOV").
#[derive(Debug, Clone)]
pub struct Referents<'a> {
    /// Per entity: folded role phrases ("ministre russe des affaires etrangeres").
    pub roles: Vec<Vec<String>>,
    /// Per entity: its actor code, when known.
    pub codes: Vec<Option<String>>,
    /// Per entity: an organisation, a country, and its folded names.
    orgs: Vec<bool>,
    countries: Vec<bool>,
    names: Vec<String>,
    /// The pack's role nouns.
    nouns: &'a RoleNouns,
}

impl<'a> Referents<'a> {
    /// Reads the roles and codes of the record's entities, completed by
    /// the knowledge base in the document's language.
    pub fn new(doc: &Doc, kb: &KnowledgeBase, nouns: &'a RoleNouns) -> Self {
        let lang = doc.lang.as_deref().unwrap_or("");
        let mut out = Referents {
            roles: Vec::new(),
            codes: Vec::new(),
            orgs: Vec::new(),
            countries: Vec::new(),
            names: Vec::new(),
            nouns,
        };
        for e in &doc.entities {
            out.orgs.push(e.kind == EntityType::Organization);
            out.countries
                .push(e.kind == EntityType::Location && e.subtype.as_deref() == Some("country"));
            // Only an organisation's names are read (for a role noun's word).
            let mut names = String::new();
            if e.kind == EntityType::Organization {
                names = fold(&e.canonical);
                for m in &e.mentions {
                    names.push(' ');
                    names.push_str(&fold(&m.text));
                }
            }
            out.names.push(names);
            let actor = kb.by_id(&e.id).map(|a| kb.actor(a));
            out.codes.push(
                e.code
                    .clone()
                    .or_else(|| actor.and_then(|a| a.code.clone())),
            );
            let mut roles: Vec<String> = Vec::new();
            if e.kind == EntityType::Person {
                roles.extend(e.roles.iter().map(|x| fold(x)));
                if let Some(a) = actor {
                    roles.extend(a.roles.get(lang).into_iter().flatten().map(|x| fold(x)));
                }
            }
            out.roles.push(roles);
        }
        out
    }

    /// Adds to each person's roles the role nouns the text sets right
    /// before one of its mentions ("le député socialiste X", "la ministre
    /// déléguée à l'Industrie X") or in an apposition right after it ("X,
    /// député des Landes,"): a later "le député" stands for him.
    pub fn learn_roles(&mut self, v: &View) {
        for m in &v.mentions {
            if !v.persons[m.ent] {
                continue;
            }
            let lo = m.start.saturating_sub(ROLE_TITLE_REACH);
            let before = (lo..m.start)
                .rev()
                .take_while(|&j| {
                    !v.in_mention(j)
                        && !v.breaks_before(j + 1)
                        && !v.gap(j + 1).contains(['.', '!', '?', '\n'])
                })
                .filter(|&j| v.has(j, ROLE_NOUN));
            let after = (m.end..(m.end + 2).min(v.toks.len()))
                .take_while(|&j| !v.in_mention(j))
                .filter(|&j| v.gap(m.end).contains(',') && v.has(j, ROLE_NOUN));
            let found: Vec<String> = before
                .chain(after)
                .map(|j| v.folded[j].to_owned())
                .collect();
            if let Some(roles) = self.roles.get_mut(m.ent) {
                roles.extend(found);
            }
        }
    }

    /// The entity holds a role whose words share a stem with `word`.
    fn holds(&self, ent: usize, word: &str) -> bool {
        self.roles.get(ent).is_some_and(|roles| {
            roles
                .iter()
                .flat_map(|x| x.split(' '))
                .any(|w| w.len() >= 4 && (w.starts_with(word) || word.starts_with(w)))
        })
    }

    /// An organisation or state of the demonym's country, or one whose
    /// code the record does not know.
    fn may_fit(&self, ent: usize, code: Option<&str>) -> bool {
        self.codes.get(ent).is_some_and(Option::is_none) || self.fits(ent, code)
    }

    /// The entity's actor code starts with `code` ("RUSGOV" fits "RUS").
    fn fits(&self, ent: usize, code: Option<&str>) -> bool {
        match code {
            Some(c) => self
                .codes
                .get(ent)
                .and_then(Option::as_deref)
                .is_some_and(|x| x.starts_with(c)),
            None => true,
        }
    }
}

/// The state whose leader, government or army an actor is, by CAMEO actor
/// codes ("RUSGOV" belongs to "RUS"): a state is no counterpart of its own
/// leader's act ("Putin warned anyone interfering with Russia").
pub fn own_state(actor: Option<&str>, target: Option<&str>) -> bool {
    match (actor, target) {
        (Some(a), Some(t)) => t.len() == 3 && a.len() > 3 && a.starts_with(t),
        _ => false,
    }
}

/// The subject of a clause as whole entities: the names standing there;
/// for a verb after "et"/"and", the subject of the sentence's main clause;
/// else the person a role noun stands for, a name after "de" heading the
/// subject, or what a pronoun stands for. `state` gives the actor code of
/// a demonym between two tokens ("le ministre russe": "RUS"), which the
/// holder of a role noun must fit.
pub fn subject(
    v: &View,
    refs: &Referents,
    c: &Clause,
    floor: usize,
    state: &dyn Fn(usize, usize) -> Option<String>,
) -> Vec<MRef> {
    if c.coordinated
        && let Some(main) = main_subject(v, floor, c.group)
    {
        return main;
    }
    if c.stand == Stand::Name {
        return c.subject.clone();
    }
    // "le président déchu, qui a annoncé": a subject relative whose
    // antecedent is a role noun stands for what the noun stands for.
    if c.group > floor && v.has(c.group - 1, SUBJ_REL) {
        let rel = c.group - 1;
        return role_noun(v, refs, rel.saturating_sub(ROLE_REACH), rel, false, state);
    }
    let role = role_noun(v, refs, c.lo, c.group, c.genitive.is_some(), state);
    if !role.is_empty() {
        return role;
    }
    if let Some(m) = c.genitive {
        return vec![m];
    }
    if let Stand::Pronoun { near, neuter } = c.stand {
        return pronoun(v, c.lo, floor, near, neuter).into_iter().collect();
    }
    Vec::new()
}

/// "Keir Starmer said Mr Johnson was unfit and accused Tory MPs": a verb
/// after "and" shares the subject of the sentence's main clause, its first
/// acting name (not after a preposition, not a place), with the names
/// coordinated to it.
pub fn main_subject(v: &View, floor: usize, group: usize) -> Option<Vec<MRef>> {
    let k = v.mentions.partition_point(|m| m.start < floor);
    let m = v.mentions[k..]
        .iter()
        .take_while(|m| m.end <= group)
        .find(|m| {
            !v.places[m.ent]
                && v.flags_before(**m, floor) & (OBLIQUE | GENITIVE | AGENT | BETWEEN) == 0
        })?;
    Some(v.coordinated_after(*m, group))
}

/// What a subject pronoun before token `lo` stands for: in a subordinate
/// clause (`near`: "les garanties qu'elle réclame", "Microsoft said that it
/// is buying") the acting name just before; otherwise the last person, or
/// for a neuter or plural pronoun ("it", "ils") the last organisation or
/// state, within a fixed window.
pub fn pronoun(v: &View, lo: usize, floor: usize, near: bool, neuter: bool) -> Option<MRef> {
    let k = v.mentions.partition_point(|m| m.start < lo);
    if near
        && let Some(m) = v.mentions[..k]
            .iter()
            .rev()
            .find(|m| m.start >= floor && !v.places[m.ent])
    {
        return Some(*m);
    }
    let before = if neuter { lo } else { floor };
    let k = v.mentions.partition_point(|m| m.start < before);
    v.mentions[..k]
        .iter()
        .rev()
        .take_while(|m| before - m.start <= PRONOUN_WINDOW)
        .find(|m| match neuter {
            true => !v.persons[m.ent] && !v.places[m.ent],
            false => v.persons[m.ent],
        })
        .copied()
}

/// The entity a role noun heading the subject between `lo` and the verb
/// stands for. A person's role ("le ministre russe a exigé", "the Russian
/// foreign minister said"): a person whose roles hold the noun, before the
/// verb then after it, else the last person named, whose actor code must
/// fit a demonym of the phrase, unless `strict` (a name after the noun
/// could head the subject instead); "les deux dirigeants", "the two
/// leaders": the two persons last named. An organisation's kind ("le
/// groupe japonais", "the company"): the last organisation named (whose
/// name holds the noun's word, when the data gives one). A state's
/// government ("l'exécutif"): the last country named.
pub fn role_noun(
    v: &View,
    refs: &Referents,
    lo: usize,
    verb: usize,
    strict: bool,
    state: &dyn Fn(usize, usize) -> Option<String>,
) -> Vec<MRef> {
    let lo = lo.max(verb.saturating_sub(ROLE_REACH));
    // The role noun heading the subject: the last one before the verb that
    // completes no other ("les dirigeants de ces deux pays": "dirigeants").
    let mut e = verb;
    let (r0, r1, holder, d) = loop {
        if e <= lo {
            return Vec::new();
        }
        let found = refs
            .nouns
            .ending_at(&v.folded, e)
            .filter(|(s, _)| *s >= lo)
            .or_else(|| v.has(e - 1, ROLE_NOUN).then_some((e - 1, &Holder::Person)));
        let Some((r0, holder)) = found else {
            e -= 1;
            continue;
        };
        let head = (r0.saturating_sub(4).max(lo)..r0)
            .rev()
            .find(|&j| v.has(j, DET | PAIR) || v.breaks_before(j))
            .or((r0 == lo).then_some(r0));
        let completes = (r0.saturating_sub(4).max(lo)..r0).any(|j| v.has(j, GENITIVE));
        match head {
            Some(_) if completes => e = r0,
            Some(d) => break (r0, e, holder, d),
            None => return Vec::new(),
        }
    };
    if (r1..verb).any(|j| v.gap(j).contains(',')) {
        return Vec::new();
    }
    if (d..r0).any(|j| v.mention_starting(j).is_some()) {
        return Vec::new();
    }
    let stand = |m: &MRef| MRef {
        start: r0,
        end: r1,
        ent: m.ent,
    };
    let k = v.mentions.partition_point(|m| m.start < d);
    let before = v.mentions[..k]
        .iter()
        .rev()
        .take_while(|m| d - m.start <= ROLE_WINDOW);
    let code = state(d, verb);
    let code = code.as_deref();
    match holder {
        Holder::Org(_) | Holder::State if strict => Vec::new(),
        Holder::Org(word) => before
            .clone()
            .find(|m| {
                refs.orgs[m.ent]
                    && refs.may_fit(m.ent, code)
                    && word
                        .as_ref()
                        .is_none_or(|w| refs.names[m.ent].contains(w.as_str()))
            })
            .map(|m| vec![stand(m)])
            .unwrap_or_default(),
        Holder::State => before
            .clone()
            .find(|m| refs.countries[m.ent] && refs.may_fit(m.ent, code))
            .map(|m| vec![stand(m)])
            .unwrap_or_default(),
        Holder::Person => {
            let mut persons = before.filter(|m| v.persons[m.ent]);
            if (d..r0).any(|j| v.has(j, PAIR)) {
                let mut two: Vec<MRef> = Vec::new();
                for m in persons {
                    if !two.iter().any(|t| t.ent == m.ent) {
                        two.push(stand(m));
                    }
                    if two.len() == 2 {
                        two.reverse();
                        return two;
                    }
                }
                return Vec::new();
            }
            let word = v.folded[r1 - 1];
            let after = v.mentions[k..]
                .iter()
                .filter(|m| m.start >= verb && v.persons[m.ent]);
            persons
                .clone()
                .chain(after)
                .find(|m| refs.holds(m.ent, word) && refs.fits(m.ent, code))
                .or_else(|| {
                    persons.find(|m| {
                        !strict && d - m.start <= PRONOUN_WINDOW && refs.fits(m.ent, code)
                    })
                })
                .map(|m| vec![stand(m)])
                .unwrap_or_default()
        }
    }
}

/// Inside a quotation, the speaker speaking of himself: a first-person word
/// between the start of the quotation's sentence (`from`) and the verb at
/// `verb`, not inside a relative clause of the quotation ("ceux qui aident"),
/// no name before the verb, and the quotation's speaker known. Anything
/// else a quotation holds is what the speaker says of others.
pub fn first_person_speaker(v: &View, from: usize, verb: usize) -> Option<usize> {
    let at = v.toks.get(verb)?.start;
    let speaker = v.in_quote(at)?.speaker?;
    let first_person = (from..verb)
        .rev()
        .take_while(|&i| !v.has(i, REL))
        .any(|i| v.has(i, FIRST_PERSON));
    let named = v.mentions.iter().any(|m| m.start >= from && m.end <= verb);
    (first_person && !named).then_some(speaker)
}

/// The subject of the clause a fronted phrase opens ("Mardi, lors d'une
/// conversation avec X, le président Y a réitéré…", "After talks with X,
/// Y said"): when no name or pronoun stands between the clause start
/// `floor` and the noun at `noun`, the first acting name after the comma
/// closing the phrase (not after a preposition, not a place).
pub fn fronted_subject(v: &View, floor: usize, noun: usize, s1: usize) -> Option<Vec<MRef>> {
    if (floor..noun).any(|j| v.mention_starting(j).is_some() || v.has(j, PRONOUN)) {
        return None;
    }
    let comma = (noun + 1..s1).find(|&j| v.gap(j).contains(',') || v.breaks_before(j))?;
    if v.breaks_before(comma) {
        return None;
    }
    let k = v.mentions.partition_point(|m| m.start < comma);
    let m = v.mentions[k..]
        .iter()
        .take_while(|m| m.end <= s1)
        .find(|m| {
            !v.places[m.ent]
                && v.flags_before(**m, comma) & (OBLIQUE | GENITIVE | AGENT | BETWEEN) == 0
        })?;
    Some(v.coordinated_after(*m, s1))
}

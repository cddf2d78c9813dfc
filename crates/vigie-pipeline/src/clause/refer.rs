//! References: what stands in a clause's subject when it names no entity.
//! A subject may be a role noun ("le ministre russe a exigé", "the two
//! leaders agreed"), a pronoun ("il a exigé", "it said"), a first-person
//! word inside a quotation ("« Nous appelons… »": its speaker), or the
//! subject shared with the clause a coordinated verb follows ("Keir Starmer
//! said … and accused"). This module reads where such a word stands in the
//! clause; the entity it stands for is the mention tracker's answer
//! ([`super::coref::Tracker`]), the one resolver the quotes stage asks too.
//! The words are the role nouns of `role_nouns.tsv` (a person's role, an
//! organisation's kind, a state's government), the pronouns of
//! `pronouns.tsv`, and `pair`, `role_noun` and
//! `first_person` of `clause_words.tsv`.
//!
//! A resolved party is an [`MRef`] whose tokens are those of the words
//! standing for it (the role noun), so that an event's evidence spans them.

use super::coref::{Holder, Pron, RoleNoun, RoleQuery, Tracker};
use super::role::*;
use super::{Clause, MRef, Stand, View};

/// Most tokens between a role noun and its verb ("l'ambassadeur des
/// Etats-Unis en Russie s'est rendu").
const ROLE_REACH: usize = 8;

/// A plural role noun of `clause_words.tsv` ("ministres"): a person's role.
static PLURAL_ROLE: RoleNoun = RoleNoun {
    holder: Holder::Person,
    gender: None,
};

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
/// else what a role noun stands for, a name after "de" heading the
/// subject, or what a pronoun stands for. `state` gives the actor code of
/// a demonym between two tokens ("le ministre russe": "RUS"), which the
/// holder of a role noun must fit.
pub fn subject(
    v: &View,
    track: &Tracker,
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
        return role_noun(v, track, rel.saturating_sub(ROLE_REACH), rel, false, state);
    }
    let role = role_noun(v, track, c.lo, c.group, c.genitive.is_some(), state);
    if !role.is_empty() {
        return role;
    }
    if let Some(m) = c.genitive {
        return vec![m];
    }
    if let Stand::Pronoun { at, near, neuter } = c.stand {
        return pronoun(v, track, at, floor, near, neuter)
            .into_iter()
            .collect();
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

/// What the subject pronoun at token `at` stands for: in a subordinate
/// clause (`near`: "les garanties qu'elle réclame", "Microsoft said that it
/// is buying") the acting name just before; otherwise the tracker's
/// antecedent, a neuter or plural pronoun ("it", "ils") standing for an
/// organisation or a state.
pub fn pronoun(
    v: &View,
    track: &Tracker,
    at: usize,
    floor: usize,
    near: bool,
    neuter: bool,
) -> Option<MRef> {
    let k = v.mentions.partition_point(|m| m.start < at);
    if near
        && let Some(m) = v.mentions[..k]
            .iter()
            .rev()
            .find(|m| m.start >= floor && !v.places[m.ent])
    {
        return Some(*m);
    }
    let pron = match track.words().pronoun(v.folded.get(at)?) {
        _ if neuter => Pron::Neuter,
        Some(p) => p,
        None => {
            return track
                .antecedent_mention(at, |e| track.is_person(e), None)
                .map(|k| track.mref(k));
        }
    };
    track.pronoun(at, floor, pron).map(|k| track.mref(k))
}

/// The entity a role noun heading the subject between `lo` and the verb
/// stands for ([`Tracker`]): a person's role ("le ministre russe a exigé",
/// "the Russian foreign minister said") the person holding it, named
/// before the verb then after it, else the last person named whose actor
/// code fits a demonym of the phrase, unless `strict` (a name after the
/// noun could head the subject instead); "les deux dirigeants", "the two
/// leaders": the two persons last named. An organisation's kind ("le
/// groupe japonais", "the company"): the last organisation named,
/// preferring one whose name holds the noun's word. A state's
/// government ("l'exécutif"): the last country named.
pub fn role_noun(
    v: &View,
    track: &Tracker,
    lo: usize,
    verb: usize,
    strict: bool,
    state: &dyn Fn(usize, usize) -> Option<String>,
) -> Vec<MRef> {
    let lo = lo.max(verb.saturating_sub(ROLE_REACH));
    // The role noun heading the subject: the last one before the verb that
    // completes no other ("les dirigeants de ces deux pays": "dirigeants").
    let mut e = verb;
    let (r0, r1, noun, d) = loop {
        if e <= lo {
            return Vec::new();
        }
        let found = track
            .words()
            .role_ending_at(&v.folded, e)
            .filter(|(s, _)| *s >= lo)
            .or_else(|| v.has(e - 1, ROLE_NOUN).then_some((e - 1, &PLURAL_ROLE)));
        let Some((r0, noun)) = found else {
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
            Some(d) => break (r0, e, noun, d),
            None => return Vec::new(),
        }
    };
    if (r1..verb).any(|j| v.gap(j).contains(',')) {
        return Vec::new();
    }
    if (d..r0).any(|j| v.mention_starting(j).is_some()) {
        return Vec::new();
    }
    let stand = |k: usize| MRef {
        start: r0,
        end: r1,
        ent: track.mentions()[k].ent,
    };
    let code = state(d, verb);
    let code = code.as_deref();
    let found = match &noun.holder {
        Holder::Org(_) | Holder::State if strict => None,
        Holder::Org(word) => track.body(d, word.as_deref(), code),
        Holder::State => track.state(d, code),
        Holder::Person if (d..r0).any(|j| v.has(j, PAIR)) => {
            let two = track.last_persons(d, 2);
            return match two.len() {
                2 => two.into_iter().rev().map(stand).collect(),
                _ => Vec::new(),
            };
        }
        Holder::Person => {
            let words = [v.folded[r1 - 1].to_owned()];
            let q = RoleQuery {
                words: &words,
                gender: noun.gender,
                code,
                guess: false,
            };
            track
                .person_in_role(d, q)
                .or_else(|| track.holder_in(verb, usize::MAX, q))
                .or_else(|| {
                    let guess = RoleQuery {
                        guess: !strict,
                        ..q
                    };
                    track.person_in_role(d, guess)
                })
        }
    };
    found.map(stand).into_iter().collect()
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

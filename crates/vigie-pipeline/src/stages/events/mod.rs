//! `events`: who did what to whom, coded CAMEO-style.
//!
//! Each sentence is scanned for triggers (`lang/<code>/event_triggers.tsv`):
//! verbs and nouns that state an act ("exiger", "mis en garde", "talks",
//! "sanctions"), each with its action and CAMEO code. Every trigger is coded
//! from its clause (`crate::clause`): negation and modality cancel it (or
//! make a conditional act a threat where the data says so), a passive names
//! its actor in its agent, a verb's actor is its subject as whole entities
//! (names, or what a role noun, a pronoun or a first-person word inside a
//! quotation stands for: `clause::refer` reads where it stands, the mention
//! tracker `clause::coref` that resolves speakers too says what it stands
//! for), a noun's actor is its agent, its
//! "de X", an English genitive, a demonym ("la demande russe"), or the
//! subject of the verb it is the object of, and a reciprocal noun's parties
//! are the two sides of "entre X et Y" (`clause::reciprocal`). The target is
//! the first acting name after the trigger, never the actor's own state.
//! Coordinated names give one event each.
//!
//! The action's CAMEO root, Goldstein value and quad class come from the
//! language-independent table `data/cameo.tsv`. Actor codes come from the
//! knowledge base. A document gets at most [`MAX_PER_DOC`] events, each
//! (actor, action, target) once, so a headline echoing the body is not
//! counted twice.

mod cameo;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::Arc;

use vigie_doc::{Action, Block, Doc, Entity, Event, Span};
use vigie_kb::{ActorId, KnowledgeBase, fold};

use crate::clause::coref::{self, Tracker};
use crate::clause::refer;
use crate::clause::{self, Grammar, Hit, Lexicon, MRef, Quoted, View, reciprocal};
use crate::{Facet, LangPack, Resources, Result, Stage};
use cameo::Coding;

/// Most events kept per document (dev corpus convention 18).
pub const MAX_PER_DOC: usize = 8;
/// Most events kept per sentence.
const MAX_PER_SENTENCE: usize = 4;
/// How far around a trigger a conditional word counts, in tokens.
const HYPOTHETICAL_WINDOW: usize = 8;
/// How far after a trigger its target may lie, in tokens.
const TARGET_WINDOW: usize = 12;
/// Longest quotation looked for when the quotes stage did not run, in bytes.
const MAX_QUOTE: usize = 1500;
/// A trigger this close after another (in tokens) is its complement
/// ("a appelé à des négociations", "refused to agree"), not an act of its own.
const GOVERNED_GAP: usize = 4;
/// Most tokens between a noun trigger and the subject of its verb.
const NOUN_SUBJECT_WINDOW: usize = 8;
use crate::clause::role::*;

/// What a trigger codes.
#[derive(Debug, Clone)]
struct Trigger {
    /// None for phrases that contain a trigger word but state no act.
    action: Option<Action>,
    noun: bool,
    /// Role of a genitive complement right after a noun.
    of: Option<Role>,
    hypo_threaten: bool,
    no_target: bool,
    /// The act this verb states when its complement is a meeting ("invite
    /// X à des pourparlers" proposes talks).
    meeting: Option<Action>,
    /// The CAMEO code the data gives the word ("036"), finer than the
    /// action's root.
    cameo: Option<String>,
    /// A participle that states the act only with an auxiliary in its verb
    /// group ("a précisé", "a-t-il précisé", "ont également précisé"), not
    /// as an adjective ("comme précisé").
    needs_aux: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Actor,
    Target,
}

/// A demonym of the knowledge base and the actor it stands for.
#[derive(Debug, Clone)]
struct Demonym {
    actor: ActorId,
    capitalized: bool,
    all_caps: bool,
}

/// One language's compiled data.
struct Rules {
    triggers: Lexicon<Trigger>,
    grammar: Grammar,
    /// Role nouns, pronouns and titles, for the mention tracker.
    words: coref::Words,
    demonyms: HashMap<String, Demonym>,
}

/// The events stage.
pub struct Events {
    kb: Arc<KnowledgeBase>,
    coding: HashMap<Action, Coding>,
    rules: HashMap<String, Rules>,
}

const TRIGGERS: &str = "event_triggers.tsv";

impl Events {
    /// Builds the stage from each pack's `event_triggers.tsv`,
    /// `clause_words.tsv`, `role_nouns.tsv`, `pronouns.tsv` and
    /// `person_titles.tsv`, the knowledge base's
    /// demonyms and the CAMEO table.
    pub fn new(res: &Resources) -> Result<Self> {
        let coding = cameo::table()?;
        let mut rules = HashMap::default();
        for pack in res.packs.iter() {
            if !pack.has(TRIGGERS) {
                continue;
            }
            rules.insert(pack.code().to_owned(), compile(pack, &res.kb)?);
        }
        Ok(Events {
            kb: Arc::clone(&res.kb),
            coding,
            rules,
        })
    }
}

fn compile(pack: &LangPack, kb: &KnowledgeBase) -> Result<Rules> {
    let mut triggers = Lexicon::default();
    for (n, line) in pack.numbered_lines(TRIGGERS) {
        let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
        if cols.len() < 3 {
            return Err(pack.error(TRIGGERS, n, "expected pattern, action and kind"));
        }
        let action = match cols[1] {
            "-" => None,
            a => Some(
                cameo::parse_action(a)
                    .ok_or_else(|| pack.error(TRIGGERS, n, format!("unknown action {a:?}")))?,
            ),
        };
        let noun = match cols[2] {
            "noun" => true,
            "verb" => false,
            k => return Err(pack.error(TRIGGERS, n, format!("unknown kind {k:?}"))),
        };
        let mut trigger = Trigger {
            action,
            noun,
            of: None,
            hypo_threaten: false,
            no_target: false,
            meeting: None,
            cameo: None,
            needs_aux: false,
        };
        for opt in cols.get(3).into_iter().flat_map(|o| o.split(',')) {
            match opt.trim() {
                "" => {}
                "of=actor" => trigger.of = Some(Role::Actor),
                "of=target" => trigger.of = Some(Role::Target),
                "hypo=threaten" => trigger.hypo_threaten = true,
                "notarget" => trigger.no_target = true,
                "aux" => trigger.needs_aux = true,
                o if o.starts_with("cameo=") => {
                    let code = o.get("cameo=".len()..).unwrap_or_default();
                    if !(2..=4).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_digit()) {
                        return Err(pack.error(TRIGGERS, n, format!("bad CAMEO code {code:?}")));
                    }
                    trigger.cameo = Some(code.to_owned());
                }
                o if o.starts_with("meeting=") => {
                    let a = o.get("meeting=".len()..).unwrap_or_default();
                    trigger.meeting =
                        Some(cameo::parse_action(a).ok_or_else(|| {
                            pack.error(TRIGGERS, n, format!("unknown action {a:?}"))
                        })?);
                }
                o => return Err(pack.error(TRIGGERS, n, format!("unknown option {o:?}"))),
            }
        }
        triggers
            .add(cols[0], trigger)
            .map_err(|e| pack.error(TRIGGERS, n, e))?;
    }
    let grammar = Grammar::new(pack, None)?;
    let mut demonyms = HashMap::default();
    for (id, actor) in kb.actors().iter().enumerate() {
        for word in actor.demonyms.get(pack.code()).into_iter().flatten() {
            let key = fold(word);
            if key.is_empty() || key.contains(' ') {
                continue;
            }
            let capitalized = crate::text::is_capitalized(word);
            let all_caps = crate::text::is_all_caps(word);
            // "russe" and "Russe" fold alike: the case is required only when
            // every listed form has it.
            demonyms
                .entry(key)
                .and_modify(|d: &mut Demonym| {
                    d.capitalized &= capitalized;
                    d.all_caps &= all_caps;
                })
                .or_insert(Demonym {
                    actor: id as ActorId,
                    capitalized,
                    all_caps,
                });
        }
    }
    Ok(Rules {
        triggers,
        grammar,
        words: coref::Words::new(pack)?,
        demonyms,
    })
}

/// A party to an event before it is tied to an entity of the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Who {
    /// An entity of the document, by index.
    Ent(usize),
    /// An actor of the knowledge base met only as a demonym.
    Kb(ActorId),
}

/// A party and where the text names it.
#[derive(Debug, Clone, Copy)]
struct Party {
    who: Who,
    /// Token range of the mention (or demonym).
    toks: (usize, usize),
}

/// An event found, before deduplication and capping.
struct Candidate {
    action: Action,
    /// The trigger's own CAMEO code, when the data gives one.
    cameo: Option<String>,
    actor: Who,
    target: Option<Who>,
    evidence: Span,
    date: Option<String>,
}

/// Everything the coder reads in one document.
struct Cx<'a> {
    /// Tokens, roles, mentions and quotations, as the clause analysis reads them.
    view: View<'a>,
    demonyms: Vec<(usize, ActorId)>,
    subtypes: Vec<Option<&'a str>>,
    /// The mention tracker: what a role noun or a pronoun stands for, and
    /// the actor codes of the record's entities.
    track: Tracker<'a>,
    stands_for: Vec<bool>,
    kb: &'a KnowledgeBase,
}

impl<'a> std::ops::Deref for Cx<'a> {
    type Target = View<'a>;
    fn deref(&self) -> &View<'a> {
        &self.view
    }
}

impl Cx<'_> {
    fn code_of(&self, who: Who) -> Option<&str> {
        match who {
            Who::Ent(e) => self.track.code(e),
            Who::Kb(a) => self.kb.actor(a).code.as_deref(),
        }
    }

    fn own_state(&self, actor: Who, target: Who) -> bool {
        refer::own_state(self.code_of(actor), self.code_of(target))
    }

    fn demonym_at(&self, i: usize) -> Option<ActorId> {
        let k = self.demonyms.partition_point(|(t, _)| *t < i);
        self.demonyms
            .get(k)
            .filter(|(t, _)| *t == i)
            .map(|(_, a)| *a)
    }

    /// A demonym that stands for its state: not one qualifying a role noun
    /// ("the Russian President", "le ministre russe"), which names a person.
    fn state_demonym_at(&self, i: usize) -> Option<ActorId> {
        let role = |j: usize| self.has(j, ROLE_NOUN) && !self.gap(j.max(i)).contains(',');
        let next_to_role = (i > 0 && role(i - 1)) || (i + 1 < self.toks.len() && role(i + 1));
        self.demonym_at(i).filter(|_| !next_to_role)
    }
}

fn parties(ms: &[MRef]) -> Vec<Party> {
    ms.iter()
        .map(|m| Party {
            who: Who::Ent(m.ent),
            toks: (m.start, m.end),
        })
        .collect()
}

impl Events {
    fn build_cx<'a>(&'a self, doc: &'a Doc, rules: &'a Rules) -> Cx<'a> {
        let text = doc.text();
        let toks = doc.layout.tokens.as_slice();
        let words = &doc.layout.words;
        let folded: Vec<&str> = (0..toks.len()).map(|i| words.folded(i)).collect();
        let mut cues = rules.grammar.flags(&folded);
        rules.words.mark(&folded, &mut cues);
        let mentions = clause::mentions(doc);
        let mut demonyms = Vec::new();
        let mut mi = 0;
        for (i, word) in folded.iter().enumerate() {
            while mi < mentions.len() && mentions[mi].end <= i {
                mi += 1;
            }
            if mentions.get(mi).is_some_and(|m| m.start <= i) {
                continue;
            }
            if let Some(d) = rules.demonyms.get(*word) {
                let surface = toks[i].slice(text);
                let case_ok = (!d.capitalized || crate::text::is_capitalized(surface))
                    && (!d.all_caps || crate::text::is_all_caps(surface));
                if case_ok {
                    demonyms.push((i, d.actor));
                }
            }
        }
        let subtypes = doc.entities.iter().map(|e| e.subtype.as_deref()).collect();
        let persons = doc
            .entities
            .iter()
            .map(|e| e.kind == vigie_doc::EntityType::Person)
            .collect();
        let stands_for: Vec<bool> = doc
            .entities
            .iter()
            .map(|e| {
                self.kb
                    .by_id(&e.id)
                    .is_some_and(|a| self.kb.actor(a).stands_for.is_some())
            })
            .collect();
        let places = doc
            .entities
            .iter()
            .zip(&stands_for)
            .map(|(e, &stands)| match e.subtype.as_deref() {
                Some("city" | "other") => !stands,
                Some("region" | "continent") => true,
                _ => false,
            })
            .collect();
        let view = View {
            text,
            toks,
            folded,
            cues,
            mentions,
            persons,
            places,
            quotes: quote_regions(doc),
        };
        let track = Tracker::new(doc, &self.kb, &rules.words, words, coref::tracked(&view));
        Cx {
            view,
            kb: &self.kb,
            track,
            stands_for,
            demonyms,
            subtypes,
        }
    }

    /// Codes one trigger: its actors and targets, or None when the
    /// sentence does not state the act.
    fn code(
        &self,
        cx: &Cx,
        sent: (usize, usize),
        hit: &Hit<Trigger>,
        action: &mut Action,
        previous: &[Party],
    ) -> Option<(Vec<Party>, Vec<Party>)> {
        let (s0, s1) = sent;
        let t = hit.value;
        // A quotation may hold several sentences: only this one counts.
        let at = cx.toks[hit.start].start;
        let quote_start = cx.in_quote(at).map(|q| {
            cx.toks
                .partition_point(|tk| tk.start < q.span.start)
                .max(s0)
        });
        let floor = quote_start.unwrap_or(s0);
        let clause = clause::analyse(cx, (hit.start, hit.end), sent, floor);
        // A negated act is not stated (annotation rule 18: only events the
        // text states).
        if clause.negated || (t.needs_aux && clause.group == hit.start) {
            return None;
        }
        // After a verb, a conditional word belongs to what is demanded or
        // denied ("nie toute intention d'attaquer"), not to the act; after a
        // noun it may qualify the act itself ("des sanctions qui seraient…").
        let after = match t.noun || t.hypo_threaten {
            true => (hit.end + HYPOTHETICAL_WINDOW).min(s1),
            false => hit.end,
        };
        let hypo =
            clause.modal || (hit.end..after).any(|i| cx.has(i, HYPO) && !cx.has(i, CONCESSIVE));
        if hypo {
            if !t.hypo_threaten {
                return None;
            }
            *action = Action::Threaten;
        }
        let symmetric = self.coding.get(action).is_some_and(|c| c.symmetric);
        let end = (hit.end + TARGET_WINDOW).min(s1);
        let end = (hit.end..end).find(|&i| cx.breaks_before(i)).unwrap_or(end);
        if quote_start.is_some() {
            // Inside a quotation only the speaker speaking of himself acts,
            // through a verb ("Nous appelons…"); a noun ("cette invasion")
            // is what he speaks of.
            let speaker = refer::first_person_speaker(cx, floor, hit.start).filter(|_| !t.noun)?;
            let me = Party {
                who: Who::Ent(speaker),
                toks: (hit.start, hit.start),
            };
            let targets = match t.no_target {
                true => Vec::new(),
                false => self.targets(cx, hit, (hit.end, end), &[me.who]),
            };
            return Some((vec![me], targets));
        }
        if *action == Action::Statement && !clause.inverted && attributes_quote(cx, hit, s1) {
            return None;
        }
        // "les pourparlers entre X et Y": the two sides of a reciprocal act.
        if t.noun
            && symmetric
            && let Some((a, z)) = reciprocal::between(cx, hit.end, s1)
        {
            return Some((parties(&[a]), parties(&[z])));
        }
        // "Mardi, lors d'une conversation avec X, Y a…": a reciprocal noun
        // with its counterpart after "avec"/"with", in a phrase opening the
        // clause, is an act of that clause's subject.
        if t.noun
            && symmetric
            && let Some(w) = (hit.end..(hit.end + 3).min(end)).find(|&j| cx.has(j, COMITATIVE))
            && let Some(m) = (w + 1..(w + 4).min(end)).find_map(|j| cx.mention_starting(j))
            && let Some(host) = refer::fronted_subject(cx, floor, hit.start, s1)
            && !host.iter().any(|h| h.ent == m.ent)
        {
            return Some((parties(&host), parties(&cx.coordinated_after(m, end))));
        }
        // A passive names its actor in its agent ("a été invitée par l'UE")
        // and its target in its subject; a noun names its agent after it
        // ("l'invasion de l'Ukraine par la Russie"). After an active verb,
        // "par"/"by" introduces a means, not the actor.
        let state = |a: usize, b: usize| {
            (a..b)
                .find_map(|j| cx.demonym_at(j))
                .and_then(|d| cx.kb.actor(d).code.clone())
        };
        let subject = |clause: &clause::Clause| -> Vec<Party> {
            if clause.coordinated && !previous.is_empty() {
                return previous.to_vec();
            }
            parties(&refer::subject(cx, &cx.track, clause, floor, &state))
        };
        let mut actors: Vec<Party> = Vec::new();
        let mut targets: Vec<Party> = Vec::new();
        if t.noun {
            actors = parties(&clause::agent(cx, hit.end, end));
        } else if clause.passive {
            if clause.agent.is_empty() {
                return None;
            }
            actors = parties(&clause.agent);
            let exclude: Vec<Who> = actors.iter().map(|p| p.who).collect();
            targets = match (t.no_target, clause.reduced) {
                (true, _) => Vec::new(),
                (false, false) => subject(&clause),
                (false, true) => self.targets(cx, hit, (hit.end, end), &exclude),
            };
            return Some((actors, targets));
        }
        if actors.is_empty()
            && t.noun
            && t.of == Some(Role::Actor)
            && cx.has(hit.end, GENITIVE)
            && let Some(m) = cx.mention_after_dets(hit.end + 1, end)
        {
            actors = parties(&cx.coordinated_after(m, end));
        }
        if actors.is_empty() {
            actors = self.noun_actor(cx, hit, s0, end);
        }
        if actors.is_empty() {
            actors = subject(&clause);
            // A noun is the object of the subject's verb only when close to it
            // ("l'UE a annoncé des sanctions"); further away it is background.
            if t.noun
                && actors
                    .iter()
                    .all(|p| hit.start > p.toks.1 + NOUN_SUBJECT_WINDOW)
            {
                actors.clear();
            }
        }
        if actors.is_empty() {
            return None;
        }
        if !t.no_target {
            let exclude: Vec<Who> = actors.iter().map(|p| p.who).collect();
            // An inverted subject closes the verb's complements: what follows
            // it is its apposition ("a annoncé X, l'avocat de Y").
            let end = match clause.inverted {
                true => clause
                    .subject
                    .first()
                    .map_or(end, |m| m.start.clamp(hit.end, end)),
                false => end,
            };
            // What the parties agreed on ("ont convenu que … avec la
            // Russie") or what is declared ("a déclaré que la Russie…") is
            // not a party; what is demanded may name one.
            let end = match symmetric || *action == Action::Statement {
                true => (hit.end..end).find(|&j| cx.has(j, THAT)).unwrap_or(end),
                false => end,
            };
            targets = self.targets(cx, hit, (hit.end, end), &exclude);
        }
        if matches!(*action, Action::Meet | Action::Consult)
            && targets.is_empty()
            && actors.len() < 2
        {
            // A meeting without a named counterpart says little and is
            // mostly a background mention ("avant le sommet").
            return None;
        }
        // "A et B ont rencontré le président C": each meets C; "A et B se
        // sont rencontrés", "ont tenu des pourparlers sur l'Ukraine": a
        // reciprocal act, the first meets the others (a place or topic
        // after the verb is no party).
        let person_target = targets
            .iter()
            .any(|p| matches!(p.who, Who::Ent(e) if cx.persons[e]));
        if symmetric && actors.len() >= 2 && !person_target {
            let rest = actors.split_off(1);
            return Some((actors, rest));
        }
        Some((actors, targets))
    }

    /// The actor a noun names next to itself: an English genitive ("Russia's
    /// demands") or a demonym ("la demande russe", "Russian troops").
    fn noun_actor(&self, cx: &Cx, hit: &Hit<Trigger>, s0: usize, end: usize) -> Vec<Party> {
        // A verb's genitive ("INEC's chief announced") qualifies its subject.
        for back in (1..=3).filter(|_| hit.value.noun) {
            let Some(i) = hit.start.checked_sub(back) else {
                break;
            };
            if i < s0 + 1 {
                break;
            }
            if cx.has(i, POSS) && cx.gap(i).contains(['\'', '’']) {
                let k = cx.mentions.partition_point(|m| m.end < i);
                if let Some(m) = cx.mentions.get(k).filter(|m| m.end == i) {
                    return parties(&[*m]);
                }
            }
        }
        // A demonym right after or right before any trigger makes it a noun
        // ("la demande russe", "Russian demands"); a little further after,
        // only for nouns ("le déploiement de troupes russes").
        let reach = if hit.value.noun { 3 } else { 1 };
        let after = (hit.end..hit.end + reach).map(Some);
        for i in after.chain([hit.start.checked_sub(1)]).flatten() {
            if i < s0 || i >= end.max(hit.end + 1) {
                continue;
            }
            if i > hit.end && (hit.end..i).any(|j| cx.mention_starting(j).is_some()) {
                continue;
            }
            if let Some(a) = cx.state_demonym_at(i) {
                return vec![Party {
                    who: Who::Kb(a),
                    toks: (i, i + 1),
                }];
            }
        }
        Vec::new()
    }

    /// The counterpart: the first name after the trigger that is not a
    /// place ("à Genève") nor the actor, or a demonym ("frontière ukrainienne").
    fn targets(
        &self,
        cx: &Cx,
        hit: &Hit<Trigger>,
        range: (usize, usize),
        exclude: &[Who],
    ) -> Vec<Party> {
        let (from, end) = range;
        let visit = hit.value.action == Some(Action::Visit);
        let meeting = matches!(hit.value.action, Some(Action::Meet | Action::Consult));
        // "expressed concerns about the buildup of Russian troops": what a
        // statement is about may be named by a demonym.
        let demonyms = hit.value.noun
            || matches!(
                hit.value.action,
                Some(Action::MilitaryPosture | Action::Statement)
            );
        let quoted = cx.in_quote(cx.toks[hit.start].start).is_some();
        let mut i = from;
        while i < end {
            if !quoted && cx.in_quote(cx.toks[i].start).is_some() {
                i += 1;
                continue;
            }
            if let Some(m) = cx.mention_starting(i) {
                let before = cx.flags_before(m, from.saturating_sub(1));
                let place = match cx.subtypes[m.ent] {
                    // "the meeting in Moscow": a capital after a locative is the
                    // city; so is one after any preposition of a meeting ("ont
                    // rencontré à Kiev le président"), whose party is direct.
                    // After "de"/"of" a city is what the object is about ("the
                    // regions of Luhansk"), not where the act happens.
                    Some("city") => {
                        (!cx.stands_for[m.ent] && before & GENITIVE == 0)
                            || before & LOCATIVE != 0
                            || (meeting && before & OBLIQUE != 0 && before & COMITATIVE == 0)
                    }
                    Some("other") => !cx.stands_for[m.ent],
                    Some("region" | "continent") => before & OBLIQUE != 0,
                    _ => false,
                };
                // The actor's own state is passed over, not an end to the search
                // ("the prohibition of US investment in X").
                let skip = exclude.contains(&Who::Ent(m.ent))
                    || exclude.iter().any(|&a| cx.own_state(a, Who::Ent(m.ent)))
                    || (!visit && place)
                    || (before & GENITIVE != 0 && cx.apposition_after(m, end));
                if !skip {
                    let group = cx.coordinated_after(m, end);
                    return parties(&group)
                        .into_iter()
                        .filter(|p| !exclude.contains(&p.who))
                        .collect();
                }
                i = m.end;
                continue;
            }
            if let Some(a) = cx.state_demonym_at(i).filter(|_| demonyms)
                && !exclude.contains(&Who::Kb(a))
            {
                return vec![Party {
                    who: Who::Kb(a),
                    toks: (i, i + 1),
                }];
            }
            i += 1;
        }
        Vec::new()
    }
}

/// A reporting verb that opens or closes a quotation ("», a déclaré X",
/// "a déclaré que « … »"): the quotation is the statement, and the quotes
/// stage records it.
fn attributes_quote(cx: &Cx, hit: &Hit<Trigger>, s1: usize) -> bool {
    let mut i = hit.start;
    while i > 0 && cx.has(i - 1, AUX) && !cx.gap(i).contains(['»', '”', '"', ',']) {
        i -= 1;
    }
    cx.gap(i).contains(['»', '”', '"'])
        || (hit.end..(hit.end + 3).min(s1)).any(|j| cx.gap(j).contains(['«', '“', '"']))
}

/// Quotations: the quotes stage's when it ran, else the spans between
/// quotation marks (without speakers, so nothing inside them is coded).
/// Reported speech without marks (`indirect`) is the text's own narration
/// of a statement, coded like any other clause, so it is no region.
fn quote_regions(doc: &Doc) -> Vec<Quoted> {
    if !doc.quotes.is_empty() {
        let mut regions: Vec<Quoted> = doc
            .quotes
            .iter()
            .filter(|q| q.kind != vigie_doc::QuoteKind::Indirect)
            .map(|q| Quoted {
                span: Span::new(q.start, q.end),
                speaker: q
                    .speaker
                    .as_deref()
                    .and_then(|s| doc.entities.iter().position(|e| e.id == s)),
            })
            .collect();
        regions.sort_by_key(|q| q.span.start);
        return regions;
    }
    let text = doc.text();
    let mut out = Vec::new();
    let mut open: Option<(usize, char)> = None;
    for (i, c) in text.char_indices() {
        match (open, c) {
            (None, '«' | '“' | '"') => open = Some((i, c)),
            (Some((s, o)), '»' | '”' | '"')
                if matches!((o, c), ('«', '»') | ('“', '”') | ('"', '"')) =>
            {
                out.push(Quoted {
                    span: Span::new(s, i),
                    speaker: None,
                });
                open = None;
            }
            (Some(_), '\n') => open = None,
            (Some((s, _)), _) if i - s > MAX_QUOTE => open = None,
            _ => {}
        }
    }
    out
}

impl Stage for Events {
    fn name(&self) -> &'static str {
        "events"
    }

    fn requires(&self) -> &'static [Facet] {
        &[Facet::Segments, Facet::Entities]
    }

    fn assigns(&self) -> &'static [Facet] {
        &[Facet::Events]
    }

    fn run(&self, doc: &mut Doc) -> Result<()> {
        doc.events.clear();
        if doc.layout.words.len() != doc.layout.tokens.len() {
            // A document segmented by hand: fold its tokens here.
            doc.layout.words = crate::text::words(doc.text(), &doc.layout.tokens);
        }
        let Some(rules) = doc.lang.as_deref().and_then(|l| self.rules.get(l)) else {
            return Ok(());
        };
        let candidates = self.candidates(doc, rules);
        self.emit(doc, candidates);
        Ok(())
    }
}

impl Events {
    fn candidates(&self, doc: &Doc, rules: &Rules) -> Vec<Candidate> {
        let cx = self.build_cx(doc, rules);
        let hits = rules.triggers.scan(&cx.folded, 0..cx.folded.len());
        let paragraphs = &doc.layout.paragraphs;
        let mut out = Vec::new();
        for sent in &doc.layout.sentences {
            let p = paragraphs.partition_point(|p| p.span.end <= sent.start);
            if paragraphs.get(p).is_some_and(|p| p.block == Block::Byline) {
                continue;
            }
            let s0 = cx.toks.partition_point(|t| t.start < sent.start);
            let s1 = cx.toks.partition_point(|t| t.start < sent.end);
            let h0 = hits.partition_point(|h| h.start < s0);
            let mut found: Vec<Candidate> = Vec::new();
            let mut previous: Vec<Party> = Vec::new();
            let mut governor: Option<usize> = None;
            let n = hits[h0..].iter().take_while(|h| h.end <= s1).count();
            let sent_hits = &hits[h0..h0 + n];
            // Names between do not count ("a invité la Russie à des
            // pourparlers"); a comma or "et" ends the complement.
            let governs = |g: usize, h: &Hit<Trigger>| {
                let words = (g..h.start).filter(|&i| !cx.in_mention(i)).count();
                words <= GOVERNED_GAP
                    && !(g..h.start).any(|i| cx.has(i, COORD))
                    && !(g..=h.start).any(|i| cx.gap(i).contains(','))
            };
            for (k, hit) in sent_hits.iter().enumerate() {
                let Some(mut action) = hit.value.action else {
                    continue;
                };
                if let Some(a) = hit.value.meeting
                    && sent_hits.get(k + 1).is_some_and(|h| {
                        h.value.noun
                            && matches!(h.value.action, Some(Action::Meet | Action::Consult))
                            && governs(hit.end, h)
                    })
                {
                    action = a;
                }
                // A verb whose data gives its noun a complement ("demand*",
                // of=actor) is that noun after a determiner or a genitive
                // ("les demandes de Moscou", "its demands", "Russia's demands").
                let as_noun;
                let hit = if !hit.value.noun
                    && hit.value.of.is_some()
                    && hit.start > s0
                    && cx.has(hit.start - 1, DET | POSS)
                {
                    as_noun = Trigger {
                        noun: true,
                        ..hit.value.clone()
                    };
                    &Hit {
                        value: &as_noun,
                        ..*hit
                    }
                } else {
                    hit
                };
                let governed = governor.is_some_and(|g| governs(g, hit));
                if action != Action::Statement {
                    governor = Some(hit.end);
                }
                if governed {
                    continue;
                }
                let Some((actors, mut targets)) =
                    self.code(&cx, (s0, s1), hit, &mut action, &previous)
                else {
                    continue;
                };
                targets.retain(|t| !actors.iter().any(|a| cx.own_state(a.who, t.who)));
                let date = sentence_date(doc, *sent, cx.toks[hit.start].start);
                for a in &actors {
                    let pieces = std::iter::once((hit.start, hit.end))
                        .chain(std::iter::once(a.toks))
                        .filter(|&(s, e)| s < e && s >= s0 && e <= s1);
                    let (lo, hi) = pieces.fold((hit.start, hit.end), |(lo, hi), (s, e)| {
                        (lo.min(s), hi.max(e))
                    });
                    let targets_or_none: Vec<Option<Party>> = if targets.is_empty() {
                        vec![None]
                    } else {
                        targets.iter().copied().map(Some).collect()
                    };
                    for tg in targets_or_none {
                        let hi = tg.map_or(hi, |t| hi.max(t.toks.1.min(s1)));
                        // A verb coded by its meeting complement, or a threat
                        // made of a conditional act, has its action's code.
                        let cameo = hit
                            .value
                            .cameo
                            .clone()
                            .filter(|_| Some(action) == hit.value.action);
                        found.push(Candidate {
                            action,
                            cameo,
                            actor: a.who,
                            target: tg.map(|t| t.who),
                            evidence: Span::new(cx.toks[lo].start, cx.toks[hi - 1].end),
                            date: date.clone(),
                        });
                    }
                }
                // Only a verb shares its subject with the next verb ("a
                // invité la Russie à des pourparlers et a exigé…").
                if !hit.value.noun {
                    previous = actors;
                }
            }
            // "X a annoncé des sanctions": the act, not the announcement.
            let acting: Vec<Who> = found
                .iter()
                .filter(|c| c.action != Action::Statement)
                .map(|c| c.actor)
                .collect();
            found.retain(|c| c.action != Action::Statement || !acting.contains(&c.actor));
            found.truncate(MAX_PER_SENTENCE);
            out.extend(found);
        }
        out
    }

    /// Ties parties to entities, removes repeats and writes the record's events.
    fn emit(&self, doc: &mut Doc, candidates: Vec<Candidate>) {
        let mut seen = HashSet::default();
        let mut kept = Vec::new();
        // An act with a named counterpart makes the same act without one,
        // elsewhere in the document, a repeat.
        let resolved: Vec<(usize, Option<usize>)> = candidates
            .iter()
            .map(|c| {
                (
                    self.resolve(doc, c.actor),
                    c.target.map(|t| self.resolve(doc, t)),
                )
            })
            .collect();
        let with_target: HashSet<(usize, Action)> = candidates
            .iter()
            .zip(&resolved)
            .filter(|(_, (a, t))| t.is_some_and(|t| t != *a))
            .map(|(c, (a, _))| (*a, c.action))
            .collect();
        for (c, (actor, target)) in candidates.into_iter().zip(resolved) {
            if target.is_none() && with_target.contains(&(actor, c.action)) {
                continue;
            }
            if Some(actor) == target {
                continue;
            }
            let symmetric = self.coding.get(&c.action).is_some_and(|k| k.symmetric);
            if seen.contains(&(actor, c.action, target))
                || (symmetric && target.is_some_and(|t| seen.contains(&(t, c.action, Some(actor)))))
            {
                continue;
            }
            seen.insert((actor, c.action, target));
            kept.push((actor, target, c));
        }
        if kept.len() > MAX_PER_DOC {
            // Over the cap, statements go first, then the last acts.
            let mut extra = kept.len() - MAX_PER_DOC;
            kept.retain(|k| {
                let d = extra > 0 && k.2.action == Action::Statement;
                extra -= usize::from(d);
                !d
            });
            kept.truncate(MAX_PER_DOC);
        }
        doc.events = kept
            .into_iter()
            .filter_map(|(actor, target, c)| {
                let coding = self.coding.get(&c.action)?;
                let a = &doc.entities[actor];
                let t = target.map(|t| &doc.entities[t]);
                Some(Event {
                    actor: a.id.clone(),
                    actor_name: a.canonical.clone(),
                    actor_code: self.code_of(a),
                    action: c.action,
                    cameo: coding.root.clone(),
                    cameo_code: Some(c.cameo.unwrap_or_else(|| coding.root.clone())),
                    target: t.map(|t| t.id.clone()),
                    target_name: t.map(|t| t.canonical.clone()),
                    target_code: t.and_then(|t| self.code_of(t)),
                    date: c.date.or_else(|| doc.published.clone()),
                    goldstein: coding.goldstein,
                    quad_class: coding.quad_class,
                    evidence: c.evidence,
                    place: None,
                })
            })
            .collect();
    }

    fn code_of(&self, e: &Entity) -> Option<String> {
        e.code.clone().or_else(|| {
            self.kb
                .by_id(&e.id)
                .and_then(|a| self.kb.actor(a).code.clone())
        })
    }

    /// The entity index a party stands for: a capital acting is its state
    /// ("Moscou a exigé"); a demonym's country is added to the record's
    /// entities (without mentions) when the text names it no other way.
    fn resolve(&self, doc: &mut Doc, who: Who) -> usize {
        let kb_actor = match who {
            Who::Ent(i) => {
                let e = &doc.entities[i];
                let state = (e.subtype.as_deref() == Some("city"))
                    .then(|| self.kb.by_id(&e.id))
                    .flatten()
                    .and_then(|a| self.kb.actor(a).stands_for.as_deref())
                    .and_then(|s| self.kb.by_id(s));
                match state {
                    Some(s) => s,
                    None => return i,
                }
            }
            Who::Kb(a) => a,
        };
        let actor = self.kb.actor(kb_actor);
        if let Some(i) = doc.entities.iter().position(|e| e.id == actor.id) {
            return i;
        }
        doc.entities.push(Entity {
            id: actor.id.clone(),
            kind: actor.kind,
            subtype: actor.subtype.clone(),
            canonical: actor.canonical(doc.lang.as_deref()).to_owned(),
            roles: Vec::new(),
            mentions: Vec::new(),
            known: true,
            code: actor.code.clone(),
            geo: None,
        });
        doc.entities.len() - 1
    }
}

/// The resolved date mentioned in the sentence nearest to the trigger. An
/// event has one date, as in GDELT: a range ("du 13 au 15 juillet",
/// "2022-07-13/2022-07-15") gives its first day.
fn sentence_date(doc: &Doc, sent: Span, at: usize) -> Option<String> {
    doc.dates
        .iter()
        .filter(|d| d.start >= sent.start && d.end <= sent.end && d.value.is_some())
        .min_by_key(|d| d.start.abs_diff(at))
        .and_then(|d| d.value.as_deref())
        .map(|v| v.split('/').next().unwrap_or(v).to_owned())
}

#[cfg(test)]
mod tests;

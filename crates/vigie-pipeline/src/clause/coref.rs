//! Mention tracking: a small coreference of a document's people and
//! organisations. A pronoun ("il", "she", "it"), a role noun ("le
//! ministre", "the minister", "la présidente de la BCE") or a body's
//! common noun ("le syndicat") names no entity by itself; the tracker
//! finds the named entity it stands for among the mentions before it:
//! the most recent one of the right kind and gender, preferring one that
//! is a subject or an object over one after a preposition, never a name
//! in capitals only (a photo credit, a byline). A role noun prefers the
//! person the document or the knowledge base gives that role
//! ("ministre russe des Affaires étrangères" for "le ministre russe").
//!
//! The caller lists the mentions it tracks (the record's, plus repeated
//! surnames it recognised) with the tokens they cover, and says which
//! stand after a preposition: the tracker needs no word list of its own.
//! Every search looks back over a fixed number of mentions, so resolution
//! stays linear in the document's length. The quotes stage resolves
//! speakers with it; any stage resolving a subject pronoun or a role noun
//! can do the same.

use std::cell::OnceCell;

use vigie_doc::{Entity, EntityType, Span};
use vigie_kb::{Gender, KnowledgeBase, fold};

/// How many mentions back an antecedent is looked for.
const REACH: usize = 80;

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

/// The mentions of one document and what is known of their entities.
pub struct Tracker<'a> {
    entities: &'a [Entity],
    kb: &'a KnowledgeBase,
    lang: &'a str,
    mentions: Vec<Mention>,
    /// Per mention: written in capitals only.
    capitals: Vec<bool>,
    genders: Vec<Option<Gender>>,
    /// Folded role phrases of each entity, from the text and the knowledge
    /// base; folded only when a role noun needs them.
    roles: OnceCell<Vec<Vec<String>>>,
}

impl<'a> Tracker<'a> {
    /// Tracks `mentions` (sorted by start, one per first token) of the
    /// record's `entities`, whose genders the caller read from titles and
    /// role nouns where the knowledge base gives none (see [`gender_of`]).
    pub fn new(
        text: &str,
        entities: &'a [Entity],
        kb: &'a KnowledgeBase,
        lang: &'a str,
        mentions: Vec<Mention>,
        genders: Vec<Option<Gender>>,
    ) -> Self {
        let capitals = mentions
            .iter()
            .map(|m| {
                let s = m.span.slice(text);
                s.chars().filter(|c| c.is_alphabetic()).count() > 3
                    && !s.chars().any(char::is_lowercase)
            })
            .collect();
        Tracker {
            entities,
            kb,
            lang,
            mentions,
            capitals,
            genders,
            roles: OnceCell::new(),
        }
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

    fn roles(&self) -> &[Vec<String>] {
        self.roles.get_or_init(|| {
            self.entities
                .iter()
                .map(|e| {
                    let from_kb = self
                        .kb
                        .by_id(&e.id)
                        .and_then(|a| self.kb.actor(a).roles.get(self.lang))
                        .into_iter()
                        .flatten();
                    e.roles.iter().chain(from_kb).map(|r| fold(r)).collect()
                })
                .collect()
        })
    }

    /// The most recent mention before token `tok` whose entity `fits` and
    /// whose gender agrees, preferring one not after a preposition: the
    /// entity and the mention's span.
    pub fn antecedent(
        &self,
        tok: usize,
        fits: impl Fn(usize) -> bool,
        gender: Option<Gender>,
    ) -> Option<(usize, Span)> {
        let end = self.mentions.partition_point(|m| m.first < tok);
        let mut any = None;
        for k in (end.saturating_sub(REACH)..end).rev() {
            let at = self.mentions[k];
            let agrees = match (gender, self.gender(at.ent)) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            };
            if !fits(at.ent) || !agrees || self.capitals[k] {
                continue;
            }
            if !at.oblique {
                return Some((at.ent, at.span));
            }
            any.get_or_insert((at.ent, at.span));
        }
        any
    }

    /// The person a role noun before token `tok` stands for: the latest
    /// one whose roles hold every word of `words` (folded: "ministre",
    /// "russe"), else the latest person of the gender.
    pub fn person_in_role(
        &self,
        tok: usize,
        words: &[String],
        gender: Option<Gender>,
    ) -> Option<(usize, Span)> {
        let roles = self.roles();
        let described = |ent: usize| {
            self.is_person(ent)
                && roles[ent]
                    .iter()
                    .any(|r| words.iter().all(|w| r.split(' ').any(|x| x == w)))
        };
        self.antecedent(tok, described, gender)
            .or_else(|| self.antecedent(tok, |e| self.is_person(e), gender))
    }

    /// The organisation a common noun before token `tok` stands for ("le
    /// syndicat", "the ministry"): the latest whose name holds `word`
    /// (folded) when one does, else the latest organisation.
    pub fn body(&self, tok: usize, word: Option<&str>) -> Option<(usize, Span)> {
        word.and_then(|w| {
            self.antecedent(
                tok,
                |e| self.is_org(e) && fold(&self.entities[e].canonical).contains(w),
                None,
            )
        })
        .or_else(|| self.antecedent(tok, |e| self.is_org(e), None))
    }

    /// The subject of the sentence opening at token `start`, before the
    /// pronoun at `tok` ("La Russie … qu'elle réclame"): the first mention
    /// not after a preposition, when it is no person of another gender.
    pub fn sentence_subject(
        &self,
        start: usize,
        tok: usize,
        gender: Gender,
    ) -> Option<(usize, Span)> {
        let from = self.mentions.partition_point(|m| m.first < start);
        self.mentions[from..]
            .iter()
            .take_while(|m| m.first < tok)
            .find(|m| !m.oblique)
            .filter(|m| !self.is_person(m.ent) || self.gender(m.ent).is_none_or(|h| h == gender))
            .map(|m| (m.ent, m.span))
    }
}

/// A person's gender: from the knowledge base, else from a gendered role
/// noun of the record ("la présidente des assises, Hélène Ratinaud"),
/// else from a title written before or inside a mention (`titled`, which
/// the caller reads from its own word lists).
pub fn gender_of(
    e: &Entity,
    kb: &KnowledgeBase,
    role_gender: impl Fn(&str) -> Option<Gender>,
    titled: impl Fn(Span) -> Option<Gender>,
) -> Option<Gender> {
    if e.kind != EntityType::Person {
        return None;
    }
    if let Some(g) = kb.by_id(&e.id).and_then(|a| kb.actor(a).gender) {
        return Some(g);
    }
    let by_role = e
        .roles
        .iter()
        .find_map(|r| role_gender(r.split_whitespace().next()?));
    by_role.or_else(|| e.mentions.iter().find_map(|m| titled(m.span())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use vigie_doc::Mention as DocMention;

    fn entity(id: &str, kind: EntityType, name: &str, roles: &[&str]) -> Entity {
        Entity {
            id: id.to_owned(),
            kind,
            canonical: name.to_owned(),
            roles: roles.iter().map(|r| (*r).to_owned()).collect(),
            mentions: vec![DocMention {
                text: name.to_owned(),
                start: 0,
                end: name.len(),
            }],
            subtype: None,
            known: false,
            code: None,
            geo: None,
        }
    }

    fn at(ent: usize, first: usize, oblique: bool) -> Mention {
        Mention {
            span: Span::new(first * 10, first * 10 + 5),
            ent,
            first,
            end: first + 1,
            oblique,
        }
    }

    #[test]
    fn a_role_noun_prefers_the_person_holding_the_role() {
        let ents = [
            entity(
                "p:a",
                EntityType::Person,
                "Anne Roche",
                &["présidente de la BCE"],
            ),
            entity("p:b", EntityType::Person, "Berthe Vidal", &["maire"]),
        ];
        let kb = KnowledgeBase::default();
        let text = "x".repeat(100);
        let t = Tracker::new(
            &text,
            &ents,
            &kb,
            "fr",
            vec![at(0, 1, false), at(1, 3, false)],
            vec![Some(Gender::F), Some(Gender::F)],
        );
        let words = ["presidente".to_owned(), "bce".to_owned()];
        assert_eq!(
            t.person_in_role(5, &words, Some(Gender::F)).map(|(e, _)| e),
            Some(0)
        );
        // No one holds the role: the latest person of the gender.
        let words = ["ministre".to_owned()];
        assert_eq!(
            t.person_in_role(5, &words, Some(Gender::F)).map(|(e, _)| e),
            Some(1)
        );
        assert_eq!(t.person_in_role(5, &words, Some(Gender::M)), None);
    }

    #[test]
    fn an_antecedent_after_a_preposition_is_a_last_resort() {
        let ents = [
            entity("o:u", EntityType::Organization, "Union des ports", &[]),
            entity("o:v", EntityType::Organization, "Vinci", &[]),
            entity("p:c", EntityType::Person, "CREDIT PHOTO", &[]),
        ];
        let kb = KnowledgeBase::default();
        let text = "Union des ports ... Vinci ... CREDIT PHOTO".to_owned() + &"x".repeat(60);
        let mut ms = vec![at(0, 0, false), at(1, 2, true), at(2, 4, false)];
        ms[0].span = Span::new(0, 15);
        ms[1].span = Span::new(20, 25);
        ms[2].span = Span::new(30, 42);
        let t = Tracker::new(&text, &ents, &kb, "fr", ms, vec![None; 3]);
        assert_eq!(t.body(5, None).map(|(e, _)| e), Some(0));
        assert_eq!(t.body(5, Some("vinci")).map(|(e, _)| e), Some(1));
        // A name in capitals only is a credit, never an antecedent.
        assert_eq!(t.antecedent(5, |e| t.is_person(e), None), None);
    }
}

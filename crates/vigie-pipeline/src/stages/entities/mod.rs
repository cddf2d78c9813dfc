//! `entities`: named entities with every mention, one identity per actor.
//!
//! The stage works on the token stream in four passes:
//!
//! 1. **Roles**: role phrases of the language pack ("chef de la diplomatie",
//!    "press secretary") are found first; they type the name that follows
//!    them and are attached to it as roles.
//! 2. **Knowledge base**: the longest run of tokens whose folded form is a
//!    known name becomes a known mention. Case matters: the first word must be
//!    capitalised (long descriptive names excepted), and a name known only as
//!    an acronym ("UN") needs an all-caps surface, so "Un" opening a French
//!    sentence is not the United Nations. A place right after an agreement or
//!    format noun ("accords de Minsk") is not a place; a place after a given
//!    name or an honorific is a surname ("M. Israël"), and one inside a bigger
//!    capitalised name is part of an organisation's ("Air Norvège").
//! 3. **Unknown names**: other capitalised sequences, proposed from their form
//!    and typed by it and by their context (`name_cues.tsv`): an honorific,
//!    a role or a given name makes a person; a head noun ("Banque",
//!    "Ministry", "tribunal correctionnel de") or a legal suffix an
//!    organisation or a place; words around them ("le groupe", "chez",
//!    "shares of"; "à", "près de", "in") an organisation or a place; a list
//!    or coordination the kind of its neighbour. A full name stops at "de la"
//!    before another name.
//! 4. **Resolution**: a lone surname or titled form ("M. Lavrov", "Blinken")
//!    joins the person of the document it names; a word typed once names the
//!    same thing across the document; an acronym joins the organisation whose
//!    initials it spells; a capital standing for its state ("Moscou a exigé")
//!    becomes a mention of the state unless a locative ("à Moscou") or a
//!    dateline says it is the city.
//!
//! Identity: known actors keep their knowledge-base id; unknown ones get
//! `type:folded-name`, so the same spelling gets the same id in every
//! document and run.

mod lexicon;
mod names;

use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

use vigie_doc::{Doc, Entity, EntityType, Mention};
use vigie_kb::KnowledgeBase;

use crate::{Facet, Resources, Result, Stage};
use lexicon::{Lexicon, Shared};

/// The entity stage.
pub struct Entities {
    kb: Arc<KnowledgeBase>,
    lexicons: HashMap<String, Lexicon>,
    fallback: Lexicon,
    shared: Shared,
}

impl Entities {
    /// Builds the stage from the knowledge base and each pack's entity words.
    pub fn new(res: &Resources) -> Result<Self> {
        let lexicons = res
            .packs
            .iter()
            .map(|p| Ok((p.code().to_owned(), Lexicon::from_pack(p)?)))
            .collect::<Result<_>>()?;
        Ok(Entities {
            kb: Arc::clone(&res.kb),
            lexicons,
            fallback: Lexicon::default(),
            shared: Shared::from_kb(&res.kb),
        })
    }
}

impl Stage for Entities {
    fn name(&self) -> &'static str {
        "entities"
    }

    fn requires(&self) -> &'static [Facet] {
        &[Facet::Segments, Facet::Lang]
    }

    fn assigns(&self) -> &'static [Facet] {
        &[Facet::Entities]
    }

    fn run(&self, doc: &mut Doc) -> Result<()> {
        let lang = doc.lang.as_deref();
        let lex = lang
            .and_then(|l| self.lexicons.get(l))
            .unwrap_or(&self.fallback);
        let text = doc.text.as_deref().unwrap_or("");
        let words = crate::text::layout_words(&doc.layout, text);
        let finder = names::Finder::new(text, &doc.layout, &words, &self.kb, lex, &self.shared);
        let found = finder.find();
        doc.entities = self.assemble(text, lang, found);
        Ok(())
    }
}

impl Entities {
    /// Groups resolved mentions into entities, in order of first mention.
    fn assemble(&self, text: &str, lang: Option<&str>, found: Vec<names::Found>) -> Vec<Entity> {
        let mut index: HashMap<String, usize> = HashMap::default();
        let mut entities: Vec<Entity> = Vec::new();
        for f in found {
            let mention = Mention {
                text: f.span.slice(text).to_owned(),
                start: f.span.start,
                end: f.span.end,
            };
            let key = match &f.identity {
                names::Identity::Actor(id) => self.kb.actor(*id).id.clone(),
                names::Identity::Unknown { kind, name, .. } => unknown_id(*kind, name),
            };
            let at = match index.get(&key) {
                Some(&at) => at,
                None => {
                    entities.push(self.new_entity(&f.identity, key.clone(), lang));
                    index.insert(key, entities.len() - 1);
                    entities.len() - 1
                }
            };
            let entity = &mut entities[at];
            // Mentions arrive in text order, so a repeated span can only be
            // the entity's last one: checking it keeps this linear.
            if !entity
                .mentions
                .last()
                .is_some_and(|m| m.start == mention.start && m.end == mention.end)
            {
                entity.mentions.push(mention);
            }
            for role in f.roles {
                let role = role
                    .slice(text)
                    .trim_matches(|c: char| c == ',' || c.is_whitespace())
                    .to_owned();
                if !role.is_empty() && !entity.roles.contains(&role) {
                    entity.roles.push(role);
                }
            }
        }
        for e in &mut entities {
            e.mentions.sort_by_key(|m| (m.start, m.end));
        }
        entities.sort_by_key(|e| e.mentions.first().map_or(usize::MAX, |m| m.start));
        entities
    }
}

impl Entities {
    fn new_entity(&self, identity: &names::Identity, id: String, lang: Option<&str>) -> Entity {
        match identity {
            names::Identity::Actor(actor) => {
                let actor = self.kb.actor(*actor);
                Entity {
                    id,
                    kind: actor.kind,
                    subtype: actor.subtype.clone(),
                    canonical: actor.canonical(lang).to_owned(),
                    roles: Vec::new(),
                    mentions: Vec::new(),
                    known: true,
                    code: actor.code.clone(),
                    geo: None,
                }
            }
            names::Identity::Unknown {
                kind,
                subtype,
                name,
            } => Entity {
                id,
                kind: *kind,
                subtype: subtype.map(str::to_owned),
                canonical: name.clone(),
                roles: Vec::new(),
                mentions: Vec::new(),
                known: false,
                code: None,
                geo: None,
            },
        }
    }
}

/// `type:folded-name-with-hyphens`: stable for one spelling across documents.
fn unknown_id(kind: EntityType, name: &str) -> String {
    format!(
        "{}:{}",
        kind.as_str(),
        vigie_kb::fold(name).replace(' ', "-")
    )
}

#[cfg(test)]
mod tests;

//! `entities`: named entities with mentions, one identity per actor.
//!
//! Finds knowledge-base names in the token stream (longest match first) and
//! groups mentions by actor.

use std::collections::HashMap;
use std::sync::Arc;

use vigie_doc::{Doc, Entity, Mention, Span};
use vigie_kb::{KnowledgeBase, fold_into};

use crate::text::is_capitalized;
use crate::{Facet, Resources, Result, Stage};

/// The entity stage.
pub struct Entities {
    kb: Arc<KnowledgeBase>,
}

impl Entities {
    /// Builds the stage.
    pub fn new(res: &Resources) -> Result<Self> {
        Ok(Entities {
            kb: Arc::clone(&res.kb),
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
        let text = doc.text.as_deref().unwrap_or("");
        let tokens = &doc.layout.tokens;
        let longest = self.kb.longest_name().max(1);
        let mut key = String::new();
        let mut part = String::new();
        let mut by_actor: HashMap<u32, Vec<Span>> = HashMap::new();
        let mut order = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            let mut matched = None;
            if is_capitalized(tokens[i].slice(text)) {
                key.clear();
                for n in 0..longest.min(tokens.len() - i) {
                    let t = tokens[i + n];
                    if n > 0
                        && !text[tokens[i + n - 1].end..t.start]
                            .chars()
                            .all(|c| c == ' ' || c == '-' || c == '\'' || c == '’')
                    {
                        break;
                    }
                    fold_into(t.slice(text), &mut part);
                    if n > 0 {
                        key.push(' ');
                    }
                    key.push_str(&part);
                    if let Some(&id) = self.kb.lookup_folded(&key).first() {
                        matched = Some((id, n + 1));
                    }
                }
            }
            match matched {
                Some((id, len)) => {
                    let span = Span::new(tokens[i].start, tokens[i + len - 1].end);
                    by_actor
                        .entry(id)
                        .or_insert_with(|| {
                            order.push(id);
                            Vec::new()
                        })
                        .push(span);
                    i += len;
                }
                None => i += 1,
            }
        }
        let lang = doc.lang.as_deref();
        doc.entities = order
            .into_iter()
            .map(|id| {
                let actor = self.kb.actor(id);
                Entity {
                    id: actor.id.clone(),
                    kind: actor.kind,
                    subtype: actor.subtype.clone(),
                    canonical: actor.canonical(lang).to_owned(),
                    roles: Vec::new(),
                    mentions: by_actor[&id]
                        .iter()
                        .map(|s| Mention {
                            text: s.slice(text).to_owned(),
                            start: s.start,
                            end: s.end,
                        })
                        .collect(),
                    known: true,
                    code: actor.code.clone(),
                }
            })
            .collect();
        Ok(())
    }
}

use std::collections::HashMap;
use std::path::Path;

use include_dir::{Dir, include_dir};

use crate::{Actor, Error, Result, fold};

/// The knowledge base files shipped in the binary.
static DEFAULT_FILES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../../kb");

/// Index of an actor in its knowledge base.
pub type ActorId = u32;

/// Actors and the index from folded names to them.
#[derive(Debug, Default, Clone)]
pub struct KnowledgeBase {
    actors: Vec<Actor>,
    by_id: HashMap<String, ActorId>,
    by_name: HashMap<String, Vec<ActorId>>,
    /// Longest name, in folded words, so matchers know how far to look.
    longest: usize,
    /// Given names (`kb/given_names.txt`): a clue that an unknown name is a person.
    given_names: Vec<String>,
}

impl KnowledgeBase {
    /// The knowledge base shipped with Vigie (the repository's `kb/*.jsonl`).
    pub fn builtin() -> Result<Self> {
        let mut kb = KnowledgeBase::default();
        let mut files: Vec<_> = DEFAULT_FILES
            .files()
            .filter(|f| f.path().extension().is_some_and(|e| e == "jsonl"))
            .collect();
        files.sort_by_key(|f| f.path());
        if let Some(names) = DEFAULT_FILES
            .get_file("given_names.txt")
            .and_then(|f| f.contents_utf8())
        {
            kb.add_given_names(names);
        }
        for file in files {
            let name = format!("kb/{}", file.path().display());
            let text = file.contents_utf8().ok_or_else(|| Error::Parse {
                file: name.clone(),
                line: 0,
                reason: "not UTF-8".into(),
            })?;
            kb.add_jsonl(&name, text)?;
        }
        Ok(kb)
    }

    /// Adds the actors of a user file. An actor whose id already exists is
    /// merged into it: new names, aliases and roles extend the old ones, so a
    /// user file can add a spelling without repeating the whole entry.
    pub fn add_file(&mut self, path: &Path) -> Result<()> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            file: name.clone(),
            source,
        })?;
        self.add_jsonl(&name, &text)
    }

    /// Adds actors from JSON Lines text; `origin` names the file in errors.
    pub fn add_jsonl(&mut self, origin: &str, text: &str) -> Result<()> {
        for (i, line) in text.lines().enumerate() {
            let line_no = i + 1;
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with("//") || trimmed.starts_with('#') {
                continue;
            }
            let mut actor: Actor = serde_json::from_str(trimmed).map_err(|e| Error::Parse {
                file: origin.to_owned(),
                line: line_no,
                reason: e.to_string(),
            })?;
            if !actor.names.contains_key("en") {
                return Err(Error::Parse {
                    file: origin.to_owned(),
                    line: line_no,
                    reason: format!("actor {} has no English name (names.en)", actor.id),
                });
            }
            actor.origin = format!("{origin}:{line_no}");
            self.insert(actor);
        }
        Ok(())
    }

    fn insert(&mut self, actor: Actor) {
        let idx = match self.by_id.get(&actor.id) {
            Some(&idx) => {
                let existing = &mut self.actors[idx as usize];
                for (lang, name) in actor.names {
                    if let Some(old) = existing.names.insert(lang, name) {
                        existing.aliases.push(old);
                    }
                }
                existing.aliases.extend(actor.aliases);
                for (lang, roles) in actor.roles {
                    existing.roles.entry(lang).or_default().extend(roles);
                }
                for (lang, words) in actor.demonyms {
                    existing.demonyms.entry(lang).or_default().extend(words);
                }
                existing.code = actor.code.or(existing.code.take());
                existing.gender = actor.gender.or(existing.gender);
                existing.stands_for = actor.stands_for.or(existing.stands_for.take());
                existing.origin = format!("{}, {}", existing.origin, actor.origin);
                idx
            }
            None => {
                let idx = self.actors.len() as ActorId;
                self.by_id.insert(actor.id.clone(), idx);
                self.actors.push(actor);
                idx
            }
        };
        let names: Vec<String> = self.actors[idx as usize].all_names().map(fold).collect();
        for key in names {
            if key.is_empty() {
                continue;
            }
            self.longest = self.longest.max(key.split(' ').count());
            let ids = self.by_name.entry(key).or_default();
            if !ids.contains(&idx) {
                ids.push(idx);
            }
        }
    }

    /// Adds given names, one per line; `#` starts a comment line.
    pub fn add_given_names(&mut self, text: &str) {
        let names = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'));
        self.given_names.extend(names.map(str::to_owned));
    }

    /// Every given name loaded.
    pub fn given_names(&self) -> impl Iterator<Item = &str> {
        self.given_names.iter().map(String::as_str)
    }

    /// Actors whose name folds to the same key as `name`.
    pub fn lookup(&self, name: &str) -> Vec<&Actor> {
        self.lookup_folded(&fold(name))
            .iter()
            .map(|&i| &self.actors[i as usize])
            .collect()
    }

    /// Actor indices for an already folded key.
    pub fn lookup_folded(&self, key: &str) -> &[ActorId] {
        self.by_name.get(key).map_or(&[], Vec::as_slice)
    }

    /// The actor at an index.
    pub fn actor(&self, id: ActorId) -> &Actor {
        &self.actors[id as usize]
    }

    /// The actor with a stable id.
    pub fn by_id(&self, id: &str) -> Option<ActorId> {
        self.by_id.get(id).copied()
    }

    /// Every actor, in load order.
    pub fn actors(&self) -> &[Actor] {
        &self.actors
    }

    /// Longest name in folded words.
    pub fn longest_name(&self) -> usize {
        self.longest
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"
{"id": "person:sergei-lavrov", "type": "person", "names": {"en": "Sergei Lavrov", "fr": "Sergueï Lavrov"}, "aliases": ["Сергей Лавров", "Serguei Lavrov"], "gender": "m"}
{"id": "organization:nato", "type": "organization", "names": {"en": "NATO", "fr": "OTAN"}, "aliases": ["Otan", "Alliance atlantique"]}
"#;

    fn sample() -> KnowledgeBase {
        let mut kb = KnowledgeBase::default();
        kb.add_jsonl("sample.jsonl", SAMPLE).unwrap();
        kb
    }

    #[test]
    fn spellings_and_scripts_find_one_actor() {
        let kb = sample();
        for name in [
            "Sergueï Lavrov",
            "Serguei Lavrov",
            "SERGEI LAVROV",
            "Сергей Лавров",
        ] {
            let found = kb.lookup(name);
            assert_eq!(found.len(), 1, "{name}");
            assert_eq!(found[0].id, "person:sergei-lavrov");
        }
        assert_eq!(kb.lookup("Otan")[0].id, "organization:nato");
    }

    #[test]
    fn canonical_follows_the_contract() {
        let kb = sample();
        let lavrov = kb.lookup("Lavrov Sergei");
        assert!(lavrov.is_empty(), "word order matters");
        let lavrov = kb.lookup("Sergei Lavrov")[0];
        assert_eq!(lavrov.canonical(Some("fr")), "Sergueï Lavrov");
        assert_eq!(lavrov.canonical(Some("en")), "Sergei Lavrov");
        assert_eq!(lavrov.canonical(Some("de")), "Sergei Lavrov");
        let nato = kb.lookup("OTAN")[0];
        assert_eq!(nato.canonical(Some("fr")), "NATO");
    }

    #[test]
    fn user_files_extend_existing_actors() {
        let mut kb = sample();
        kb.add_jsonl("mine.jsonl", r#"{"id": "organization:nato", "type": "organization", "names": {"en": "NATO"}, "aliases": ["l'Alliance"]}"#)
            .unwrap();
        assert_eq!(kb.actors().len(), 2);
        assert_eq!(kb.lookup("l’Alliance")[0].id, "organization:nato");
        assert!(kb.lookup("Otan")[0].origin.contains("mine.jsonl:1"));
    }

    #[test]
    fn errors_name_file_and_line() {
        let mut kb = KnowledgeBase::default();
        let err = kb.add_jsonl("bad.jsonl", "\n{\"id\": 3}").unwrap_err();
        assert!(err.to_string().starts_with("bad.jsonl:2:"), "{err}");
        let err = kb
            .add_jsonl(
                "bad.jsonl",
                r#"{"id": "x:y", "type": "person", "names": {"fr": "Y"}}"#,
            )
            .unwrap_err();
        assert!(err.to_string().contains("names.en"), "{err}");
    }

    #[test]
    fn builtin_loads() {
        let kb = KnowledgeBase::builtin().unwrap();
        assert!(!kb.actors().is_empty());
    }
}

use rustc_hash::FxHashMap as HashMap;
use std::path::Path;

use include_dir::{Dir, include_dir};

use crate::{Actor, Error, Result, fold};

/// The knowledge base files shipped in the binary.
static DEFAULT_FILES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../../kb");

/// A file of the repository's `kb/` folder embedded in the binary ("geo/gazetteer.tsv").
pub(crate) fn embedded_file(path: &str) -> Option<&'static str> {
    DEFAULT_FILES.get_file(path).and_then(|f| f.contents_utf8())
}

/// Index of an actor in its knowledge base.
pub type ActorId = u32;

/// Actors and the index from folded names to them.
#[derive(Debug, Default, Clone)]
pub struct KnowledgeBase {
    actors: Vec<Actor>,
    by_id: HashMap<String, ActorId>,
    by_name: HashMap<String, Vec<ActorId>>,
    /// First folded word of every name, with the most words a name starting
    /// with it has: matchers skip words that start no name.
    first_words: HashMap<String, usize>,
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
            let words = key.split(' ').count();
            let first = key.split(' ').next().unwrap_or_default().to_owned();
            let longest = self.first_words.entry(first).or_default();
            *longest = (*longest).max(words);
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

    /// The most words a name starting with this folded word has, or `None`
    /// when no name starts with it.
    pub fn longest_starting_with(&self, first_word: &str) -> Option<usize> {
        self.first_words.get(first_word).copied()
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

    fn builtin() -> KnowledgeBase {
        KnowledgeBase::builtin().unwrap()
    }

    /// The one actor `name` finds, or a failure naming what was found.
    fn only(kb: &KnowledgeBase, name: &str) -> String {
        let found: Vec<_> = kb.lookup(name).iter().map(|a| a.id.clone()).collect();
        assert_eq!(found.len(), 1, "{name} -> {found:?}");
        found[0].clone()
    }

    #[test]
    fn builtin_spellings_and_scripts_resolve() {
        let kb = builtin();
        for (name, id) in [
            ("Сергей Лавров", "person:sergei-lavrov"),
            ("Serguei Lavrov", "person:sergei-lavrov"),
            ("Sergueï Lavrov", "person:sergei-lavrov"),
            ("Sergey Lavrov", "person:sergei-lavrov"),
            ("Lavrov", "person:sergei-lavrov"),
            ("Volodymyr Zelenskyy", "person:volodymyr-zelensky"),
            ("Zelenski", "person:volodymyr-zelensky"),
            ("Vladimir Poutine", "person:vladimir-putin"),
            ("Otan", "organization:nato"),
            ("OTAN", "organization:nato"),
            ("Alliance atlantique", "organization:nato"),
            ("Union européenne", "organization:european-union"),
            ("États-Unis", "location:united-states"),
            ("Etats-Unis d'Amérique", "location:united-states"),
            ("Royaume-Uni", "location:united-kingdom"),
            ("Россия", "location:russia"),
            ("Kyiv", "location:kyiv"),
            ("Kiev", "location:kyiv"),
            ("Kyïv", "location:kyiv"),
            ("Pékin", "location:beijing"),
            ("Donbass", "location:donbas"),
            ("Crimée", "location:crimea"),
            ("AFP", "organization:afp"),
            ("Keystone-ATS", "organization:keystone-ats"),
        ] {
            assert_eq!(only(&kb, name), id, "{name}");
        }
    }

    #[test]
    fn builtin_articles_are_left_to_the_matcher() {
        // Aliases are stored without a leading lowercase article: the entity
        // stage skips "l'", "la", "the" before looking names up.
        let kb = builtin();
        assert!(kb.lookup("l'Alliance atlantique").is_empty());
        for actor in kb.actors() {
            for name in actor.all_names() {
                let lower_article = ["l'", "l’", "le ", "la ", "les ", "the ", "un ", "une "]
                    .iter()
                    .any(|a| name.starts_with(a));
                assert!(!lower_article, "{}: {name}", actor.id);
            }
        }
    }

    #[test]
    fn builtin_ids_are_unique_and_well_formed() {
        let mut seen = std::collections::HashSet::new();
        let mut count = 0;
        for file in DEFAULT_FILES.files() {
            if file.path().extension().is_none_or(|e| e != "jsonl") {
                continue;
            }
            let text = file.contents_utf8().unwrap();
            for line in text
                .lines()
                .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            {
                let actor: Actor = serde_json::from_str(line).unwrap();
                let (kind, slug) = actor.id.split_once(':').unwrap();
                assert_eq!(kind, actor.kind.as_str(), "{}", actor.id);
                let slug_ok = !slug.is_empty()
                    && slug.split('-').all(|part| {
                        !part.is_empty()
                            && part
                                .bytes()
                                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
                    });
                assert!(slug_ok, "{}", actor.id);
                assert!(seen.insert(actor.id.clone()), "duplicate {}", actor.id);
                count += 1;
            }
        }
        assert_eq!(count, builtin().actors().len());
    }

    #[test]
    fn builtin_stands_for_points_to_actors() {
        let kb = builtin();
        let mut capitals = 0;
        for actor in kb.actors() {
            if let Some(target) = &actor.stands_for {
                assert!(kb.by_id(target).is_some(), "{} -> {target}", actor.id);
                capitals += 1;
            }
        }
        assert!(capitals > 150, "{capitals} capitals");
        let moscow = kb.actor(kb.by_id("location:moscow").unwrap());
        assert_eq!(moscow.stands_for.as_deref(), Some("location:russia"));
        let brussels = kb.actor(kb.by_id("location:brussels").unwrap());
        assert_eq!(
            brussels.stands_for.as_deref(),
            Some("organization:european-union")
        );
        let geneva = kb.actor(kb.by_id("location:geneva").unwrap());
        assert_eq!(geneva.stands_for, None);
    }

    #[test]
    fn builtin_fields_are_complete() {
        let kb = builtin();
        for actor in kb.actors() {
            assert!(
                actor.names.contains_key("fr"),
                "{} has no French name",
                actor.id
            );
            match actor.kind {
                vigie_doc::EntityType::Person => {
                    assert!(actor.gender.is_some(), "{} has no gender", actor.id)
                }
                vigie_doc::EntityType::Location => {
                    assert!(actor.subtype.is_some(), "{} has no subtype", actor.id)
                }
                _ => {}
            }
            if actor.subtype.as_deref() == Some("country") {
                let code = actor.code.as_deref().unwrap_or_default();
                assert!(
                    code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()),
                    "{}: code {code:?}",
                    actor.id
                );
            }
        }
        for agency in ["AFP", "Reuters", "Associated Press", "TASS", "Belga"] {
            let id = only(&kb, agency);
            let actor = kb.actor(kb.by_id(&id).unwrap());
            assert_eq!(actor.subtype.as_deref(), Some("agency"), "{agency}");
        }
    }

    #[test]
    fn no_alias_folds_to_a_common_word() {
        // An all-capital alias ("US", "UN") is safe: the entity stage matches
        // it only on an all-capital surface form.
        let common: std::collections::HashSet<String> = include_str!("../data/common_words.txt")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .flat_map(str::split_whitespace)
            .map(fold)
            .collect();
        let kb = builtin();
        for actor in kb.actors() {
            for name in actor.all_names() {
                let all_caps = name
                    .chars()
                    .filter(|c| c.is_alphabetic())
                    .all(char::is_uppercase);
                assert!(
                    all_caps || !common.contains(&fold(name)),
                    "{}: {name:?} folds to a common word",
                    actor.id
                );
            }
        }
    }

    #[test]
    fn given_names_are_shipped_and_clean() {
        let kb = KnowledgeBase::builtin().unwrap();
        let names: Vec<&str> = kb.given_names().collect();
        assert!(names.len() > 2000, "{} names", names.len());
        for wanted in ["Florent", "Nathan", "Sergueï", "Mohammed", "Pierre"] {
            assert!(names.contains(&wanted), "{wanted}");
        }
        for word in ["Will", "May", "Mai", "Le", "The"] {
            assert!(!names.contains(&word), "{word}");
        }
    }

    fn shared_builtin() -> &'static KnowledgeBase {
        static KB: std::sync::OnceLock<KnowledgeBase> = std::sync::OnceLock::new();
        KB.get_or_init(|| KnowledgeBase::builtin().unwrap())
    }

    /// What writers and scrapers do to a name: capitals, lost accents,
    /// curly apostrophes, hyphens for spaces and doubled spaces.
    fn mangle(name: &str, how: u8) -> String {
        let stripped: String = name
            .chars()
            .map(|c| {
                // Only accented Latin letters lose their accent ("é" → "e").
                let latin = ('\u{c0}'..'\u{250}').contains(&c) && c.is_alphabetic();
                let plain = crate::fold(&c.to_string());
                match (latin, plain.len(), plain.chars().next()) {
                    (true, 1, Some(f)) if c.is_uppercase() => f.to_ascii_uppercase(),
                    (true, 1, Some(f)) => f,
                    _ => c,
                }
            })
            .collect();
        match how % 5 {
            0 => name.to_uppercase(),
            1 => stripped,
            2 => name.replace('\'', "’"),
            3 => name.replace(' ', "-"),
            _ => name.replace(' ', "  "),
        }
    }

    proptest::proptest! {
        #[test]
        fn every_name_resolves_to_its_actor_whatever_the_spelling(pick in 0usize..100_000, how in 0u8..5) {
            let kb = shared_builtin();
            let actor = &kb.actors()[pick % kb.actors().len()];
            for name in actor.all_names() {
                let variant = mangle(name, how);
                let found = kb.lookup(&variant);
                proptest::prop_assert!(found.iter().any(|a| a.id == actor.id), "{name:?} as {variant:?} does not find {}", actor.id);
            }
        }
    }
}

//! The words the entity stage needs, compiled once per language pack.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use vigie_kb::{ActorId, KnowledgeBase, fold};

use crate::{LangPack, Result};

/// Folded word sequences, matched against folded tokens.
#[derive(Debug, Default)]
pub struct Phrases {
    set: HashSet<String>,
    /// First words of the phrases: most tokens start none, and this says so
    /// without building a key.
    first_words: HashSet<String>,
    longest: usize,
}

impl Phrases {
    fn insert(&mut self, phrase: &str) {
        let key = fold(phrase);
        if key.is_empty() {
            return;
        }
        self.longest = self.longest.max(key.split(' ').count());
        self.first_words
            .insert(key.split(' ').next().unwrap_or_default().to_owned());
        self.set.insert(key);
    }

    /// True when some phrase starts with this folded word.
    pub fn starts_with_word(&self, word: &str) -> bool {
        self.first_words.contains(word)
    }

    /// True when the folded words form one of the phrases.
    pub fn contains(&self, key: &str) -> bool {
        self.set.contains(key)
    }

    /// True when `text`, folded, is one of the phrases. A text with more
    /// words than the longest phrase is turned down before folding (each
    /// chunk with an ASCII letter or digit folds to one word at least).
    pub fn contains_text(&self, text: &str) -> bool {
        let words = text
            .split_whitespace()
            .filter(|w| w.bytes().any(|b| b.is_ascii_alphanumeric()))
            .count();
        words <= self.longest && self.set.contains(&fold(text))
    }

    /// The length, in words, of the longest phrase ending at `words[end - 1]`.
    pub fn ending_at(&self, words: &[&str], end: usize) -> Option<usize> {
        let mut key = String::new();
        let mut best = None;
        for n in 1..=self.longest.min(end) {
            key.clear();
            for (k, w) in words[end - n..end].iter().enumerate() {
                if k > 0 {
                    key.push(' ');
                }
                key.push_str(w);
            }
            if self.set.contains(&key) {
                best = Some(n);
            }
        }
        best
    }

    /// True when a phrase starts at `words[start]`.
    pub fn starting_at(&self, words: &[&str], start: usize) -> bool {
        let mut key = String::new();
        for (n, w) in words[start..].iter().take(self.longest).enumerate() {
            if n > 0 {
                key.push(' ');
            }
            key.push_str(w);
            if self.set.contains(&key) {
                return true;
            }
        }
        false
    }
}

fn phrases<'a>(lines: impl Iterator<Item = &'a str>) -> Phrases {
    let mut p = Phrases::default();
    for line in lines {
        p.insert(line);
    }
    p
}

/// One language's entity words.
#[derive(Debug, Default)]
pub struct Lexicon {
    /// Honorifics ("M.", "Mr").
    pub titles: Phrases,
    /// Capitalised words that are never names.
    pub non_names: Phrases,
    /// Lowercase words allowed inside names ("von", "de").
    pub particles: HashSet<String>,
    /// Head nouns of organisation names.
    pub org_words: Phrases,
    /// Head nouns of place names.
    pub place_words: Phrases,
    /// Words after which a capital is the place itself.
    pub locatives: Phrases,
    /// Words before a place name that make it part of another name.
    pub blockers_before: Phrases,
    /// Words after a place name that make it part of another name.
    pub blockers_after: Phrases,
    /// Role and profession phrases.
    pub roles: Phrases,
    /// Whether two or three capitalised words with no other clue are a person.
    pub unknown_pairs_are_people: bool,
    /// Whether capitalised words after a definite article ("la Juventa
    /// Ravel", "l'Union Civique") with no other clue are an organisation.
    pub article_names_are_organisations: bool,
    /// Context cues of unknown names (`name_cues.tsv`).
    pub cues: Cues,
    /// Speech verbs of `quote_cues.tsv`: who speaks is an actor.
    pub speech: Speech,
}

/// One-word speech verbs ("said", "a déclaré") and the words allowed
/// between a subject and them ("has", "also"), from the quotes stage's
/// `quote_cues.tsv` and `auxiliaries.txt`: the name before such a verb, or
/// right after one in an inversion (« …, a déclaré Swiatek »), is a speaker.
#[derive(Debug, Default)]
pub struct Speech {
    /// Folded verb forms, with whether a name after them may be their subject
    /// (false for verbs that take a direct object: "a salué X").
    pub verbs: HashMap<String, bool>,
    /// Folded words that may stand between a subject and its verb.
    pub between: HashSet<String>,
}

impl Speech {
    fn from_pack(pack: &LangPack) -> Self {
        let mut verbs = HashMap::default();
        for line in pack.lines("quote_cues.tsv") {
            let mut cols = line.split('\t').map(str::trim);
            let (Some(form), Some("verb")) = (cols.next(), cols.next()) else {
                continue;
            };
            let flag = cols.next();
            // Participles and infinitives hang on another clause's subject.
            if flag == Some("participle") || form.contains([' ', '\'', '’']) {
                continue;
            }
            verbs.insert(fold(form), flag != Some("object"));
        }
        let between = pack.lines("auxiliaries.txt").map(fold).collect();
        Speech { verbs, between }
    }
}

/// Words around an unknown name that say what it is, from `name_cues.tsv`.
#[derive(Debug, Default)]
pub struct Cues {
    /// Before a name, an organisation: "le groupe", "chez", "shares of".
    pub org_before: Phrases,
    /// After a name, an organisation: "Inc", "'s chief executive".
    pub org_after: Phrases,
    /// Before a name, a place: "à", "près de", "la commune de", "in".
    pub place_before: Phrases,
    /// After a name, a place: "province", "county".
    pub place_after: Phrases,
    /// Lowercase head nouns of institutions whose name follows with its
    /// complement: "ministère de la Santé", "tribunal correctionnel de Lille".
    pub institutions: HashSet<String>,
    /// Determiners passed over between a cue and its name ("le", "the").
    pub articles: HashSet<String>,
    /// Heads of names that are no entity: prizes, competitions, events.
    pub not_entities: HashSet<String>,
    /// Definite articles ("la Juventa Ravel"): no person is named after one.
    pub definite: HashSet<String>,
    /// Particles a full name does not run across: "Jean Martin *de la* Juventa".
    pub split_particles: HashSet<String>,
    /// Words joining two names of one kind: "à Dinan *et* Vitré".
    pub coordinators: Phrases,
    /// Lowercase words after an organisation's head noun that carry its name
    /// on: "Department *of* Health", "Centers *for* Disease Control".
    pub org_links: HashSet<String>,
    /// Conjunctions inside an organisation's name: "Food *and* Drug
    /// Administration".
    pub org_conjunctions: HashSet<String>,
    /// Contractions holding an article, with that article: "au" → "le"
    /// ("au Parisien" names "Le Parisien").
    pub contractions: HashMap<String, String>,
}

impl Cues {
    fn from_pack(pack: &LangPack) -> Result<Self> {
        let mut cues = Cues::default();
        for (n, line) in pack.numbered_lines("name_cues.tsv") {
            let Some((kind, phrase)) = line.split_once('\t').map(|(k, v)| (k.trim(), v.trim()))
            else {
                return Err(pack.error(
                    "name_cues.tsv",
                    n,
                    format!("not kind<TAB>phrase: {line:?}"),
                ));
            };
            match kind {
                "org_before" => insert_with_de(&mut cues.org_before, phrase),
                "place_before" => insert_with_de(&mut cues.place_before, phrase),
                "org_after" => cues.org_after.insert(phrase),
                "place_after" => cues.place_after.insert(phrase),
                "institution" => {
                    cues.institutions.insert(fold(phrase));
                }
                "article" => {
                    cues.articles.insert(fold(phrase));
                }
                "not_entity" => {
                    cues.not_entities.insert(fold(phrase));
                }
                "definite" => {
                    cues.definite.insert(fold(phrase));
                }
                "split_particle" => {
                    cues.split_particles.insert(fold(phrase));
                }
                "coordinator" => cues.coordinators.insert(phrase),
                "org_link" => {
                    cues.org_links.insert(fold(phrase));
                }
                "org_conjunction" => {
                    cues.org_conjunctions.insert(fold(phrase));
                }
                "contraction" => {
                    let Some((contraction, article)) = phrase.split_once('=') else {
                        return Err(pack.error(
                            "name_cues.tsv",
                            n,
                            format!("a contraction is written contraction=article: {phrase:?}"),
                        ));
                    };
                    cues.contractions.insert(fold(contraction), fold(article));
                }
                _ => {
                    return Err(pack.error(
                        "name_cues.tsv",
                        n,
                        format!("unknown cue kind {kind:?}"),
                    ));
                }
            }
        }
        Ok(cues)
    }
}

/// A cue ending in "de" also ends in its elided and contracted forms ("patron
/// d'Arianespace", "site du Havre"), which the tokens show as other words.
fn insert_with_de(p: &mut Phrases, phrase: &str) {
    p.insert(phrase);
    if let Some(stem) = phrase.strip_suffix(" de") {
        for variant in ["d", "du", "des"] {
            p.insert(&format!("{stem} {variant}"));
        }
    }
}

impl Lexicon {
    /// Compiles a pack's entity files.
    pub fn from_pack(pack: &LangPack) -> Result<Self> {
        let mut unknown_pairs_are_people = false;
        let mut article_names_are_organisations = false;
        for (n, line) in pack.numbered_lines("entities.tsv") {
            match line.split_once('\t').map(|(k, v)| (k.trim(), v.trim())) {
                Some(("unknown_pairs_are_people", v)) => unknown_pairs_are_people = v == "true",
                Some(("article_names_are_organisations", v)) => {
                    article_names_are_organisations = v == "true";
                }
                _ => {
                    return Err(pack.error(
                        "entities.tsv",
                        n,
                        format!("not a known key<TAB>value setting: {line:?}"),
                    ));
                }
            }
        }
        Ok(Lexicon {
            unknown_pairs_are_people,
            article_names_are_organisations,
            titles: phrases(pack.lines("titles.txt")),
            non_names: phrases(pack.lines("non_names.txt")),
            particles: pack
                .lines("name_particles.txt")
                .map(str::to_owned)
                .collect(),
            org_words: phrases(pack.lines("org_words.txt")),
            place_words: phrases(pack.lines("place_words.txt")),
            locatives: phrases(pack.lines("locatives.txt")),
            blockers_before: phrases(pack.lines("name_blockers.txt")),
            blockers_after: phrases(pack.lines("name_blockers_after.txt")),
            roles: phrases(pack.lines("roles.txt")),
            cues: Cues::from_pack(pack)?,
            speech: Speech::from_pack(pack),
        })
    }
}

/// A name of up to six letters, all capitals: "UN", "OTAN", "U.S.".
pub fn is_acronym(name: &str) -> bool {
    let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
    !letters.is_empty() && letters.len() <= 6 && letters.iter().all(|c| c.is_uppercase())
}

/// Language-independent words from the knowledge base.
#[derive(Debug, Default)]
pub struct Shared {
    /// Folded demonyms of every language ("russe", "americains"): never entities.
    pub demonyms: HashSet<String>,
    /// Folded given names, the main clue that an unknown name is a person.
    pub given_names: HashSet<String>,
    /// Folded names under which an actor is known only by acronyms ("un" for
    /// "UN"), with those actors: such a name needs a surface in capitals.
    pub acronym_only: HashMap<String, Vec<ActorId>>,
}

impl Shared {
    /// Collects demonyms from the actors and given names from the KB's list.
    pub fn from_kb(kb: &KnowledgeBase) -> Self {
        let demonyms = kb
            .actors()
            .iter()
            .flat_map(|a| a.demonyms.values().flatten())
            .map(|d| fold(d))
            .collect();
        let given_names = kb.given_names().map(fold).collect();
        let mut acronym_only: HashMap<String, Vec<ActorId>> = HashMap::default();
        for (id, actor) in kb.actors().iter().enumerate() {
            let mut spellings: HashMap<String, bool> = HashMap::default();
            for name in actor.all_names() {
                *spellings.entry(fold(name)).or_insert(true) &= is_acronym(name);
            }
            for (key, only) in spellings {
                if only {
                    acronym_only.entry(key).or_default().push(id as ActorId);
                }
            }
        }
        Shared {
            demonyms,
            given_names,
            acronym_only,
        }
    }
}

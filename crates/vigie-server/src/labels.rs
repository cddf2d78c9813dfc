//! Words the UI shows a reader, from the language packs: actions read as
//! verbs (`action_labels.tsv`) and role phrases grouped into one role
//! (`role_groups.tsv`), both in the reader's language.
//!
//! Nothing here knows a language: a pack that ships the two files is a
//! language the UI offers, and a role phrase of any language is matched
//! against the patterns of every pack, so a French "ministre russe des
//! Affaires étrangères" and an English "Foreign Minister" meet in one group
//! named in the reader's language.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use serde::Serialize;
use vigie_pipeline::{LangPack, LangPacks};
use vigie_store::RoleUse;

const ACTIONS_FILE: &str = "action_labels.tsv";
const ROLES_FILE: &str = "role_groups.tsv";
/// The language whose words stand in for a missing one.
const FALLBACK: &str = "en";

/// How an action reads in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActionLabel {
    /// The words alone ("demanded").
    pub alone: String,
    /// The words before a target ("made demands of").
    pub with_target: String,
}

/// What `/api/labels` gives the UI for one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LabelSet {
    /// The language of the words.
    pub lang: String,
    /// Every language the UI can be read in.
    pub languages: Vec<String>,
    /// Action → its words.
    pub actions: BTreeMap<String, ActionLabel>,
}

/// Role phrases of one actor that name the same role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoleGroup {
    /// The group's key (`foreign_minister`), or `phrase:` and the folded
    /// phrase when no pattern holds it.
    pub key: String,
    /// Its name in the reader's language (the phrase itself for an
    /// ungrouped one).
    pub label: String,
    /// The phrases it gathers, most used first.
    pub phrases: Vec<String>,
    /// Uses of its phrases (one per document and phrase).
    pub uses: i64,
    /// Earliest publication date among them.
    pub first: Option<String>,
    /// Latest publication date among them.
    pub last: Option<String>,
}

struct Pattern {
    words: Vec<String>,
    group: String,
}

/// The labels of every pack, compiled once.
pub struct Labels {
    actions: BTreeMap<String, BTreeMap<String, ActionLabel>>,
    role_names: BTreeMap<String, BTreeMap<String, String>>,
    broader: HashMap<String, String>,
    /// Longest pattern first, then file order: the first that matches wins.
    patterns: Vec<Pattern>,
}

/// The labels of the packs shipped in the binary.
pub fn builtin() -> &'static Labels {
    static LABELS: OnceLock<Labels> = OnceLock::new();
    LABELS.get_or_init(|| Labels::from_packs(&LangPacks::builtin()))
}

impl Labels {
    /// Compiles the label files of `packs`; a malformed line is skipped (the
    /// pack tests below keep the shipped files whole).
    pub fn from_packs(packs: &LangPacks) -> Labels {
        let mut labels = Labels {
            actions: BTreeMap::new(),
            role_names: BTreeMap::new(),
            broader: HashMap::new(),
            patterns: Vec::new(),
        };
        for pack in packs.iter() {
            labels.add_pack(pack);
        }
        // Stable: among patterns of one length, file order decides.
        labels
            .patterns
            .sort_by_key(|p| std::cmp::Reverse(p.words.len()));
        labels
    }

    fn add_pack(&mut self, pack: &LangPack) {
        let actions: BTreeMap<String, ActionLabel> = pack
            .lines(ACTIONS_FILE)
            .filter_map(|line| {
                let mut cols = line.split('\t').map(str::trim);
                let (action, alone, with_target) = (cols.next()?, cols.next()?, cols.next()?);
                Some((
                    action.to_owned(),
                    ActionLabel {
                        alone: alone.to_owned(),
                        with_target: with_target.to_owned(),
                    },
                ))
            })
            .collect();
        if !actions.is_empty() {
            self.actions.insert(pack.code().to_owned(), actions);
        }
        let mut names = BTreeMap::new();
        for line in pack.lines(ROLES_FILE) {
            let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
            let [key, broader, name, patterns] = cols.as_slice() else {
                continue;
            };
            names.insert((*key).to_owned(), (*name).to_owned());
            if *broader != "-" {
                self.broader
                    .insert((*key).to_owned(), (*broader).to_owned());
            }
            for pattern in patterns.split('|') {
                let words: Vec<String> = vigie_kb::fold(pattern)
                    .split_whitespace()
                    .map(str::to_owned)
                    .collect();
                if !words.is_empty() {
                    self.patterns.push(Pattern {
                        words,
                        group: (*key).to_owned(),
                    });
                }
            }
        }
        if !names.is_empty() {
            self.role_names.insert(pack.code().to_owned(), names);
        }
    }

    /// The languages the UI can be read in: those with action words.
    pub fn languages(&self) -> Vec<String> {
        self.actions.keys().cloned().collect()
    }

    /// The language served for `wanted`: itself when a pack has words for
    /// it, else the fallback.
    pub fn lang(&self, wanted: Option<&str>) -> String {
        match wanted {
            Some(code) if self.actions.contains_key(code) => code.to_owned(),
            _ => FALLBACK.to_owned(),
        }
    }

    /// The action words of a language.
    pub fn set(&self, wanted: Option<&str>) -> LabelSet {
        let lang = self.lang(wanted);
        LabelSet {
            actions: self.actions.get(&lang).cloned().unwrap_or_default(),
            languages: self.languages(),
            lang,
        }
    }

    /// The group a role phrase belongs to, if a pattern holds it.
    fn group_of(&self, phrase: &str) -> Option<&str> {
        let folded = vigie_kb::fold(phrase);
        let words: Vec<&str> = folded.split_whitespace().collect();
        self.patterns
            .iter()
            .find(|p| contains_in_order(&words, &p.words))
            .map(|p| p.group.as_str())
    }

    /// True when `group` narrows `ancestor`, directly or through others.
    fn narrows(&self, group: &str, ancestor: &str) -> bool {
        let mut at = group;
        // The chain is data: a cycle in it must not hang a request.
        for _ in 0..16 {
            match self.broader.get(at) {
                Some(up) if up == ancestor => return true,
                Some(up) => at = up,
                None => return false,
            }
        }
        false
    }

    fn role_name(&self, key: &str, lang: &str) -> Option<&String> {
        [lang, FALLBACK]
            .iter()
            .find_map(|l| self.role_names.get(*l)?.get(key))
    }

    /// One actor's role phrases grouped by the role they name, in `lang`,
    /// ordered as the phrases are (earliest first).
    pub fn group_roles(&self, roles: &[RoleUse], lang: &str) -> Vec<RoleGroup> {
        let mut keyed: Vec<(String, &RoleUse)> = roles
            .iter()
            .map(|r| {
                let key = self.group_of(&r.role).map_or_else(
                    || format!("phrase:{}", vigie_kb::fold(&r.role)),
                    str::to_owned,
                );
                (key, r)
            })
            .collect();
        // A broader role with exactly one narrower role of the same actor
        // is that role said loosely ("ministre" for a foreign minister).
        let keys: Vec<String> = keyed.iter().map(|(k, _)| k.clone()).collect();
        for (key, _) in keyed.iter_mut() {
            let mut narrower: Vec<&String> = keys.iter().filter(|k| self.narrows(k, key)).collect();
            narrower.sort();
            narrower.dedup();
            if let [only] = narrower.as_slice() {
                *key = (*only).clone();
            }
        }
        let mut groups: Vec<RoleGroup> = Vec::new();
        for (key, r) in keyed {
            let at = match groups.iter().position(|g| g.key == key) {
                Some(at) => at,
                None => {
                    groups.push(RoleGroup {
                        label: self
                            .role_name(&key, lang)
                            .cloned()
                            .unwrap_or_else(|| r.role.clone()),
                        key,
                        phrases: Vec::new(),
                        uses: 0,
                        first: None,
                        last: None,
                    });
                    groups.len() - 1
                }
            };
            let Some(group) = groups.get_mut(at) else {
                continue;
            };
            group.phrases.push(r.role.clone());
            group.uses += r.docs;
            group.first = min_date(group.first.take(), r.first.clone());
            group.last = max_date(group.last.take(), r.last.clone());
        }
        let uses: HashMap<&str, i64> = roles.iter().map(|r| (r.role.as_str(), r.docs)).collect();
        for g in &mut groups {
            g.phrases.sort_by(|a, b| {
                uses.get(b.as_str())
                    .cmp(&uses.get(a.as_str()))
                    .then_with(|| a.cmp(b))
            });
        }
        groups.sort_by(|a, b| a.first.cmp(&b.first).then_with(|| b.uses.cmp(&a.uses)));
        groups
    }
}

/// True when every word of `pattern` is in `words`, in that order.
fn contains_in_order(words: &[&str], pattern: &[String]) -> bool {
    let mut rest = words.iter();
    pattern.iter().all(|p| rest.any(|w| w == p))
}

fn min_date(a: Option<String>, b: Option<String>) -> Option<String> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn max_date(a: Option<String>, b: Option<String>) -> Option<String> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(phrase: &str, docs: i64, first: &str) -> RoleUse {
        RoleUse {
            role: phrase.to_owned(),
            docs,
            first: Some(first.to_owned()),
            last: Some(first.to_owned()),
        }
    }

    #[test]
    fn shipped_packs_label_every_contract_action_in_every_ui_language() {
        let labels = builtin();
        let langs = labels.languages();
        assert!(langs.contains(&"en".to_owned()) && langs.contains(&"fr".to_owned()));
        for lang in &langs {
            let set = labels.set(Some(lang));
            for action in [
                "statement",
                "consult",
                "meet",
                "visit",
                "appeal",
                "propose",
                "agree",
                "demand",
                "reject",
                "deny",
                "accuse",
                "threaten",
                "sanction",
                "military_posture",
            ] {
                let label = set.actions.get(action);
                assert!(
                    label.is_some_and(|l| !l.alone.is_empty() && !l.with_target.is_empty()),
                    "{lang}: {action}"
                );
            }
        }
        assert_eq!(labels.set(Some("fr")).actions["demand"].alone, "a exigé");
        assert_eq!(
            labels.set(Some("en")).actions["meet"].with_target,
            "met with"
        );
        // A language without words falls back rather than showing codes.
        assert_eq!(labels.set(Some("xx")).lang, "en");
    }

    #[test]
    fn every_shipped_role_line_has_four_columns_and_known_broader_groups() {
        for pack in LangPacks::builtin().iter() {
            let keys: Vec<String> = pack
                .lines(ROLES_FILE)
                .filter_map(|l| l.split('\t').next().map(str::to_owned))
                .collect();
            for line in pack.lines(ROLES_FILE) {
                let cols: Vec<&str> = line.split('\t').collect();
                assert_eq!(cols.len(), 4, "{}: {line}", pack.code());
                let broader = cols.get(1).copied().unwrap_or("-");
                assert!(
                    broader == "-" || keys.iter().any(|k| k == broader),
                    "{}: {line}",
                    pack.code()
                );
            }
        }
    }

    #[test]
    fn roles_in_two_languages_and_a_loose_word_make_one_role() {
        let roles = [
            role("Foreign Minister", 3, "2022-01-10"),
            role("ministre russe", 2, "2022-01-12"),
            role("ministre russe des Affaires étrangères", 1, "2022-02-01"),
        ];
        let en = builtin().group_roles(&roles, "en");
        assert_eq!(en.len(), 1, "{en:?}");
        assert_eq!(en[0].key, "foreign_minister");
        assert_eq!(en[0].label, "Foreign Minister");
        assert_eq!(en[0].uses, 6);
        assert_eq!(en[0].first.as_deref(), Some("2022-01-10"));
        assert_eq!(en[0].last.as_deref(), Some("2022-02-01"));
        assert_eq!(en[0].phrases[0], "Foreign Minister");
        let fr = builtin().group_roles(&roles, "fr");
        assert_eq!(fr[0].label, "ministre des Affaires étrangères");
    }

    #[test]
    fn the_longest_pattern_wins_and_a_loose_word_stays_apart_when_ambiguous() {
        let roles = [
            role("Deputy Foreign Minister", 1, "2022-01-01"),
            role("ministre de la Défense", 1, "2022-01-02"),
            role("ministre", 1, "2022-01-03"),
            role("counterpart", 1, "2022-01-04"),
        ];
        let groups = builtin().group_roles(&roles, "en");
        let keys: Vec<&str> = groups.iter().map(|g| g.key.as_str()).collect();
        // "ministre" could be either minister: it is left as it was said.
        assert_eq!(
            keys,
            [
                "deputy_foreign_minister",
                "defence_minister",
                "minister",
                "phrase:counterpart"
            ]
        );
        assert_eq!(groups[3].label, "counterpart");
    }

    #[test]
    fn a_cycle_in_the_broader_chain_ends() {
        let pack = LangPack::from_files(
            "xx",
            [(
                ROLES_FILE.to_owned(),
                "a\tb\tA\talpha\nb\ta\tB\tbeta\n".to_owned(),
            )],
        );
        let mut packs = LangPacks::default();
        packs.insert(pack);
        let labels = Labels::from_packs(&packs);
        assert!(!labels.narrows("a", "c"));
        assert_eq!(
            labels.group_roles(&[role("alpha", 1, "2022")], "xx")[0].label,
            "A"
        );
    }
}

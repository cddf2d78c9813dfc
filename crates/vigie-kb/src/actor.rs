use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use vigie_doc::EntityType;

/// Grammatical gender of a person, used to resolve "il" / "elle" / "she".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Gender {
    /// Masculine.
    M,
    /// Feminine.
    F,
}

/// One actor of the knowledge base: a line of a `kb/*.jsonl` file.
///
/// ```json
/// {"id": "person:sergei-lavrov", "type": "person",
///  "names": {"en": "Sergei Lavrov", "fr": "Sergueï Lavrov"},
///  "aliases": ["Sergey Lavrov", "Сергей Лавров", "Lavrov"],
///  "roles": {"fr": ["ministre russe des Affaires étrangères"], "en": ["Russian foreign minister"]},
///  "gender": "m", "code": "RUSGOV"}
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Actor {
    /// Stable id, `type:slug`; the same in every document and run.
    pub id: String,
    /// Person, organisation, location or group.
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// Country, city, region, continent, other (for locations).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtype: Option<String>,
    /// The name per ISO 639-1 language; `en` is required.
    pub names: BTreeMap<String, String>,
    /// Other names and spellings, in any language or script.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Role phrases per language ("secretary of state").
    #[serde(default)]
    pub roles: BTreeMap<String, Vec<String>>,
    /// Adjectives and nouns of nationality per language; never entities themselves.
    #[serde(default)]
    pub demonyms: BTreeMap<String, Vec<String>>,
    /// CAMEO-style actor code ("RUS", "USAGOV", "NATO").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// For persons, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
    /// For a city: the actor it stands for when it acts ("Moscou a exigé"),
    /// usually the state whose capital it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stands_for: Option<String>,
    /// The file (and line) the actor was read from; filled by the loader.
    #[serde(default, skip_deserializing)]
    pub origin: String,
}

impl Actor {
    /// The canonical name for a document in `lang`, per CONTRACT.md: English
    /// for organisations and places; for people, the spelling of the
    /// document's language when the knowledge base has one.
    pub fn canonical(&self, lang: Option<&str>) -> &str {
        let english = self.names.get("en").or_else(|| self.names.values().next());
        let chosen = match (self.kind, lang) {
            (EntityType::Person, Some(l)) => self.names.get(l).or(english),
            _ => english,
        };
        chosen.map_or(self.id.as_str(), String::as_str)
    }

    /// Every name the actor is known by: names in all languages, then aliases.
    pub fn all_names(&self) -> impl Iterator<Item = &str> {
        self.names
            .values()
            .chain(self.aliases.iter())
            .map(String::as_str)
    }
}

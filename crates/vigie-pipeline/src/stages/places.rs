//! `places`: every location entity resolved to a gazetteer point, and every
//! event given the place where it happened.
//!
//! The gazetteer (`vigie_kb::Gazetteer`, GeoNames) is loaded on the first
//! document that names a place. Resolution is reproducible: it depends on the
//! document only, never on the order of documents or threads.
//!
//! 1. A location the knowledge base knows is its linked entry (the build
//!    links kb countries by ISO code, kb cities and regions by name).
//! 2. Other locations look up every name they go by (canonical and mention
//!    texts, folded). A name with one candidate is taken.
//! 3. The document's context is a weight per country: the mentions of the
//!    places taken in 1–2, the dateline's country (3 each) and the outlet's
//!    (a knowledge-base medium whose code starts with an ISO alpha-3).
//! 4. An ambiguous name takes the candidate whose country the context names
//!    most, then whose first-level division it names most, then the one whose primary name it is (not an alternate name),
//!    then the kind (a country, a city of 100,000+, a division, a smaller
//!    city), then population, then the gazetteer's order.
//!
//! An event's place is the nearest location mention in its sentence that is
//! neither its actor nor its target (divisions and cities before countries),
//! else the dateline's place.

use std::sync::OnceLock;

use rustc_hash::FxHashMap as HashMap;
use vigie_doc::{Block, Doc, EntityType, EventPlace, PlaceKind, Span};
use vigie_kb::{Gazetteer, KnowledgeBase, PlaceId, fold};

use crate::{Error, Facet, Resources, Result, Stage};

/// Dateline weight of a country in the context, against one per mention.
const DATELINE_WEIGHT: u32 = 3;
/// A city this large is named more often than a division of the same name.
const BIG_CITY: u64 = 100_000;
/// A place this large may be named in a document about other countries.
const WORLD_CITY: u64 = 1_000_000;
/// A dateline place opens its paragraph within this many bytes.
const DATELINE_REACH: usize = 40;

/// The places stage.
pub struct Places {
    kb: std::sync::Arc<KnowledgeBase>,
    /// Built on first use: the gazetteer and the ISO alpha-3 → alpha-2 table.
    lazy: OnceLock<std::result::Result<Lazy, String>>,
}

struct Lazy {
    gazetteer: &'static Gazetteer,
    /// Knowledge-base country codes (alpha-3) to gazetteer countries (alpha-2).
    iso2: HashMap<String, String>,
}

impl Places {
    /// Builds the stage; the gazetteer itself is read on first use.
    pub fn new(res: &Resources) -> Result<Self> {
        Ok(Places {
            kb: res.kb.clone(),
            lazy: OnceLock::new(),
        })
    }

    fn lazy(&self) -> Result<&Lazy> {
        self.lazy
            .get_or_init(|| {
                let gazetteer = Gazetteer::builtin().map_err(|e| e.to_string())?;
                let mut iso2 = HashMap::default();
                for actor in self.kb.actors() {
                    let (Some(code), Some(place)) = (
                        actor.code.as_deref(),
                        gazetteer.by_kb(&actor.id).and_then(|p| gazetteer.place(p)),
                    ) else {
                        continue;
                    };
                    if place.kind == PlaceKind::Country && code.len() == 3 {
                        iso2.insert(code.to_owned(), place.country.clone());
                    }
                }
                Ok(Lazy { gazetteer, iso2 })
            })
            .as_ref()
            .map_err(|reason| Error::Stage {
                stage: "places",
                reason: reason.clone(),
            })
    }

    /// The outlet's country, when the knowledge base knows the outlet and its code.
    fn outlet_country<'l>(&self, lazy: &'l Lazy, doc: &Doc) -> Option<&'l String> {
        let outlet = doc.source.outlet.as_deref()?;
        let id = *self.kb.lookup_folded(&fold(outlet)).first()?;
        let code = self.kb.actor(id).code.as_deref()?;
        lazy.iso2.get(code.get(..3)?)
    }
}

impl Stage for Places {
    fn name(&self) -> &'static str {
        "places"
    }

    fn requires(&self) -> &'static [Facet] {
        &[Facet::Segments, Facet::Entities, Facet::Events]
    }

    fn assigns(&self) -> &'static [Facet] {
        &[Facet::Places]
    }

    fn run(&self, doc: &mut Doc) -> Result<()> {
        for e in &mut doc.entities {
            e.geo = None;
        }
        for e in &mut doc.events {
            e.place = None;
        }
        if !doc.entities.iter().any(|e| e.kind == EntityType::Location) {
            return Ok(());
        }
        let lazy = self.lazy()?;
        let g = lazy.gazetteer;
        let chosen = resolve(g, doc, self.outlet_country(lazy, doc).cloned());
        for (entity, place) in doc.entities.iter_mut().zip(&chosen) {
            entity.geo = place.and_then(|p| g.geo(p));
        }
        assign_event_places(doc);
        Ok(())
    }
}

/// Candidates of one location entity: its linked entry, or every entry one of its names names,
/// with whether the name is the entry's primary one.
fn candidates(g: &Gazetteer, e: &vigie_doc::Entity) -> Vec<(PlaceId, bool)> {
    if let Some(p) = g.by_kb(&e.id) {
        return vec![(p, true)];
    }
    // Continents and the like have no point; a kb region the gazetteer lacks stays unplaced
    // rather than taking a town that shares its name.
    if e.known && e.subtype.as_deref() != Some("city") {
        return Vec::new();
    }
    let mut keys: Vec<String> = std::iter::once(e.canonical.as_str())
        .chain(e.mentions.iter().map(|m| m.text.as_str()))
        .map(fold)
        .filter(|k| !k.is_empty())
        .collect();
    keys.sort_unstable();
    keys.dedup();
    let mut out: Vec<(PlaceId, bool)> = Vec::new();
    for key in &keys {
        for &p in g.named(key) {
            let primary = g.place(p).is_some_and(|pl| fold(&pl.name) == *key);
            match out.iter_mut().find(|(q, _)| *q == p) {
                Some(slot) => slot.1 |= primary,
                None => out.push((p, primary)),
            }
        }
    }
    out
}

/// Ranks kinds: countries, big cities, divisions, other cities.
fn kind_rank(kind: PlaceKind, population: u64) -> u8 {
    match kind {
        PlaceKind::Country => 3,
        PlaceKind::City if population >= BIG_CITY => 2,
        PlaceKind::Adm1 => 1,
        PlaceKind::City => 0,
    }
}

/// One chosen entry per entity (None for non-locations and names the gazetteer lacks).
fn resolve(g: &Gazetteer, doc: &Doc, outlet: Option<String>) -> Vec<Option<PlaceId>> {
    let cands: Vec<Vec<(PlaceId, bool)>> = doc
        .entities
        .iter()
        .map(|e| {
            if e.kind == EntityType::Location {
                candidates(g, e)
            } else {
                Vec::new()
            }
        })
        .collect();
    let mut chosen: Vec<Option<PlaceId>> = cands
        .iter()
        .map(|c| match c.as_slice() {
            [(p, _)] => Some(*p),
            _ => None,
        })
        .collect();
    let mut context: HashMap<&str, u32> = HashMap::default();
    let mut divisions: HashMap<(&str, &str), u32> = HashMap::default();
    for (e, p) in doc.entities.iter().zip(&chosen) {
        if let Some(place) = p.and_then(|p| g.place(p)) {
            let n = u32::try_from(e.mentions.len().max(1)).unwrap_or(u32::MAX);
            *context.entry(place.country.as_str()).or_default() += n;
            if place.kind != PlaceKind::Country {
                *divisions
                    .entry((place.country.as_str(), place.adm1.as_str()))
                    .or_default() += n;
            }
        }
    }
    if let Some(i) = dateline(doc) {
        let firm = chosen.get(i).copied().flatten();
        // An ambiguous dateline lends the country of its most populous reading.
        let reading = firm.or_else(|| {
            cands.get(i).and_then(|c| {
                c.iter()
                    .filter_map(|&(p, _)| g.place(p).map(|pl| (pl.population, p)))
                    .max()
                    .map(|(_, p)| p)
            })
        });
        if let Some(place) = reading.and_then(|p| g.place(p)) {
            *context.entry(place.country.as_str()).or_default() += DATELINE_WEIGHT;
        }
    }
    if let Some(cc) = &outlet {
        *context.entry(cc.as_str()).or_default() += 1;
    }
    for (slot, c) in chosen.iter_mut().zip(&cands) {
        if slot.is_some() || c.is_empty() {
            continue;
        }
        // A document that names its countries and none of a name's candidates speaks of a
        // place the gazetteer lacks (a French département "Nord", a village), unless the name
        // is a world city's.
        let in_context = |p: PlaceId| {
            g.place(p)
                .is_some_and(|pl| context.contains_key(pl.country.as_str()))
        };
        let foreign_only = !context.is_empty() && !c.iter().any(|&(p, _)| in_context(p));
        *slot = c
            .iter()
            .filter_map(|&(p, primary)| {
                let pl = g.place(p)?;
                if foreign_only && pl.population < WORLD_CITY {
                    return None;
                }
                let weight = context.get(pl.country.as_str()).copied().unwrap_or(0);
                let division = divisions
                    .get(&(pl.country.as_str(), pl.adm1.as_str()))
                    .copied()
                    .unwrap_or(0);
                let key = (
                    weight,
                    division,
                    primary,
                    kind_rank(pl.kind, pl.population),
                    pl.population,
                    std::cmp::Reverse(p),
                );
                Some((key, p))
            })
            .max()
            .map(|(_, p)| p);
    }
    chosen
}

/// The entity whose mention is the article's dateline: a location opening the first body
/// paragraph ("PARIS, 3 mars (AFP) –", "Kyiv (Reuters) -"), followed by a comma, a bracket, a
/// dash or a colon.
fn dateline(doc: &Doc) -> Option<usize> {
    let text = doc.text.as_deref()?;
    let para = doc
        .layout
        .paragraphs
        .iter()
        .find(|p| p.block == Block::Body)?;
    let mut best: Option<(usize, usize)> = None;
    for (i, e) in doc.entities.iter().enumerate() {
        if e.kind != EntityType::Location {
            continue;
        }
        for m in &e.mentions {
            if m.start < para.span.start || m.start > para.span.start + DATELINE_REACH {
                continue;
            }
            // Only capitals, spaces and punctuation before it: "LYON, France —" opens there.
            let lead = text.get(para.span.start..m.start).unwrap_or("x");
            if lead.chars().any(|c| c.is_lowercase()) {
                continue;
            }
            let after = text.get(m.end..para.span.end).unwrap_or("").trim_start();
            let opens = after
                .chars()
                .next()
                .is_some_and(|c| matches!(c, ',' | '(' | '—' | '–' | '-' | ':'));
            if opens && best.is_none_or(|(s, _)| m.start < s) {
                best = Some((m.start, i));
            }
        }
    }
    best.map(|(_, i)| i)
}

/// Gives each event the place its sentence names, else the dateline's.
fn assign_event_places(doc: &mut Doc) {
    // (start, end, entity) of every placed mention, in text order.
    let mut mentions: Vec<(usize, usize, usize)> = Vec::new();
    for (i, e) in doc.entities.iter().enumerate() {
        if e.geo.is_some() {
            mentions.extend(e.mentions.iter().map(|m| (m.start, m.end, i)));
        }
    }
    if mentions.is_empty() {
        return;
    }
    mentions.sort_unstable();
    let dateline = dateline(doc).filter(|&i| doc.entities.get(i).is_some_and(|e| e.geo.is_some()));
    let sentences = &doc.layout.sentences;
    let mut found: Vec<Option<(usize, &'static str)>> = Vec::with_capacity(doc.events.len());
    for ev in &doc.events {
        let at = ev.evidence.start;
        let sentence = sentences
            .get(sentences.partition_point(|s| s.end <= at))
            .copied()
            .unwrap_or(Span::new(at, ev.evidence.end));
        let from = mentions.partition_point(|m| m.0 < sentence.start);
        let best = mentions
            .get(from..)
            .unwrap_or(&[])
            .iter()
            .take_while(|m| m.1 <= sentence.end)
            .filter(|m| {
                doc.entities.get(m.2).is_some_and(|e| {
                    e.id != ev.actor && Some(e.id.as_str()) != ev.target.as_deref()
                })
            })
            .min_by_key(|m| {
                let country = doc
                    .entities
                    .get(m.2)
                    .and_then(|e| e.geo.as_ref())
                    .is_some_and(|g| g.kind == PlaceKind::Country);
                (country, m.0.abs_diff(at))
            })
            .map(|m| (m.2, "sentence"));
        found.push(best.or(dateline.map(|i| (i, "dateline"))));
    }
    for (ev, f) in doc.events.iter_mut().zip(found) {
        let Some((i, via)) = f else { continue };
        let Some(e) = doc.entities.get(i) else {
            continue;
        };
        if let Some(geo) = &e.geo {
            ev.place = Some(EventPlace {
                entity: e.id.clone(),
                via: via.to_owned(),
                geo: geo.clone(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use vigie_doc::{Doc, Source};

    use crate::{Pipeline, Resources};

    fn pipeline() -> &'static Pipeline {
        static P: std::sync::OnceLock<Pipeline> = std::sync::OnceLock::new();
        P.get_or_init(|| {
            let res = Resources {
                kb: Arc::new(vigie_kb::KnowledgeBase::builtin().unwrap()),
                packs: Arc::new(crate::LangPacks::builtin()),
            };
            Pipeline::standard(res).unwrap()
        })
    }

    fn run(text: &str, outlet: Option<&str>) -> Doc {
        let mut doc = Doc {
            source: Source {
                outlet: outlet.map(str::to_owned),
                ..Source::default()
            },
            ..Doc::default()
        };
        doc.layout.raw = text.to_owned();
        let _ = pipeline().run(&mut doc);
        doc
    }

    fn geo_of<'d>(doc: &'d Doc, canonical: &str) -> &'d vigie_doc::Geo {
        let e = doc
            .entities
            .iter()
            .find(|e| e.canonical == canonical)
            .unwrap_or_else(|| panic!("no {canonical}: {:#?}", doc.entities));
        e.geo
            .as_ref()
            .unwrap_or_else(|| panic!("{canonical} unplaced"))
    }

    #[test]
    fn known_places_take_their_linked_entry() {
        let doc = run(
            "Le président s'est rendu à Lyon mardi. La France et l'Allemagne ont signé un accord.",
            None,
        );
        let lyon = geo_of(&doc, "Lyon");
        assert_eq!(
            (lyon.country.as_str(), lyon.kind),
            ("FR", vigie_doc::PlaceKind::City)
        );
        assert!((lyon.lat - 45.75).abs() < 0.1, "{lyon:?}");
        assert_eq!(geo_of(&doc, "Germany").kind, vigie_doc::PlaceKind::Country);
    }

    #[test]
    fn ambiguous_names_follow_the_document_countries() {
        // An unknown town takes the country, then the division, the context names.
        let doc = run(
            "Roads were closed in Springfield on Monday, the governor of Illinois said in Chicago.",
            None,
        );
        let springfield = geo_of(&doc, "Springfield");
        assert_eq!(
            (springfield.country.as_str(), springfield.adm1.as_str()),
            ("US", "IL")
        );
        let doc = run(
            "Roads were closed in Springfield on Monday, the governor of Massachusetts said in Boston.",
            None,
        );
        assert_eq!(geo_of(&doc, "Springfield").adm1, "MA");
        // Candidates only abroad: a place the gazetteer lacks, not a guess.
        let doc = run(
            "Roads were closed in Springfield on Monday, the mayor of Berlin said in Germany.",
            None,
        );
        let springfield = doc.entities.iter().find(|e| e.canonical == "Springfield");
        assert!(
            springfield.is_some_and(|e| e.geo.is_none()),
            "{springfield:?}"
        );
    }

    #[test]
    fn events_take_the_place_of_their_sentence_else_the_dateline() {
        let doc = run(
            "GENEVA, March 3 (Reuters) - Officials spoke on Monday. \
             Russia accused Ukraine of breaking the truce.\n\n\
             Russia and Ukraine met in Istanbul on Friday.",
            None,
        );
        let places: Vec<(&str, &str)> = doc
            .events
            .iter()
            .filter_map(|e| e.place.as_ref())
            .map(|p| (p.via.as_str(), p.geo.full_name.as_str()))
            .collect();
        assert!(
            places.iter().any(|(via, _)| *via == "dateline"),
            "{places:?}"
        );
        assert!(
            places
                .iter()
                .any(|(via, name)| *via == "sentence" && name.starts_with("Istanbul")),
            "{places:?}"
        );
    }
}

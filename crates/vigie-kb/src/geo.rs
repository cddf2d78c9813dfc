//! The gazetteer: countries, first-level divisions and cities of 15,000+
//! inhabitants with their points, from GeoNames (`kb/geo/gazetteer.tsv`,
//! built by `kb/geo/build.py`; source and licence in `kb/README.md`).
//!
//! The file is embedded in the binary and parsed on first use only
//! ([`Gazetteer::builtin`]), so commands that never geocode never pay for it.

use std::sync::OnceLock;

use rustc_hash::FxHashMap as HashMap;
use vigie_doc::{Geo, PlaceKind};

use crate::{Error, Result, fold};

/// Index of a place in its gazetteer.
pub type PlaceId = u32;

/// One gazetteer entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// GeoNames id (countries, cities) or `CC.ADM1` key (divisions).
    pub feature_id: String,
    /// Country, division or city.
    pub kind: PlaceKind,
    /// ISO 3166-1 alpha-2 country code.
    pub country: String,
    /// FIPS 10-4 country code (GDELT's geographic country code).
    pub fips: String,
    /// GeoNames admin1 code inside the country, empty for a country.
    pub adm1: String,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// Inhabitants (for a division, the sum of its cities of 1,000+).
    pub population: u64,
    /// The gazetteer's primary (English) name.
    pub name: String,
    /// The knowledge-base actor this entry is, if any.
    pub kb_id: Option<String>,
}

/// The places and their indexes.
#[derive(Debug, Default)]
pub struct Gazetteer {
    places: Vec<Place>,
    /// Folded names (primary and alternate) to places, in file order.
    by_name: HashMap<String, Vec<PlaceId>>,
    by_kb: HashMap<String, PlaceId>,
    countries: HashMap<String, PlaceId>,
    divisions: HashMap<(String, String), PlaceId>,
}

const FILE: &str = "kb/geo/gazetteer.tsv";

impl Gazetteer {
    /// The gazetteer shipped in the binary, parsed once on first call
    /// (about 38,000 entries).
    pub fn builtin() -> Result<&'static Gazetteer> {
        static BUILTIN: OnceLock<std::result::Result<Gazetteer, String>> = OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                let text = crate::kb::embedded_file("geo/gazetteer.tsv")
                    .ok_or_else(|| format!("{FILE} is not embedded"))?;
                Gazetteer::parse(FILE, text).map_err(|e| e.to_string())
            })
            .as_ref()
            .map_err(|reason| Error::Parse {
                file: FILE.into(),
                line: 0,
                reason: reason.clone(),
            })
    }

    /// Parses the TSV format of `kb/geo/gazetteer.tsv` (columns in its header).
    pub fn parse(origin: &str, text: &str) -> Result<Self> {
        let mut g = Gazetteer::default();
        for (n, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let err = |reason: &str| Error::Parse {
                file: origin.to_owned(),
                line: n + 1,
                reason: reason.to_owned(),
            };
            let cols: Vec<&str> = line.split('\t').collect();
            let [fid, kind, cc, fips, adm1, lat, lon, pop, name, kb, names] = cols[..] else {
                return Err(err("expected 11 tab-separated columns"));
            };
            let kind = match kind {
                "country" => PlaceKind::Country,
                "adm1" => PlaceKind::Adm1,
                "city" => PlaceKind::City,
                _ => return Err(err("type must be country, adm1 or city")),
            };
            let num = |s: &str| s.parse::<f64>().map_err(|_| err("bad coordinate"));
            let id = PlaceId::try_from(g.places.len()).map_err(|_| err("too many places"))?;
            let place = Place {
                feature_id: fid.to_owned(),
                kind,
                country: cc.to_owned(),
                fips: fips.to_owned(),
                adm1: adm1.to_owned(),
                lat: num(lat)?,
                lon: num(lon)?,
                population: pop.parse().map_err(|_| err("bad population"))?,
                name: name.to_owned(),
                kb_id: (!kb.is_empty()).then(|| kb.to_owned()),
            };
            for alias in std::iter::once(name).chain(names.split('|')) {
                let key = fold(alias);
                if key.is_empty() {
                    continue;
                }
                let ids = g.by_name.entry(key).or_default();
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            if let Some(kb) = &place.kb_id {
                g.by_kb.entry(kb.clone()).or_insert(id);
            }
            match kind {
                PlaceKind::Country => {
                    g.countries.entry(place.country.clone()).or_insert(id);
                }
                PlaceKind::Adm1 => {
                    g.divisions
                        .entry((place.country.clone(), place.adm1.clone()))
                        .or_insert(id);
                }
                PlaceKind::City => {}
            }
            g.places.push(place);
        }
        Ok(g)
    }

    /// The place of an id this gazetteer gave.
    pub fn place(&self, id: PlaceId) -> Option<&Place> {
        self.places.get(id as usize)
    }

    /// The entry linked to a knowledge-base actor id ("location:lyon").
    pub fn by_kb(&self, actor_id: &str) -> Option<PlaceId> {
        self.by_kb.get(actor_id).copied()
    }

    /// Every place one of whose names folds to `key` (see [`fold`]).
    pub fn named(&self, key: &str) -> &[PlaceId] {
        self.by_name.get(key).map_or(&[], Vec::as_slice)
    }

    /// The country entry of an ISO alpha-2 code.
    pub fn country(&self, iso2: &str) -> Option<PlaceId> {
        self.countries.get(iso2).copied()
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.places.len()
    }

    /// True when the gazetteer has no entry.
    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    /// The record's view of a place: its name is completed with its division
    /// and country, as GDELT's full names are ("Lyon, Auvergne-Rhone-Alpes, France").
    pub fn geo(&self, id: PlaceId) -> Option<Geo> {
        let p = self.place(id)?;
        let mut full_name = p.name.clone();
        if p.kind == PlaceKind::City {
            let division = self
                .divisions
                .get(&(p.country.clone(), p.adm1.clone()))
                .and_then(|&d| self.place(d));
            if let Some(d) = division.filter(|d| d.name != p.name) {
                full_name.push_str(", ");
                full_name.push_str(&d.name);
            }
        }
        let country = self.country(&p.country).and_then(|c| self.place(c));
        if let Some(c) = country.filter(|_| p.kind != PlaceKind::Country) {
            full_name.push_str(", ");
            full_name.push_str(&c.name);
        }
        Some(Geo {
            feature_id: p.feature_id.clone(),
            kind: p.kind,
            full_name,
            country: p.country.clone(),
            adm1: p.adm1.clone(),
            lat: p.lat,
            lon: p.lon,
        })
    }

    /// FIPS 10-4 code of an ISO alpha-2 country (GDELT writes FIPS in its geographic columns).
    pub fn fips(&self, iso2: &str) -> Option<&str> {
        self.country(iso2)
            .and_then(|c| self.place(c))
            .map(|p| p.fips.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# header\n\
        3017382\tcountry\tFR\tFR\t\t46.6\t2.4\t66987244\tFrance\tlocation:france\tFrance\n\
        FR.84\tadm1\tFR\tFR\t84\t45.6\t4.7\t7000000\tAuvergne-Rhone-Alpes\t\t\n\
        2996944\tcity\tFR\tFR\t84\t45.7484\t4.8467\t472317\tLyon\tlocation:lyon\tLyons|Lion\n";

    #[test]
    fn parses_and_indexes() {
        let g = Gazetteer::parse("t", SAMPLE).unwrap();
        assert_eq!(g.len(), 3);
        let lyon = g.by_kb("location:lyon").unwrap();
        assert_eq!(g.named("lyons"), &[lyon]);
        let geo = g.geo(lyon).unwrap();
        assert_eq!(geo.full_name, "Lyon, Auvergne-Rhone-Alpes, France");
        assert_eq!(geo.kind, PlaceKind::City);
        assert_eq!(g.fips("FR"), Some("FR"));
        assert_eq!(g.geo(g.country("FR").unwrap()).unwrap().full_name, "France");
    }

    #[test]
    fn rejects_bad_lines() {
        let err = Gazetteer::parse("t", "1\tcity\tFR\n").unwrap_err();
        assert!(err.to_string().starts_with("t:1:"), "{err}");
        let bad_kind = SAMPLE.replace("\tcity\t", "\ttown\t");
        assert!(Gazetteer::parse("t", &bad_kind).is_err());
    }

    #[test]
    fn builtin_loads_fast_and_links_the_knowledge_base() {
        let t = std::time::Instant::now();
        let g = Gazetteer::builtin().unwrap();
        let elapsed = t.elapsed();
        assert!(g.len() > 30_000, "{}", g.len());
        // Every country of the knowledge base with an ISO code has its entry.
        assert!(g.by_kb("location:france").is_some());
        assert!(g.by_kb("location:paris").is_some());
        let moscou = g.named(&fold("Moscou"));
        assert!(
            moscou
                .iter()
                .any(|&p| g.by_kb("location:moscow") == Some(p))
        );
        // Generous bound for debug builds on a loaded machine: the release load is measured in
        // ARCHITECTURE.md.
        assert!(elapsed.as_secs() < 10, "{elapsed:?}");
    }
}

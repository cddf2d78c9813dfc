//! What makes two articles the same story: shared actors (rare ones count
//! more), shared events, shared wording, all inside a time window.

use std::collections::HashSet;

use vigie_doc::{Doc, EntityType};

use crate::minhash::{Signature, signature};

/// Days two publication dates may be apart and still tell one story.
pub const WINDOW_DAYS: i64 = 4;
/// Score from which an article joins a story.
pub const JOIN_SCORE: f64 = 0.28;

/// What clustering needs to know about one document.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    /// The document's id.
    pub doc_id: String,
    /// ISO 639-1 language, when detected.
    pub lang: Option<String>,
    /// Publication date as an inclusive range of days since 1970-01-01.
    pub date: Option<(i64, i64)>,
    /// Entity ids with their type weight (a person tells more than a country).
    pub entities: Vec<(String, f64)>,
    /// `actor|action|target` keys of the events.
    pub events: Vec<String>,
    /// MinHash signature of the text.
    pub signature: Option<Signature>,
    /// Digest of the body (`Doc::body_digest`), when the document has words:
    /// an equal digest is an exact copy, whatever the text's length.
    pub body_digest: Option<String>,
}

impl Profile {
    /// The profile of an analysed document.
    pub fn of(doc: &Doc) -> Profile {
        let mut entities: Vec<(String, f64)> = doc
            .entities
            .iter()
            .filter(|e| !e.mentions.is_empty())
            .map(|e| (e.id.clone(), type_weight(e.kind, e.subtype.as_deref())))
            .collect();
        entities.sort_by(|a, b| a.0.cmp(&b.0));
        entities.dedup_by(|a, b| a.0 == b.0);
        let mut events: Vec<String> = doc
            .events
            .iter()
            .map(|e| {
                format!(
                    "{}|{}|{}",
                    e.actor,
                    e.cameo,
                    e.target.as_deref().unwrap_or("")
                )
            })
            .collect();
        events.sort();
        events.dedup();
        Profile {
            doc_id: doc.doc_id.clone(),
            lang: doc.lang.clone(),
            date: doc.published.as_deref().and_then(day_range),
            entities,
            events,
            signature: signature(doc.text()),
            // An empty body is no content to copy: every page a scraper
            // emptied would otherwise be a copy of the first.
            body_digest: (!doc.body_digest.is_empty() && !doc.text().trim().is_empty())
                .then(|| doc.body_digest.clone()),
        }
    }

    /// True when the two publication dates are close enough (an unknown date
    /// does not rule a document out: many scraped pages lack one).
    pub fn in_window(&self, other: &Profile) -> bool {
        match (self.date, other.date) {
            (Some((a0, a1)), Some((b0, b1))) => {
                let gap = (b0 - a1).max(a0 - b1).max(0);
                gap <= WINDOW_DAYS
            }
            _ => true,
        }
    }
}

/// How much sharing an entity of this type says about sharing a story:
/// every article of a crisis names the countries involved, fewer name the
/// same minister.
fn type_weight(kind: EntityType, subtype: Option<&str>) -> f64 {
    match (kind, subtype) {
        (EntityType::Location, Some("country" | "continent" | "region")) => 0.35,
        (EntityType::Person, _) => 1.0,
        _ => 0.6,
    }
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inclusive range of days an ISO prefix ("2022-02-10", "2022-02",
/// "2022") covers; `None` for anything else.
pub fn day_range(iso: &str) -> Option<(i64, i64)> {
    let mut parts = iso.get(..iso.len().min(10))?.split('-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: Option<i64> = parts.next().map(str::parse).transpose().ok()?;
    let d: Option<i64> = parts.next().map(str::parse).transpose().ok()?;
    match (m, d) {
        (Some(m @ 1..=12), Some(d @ 1..=31)) => {
            let day = days_from_civil(y, m, d);
            Some((day, day))
        }
        (Some(m @ 1..=12), None) => {
            let start = days_from_civil(y, m, 1);
            let next = if m == 12 {
                days_from_civil(y + 1, 1, 1)
            } else {
                days_from_civil(y, m + 1, 1)
            };
            Some((start, next - 1))
        }
        (None, None) => Some((days_from_civil(y, 1, 1), days_from_civil(y, 12, 31))),
        _ => None,
    }
}

/// Inverse document frequency, smoothed so that the first documents of a
/// store, when counts mean little, weigh entities almost evenly.
pub fn idf(doc_freq: u64, docs: u64) -> f64 {
    (1.0 + (docs as f64 + 5.0) / (doc_freq as f64 + 1.0)).ln()
}

/// How likely `a` and `b` tell the same story, from 0 upwards; an article
/// joins a story from [`JOIN_SCORE`]. `weight` gives an entity's rarity.
pub fn score(a: &Profile, b: &Profile, weight: &mut impl FnMut(&str) -> f64) -> f64 {
    if !a.in_window(b) {
        return 0.0;
    }
    let (mut shared, mut union) = (0.0, 0.0);
    let (mut i, mut j) = (0, 0);
    while i < a.entities.len() || j < b.entities.len() {
        let next = match (a.entities.get(i), b.entities.get(j)) {
            (Some(x), Some(y)) if x.0 == y.0 => {
                i += 1;
                j += 1;
                let w = x.1 * weight(&x.0);
                shared += w;
                w
            }
            (Some(x), Some(y)) if x.0 < y.0 => {
                i += 1;
                x.1 * weight(&x.0)
            }
            (Some(_), Some(y)) | (None, Some(y)) => {
                j += 1;
                y.1 * weight(&y.0)
            }
            (Some(x), None) => {
                i += 1;
                x.1 * weight(&x.0)
            }
            (None, None) => break,
        };
        union += next;
    }
    let entities = if union > 0.0 { shared / union } else { 0.0 };
    let a_events: HashSet<&String> = a.events.iter().collect();
    let common_events = b.events.iter().filter(|e| a_events.contains(e)).count();
    let events = if common_events == 0 {
        0.0
    } else {
        common_events as f64 / a.events.len().min(b.events.len()).max(1) as f64
    };
    let text = match (&a.signature, &b.signature) {
        (Some(x), Some(y)) if a.lang == b.lang => x.jaccard(y),
        _ => 0.0,
    };
    entities + 0.15 * events + text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(id: &str, date: &str, entities: &[(&str, f64)]) -> Profile {
        Profile {
            doc_id: id.into(),
            lang: Some("fr".into()),
            date: day_range(date),
            entities: {
                let mut v: Vec<(String, f64)> =
                    entities.iter().map(|(e, w)| ((*e).into(), *w)).collect();
                v.sort_by(|a, b| a.0.cmp(&b.0));
                v
            },
            events: vec![],
            signature: None,
            body_digest: None,
        }
    }

    #[test]
    fn day_ranges() {
        assert_eq!(day_range("1970-01-01"), Some((0, 0)));
        assert_eq!(
            day_range("2022-02"),
            day_range("2022-02-01").map(|(a, _)| (a, a + 27))
        );
        assert_eq!(day_range("2024-02").map(|(a, b)| b - a), Some(28));
        assert_eq!(day_range("2022"), Some((18993, 19357)));
        assert_eq!(day_range("2022-13"), None);
        assert_eq!(day_range("soon"), None);
        assert_eq!(day_range("2022-01-10T08:00:00Z"), day_range("2022-01-10"));
    }

    #[test]
    fn shared_people_in_the_window_make_a_story() {
        let a = profile(
            "a",
            "2022-03-10",
            &[
                ("person:lavrov", 1.0),
                ("person:kuleba", 1.0),
                ("location:russia", 0.35),
            ],
        );
        let b = profile(
            "b",
            "2022-03-11",
            &[
                ("person:lavrov", 1.0),
                ("person:kuleba", 1.0),
                ("location:turkey", 0.35),
            ],
        );
        let c = profile(
            "c",
            "2022-03-20",
            &[("person:lavrov", 1.0), ("person:kuleba", 1.0)],
        );
        let mut w = |_: &str| 1.0;
        assert!(score(&a, &b, &mut w) >= JOIN_SCORE);
        assert_eq!(score(&a, &c, &mut w), 0.0, "outside the window");
        let d = profile("d", "2022-03", &[("location:russia", 0.35)]);
        assert!(
            score(&a, &d, &mut w) < JOIN_SCORE,
            "a shared country is not enough"
        );
    }
}

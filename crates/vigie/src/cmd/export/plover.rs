//! PLOVER events from Vigie records: one JSON object per event, through the
//! action → PLOVER table of `plover.tsv` (data, not code). Events PLOVER has no
//! type for (public statements, denials) are left out.

use std::io::Write;

use anyhow::{Result, bail};
use rustc_hash::FxHashMap as HashMap;
use serde_json::{Value, json};
use vigie_doc::{Doc, Event};

const TABLE: &str = include_str!("plover.tsv");

/// Writes PLOVER events.
pub struct Writer {
    /// Vigie action (snake_case) → (PLOVER event type, mode).
    table: HashMap<String, (String, Option<String>)>,
}

impl Writer {
    pub fn new() -> Result<Self> {
        let mut table = HashMap::default();
        for (n, line) in TABLE.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let [action, _cameo, kind, mode] = line.split('\t').collect::<Vec<_>>()[..] else {
                bail!("plover.tsv:{}: expected 4 columns", n + 1);
            };
            if kind != "-" {
                let mode = (mode != "-").then(|| mode.to_owned());
                table.insert(action.to_owned(), (kind.to_owned(), mode));
            }
        }
        Ok(Writer { table })
    }

    /// One line per event PLOVER can type.
    pub fn events(&self, out: &mut impl Write, doc: &Doc) -> Result<()> {
        for (i, ev) in doc.events.iter().enumerate() {
            if let Some(v) = self.event(doc, i, ev) {
                serde_json::to_writer(&mut *out, &v)?;
                out.write_all(b"\n")?;
            }
        }
        Ok(())
    }

    fn event(&self, doc: &Doc, i: usize, ev: &Event) -> Option<Value> {
        let action = serde_json::to_value(ev.action).ok()?;
        let (kind, mode) = self.table.get(action.as_str()?)?;
        let agent = |id: &str, name: &str, code: Option<&str>| json!({"name": name, "entity": id, "agent_code": code});
        let recipient = ev.target.as_deref().map(|t| {
            agent(
                t,
                ev.target_name.as_deref().unwrap_or(""),
                ev.target_code.as_deref(),
            )
        });
        let location = ev.place.as_ref().map(|p| {
            json!({
                "name": p.geo.full_name, "entity": p.entity, "via": p.via,
                "type": p.geo.kind, "country": p.geo.country, "adm1": p.geo.adm1,
                "lat": p.geo.lat, "lon": p.geo.lon, "feature_id": p.geo.feature_id,
            })
        });
        let span_text = doc.text.as_deref().map(|t| ev.evidence.slice(t));
        Some(json!({
            "id": format!("{}-{i}", doc.doc_id),
            "date": ev.date.as_deref().or(doc.published.as_deref()),
            "event_type": kind,
            "mode": mode,
            // PLOVER's contexts (political, military, economic...) need a topic model Vigie
            // does not have: always empty rather than guessed.
            "context": [],
            "actor": agent(&ev.actor, &ev.actor_name, ev.actor_code.as_deref()),
            "recipient": recipient,
            "location": location,
            "source": {
                "doc_id": doc.doc_id, "url": doc.source.url, "outlet": doc.source.outlet,
                "published": doc.published, "lang": doc.lang,
                "span": {"start": ev.evidence.start, "end": ev.evidence.end, "text": span_text},
            },
            "cameo": ev.cameo, "goldstein": ev.goldstein, "quad_class": ev.quad_class,
            "vigie_action": action,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_has_a_row_and_known_event_types() {
        let w = Writer::new().unwrap();
        const TYPES: &[&str] = &[
            "AGREE",
            "CONSULT",
            "SUPPORT",
            "CONCEDE",
            "COOPERATE",
            "AID",
            "RETREAT",
            "REQUEST",
            "ACCUSE",
            "REJECT",
            "THREATEN",
            "PROTEST",
            "SANCTION",
            "MOBILIZE",
            "COERCE",
            "ASSAULT",
        ];
        for (kind, _) in w.table.values() {
            assert!(TYPES.contains(&kind.as_str()), "{kind}");
        }
        let rows = TABLE.lines().filter(|l| !l.starts_with('#')).count();
        assert_eq!(rows, 14, "one row per Vigie action");
    }

    #[test]
    fn golden_event() {
        let doc = super::super::gdelt::tests::fixture();
        let mut out = Vec::new();
        Writer::new().unwrap().events(&mut out, &doc).unwrap();
        let v: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["event_type"], "ACCUSE");
        assert_eq!(v["actor"]["agent_code"], "RUS");
        assert_eq!(v["recipient"]["name"], "Ukraine");
        assert_eq!(v["location"]["country"], "FR");
        assert_eq!(v["location"]["type"], "city");
        assert_eq!(v["date"], "2023-03-03");
        assert_eq!(v["source"]["span"]["text"], "La Russie a accusé l'Ukraine");
        assert_eq!(out.iter().filter(|&&b| b == b'\n').count(), 1);
    }
}

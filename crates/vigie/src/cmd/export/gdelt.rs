//! GDELT 2.0 tables from Vigie records: the Event table (61 columns), the
//! Mentions table (16) and the Global Knowledge Graph 2.1 (27), tab-separated,
//! without a header line, in the codebooks' column order. A column Vigie
//! cannot fill is empty, as GDELT leaves it; ARCHITECTURE.md ("Exports") maps
//! every column.

use std::io::Write;

use anyhow::Result;
use rustc_hash::FxHashSet as HashSet;
use vigie_doc::{Doc, Entity, EntityType, Event, Geo, Granularity, PlaceKind, QuoteKind, Span};
use vigie_kb::{Gazetteer, KnowledgeBase};

/// The Event table's columns, in the GDELT 2.0 Event codebook's order.
pub const EVENT_COLUMNS: [&str; 61] = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// The Mentions table's columns (GDELT 2.0 Event codebook, Mentions table).
pub const MENTION_COLUMNS: [&str; 16] = [
    "GLOBALEVENTID",
    "EventTimeDate",
    "MentionTimeDate",
    "MentionType",
    "MentionSourceName",
    "MentionIdentifier",
    "SentenceID",
    "Actor1CharOffset",
    "Actor2CharOffset",
    "ActionCharOffset",
    "InRawText",
    "Confidence",
    "MentionDocLen",
    "MentionDocTone",
    "MentionDocTranslationInfo",
    "Extras",
];

/// The Global Knowledge Graph 2.1's columns (GKG 2.1 codebook).
pub const GKG_COLUMNS: [&str; 27] = [
    "GKGRECORDID",
    "V2.1DATE",
    "V2SOURCECOLLECTIONIDENTIFIER",
    "V2SOURCECOMMONNAME",
    "V2DOCUMENTIDENTIFIER",
    "V1COUNTS",
    "V2.1COUNTS",
    "V1THEMES",
    "V2ENHANCEDTHEMES",
    "V1LOCATIONS",
    "V2ENHANCEDLOCATIONS",
    "V1PERSONS",
    "V2ENHANCEDPERSONS",
    "V1ORGANIZATIONS",
    "V2ENHANCEDORGANIZATIONS",
    "V1.5TONE",
    "V2.1ENHANCEDDATES",
    "V2GCAM",
    "V2.1SHARINGIMAGE",
    "V2.1RELATEDIMAGES",
    "V2.1SOCIALIMAGEEMBEDS",
    "V2.1SOCIALVIDEOEMBEDS",
    "V2.1QUOTATIONS",
    "V2.1ALLNAMES",
    "V2.1AMOUNTS",
    "V2.1TRANSLATIONINFO",
    "V2EXTRASXML",
];

/// The column names of a GDELT format.
pub fn columns(format: crate::flags::ExportFormat) -> Option<&'static [&'static str]> {
    use crate::flags::ExportFormat::*;
    match format {
        GdeltEvents => Some(&EVENT_COLUMNS),
        GdeltMentions => Some(&MENTION_COLUMNS),
        GdeltGkg => Some(&GKG_COLUMNS),
        _ => None,
    }
}

/// CAMEO "not specified below" event code of each Vigie action (a root code
/// followed by 0, or the CAMEO code of the action itself where it has one).
fn event_code(ev: &Event) -> String {
    use vigie_doc::Action::*;
    match ev.action {
        // CAMEO 042 "Make a visit"; 044 "Meet at a third location" is not what "meet" says.
        Visit => "042".to_owned(),
        // CAMEO 013 "Make optimistic comment" is no denial: 0 below the root.
        _ => format!("{}0", ev.cameo),
    }
}

/// What GDELT needs besides the record: FIPS codes and the CAMEO country codes.
pub struct Writer {
    gazetteer: &'static Gazetteer,
    /// ISO alpha-3 codes of the knowledge base's countries: the country part of an actor code.
    countries: HashSet<String>,
    /// GKG rows written, for GKGRECORDID's sequence number.
    gkg_rows: u64,
}

impl Writer {
    pub fn new() -> Result<Self> {
        let kb = KnowledgeBase::builtin()?;
        let countries = kb
            .actors()
            .iter()
            .filter(|a| a.subtype.as_deref() == Some("country"))
            .filter_map(|a| a.code.clone())
            .filter(|c| c.len() == 3)
            .collect();
        Ok(Writer {
            gazetteer: Gazetteer::builtin()?,
            countries,
            gkg_rows: 0,
        })
    }

    /// One Event row per event of the document.
    pub fn events(&self, out: &mut impl Write, doc: &Doc) -> Result<()> {
        for (i, ev) in doc.events.iter().enumerate() {
            let row = self.event_row(doc, i, ev);
            write_row(out, &row)?;
        }
        Ok(())
    }

    fn event_row(&self, doc: &Doc, i: usize, ev: &Event) -> Vec<String> {
        let day = ev
            .date
            .as_deref()
            .and_then(ymd)
            .or_else(|| doc.published.as_deref().and_then(ymd));
        let mut row = Vec::with_capacity(61);
        row.push(event_id(&doc.doc_id, i).to_string());
        match day {
            Some((y, m, d)) => {
                row.push(format!("{y:04}{m:02}{d:02}"));
                row.push(format!("{y:04}{m:02}"));
                row.push(format!("{y:04}"));
                // GDELT's approximation: (month * 30 + day) / 365 of the year.
                let frac = f64::from((m - 1) * 30 + d) / 365.0;
                row.push(format!("{:.4}", f64::from(y) + frac));
            }
            None => row.extend(std::iter::repeat_n(String::new(), 4)),
        }
        row.extend(self.actor(ev.actor_code.as_deref(), Some(&ev.actor_name)));
        row.extend(self.actor(ev.target_code.as_deref(), ev.target_name.as_deref()));
        row.push(String::new()); // IsRootEvent: Vigie does not rank an article's events.
        let code = event_code(ev);
        row.push(code.clone());
        row.push(code.get(..3).unwrap_or(&code).to_owned());
        row.push(ev.cameo.clone());
        row.push(ev.quad_class.to_string());
        row.push(format!("{:.1}", ev.goldstein));
        row.extend(["1", "1", "1"].map(str::to_owned));
        row.push(
            doc.tone
                .map_or(String::new(), |t| format!("{:.6}", t.score)),
        );
        let geo_of = |id: &str| entity(doc, id).and_then(|e| e.geo.as_ref());
        row.extend(self.geo(geo_of(&ev.actor)));
        row.extend(self.geo(ev.target.as_deref().and_then(geo_of)));
        row.extend(self.geo(ev.place.as_ref().map(|p| &p.geo)));
        row.push(date_added(doc));
        row.push(field(source_url(doc)));
        row
    }

    /// The ten actor columns: code, name, country, known group, ethnic, two
    /// religions, three types.
    fn actor(&self, code: Option<&str>, name: Option<&str>) -> [String; 10] {
        let mut cols: [String; 10] = Default::default();
        let Some(name) = name else {
            return cols;
        };
        cols[1] = field(&name.to_uppercase());
        let Some(code) = code else {
            return cols;
        };
        cols[0] = field(code);
        match code.get(..3).filter(|c| self.countries.contains(*c)) {
            Some(country) => {
                cols[2] = country.to_owned();
                // Role codes of three letters each: GOV, MIL, LEG, MED...
                for (k, slot) in [7, 8, 9].into_iter().enumerate() {
                    if let Some(t) = code.get(3 + 3 * k..6 + 3 * k) {
                        cols[slot] = t.to_owned();
                    }
                }
            }
            None if matches!(code, "IGO" | "NGO" | "MNC") => cols[7] = code.to_owned(),
            // NATO, EUR, UNO...: CAMEO's known groups.
            None => cols[3] = code.to_owned(),
        }
        cols
    }

    /// The eight geographic columns: type, full name, country (FIPS), ADM1, ADM2, lat, long,
    /// feature id.
    fn geo(&self, geo: Option<&Geo>) -> [String; 8] {
        let mut cols: [String; 8] = Default::default();
        let Some(g) = geo else {
            return cols;
        };
        let fips = self.gazetteer.fips(&g.country).unwrap_or(&g.country);
        let us = g.country == "US";
        cols[0] = match (g.kind, us) {
            (PlaceKind::Country, _) => "1",
            (PlaceKind::Adm1, true) => "2",
            (PlaceKind::City, true) => "3",
            (PlaceKind::City, false) => "4",
            (PlaceKind::Adm1, false) => "5",
        }
        .to_owned();
        cols[1] = field(&g.full_name);
        cols[2] = fips.to_owned();
        cols[3] = match g.kind {
            PlaceKind::Country => fips.to_owned(),
            _ => format!("{fips}{}", g.adm1),
        };
        cols[5] = format!("{:.4}", g.lat);
        cols[6] = format!("{:.4}", g.lon);
        cols[7] = match g.kind {
            PlaceKind::City => g.feature_id.clone(),
            _ => cols[3].clone(),
        };
        cols
    }

    /// One Mentions row per event: this article mentions it.
    pub fn mentions(&self, out: &mut impl Write, doc: &Doc) -> Result<()> {
        let chars = CharIndex::new(doc.text.as_deref());
        let added = date_added(doc);
        let source_name = field(source_name(doc));
        for (i, ev) in doc.events.iter().enumerate() {
            let actor = mention_near(entity(doc, &ev.actor), ev.evidence);
            let target = ev
                .target
                .as_deref()
                .and_then(|t| mention_near(entity(doc, t), ev.evidence));
            // GDELT writes -1 where an actor has no offset.
            let offset = |s: Option<Span>| {
                s.and_then(|s| chars.of(s.start))
                    .map_or("-1".to_owned(), |c| c.to_string())
            };
            let in_raw =
                actor.is_some_and(|a| a.start >= ev.evidence.start && a.end <= ev.evidence.end);
            let row = [
                event_id(&doc.doc_id, i).to_string(),
                added.clone(),
                added.clone(),
                "1".to_owned(),
                source_name.clone(),
                field(source_url(doc)),
                String::new(),
                offset(actor),
                offset(target),
                chars
                    .of(ev.evidence.start)
                    .map_or(String::new(), |c| c.to_string()),
                if in_raw { "1" } else { "0" }.to_owned(),
                String::new(),
                chars.len().map_or(String::new(), |n| n.to_string()),
                doc.tone
                    .map_or(String::new(), |t| format!("{:.6}", t.score)),
                String::new(),
                String::new(),
            ];
            write_row(out, &row)?;
        }
        Ok(())
    }

    /// One GKG row for the article.
    pub fn gkg(&mut self, out: &mut impl Write, doc: &Doc) -> Result<()> {
        let chars = CharIndex::new(doc.text.as_deref());
        let off = |b: usize| chars.of(b).map_or(String::new(), |c| c.to_string());
        let date = date_added(doc);
        let id = format!("{date}-{}", self.gkg_rows);
        self.gkg_rows += 1;
        let (mut v1_loc, mut v2_loc) = (Vec::new(), Vec::new());
        let (mut v1_per, mut v2_per, mut v1_org, mut v2_org) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut all_names = Vec::new();
        for e in &doc.entities {
            let name = sub(&e.canonical);
            match (&e.kind, &e.geo) {
                (EntityType::Location, Some(g)) => {
                    let [t, full, cc, adm1, _, lat, lon, fid] = self.geo(Some(g)).map(|c| sub(&c));
                    v1_loc.push(format!("{t}#{full}#{cc}#{adm1}#{lat}#{lon}#{fid}"));
                    for m in &e.mentions {
                        v2_loc.push(format!(
                            "{t}#{full}#{cc}#{adm1}##{lat}#{lon}#{fid}#{}",
                            off(m.start)
                        ));
                    }
                }
                (EntityType::Person, _) => {
                    v1_per.push(name.clone());
                    v2_per.extend(
                        e.mentions
                            .iter()
                            .map(|m| format!("{name},{}", off(m.start))),
                    );
                }
                (EntityType::Organization | EntityType::Group, _) => {
                    v1_org.push(name.clone());
                    v2_org.extend(
                        e.mentions
                            .iter()
                            .map(|m| format!("{name},{}", off(m.start))),
                    );
                }
                _ => {}
            }
            all_names.extend(
                e.mentions
                    .iter()
                    .map(|m| (m.start, format!("{name},{}", off(m.start)))),
            );
        }
        all_names.sort();
        let tone = doc.tone.map_or(String::new(), |t| {
            // Tone, positive, negative, polarity, activity density, self/group density, words.
            let words = doc
                .text
                .as_deref()
                .map(|t| t.split_whitespace().count().to_string())
                .unwrap_or_default();
            format!(
                "{:.6},{:.6},{:.6},{:.6},,,{words}",
                t.score,
                t.positive,
                t.negative,
                t.positive + t.negative
            )
        });
        let dates: Vec<String> = doc
            .dates
            .iter()
            .filter_map(|d| {
                let value = d.value.as_deref()?;
                let (res, y, m, dd) = match (d.granularity, value.len()) {
                    (Granularity::Year, _) => (1, value.get(..4)?, "0", "0"),
                    (Granularity::Month, _) => (2, value.get(..4)?, value.get(5..7)?, "0"),
                    (_, n) if n >= 10 => (4, value.get(..4)?, value.get(5..7)?, value.get(8..10)?),
                    (_, n) if n >= 7 => (2, value.get(..4)?, value.get(5..7)?, "0"),
                    _ => (1, value.get(..4)?, "0", "0"),
                };
                let num = |s: &str| s.trim_start_matches('0').parse::<u32>().unwrap_or(0);
                Some(format!(
                    "{res}#{}#{}#{}#{}",
                    num(m),
                    num(dd),
                    num(y),
                    off(d.start)
                ))
            })
            .collect();
        let quotes: Vec<String> = doc
            .quotes
            .iter()
            .filter(|q| q.kind != QuoteKind::Indirect)
            .map(|q| {
                let len = chars
                    .of(q.end)
                    .zip(chars.of(q.start))
                    .map_or(String::new(), |(e, s)| (e - s).to_string());
                let verb = q.cue.as_deref().map(quote_sub).unwrap_or_default();
                format!("{}|{len}|{verb}|{}", off(q.start), quote_sub(&q.text))
            })
            .collect();
        let amounts: Vec<String> = doc
            .amounts
            .iter()
            .map(|a| {
                format!(
                    "{},{},{}",
                    a.value,
                    sub(a.unit.as_deref().unwrap_or("")),
                    off(a.start)
                )
            })
            .collect();
        let row = [
            id,
            date,
            "1".to_owned(),
            field(source_name(doc)),
            field(source_url(doc)),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            v1_loc.join(";"),
            v2_loc.join(";"),
            v1_per.join(";"),
            v2_per.join(";"),
            v1_org.join(";"),
            v2_org.join(";"),
            tone,
            dates.join(";"),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            quotes.join("#"),
            all_names
                .into_iter()
                .map(|(_, n)| n)
                .collect::<Vec<_>>()
                .join(";"),
            amounts.join(";"),
            String::new(),
            speakers_xml(doc),
        ];
        write_row(out, &row)
    }
}

/// The speakers of the article's quotations, which GDELT lacks, as extra XML
/// (V2EXTRASXML is GDELT's place for what its columns do not hold).
fn speakers_xml(doc: &Doc) -> String {
    let mut xml = String::new();
    for q in &doc.quotes {
        let Some(name) = q.speaker_name.as_deref() else {
            continue;
        };
        if xml.is_empty() {
            xml.push_str("<SPEAKERS>");
        }
        let kind = match q.kind {
            QuoteKind::Direct => "direct",
            QuoteKind::Partial => "partial",
            QuoteKind::Indirect => "indirect",
        };
        xml.push_str(&format!(
            "<SPEAKER offset=\"{}\" kind=\"{kind}\" id=\"{}\">{}</SPEAKER>",
            q.start,
            xml_escape(q.speaker.as_deref().unwrap_or("")),
            xml_escape(name)
        ));
    }
    if !xml.is_empty() {
        xml.push_str("</SPEAKERS>");
    }
    field(&xml)
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn entity<'d>(doc: &'d Doc, id: &str) -> Option<&'d Entity> {
    doc.entities.iter().find(|e| e.id == id)
}

/// The entity's mention nearest the evidence (inside it first).
fn mention_near(e: Option<&Entity>, evidence: Span) -> Option<Span> {
    e?.mentions
        .iter()
        .min_by_key(|m| {
            let inside = m.start >= evidence.start && m.end <= evidence.end;
            (!inside, m.start.abs_diff(evidence.start))
        })
        .map(|m| Span::new(m.start, m.end))
}

/// A stable GLOBALEVENTID: FNV-1a of the publication id, 48 bits, times 1000 plus the event's
/// rank (GDELT's ids are integers; these fit a signed 64-bit column).
fn event_id(doc_id: &str, i: usize) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in doc_id.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (h >> 16) * 1000 + (i % 1000) as u64
}

/// Year, month, day of an ISO date with a day.
fn ymd(s: &str) -> Option<(u32, u32, u32)> {
    let y = s.get(..4)?.parse().ok()?;
    let m = s.get(5..7)?.parse().ok()?;
    let d = s.get(8..10)?.parse().ok()?;
    (s.get(4..5) == Some("-") && (1..=12).contains(&m) && (1..=31).contains(&d))
        .then_some((y, m, d))
}

/// DATEADDED / V2.1DATE: the publication day at midnight (Vigie has no crawl time).
fn date_added(doc: &Doc) -> String {
    doc.published
        .as_deref()
        .and_then(ymd)
        .map_or(String::new(), |(y, m, d)| {
            format!("{y:04}{m:02}{d:02}000000")
        })
}

fn source_url(doc: &Doc) -> &str {
    doc.source
        .url
        .as_deref()
        .or(doc.source.path.as_deref())
        .unwrap_or("")
}

/// The source's common name: the URL's host without "www.", else the outlet.
fn source_name(doc: &Doc) -> &str {
    let host = doc.source.url.as_deref().and_then(|u| {
        let rest = u.split_once("://").map_or(u, |(_, r)| r);
        let host = rest.split(['/', '?', '#']).next()?;
        Some(host.strip_prefix("www.").unwrap_or(host)).filter(|h| !h.is_empty())
    });
    host.or(doc.source.outlet.as_deref()).unwrap_or("")
}

/// A column value: tabs and line breaks would split the row, so they become spaces.
fn field(s: &str) -> String {
    s.chars()
        .map(|c| {
            if matches!(c, '\t' | '\n' | '\r') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// A value inside a delimited GKG column: its delimiters (; # , |) become spaces too.
fn sub(s: &str) -> String {
    s.chars()
        .map(|c| {
            if matches!(c, '\t' | '\n' | '\r' | ';' | '#' | ',' | '|') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// A quotation inside V2.1QUOTATIONS, whose delimiters are | and #.
fn quote_sub(s: &str) -> String {
    s.chars()
        .map(|c| {
            if matches!(c, '\t' | '\n' | '\r' | '#' | '|') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

fn write_row(out: &mut impl Write, cols: &[String]) -> Result<()> {
    out.write_all(cols.join("\t").as_bytes())?;
    out.write_all(b"\n")?;
    Ok(())
}

/// Byte offsets of the record to GDELT's character offsets.
struct CharIndex {
    /// Byte offset of every character start, plus the text's end.
    starts: Option<Vec<usize>>,
}

impl CharIndex {
    fn new(text: Option<&str>) -> Self {
        CharIndex {
            starts: text.map(|t| {
                t.char_indices()
                    .map(|(b, _)| b)
                    .chain(std::iter::once(t.len()))
                    .collect()
            }),
        }
    }

    fn of(&self, byte: usize) -> Option<usize> {
        self.starts.as_ref()?.binary_search(&byte).ok()
    }

    fn len(&self) -> Option<usize> {
        self.starts.as_ref().map(|s| s.len().saturating_sub(1))
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// A record written for this test: an invented dispatch with a tab and a line break in a
    /// name, a quotation, a date and an amount.
    pub fn fixture() -> Doc {
        let text = "GENÈVE, 3 mars — La Russie a accusé l'Ukraine à Lyon. « Nous refusons », a dit Ivan Petrov. 200 soldats le 2 mars.";
        let at = |s: &str| text.find(s).unwrap();
        let json = serde_json::json!({
            "doc_id": "00112233445566778899aabbccddeeff",
            "body_digest": "x",
            "source": {"path": "a.txt", "url": "https://www.example.org/news/1", "outlet": "Example", "agencies": [], "format": "text"},
            "published": "2023-03-03",
            "title": "Titre",
            "lang": "fr",
            "text": text,
            "entities": [
                {"id": "location:russia", "type": "location", "subtype": "country", "canonical": "Russia", "roles": [],
                 "mentions": [{"text": "Russie", "start": at("Russie"), "end": at("Russie") + 6}], "known": true, "code": "RUS",
                 "geo": {"feature_id": "2017370", "type": "country", "full_name": "Russia", "country": "RU", "adm1": "", "lat": 61.5, "lon": 90.1}},
                {"id": "location:ukraine", "type": "location", "subtype": "country", "canonical": "Ukraine", "roles": [],
                 "mentions": [{"text": "Ukraine", "start": at("Ukraine"), "end": at("Ukraine") + 7}], "known": true, "code": "UKR",
                 "geo": {"feature_id": "690791", "type": "country", "full_name": "Ukraine", "country": "UA", "adm1": "", "lat": 48.9546, "lon": 32.4434}},
                {"id": "location:lyon", "type": "location", "subtype": "city", "canonical": "Lyon", "roles": [],
                 "mentions": [{"text": "Lyon", "start": at("Lyon"), "end": at("Lyon") + 4}], "known": true,
                 "geo": {"feature_id": "2996944", "type": "city", "full_name": "Lyon, Auvergne-Rhone-Alpes, France", "country": "FR", "adm1": "84", "lat": 45.7484, "lon": 4.8467}},
                {"id": "person:ivan-petrov", "type": "person", "canonical": "Ivan\tPetrov;\nJr", "roles": [],
                 "mentions": [{"text": "Ivan Petrov", "start": at("Ivan"), "end": at("Ivan") + 11}], "known": false}
            ],
            "quotes": [{"text": "Nous refusons", "start": at("Nous"), "end": at("Nous") + 13, "kind": "direct",
                        "speaker": "person:ivan-petrov", "speaker_name": "Ivan Petrov", "cue": "a dit"}],
            "dates": [{"text": "2 mars", "start": at("2 mars"), "end": at("2 mars") + 6, "value": "2023-03-02", "granularity": "day"}],
            "amounts": [{"text": "200 soldats", "start": at("200"), "end": at("200") + 11, "value": 200.0, "unit": "soldats", "approx": false}],
            "events": [{"actor": "location:russia", "actor_name": "Russia", "actor_code": "RUS", "action": "accuse", "cameo": "11",
                        "target": "location:ukraine", "target_name": "Ukraine", "target_code": "UKRGOV", "date": "2023-03-03",
                        "goldstein": -2.0, "quad_class": 3, "evidence": {"start": at("La Russie"), "end": at(" à Lyon")},
                        "place": {"entity": "location:lyon", "via": "sentence",
                                  "geo": {"feature_id": "2996944", "type": "city", "full_name": "Lyon, Auvergne-Rhone-Alpes, France", "country": "FR", "adm1": "84", "lat": 45.7484, "lon": 4.8467}}}],
            "tone": {"score": -2.5, "positive": 0.0, "negative": 2.5}
        });
        serde_json::from_value(json).unwrap()
    }

    fn lines(f: impl FnOnce(&mut Writer, &mut Vec<u8>)) -> Vec<String> {
        let mut w = Writer::new().unwrap();
        let mut out = Vec::new();
        f(&mut w, &mut out);
        String::from_utf8(out)
            .unwrap()
            .lines()
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn event_rows_have_61_columns_in_the_codebook_order() {
        let doc = fixture();
        let rows = lines(|w, out| w.events(out, &doc).unwrap());
        assert_eq!(rows.len(), 1);
        let cols: Vec<&str> = rows[0].split('\t').collect();
        assert_eq!(cols.len(), EVENT_COLUMNS.len());
        let col = |name: &str| cols[EVENT_COLUMNS.iter().position(|c| *c == name).unwrap()];
        assert_eq!(col("SQLDATE"), "20230303");
        assert_eq!(col("Actor1Name"), "RUSSIA");
        assert_eq!(col("Actor2CountryCode"), "UKR");
        assert_eq!(col("Actor2Type1Code"), "GOV");
        assert_eq!(col("EventRootCode"), "11");
        assert_eq!(col("ActionGeo_CountryCode"), "FR");
        assert_eq!(
            col("Actor1Geo_CountryCode"),
            "RS",
            "GDELT writes FIPS codes"
        );
        assert_eq!(col("SOURCEURL"), "https://www.example.org/news/1");
        // The golden row.
        let golden = format!(
            "{}\t20230303\t202303\t2023\t2023.1726\tRUS\tRUSSIA\tRUS\t\t\t\t\t\t\t\t\
             UKRGOV\tUKRAINE\tUKR\t\t\t\t\tGOV\t\t\t\t110\t110\t11\t3\t-2.0\t1\t1\t1\t-2.500000\t\
             1\tRussia\tRS\tRS\t\t61.5000\t90.1000\tRS\t\
             1\tUkraine\tUP\tUP\t\t48.9546\t32.4434\tUP\t\
             4\tLyon, Auvergne-Rhone-Alpes, France\tFR\tFR84\t\t45.7484\t4.8467\t2996944\t\
             20230303000000\thttps://www.example.org/news/1",
            event_id(&doc.doc_id, 0)
        );
        assert_eq!(rows[0], golden);
    }

    #[test]
    fn mention_rows_have_16_columns_and_character_offsets() {
        let doc = fixture();
        let rows = lines(|w, out| w.mentions(out, &doc).unwrap());
        let cols: Vec<&str> = rows[0].split('\t').collect();
        assert_eq!(cols.len(), MENTION_COLUMNS.len());
        let text = doc.text.as_deref().unwrap();
        // "GENÈVE" has a two-byte letter: offsets count characters.
        let russie = text[..text.find("Russie").unwrap()].chars().count();
        assert_eq!(cols[7], russie.to_string());
        let golden = format!(
            "{}\t20230303000000\t20230303000000\t1\texample.org\thttps://www.example.org/news/1\t\t{russie}\t{}\t{}\t1\t\t{}\t-2.500000\t\t",
            event_id(&doc.doc_id, 0),
            text[..text.find("Ukraine").unwrap()].chars().count(),
            text[..text.find("La Russie").unwrap()].chars().count(),
            text.chars().count()
        );
        assert_eq!(rows[0], golden);
    }

    #[test]
    fn gkg_rows_have_27_columns_and_escape_names() {
        let doc = fixture();
        let rows = lines(|w, out| w.gkg(out, &doc).unwrap());
        assert_eq!(
            rows.len(),
            1,
            "a tab or newline in a name must not split the row"
        );
        let cols: Vec<&str> = rows[0].split('\t').collect();
        assert_eq!(cols.len(), GKG_COLUMNS.len());
        let col = |name: &str| cols[GKG_COLUMNS.iter().position(|c| *c == name).unwrap()];
        let text = doc.text.as_deref().unwrap();
        let c = |s: &str| text[..text.find(s).unwrap()].chars().count();
        assert_eq!(col("GKGRECORDID"), "20230303000000-0");
        assert_eq!(col("V1PERSONS"), "Ivan Petrov  Jr");
        assert_eq!(
            col("V2ENHANCEDPERSONS"),
            format!("Ivan Petrov  Jr,{}", c("Ivan"))
        );
        assert_eq!(
            col("V2ENHANCEDLOCATIONS").split(';').nth(2).unwrap(),
            format!(
                "4#Lyon  Auvergne-Rhone-Alpes  France#FR#FR84##45.7484#4.8467#2996944#{}",
                c("Lyon")
            )
        );
        assert_eq!(col("V1.5TONE").split(',').count(), 7);
        assert_eq!(
            col("V2.1ENHANCEDDATES"),
            format!("4#3#2#2023#{}", c("2 mars"))
        );
        assert_eq!(
            col("V2.1QUOTATIONS"),
            format!("{}|13|a dit|Nous refusons", c("Nous"))
        );
        assert_eq!(col("V2.1AMOUNTS"), format!("200,soldats,{}", c("200")));
        assert!(col("V2EXTRASXML").contains(">Ivan Petrov</SPEAKER>"));
    }

    #[test]
    fn fields_never_carry_separators() {
        assert_eq!(field("a\tb\nc\rd"), "a b c d");
        assert_eq!(sub("a;b#c,d|e"), "a b c d e");
        assert_eq!(ymd("2023-02-30x"), Some((2023, 2, 30)));
        assert_eq!(ymd("2023-13-01"), None);
        assert_eq!(ymd("2023"), None);
    }
}

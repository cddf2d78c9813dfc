use serde::{Deserialize, Serialize};

use crate::Span;

/// Which reader produced a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Plain text, possibly with scraped residue.
    #[default]
    Text,
    /// An HTML page.
    Html,
    /// A record of a WARC archive.
    Warc,
    /// An item of an RSS, Atom or JSON feed.
    Rss,
    /// A line of a JSON Lines file.
    Jsonl,
}

/// Where a document came from.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Source {
    /// The file it was read from (with `:LINE` for a JSONL line), or `-` for stdin.
    pub path: Option<String>,
    /// The article's URL, when the input gives one.
    pub url: Option<String>,
    /// The publishing outlet ("Sputnik France"), when known.
    pub outlet: Option<String>,
    /// News agencies credited in the text (AFP, Reuters, …), in order of first credit.
    #[serde(default)]
    pub agencies: Vec<String>,
    /// The reader that produced the document.
    pub format: Format,
    /// The `id` a JSONL line carried, kept so users can join records back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The author(s) the page names, comma-separated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Where each piece of metadata the reader found came from, by record
    /// field (`title`, `published`, `author`, `outlet`, `lang`, `url`):
    /// `"published": "json-ld:datePublished"`, `"outlet": "og:site_name"`.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub provenance: std::collections::BTreeMap<String, String>,
    /// When `vigie watch` fetched the page (RFC 3339, UTC); absent for files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fetched: Option<String>,
}

/// Entity types of the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityType {
    /// A named person.
    Person,
    /// Organisations, institutions, ministries, media, parties, companies.
    Organization,
    /// Places: countries, cities, regions, continents, venues.
    Location,
    /// Named groups that are neither organisations nor places (armed groups, peoples' movements).
    Group,
}

impl EntityType {
    /// The lowercase name used in ids and in the record.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Person => "person",
            EntityType::Organization => "organization",
            EntityType::Location => "location",
            EntityType::Group => "group",
        }
    }
}

/// One occurrence of an entity in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// The exact text of the span.
    pub text: String,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Mention {
    /// The mention's span.
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

/// A distinct real-world entity of one document, with all its mentions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Stable across documents and runs: `type:slug`.
    pub id: String,
    /// Person, organisation, location or group.
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// Finer type: country, city, region, continent, other.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtype: Option<String>,
    /// The canonical name (see CONTRACT.md for the language rules).
    pub canonical: String,
    /// Role phrases the text attaches to the entity ("chef de la diplomatie russe").
    #[serde(default)]
    pub roles: Vec<String>,
    /// Every mention, in text order.
    pub mentions: Vec<Mention>,
    /// True when the entity came from the knowledge base.
    pub known: bool,
    /// CAMEO-style actor code from the knowledge base ("RUS", "NATO"), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// For a location: the gazetteer entry it was resolved to (the `places` stage).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geo: Option<Geo>,
}

/// The kind of a gazetteer feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaceKind {
    /// A sovereign state or territory with an ISO 3166-1 code.
    Country,
    /// A first-level administrative division.
    Adm1,
    /// A populated place.
    City,
}

/// A point of the gazetteer (GeoNames, `kb/geo/gazetteer.tsv`): what a location was resolved to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Geo {
    /// GeoNames id for countries and cities; `CC.ADM1` (GeoNames admin1 key) for divisions.
    pub feature_id: String,
    /// Country, first-level division or city.
    #[serde(rename = "type")]
    pub kind: PlaceKind,
    /// The gazetteer's name with its division and country: "Lyon, Auvergne-Rhone-Alpes, France".
    pub full_name: String,
    /// ISO 3166-1 alpha-2 code of the country ("FR").
    pub country: String,
    /// GeoNames admin1 code inside the country ("84"), empty for a country.
    pub adm1: String,
    /// Latitude, WGS84 degrees.
    pub lat: f64,
    /// Longitude, WGS84 degrees.
    pub lon: f64,
}

/// Where an event happened: a location entity of the document and its point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventPlace {
    /// Entity id of the location.
    pub entity: String,
    /// `sentence` when the event's sentence names it, `dateline` when the article's dateline does.
    pub via: String,
    /// The gazetteer entry.
    pub geo: Geo,
}

/// How a quotation is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// A full utterance inside quotation marks.
    Direct,
    /// A fragment of two or more content words inside reported speech.
    Partial,
    /// Reported speech without marks ("Lavrov a déclaré que…").
    Indirect,
}

/// A quotation and who said it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// The words inside the marks, trimmed.
    pub text: String,
    /// First byte of `text`.
    pub start: usize,
    /// One past the last byte of `text`.
    pub end: usize,
    /// Direct, partial or indirect.
    pub kind: QuoteKind,
    /// Entity id of the speaker in the same record.
    pub speaker: Option<String>,
    /// Canonical name of the speaker.
    pub speaker_name: Option<String>,
    /// The reporting cue ("a déclaré", "said").
    pub cue: Option<String>,
    /// The mention of the speaker that justified the attribution.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker_mention: Option<Span>,
    /// How the speaker was found: "cue" (named in the cue's clause),
    /// "pronoun", "role" (a role noun such as "le ministre"), "surname",
    /// "statement" (the issuer of a communiqué), "according_to" ("selon X",
    /// "according to X"), "subject" (the subject of the quote's sentence),
    /// "previous" (continued from the previous quote or sentence).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker_via: Option<String>,
}

/// How precise a date value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Granularity {
    /// A single day.
    Day,
    /// A week; `value` is its Monday ("2022-03-07").
    Week,
    /// A month.
    Month,
    /// A year.
    Year,
    /// Several days or years; `value` is "start/end", both ISO prefixes of
    /// the same precision ("2022-07-13/2022-07-15", "2014/2016"), so its
    /// first ten characters are the first day.
    Range,
}

/// A date mentioned in the text, resolved where the text determines it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DateMention {
    /// The exact text.
    pub text: String,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// ISO 8601 prefix ("2021-12-22", "2022-01", "2022"), a range's
    /// "start/end" ("2022-07-13/2022-07-15"), or null when unresolved.
    pub value: Option<String>,
    /// Precision of the expression.
    pub granularity: Granularity,
}

/// A number with what it counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Amount {
    /// The minimal number + unit span.
    pub text: String,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The normalised value.
    pub value: f64,
    /// The counted noun, the currency, or "%".
    pub unit: Option<String>,
    /// True for "environ", "plus de", "about", "une vingtaine"…
    pub approx: bool,
    /// For one end of a range ("entre 10 et 15 %", "10 to 15 percent"):
    /// the range's low and high values, given on both ends' records.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<[f64; 2]>,
}

/// The actions events are coded with (CONTRACT.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Action {
    Statement,
    Consult,
    Meet,
    Visit,
    Appeal,
    Propose,
    Agree,
    Demand,
    Reject,
    Deny,
    Accuse,
    Threaten,
    Sanction,
    MilitaryPosture,
}

/// Who did what to whom, CAMEO-coded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Entity id of the actor.
    pub actor: String,
    /// Canonical name of the actor.
    pub actor_name: String,
    /// CAMEO-style code of the actor, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor_code: Option<String>,
    /// The action.
    pub action: Action,
    /// CAMEO root code, "01"–"20".
    pub cameo: String,
    /// The finest CAMEO code the trigger determines ("036", "1123"), from
    /// the codebook; its root may differ from `cameo` where the contract maps
    /// an action to one root (an invasion is 192, coded `military_posture`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cameo_code: Option<String>,
    /// Entity id of the target, when the counterpart is a named entity.
    pub target: Option<String>,
    /// Canonical name of the target.
    pub target_name: Option<String>,
    /// CAMEO-style code of the target, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_code: Option<String>,
    /// ISO date of the event.
    pub date: Option<String>,
    /// Goldstein value of the CAMEO root.
    pub goldstein: f64,
    /// GDELT quad class, 1–4.
    pub quad_class: u8,
    /// The span that states the event.
    pub evidence: Span,
    /// Where it happened (the `places` stage), when the sentence or the dateline says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<EventPlace>,
}

/// Document tone on GDELT's scale: words per hundred.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Tone {
    /// Positive minus negative.
    pub score: f64,
    /// Positive words per hundred words.
    pub positive: f64,
    /// Negative words per hundred words.
    pub negative: f64,
}

/// Duplicate and story membership.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Cluster {
    /// `doc_id` of the earlier document this one duplicates.
    pub duplicate_of: Option<String>,
    /// Story id.
    pub story: Option<String>,
}

/// A document as it flows through the pipeline, and the record it becomes.
///
/// Fields that are not part of the record (the paragraph layout found by the
/// cleaner) are skipped by serde.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Doc {
    /// The publication's identity (see [`crate::doc_id`]): the caller's
    /// `id`, else the normalised URL, else the path and position, else the
    /// body digest. Stable across runs and machines.
    pub doc_id: String,
    /// Digest of the normalised body (see [`crate::body_digest`]): equal for
    /// the same words run by two outlets. Empty in a record written before it
    /// existed.
    #[serde(default)]
    pub body_digest: String,
    /// Where the document came from.
    pub source: Source,
    /// Publication date as an ISO 8601 prefix.
    pub published: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// ISO 639-1 language code.
    pub lang: Option<String>,
    /// The cleaned text all offsets index; serialised only on request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Entities with their mentions.
    #[serde(default)]
    pub entities: Vec<Entity>,
    /// Quotations.
    #[serde(default)]
    pub quotes: Vec<Quote>,
    /// Date mentions.
    #[serde(default)]
    pub dates: Vec<DateMention>,
    /// Amounts.
    #[serde(default)]
    pub amounts: Vec<Amount>,
    /// Events.
    #[serde(default)]
    pub events: Vec<Event>,
    /// Tone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tone: Option<Tone>,
    /// Duplicate and story membership.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<Cluster>,
    /// Stages that failed on this document: their facets are left empty and
    /// everything the other stages found is kept.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<StageWarning>,
    /// Analysis state shared between stages; not part of the record.
    #[serde(skip)]
    pub layout: Layout,
}

/// What the cleaner learned about the shape of the text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Layout {
    /// The raw text as read, before cleaning.
    pub raw: String,
    /// Paragraph spans in the cleaned text, in order.
    pub paragraphs: Vec<Paragraph>,
    /// Sentence spans in the cleaned text, in order.
    pub sentences: Vec<Span>,
    /// Word and number tokens (maximal runs of letters, digits and combining
    /// marks) in the cleaned text, in order; punctuation lies between them.
    pub tokens: Vec<Span>,
    /// The lowercase and folded form of each token, parallel to `tokens`:
    /// computed once by `segment` so later stages do not redo it per token.
    pub words: Words,
}

/// Normalised forms of a run of tokens, stored in two shared buffers so a
/// document's words cost two allocations instead of two per token.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Words {
    lower: String,
    folded: String,
    /// End of each word in `lower` and in `folded`.
    ends: Vec<(usize, usize)>,
}

impl Words {
    /// Appends the next token's lowercase and folded forms.
    pub fn push(&mut self, lower: &str, folded: &str) {
        self.lower.push_str(lower);
        self.folded.push_str(folded);
        self.ends.push((self.lower.len(), self.folded.len()));
    }

    /// How many words there are.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// True when there is none.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    fn starts(&self, i: usize) -> (usize, usize) {
        match i.checked_sub(1) {
            Some(p) => self.ends[p],
            None => (0, 0),
        }
    }

    /// Word `i` in lowercase (`str::to_lowercase`, accents kept).
    /// Panics when `i >= self.len()`, like slice indexing.
    pub fn lower(&self, i: usize) -> &str {
        self.lower
            .get(self.starts(i).0..self.ends[i].0)
            .unwrap_or_default()
    }

    /// Word `i` folded (`vigie_kb::fold`: lowercase, accents removed, other
    /// scripts transliterated). Panics when `i >= self.len()`.
    pub fn folded(&self, i: usize) -> &str {
        self.folded
            .get(self.starts(i).1..self.ends[i].1)
            .unwrap_or_default()
    }
}

/// What a paragraph of the cleaned text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Block {
    /// The headline.
    Title,
    /// Body text, standfirst, captions.
    Body,
    /// A byline or a photo credit: names, no sentences.
    Byline,
}

/// A paragraph of the cleaned text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paragraph {
    /// Where it is.
    pub span: Span,
    /// What it is.
    pub block: Block,
}

impl Doc {
    /// The cleaned text, or "" before the `clean` stage ran.
    pub fn text(&self) -> &str {
        self.text.as_deref().unwrap_or("")
    }

    /// Every span of the record that does not lie on char boundaries inside
    /// the text or does not cover the text it claims, described for a bug
    /// report; empty when every offset round-trips. The property the fuzz
    /// targets and property tests hold every stage to.
    pub fn misplaced_spans(&self) -> Vec<String> {
        let text = self.text();
        let mut bad = Vec::new();
        let mut check = |what: &str, start: usize, end: usize, claimed: Option<&str>| match (
            text.get(start..end),
            claimed,
        ) {
            (None, _) => bad.push(format!("{what} {start}..{end} is not a span of the text")),
            (Some(found), Some(claimed)) if found != claimed => bad.push(format!(
                "{what} {start}..{end} is {found:?}, not {claimed:?}"
            )),
            _ => {}
        };
        for e in &self.entities {
            for m in &e.mentions {
                check("mention", m.start, m.end, Some(&m.text));
            }
        }
        for q in &self.quotes {
            check("quote", q.start, q.end, Some(&q.text));
            if let Some(span) = q.speaker_mention {
                check("speaker mention", span.start, span.end, None);
            }
        }
        for d in &self.dates {
            check("date", d.start, d.end, Some(&d.text));
        }
        for a in &self.amounts {
            check("amount", a.start, a.end, Some(&a.text));
        }
        for e in &self.events {
            check("event evidence", e.evidence.start, e.evidence.end, None);
        }
        for p in &self.layout.paragraphs {
            check("paragraph", p.span.start, p.span.end, None);
        }
        for s in self.layout.sentences.iter().chain(&self.layout.tokens) {
            check("segment", s.start, s.end, None);
        }
        bad
    }
}

/// A stage that failed on one document, in that document's record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageWarning {
    /// The stage's name (`amounts`, `events`…).
    pub stage: String,
    /// What went wrong, for a bug report.
    pub error: String,
}

/// A document that could not be read, in the place its record would have had.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorRecord {
    /// Where it came from.
    pub source: Source,
    /// Why it failed.
    pub error: String,
}

//! The queries behind the HTTP API and export.
//!
//! Every list is bounded by a `limit` the caller passes (the server caps it)
//! and the expensive aggregations look at the most recent documents only, so
//! a page costs about the same in a small store and a large one.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OptionalExtension, Row, params, params_from_iter};
use serde::Serialize;
use tantivy::IndexReader;

use crate::error::{Error, Result, SqlContext};
use crate::interface::RecordSink;
use crate::search::SearchIndex;
use crate::snippet::{Snippet, snippet};
use crate::{DB_FILE, connect};

/// Documents an entity page aggregates roles and co-occurrences over.
pub const RECENT_DOCS: usize = 500;
/// Events an entity page lists, latest first.
pub const EVENTS_SHOWN: usize = 200;
/// Connections kept open for reuse.
const POOL: usize = 8;

/// A store opened for reading.
pub struct Reader {
    db_path: PathBuf,
    pool: Mutex<Vec<Connection>>,
    search: SearchIndex,
    index_reader: IndexReader,
}

/// A document in a list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocSummary {
    /// Its id.
    pub doc_id: String,
    /// Headline.
    pub title: Option<String>,
    /// Outlet.
    pub outlet: Option<String>,
    /// Publication date (ISO prefix).
    pub published: Option<String>,
    /// Language.
    pub lang: Option<String>,
    /// Its story.
    pub story: String,
    /// The earlier document it relays.
    pub duplicate_of: Option<String>,
}

const DOC_COLS: &str = "d.doc_id, d.title, d.outlet, d.published, d.lang, d.story, d.duplicate_of";

fn doc_summary(r: &Row, at: usize) -> rusqlite::Result<DocSummary> {
    Ok(DocSummary {
        doc_id: r.get(at)?,
        title: r.get(at + 1)?,
        outlet: r.get(at + 2)?,
        published: r.get(at + 3)?,
        lang: r.get(at + 4)?,
        story: r.get(at + 5)?,
        duplicate_of: r.get(at + 6)?,
    })
}

/// Counts of what the store holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Documents.
    pub documents: i64,
    /// Documents that relay an earlier one.
    pub duplicates: i64,
    /// Distinct entities.
    pub entities: i64,
    /// Stories.
    pub stories: i64,
    /// Stories with more than one article.
    pub multi_article_stories: i64,
    /// Quotes.
    pub quotes: i64,
    /// Events.
    pub events: i64,
}

/// A search result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// The document.
    #[serde(flatten)]
    pub doc: DocSummary,
    /// Relevance.
    pub score: f32,
    /// Excerpt around the first match.
    pub snippet: Snippet,
}

/// A page of search results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchPage {
    /// Matching documents in all.
    pub total: usize,
    /// This page.
    pub hits: Vec<Hit>,
}

/// An entity across the store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntitySummary {
    /// Its id.
    pub id: String,
    /// Person, organization, location, group.
    #[serde(rename = "type")]
    pub kind: String,
    /// Canonical name (from its first document).
    pub canonical: String,
    /// Documents that name it.
    pub docs: i64,
    /// Quotes it is the speaker of.
    pub quote_count: i64,
    /// Events it is the actor of.
    pub event_count: i64,
}

fn entity_summary(r: &Row) -> rusqlite::Result<EntitySummary> {
    Ok(EntitySummary {
        id: r.get(0)?,
        kind: r.get(1)?,
        canonical: r.get(2)?,
        docs: r.get(3)?,
        quote_count: r.get(4)?,
        event_count: r.get(5)?,
    })
}

const ENTITY_COLS: &str = "entity_id, type, canonical, docs, quotes, events";

/// One role phrase of an entity and when it was used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoleUse {
    /// The phrase.
    pub role: String,
    /// Documents that use it.
    pub docs: i64,
    /// Earliest publication date among them.
    pub first: Option<String>,
    /// Latest publication date among them.
    pub last: Option<String>,
}

/// An entity named together with another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CoOccurring {
    /// Its id.
    pub id: String,
    /// Its name.
    pub canonical: String,
    /// Type.
    #[serde(rename = "type")]
    pub kind: String,
    /// Documents naming both.
    pub shared: i64,
}

/// A mention in a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MentionRow {
    /// The document.
    pub doc_id: String,
    /// Surface text.
    pub text: String,
    /// Byte offset in the document's text.
    pub start: i64,
    /// End byte (exclusive).
    pub end: i64,
}

/// Everything the entity page shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntityPage {
    /// The entity.
    #[serde(flatten)]
    pub summary: EntitySummary,
    /// Names it is given, most used first.
    pub names: Vec<(String, i64)>,
    /// Role phrases over time.
    pub roles: Vec<RoleUse>,
    /// Its quotes, newest first.
    pub quotes: Vec<QuoteRow>,
    /// Entities most often named with it.
    pub co_occurring: Vec<CoOccurring>,
    /// Events it is the actor or target of.
    pub events: Vec<EventRow>,
    /// Documents naming it, newest first.
    pub documents: Vec<DocSummary>,
    /// Some of its mentions.
    pub mentions: Vec<MentionRow>,
}

/// A quote with its document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuoteRow {
    /// The document.
    pub doc: DocSummary,
    /// Speaker's entity id.
    pub speaker: Option<String>,
    /// Speaker's name.
    pub speaker_name: Option<String>,
    /// Direct, partial or indirect.
    pub kind: String,
    /// The words.
    pub text: String,
    /// Byte offset in the document's text.
    pub start: i64,
    /// End byte.
    pub end: i64,
    /// Reporting cue.
    pub cue: Option<String>,
}

const QUOTE_COLS: &str = "q.speaker, q.speaker_name, q.kind, q.text, q.start, q.end, q.cue";

fn quote_row(r: &Row) -> rusqlite::Result<QuoteRow> {
    Ok(QuoteRow {
        doc: doc_summary(r, 7)?,
        speaker: r.get(0)?,
        speaker_name: r.get(1)?,
        kind: r.get(2)?,
        text: r.get(3)?,
        start: r.get(4)?,
        end: r.get(5)?,
        cue: r.get(6)?,
    })
}

/// An event with its document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventRow {
    /// The document.
    pub doc: DocSummary,
    /// Actor id.
    pub actor: String,
    /// Actor name.
    pub actor_name: String,
    /// Action.
    pub action: String,
    /// CAMEO root.
    pub cameo: String,
    /// Target id.
    pub target: Option<String>,
    /// Target name.
    pub target_name: Option<String>,
    /// Day of the event (its date, else the document's).
    pub day: Option<String>,
    /// Goldstein value.
    pub goldstein: f64,
    /// Quad class 1–4.
    pub quad_class: i64,
    /// Evidence start byte.
    pub start: i64,
    /// Evidence end byte.
    pub end: i64,
}

const EVENT_COLS: &str = "v.actor, v.actor_name, v.action, v.cameo, v.target, v.target_name, v.day, v.goldstein, v.quad_class, v.start, v.end";

fn event_row(r: &Row) -> rusqlite::Result<EventRow> {
    Ok(EventRow {
        doc: doc_summary(r, 11)?,
        actor: r.get(0)?,
        actor_name: r.get(1)?,
        action: r.get(2)?,
        cameo: r.get(3)?,
        target: r.get(4)?,
        target_name: r.get(5)?,
        day: r.get(6)?,
        goldstein: r.get(7)?,
        quad_class: r.get(8)?,
        start: r.get(9)?,
        end: r.get(10)?,
    })
}

/// Filters of the event list; every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventFilter {
    /// Actor entity id.
    pub actor: Option<String>,
    /// Target entity id.
    pub target: Option<String>,
    /// Action name.
    pub action: Option<String>,
    /// Earliest day (inclusive, ISO prefix).
    pub from: Option<String>,
    /// Latest day (inclusive, ISO prefix).
    pub to: Option<String>,
    /// Outlet, exactly.
    pub outlet: Option<String>,
    /// Quad class.
    pub quad_class: Option<i64>,
    /// Story id.
    pub story: Option<String>,
}

/// Filters of the quote list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QuoteFilter {
    /// Speaker entity id.
    pub speaker: Option<String>,
    /// Words the quote contains.
    pub text: Option<String>,
    /// Outlet, exactly.
    pub outlet: Option<String>,
    /// Kind: direct, partial, indirect.
    pub kind: Option<String>,
}

/// A story in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StorySummary {
    /// Its id.
    pub id: String,
    /// Headline of its first article.
    pub title: Option<String>,
    /// Earliest publication day.
    pub first_day: Option<String>,
    /// Latest publication day.
    pub last_day: Option<String>,
    /// Articles.
    pub docs: i64,
}

/// One article of a story with what it reported.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoryArticle {
    /// The article.
    pub doc: DocSummary,
    /// Its quotes.
    pub quotes: Vec<QuoteRow>,
    /// Its events.
    pub events: Vec<EventRow>,
    /// Entities it names, most mentioned first.
    pub entities: Vec<(String, String)>,
}

/// One outlet's articles in a story.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutletColumn {
    /// The outlet ("unknown outlet" when the input did not say).
    pub outlet: String,
    /// Its articles, oldest first.
    pub articles: Vec<StoryArticle>,
}

/// Everything the story page shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoryPage {
    /// The story.
    #[serde(flatten)]
    pub summary: StorySummary,
    /// Its articles by outlet.
    pub outlets: Vec<OutletColumn>,
}

/// Events per day and quad class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimelineRow {
    /// ISO day (or month, when only that is known).
    pub day: String,
    /// Quad class 1–4.
    pub quad_class: i64,
    /// Events.
    pub count: i64,
}

impl Reader {
    /// Opens the store in `dir` for reading; it must exist.
    pub fn open(dir: &Path) -> Result<Reader> {
        let db_path = dir.join(DB_FILE);
        if !db_path.exists() {
            return Err(Error::Io {
                path: db_path,
                source: std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "no store here (run `vigie ingest` first)",
                ),
            });
        }
        let first = connect(&db_path, true)?;
        let search = SearchIndex::open(dir)?;
        let index_reader = search.reader()?;
        Ok(Reader {
            db_path,
            pool: Mutex::new(vec![first]),
            search,
            index_reader,
        })
    }

    pub(crate) fn with<T>(&self, f: impl FnOnce(&Connection) -> rusqlite::Result<T>) -> Result<T> {
        let conn = self.pool.lock().map_err(|_| Error::Poisoned)?.pop();
        let conn = match conn {
            Some(c) => c,
            None => connect(&self.db_path, true)?,
        };
        let out = f(&conn).at(&self.db_path);
        let mut pool = self.pool.lock().map_err(|_| Error::Poisoned)?;
        if pool.len() < POOL {
            pool.push(conn);
        }
        out
    }

    /// Makes the latest index commit visible now rather than after the
    /// reader's reload delay.
    pub fn refresh(&self) -> Result<()> {
        self.index_reader.reload().map_err(|source| Error::Index {
            path: self.search.path.clone(),
            source,
        })
    }

    /// What the store holds.
    pub fn stats(&self) -> Result<Stats> {
        self.with(|c| {
            let n = |sql: &str| c.query_row(sql, [], |r| r.get::<_, i64>(0));
            Ok(Stats {
                documents: n("SELECT COUNT(*) FROM documents")?,
                duplicates: n("SELECT COUNT(*) FROM documents WHERE duplicate_of IS NOT NULL")?,
                entities: n("SELECT COUNT(*) FROM entity_stats")?,
                stories: n("SELECT COUNT(*) FROM stories")?,
                multi_article_stories: n("SELECT COUNT(*) FROM stories WHERE docs > 1")?,
                quotes: n("SELECT COUNT(*) FROM quotes")?,
                events: n("SELECT COUNT(*) FROM events")?,
            })
        })
    }

    /// The full record of a document, with its cleaned `text` and `cluster`.
    pub fn document(&self, doc_id: &str) -> Result<Option<serde_json::Value>> {
        let row = self.with(|c| {
            c.query_row(
                "SELECT record, text, duplicate_of, story FROM documents WHERE doc_id = ?1",
                [doc_id],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, Option<String>>(2)?,
                        r.get::<_, String>(3)?,
                    ))
                },
            )
            .optional()
        })?;
        row.map(|(record, text, dup, story)| full_record(doc_id, &record, Some(text), dup, story))
            .transpose()
    }

    /// Documents, newest first, optionally of one outlet or story.
    pub fn documents(
        &self,
        outlet: Option<&str>,
        story: Option<&str>,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<DocSummary>> {
        self.with(|c| {
            let mut stmt = c.prepare_cached(&format!(
                "SELECT {DOC_COLS} FROM documents d
                 WHERE (?1 IS NULL OR d.outlet = ?1) AND (?2 IS NULL OR d.story = ?2)
                 ORDER BY d.published DESC, d.seq DESC LIMIT ?3 OFFSET ?4"
            ))?;
            let rows =
                stmt.query_map(params![outlet, story, limit, offset], |r| doc_summary(r, 0))?;
            rows.collect()
        })
    }

    /// Full-text search, ranked, with excerpts.
    pub fn search(
        &self,
        query: &str,
        lang: Option<&str>,
        limit: usize,
        offset: usize,
    ) -> Result<SearchPage> {
        let (ids, total) = self
            .search
            .search(&self.index_reader, query, lang, limit, offset)?;
        let hits = self.with(|c| {
            let mut stmt = c.prepare_cached(&format!(
                "SELECT {DOC_COLS}, d.text FROM documents d WHERE d.doc_id = ?1"
            ))?;
            let mut hits = Vec::with_capacity(ids.len());
            for (id, score) in &ids {
                let row = stmt
                    .query_row([id], |r| Ok((doc_summary(r, 0)?, r.get::<_, String>(7)?)))
                    .optional()?;
                if let Some((doc, text)) = row {
                    hits.push(Hit {
                        doc,
                        score: *score,
                        snippet: snippet(&text, query),
                    });
                }
            }
            Ok(hits)
        })?;
        Ok(SearchPage { total, hits })
    }

    /// Entities, most documented first; `name` keeps those whose folded
    /// canonical name contains it.
    pub fn entities(
        &self,
        name: Option<&str>,
        kind: Option<&str>,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<EntitySummary>> {
        let folded = name.map(vigie_kb::fold);
        if folded.as_deref() == Some("") {
            // Only punctuation: nothing can contain it once folded.
            return Ok(Vec::new());
        }
        let pattern = folded.map(|n| format!("%{}%", like_escape(&n)));
        self.with(|c| {
            let mut stmt = c.prepare_cached(&format!(
                "SELECT {ENTITY_COLS} FROM entity_stats
                 WHERE (?1 IS NULL OR folded LIKE ?1 ESCAPE '\\' OR entity_id = ?4)
                   AND (?2 IS NULL OR type = ?2)
                 ORDER BY docs DESC, entity_id LIMIT ?3 OFFSET ?5"
            ))?;
            let rows =
                stmt.query_map(params![pattern, kind, limit, name, offset], entity_summary)?;
            rows.collect()
        })
    }

    /// Everything known about one entity.
    pub fn entity(&self, id: &str) -> Result<Option<EntityPage>> {
        let recent = RECENT_DOCS;
        self.with(|c| {
            let Some(summary) = c
                .query_row(
                    &format!("SELECT {ENTITY_COLS} FROM entity_stats WHERE entity_id = ?1"),
                    [id],
                    entity_summary,
                )
                .optional()?
            else {
                return Ok(None);
            };
            let recent_docs = format!(
                "SELECT doc FROM entities WHERE entity_id = ?1 ORDER BY doc DESC LIMIT {recent}"
            );
            let (names, roles) = {
                let mut stmt = c.prepare_cached(&format!(
                    "SELECT e.canonical, e.roles, d.published FROM entities e
                     JOIN documents d ON d.seq = e.doc
                     WHERE e.entity_id = ?1 AND e.doc IN ({recent_docs})"
                ))?;
                let rows = stmt.query_map([id], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, Option<String>>(2)?,
                    ))
                })?;
                names_and_roles(rows.collect::<rusqlite::Result<Vec<_>>>()?)
            };
            let quotes = {
                let mut stmt = c.prepare_cached(&format!(
                    "SELECT {QUOTE_COLS}, {DOC_COLS} FROM quotes q JOIN documents d ON d.seq = q.doc
                     WHERE q.speaker = ?1 ORDER BY q.doc DESC, q.idx LIMIT 100"
                ))?;
                let rows = stmt.query_map([id], quote_row)?;
                rows.collect::<rusqlite::Result<Vec<_>>>()?
            };
            let co_occurring = {
                let mut stmt = c.prepare_cached(&format!(
                    "SELECT e.entity_id, s.canonical, s.type, COUNT(*) AS n FROM entities e
                     JOIN entity_stats s ON s.entity_id = e.entity_id
                     WHERE e.doc IN ({recent_docs}) AND e.entity_id != ?1
                     GROUP BY e.entity_id ORDER BY n DESC, e.entity_id LIMIT 24"
                ))?;
                let rows = stmt.query_map([id], |r| {
                    Ok(CoOccurring {
                        id: r.get(0)?,
                        canonical: r.get(1)?,
                        kind: r.get(2)?,
                        shared: r.get(3)?,
                    })
                })?;
                rows.collect::<rusqlite::Result<Vec<_>>>()?
            };
            let events = {
                let mut stmt = c.prepare_cached(&format!(
                    // Each side walks its (actor|target, day) index from the
                    // latest day and stops at the limit, so the cost does not
                    // grow with the entity's history.
                    "SELECT {EVENT_COLS}, {DOC_COLS} FROM (
                       SELECT * FROM (SELECT * FROM events WHERE actor = ?1
                                      ORDER BY day DESC, doc DESC LIMIT {EVENTS_SHOWN})
                       UNION ALL
                       SELECT * FROM (SELECT * FROM events WHERE target = ?1 AND actor != ?1
                                      ORDER BY day DESC, doc DESC LIMIT {EVENTS_SHOWN})
                     ) v JOIN documents d ON d.seq = v.doc
                     ORDER BY v.day DESC, v.doc DESC, v.idx LIMIT {EVENTS_SHOWN}"
                ))?;
                let rows = stmt.query_map([id], event_row)?;
                rows.collect::<rusqlite::Result<Vec<_>>>()?
            };
            let documents = {
                let mut stmt = c.prepare_cached(&format!(
                    "SELECT {DOC_COLS} FROM documents d WHERE d.seq IN ({recent_docs})
                     ORDER BY d.published DESC, d.seq DESC LIMIT 50"
                ))?;
                let rows = stmt.query_map([id], |r| doc_summary(r, 0))?;
                rows.collect::<rusqlite::Result<Vec<_>>>()?
            };
            let mentions = {
                let mut stmt = c.prepare_cached(
                    "SELECT d.doc_id, m.text, m.start, m.end FROM mentions m
                     JOIN documents d ON d.seq = m.doc
                     WHERE m.doc IN (SELECT doc FROM entities WHERE entity_id = ?1
                                     ORDER BY doc DESC LIMIT 20)
                       AND m.entity_id = ?1
                     ORDER BY m.doc DESC, m.start LIMIT 100",
                )?;
                let rows = stmt.query_map([id], |r| {
                    Ok(MentionRow {
                        doc_id: r.get(0)?,
                        text: r.get(1)?,
                        start: r.get(2)?,
                        end: r.get(3)?,
                    })
                })?;
                rows.collect::<rusqlite::Result<Vec<_>>>()?
            };
            Ok(Some(EntityPage {
                summary,
                names,
                roles,
                quotes,
                co_occurring,
                events,
                documents,
                mentions,
            }))
        })
    }

    /// Speakers, most quoted first.
    pub fn speakers(&self, limit: usize) -> Result<Vec<EntitySummary>> {
        self.with(|c| {
            let mut stmt = c.prepare_cached(&format!(
                "SELECT {ENTITY_COLS} FROM entity_stats WHERE quotes > 0
                 ORDER BY quotes DESC, entity_id LIMIT ?1"
            ))?;
            let rows = stmt.query_map([limit], entity_summary)?;
            rows.collect()
        })
    }

    /// Quotes, newest first.
    pub fn quotes(&self, f: &QuoteFilter, limit: usize, offset: usize) -> Result<Vec<QuoteRow>> {
        let pattern = f.text.as_deref().map(|t| format!("%{}%", like_escape(t)));
        self.with(|c| {
            let mut stmt = c.prepare_cached(&format!(
                "SELECT {QUOTE_COLS}, {DOC_COLS} FROM quotes q JOIN documents d ON d.seq = q.doc
                 WHERE (?1 IS NULL OR q.speaker = ?1) AND (?2 IS NULL OR q.text LIKE ?2 ESCAPE '\\')
                   AND (?3 IS NULL OR d.outlet = ?3) AND (?4 IS NULL OR q.kind = ?4)
                 ORDER BY q.doc DESC, q.idx LIMIT ?5 OFFSET ?6"
            ))?;
            let rows = stmt.query_map(
                params![f.speaker, pattern, f.outlet, f.kind, limit, offset],
                quote_row,
            )?;
            rows.collect()
        })
    }

    /// Events matching every filter given, latest first.
    pub fn events(&self, f: &EventFilter, limit: usize, offset: usize) -> Result<Vec<EventRow>> {
        let (clause, mut args) = event_where(f);
        args.push(SqlValue::Integer(limit as i64));
        args.push(SqlValue::Integer(offset as i64));
        self.with(|c| {
            let mut stmt = c.prepare_cached(&format!(
                "SELECT {EVENT_COLS}, {DOC_COLS} FROM events v JOIN documents d ON d.seq = v.doc
                 WHERE {clause} ORDER BY v.day DESC, v.doc DESC, v.idx LIMIT ? OFFSET ?"
            ))?;
            let rows = stmt.query_map(params_from_iter(args), event_row)?;
            rows.collect()
        })
    }

    /// Event counts per day and quad class, for the timeline chart.
    pub fn timeline(&self, f: &EventFilter) -> Result<Vec<TimelineRow>> {
        let (clause, args) = event_where(f);
        self.with(|c| {
            // Without a document filter the counts come from the covering
            // (actor|target, day, quad_class) index alone.
            let join = if f.outlet.is_some() || f.story.is_some() {
                "JOIN documents d ON d.seq = v.doc"
            } else {
                ""
            };
            let mut stmt = c.prepare_cached(&format!(
                "SELECT v.day, v.quad_class, COUNT(*) FROM events v {join}
                 WHERE {clause} AND v.day IS NOT NULL
                 GROUP BY v.day, v.quad_class ORDER BY v.day, v.quad_class"
            ))?;
            let rows = stmt.query_map(params_from_iter(args), |r| {
                Ok(TimelineRow {
                    day: r.get(0)?,
                    quad_class: r.get(1)?,
                    count: r.get(2)?,
                })
            })?;
            rows.collect()
        })
    }

    /// Stories, largest first (ties: most recently extended).
    pub fn stories(&self, min_docs: i64, limit: usize, offset: usize) -> Result<Vec<StorySummary>> {
        self.with(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT story_id, title, first_day, last_day, docs FROM stories
                 WHERE docs >= ?1 ORDER BY docs DESC, last_seq DESC LIMIT ?2 OFFSET ?3",
            )?;
            let rows = stmt.query_map(params![min_docs, limit, offset], story_summary)?;
            rows.collect()
        })
    }

    /// A story with its articles side by side by outlet.
    pub fn story(&self, id: &str) -> Result<Option<StoryPage>> {
        self.with(|c| {
            let Some(summary) = c
                .query_row(
                    "SELECT story_id, title, first_day, last_day, docs FROM stories WHERE story_id = ?1",
                    [id],
                    story_summary,
                )
                .optional()?
            else {
                return Ok(None);
            };
            let mut docs_stmt = c.prepare_cached(&format!(
                "SELECT {DOC_COLS}, d.seq FROM documents d WHERE d.story = ?1 ORDER BY d.seq LIMIT 200"
            ))?;
            let docs = docs_stmt
                .query_map([id], |r| Ok((doc_summary(r, 0)?, r.get::<_, i64>(7)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let mut quotes_stmt = c.prepare_cached(&format!(
                "SELECT {QUOTE_COLS}, {DOC_COLS} FROM quotes q JOIN documents d ON d.seq = q.doc
                 WHERE q.doc = ?1 ORDER BY q.idx LIMIT 50"
            ))?;
            let mut events_stmt = c.prepare_cached(&format!(
                "SELECT {EVENT_COLS}, {DOC_COLS} FROM events v JOIN documents d ON d.seq = v.doc
                 WHERE v.doc = ?1 ORDER BY v.idx LIMIT 50"
            ))?;
            let mut ent_stmt = c.prepare_cached(
                "SELECT entity_id, canonical FROM entities WHERE doc = ?1
                 ORDER BY mentions DESC, entity_id LIMIT 12",
            )?;
            let mut articles = Vec::with_capacity(docs.len());
            for (doc, seq) in docs {
                articles.push(StoryArticle {
                    quotes: quotes_stmt
                        .query_map([seq], quote_row)?
                        .collect::<rusqlite::Result<_>>()?,
                    events: events_stmt
                        .query_map([seq], event_row)?
                        .collect::<rusqlite::Result<_>>()?,
                    entities: ent_stmt
                        .query_map([seq], |r| Ok((r.get(0)?, r.get(1)?)))?
                        .collect::<rusqlite::Result<_>>()?,
                    doc,
                });
            }
            Ok(Some(StoryPage {
                summary,
                outlets: by_outlet(articles),
            }))
        })
    }

    /// Calls `sink` with every record in arrival order, `cluster` filled and,
    /// with `with_text`, the cleaned text. Streams: memory stays flat.
    pub fn export(&self, with_text: bool, sink: &mut RecordSink<'_>) -> Result<()> {
        let mut after = 0i64;
        loop {
            let batch = self.with(|c| {
                let mut stmt = c.prepare_cached(
                    "SELECT seq, doc_id, record, CASE WHEN ?2 THEN text END, duplicate_of, story
                     FROM documents WHERE seq > ?1 ORDER BY seq LIMIT 500",
                )?;
                let rows = stmt.query_map(params![after, with_text], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, Option<String>>(3)?,
                        r.get::<_, Option<String>>(4)?,
                        r.get::<_, String>(5)?,
                    ))
                })?;
                rows.collect::<rusqlite::Result<Vec<_>>>()
            })?;
            let Some(last) = batch.last() else {
                return Ok(());
            };
            after = last.0;
            for (_, doc_id, record, text, dup, story) in batch {
                sink(full_record(&doc_id, &record, text, dup, story)?)?;
            }
        }
    }
}

fn story_summary(r: &Row) -> rusqlite::Result<StorySummary> {
    Ok(StorySummary {
        id: r.get(0)?,
        title: r.get(1)?,
        first_day: r.get(2)?,
        last_day: r.get(3)?,
        docs: r.get(4)?,
    })
}

/// The stored record (`record`, JSON without `text` and `cluster`) with
/// `text` and `cluster` put back, fields in the CONTRACT's order.
pub fn full_record(
    doc_id: &str,
    record: &str,
    text: Option<String>,
    duplicate_of: Option<String>,
    story: String,
) -> Result<serde_json::Value> {
    let mut doc: vigie_doc::Doc = serde_json::from_str(record).map_err(|source| Error::Record {
        doc_id: doc_id.to_owned(),
        source,
    })?;
    doc.text = text;
    doc.cluster = Some(vigie_doc::Cluster {
        duplicate_of,
        story: Some(story),
    });
    serde_json::to_value(&doc).map_err(|source| Error::Record {
        doc_id: doc_id.to_owned(),
        source,
    })
}

/// `s` as a literal inside a LIKE pattern (escape character `\\`).
pub fn like_escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

fn event_where(f: &EventFilter) -> (String, Vec<SqlValue>) {
    let mut clauses = vec!["1 = 1".to_owned()];
    let mut args = Vec::new();
    let mut text = |clause: &str, v: &Option<String>| {
        if let Some(v) = v {
            clauses.push(clause.to_owned());
            args.push(SqlValue::Text(v.clone()));
        }
    };
    text("v.actor = ?", &f.actor);
    text("v.target = ?", &f.target);
    text("v.action = ?", &f.action);
    text("v.day >= ?", &f.from);
    // "~" sorts after digits and "-": a bare "2022-02" as upper bound
    // takes in the whole month.
    text("v.day <= ?", &f.to.as_ref().map(|t| format!("{t}~")));
    text("d.outlet = ?", &f.outlet);
    text("d.story = ?", &f.story);
    if let Some(q) = f.quad_class {
        clauses.push("v.quad_class = ?".to_owned());
        args.push(SqlValue::Integer(q));
    }
    (clauses.join(" AND "), args)
}

/// Documents a map or a chart looks at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// The most recent documents of the store.
    Recent,
    /// The most recent documents naming an entity.
    Entity(String),
    /// The articles of a story.
    Story(String),
    /// The best matches of a full-text query.
    Search(String),
}

/// Documents a scope takes at most: the same bound as an entity page.
pub const SCOPE_DOCS: usize = RECENT_DOCS;
/// Search hits a search scope takes (the API's largest page).
pub const SCOPE_HITS: usize = 200;
/// Places a map shows at most, most covered first.
const PLACES_SHOWN: usize = 300;
/// Articles and events a place lists.
pub const PLACE_ROWS: usize = 50;

/// A gazetteer point named in the documents of a scope.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlaceCount {
    /// The gazetteer feature (`Geo::feature_id`).
    pub feature_id: String,
    /// Country, adm1 or city.
    pub kind: vigie_doc::PlaceKind,
    /// The location entity's canonical name ("Geneva").
    pub name: String,
    /// Its entity id.
    pub entity: String,
    /// The gazetteer's name with division and country.
    pub full_name: String,
    /// ISO 3166-1 alpha-2 country code.
    pub country: String,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// Documents naming it or placing an event there.
    pub docs: i64,
    /// Mentions of it.
    pub mentions: i64,
    /// Events that happened there.
    pub events: i64,
}

/// The places of a scope, for the map.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlaceMap {
    /// Documents looked at.
    pub documents: usize,
    /// Places, most documented first (then most mentioned, then most eventful).
    pub places: Vec<PlaceCount>,
}

/// One place of a scope with what was written about it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlacePage {
    /// The place.
    pub place: PlaceCount,
    /// Articles of the scope naming it, newest first.
    pub documents: Vec<DocSummary>,
    /// Events of the scope that happened there, latest first.
    pub events: Vec<EventRow>,
}

/// Average tone of a day's documents.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ToneDay {
    /// Publication day.
    pub day: String,
    /// Documents of that day with a tone.
    pub docs: i64,
    /// Mean `tone.score`.
    pub tone: f64,
    /// Mean positive words per hundred.
    pub positive: f64,
    /// Mean negative words per hundred.
    pub negative: f64,
}

/// Events per day and action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActionDayRow {
    /// ISO day.
    pub day: String,
    /// Action name.
    pub action: String,
    /// Events.
    pub count: i64,
}

/// The part of a stored record the map reads.
#[derive(serde::Deserialize)]
struct PlacedRecord {
    #[serde(default)]
    entities: Vec<PlacedEntity>,
    #[serde(default)]
    events: Vec<PlacedEvent>,
}

#[derive(serde::Deserialize)]
struct PlacedEntity {
    id: String,
    canonical: String,
    #[serde(default)]
    mentions: Vec<serde::de::IgnoredAny>,
    #[serde(default)]
    geo: Option<vigie_doc::Geo>,
}

#[derive(serde::Deserialize)]
struct PlacedEvent {
    #[serde(default)]
    place: Option<vigie_doc::EventPlace>,
}

/// The part of a stored record the tone chart reads.
#[derive(serde::Deserialize)]
struct TonedRecord {
    #[serde(default)]
    tone: Option<vigie_doc::Tone>,
}

/// A place's counts, started from its first sighting.
fn place_count(geo: &vigie_doc::Geo, name: &str, entity: &str) -> PlaceCount {
    PlaceCount {
        feature_id: geo.feature_id.clone(),
        kind: geo.kind,
        name: name.to_owned(),
        entity: entity.to_owned(),
        full_name: geo.full_name.clone(),
        country: geo.country.clone(),
        lat: geo.lat,
        lon: geo.lon,
        docs: 0,
        mentions: 0,
        events: 0,
    }
}

impl Reader {
    /// The documents of a scope (`seq`s), newest first.
    fn scope_docs(&self, scope: &Scope) -> Result<Vec<i64>> {
        let ids = match scope {
            Scope::Search(q) => Some(
                self.search
                    .search(&self.index_reader, q, None, SCOPE_HITS, 0)?
                    .0,
            ),
            _ => None,
        };
        self.with(|c| {
            let one = |sql: &str, arg: &str| -> rusqlite::Result<Vec<i64>> {
                let mut stmt = c.prepare_cached(sql)?;
                let rows = stmt.query_map(params![arg, SCOPE_DOCS], |r| r.get(0))?;
                rows.collect()
            };
            match (scope, ids) {
                (Scope::Recent, _) => {
                    let mut stmt =
                        c.prepare_cached("SELECT seq FROM documents ORDER BY seq DESC LIMIT ?1")?;
                    let rows = stmt.query_map([SCOPE_DOCS], |r| r.get(0))?;
                    rows.collect()
                }
                (Scope::Entity(id), _) => one(
                    "SELECT doc FROM entities WHERE entity_id = ?1 ORDER BY doc DESC LIMIT ?2",
                    id,
                ),
                (Scope::Story(id), _) => one(
                    "SELECT seq FROM documents WHERE story = ?1 ORDER BY seq DESC LIMIT ?2",
                    id,
                ),
                (Scope::Search(_), ids) => {
                    let mut stmt =
                        c.prepare_cached("SELECT seq FROM documents WHERE doc_id = ?1")?;
                    let mut seqs: Vec<i64> = Vec::new();
                    for (id, _) in ids.unwrap_or_default() {
                        if let Some(seq) = stmt.query_row([id], |r| r.get(0)).optional()? {
                            seqs.push(seq);
                        }
                    }
                    seqs.sort_unstable_by(|a, b| b.cmp(a));
                    Ok(seqs)
                }
            }
        })
    }

    /// The stored records of the given documents, in the same order.
    fn records(&self, seqs: &[i64]) -> Result<Vec<(i64, Option<String>, String)>> {
        self.with(|c| {
            let mut stmt =
                c.prepare_cached("SELECT published, record FROM documents WHERE seq = ?1")?;
            let mut out = Vec::with_capacity(seqs.len());
            for &seq in seqs {
                if let Some((published, record)) = stmt
                    .query_row([seq], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()?
                {
                    out.push((seq, published, record));
                }
            }
            Ok(out)
        })
    }

    /// The places named in a scope's documents, with counts, for the map.
    pub fn places(&self, scope: &Scope) -> Result<PlaceMap> {
        Ok(place_map(&self.records(&self.scope_docs(scope)?)?))
    }

    /// One place of a scope: the articles naming it and the events that
    /// happened there; `None` when the scope never names it.
    pub fn place(&self, scope: &Scope, feature_id: &str) -> Result<Option<PlacePage>> {
        let records = self.records(&self.scope_docs(scope)?)?;
        let Some(found) = find_place(&records, feature_id) else {
            return Ok(None);
        };
        self.with(|c| {
            let mut doc_stmt = c.prepare_cached(&format!(
                "SELECT {DOC_COLS} FROM documents d WHERE d.seq = ?1"
            ))?;
            let mut documents = Vec::new();
            for seq in found.docs.iter().take(PLACE_ROWS) {
                if let Some(d) = doc_stmt
                    .query_row([seq], |r| doc_summary(r, 0))
                    .optional()?
                {
                    documents.push(d);
                }
            }
            let mut event_stmt = c.prepare_cached(&format!(
                "SELECT {EVENT_COLS}, {DOC_COLS} FROM events v JOIN documents d ON d.seq = v.doc
                 WHERE v.doc = ?1 AND v.idx = ?2"
            ))?;
            let mut rows = Vec::new();
            for (seq, idx) in &found.events {
                if let Some(e) = event_stmt
                    .query_row(params![seq, idx], event_row)
                    .optional()?
                {
                    rows.push(e);
                }
            }
            Ok(Some(found.page(documents, rows)))
        })
    }

    /// Mean tone of a scope's documents per publication day, oldest first.
    pub fn tone(&self, scope: &Scope) -> Result<Vec<ToneDay>> {
        Ok(tone_days(&self.records(&self.scope_docs(scope)?)?))
    }

    /// Event counts per day and action, for the chart of what an actor did.
    pub fn timeline_by_action(&self, f: &EventFilter) -> Result<Vec<ActionDayRow>> {
        let (clause, args) = event_where(f);
        self.with(|c| {
            let join = if f.outlet.is_some() || f.story.is_some() {
                "JOIN documents d ON d.seq = v.doc"
            } else {
                ""
            };
            let mut stmt = c.prepare_cached(&format!(
                "SELECT v.day, v.action, COUNT(*) FROM events v {join}
                 WHERE {clause} AND v.day IS NOT NULL
                 GROUP BY v.day, v.action ORDER BY v.day, v.action"
            ))?;
            let rows = stmt.query_map(params_from_iter(args), |r| {
                Ok(ActionDayRow {
                    day: r.get(0)?,
                    action: r.get(1)?,
                    count: r.get(2)?,
                })
            })?;
            rows.collect()
        })
    }
}

/// Names an entity is given and its role phrases over time, from its rows
/// `(canonical, roles as JSON, published)` in recent documents: names most
/// used first, roles by first use.
pub fn names_and_roles(
    rows: Vec<(String, String, Option<String>)>,
) -> (Vec<(String, i64)>, Vec<RoleUse>) {
    let mut names: BTreeMap<String, i64> = BTreeMap::new();
    let mut roles: BTreeMap<String, RoleUse> = BTreeMap::new();
    for (name, role_json, published) in rows {
        *names.entry(name).or_default() += 1;
        let list: Vec<String> = serde_json::from_str(&role_json).unwrap_or_default();
        for role in list {
            let entry = roles.entry(role.clone()).or_insert(RoleUse {
                role,
                docs: 0,
                first: None,
                last: None,
            });
            entry.docs += 1;
            if let Some(p) = &published {
                if entry.first.as_ref().is_none_or(|f| p < f) {
                    entry.first = Some(p.clone());
                }
                if entry.last.as_ref().is_none_or(|l| p > l) {
                    entry.last = Some(p.clone());
                }
            }
        }
    }
    let mut names: Vec<(String, i64)> = names.into_iter().collect();
    names.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut roles: Vec<RoleUse> = roles.into_values().collect();
    roles.sort_by(|a, b| a.first.cmp(&b.first).then_with(|| b.docs.cmp(&a.docs)));
    (names, roles)
}

/// A story's articles (in arrival order) in one column per outlet, outlets
/// in order of their first article.
pub fn by_outlet(articles: Vec<StoryArticle>) -> Vec<OutletColumn> {
    let mut columns: Vec<OutletColumn> = Vec::new();
    for article in articles {
        let outlet = article
            .doc
            .outlet
            .clone()
            .unwrap_or_else(|| "unknown outlet".to_owned());
        match columns.iter_mut().find(|col| col.outlet == outlet) {
            Some(col) => col.articles.push(article),
            None => columns.push(OutletColumn {
                outlet,
                articles: vec![article],
            }),
        }
    }
    columns
}

/// The located entities and event places of stored records `(seq,
/// published, record)`; a record the map cannot read costs its circles, not
/// the map.
fn placed(records: &[(i64, Option<String>, String)]) -> Vec<(i64, PlacedRecord)> {
    records
        .iter()
        .filter_map(|(seq, _, record)| {
            serde_json::from_str::<PlacedRecord>(record)
                .ok()
                .map(|p| (*seq, p))
        })
        .collect()
}

/// The map of a scope from its records `(seq, published, record)`, newest
/// first.
pub fn place_map(records: &[(i64, Option<String>, String)]) -> PlaceMap {
    let records = placed(records);
    let mut places: BTreeMap<String, PlaceCount> = BTreeMap::new();
    for (_, record) in &records {
        let mut seen: Vec<&str> = Vec::new();
        for e in &record.entities {
            let Some(geo) = &e.geo else { continue };
            let place = places
                .entry(geo.feature_id.clone())
                .or_insert_with(|| place_count(geo, &e.canonical, &e.id));
            place.mentions += e.mentions.len() as i64;
            if !seen.contains(&geo.feature_id.as_str()) {
                place.docs += 1;
                seen.push(&geo.feature_id);
            }
        }
        for ev in &record.events {
            let Some(at) = &ev.place else { continue };
            let name = record
                .entities
                .iter()
                .find(|e| e.id == at.entity)
                .map_or(at.geo.full_name.as_str(), |e| e.canonical.as_str());
            let place = places
                .entry(at.geo.feature_id.clone())
                .or_insert_with(|| place_count(&at.geo, name, &at.entity));
            place.events += 1;
            if !seen.contains(&at.geo.feature_id.as_str()) {
                place.docs += 1;
                seen.push(&at.geo.feature_id);
            }
        }
    }
    let mut places: Vec<PlaceCount> = places.into_values().collect();
    places.sort_by(|a, b| {
        b.docs
            .cmp(&a.docs)
            .then_with(|| b.mentions.cmp(&a.mentions))
            .then_with(|| b.events.cmp(&a.events))
            .then_with(|| a.feature_id.cmp(&b.feature_id))
    });
    places.truncate(PLACES_SHOWN);
    PlaceMap {
        documents: records.len(),
        places,
    }
}

/// One place found in a scope's records, before its rows are fetched.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundPlace {
    /// The place, counted over the scope.
    pub place: PlaceCount,
    /// Documents (`seq`) naming it or placing an event there, newest first.
    pub docs: Vec<i64>,
    /// Events (`seq`, index in the record) that happened there.
    pub events: Vec<(i64, usize)>,
}

impl FoundPlace {
    /// The place page from the rows of its first [`PLACE_ROWS`] documents
    /// and of its events (any order).
    pub fn page(self, documents: Vec<DocSummary>, mut events: Vec<EventRow>) -> PlacePage {
        events.sort_by(|a, b| b.day.cmp(&a.day));
        events.truncate(PLACE_ROWS);
        PlacePage {
            place: self.place,
            documents,
            events,
        }
    }
}

/// Where a scope's records `(seq, published, record)` name the place
/// `feature_id`; `None` when they never do.
pub fn find_place(
    records: &[(i64, Option<String>, String)],
    feature_id: &str,
) -> Option<FoundPlace> {
    let mut place: Option<PlaceCount> = None;
    let mut docs: Vec<i64> = Vec::new();
    let mut events: Vec<(i64, usize)> = Vec::new();
    for (seq, record) in &placed(records) {
        let mut here = false;
        for e in &record.entities {
            let Some(geo) = e.geo.as_ref().filter(|g| g.feature_id == feature_id) else {
                continue;
            };
            let p = place.get_or_insert_with(|| place_count(geo, &e.canonical, &e.id));
            p.mentions += e.mentions.len() as i64;
            here = true;
        }
        for (idx, ev) in record.events.iter().enumerate() {
            let Some(at) = ev.place.as_ref().filter(|p| p.geo.feature_id == feature_id) else {
                continue;
            };
            let p =
                place.get_or_insert_with(|| place_count(&at.geo, &at.geo.full_name, &at.entity));
            p.events += 1;
            events.push((*seq, idx));
            here = true;
        }
        if here {
            docs.push(*seq);
        }
    }
    let mut place = place?;
    place.docs = docs.len() as i64;
    Some(FoundPlace {
        place,
        docs,
        events,
    })
}

/// Mean tone per publication day, oldest first, of records `(seq,
/// published, record)`.
pub fn tone_days(records: &[(i64, Option<String>, String)]) -> Vec<ToneDay> {
    let mut days: BTreeMap<String, (i64, f64, f64, f64)> = BTreeMap::new();
    for (_, published, record) in records {
        let Some(published) = published else {
            continue;
        };
        let Ok(TonedRecord { tone: Some(tone) }) = serde_json::from_str(record) else {
            continue;
        };
        let day: String = published.chars().take(10).collect();
        let sum = days.entry(day).or_default();
        sum.0 += 1;
        sum.1 += tone.score;
        sum.2 += tone.positive;
        sum.3 += tone.negative;
    }
    days.into_iter()
        .map(|(day, (n, score, positive, negative))| {
            let mean = |v: f64| v / n.max(1) as f64;
            ToneDay {
                day,
                docs: n,
                tone: mean(score),
                positive: mean(positive),
                negative: mean(negative),
            }
        })
        .collect()
}

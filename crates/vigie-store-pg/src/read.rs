//! The queries of the HTTP API and of export on PostgreSQL: the embedded
//! `Reader`'s statements in PostgreSQL's dialect (`NULLS LAST` where SQLite
//! sorts NULL last, `ILIKE` for SQLite's case-blind `LIKE`), and its
//! aggregations (`vigie_store::place_map`, `names_and_roles`…) shared, so
//! both stores give the same answers on the same documents.

use std::sync::Mutex;

use postgres::types::ToSql;
use postgres::{Client, Row};
use vigie_store::{
    ActionDayRow, CoOccurring, DocSummary, EVENTS_SHOWN, EntityPage, EntitySummary, EventFilter,
    EventRow, Hit, MentionRow, PLACE_ROWS, PlaceMap, PlacePage, QuoteFilter, QuoteRow, RECENT_DOCS,
    ReadStore, RecordSink, SCOPE_DOCS, SCOPE_HITS, Scope, SearchPage, SourceState, Stats,
    StoryArticle, StoryPage, StorySummary, TimelineRow, ToneDay, by_outlet, find_place,
    full_record, like_escape, names_and_roles, place_map, snippet, tone_days,
};

use crate::{Error, Result, connect};

/// Connections kept open for reuse.
const POOL: usize = 8;
/// Records an export reads per query.
const EXPORT_BATCH: i64 = 500;

/// A PostgreSQL store opened for reading, with a small pool of connections.
pub struct PgReader {
    url: String,
    pool: Mutex<Vec<Client>>,
}

const DOC_COLS: &str = "d.doc_id, d.title, d.outlet, d.published, d.lang, d.story, d.duplicate_of";
const ENTITY_COLS: &str = "entity_id, type, canonical, docs, quotes, events";
const QUOTE_COLS: &str =
    "q.speaker, q.speaker_name, q.kind, q.text, q.start_byte, q.end_byte, q.cue";
const EVENT_COLS: &str = "v.actor, v.actor_name, v.action, v.cameo, v.target, v.target_name, v.day, v.goldstein, v.quad_class, v.start_byte, v.end_byte";

/// The text search configuration of each language, the others' last.
const CONFIGS: [(&str, &str); 3] = [("fr", "vigie_fr"), ("en", "vigie_en"), ("", "vigie_other")];

fn doc_summary(r: &Row, at: usize) -> DocSummary {
    DocSummary {
        doc_id: r.get(at),
        title: r.get(at + 1),
        outlet: r.get(at + 2),
        published: r.get(at + 3),
        lang: r.get(at + 4),
        story: r.get(at + 5),
        duplicate_of: r.get(at + 6),
    }
}

fn entity_summary(r: &Row) -> EntitySummary {
    EntitySummary {
        id: r.get(0),
        kind: r.get(1),
        canonical: r.get(2),
        docs: r.get(3),
        quote_count: r.get(4),
        event_count: r.get(5),
    }
}

fn quote_row(r: &Row) -> QuoteRow {
    QuoteRow {
        doc: doc_summary(r, 7),
        speaker: r.get(0),
        speaker_name: r.get(1),
        kind: r.get(2),
        text: r.get(3),
        start: r.get(4),
        end: r.get(5),
        cue: r.get(6),
    }
}

fn event_row(r: &Row) -> EventRow {
    EventRow {
        doc: doc_summary(r, 11),
        actor: r.get(0),
        actor_name: r.get(1),
        action: r.get(2),
        cameo: r.get(3),
        target: r.get(4),
        target_name: r.get(5),
        day: r.get(6),
        goldstein: r.get(7),
        quad_class: r.get(8),
        start: r.get(9),
        end: r.get(10),
    }
}

fn story_summary(r: &Row) -> StorySummary {
    StorySummary {
        id: r.get(0),
        title: r.get(1),
        first_day: r.get(2),
        last_day: r.get(3),
        docs: r.get(4),
    }
}

/// A count or offset as a BIGINT parameter.
fn big(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Parameters of a statement built clause by clause.
type Params = Vec<Box<dyn ToSql + Sync>>;

fn refs(params: &Params) -> Vec<&(dyn ToSql + Sync)> {
    params
        .iter()
        .map(|p| p.as_ref() as &(dyn ToSql + Sync))
        .collect()
}

/// The WHERE clause of an event filter and its parameters, numbered from 1.
fn event_where(f: &EventFilter) -> (String, Params) {
    let mut clauses = vec!["TRUE".to_owned()];
    let mut args: Params = Vec::new();
    let mut text = |column: &str, op: &str, v: Option<String>| {
        if let Some(v) = v {
            args.push(Box::new(v));
            clauses.push(format!("{column} {op} ${}", args.len()));
        }
    };
    text("v.actor", "=", f.actor.clone());
    text("v.target", "=", f.target.clone());
    text("v.action", "=", f.action.clone());
    text("v.day", ">=", f.from.clone());
    // "~" sorts after digits and "-": a bare "2022-02" as upper bound
    // takes in the whole month.
    text("v.day", "<=", f.to.as_ref().map(|t| format!("{t}~")));
    text("d.outlet", "=", f.outlet.clone());
    text("d.story", "=", f.story.clone());
    if let Some(q) = f.quad_class {
        args.push(Box::new(q));
        clauses.push(format!("v.quad_class = ${}", args.len()));
    }
    (clauses.join(" AND "), args)
}

impl PgReader {
    /// Connects to the database at `url`, creating the schema when it is
    /// new (a server can start on an empty database).
    pub fn connect(url: &str) -> Result<PgReader> {
        let first = connect(url)?;
        Ok(PgReader {
            url: url.to_owned(),
            pool: Mutex::new(vec![first]),
        })
    }

    fn with<T>(&self, f: impl FnOnce(&mut Client) -> Result<T>) -> Result<T> {
        let conn = self.pool.lock().map_err(|_| Error::Poisoned)?.pop();
        let mut conn = match conn {
            Some(c) if !c.is_closed() => c,
            _ => postgres::Client::connect(&self.url, postgres::NoTls)?,
        };
        let out = f(&mut conn);
        let mut pool = self.pool.lock().map_err(|_| Error::Poisoned)?;
        if pool.len() < POOL {
            pool.push(conn);
        }
        out
    }

    /// Ranked `(seq, score)` of the documents matching a query in the
    /// user's syntax (words, "phrases", -exclusions, or), each in its own
    /// language's configuration, and how many match in all.
    fn matches(
        c: &mut Client,
        query: &str,
        lang: Option<&str>,
        limit: usize,
        offset: usize,
    ) -> Result<(Vec<(i64, f32)>, i64)> {
        let lang = lang.filter(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_lowercase()));
        // One branch per configuration, so each can use the GIN index.
        let branches: Vec<String> = CONFIGS
            .iter()
            .map(|(code, config)| {
                let which = if code.is_empty() {
                    "(d.lang IS NULL OR d.lang NOT IN ('fr', 'en'))".to_owned()
                } else {
                    format!("d.lang = '{code}'")
                };
                format!(
                    "SELECT d.seq, ts_rank(d.tsv, q) AS score FROM documents d,
                         websearch_to_tsquery('{config}', $1) q
                     WHERE {which} AND d.tsv @@ q AND ($2::TEXT IS NULL OR d.lang = $2)"
                )
            })
            .collect();
        let all = branches.join(" UNION ALL ");
        let total: i64 = c
            .query_one(&format!("SELECT COUNT(*) FROM ({all}) m"), &[&query, &lang])?
            .get(0);
        let rows = c.query(
            &format!("{all} ORDER BY score DESC, seq DESC LIMIT $3 OFFSET $4"),
            &[&query, &lang, &big(limit), &big(offset)],
        )?;
        Ok((rows.iter().map(|r| (r.get(0), r.get(1))).collect(), total))
    }

    /// The documents of a scope (`seq`s), newest first.
    fn scope_docs(&self, scope: &Scope) -> Result<Vec<i64>> {
        let n = big(SCOPE_DOCS);
        self.with(|c| {
            let rows = match scope {
                Scope::Recent => c.query(
                    "SELECT seq FROM documents ORDER BY seq DESC LIMIT $1",
                    &[&n],
                )?,
                Scope::Entity(id) => c.query(
                    "SELECT doc FROM entities WHERE entity_id = $1 ORDER BY doc DESC LIMIT $2",
                    &[id, &n],
                )?,
                Scope::Story(id) => c.query(
                    "SELECT seq FROM documents WHERE story = $1 ORDER BY seq DESC LIMIT $2",
                    &[id, &n],
                )?,
                Scope::Search(q) => {
                    let (hits, _) = Self::matches(c, q, None, SCOPE_HITS, 0)?;
                    let mut seqs: Vec<i64> = hits.into_iter().map(|(seq, _)| seq).collect();
                    seqs.sort_unstable_by(|a, b| b.cmp(a));
                    return Ok(seqs);
                }
            };
            Ok(rows.iter().map(|r| r.get(0)).collect())
        })
    }

    /// The stored records of the given documents, in the same order.
    fn records(&self, seqs: &[i64]) -> Result<Vec<(i64, Option<String>, String)>> {
        self.with(|c| {
            let rows = c.query(
                "SELECT d.seq, d.published, d.record FROM unnest($1::BIGINT[]) WITH ORDINALITY AS s(seq, n)
                 JOIN documents d ON d.seq = s.seq ORDER BY s.n",
                &[&seqs],
            )?;
            Ok(rows.iter().map(|r| (r.get(0), r.get(1), r.get(2))).collect())
        })
    }
}

impl PgReader {
    fn stats_(&self) -> Result<Stats> {
        self.with(|c| {
            let row = c.query_one(
                "SELECT (SELECT COUNT(*) FROM documents),
                        (SELECT COUNT(*) FROM documents WHERE duplicate_of IS NOT NULL),
                        (SELECT COUNT(*) FROM entity_stats),
                        (SELECT COUNT(*) FROM stories),
                        (SELECT COUNT(*) FROM stories WHERE docs > 1),
                        (SELECT COUNT(*) FROM quotes),
                        (SELECT COUNT(*) FROM events)",
                &[],
            )?;
            Ok(Stats {
                documents: row.get(0),
                duplicates: row.get(1),
                entities: row.get(2),
                stories: row.get(3),
                multi_article_stories: row.get(4),
                quotes: row.get(5),
                events: row.get(6),
            })
        })
    }

    fn document_(&self, doc_id: &str) -> Result<Option<serde_json::Value>> {
        let row = self.with(|c| {
            Ok(c.query_opt(
                "SELECT record, text, duplicate_of, story FROM documents WHERE doc_id = $1",
                &[&doc_id],
            )?)
        })?;
        Ok(row
            .map(|r| full_record(doc_id, r.get(0), Some(r.get(1)), r.get(2), r.get(3)))
            .transpose()?)
    }

    fn documents_(
        &self,
        outlet: Option<&str>,
        story: Option<&str>,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<DocSummary>> {
        self.with(|c| {
            let rows = c.query(
                &format!(
                    "SELECT {DOC_COLS} FROM documents d
                     WHERE ($1::TEXT IS NULL OR d.outlet = $1) AND ($2::TEXT IS NULL OR d.story = $2)
                     ORDER BY d.published DESC NULLS LAST, d.seq DESC LIMIT $3 OFFSET $4"
                ),
                &[&outlet, &story, &big(limit), &big(offset)],
            )?;
            Ok(rows.iter().map(|r| doc_summary(r, 0)).collect())
        })
    }

    fn search_(
        &self,
        query: &str,
        lang: Option<&str>,
        limit: usize,
        offset: usize,
    ) -> Result<SearchPage> {
        self.with(|c| {
            let (ids, total) = Self::matches(c, query, lang, limit, offset)?;
            let stmt = c.prepare(&format!(
                "SELECT {DOC_COLS}, d.text FROM documents d WHERE d.seq = $1"
            ))?;
            let mut hits = Vec::with_capacity(ids.len());
            for (seq, score) in ids {
                if let Some(r) = c.query_opt(&stmt, &[&seq])? {
                    let text: &str = r.get(7);
                    hits.push(Hit {
                        doc: doc_summary(&r, 0),
                        score,
                        snippet: snippet(text, query),
                    });
                }
            }
            Ok(SearchPage {
                total: usize::try_from(total).unwrap_or(0),
                hits,
            })
        })
    }

    fn entities_(
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
            let rows = c.query(
                &format!(
                    "SELECT {ENTITY_COLS} FROM entity_stats
                     WHERE ($1::TEXT IS NULL OR folded ILIKE $1 OR entity_id = $4)
                       AND ($2::TEXT IS NULL OR type = $2)
                     ORDER BY docs DESC, entity_id LIMIT $3 OFFSET $5"
                ),
                &[&pattern, &kind, &big(limit), &name, &big(offset)],
            )?;
            Ok(rows.iter().map(entity_summary).collect())
        })
    }

    fn entity_(&self, id: &str) -> Result<Option<EntityPage>> {
        self.with(|c| {
            let Some(summary) = c.query_opt(
                &format!("SELECT {ENTITY_COLS} FROM entity_stats WHERE entity_id = $1"),
                &[&id],
            )?
            else {
                return Ok(None);
            };
            let summary = entity_summary(&summary);
            let recent_docs = format!(
                "SELECT doc FROM entities WHERE entity_id = $1 ORDER BY doc DESC LIMIT {RECENT_DOCS}"
            );
            let (names, roles) = names_and_roles(
                c.query(
                    &format!(
                        "SELECT e.canonical, e.roles, d.published FROM entities e
                         JOIN documents d ON d.seq = e.doc
                         WHERE e.entity_id = $1 AND e.doc IN ({recent_docs})"
                    ),
                    &[&id],
                )?
                .iter()
                .map(|r| (r.get(0), r.get(1), r.get(2)))
                .collect(),
            );
            let quotes = c
                .query(
                    &format!(
                        "SELECT {QUOTE_COLS}, {DOC_COLS} FROM quotes q JOIN documents d ON d.seq = q.doc
                         WHERE q.speaker = $1 ORDER BY q.doc DESC, q.idx LIMIT 100"
                    ),
                    &[&id],
                )?
                .iter()
                .map(quote_row)
                .collect();
            let co_occurring = c
                .query(
                    &format!(
                        "SELECT s.entity_id, s.canonical, s.type, COUNT(*) AS n FROM entities e
                         JOIN entity_stats s ON s.entity_id = e.entity_id
                         WHERE e.doc IN ({recent_docs}) AND e.entity_id != $1
                         GROUP BY s.entity_id ORDER BY n DESC, s.entity_id LIMIT 24"
                    ),
                    &[&id],
                )?
                .iter()
                .map(|r| CoOccurring {
                    id: r.get(0),
                    canonical: r.get(1),
                    kind: r.get(2),
                    shared: r.get(3),
                })
                .collect();
            let events = c
                .query(
                    &format!(
                        "SELECT {EVENT_COLS}, {DOC_COLS} FROM (
                           (SELECT * FROM events WHERE actor = $1
                            ORDER BY day DESC NULLS LAST, doc DESC LIMIT {EVENTS_SHOWN})
                           UNION ALL
                           (SELECT * FROM events WHERE target = $1 AND actor != $1
                            ORDER BY day DESC NULLS LAST, doc DESC LIMIT {EVENTS_SHOWN})
                         ) v JOIN documents d ON d.seq = v.doc
                         ORDER BY v.day DESC NULLS LAST, v.doc DESC, v.idx LIMIT {EVENTS_SHOWN}"
                    ),
                    &[&id],
                )?
                .iter()
                .map(event_row)
                .collect();
            let documents = c
                .query(
                    &format!(
                        "SELECT {DOC_COLS} FROM documents d WHERE d.seq IN ({recent_docs})
                         ORDER BY d.published DESC NULLS LAST, d.seq DESC LIMIT 50"
                    ),
                    &[&id],
                )?
                .iter()
                .map(|r| doc_summary(r, 0))
                .collect();
            let mentions = c
                .query(
                    "SELECT d.doc_id, m.text, m.start_byte, m.end_byte FROM mentions m
                     JOIN documents d ON d.seq = m.doc
                     WHERE m.doc IN (SELECT doc FROM entities WHERE entity_id = $1
                                     ORDER BY doc DESC LIMIT 20)
                       AND m.entity_id = $1
                     ORDER BY m.doc DESC, m.start_byte LIMIT 100",
                    &[&id],
                )?
                .iter()
                .map(|r| MentionRow {
                    doc_id: r.get(0),
                    text: r.get(1),
                    start: r.get(2),
                    end: r.get(3),
                })
                .collect();
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

    fn speakers_(&self, limit: usize) -> Result<Vec<EntitySummary>> {
        self.with(|c| {
            let rows = c.query(
                &format!(
                    "SELECT {ENTITY_COLS} FROM entity_stats WHERE quotes > 0
                     ORDER BY quotes DESC, entity_id LIMIT $1"
                ),
                &[&big(limit)],
            )?;
            Ok(rows.iter().map(entity_summary).collect())
        })
    }

    fn quotes_(&self, f: &QuoteFilter, limit: usize, offset: usize) -> Result<Vec<QuoteRow>> {
        let pattern = f.text.as_deref().map(|t| format!("%{}%", like_escape(t)));
        self.with(|c| {
            let rows = c.query(
                &format!(
                    "SELECT {QUOTE_COLS}, {DOC_COLS} FROM quotes q JOIN documents d ON d.seq = q.doc
                     WHERE ($1::TEXT IS NULL OR q.speaker = $1) AND ($2::TEXT IS NULL OR q.text ILIKE $2)
                       AND ($3::TEXT IS NULL OR d.outlet = $3) AND ($4::TEXT IS NULL OR q.kind = $4)
                     ORDER BY q.doc DESC, q.idx LIMIT $5 OFFSET $6"
                ),
                &[
                    &f.speaker,
                    &pattern,
                    &f.outlet,
                    &f.kind,
                    &big(limit),
                    &big(offset),
                ],
            )?;
            Ok(rows.iter().map(quote_row).collect())
        })
    }

    fn events_(&self, f: &EventFilter, limit: usize, offset: usize) -> Result<Vec<EventRow>> {
        let (clause, mut args) = event_where(f);
        args.push(Box::new(big(limit)));
        args.push(Box::new(big(offset)));
        let n = args.len();
        self.with(|c| {
            let rows = c.query(
                &format!(
                    "SELECT {EVENT_COLS}, {DOC_COLS} FROM events v JOIN documents d ON d.seq = v.doc
                     WHERE {clause} ORDER BY v.day DESC NULLS LAST, v.doc DESC, v.idx
                     LIMIT ${} OFFSET ${n}",
                    n - 1
                ),
                &refs(&args),
            )?;
            Ok(rows.iter().map(event_row).collect())
        })
    }

    /// Event counts per day and one other column (`quad_class`, `action`).
    fn per_day(&self, f: &EventFilter, column: &str) -> Result<Vec<Row>> {
        let (clause, args) = event_where(f);
        self.with(|c| {
            Ok(c.query(
                &format!(
                    "SELECT v.day, v.{column}, COUNT(*) FROM events v JOIN documents d ON d.seq = v.doc
                     WHERE {clause} AND v.day IS NOT NULL
                     GROUP BY v.day, v.{column} ORDER BY v.day, v.{column}"
                ),
                &refs(&args),
            )?)
        })
    }

    fn stories_(&self, min_docs: i64, limit: usize, offset: usize) -> Result<Vec<StorySummary>> {
        self.with(|c| {
            let rows = c.query(
                "SELECT story_id, title, first_day, last_day, docs FROM stories
                 WHERE docs >= $1 ORDER BY docs DESC, last_seq DESC LIMIT $2 OFFSET $3",
                &[&min_docs, &big(limit), &big(offset)],
            )?;
            Ok(rows.iter().map(story_summary).collect())
        })
    }

    fn story_(&self, id: &str) -> Result<Option<StoryPage>> {
        self.with(|c| {
            let Some(summary) = c.query_opt(
                "SELECT story_id, title, first_day, last_day, docs FROM stories WHERE story_id = $1",
                &[&id],
            )?
            else {
                return Ok(None);
            };
            let docs = c.query(
                &format!(
                    "SELECT {DOC_COLS}, d.seq FROM documents d WHERE d.story = $1 ORDER BY d.seq LIMIT 200"
                ),
                &[&id],
            )?;
            let quotes_stmt = c.prepare(&format!(
                "SELECT {QUOTE_COLS}, {DOC_COLS} FROM quotes q JOIN documents d ON d.seq = q.doc
                 WHERE q.doc = $1 ORDER BY q.idx LIMIT 50"
            ))?;
            let events_stmt = c.prepare(&format!(
                "SELECT {EVENT_COLS}, {DOC_COLS} FROM events v JOIN documents d ON d.seq = v.doc
                 WHERE v.doc = $1 ORDER BY v.idx LIMIT 50"
            ))?;
            let ent_stmt = c.prepare(
                "SELECT entity_id, canonical FROM entities WHERE doc = $1
                 ORDER BY mentions DESC, entity_id LIMIT 12",
            )?;
            let mut articles = Vec::with_capacity(docs.len());
            for r in &docs {
                let seq: i64 = r.get(7);
                articles.push(StoryArticle {
                    quotes: c.query(&quotes_stmt, &[&seq])?.iter().map(quote_row).collect(),
                    events: c.query(&events_stmt, &[&seq])?.iter().map(event_row).collect(),
                    entities: c
                        .query(&ent_stmt, &[&seq])?
                        .iter()
                        .map(|e| (e.get(0), e.get(1)))
                        .collect(),
                    doc: doc_summary(r, 0),
                });
            }
            Ok(Some(StoryPage {
                summary: story_summary(&summary),
                outlets: by_outlet(articles),
            }))
        })
    }

    fn place_(&self, scope: &Scope, feature_id: &str) -> Result<Option<PlacePage>> {
        let records = self.records(&self.scope_docs(scope)?)?;
        let Some(found) = find_place(&records, feature_id) else {
            return Ok(None);
        };
        let first: Vec<i64> = found.docs.iter().take(PLACE_ROWS).copied().collect();
        let (docs, idxs): (Vec<i64>, Vec<i64>) = found
            .events
            .iter()
            .map(|(seq, idx)| (*seq, big(*idx)))
            .unzip();
        self.with(|c| {
            let documents = c
                .query(
                    &format!(
                        "SELECT {DOC_COLS} FROM unnest($1::BIGINT[]) WITH ORDINALITY AS s(seq, n)
                         JOIN documents d ON d.seq = s.seq ORDER BY s.n"
                    ),
                    &[&first],
                )?
                .iter()
                .map(|r| doc_summary(r, 0))
                .collect();
            let events = c
                .query(
                    &format!(
                        "SELECT {EVENT_COLS}, {DOC_COLS}
                         FROM unnest($1::BIGINT[], $2::BIGINT[]) WITH ORDINALITY AS s(doc, idx, n)
                         JOIN events v ON v.doc = s.doc AND v.idx = s.idx
                         JOIN documents d ON d.seq = v.doc ORDER BY s.n"
                    ),
                    &[&docs, &idxs],
                )?
                .iter()
                .map(event_row)
                .collect();
            Ok(Some(found.page(documents, events)))
        })
    }

    fn export_(&self, with_text: bool, sink: &mut RecordSink<'_>) -> vigie_store::Result<()> {
        let mut after = 0i64;
        loop {
            let batch = self.with(|c| {
                Ok(c.query(
                    "SELECT seq, doc_id, record, CASE WHEN $2 THEN text END, duplicate_of, story
                     FROM documents WHERE seq > $1 ORDER BY seq LIMIT $3",
                    &[&after, &with_text, &EXPORT_BATCH],
                )?)
            })?;
            let Some(last) = batch.last() else {
                return Ok(());
            };
            after = last.get(0);
            for r in &batch {
                sink(full_record(
                    r.get(1),
                    r.get(2),
                    r.get(3),
                    r.get(4),
                    r.get(5),
                )?)?;
            }
        }
    }
}

impl ReadStore for PgReader {
    fn refresh(&self) -> vigie_store::Result<()> {
        // Every query sees the latest commit: there is no cached view.
        Ok(())
    }
    fn stats(&self) -> vigie_store::Result<Stats> {
        Ok(self.stats_()?)
    }
    fn document(&self, doc_id: &str) -> vigie_store::Result<Option<serde_json::Value>> {
        Ok(self.document_(doc_id)?)
    }
    fn documents(
        &self,
        outlet: Option<&str>,
        story: Option<&str>,
        limit: usize,
        offset: usize,
    ) -> vigie_store::Result<Vec<DocSummary>> {
        Ok(self.documents_(outlet, story, limit, offset)?)
    }
    fn search(
        &self,
        query: &str,
        lang: Option<&str>,
        limit: usize,
        offset: usize,
    ) -> vigie_store::Result<SearchPage> {
        Ok(self.search_(query, lang, limit, offset)?)
    }
    fn entities(
        &self,
        name: Option<&str>,
        kind: Option<&str>,
        limit: usize,
        offset: usize,
    ) -> vigie_store::Result<Vec<EntitySummary>> {
        Ok(self.entities_(name, kind, limit, offset)?)
    }
    fn entity(&self, id: &str) -> vigie_store::Result<Option<EntityPage>> {
        Ok(self.entity_(id)?)
    }
    fn speakers(&self, limit: usize) -> vigie_store::Result<Vec<EntitySummary>> {
        Ok(self.speakers_(limit)?)
    }
    fn quotes(
        &self,
        f: &QuoteFilter,
        limit: usize,
        offset: usize,
    ) -> vigie_store::Result<Vec<QuoteRow>> {
        Ok(self.quotes_(f, limit, offset)?)
    }
    fn events(
        &self,
        f: &EventFilter,
        limit: usize,
        offset: usize,
    ) -> vigie_store::Result<Vec<EventRow>> {
        Ok(self.events_(f, limit, offset)?)
    }
    fn timeline(&self, f: &EventFilter) -> vigie_store::Result<Vec<TimelineRow>> {
        Ok(self
            .per_day(f, "quad_class")?
            .iter()
            .map(|r| TimelineRow {
                day: r.get(0),
                quad_class: r.get(1),
                count: r.get(2),
            })
            .collect())
    }
    fn timeline_by_action(&self, f: &EventFilter) -> vigie_store::Result<Vec<ActionDayRow>> {
        Ok(self
            .per_day(f, "action")?
            .iter()
            .map(|r| ActionDayRow {
                day: r.get(0),
                action: r.get(1),
                count: r.get(2),
            })
            .collect())
    }
    fn stories(
        &self,
        min_docs: i64,
        limit: usize,
        offset: usize,
    ) -> vigie_store::Result<Vec<StorySummary>> {
        Ok(self.stories_(min_docs, limit, offset)?)
    }
    fn story(&self, id: &str) -> vigie_store::Result<Option<StoryPage>> {
        Ok(self.story_(id)?)
    }
    fn places(&self, scope: &Scope) -> vigie_store::Result<PlaceMap> {
        Ok(place_map(&self.records(&self.scope_docs(scope)?)?))
    }
    fn place(&self, scope: &Scope, feature_id: &str) -> vigie_store::Result<Option<PlacePage>> {
        Ok(self.place_(scope, feature_id)?)
    }
    fn tone(&self, scope: &Scope) -> vigie_store::Result<Vec<ToneDay>> {
        Ok(tone_days(&self.records(&self.scope_docs(scope)?)?))
    }
    fn sources(&self) -> vigie_store::Result<Vec<SourceState>> {
        // `vigie watch` keeps its state in an embedded store only; a
        // PostgreSQL store is fed by `ingest` and workers, and follows none.
        Ok(Vec::new())
    }
    fn export(&self, with_text: bool, sink: &mut RecordSink<'_>) -> vigie_store::Result<()> {
        self.export_(with_text, sink)
    }
}

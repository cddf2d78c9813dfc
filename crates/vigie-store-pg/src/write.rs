//! Adding documents: one transaction per batch, placement serialised by a
//! transaction-level advisory lock.
//!
//! **Why a lock, not serialisable transactions.** Placing a document reads
//! what every earlier one wrote: the owners of its LSH band keys, the
//! document frequency of its actors (`entity_stats`), the recent documents
//! naming them, their stories, the document count. Two batches placed at
//! once would each miss the other's documents (a relay and its original in
//! two workers would both become originals), so placement must see the
//! batches one after the other. Under SERIALIZABLE, PostgreSQL would detect
//! those read/write dependencies and abort one transaction, but every pair
//! of batches conflicts (each bumps `entity_stats` counters and `stories`
//! rows the other reads), so aborts and retries would be the common path,
//! each retry redoing the batch's placement. `pg_advisory_xact_lock`
//! queues the writers instead: the lock is taken first thing in the
//! transaction and released by its commit or rollback (a worker killed
//! mid-batch releases it with its connection), and the outcome is that of
//! a serial ingest in lock order. Analysis, the costly part, runs outside
//! the lock in the workers; only placement and the inserts are serialised.
//!
//! Inside the transaction, in order: the document counter is read; each new
//! document is checked against the stored publications (`doc_id`), placed
//! (same queries as the embedded store's, LSH owners and actor frequencies
//! fetched in one query per document), and its row, band keys, entities
//! and counters written at once, since the next document's placement reads
//! them; mentions, quotes, events and story rows, which placement never
//! reads, are written for the whole batch at the end with array parameters;
//! the counter is written back and the transaction committed.

use std::collections::{HashMap, HashSet};

use postgres::types::ToSql;
use postgres::{Client, Statement, Transaction};
use rayon::prelude::*;
use vigie_cluster::{Assignment, Index, Member, Profile, Signature, assign};
use vigie_doc::{Cluster, Doc};
use vigie_store::{BatchReport, MemberCache, decode_profile, encode_profile, input_key};

use crate::{Error, Result, connect};

/// The advisory lock every batch holds while it places and writes.
const PLACEMENT_LOCK: i64 = 0x5669_6769_6500_0002;

/// A PostgreSQL store opened for writing. Several may write one database
/// at once, from any number of processes.
pub struct PgStore {
    client: Client,
    statements: Statements,
    members: MemberCache,
}

/// Statements every batch runs, prepared once per connection.
struct Statements {
    exists: Statement,
    same_body: Statement,
    band_owners: Statement,
    with_entity: Statement,
    member: Statement,
    doc_freqs: Statement,
    insert_doc: Statement,
    insert_bands: Statement,
    insert_entities: Statement,
    upsert_entity_stats: Statement,
    count_facts: Statement,
}

impl Statements {
    fn prepare(client: &mut Client) -> Result<Statements> {
        let mut p = |sql: &str| client.prepare(sql);
        Ok(Statements {
            exists: p("SELECT 1 FROM documents WHERE doc_id = $1")?,
            same_body: p(
                "SELECT doc_id FROM documents WHERE body_digest = $1 ORDER BY seq LIMIT 1",
            )?,
            band_owners: p("SELECT l.hash, d.doc_id FROM lsh_bands l
                 JOIN documents d ON d.seq = l.doc WHERE l.hash = ANY($1)")?,
            with_entity: p("SELECT d.doc_id FROM entities e JOIN documents d ON d.seq = e.doc
                 WHERE e.entity_id = $1 ORDER BY e.doc DESC LIMIT $2")?,
            member: p("SELECT profile, signature, duplicate_of, story, body_digest
                 FROM documents WHERE doc_id = $1")?,
            doc_freqs: p("SELECT entity_id, docs FROM entity_stats WHERE entity_id = ANY($1)")?,
            insert_doc: p(
                "INSERT INTO documents (doc_id, input_key, outlet, published, lang, title, path,
                     duplicate_of, story, record, text, profile, signature, body_digest)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
                 RETURNING seq",
            )?,
            insert_bands: p("INSERT INTO lsh_bands (band, hash, doc)
                 SELECT b, h, $3 FROM unnest($1::SMALLINT[], $2::BIGINT[]) AS u(b, h)
                 ON CONFLICT (hash) DO NOTHING")?,
            insert_entities: p(
                "INSERT INTO entities (doc, entity_id, type, canonical, roles, mentions, known)
                 SELECT $1, * FROM unnest($2::TEXT[], $3::TEXT[], $4::TEXT[], $5::TEXT[],
                                          $6::BIGINT[], $7::BOOLEAN[])",
            )?,
            upsert_entity_stats: p(
                "INSERT INTO entity_stats (entity_id, type, canonical, folded, docs, quotes, events)
                 SELECT id, t, c, f, 1, 0, 0
                 FROM unnest($1::TEXT[], $2::TEXT[], $3::TEXT[], $4::TEXT[]) AS u(id, t, c, f)
                 ON CONFLICT (entity_id) DO UPDATE SET docs = entity_stats.docs + 1",
            )?,
            count_facts: p("UPDATE entity_stats s SET quotes = s.quotes + u.q, events = s.events + u.e
                 FROM unnest($1::TEXT[], $2::BIGINT[], $3::BIGINT[]) AS u(id, q, e)
                 WHERE s.entity_id = u.id")?,
        })
    }
}

impl PgStore {
    /// Connects to the database at `url` (`postgres://user@host:port/db`),
    /// creating or upgrading the schema.
    pub fn connect(url: &str) -> Result<PgStore> {
        let mut client = connect(url)?;
        let statements = Statements::prepare(&mut client)?;
        Ok(PgStore {
            client,
            statements,
            members: MemberCache::default(),
        })
    }

    /// The `vigie_store::input_key` of every stored document, so a resumed
    /// ingest skips inputs it already stored without analysing them.
    pub fn input_keys(&mut self) -> Result<HashSet<i64>> {
        Ok(self
            .client
            .query("SELECT input_key FROM documents", &[])?
            .iter()
            .map(|r| r.get(0))
            .collect())
    }

    /// Stores analysed documents, filling their `cluster`, exactly as
    /// `vigie_store::Store::add_batch` does; documents whose publication is
    /// already stored are skipped and counted as `existing`. All or nothing:
    /// on an error nothing of the batch is stored.
    pub fn add_batch(&mut self, docs: Vec<Doc>) -> Result<BatchReport> {
        let out = self.place_and_store(docs);
        if out.is_err() {
            // Members placed by the rolled-back batch were never stored.
            self.members.clear();
        }
        out
    }

    fn place_and_store(&mut self, docs: Vec<Doc>) -> Result<BatchReport> {
        let profiles: Vec<Profile> = docs.par_iter().map(Profile::of).collect();
        let mut report = BatchReport::default();
        let mut facts = Facts::default();
        let s = &self.statements;
        let mut tx = self.client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&PLACEMENT_LOCK])?;
        let mut docs_count: i64 = tx
            .query_one(
                "SELECT value::BIGINT FROM meta WHERE key = 'documents'",
                &[],
            )?
            .get(0);
        for (mut doc, profile) in docs.into_iter().zip(profiles) {
            if tx.query_opt(&s.exists, &[&doc.doc_id])?.is_some() {
                report.existing += 1;
                continue;
            }
            let assignment = {
                let mut index = TxIndex::new(&mut tx, s, &mut self.members, docs_count, &profile)?;
                assign(&mut index, &profile)?
            };
            if assignment.duplicate_of.is_some() {
                report.duplicates += 1;
                report.copies += usize::from(assignment.exact);
            }
            doc.cluster = Some(Cluster {
                duplicate_of: assignment.duplicate_of.clone(),
                story: Some(assignment.story.clone()),
            });
            let seq = insert(&mut tx, s, &doc, &profile, &assignment)?;
            facts.add(seq, &doc, &assignment.story);
            self.members.put(Member {
                profile,
                duplicate_of: assignment.duplicate_of,
                story: assignment.story,
            });
            docs_count += 1;
            report.added += 1;
        }
        facts.write(&mut tx)?;
        tx.execute(
            "UPDATE meta SET value = $1 WHERE key = 'documents'",
            &[&docs_count.to_string()],
        )?;
        tx.commit()?;
        Ok(report)
    }
}

/// The document's row and what the next placement reads: band keys,
/// entities, actor counts.
fn insert(
    tx: &mut Transaction,
    s: &Statements,
    doc: &Doc,
    profile: &Profile,
    placed: &Assignment,
) -> Result<i64> {
    let mut record = doc.clone();
    record.text = None;
    record.cluster = None;
    let json = serde_json::to_string(&record).map_err(|source| Error::Record {
        doc_id: doc.doc_id.clone(),
        source,
    })?;
    let seq: i64 = tx
        .query_one(
            &s.insert_doc,
            &[
                &doc.doc_id,
                &input_key(&doc.source, &doc.layout.raw),
                &doc.source.outlet,
                &doc.published,
                &doc.lang,
                &doc.title,
                &doc.source.path,
                &placed.duplicate_of,
                &placed.story,
                &json,
                &doc.text(),
                &encode_profile(profile),
                &profile.signature.as_ref().map(Signature::to_bytes),
                &doc.body_digest,
            ],
        )?
        .get(0);
    if !placed.claim.is_empty() {
        let bands: Vec<i16> = (0..placed.claim.len())
            .map(|b| i16::try_from(b).unwrap_or(i16::MAX))
            .collect();
        tx.execute(&s.insert_bands, &[&bands, &placed.claim, &seq])?;
    }
    // The first row of an entity named twice wins, as the embedded store's
    // INSERT OR IGNORE keeps it.
    let mut seen = HashSet::new();
    let entities: Vec<&vigie_doc::Entity> = doc
        .entities
        .iter()
        .filter(|e| seen.insert(e.id.as_str()))
        .collect();
    if !entities.is_empty() {
        let ids: Vec<&str> = entities.iter().map(|e| e.id.as_str()).collect();
        let types: Vec<&str> = entities.iter().map(|e| e.kind.as_str()).collect();
        let canonical: Vec<&str> = entities.iter().map(|e| e.canonical.as_str()).collect();
        let roles: Vec<String> = entities
            .iter()
            .map(|e| serde_json::to_string(&e.roles).unwrap_or_else(|_| "[]".into()))
            .collect();
        let mentions: Vec<i64> = entities.iter().map(|e| e.mentions.len() as i64).collect();
        let known: Vec<bool> = entities.iter().map(|e| e.known).collect();
        let folded: Vec<String> = entities
            .iter()
            .map(|e| vigie_kb::fold(&e.canonical))
            .collect();
        tx.execute(
            &s.insert_entities,
            &[&seq, &ids, &types, &canonical, &roles, &mentions, &known],
        )?;
        tx.execute(&s.upsert_entity_stats, &[&ids, &types, &canonical, &folded])?;
    }
    // Quote and event counts go to actors already known when the document
    // arrives (its own included), as the embedded store counts them.
    let mut counts: HashMap<&str, (i64, i64)> = HashMap::new();
    for q in &doc.quotes {
        if let Some(speaker) = &q.speaker {
            counts.entry(speaker).or_default().0 += 1;
        }
    }
    for e in &doc.events {
        counts.entry(&e.actor).or_default().1 += 1;
    }
    if !counts.is_empty() {
        let ids: Vec<&str> = counts.keys().copied().collect();
        let quotes: Vec<i64> = ids.iter().map(|id| counts[id].0).collect();
        let events: Vec<i64> = ids.iter().map(|id| counts[id].1).collect();
        tx.execute(&s.count_facts, &[&ids, &quotes, &events])?;
    }
    Ok(seq)
}

/// A batch's rows that placement never reads, written at its end.
#[derive(Default)]
struct Facts {
    mentions: MentionColumns,
    quotes: QuoteColumns,
    events: EventColumns,
    stories: Vec<(String, StoryDelta)>,
}

#[derive(Default)]
struct MentionColumns {
    doc: Vec<i64>,
    entity: Vec<String>,
    start: Vec<i64>,
    end: Vec<i64>,
    text: Vec<String>,
}

#[derive(Default)]
struct QuoteColumns {
    doc: Vec<i64>,
    idx: Vec<i64>,
    speaker: Vec<Option<String>>,
    speaker_name: Vec<Option<String>>,
    kind: Vec<String>,
    text: Vec<String>,
    start: Vec<i64>,
    end: Vec<i64>,
    cue: Vec<Option<String>>,
}

#[derive(Default)]
struct EventColumns {
    doc: Vec<i64>,
    idx: Vec<i64>,
    actor: Vec<String>,
    actor_name: Vec<String>,
    action: Vec<String>,
    cameo: Vec<String>,
    target: Vec<Option<String>>,
    target_name: Vec<Option<String>>,
    day: Vec<Option<String>>,
    goldstein: Vec<f64>,
    quad_class: Vec<i64>,
    start: Vec<i64>,
    end: Vec<i64>,
}

/// What a batch adds to one story: articles, the first title, the day
/// range and the last article.
struct StoryDelta {
    docs: i64,
    title: Option<String>,
    first_day: Option<String>,
    last_day: Option<String>,
    last_seq: i64,
}

/// The name a serialised enum value has in JSON ("direct", "make_statement").
fn json_name<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The first ten characters of a date: its day.
fn day_of(date: Option<&str>) -> Option<String> {
    date.map(|d| d.chars().take(10).collect())
}

impl Facts {
    fn add(&mut self, seq: i64, doc: &Doc, story: &str) {
        for e in &doc.entities {
            for m in &e.mentions {
                self.mentions.doc.push(seq);
                self.mentions.entity.push(e.id.clone());
                self.mentions.start.push(m.start as i64);
                self.mentions.end.push(m.end as i64);
                self.mentions.text.push(m.text.clone());
            }
        }
        let q = &mut self.quotes;
        for (i, quote) in doc.quotes.iter().enumerate() {
            q.doc.push(seq);
            q.idx.push(i as i64);
            q.speaker.push(quote.speaker.clone());
            q.speaker_name.push(quote.speaker_name.clone());
            q.kind.push(json_name(&quote.kind));
            q.text.push(quote.text.clone());
            q.start.push(quote.start as i64);
            q.end.push(quote.end as i64);
            q.cue.push(quote.cue.clone());
        }
        let v = &mut self.events;
        for (i, e) in doc.events.iter().enumerate() {
            v.doc.push(seq);
            v.idx.push(i as i64);
            v.actor.push(e.actor.clone());
            v.actor_name.push(e.actor_name.clone());
            v.action.push(json_name(&e.action));
            v.cameo.push(e.cameo.clone());
            v.target.push(e.target.clone());
            v.target_name.push(e.target_name.clone());
            v.day
                .push(day_of(e.date.as_deref().or(doc.published.as_deref())));
            v.goldstein.push(e.goldstein);
            v.quad_class.push(i64::from(e.quad_class));
            v.start.push(e.evidence.start as i64);
            v.end.push(e.evidence.end as i64);
        }
        let day = day_of(doc.published.as_deref());
        match self.stories.iter_mut().find(|(id, _)| id == story) {
            Some((_, d)) => {
                d.docs += 1;
                d.last_seq = seq;
                if d.title.is_none() {
                    d.title.clone_from(&doc.title);
                }
                if let Some(day) = day {
                    if d.first_day.as_ref().is_none_or(|f| day < *f) {
                        d.first_day = Some(day.clone());
                    }
                    if d.last_day.as_ref().is_none_or(|l| day > *l) {
                        d.last_day = Some(day);
                    }
                }
            }
            None => self.stories.push((
                story.to_owned(),
                StoryDelta {
                    docs: 1,
                    title: doc.title.clone(),
                    first_day: day.clone(),
                    last_day: day,
                    last_seq: seq,
                },
            )),
        }
    }

    fn write(self, tx: &mut Transaction) -> Result<()> {
        let m = &self.mentions;
        if !m.doc.is_empty() {
            tx.execute(
                "INSERT INTO mentions (doc, entity_id, start_byte, end_byte, text)
                 SELECT * FROM unnest($1::BIGINT[], $2::TEXT[], $3::BIGINT[], $4::BIGINT[], $5::TEXT[])",
                &[&m.doc, &m.entity, &m.start, &m.end, &m.text],
            )?;
        }
        let q = &self.quotes;
        if !q.doc.is_empty() {
            tx.execute(
                "INSERT INTO quotes (doc, idx, speaker, speaker_name, kind, text, start_byte, end_byte, cue)
                 SELECT * FROM unnest($1::BIGINT[], $2::BIGINT[], $3::TEXT[], $4::TEXT[], $5::TEXT[],
                                      $6::TEXT[], $7::BIGINT[], $8::BIGINT[], $9::TEXT[])",
                &[
                    &q.doc,
                    &q.idx,
                    &q.speaker,
                    &q.speaker_name,
                    &q.kind,
                    &q.text,
                    &q.start,
                    &q.end,
                    &q.cue,
                ],
            )?;
        }
        let v = &self.events;
        if !v.doc.is_empty() {
            let params: [&(dyn ToSql + Sync); 13] = [
                &v.doc,
                &v.idx,
                &v.actor,
                &v.actor_name,
                &v.action,
                &v.cameo,
                &v.target,
                &v.target_name,
                &v.day,
                &v.goldstein,
                &v.quad_class,
                &v.start,
                &v.end,
            ];
            tx.execute(
                "INSERT INTO events (doc, idx, actor, actor_name, action, cameo, target, target_name,
                     day, goldstein, quad_class, start_byte, end_byte)
                 SELECT * FROM unnest($1::BIGINT[], $2::BIGINT[], $3::TEXT[], $4::TEXT[], $5::TEXT[],
                     $6::TEXT[], $7::TEXT[], $8::TEXT[], $9::TEXT[], $10::FLOAT8[], $11::BIGINT[],
                     $12::BIGINT[], $13::BIGINT[])",
                &params,
            )?;
        }
        if !self.stories.is_empty() {
            let ids: Vec<&str> = self.stories.iter().map(|(id, _)| id.as_str()).collect();
            let d = |f: fn(&StoryDelta) -> Option<String>| -> Vec<Option<String>> {
                self.stories.iter().map(|(_, s)| f(s)).collect()
            };
            let titles = d(|s| s.title.clone());
            let firsts = d(|s| s.first_day.clone());
            let lasts = d(|s| s.last_day.clone());
            let docs: Vec<i64> = self.stories.iter().map(|(_, s)| s.docs).collect();
            let seqs: Vec<i64> = self.stories.iter().map(|(_, s)| s.last_seq).collect();
            tx.execute(
                "INSERT INTO stories AS s (story_id, title, first_day, last_day, docs, last_seq)
                 SELECT * FROM unnest($1::TEXT[], $2::TEXT[], $3::TEXT[], $4::TEXT[],
                                      $5::BIGINT[], $6::BIGINT[])
                 ON CONFLICT (story_id) DO UPDATE SET
                     docs = s.docs + EXCLUDED.docs,
                     last_seq = EXCLUDED.last_seq,
                     title = COALESCE(s.title, EXCLUDED.title),
                     first_day = CASE WHEN s.first_day IS NULL OR EXCLUDED.first_day < s.first_day
                                      THEN COALESCE(EXCLUDED.first_day, s.first_day) ELSE s.first_day END,
                     last_day = CASE WHEN s.last_day IS NULL OR EXCLUDED.last_day > s.last_day
                                     THEN COALESCE(EXCLUDED.last_day, s.last_day) ELSE s.last_day END",
                &[&ids, &titles, &firsts, &lasts, &docs, &seqs],
            )?;
        }
        Ok(())
    }
}

/// Clustering's view of the stored documents, inside the batch transaction.
/// The owners of the document's band keys and the frequencies of its actors
/// are fetched in one query each when it is opened.
struct TxIndex<'a, 't> {
    tx: &'a mut Transaction<'t>,
    s: &'a Statements,
    cache: &'a mut MemberCache,
    docs: u64,
    owners: HashMap<i64, String>,
    freqs: HashMap<String, u64>,
}

impl<'a, 't> TxIndex<'a, 't> {
    fn new(
        tx: &'a mut Transaction<'t>,
        s: &'a Statements,
        cache: &'a mut MemberCache,
        docs: i64,
        profile: &Profile,
    ) -> Result<Self> {
        let keys = profile
            .signature
            .as_ref()
            .map(Signature::band_keys)
            .unwrap_or_default();
        let owners = if keys.is_empty() {
            HashMap::new()
        } else {
            tx.query(&s.band_owners, &[&keys])?
                .iter()
                .map(|r| (r.get(0), r.get(1)))
                .collect()
        };
        let ids: Vec<&str> = profile.entities.iter().map(|(e, _)| e.as_str()).collect();
        let mut index = TxIndex {
            tx,
            s,
            cache,
            docs: u64::try_from(docs).unwrap_or(0),
            owners,
            freqs: HashMap::new(),
        };
        index.fetch_freqs(&ids)?;
        Ok(index)
    }

    fn fetch_freqs(&mut self, ids: &[&str]) -> Result<()> {
        if ids.is_empty() {
            return Ok(());
        }
        for r in self.tx.query(&self.s.doc_freqs, &[&ids])? {
            let docs: i64 = r.get(1);
            self.freqs
                .insert(r.get(0), u64::try_from(docs).unwrap_or(0));
        }
        for id in ids {
            self.freqs.entry((*id).to_owned()).or_insert(0);
        }
        Ok(())
    }
}

impl Index for TxIndex<'_, '_> {
    type Error = Error;

    fn same_body(&mut self, digest: &str) -> Result<Option<String>> {
        Ok(self
            .tx
            .query_opt(&self.s.same_body, &[&digest])?
            .map(|r| r.get(0)))
    }

    fn band_owner(&mut self, key: i64) -> Result<Option<String>> {
        Ok(self.owners.get(&key).cloned())
    }

    fn with_entity(&mut self, entity: &str, limit: usize) -> Result<Vec<String>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        Ok(self
            .tx
            .query(&self.s.with_entity, &[&entity, &limit])?
            .iter()
            .map(|r| r.get(0))
            .collect())
    }

    fn member(&mut self, doc_id: &str) -> Result<Option<Member>> {
        if let Some(m) = self.cache.get(doc_id) {
            return Ok(Some(m.clone()));
        }
        let Some(row) = self.tx.query_opt(&self.s.member, &[&doc_id])? else {
            return Ok(None);
        };
        let digest: String = row.get(4);
        let member = Member {
            profile: decode_profile(
                doc_id.to_owned(),
                (!digest.is_empty()).then_some(digest),
                row.get(0),
                row.get(1),
            ),
            duplicate_of: row.get(2),
            story: row.get(3),
        };
        self.cache.put(member.clone());
        Ok(Some(member))
    }

    fn doc_freq(&mut self, entity: &str) -> Result<u64> {
        if let Some(n) = self.freqs.get(entity) {
            return Ok(*n);
        }
        self.fetch_freqs(&[entity])?;
        Ok(self.freqs.get(entity).copied().unwrap_or(0))
    }

    fn docs(&mut self) -> Result<u64> {
        Ok(self.docs)
    }
}

#[cfg(test)]
mod tests {
    /// The queue worker moves a store into its blocking task.
    #[test]
    fn a_store_can_move_to_another_thread() {
        fn send<T: Send>() {}
        send::<super::PgStore>();
    }
}

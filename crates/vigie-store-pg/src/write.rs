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
//! **Inside the transaction**, the batch is placed in memory: a few queries
//! read what its placement needs from the stored documents (which of its
//! publications are stored, the first document of each of its bodies, the
//! owners of its band keys, the frequencies of its actors) into a
//! [`BatchView`], which each placed document then updates as the stored
//! rows would (its band keys, bodies, actors, the count), so the next one
//! sees it; what the view cannot hold (an actor's recent documents, a
//! candidate's profile) is asked of the database, which does not change
//! during the batch, once per batch. Every row is then written at the end
//! with array parameters (`unnest`), `seq`s taken from the identity
//! sequence in placement order, and the transaction committed: round trips
//! per batch no longer grow with its documents.

use std::collections::{HashMap, HashSet};

use postgres::types::ToSql;
use postgres::{Client, Statement, Transaction};
use rayon::prelude::*;
use vigie_cluster::{Assignment, Index, Member, Profile, Signature, assign};
use vigie_doc::Doc;
use vigie_store::{
    BatchReport, MemberCache, decode_profile, encode_profile, input_key, stored_record,
};

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

/// Statements placement runs, prepared once per connection.
struct Statements {
    with_entity: Statement,
    member: Statement,
    doc_freqs: Statement,
}

impl Statements {
    fn prepare(client: &mut Client) -> Result<Statements> {
        let mut p = |sql: &str| client.prepare(sql);
        Ok(Statements {
            with_entity: p(
                "SELECT d.doc_id FROM entities e JOIN documents d ON d.seq = e.doc
                 WHERE e.entity_id = $1 ORDER BY e.doc DESC LIMIT $2",
            )?,
            member: p("SELECT profile, signature, duplicate_of, story, body_digest
                 FROM documents WHERE doc_id = $1")?,
            doc_freqs: p("SELECT entity_id, docs FROM entity_stats WHERE entity_id = ANY($1)")?,
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
        let s = &self.statements;
        let mut tx = self.client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&PLACEMENT_LOCK])?;
        let mut view = BatchView::load(&mut tx, s, &docs, &profiles)?;
        let mut placed: Vec<(Doc, Profile, Assignment)> = Vec::new();
        for (mut doc, profile) in docs.into_iter().zip(profiles) {
            if view.stored.contains(&doc.doc_id) {
                report.existing += 1;
                continue;
            }
            let assignment = {
                let mut index = BatchIndex {
                    view: &mut view,
                    tx: &mut tx,
                    s,
                    cache: &mut self.members,
                };
                assign(&mut index, &profile)?
            };
            if assignment.duplicate_of.is_some() {
                report.duplicates += 1;
                report.copies += usize::from(assignment.exact);
            }
            doc.cluster = Some(assignment.cluster());
            let member = Member {
                profile: profile.clone(),
                duplicate_of: assignment.duplicate_of.clone(),
                story: assignment.story.clone(),
            };
            view.record(&doc, member.clone(), &assignment.claim);
            self.members.put(member);
            report.added += 1;
            placed.push((doc, profile, assignment));
        }
        if !placed.is_empty() {
            write_rows(&mut tx, &placed, &view)?;
        }
        tx.commit()?;
        Ok(report)
    }
}

/// What placement reads of the stored documents and of the batch placed
/// so far.
struct BatchView {
    /// Documents placed, stored and of the batch.
    docs: i64,
    /// The batch's publications already stored, and those it placed.
    stored: HashSet<String>,
    /// The first document of each body the batch holds.
    bodies: HashMap<String, String>,
    /// The owner of each band key the batch holds.
    owners: HashMap<i64, String>,
    /// Documents naming each actor (`entity_stats.docs`).
    freqs: HashMap<String, u64>,
    /// Stored documents naming an actor, newest first, by (actor, limit).
    recent: HashMap<(String, usize), Vec<String>>,
    /// The batch's documents naming each actor, in placement order.
    postings: HashMap<String, Vec<String>>,
    /// The batch's documents as placed.
    members: HashMap<String, Member>,
    /// Quotes and events to count per actor (only actors known when the
    /// document arrived, its own included, as the embedded store counts).
    counts: HashMap<String, (i64, i64)>,
}

/// The distinct entity ids of a document, first occurrence first.
fn distinct_entities(doc: &Doc) -> Vec<&vigie_doc::Entity> {
    let mut seen = HashSet::new();
    doc.entities
        .iter()
        .filter(|e| seen.insert(e.id.as_str()))
        .collect()
}

impl BatchView {
    fn load(
        tx: &mut Transaction,
        s: &Statements,
        docs: &[Doc],
        profiles: &[Profile],
    ) -> Result<BatchView> {
        let count: i64 = tx
            .query_one(
                "SELECT value::BIGINT FROM meta WHERE key = 'documents'",
                &[],
            )?
            .get(0);
        let ids: Vec<&str> = docs.iter().map(|d| d.doc_id.as_str()).collect();
        let stored = tx
            .query(
                "SELECT doc_id FROM documents WHERE doc_id = ANY($1)",
                &[&ids],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect();
        let digests: Vec<&str> = profiles
            .iter()
            .filter_map(|p| p.body_digest.as_deref())
            .collect();
        let bodies = tx
            .query(
                "SELECT DISTINCT ON (body_digest) body_digest, doc_id FROM documents
                 WHERE body_digest = ANY($1) ORDER BY body_digest, seq",
                &[&digests],
            )?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect();
        let keys: Vec<i64> = profiles
            .iter()
            .filter_map(|p| p.signature.as_ref())
            .flat_map(Signature::band_keys)
            .collect();
        let owners = tx
            .query(
                "SELECT l.hash, d.doc_id FROM lsh_bands l JOIN documents d ON d.seq = l.doc
                 WHERE l.hash = ANY($1)",
                &[&keys],
            )?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect();
        let mut actors: HashSet<&str> = HashSet::new();
        for p in profiles {
            actors.extend(p.entities.iter().map(|(e, _)| e.as_str()));
        }
        for d in docs {
            actors.extend(d.entities.iter().map(|e| e.id.as_str()));
            actors.extend(d.quotes.iter().filter_map(|q| q.speaker.as_deref()));
            actors.extend(d.events.iter().map(|e| e.actor.as_str()));
        }
        let mut view = BatchView {
            docs: count,
            stored,
            bodies,
            owners,
            freqs: HashMap::new(),
            recent: HashMap::new(),
            postings: HashMap::new(),
            members: HashMap::new(),
            counts: HashMap::new(),
        };
        view.fetch_freqs(tx, s, &actors.into_iter().collect::<Vec<_>>())?;
        Ok(view)
    }

    fn fetch_freqs(&mut self, tx: &mut Transaction, s: &Statements, ids: &[&str]) -> Result<()> {
        if ids.is_empty() {
            return Ok(());
        }
        for r in tx.query(&s.doc_freqs, &[&ids])? {
            let docs: i64 = r.get(1);
            self.freqs
                .insert(r.get(0), u64::try_from(docs).unwrap_or(0));
        }
        for id in ids {
            self.freqs.entry((*id).to_owned()).or_insert(0);
        }
        Ok(())
    }

    /// What storing a placed document changes for the next placement.
    fn record(&mut self, doc: &Doc, member: Member, claim: &[i64]) {
        let id = &doc.doc_id;
        self.stored.insert(id.clone());
        self.bodies
            .entry(doc.body_digest.clone())
            .or_insert_with(|| id.clone());
        for key in claim {
            self.owners.entry(*key).or_insert_with(|| id.clone());
        }
        for e in distinct_entities(doc) {
            *self.freqs.entry(e.id.clone()).or_default() += 1;
            self.postings
                .entry(e.id.clone())
                .or_default()
                .push(id.clone());
        }
        let known = |freqs: &HashMap<String, u64>, id: &str| freqs.get(id).is_some_and(|n| *n > 0);
        for q in &doc.quotes {
            if let Some(speaker) = q.speaker.as_deref().filter(|s| known(&self.freqs, s)) {
                self.counts.entry(speaker.to_owned()).or_default().0 += 1;
            }
        }
        for e in &doc.events {
            if known(&self.freqs, &e.actor) {
                self.counts.entry(e.actor.clone()).or_default().1 += 1;
            }
        }
        self.members.insert(id.clone(), member);
        self.docs += 1;
    }
}

/// Clustering's view: the batch's [`BatchView`], the database for the rest.
struct BatchIndex<'a, 't> {
    view: &'a mut BatchView,
    tx: &'a mut Transaction<'t>,
    s: &'a Statements,
    cache: &'a mut MemberCache,
}

impl Index for BatchIndex<'_, '_> {
    type Error = Error;

    fn same_body(&mut self, digest: &str) -> Result<Option<String>> {
        Ok(self.view.bodies.get(digest).cloned())
    }

    fn band_owner(&mut self, key: i64) -> Result<Option<String>> {
        Ok(self.view.owners.get(&key).cloned())
    }

    fn with_entity(&mut self, entity: &str, limit: usize) -> Result<Vec<String>> {
        // The batch's documents are the newest.
        let mut ids: Vec<String> = self
            .view
            .postings
            .get(entity)
            .map(|l| l.iter().rev().take(limit).cloned().collect())
            .unwrap_or_default();
        if ids.len() < limit {
            let key = (entity.to_owned(), limit);
            if !self.view.recent.contains_key(&key) {
                let n = i64::try_from(limit).unwrap_or(i64::MAX);
                let stored = self
                    .tx
                    .query(&self.s.with_entity, &[&entity, &n])?
                    .iter()
                    .map(|r| r.get(0))
                    .collect();
                self.view.recent.insert(key.clone(), stored);
            }
            if let Some(stored) = self.view.recent.get(&key) {
                ids.extend(stored.iter().take(limit - ids.len()).cloned());
            }
        }
        Ok(ids)
    }

    fn member(&mut self, doc_id: &str) -> Result<Option<Member>> {
        if let Some(m) = self
            .view
            .members
            .get(doc_id)
            .or_else(|| self.cache.get(doc_id))
        {
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
        if !self.view.freqs.contains_key(entity) {
            self.view.fetch_freqs(self.tx, self.s, &[entity])?;
        }
        Ok(self.view.freqs.get(entity).copied().unwrap_or(0))
    }

    fn docs(&mut self) -> Result<u64> {
        Ok(u64::try_from(self.view.docs).unwrap_or(0))
    }
}

/// Writes the placed documents' rows, in placement order.
fn write_rows(
    tx: &mut Transaction,
    placed: &[(Doc, Profile, Assignment)],
    view: &BatchView,
) -> Result<()> {
    // Under the lock, so `seq`s follow placement order across writers.
    let mut seqs: Vec<i64> = tx
        .query(
            "SELECT nextval(pg_get_serial_sequence('documents', 'seq'))
             FROM generate_series(1, $1::BIGINT)",
            &[&(placed.len() as i64)],
        )?
        .iter()
        .map(|r| r.get(0))
        .collect();
    seqs.sort_unstable();
    let mut rows = DocColumns::default();
    let mut facts = Facts::default();
    for ((doc, profile, assignment), &seq) in placed.iter().zip(&seqs) {
        rows.add(seq, doc, profile, assignment)?;
        facts.add(seq, doc, &assignment.story);
    }
    rows.write(tx)?;
    facts.write(tx)?;
    if !view.counts.is_empty() {
        let ids: Vec<&str> = view.counts.keys().map(String::as_str).collect();
        let quotes: Vec<i64> = view.counts.values().map(|c| c.0).collect();
        let events: Vec<i64> = view.counts.values().map(|c| c.1).collect();
        tx.execute(
            "UPDATE entity_stats s SET quotes = s.quotes + u.q, events = s.events + u.e
             FROM unnest($1::TEXT[], $2::BIGINT[], $3::BIGINT[]) AS u(id, q, e)
             WHERE s.entity_id = u.id",
            &[&ids, &quotes, &events],
        )?;
    }
    tx.execute(
        "UPDATE meta SET value = $1 WHERE key = 'documents'",
        &[&view.docs.to_string()],
    )?;
    Ok(())
}

/// The rows placement reads: documents, band keys, entities, actor stats.
#[derive(Default)]
struct DocColumns {
    seq: Vec<i64>,
    doc_id: Vec<String>,
    input_key: Vec<i64>,
    outlet: Vec<Option<String>>,
    published: Vec<Option<String>>,
    lang: Vec<Option<String>>,
    title: Vec<Option<String>>,
    path: Vec<Option<String>>,
    duplicate_of: Vec<Option<String>>,
    story: Vec<String>,
    record: Vec<String>,
    text: Vec<String>,
    profile: Vec<String>,
    signature: Vec<Option<Vec<u8>>>,
    body_digest: Vec<String>,
    /// (band, key, seq), the first claim of a key only.
    bands: (Vec<i16>, Vec<i64>, Vec<i64>),
    claimed: HashSet<i64>,
    entities: EntityColumns,
    /// Per actor: its first (type, canonical, folded) and its documents.
    stats: Vec<(String, String, String, String, i64)>,
    stat_at: HashMap<String, usize>,
}

#[derive(Default)]
struct EntityColumns {
    doc: Vec<i64>,
    id: Vec<String>,
    kind: Vec<String>,
    canonical: Vec<String>,
    roles: Vec<String>,
    mentions: Vec<i64>,
    known: Vec<bool>,
}

impl DocColumns {
    fn add(&mut self, seq: i64, doc: &Doc, profile: &Profile, placed: &Assignment) -> Result<()> {
        let json = stored_record(doc)?;
        self.seq.push(seq);
        self.doc_id.push(doc.doc_id.clone());
        self.input_key.push(input_key(&doc.source, &doc.layout.raw));
        self.outlet.push(doc.source.outlet.clone());
        self.published.push(doc.published.clone());
        self.lang.push(doc.lang.clone());
        self.title.push(doc.title.clone());
        self.path.push(doc.source.path.clone());
        self.duplicate_of.push(placed.duplicate_of.clone());
        self.story.push(placed.story.clone());
        self.record.push(json);
        self.text.push(doc.text().to_owned());
        self.profile.push(encode_profile(profile));
        self.signature
            .push(profile.signature.as_ref().map(Signature::to_bytes));
        self.body_digest.push(doc.body_digest.clone());
        for (band, key) in placed.claim.iter().enumerate() {
            // An earlier document (stored, or of this batch) keeps its key.
            if self.claimed.insert(*key) {
                self.bands.0.push(i16::try_from(band).unwrap_or(i16::MAX));
                self.bands.1.push(*key);
                self.bands.2.push(seq);
            }
        }
        for e in distinct_entities(doc) {
            let ent = &mut self.entities;
            ent.doc.push(seq);
            ent.id.push(e.id.clone());
            ent.kind.push(e.kind.as_str().to_owned());
            ent.canonical.push(e.canonical.clone());
            ent.roles
                .push(serde_json::to_string(&e.roles).unwrap_or_else(|_| "[]".into()));
            ent.mentions.push(e.mentions.len() as i64);
            ent.known.push(e.known);
            match self.stat_at.get(&e.id) {
                Some(&i) => {
                    if let Some(stat) = self.stats.get_mut(i) {
                        stat.4 += 1;
                    }
                }
                None => {
                    self.stat_at.insert(e.id.clone(), self.stats.len());
                    self.stats.push((
                        e.id.clone(),
                        e.kind.as_str().to_owned(),
                        e.canonical.clone(),
                        vigie_kb::fold(&e.canonical),
                        1,
                    ));
                }
            }
        }
        Ok(())
    }

    fn write(&self, tx: &mut Transaction) -> Result<()> {
        let docs: [&(dyn ToSql + Sync); 15] = [
            &self.seq,
            &self.doc_id,
            &self.input_key,
            &self.outlet,
            &self.published,
            &self.lang,
            &self.title,
            &self.path,
            &self.duplicate_of,
            &self.story,
            &self.record,
            &self.text,
            &self.profile,
            &self.signature,
            &self.body_digest,
        ];
        tx.execute(
            "INSERT INTO documents (seq, doc_id, input_key, outlet, published, lang, title, path,
                 duplicate_of, story, record, text, profile, signature, body_digest)
             OVERRIDING SYSTEM VALUE
             SELECT * FROM unnest($1::BIGINT[], $2::TEXT[], $3::BIGINT[], $4::TEXT[], $5::TEXT[],
                 $6::TEXT[], $7::TEXT[], $8::TEXT[], $9::TEXT[], $10::TEXT[], $11::TEXT[],
                 $12::TEXT[], $13::TEXT[], $14::BYTEA[], $15::TEXT[])",
            &docs,
        )?;
        if !self.bands.0.is_empty() {
            tx.execute(
                "INSERT INTO lsh_bands (band, hash, doc)
                 SELECT * FROM unnest($1::SMALLINT[], $2::BIGINT[], $3::BIGINT[])
                 ON CONFLICT (hash) DO NOTHING",
                &[&self.bands.0, &self.bands.1, &self.bands.2],
            )?;
        }
        let e = &self.entities;
        if !e.doc.is_empty() {
            tx.execute(
                "INSERT INTO entities (doc, entity_id, type, canonical, roles, mentions, known)
                 SELECT * FROM unnest($1::BIGINT[], $2::TEXT[], $3::TEXT[], $4::TEXT[], $5::TEXT[],
                                      $6::BIGINT[], $7::BOOLEAN[])",
                &[
                    &e.doc,
                    &e.id,
                    &e.kind,
                    &e.canonical,
                    &e.roles,
                    &e.mentions,
                    &e.known,
                ],
            )?;
            let col = |f: fn(&(String, String, String, String, i64)) -> &str| -> Vec<&str> {
                self.stats.iter().map(f).collect()
            };
            let n: Vec<i64> = self.stats.iter().map(|s| s.4).collect();
            tx.execute(
                "INSERT INTO entity_stats AS s (entity_id, type, canonical, folded, docs, quotes, events)
                 SELECT id, t, c, f, n, 0, 0
                 FROM unnest($1::TEXT[], $2::TEXT[], $3::TEXT[], $4::TEXT[], $5::BIGINT[])
                     AS u(id, t, c, f, n)
                 ON CONFLICT (entity_id) DO UPDATE SET docs = s.docs + EXCLUDED.docs",
                &[
                    &col(|s| &s.0),
                    &col(|s| &s.1),
                    &col(|s| &s.2),
                    &col(|s| &s.3),
                    &n,
                ],
            )?;
        }
        Ok(())
    }
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

#[cfg(test)]
mod tests {
    /// The queue worker moves a store into its blocking task.
    #[test]
    fn a_store_can_move_to_another_thread() {
        fn send<T: Send>() {}
        send::<super::PgStore>();
    }
}

//! Adding documents: one SQLite transaction and one index commit per batch.
//!
//! Order of a batch: place every new document (duplicate, story) and write
//! its rows inside one transaction, commit it, then add the same documents
//! to the full-text index and commit that with the highest `seq` as payload.
//! A crash between the two commits leaves documents the index lacks; the next
//! [`Store::open`] re-indexes every `seq` above the payload. Re-adding is
//! idempotent on the publication (`doc_id`), so each publication is stored
//! once whatever happens; another outlet's copy of a stored body is another
//! publication, stored and linked to the first by `duplicate_of`.

use std::collections::{HashMap, VecDeque};
use std::path::Path;

use rayon::prelude::*;
use rusqlite::{OptionalExtension, Transaction, params};
use vigie_cluster::{Assignment, Index, Member, Profile, Signature, assign};
use vigie_doc::{Cluster, Doc};

use crate::error::{Error, IndexContext, Result, SqlContext};
use crate::{Store, input_key};

/// Recently placed documents kept decoded.
pub const MEMBER_CACHE: usize = 4096;

/// What a batch did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct BatchReport {
    /// Documents stored.
    pub added: usize,
    /// Documents skipped because their publication was already stored.
    pub existing: usize,
    /// New documents found to relay an earlier one (copies included).
    pub duplicates: usize,
    /// Of the duplicates, exact copies of a stored body (another outlet
    /// running the same words).
    pub copies: usize,
}

/// Placed documents kept decoded, the most recent [`MEMBER_CACHE`]: the
/// candidates of a new document are mostly recent ones. Members never
/// change once committed, so the cache is only emptied when a batch fails
/// (its members were never stored).
#[derive(Default)]
pub struct MemberCache {
    map: HashMap<String, Member>,
    order: VecDeque<String>,
}

impl MemberCache {
    /// A cached member.
    pub fn get(&self, doc_id: &str) -> Option<&Member> {
        self.map.get(doc_id)
    }

    /// Forgets everything (after a batch rolled back).
    pub fn clear(&mut self) {
        self.map.clear();
        self.order.clear();
    }

    /// Remembers a member, forgetting the oldest beyond the bound.
    pub fn put(&mut self, member: Member) {
        let id = member.profile.doc_id.clone();
        if self.map.insert(id.clone(), member).is_none() {
            self.order.push_back(id);
            if self.order.len() > MEMBER_CACHE
                && let Some(old) = self.order.pop_front()
            {
                self.map.remove(&old);
            }
        }
    }
}

impl Store {
    /// Stores analysed documents, filling their `cluster`. Documents whose
    /// publication is already stored are skipped.
    pub fn add_batch(&mut self, docs: Vec<Doc>) -> Result<BatchReport> {
        let out = self.place_and_store(docs);
        if out.is_err() {
            self.members.clear();
        }
        out
    }

    fn place_and_store(&mut self, docs: Vec<Doc>) -> Result<BatchReport> {
        let profiles: Vec<Profile> = docs.par_iter().map(Profile::of).collect();
        let mut report = BatchReport::default();
        let path = self.db_path.clone();
        let mut stored = Vec::new();
        {
            let tx = self.conn.transaction().at(&path)?;
            let mut docs_count: u64 = tx
                .query_row("SELECT COUNT(*) FROM documents", [], |r| r.get(0))
                .at(&path)?;
            for (mut doc, profile) in docs.into_iter().zip(profiles) {
                // `publication` is the identity of rows a version 1 store
                // keyed by body; `doc_id` is unique in the table.
                let exists: bool = tx
                    .prepare_cached("SELECT 1 FROM documents WHERE publication = ?1 OR doc_id = ?1")
                    .and_then(|mut s| s.exists([&doc.doc_id]))
                    .at(&path)?;
                if exists {
                    report.existing += 1;
                    continue;
                }
                let assignment = {
                    let mut index = TxIndex {
                        tx: &tx,
                        path: &path,
                        cache: &mut self.members,
                        docs: docs_count,
                    };
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
                let seq = insert(&tx, &path, &doc, &profile, &assignment)?;
                self.members.put(Member {
                    profile,
                    duplicate_of: assignment.duplicate_of,
                    story: assignment.story,
                });
                docs_count += 1;
                report.added += 1;
                stored.push((seq, doc));
            }
            tx.commit().at(&path)?;
        }
        if let Some((last, _)) = stored.last() {
            let last = *last;
            for (_, doc) in &stored {
                self.search.put(
                    &self.writer,
                    &doc.doc_id,
                    doc.lang.as_deref(),
                    doc.title.as_deref().unwrap_or(""),
                    doc.text(),
                )?;
            }
            self.commit_index(last)?;
        }
        Ok(report)
    }

    pub(crate) fn commit_index(&mut self, seq: i64) -> Result<()> {
        let mut prepared = self.writer.prepare_commit().at(&self.search.path)?;
        prepared.set_payload(&seq.to_string());
        prepared.commit().at(&self.search.path)?;
        Ok(())
    }

    /// Indexes every stored document the index has not committed (after a
    /// crash between the database and the index commits).
    pub(crate) fn catch_up_index(&mut self) -> Result<usize> {
        let from = self.search.committed_seq()?;
        let path = self.db_path.clone();
        let mut stmt = self
            .conn
            .prepare(
                "SELECT seq, doc_id, lang, title, text FROM documents WHERE seq > ?1 ORDER BY seq",
            )
            .at(&path)?;
        let rows = stmt
            .query_map([from], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })
            .at(&path)?;
        let mut last = None;
        let mut n = 0;
        for row in rows {
            let (seq, doc_id, lang, title, text) = row.at(&path)?;
            self.search.put(
                &self.writer,
                &doc_id,
                lang.as_deref(),
                title.as_deref().unwrap_or(""),
                &text,
            )?;
            last = Some(seq);
            n += 1;
        }
        drop(stmt);
        if let Some(seq) = last {
            self.commit_index(seq)?;
        }
        Ok(n)
    }
}

fn insert(
    tx: &Transaction,
    path: &Path,
    doc: &Doc,
    profile: &Profile,
    placed: &Assignment,
) -> Result<i64> {
    let json = stored_record(doc)?;
    tx.prepare_cached(
        "INSERT INTO documents (doc_id, input_key, outlet, published, lang, title, path,
             duplicate_of, story, record, text, profile, signature, body_digest, publication)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?1)",
    )
    .and_then(|mut s| {
        s.execute(params![
            doc.doc_id,
            input_key(&doc.source, &doc.layout.raw),
            doc.source.outlet,
            doc.published,
            doc.lang,
            doc.title,
            doc.source.path,
            placed.duplicate_of,
            placed.story,
            json,
            doc.text(),
            encode_profile(profile),
            profile.signature.as_ref().map(Signature::to_bytes),
            doc.body_digest,
        ])
    })
    .at(path)?;
    let seq = tx.last_insert_rowid();
    for key in &placed.claim {
        tx.prepare_cached("INSERT OR IGNORE INTO lsh (key, doc) VALUES (?1, ?2)")
            .and_then(|mut s| s.execute(params![key, seq]))
            .at(path)?;
    }
    for e in &doc.entities {
        let roles = serde_json::to_string(&e.roles).unwrap_or_else(|_| "[]".into());
        let changed = tx
            .prepare_cached(
                "INSERT OR IGNORE INTO entities (doc, entity_id, type, canonical, roles, mentions, known)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )
            .and_then(|mut s| {
                s.execute(params![
                    seq,
                    e.id,
                    e.kind.as_str(),
                    e.canonical,
                    roles,
                    e.mentions.len(),
                    e.known
                ])
            })
            .at(path)?;
        if changed > 0 {
            tx.prepare_cached(
                "INSERT INTO entity_stats (entity_id, type, canonical, folded, docs, quotes, events)
                 VALUES (?1, ?2, ?3, ?4, 1, 0, 0)
                 ON CONFLICT(entity_id) DO UPDATE SET docs = docs + 1",
            )
            .and_then(|mut s| {
                s.execute(params![
                    e.id,
                    e.kind.as_str(),
                    e.canonical,
                    vigie_kb::fold(&e.canonical)
                ])
            })
            .at(path)?;
        }
        for m in &e.mentions {
            tx.prepare_cached(
                "INSERT INTO mentions (doc, entity_id, start, end, text) VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .and_then(|mut s| s.execute(params![seq, e.id, m.start, m.end, m.text]))
            .at(path)?;
        }
    }
    for (i, q) in doc.quotes.iter().enumerate() {
        let kind = serde_json::to_value(q.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        tx.prepare_cached(
            "INSERT INTO quotes (doc, idx, speaker, speaker_name, kind, text, start, end, cue)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )
        .and_then(|mut s| {
            s.execute(params![
                seq,
                i,
                q.speaker,
                q.speaker_name,
                kind,
                q.text,
                q.start,
                q.end,
                q.cue
            ])
        })
        .at(path)?;
        if let Some(speaker) = &q.speaker {
            tx.prepare_cached("UPDATE entity_stats SET quotes = quotes + 1 WHERE entity_id = ?1")
                .and_then(|mut s| s.execute([speaker]))
                .at(path)?;
        }
    }
    for (i, e) in doc.events.iter().enumerate() {
        let action = serde_json::to_value(e.action)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        let day = e
            .date
            .as_deref()
            .or(doc.published.as_deref())
            .map(|d| d.chars().take(10).collect::<String>());
        tx.prepare_cached(
            "INSERT INTO events (doc, idx, actor, actor_name, action, cameo, target, target_name,
                 day, goldstein, quad_class, start, end)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        )
        .and_then(|mut s| {
            s.execute(params![
                seq,
                i,
                e.actor,
                e.actor_name,
                action,
                e.cameo,
                e.target,
                e.target_name,
                day,
                e.goldstein,
                e.quad_class,
                e.evidence.start,
                e.evidence.end
            ])
        })
        .at(path)?;
        tx.prepare_cached("UPDATE entity_stats SET events = events + 1 WHERE entity_id = ?1")
            .and_then(|mut s| s.execute([&e.actor]))
            .at(path)?;
    }
    let day = doc
        .published
        .as_deref()
        .map(|d| d.chars().take(10).collect::<String>());
    tx.prepare_cached(
        "INSERT INTO stories (story_id, title, first_day, last_day, docs, last_seq)
         VALUES (?1, ?2, ?3, ?3, 1, ?4)
         ON CONFLICT(story_id) DO UPDATE SET
             docs = docs + 1,
             last_seq = ?4,
             title = COALESCE(title, ?2),
             first_day = CASE WHEN first_day IS NULL OR ?3 < first_day THEN ?3 ELSE first_day END,
             last_day = CASE WHEN last_day IS NULL OR ?3 > last_day THEN ?3 ELSE last_day END",
    )
    .and_then(|mut s| s.execute(params![placed.story, doc.title, day, seq]))
    .at(path)?;
    Ok(seq)
}

/// A record as stored: its JSON without `text` (kept in its own column) and
/// `cluster` (columns too, filled back by [`crate::full_record`]).
pub fn stored_record(doc: &Doc) -> Result<String> {
    let mut record = doc.clone();
    record.text = None;
    record.cluster = None;
    serde_json::to_string(&record).map_err(|source| Error::Record {
        doc_id: doc.doc_id.clone(),
        source,
    })
}

/// A profile as stored: the fields clustering compares, one per line.
pub fn encode_profile(p: &Profile) -> String {
    let mut out = String::new();
    out.push_str(p.lang.as_deref().unwrap_or(""));
    out.push('\n');
    if let Some((a, b)) = p.date {
        out.push_str(&format!("{a} {b}"));
    }
    for (id, w) in &p.entities {
        out.push_str(&format!("\ne\t{id}\t{w}"));
    }
    for ev in &p.events {
        out.push_str(&format!("\nv\t{ev}"));
    }
    out
}

/// Reads what [`encode_profile`] wrote, with the columns stored beside it.
pub fn decode_profile(
    doc_id: String,
    body_digest: Option<String>,
    text: &str,
    signature: Option<Vec<u8>>,
) -> Profile {
    let mut lines = text.split('\n');
    let lang = lines.next().filter(|l| !l.is_empty()).map(str::to_owned);
    let date = lines.next().and_then(|l| {
        let (a, b) = l.split_once(' ')?;
        Some((a.parse().ok()?, b.parse().ok()?))
    });
    let mut entities = Vec::new();
    let mut events = Vec::new();
    for line in lines {
        let mut parts = line.split('\t');
        match (parts.next(), parts.next(), parts.next()) {
            (Some("e"), Some(id), Some(w)) => {
                entities.push((id.to_owned(), w.parse().unwrap_or(1.0)));
            }
            (Some("v"), Some(ev), None) => events.push(ev.to_owned()),
            _ => {}
        }
    }
    Profile {
        doc_id,
        lang,
        date,
        entities,
        events,
        signature: signature.as_deref().and_then(Signature::from_bytes),
        body_digest,
    }
}

/// Clustering's view of the stored documents, inside the batch transaction.
struct TxIndex<'a> {
    tx: &'a Transaction<'a>,
    path: &'a Path,
    cache: &'a mut MemberCache,
    docs: u64,
}

impl Index for TxIndex<'_> {
    type Error = Error;

    fn same_body(&mut self, digest: &str) -> Result<Option<String>> {
        self.tx
            .prepare_cached(
                "SELECT doc_id FROM documents WHERE body_digest = ?1 ORDER BY seq LIMIT 1",
            )
            .and_then(|mut s| s.query_row([digest], |r| r.get(0)).optional())
            .at(self.path)
    }

    fn band_owner(&mut self, key: i64) -> Result<Option<String>> {
        self.tx
            .prepare_cached(
                "SELECT d.doc_id FROM lsh l JOIN documents d ON d.seq = l.doc WHERE l.key = ?1",
            )
            .and_then(|mut s| s.query_row([key], |r| r.get(0)).optional())
            .at(self.path)
    }

    fn with_entity(&mut self, entity: &str, limit: usize) -> Result<Vec<String>> {
        let mut stmt = self
            .tx
            .prepare_cached(
                "SELECT d.doc_id FROM entities e JOIN documents d ON d.seq = e.doc
                 WHERE e.entity_id = ?1 ORDER BY e.doc DESC LIMIT ?2",
            )
            .at(self.path)?;
        let rows = stmt
            .query_map(params![entity, limit], |r| r.get(0))
            .at(self.path)?;
        rows.collect::<rusqlite::Result<Vec<String>>>()
            .at(self.path)
    }

    fn member(&mut self, doc_id: &str) -> Result<Option<Member>> {
        if let Some(m) = self.cache.get(doc_id) {
            return Ok(Some(m.clone()));
        }
        let row = self
            .tx
            .prepare_cached(
                "SELECT profile, signature, duplicate_of, story, body_digest
                 FROM documents WHERE doc_id = ?1",
            )
            .and_then(|mut s| {
                s.query_row([doc_id], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, Option<Vec<u8>>>(1)?,
                        r.get::<_, Option<String>>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                    ))
                })
                .optional()
            })
            .at(self.path)?;
        Ok(row.map(|(profile, sig, duplicate_of, story, digest)| {
            let digest = (!digest.is_empty()).then_some(digest);
            let member = Member {
                profile: decode_profile(doc_id.to_owned(), digest, &profile, sig),
                duplicate_of,
                story,
            };
            self.cache.put(member.clone());
            member
        }))
    }

    fn doc_freq(&mut self, entity: &str) -> Result<u64> {
        self.tx
            .prepare_cached("SELECT docs FROM entity_stats WHERE entity_id = ?1")
            .and_then(|mut s| s.query_row([entity], |r| r.get(0)).optional())
            .map(Option::unwrap_or_default)
            .at(self.path)
    }

    fn docs(&mut self) -> Result<u64> {
        Ok(self.docs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_round_trip() {
        let p = Profile {
            doc_id: "d".into(),
            lang: Some("fr".into()),
            date: Some((19000, 19030)),
            entities: vec![("person:x".into(), 1.0), ("location:y".into(), 0.35)],
            events: vec!["location:russia|10|organization:nato".into()],
            signature: vigie_cluster::signature("un deux trois quatre cinq six"),
            body_digest: Some(vigie_doc::body_digest("un deux trois quatre cinq six")),
        };
        let sig = p.signature.as_ref().map(Signature::to_bytes);
        assert_eq!(
            decode_profile("d".into(), p.body_digest.clone(), &encode_profile(&p), sig),
            p
        );
        let bare = Profile {
            lang: None,
            date: None,
            entities: vec![],
            events: vec![],
            signature: None,
            body_digest: None,
            ..p
        };
        assert_eq!(
            decode_profile("d".into(), None, &encode_profile(&bare), None),
            bare
        );
    }
}

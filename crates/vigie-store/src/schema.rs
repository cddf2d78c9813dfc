//! The SQLite schema and its version.
//!
//! The full CONTRACT record of each document is kept as JSON (`record`, with
//! the cleaned text apart in `text`), so export gives back exactly what was
//! extracted; the other tables normalise the facts for the API's queries.
//! Child tables point at `documents.seq`, the order of arrival, which is also
//! what "earlier document" means for duplicates.
//!
//! A new store is created as version 1 and upgraded step by step, the same
//! way an old store is, so every store of a version has the same tables.

use rusqlite::{Connection, OptionalExtension, params};

/// The schema this build writes. Bump it with a migration step in
/// [`migrate`] whenever a table changes; older stores are upgraded in place.
///
/// * 1: documents keyed by the body digest (`doc_id`), `raw_hash` of the raw
///   text for skipping inputs before analysis.
/// * 2: documents keyed by publication (issue 15): `publication`, the
///   identity a re-ingest is matched on; `body_digest`, which links copies;
///   `input_key` (was `raw_hash`), the pre-analysis key of [`crate::input_key`].
/// * 3: the state of `vigie watch` (issue 22): `watch_sources` (one row per
///   followed source: schedule, outcome, counts), `watch_http` (validators
///   and the listed children of every feed, sitemap or page polled) and
///   `watch_seen` (every article URL handled, normalised, with its outcome).
pub const SCHEMA_VERSION: i64 = 3;

pub(crate) const V1: &str = "
CREATE TABLE documents (
    seq INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL UNIQUE,
    raw_hash INTEGER NOT NULL,
    outlet TEXT,
    published TEXT,
    lang TEXT,
    title TEXT,
    path TEXT,
    duplicate_of TEXT,
    story TEXT NOT NULL,
    record TEXT NOT NULL,
    text TEXT NOT NULL,
    profile TEXT NOT NULL,
    signature BLOB
);
CREATE INDEX documents_outlet ON documents(outlet, published);
CREATE INDEX documents_published ON documents(published);
CREATE INDEX documents_story ON documents(story, seq);
CREATE TABLE entities (
    doc INTEGER NOT NULL,
    entity_id TEXT NOT NULL,
    type TEXT NOT NULL,
    canonical TEXT NOT NULL,
    roles TEXT NOT NULL,
    mentions INTEGER NOT NULL,
    known INTEGER NOT NULL,
    PRIMARY KEY (entity_id, doc)
) WITHOUT ROWID;
CREATE INDEX entities_doc ON entities(doc);
CREATE TABLE mentions (
    doc INTEGER NOT NULL,
    entity_id TEXT NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX mentions_doc ON mentions(doc);
CREATE TABLE quotes (
    doc INTEGER NOT NULL,
    idx INTEGER NOT NULL,
    speaker TEXT,
    speaker_name TEXT,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    cue TEXT,
    PRIMARY KEY (doc, idx)
) WITHOUT ROWID;
CREATE INDEX quotes_speaker ON quotes(speaker, doc);
CREATE TABLE events (
    doc INTEGER NOT NULL,
    idx INTEGER NOT NULL,
    actor TEXT NOT NULL,
    actor_name TEXT NOT NULL,
    action TEXT NOT NULL,
    cameo TEXT NOT NULL,
    target TEXT,
    target_name TEXT,
    day TEXT,
    goldstein REAL NOT NULL,
    quad_class INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    PRIMARY KEY (doc, idx)
) WITHOUT ROWID;
CREATE INDEX events_actor ON events(actor, day, quad_class, doc);
CREATE INDEX events_target ON events(target, day, quad_class, doc);
CREATE INDEX events_day ON events(day);
CREATE TABLE entity_stats (
    entity_id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    canonical TEXT NOT NULL,
    folded TEXT NOT NULL,
    docs INTEGER NOT NULL,
    quotes INTEGER NOT NULL,
    events INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX entity_stats_docs ON entity_stats(docs);
CREATE TABLE stories (
    story_id TEXT PRIMARY KEY,
    title TEXT,
    first_day TEXT,
    last_day TEXT,
    docs INTEGER NOT NULL,
    last_seq INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX stories_docs ON stories(docs, last_seq);
CREATE TABLE lsh (
    key INTEGER PRIMARY KEY,
    doc INTEGER NOT NULL
);
";

/// Version 1 to 2: the columns of publication identity. Rows keep their
/// `doc_id` (links and exports that name them stay valid); since a version 1
/// `doc_id` was the body digest, it is the row's `body_digest`, and the
/// row's publication is computed from its stored source as a new ingest
/// would compute it, so re-ingesting a stored article adds nothing.
const V2: &str = "
ALTER TABLE documents RENAME COLUMN raw_hash TO input_key;
ALTER TABLE documents ADD COLUMN body_digest TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN publication TEXT NOT NULL DEFAULT '';
";
const V2_INDEXES: &str = "
CREATE INDEX documents_body ON documents(body_digest, seq);
CREATE INDEX documents_publication ON documents(publication);
";

/// Version 2 to 3: what `vigie watch` needs to resume (see `crate::watch`).
/// Times are Unix seconds.
const V3: &str = "
CREATE TABLE watch_sources (
    url TEXT PRIMARY KEY,
    outlet TEXT,
    kind TEXT,
    last_poll INTEGER,
    last_success INTEGER,
    last_change INTEGER,
    last_error TEXT,
    errors INTEGER NOT NULL DEFAULT 0,
    next_poll INTEGER,
    unchanged INTEGER NOT NULL DEFAULT 0,
    polls INTEGER NOT NULL DEFAULT 0,
    new_last INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE TABLE watch_http (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    children TEXT NOT NULL DEFAULT '[]'
) WITHOUT ROWID;
CREATE TABLE watch_seen (
    url TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    first_seen INTEGER NOT NULL,
    attempts INTEGER NOT NULL,
    outcome TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX watch_seen_source ON watch_seen(source, outcome);
";

/// Rows rewritten per statement while upgrading: the scan never reads a
/// table it is updating.
const UPGRADE_ROWS: i64 = 1000;

fn version(conn: &Connection) -> rusqlite::Result<Option<i64>> {
    conn.query_row(
        "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'schema_version'",
        [],
        |r| r.get(0),
    )
    .optional()
}

fn set_version(conn: &Connection, v: i64) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?1)",
        [v.to_string()],
    )?;
    Ok(())
}

/// Creates or upgrades the schema; refuses a store from a newer build.
pub(crate) fn migrate(conn: &Connection) -> rusqlite::Result<Result<(), i64>> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);",
    )?;
    match version(conn)? {
        Some(v) if v > SCHEMA_VERSION => return Ok(Err(v)),
        Some(SCHEMA_VERSION) => return Ok(Ok(())),
        _ => {}
    }
    // Under the write lock, and reading the version again: another process
    // may have upgraded the store meanwhile.
    conn.execute_batch("BEGIN IMMEDIATE;")?;
    match upgrade(conn) {
        Ok(done) => {
            conn.execute_batch("COMMIT;")?;
            Ok(done)
        }
        Err(e) => {
            // The upgrade's error is the one to report; a failed rollback
            // leaves SQLite to roll back when the connection closes.
            let _ = conn.execute_batch("ROLLBACK;");
            Err(e)
        }
    }
}

fn upgrade(conn: &Connection) -> rusqlite::Result<Result<(), i64>> {
    let mut found = version(conn)?;
    if let Some(v) = found.filter(|v| *v > SCHEMA_VERSION) {
        return Ok(Err(v));
    }
    if found.is_none() {
        conn.execute_batch(V1)?;
        set_version(conn, 1)?;
        found = Some(1);
    }
    if found == Some(1) {
        conn.execute_batch(V2)?;
        fill_identity(conn)?;
        conn.execute_batch(V2_INDEXES)?;
        set_version(conn, 2)?;
        found = Some(2);
    }
    if found == Some(2) {
        conn.execute_batch(V3)?;
        set_version(conn, 3)?;
    }
    Ok(Ok(()))
}

/// Fills `body_digest` and `publication` of the rows a version 1 store
/// holds, and adds `body_digest` to their stored record. A record that no
/// longer decodes is kept as it is, its publication being its `doc_id`.
fn fill_identity(conn: &Connection) -> rusqlite::Result<()> {
    let mut after = 0i64;
    loop {
        let rows: Vec<(i64, String, String)> = {
            let mut stmt = conn.prepare(
                "SELECT seq, doc_id, record FROM documents WHERE seq > ?1 ORDER BY seq LIMIT ?2",
            )?;
            stmt.query_map(params![after, UPGRADE_ROWS], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?
            .collect::<rusqlite::Result<_>>()?
        };
        let Some(last) = rows.last() else {
            return Ok(());
        };
        after = last.0;
        let mut update = conn.prepare_cached(
            "UPDATE documents SET body_digest = ?2, publication = ?3, record = ?4 WHERE seq = ?1",
        )?;
        for (seq, doc_id, record) in rows {
            let (publication, record) = match serde_json::from_str::<vigie_doc::Doc>(&record) {
                Ok(mut doc) => {
                    doc.body_digest = doc_id.clone();
                    let publication = vigie_doc::doc_id(&doc.source, &doc_id);
                    let json = serde_json::to_string(&doc).unwrap_or(record);
                    (publication, json)
                }
                Err(_) => (doc_id.clone(), record),
            };
            update.execute(params![seq, doc_id, publication, record])?;
        }
    }
}

//! The SQLite schema and its version.
//!
//! The full CONTRACT record of each document is kept as JSON (`record`, with
//! the cleaned text apart in `text`), so export gives back exactly what was
//! extracted; the other tables normalise the facts for the API's queries.
//! Child tables point at `documents.seq`, the order of arrival, which is also
//! what "earlier document" means for duplicates.

use rusqlite::{Connection, OptionalExtension};

/// The schema this build writes. Bump it with a migration step in
/// [`migrate`] whenever a table changes; older stores are upgraded in place.
pub const SCHEMA_VERSION: i64 = 1;

const V1: &str = "
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

/// Creates or upgrades the schema; refuses a store from a newer build.
pub(crate) fn migrate(conn: &Connection) -> rusqlite::Result<Result<(), i64>> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);",
    )?;
    let found: Option<i64> = conn
        .query_row(
            "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'schema_version'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    match found {
        Some(v) if v > SCHEMA_VERSION => return Ok(Err(v)),
        Some(_) => {}
        None => {
            conn.execute_batch(&format!(
                "BEGIN; {V1} INSERT INTO meta VALUES ('schema_version', '{SCHEMA_VERSION}'); COMMIT;"
            ))?;
        }
    }
    Ok(Ok(()))
}

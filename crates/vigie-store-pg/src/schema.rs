//! The PostgreSQL schema and its version.
//!
//! The tables mirror the embedded store's (see `vigie_store`'s schema): the
//! full record as JSON text in `documents.record`, the cleaned text apart,
//! fact tables pointing at `documents.seq`, the order of arrival. What
//! differs:
//!
//! * `lsh_bands (band, hash, doc)`: the LSH band keys a document claimed,
//!   keyed on the hash (a band's key already mixes in its band number), so
//!   finding the owner of a key is one index look-up.
//! * `documents.tsv`: a generated `tsvector` of title (weight A) and text
//!   (weight B) in the configuration of the record's language (`vigie_fr`,
//!   `vigie_en`, else `vigie_other`: PostgreSQL's `french`, `english` and
//!   `simple` with accents folded by `unaccent`, as the embedded index folds
//!   them), with a GIN index.
//! * identifiers, days and dates are `COLLATE "C"`, so they sort and
//!   compare byte-wise as SQLite does, whatever the database's locale.
//! * `meta.documents` counts stored documents (placement weighs actors by
//!   it), kept under the placement lock rather than counted per batch.

use postgres::Client;

use crate::{Error, Result};

/// The schema this build writes; older databases are upgraded in place.
///
/// * 1: records, facts, stories, LSH band keys, full text.
pub const SCHEMA_VERSION: i64 = 1;

/// The advisory lock taken around creating or upgrading the schema, so
/// processes starting at once do not race on `CREATE TABLE`.
const MIGRATION_LOCK: i64 = 0x5669_6769_6500_0001;

const V1: &str = r#"
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TEXT SEARCH CONFIGURATION vigie_fr (COPY = pg_catalog.french);
ALTER TEXT SEARCH CONFIGURATION vigie_fr
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
CREATE TEXT SEARCH CONFIGURATION vigie_en (COPY = pg_catalog.english);
ALTER TEXT SEARCH CONFIGURATION vigie_en
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
CREATE TEXT SEARCH CONFIGURATION vigie_other (COPY = pg_catalog.simple);
ALTER TEXT SEARCH CONFIGURATION vigie_other
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;

CREATE TABLE documents (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    doc_id TEXT COLLATE "C" NOT NULL UNIQUE,
    body_digest TEXT COLLATE "C" NOT NULL,
    input_key BIGINT NOT NULL,
    outlet TEXT COLLATE "C",
    published TEXT COLLATE "C",
    lang TEXT COLLATE "C",
    title TEXT,
    path TEXT,
    duplicate_of TEXT COLLATE "C",
    story TEXT COLLATE "C" NOT NULL,
    record TEXT NOT NULL,
    text TEXT NOT NULL,
    profile TEXT NOT NULL,
    signature BYTEA,
    tsv TSVECTOR GENERATED ALWAYS AS (
        setweight(to_tsvector(
            CASE lang WHEN 'fr' THEN 'vigie_fr'::regconfig
                      WHEN 'en' THEN 'vigie_en'::regconfig
                      ELSE 'vigie_other'::regconfig END,
            coalesce(title, '')), 'A')
        || setweight(to_tsvector(
            CASE lang WHEN 'fr' THEN 'vigie_fr'::regconfig
                      WHEN 'en' THEN 'vigie_en'::regconfig
                      ELSE 'vigie_other'::regconfig END,
            text), 'B')
    ) STORED
);
CREATE INDEX documents_outlet ON documents(outlet, published);
CREATE INDEX documents_published ON documents(published);
CREATE INDEX documents_story ON documents(story, seq);
CREATE INDEX documents_body ON documents(body_digest, seq);
CREATE INDEX documents_input ON documents(input_key);
CREATE INDEX documents_tsv ON documents USING GIN (tsv);

CREATE TABLE entities (
    doc BIGINT NOT NULL,
    entity_id TEXT COLLATE "C" NOT NULL,
    type TEXT NOT NULL,
    canonical TEXT COLLATE "C" NOT NULL,
    roles TEXT NOT NULL,
    mentions BIGINT NOT NULL,
    known BOOLEAN NOT NULL,
    PRIMARY KEY (entity_id, doc)
);
CREATE INDEX entities_doc ON entities(doc);

CREATE TABLE mentions (
    doc BIGINT NOT NULL,
    entity_id TEXT COLLATE "C" NOT NULL,
    start_byte BIGINT NOT NULL,
    end_byte BIGINT NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX mentions_doc ON mentions(doc);

CREATE TABLE quotes (
    doc BIGINT NOT NULL,
    idx BIGINT NOT NULL,
    speaker TEXT COLLATE "C",
    speaker_name TEXT,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    start_byte BIGINT NOT NULL,
    end_byte BIGINT NOT NULL,
    cue TEXT,
    PRIMARY KEY (doc, idx)
);
CREATE INDEX quotes_speaker ON quotes(speaker, doc);

CREATE TABLE events (
    doc BIGINT NOT NULL,
    idx BIGINT NOT NULL,
    actor TEXT COLLATE "C" NOT NULL,
    actor_name TEXT NOT NULL,
    action TEXT COLLATE "C" NOT NULL,
    cameo TEXT NOT NULL,
    target TEXT COLLATE "C",
    target_name TEXT,
    day TEXT COLLATE "C",
    goldstein DOUBLE PRECISION NOT NULL,
    quad_class BIGINT NOT NULL,
    start_byte BIGINT NOT NULL,
    end_byte BIGINT NOT NULL,
    PRIMARY KEY (doc, idx)
);
CREATE INDEX events_actor ON events(actor, day, quad_class, doc);
CREATE INDEX events_target ON events(target, day, quad_class, doc);
CREATE INDEX events_day ON events(day);

CREATE TABLE entity_stats (
    entity_id TEXT COLLATE "C" PRIMARY KEY,
    type TEXT NOT NULL,
    canonical TEXT NOT NULL,
    folded TEXT NOT NULL,
    docs BIGINT NOT NULL,
    quotes BIGINT NOT NULL,
    events BIGINT NOT NULL
);
CREATE INDEX entity_stats_docs ON entity_stats(docs);

CREATE TABLE stories (
    story_id TEXT COLLATE "C" PRIMARY KEY,
    title TEXT,
    first_day TEXT COLLATE "C",
    last_day TEXT COLLATE "C",
    docs BIGINT NOT NULL,
    last_seq BIGINT NOT NULL
);
CREATE INDEX stories_docs ON stories(docs, last_seq);

CREATE TABLE lsh_bands (
    band SMALLINT NOT NULL,
    hash BIGINT PRIMARY KEY,
    doc BIGINT NOT NULL
);

INSERT INTO meta (key, value) VALUES ('documents', '0');
"#;

/// Creates or upgrades the schema; refuses a database from a newer build.
pub(crate) fn migrate(client: &mut Client) -> Result<()> {
    // The common case, every connection after the first: one read, no lock.
    if let Ok(Some(v)) = version(client)
        && v == SCHEMA_VERSION
    {
        return Ok(());
    }
    let mut tx = client.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    )?;
    // Read again under the lock: another process may have done it meanwhile.
    let found = tx
        .query_opt(
            "SELECT value::BIGINT FROM meta WHERE key = 'schema_version'",
            &[],
        )?
        .map(|r| r.get::<_, i64>(0));
    match found {
        Some(v) if v > SCHEMA_VERSION => {
            return Err(Error::SchemaTooNew {
                found: v,
                supported: SCHEMA_VERSION,
            });
        }
        Some(_) => {}
        None => {
            tx.batch_execute(V1)?;
            tx.execute(
                "INSERT INTO meta (key, value) VALUES ('schema_version', $1)",
                &[&SCHEMA_VERSION.to_string()],
            )?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// The schema version, `None` on a database without the `meta` table.
fn version(client: &mut Client) -> Result<Option<i64>> {
    let exists: bool = client
        .query_one("SELECT to_regclass('meta') IS NOT NULL", &[])?
        .get(0);
    if !exists {
        return Ok(None);
    }
    Ok(client
        .query_opt(
            "SELECT value::BIGINT FROM meta WHERE key = 'schema_version'",
            &[],
        )?
        .map(|r| r.get(0)))
}

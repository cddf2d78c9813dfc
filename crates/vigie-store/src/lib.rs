//! The embedded store: records and facts in SQLite, full text in tantivy,
//! in one folder, with no server to run.
//!
//! * [`Store`] adds analysed documents in batches ([`Store::add_batch`]),
//!   placing each against the documents already stored (duplicate of an
//!   earlier relay, member of a story: see `vigie-cluster`) without
//!   recomputing anything else. Adding is idempotent on the publication
//!   (`doc_id`): a publication already stored is skipped, while another
//!   outlet's copy of a stored body is added and linked to it. It survives
//!   a crash at any point (see the `write` module).
//! * [`Reader`] answers the queries of the HTTP API and of export from a
//!   small pool of read-only connections; it can run while a [`Store`]
//!   writes (SQLite in WAL mode). It implements [`ReadStore`], the read
//!   side every store offers (`vigie-store-pg` is the other).
//!
//! Layout of a store folder: `vigie.sqlite` (schema version in its `meta`
//! table, see [`SCHEMA_VERSION`]) and `search/` (the tantivy index).
//!
//! The store does not analyse text: documents arrive analysed by
//! `vigie-pipeline`, and the binary wires the two.
#![deny(missing_docs)]
// Text from input is sliced only through `str::get`: a byte offset inside a
// character must not panic (issue 21). Tests slice directly, since a panic
// there is a failed assertion.
#![warn(clippy::string_slice)]
#![cfg_attr(test, allow(clippy::string_slice))]

mod error;
mod interface;
mod read;
mod schema;
mod search;
mod snippet;
mod watch;
mod write;

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use tantivy::IndexWriter;

pub use error::{Error, Result};
pub use interface::{ReadStore, RecordSink};
pub use read::*;
pub use schema::SCHEMA_VERSION;
pub use snippet::{Snippet, snippet};
pub use watch::{HttpCache, Seen, SourceState};
pub use write::{
    BatchReport, MEMBER_CACHE, MemberCache, decode_profile, encode_profile, stored_record,
};

use error::SqlContext;
use search::SearchIndex;

/// The database file inside a store folder.
pub const DB_FILE: &str = "vigie.sqlite";

/// A store opened for writing. One writer per store at a time (the
/// full-text index holds a lock file).
pub struct Store {
    db_path: PathBuf,
    conn: Connection,
    search: SearchIndex,
    writer: IndexWriter,
    members: MemberCache,
}

impl Store {
    /// Opens the store in `dir`, creating it if needed, upgrading an older
    /// schema, and re-indexing whatever a crash left unindexed.
    pub fn open(dir: &Path) -> Result<Store> {
        std::fs::create_dir_all(dir).map_err(|source| Error::Io {
            path: dir.to_owned(),
            source,
        })?;
        let db_path = dir.join(DB_FILE);
        let conn = connect(&db_path, false)?;
        let search = SearchIndex::open(dir)?;
        let writer = search.writer()?;
        let mut store = Store {
            db_path,
            conn,
            search,
            writer,
            members: MemberCache::default(),
        };
        store.catch_up_index()?;
        Ok(store)
    }

    /// The [`input_key`] of every stored document, so a resumed ingest can
    /// skip inputs it already stored without analysing them again.
    pub fn input_keys(&self) -> Result<std::collections::HashSet<i64>> {
        let mut stmt = self
            .conn
            .prepare("SELECT input_key FROM documents")
            .at(&self.db_path)?;
        let rows = stmt.query_map([], |r| r.get(0)).at(&self.db_path)?;
        rows.collect::<rusqlite::Result<_>>().at(&self.db_path)
    }
}

/// What an input is before analysis: its caller's id, URL and path as the
/// reader gave them, and its raw text (FNV-1a, 64 bits, fixed across runs
/// and builds). The same input read again has the same key, and analysing
/// it would give the same `doc_id`, so [`Store::input_keys`] lets an ingest
/// skip it early. Another outlet's copy of a stored body differs in id, URL
/// or path, so it is never skipped. The store computes the key from the
/// analysed document; a URL the cleaner found in the text was not there
/// before analysis, so such an input is recognised by its `doc_id` after
/// analysis instead.
pub fn input_key(source: &vigie_doc::Source, raw: &str) -> i64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    let mut feed = |bytes: &[u8]| {
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        // A separator no UTF-8 text holds: ("ab", "c") and ("a", "bc") differ.
        h ^= 0xff;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    };
    for part in [&source.id, &source.url, &source.path] {
        feed(part.as_deref().unwrap_or("").as_bytes());
    }
    feed(raw.as_bytes());
    h as i64
}

/// Opens a connection with the store's settings and checks the schema.
fn connect(path: &Path, read_only: bool) -> Result<Connection> {
    let conn = Connection::open(path).at(path)?;
    conn.busy_timeout(std::time::Duration::from_secs(10))
        .at(path)?;
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = OFF;",
    )
    .at(path)?;
    if let Err(found) = schema::migrate(&conn).at(path)? {
        return Err(Error::SchemaTooNew {
            path: path.to_owned(),
            found,
            supported: SCHEMA_VERSION,
        });
    }
    if read_only {
        conn.execute_batch("PRAGMA query_only = 1;").at(path)?;
    }
    Ok(conn)
}

#[cfg(test)]
mod tests;

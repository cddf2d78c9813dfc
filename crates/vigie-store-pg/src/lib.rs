//! The PostgreSQL store: the embedded store's records, facts and placement
//! on a database server that several processes write at once.
//!
//! * [`PgStore`] adds analysed documents in batches with exactly the
//!   semantics of `vigie_store::Store::add_batch`: idempotent on the
//!   publication (`doc_id`), another outlet's copy of a stored body linked
//!   to it, near-duplicates and stories placed by `vigie-cluster`, and all
//!   of a batch's rows written in one transaction. Placement reads what
//!   earlier documents claimed (LSH band keys, entity frequencies, stories),
//!   so batches are placed one at a time: each transaction takes one
//!   transaction-level advisory lock before it reads anything (see the
//!   `write` module for why a lock rather than serialisable transactions).
//! * [`PgReader`] implements `vigie_store::ReadStore`, the queries of the
//!   HTTP API and of export, with the same answers as the embedded
//!   `Reader` on the same documents; full-text search runs on `tsvector`
//!   columns (French, English or accent-folded by the record's language,
//!   GIN index).
//!
//! The schema is versioned like the embedded one (`meta.schema_version`,
//! [`SCHEMA_VERSION`]) and created or upgraded by whichever process
//! connects first, under an advisory lock.
//!
//! The client is the synchronous `postgres` crate: call it from a plain
//! thread or tokio's blocking pool (`spawn_blocking`), never from an async
//! task, where its internal runtime would refuse to start.
#![deny(missing_docs)]
// Text from input is sliced only through `str::get` (issue 21).
#![warn(clippy::string_slice)]
#![cfg_attr(test, allow(clippy::string_slice))]

mod read;
mod schema;
#[cfg(feature = "testing")]
pub mod testing;
mod write;

pub use read::PgReader;
pub use schema::SCHEMA_VERSION;
pub use write::PgStore;

/// Everything that can go wrong in the PostgreSQL store.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server refused a connection or a statement.
    #[error("postgresql: {0}")]
    Postgres(#[from] postgres::Error),
    /// The database was written by a newer Vigie.
    #[error("the database has schema version {found}; this Vigie reads up to {supported}")]
    SchemaTooNew {
        /// The version found.
        found: i64,
        /// The newest version this build reads.
        supported: i64,
    },
    /// The embedded store's shared code failed (a record that does not
    /// encode, or a stored one that no longer decodes).
    #[error(transparent)]
    Store(#[from] vigie_store::Error),
    /// A pooled connection's lock was poisoned by a panic elsewhere.
    #[error("connection pool lock poisoned")]
    Poisoned,
}

impl From<Error> for vigie_store::Error {
    fn from(e: Error) -> Self {
        match e {
            Error::Store(inner) => inner,
            other => vigie_store::Error::Server(Box::new(other)),
        }
    }
}

/// The store's result type.
pub type Result<T> = std::result::Result<T, Error>;

/// True when `db` names a PostgreSQL database (`postgres://…` or
/// `postgresql://…`) rather than an embedded store's folder.
pub fn is_url(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}

/// Opens a connection and creates or upgrades the schema.
fn connect(url: &str) -> Result<postgres::Client> {
    let mut client = postgres::Client::connect(url, postgres::NoTls)?;
    schema::migrate(&mut client)?;
    Ok(client)
}

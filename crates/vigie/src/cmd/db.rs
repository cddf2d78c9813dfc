//! `--db`: an embedded store's folder (the default) or a PostgreSQL
//! database (`postgres://user@host:port/name`), for the commands that run on
//! either (`ingest`, `worker`, `serve`, `export`).

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, Result};
use vigie_doc::Doc;
use vigie_store::{BatchReport, ReadStore, Reader, Store};
use vigie_store_pg::{PgReader, PgStore};

/// The PostgreSQL URL `db` gives, if it is one rather than a folder.
pub fn pg_url(db: &Path) -> Option<&str> {
    db.to_str().filter(|s| vigie_store_pg::is_url(s))
}

/// `db` as messages show it: a URL without its password.
pub fn shown(db: &Path) -> String {
    match pg_url(db) {
        Some(url) => match (url.find("://"), url.rfind('@')) {
            (Some(scheme), Some(at)) if at > scheme => {
                let user = url.get(scheme + 3..at).unwrap_or_default();
                let user = user.split(':').next().unwrap_or_default();
                format!(
                    "{}{user}@{}",
                    url.get(..scheme + 3).unwrap_or_default(),
                    url.get(at + 1..).unwrap_or_default()
                )
            }
            _ => url.to_owned(),
        },
        None => db.display().to_string(),
    }
}

/// Where analysed documents are stored: either store's write side.
pub trait Writer: Send {
    /// The input keys of the stored documents (see `vigie_store::input_key`).
    fn input_keys(&mut self) -> Result<HashSet<i64>>;
    /// Stores a batch, placing each document (see `Store::add_batch`).
    fn add_batch(&mut self, docs: Vec<Doc>) -> Result<BatchReport>;
}

impl Writer for Store {
    fn input_keys(&mut self) -> Result<HashSet<i64>> {
        Ok(Store::input_keys(self)?)
    }
    fn add_batch(&mut self, docs: Vec<Doc>) -> Result<BatchReport> {
        Ok(Store::add_batch(self, docs)?)
    }
}

impl Writer for PgStore {
    fn input_keys(&mut self) -> Result<HashSet<i64>> {
        Ok(PgStore::input_keys(self)?)
    }
    fn add_batch(&mut self, docs: Vec<Doc>) -> Result<BatchReport> {
        Ok(PgStore::add_batch(self, docs)?)
    }
}

/// Opens the store `db` names for writing, creating it if needed.
pub fn open_writer(db: &Path) -> Result<Box<dyn Writer>> {
    Ok(match pg_url(db) {
        Some(url) => {
            Box::new(PgStore::connect(url).with_context(|| format!("connecting to {}", shown(db)))?)
        }
        None => Box::new(super::ingest::open(db)?),
    })
}

/// Opens the store `db` names for reading. A PostgreSQL database gets the
/// schema if it has none; a folder must hold a store.
pub fn open_reader(db: &Path) -> Result<Arc<dyn ReadStore>> {
    Ok(match pg_url(db) {
        Some(url) => Arc::new(
            PgReader::connect(url).with_context(|| format!("connecting to {}", shown(db)))?,
        ),
        None => Arc::new(
            Reader::open(db).with_context(|| format!("opening the store {}", db.display()))?,
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_told_from_folders_and_shown_without_password() {
        let url = Path::new("postgres://vigie:secret@db.example:5432/news");
        assert_eq!(pg_url(url), url.to_str());
        assert_eq!(shown(url), "postgres://vigie@db.example:5432/news");
        assert_eq!(
            shown(Path::new("postgresql://127.0.0.1/news")),
            "postgresql://127.0.0.1/news"
        );
        assert_eq!(pg_url(Path::new("postgres-data")), None);
        assert_eq!(shown(Path::new("news")), "news");
    }
}

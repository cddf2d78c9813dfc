use std::path::PathBuf;

/// Everything that can go wrong in the store.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The SQLite database failed.
    #[error("database {path}: {source}")]
    Sqlite {
        /// The database file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: rusqlite::Error,
    },
    /// The full-text index failed.
    #[error("search index {path}: {source}")]
    Index {
        /// The index folder.
        path: PathBuf,
        /// The cause.
        #[source]
        source: tantivy::TantivyError,
    },
    /// The store folder could not be created or read.
    #[error("{path}: {source}")]
    Io {
        /// The folder.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The store was written by a newer Vigie.
    #[error("store {path} has schema version {found}; this Vigie reads up to {supported}")]
    SchemaTooNew {
        /// The database file.
        path: PathBuf,
        /// The version found.
        found: i64,
        /// The newest version this build reads.
        supported: i64,
    },
    /// A stored record could not be decoded.
    #[error("record {doc_id}: {source}")]
    Record {
        /// The document.
        doc_id: String,
        /// The cause.
        #[source]
        source: serde_json::Error,
    },
    /// A pooled connection's lock was poisoned by a panic elsewhere.
    #[error("store lock poisoned")]
    Poisoned,
    /// A store on a database server (PostgreSQL) failed; its own typed
    /// error is the source.
    #[error("database server: {0}")]
    Server(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// What an export hands records to failed (an output that closed).
    #[error("{0}")]
    Sink(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// The store's result type.
pub type Result<T> = std::result::Result<T, Error>;

/// Attaches the database path to a rusqlite error.
pub(crate) trait SqlContext<T> {
    fn at(self, path: &std::path::Path) -> Result<T>;
}

impl<T> SqlContext<T> for std::result::Result<T, rusqlite::Error> {
    fn at(self, path: &std::path::Path) -> Result<T> {
        self.map_err(|source| Error::Sqlite {
            path: path.to_owned(),
            source,
        })
    }
}

/// Attaches the index path to a tantivy error.
pub(crate) trait IndexContext<T> {
    fn at(self, path: &std::path::Path) -> Result<T>;
}

impl<T> IndexContext<T> for std::result::Result<T, tantivy::TantivyError> {
    fn at(self, path: &std::path::Path) -> Result<T> {
        self.map_err(|source| Error::Index {
            path: path.to_owned(),
            source,
        })
    }
}

use std::path::PathBuf;

/// Why an input could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The path does not exist or cannot be opened.
    #[error("cannot open {path}: {source}")]
    Open {
        /// The path.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// Reading failed part-way (a truncated gzip stream, an I/O error).
    #[error("read failed: {0}")]
    Io(String),
    /// The bytes are not text.
    #[error("binary content, not text ({0})")]
    Binary(String),
    /// The document is larger than the configured limit.
    #[error("document too large: {size} bytes over the {limit}-byte limit")]
    TooLarge {
        /// Bytes seen.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// A JSON Lines record is malformed.
    #[error("line {line}: {reason}")]
    Jsonl {
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        reason: String,
    },
    /// The input has no text at all.
    #[error("empty document")]
    Empty,
}

/// Result alias of this crate.
pub type Result<T> = std::result::Result<T, Error>;

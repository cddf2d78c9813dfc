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
    /// An HTML page (or feed item) with no article text: only scripts,
    /// navigation or markup.
    #[error("no article text found in the page")]
    NoArticle,
    /// A WARC record that cannot be parsed; reading resumes at the next record.
    #[error("WARC record {record}: {reason}")]
    Warc {
        /// 1-based index of the record in the archive.
        record: usize,
        /// What is wrong.
        reason: String,
    },
    /// An HTML page nested deeper than any real page is.
    #[error("HTML nested more than {limit} elements deep")]
    TooDeep {
        /// The nesting limit.
        limit: usize,
    },
    /// A feed that cannot be parsed.
    #[error("feed: {0}")]
    Feed(String),
}

/// Result alias of this crate.
pub type Result<T> = std::result::Result<T, Error>;

//! What can go wrong while watching: the run's own errors ([`Error`]) and
//! one fetch's ([`FetchError`]), which only ever costs its source or article.

use std::path::PathBuf;
use std::time::Duration;

/// An error that stops `vigie watch`: a bad SOURCES file or a store that
/// cannot be written. A failing source or article is never one of these.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The SOURCES file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A line of the SOURCES file is not a source.
    #[error("line {line}: {reason}")]
    Sources {
        /// 1-based line number.
        line: usize,
        /// What is wrong with it.
        reason: String,
    },
    /// The store failed.
    #[error(transparent)]
    Store(#[from] vigie_store::Error),
    /// The sink could not analyse or store fetched articles.
    #[error("storing fetched articles: {0}")]
    Sink(#[source] crate::SinkError),
}

/// Why one URL could not be fetched. [`FetchError::is_transient`] says
/// whether trying again later may succeed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FetchError {
    /// Not an absolute http(s) URL.
    #[error("not an http(s) URL: {0}")]
    BadUrl(String),
    /// The site's robots.txt disallows it for Vigie.
    #[error("disallowed by robots.txt")]
    Robots,
    /// The server answered with an error status.
    #[error("HTTP {status}")]
    Status {
        /// The status code.
        status: u16,
        /// The server's `Retry-After`, when it gave one.
        retry_after: Option<Duration>,
    },
    /// More redirects than allowed, or a redirect without a usable target.
    #[error("redirects: {0}")]
    Redirect(String),
    /// The body is larger than the limit.
    #[error("response larger than {0} bytes")]
    TooLarge(u64),
    /// No answer in time.
    #[error("timed out")]
    Timeout,
    /// Connection, TLS or protocol failure.
    #[error("network: {0}")]
    Network(String),
    /// The host asked to be left alone (429/503) for longer than this round.
    #[error("host backing off for {0:?}")]
    Deferred(Duration),
    /// The body is not what was expected (a malformed feed, a page without
    /// article or feed link, a binary file).
    #[error("{0}")]
    Content(String),
}

impl FetchError {
    /// Whether the same request may succeed later: server errors, rate
    /// limits, timeouts and network failures. A 404, a robots.txt rule or
    /// an oversized page will not change by asking again.
    pub fn is_transient(&self) -> bool {
        match self {
            FetchError::Status { status, .. } => *status == 408 || *status == 429 || *status >= 500,
            FetchError::Timeout | FetchError::Network(_) | FetchError::Deferred(_) => true,
            FetchError::BadUrl(_)
            | FetchError::Robots
            | FetchError::Redirect(_)
            | FetchError::TooLarge(_)
            | FetchError::Content(_) => false,
        }
    }

    /// How long the server asked to wait, if it did.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            FetchError::Status { retry_after, .. } => *retry_after,
            FetchError::Deferred(d) => Some(*d),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_errors_that_can_pass_are_transient() {
        let status = |status| FetchError::Status {
            status,
            retry_after: None,
        };
        assert!(status(503).is_transient());
        assert!(status(429).is_transient());
        assert!(!status(404).is_transient());
        assert!(!FetchError::Robots.is_transient());
        assert!(!FetchError::TooLarge(10).is_transient());
        assert!(FetchError::Timeout.is_transient());
    }
}

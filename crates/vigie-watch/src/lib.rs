//! Brings the news in: follows RSS/Atom feeds, news sitemaps (and sitemap
//! indexes) and home pages (through the feeds their `<link
//! rel="alternate">` tags announce), fetches each new article once, politely,
//! reads it with `vigie-read`'s HTML reader and hands it to a [`Sink`] (the
//! binary's is the pipeline and the store). What it must remember between
//! runs (each source's schedule and validators, every article URL handled)
//! is kept in the store, so a restart resumes where the last run stopped.
//!
//! * [`sources`]: the SOURCES file.
//! * [`fetch`]: polite HTTP (robots.txt, per-host delay, conditional
//!   requests, Retry-After and backoff, redirects, limits).
//! * [`listing`]: what a polled body lists.
//! * [`watcher`]: the polling loop and its bookkeeping.
//! * [`status`]: the state of each source, for people.
#![deny(missing_docs)]
#![warn(clippy::string_slice)]
#![cfg_attr(test, allow(clippy::string_slice))]

mod error;
pub mod fetch;
pub mod listing;
mod robots;
pub mod sources;
pub mod status;
pub mod watcher;

pub use error::{Error, FetchError};
pub use fetch::{FetchConfig, user_agent};
pub use sources::{SourceLine, parse_sources, read_sources};
pub use watcher::{RoundReport, Sink, SinkError, WatchConfig, Watcher};

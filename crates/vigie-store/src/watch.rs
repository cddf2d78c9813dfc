//! What `vigie watch` keeps between polls, in the store it fills: the state
//! of each followed source, the validators of every URL it polls, and the
//! article URLs it has handled. Keeping them here, next to the documents,
//! means a restart (or a `kill -9`) resumes with nothing refetched: an
//! article is marked handled after its batch is committed, and one stored
//! but not yet marked is recognised by its publication (`doc_id`).

use rusqlite::{OptionalExtension, Row, params};
use serde::Serialize;

use crate::error::{Result, SqlContext};
use crate::{Reader, Store};

/// One followed source, as `vigie watch --status` and `/api/sources` show it.
/// Times are Unix seconds (UTC).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SourceState {
    /// The URL of the source line.
    pub url: String,
    /// The outlet named on the source line.
    pub outlet: Option<String>,
    /// What the source turned out to be: `feed`, `sitemap`, `page`.
    pub kind: Option<String>,
    /// The last poll, successful or not.
    pub last_poll: Option<i64>,
    /// The last successful poll.
    pub last_success: Option<i64>,
    /// The last poll that listed a new article.
    pub last_change: Option<i64>,
    /// Why the last poll failed; None once a poll succeeds.
    pub last_error: Option<String>,
    /// Failed polls in a row.
    pub errors: i64,
    /// When the source is due again.
    pub next_poll: Option<i64>,
    /// Successful polls in a row that listed nothing new.
    pub unchanged: i64,
    /// Polls made.
    pub polls: i64,
    /// Articles the last poll handed on for storing.
    pub new_last: i64,
    /// Articles of this source stored (counted from the handled URLs, so
    /// exact whenever the run stopped; not written by
    /// [`Store::save_watch_source`]).
    pub articles: i64,
    /// Article URLs of this source not stored: given up, or awaiting a
    /// retry (counted likewise).
    pub failures: i64,
}

/// The validators of a polled URL and what it listed last time, so a `304
/// Not Modified` answer from a sitemap index or a home page still gives
/// its children.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HttpCache {
    /// The `ETag` of the last full answer.
    pub etag: Option<String>,
    /// The `Last-Modified` of the last full answer.
    pub last_modified: Option<String>,
    /// URLs it listed (feeds of a page, sitemaps of an index).
    pub children: Vec<String>,
}

/// What became of an article URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    /// Fetch attempts made.
    pub attempts: i64,
    /// `stored`, `failed: …` (given up) or `retry: …` (tried again later).
    pub outcome: String,
}

const SOURCE_COLS: &str = "url, outlet, kind, last_poll, last_success, last_change, last_error, \
     errors, next_poll, unchanged, polls, new_last";

/// The columns of [`SourceState`], counts included, from `watch_sources s`.
const SOURCE_SELECT: &str = "SELECT s.url, s.outlet, s.kind, s.last_poll, s.last_success, \
     s.last_change, s.last_error, s.errors, s.next_poll, s.unchanged, s.polls, s.new_last, \
     (SELECT COUNT(*) FROM watch_seen w WHERE w.source = s.url AND w.outcome = 'stored'), \
     (SELECT COUNT(*) FROM watch_seen w WHERE w.source = s.url AND w.outcome <> 'stored') \
     FROM watch_sources s";

fn source_row(r: &Row) -> rusqlite::Result<SourceState> {
    Ok(SourceState {
        url: r.get(0)?,
        outlet: r.get(1)?,
        kind: r.get(2)?,
        last_poll: r.get(3)?,
        last_success: r.get(4)?,
        last_change: r.get(5)?,
        last_error: r.get(6)?,
        errors: r.get(7)?,
        next_poll: r.get(8)?,
        unchanged: r.get(9)?,
        polls: r.get(10)?,
        new_last: r.get(11)?,
        articles: r.get(12)?,
        failures: r.get(13)?,
    })
}

fn all_sources(c: &rusqlite::Connection) -> rusqlite::Result<Vec<SourceState>> {
    let mut stmt = c.prepare(&format!("{SOURCE_SELECT} ORDER BY s.url"))?;
    let rows = stmt.query_map([], source_row)?;
    rows.collect()
}

impl Store {
    /// The state of a followed source, if it was ever polled.
    pub fn watch_source(&self, url: &str) -> Result<Option<SourceState>> {
        self.conn
            .query_row(
                &format!("{SOURCE_SELECT} WHERE s.url = ?1"),
                [url],
                source_row,
            )
            .optional()
            .at(&self.db_path)
    }

    /// Every followed source, by URL.
    pub fn watch_sources(&self) -> Result<Vec<SourceState>> {
        all_sources(&self.conn).at(&self.db_path)
    }

    /// Writes a source's state (its counts come from the handled URLs).
    pub fn save_watch_source(&self, s: &SourceState) -> Result<()> {
        self.conn
            .execute(
                &format!(
                    "INSERT OR REPLACE INTO watch_sources ({SOURCE_COLS}) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
                ),
                params![
                    s.url,
                    s.outlet,
                    s.kind,
                    s.last_poll,
                    s.last_success,
                    s.last_change,
                    s.last_error,
                    s.errors,
                    s.next_poll,
                    s.unchanged,
                    s.polls,
                    s.new_last
                ],
            )
            .at(&self.db_path)?;
        Ok(())
    }

    /// The validators and children last saved for a polled URL.
    pub fn http_cache(&self, url: &str) -> Result<Option<HttpCache>> {
        let row: Option<(Option<String>, Option<String>, String)> = self
            .conn
            .query_row(
                "SELECT etag, last_modified, children FROM watch_http WHERE url = ?1",
                [url],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()
            .at(&self.db_path)?;
        Ok(row.map(|(etag, last_modified, children)| HttpCache {
            etag,
            last_modified,
            // Written by this module only; a row that does not decode lists nothing.
            children: serde_json::from_str(&children).unwrap_or_default(),
        }))
    }

    /// Saves the validators and children of a polled URL.
    pub fn save_http_cache(&self, url: &str, cache: &HttpCache) -> Result<()> {
        let children = serde_json::Value::from(cache.children.clone()).to_string();
        self.conn
            .execute(
                "INSERT OR REPLACE INTO watch_http (url, etag, last_modified, children) \
                 VALUES (?1, ?2, ?3, ?4)",
                params![url, cache.etag, cache.last_modified, children],
            )
            .at(&self.db_path)?;
        Ok(())
    }

    /// What became of an article URL (its normalised form), if it was handled.
    pub fn seen(&self, url: &str) -> Result<Option<Seen>> {
        self.conn
            .query_row(
                "SELECT attempts, outcome FROM watch_seen WHERE url = ?1",
                [url],
                |r| {
                    Ok(Seen {
                        attempts: r.get(0)?,
                        outcome: r.get(1)?,
                    })
                },
            )
            .optional()
            .at(&self.db_path)
    }

    /// Records the outcome of handling article URLs, in one transaction:
    /// `(normalised URL, source URL, outcome)`; each attempt counts.
    pub fn mark_seen(&mut self, now: i64, urls: &[(String, String, String)]) -> Result<()> {
        let tx = self.conn.transaction().at(&self.db_path)?;
        {
            let mut stmt = tx
                .prepare_cached(
                    "INSERT INTO watch_seen (url, source, first_seen, attempts, outcome) \
                     VALUES (?1, ?2, ?3, 1, ?4) \
                     ON CONFLICT(url) DO UPDATE SET attempts = attempts + 1, outcome = ?4",
                )
                .at(&self.db_path)?;
            for (url, source, outcome) in urls {
                stmt.execute(params![url, source, now, outcome])
                    .at(&self.db_path)?;
            }
        }
        tx.commit().at(&self.db_path)
    }

    /// Whether a publication (`vigie_doc::doc_id`) is stored.
    pub fn has_publication(&self, doc_id: &str) -> Result<bool> {
        self.conn
            .query_row(
                "SELECT 1 FROM documents WHERE publication = ?1 LIMIT 1",
                [doc_id],
                |_| Ok(()),
            )
            .optional()
            .map(|r| r.is_some())
            .at(&self.db_path)
    }
}

impl Reader {
    /// Every source `vigie watch` follows in this store, by URL.
    pub fn sources(&self) -> Result<Vec<SourceState>> {
        self.with(all_sources)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn watch_state_round_trips_and_survives_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let state = SourceState {
            url: "http://a.example/feed".into(),
            outlet: Some("A".into()),
            kind: Some("feed".into()),
            polls: 2,
            next_poll: Some(1_700_000_000),
            ..SourceState::default()
        };
        store.save_watch_source(&state).unwrap();
        let cache = HttpCache {
            etag: Some("\"v1\"".into()),
            last_modified: None,
            children: vec!["http://a.example/s1.xml".into()],
        };
        store
            .save_http_cache("http://a.example/index.xml", &cache)
            .unwrap();
        store
            .mark_seen(
                10,
                &[(
                    "a.example/1".into(),
                    "http://a.example/feed".into(),
                    "retry: timeout".into(),
                )],
            )
            .unwrap();
        store
            .mark_seen(
                11,
                &[(
                    "a.example/1".into(),
                    "http://a.example/feed".into(),
                    "stored".into(),
                )],
            )
            .unwrap();
        drop(store);

        let store = Store::open(dir.path()).unwrap();
        let state = SourceState {
            articles: 1,
            ..state
        };
        assert_eq!(
            store.watch_source("http://a.example/feed").unwrap(),
            Some(state.clone())
        );
        assert_eq!(
            store.http_cache("http://a.example/index.xml").unwrap(),
            Some(cache)
        );
        assert_eq!(
            store.seen("a.example/1").unwrap(),
            Some(Seen {
                attempts: 2,
                outcome: "stored".into()
            })
        );
        assert_eq!(store.seen("a.example/2").unwrap(), None);
        assert!(!store.has_publication("nothing").unwrap());
        drop(store);
        let reader = Reader::open(dir.path()).unwrap();
        assert_eq!(reader.sources().unwrap(), vec![state]);
    }
}

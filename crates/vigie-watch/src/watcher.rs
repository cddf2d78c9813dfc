//! The polling loop: which sources are due, what they list that is new,
//! fetching the new articles host by host, handing them to the [`Sink`]
//! and remembering everything in the store.
//!
//! Order of writes, so that a kill at any point loses nothing and
//! refetches nothing stored: a batch of articles is committed by the sink,
//! then marked handled; an article stored but not yet marked is recognised
//! next time by its publication id. A listing's validators (`ETag`,
//! `Last-Modified`) are saved only once every new article it listed is
//! settled, so an article left for later is listed again.

use std::collections::{BTreeMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use vigie_doc::{Doc, Format, Source};
use vigie_store::{HttpCache, SourceState, Store};

use crate::fetch::{FetchConfig, Fetched, Fetcher};
use crate::listing::{Entry, Listing, parse_listing};
use crate::{Error, FetchError, SourceLine};

/// The error a [`Sink`] may return.
pub type SinkError = Box<dyn std::error::Error + Send + Sync>;

/// Where fetched articles go: the binary analyses them with the pipeline
/// and adds them to the store; tests may only count them.
pub trait Sink {
    /// Analyses and stores `docs` (committed when this returns); returns
    /// how many were new to the store.
    fn store(&mut self, store: &mut Store, docs: Vec<Doc>) -> Result<usize, SinkError>;
}

/// How the watcher behaves.
#[derive(Debug, Clone)]
pub struct WatchConfig {
    /// The fetcher's settings.
    pub fetch: FetchConfig,
    /// Time between polls of a source that changes; one that lists nothing
    /// new waits twice as long after each such poll, up to 16 times.
    pub every: Duration,
    /// Fetch attempts of an article that keeps failing transiently.
    pub max_attempts: i64,
    /// Articles per sink call (and per commit).
    pub batch: usize,
    /// Sitemaps followed per index, feeds per home page.
    pub max_children: usize,
}

impl WatchConfig {
    /// Defaults around a fetch configuration: every 10 minutes, 3 attempts,
    /// batches of 32, 20 children.
    pub fn new(fetch: FetchConfig) -> WatchConfig {
        WatchConfig {
            fetch,
            every: Duration::from_secs(600),
            max_attempts: 3,
            batch: 32,
            max_children: 20,
        }
    }
}

/// What one round did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoundReport {
    /// Sources polled.
    pub sources: usize,
    /// Sources whose poll failed.
    pub failed_sources: usize,
    /// New article URLs listed.
    pub listed: usize,
    /// Articles fetched, read and handed to the sink.
    pub fetched: usize,
    /// Of those, new to the store.
    pub added: usize,
    /// Article URLs that failed (given up or left for a retry).
    pub failed: usize,
    /// Article URLs left for a later round (host backing off, stop asked).
    pub deferred: usize,
    /// One line per failure, for the user.
    pub messages: Vec<String>,
}

/// An article to fetch.
struct Job {
    source: usize,
    listing: usize,
    entry: Entry,
    key: String,
    /// Tries in this round (a 429 with a short Retry-After is tried again).
    tries: u32,
}

/// A polled feed or sitemap whose validators wait for its articles.
struct Pending {
    url: String,
    cache: HttpCache,
    open: usize,
}

/// What a source listed: its kind (None when it answered 304) and entries
/// with the index of the listing they came from.
struct Listed {
    kind: Option<&'static str>,
    entries: Vec<(Entry, usize)>,
    errors: Vec<String>,
    /// The longest pause a server asked for (Retry-After, host backoff).
    retry_after: Option<Duration>,
}

/// Polls sources, fetches their new articles and stores them.
pub struct Watcher<S: Sink> {
    store: Store,
    sink: S,
    fetcher: Fetcher,
    cfg: WatchConfig,
}

/// Seconds since the Unix epoch.
pub fn unix_now() -> i64 {
    chrono::Utc::now().timestamp()
}

impl<S: Sink> Watcher<S> {
    /// A watcher writing into `store` through `sink`.
    pub fn new(store: Store, sink: S, cfg: WatchConfig) -> Watcher<S> {
        Watcher {
            store,
            sink,
            fetcher: Fetcher::new(cfg.fetch.clone()),
            cfg,
        }
    }

    /// Gives the store back.
    pub fn into_store(self) -> Store {
        self.store
    }

    /// Polls until `stop` is set: each round polls the sources that are
    /// due, then sleeps (in short steps, so a signal is obeyed within a
    /// fraction of a second) until the next one is.
    pub fn run(
        &mut self,
        sources: &[SourceLine],
        stop: &AtomicBool,
        mut on_round: impl FnMut(&RoundReport),
    ) -> Result<(), Error> {
        while !stop.load(Ordering::Relaxed) {
            let report = self.poll(sources, false, stop)?;
            on_round(&report);
            let next = self.next_due(sources)?;
            while !stop.load(Ordering::Relaxed) {
                let left = next - unix_now();
                if left <= 0 {
                    break;
                }
                std::thread::sleep(Duration::from_millis(200));
            }
        }
        Ok(())
    }

    /// When the earliest source is due.
    fn next_due(&self, sources: &[SourceLine]) -> Result<i64, Error> {
        let mut next = unix_now() + self.cfg.every.as_secs() as i64;
        for s in sources {
            match self.store.watch_source(&s.url)?.and_then(|st| st.next_poll) {
                Some(t) => next = next.min(t),
                None => return Ok(unix_now()),
            }
        }
        Ok(next)
    }

    /// One round: polls the sources that are due (with `all`, every source
    /// but a failing one still in its backoff), then fetches what they list
    /// that is new.
    pub fn poll(
        &mut self,
        sources: &[SourceLine],
        all: bool,
        stop: &AtomicBool,
    ) -> Result<RoundReport, Error> {
        let now = unix_now();
        let mut report = RoundReport::default();
        let mut pending: Vec<Pending> = Vec::new();
        let mut states: BTreeMap<usize, SourceState> = BTreeMap::new();
        let mut queued: HashSet<String> = HashSet::new();
        let mut jobs: Vec<Job> = Vec::new();
        for (i, src) in sources.iter().enumerate() {
            if stop.load(Ordering::Relaxed) {
                break;
            }
            let mut state = self
                .store
                .watch_source(&src.url)?
                .unwrap_or_else(|| SourceState {
                    url: src.url.clone(),
                    ..SourceState::default()
                });
            // `all` polls sources before their time, but a failing source
            // waits out its backoff (a server's Retry-After among it): a
            // cron job running `--once` must not hammer it either.
            if (!all || state.errors > 0) && state.next_poll.is_some_and(|t| t > now) {
                continue;
            }
            state.outlet.clone_from(&src.outlet);
            report.sources += 1;
            state.polls += 1;
            state.last_poll = Some(now);
            let listed = self.list(&src.url, 0, &mut pending)?;
            report
                .messages
                .extend(listed.errors.iter().map(|e| format!("{}: {e}", src.url)));
            let failed = listed.entries.is_empty() && !listed.errors.is_empty();
            if failed {
                report.failed_sources += 1;
                state.errors += 1;
                state.last_error = listed.errors.first().cloned();
                // Not before the server said it would answer again.
                let wait = scaled(self.cfg.every, state.errors - 1)
                    .max(listed.retry_after.unwrap_or_default());
                state.next_poll = Some(now + wait.as_secs() as i64);
                state.new_last = 0;
                states.insert(i, state);
                continue;
            }
            if let Some(kind) = listed.kind {
                state.kind = Some(kind.to_owned());
            }
            state.errors = 0;
            state.last_error = listed.errors.first().cloned();
            state.last_success = Some(now);
            let mut new = 0i64;
            for (entry, listing) in listed.entries {
                let Some(key) = vigie_doc::normalize_url(&entry.url) else {
                    continue;
                };
                if queued.contains(&key) || self.handled(&key, &entry.url, &src.url, now)? {
                    continue;
                }
                queued.insert(key.clone());
                if let Some(p) = pending.get_mut(listing) {
                    p.open += 1;
                }
                jobs.push(Job {
                    source: i,
                    listing,
                    entry,
                    key,
                    tries: 0,
                });
                new += 1;
            }
            report.listed += new as usize;
            state.new_last = 0;
            if new == 0 {
                state.unchanged += 1;
            } else {
                state.unchanged = 0;
                state.last_change = Some(now);
            }
            let wait = scaled(self.cfg.every, state.unchanged);
            state.next_poll = Some(now + wait.as_secs() as i64);
            states.insert(i, state);
        }
        for s in states.values() {
            self.store.save_watch_source(s)?;
        }
        self.fetch_articles(jobs, sources, &mut pending, &mut states, stop, &mut report)?;
        for p in pending.iter().filter(|p| p.open == 0) {
            self.store.save_http_cache(&p.url, &p.cache)?;
        }
        for s in states.values() {
            self.store.save_watch_source(s)?;
        }
        Ok(report)
    }

    /// Whether an article URL needs no fetch: handled for good, tried too
    /// often, or stored by a run that was stopped before marking it.
    fn handled(&mut self, key: &str, url: &str, source: &str, now: i64) -> Result<bool, Error> {
        if let Some(seen) = self.store.seen(key)?
            && (seen.outcome == "stored"
                || seen.outcome.starts_with("failed")
                || seen.attempts >= self.cfg.max_attempts)
        {
            return Ok(true);
        }
        let probe = Source {
            url: Some(url.to_owned()),
            ..Source::default()
        };
        if vigie_doc::publication_key(&probe).is_some()
            && self.store.has_publication(&vigie_doc::doc_id(&probe, ""))?
        {
            self.store.mark_seen(
                now,
                &[(key.to_owned(), source.to_owned(), "stored".to_owned())],
            )?;
            return Ok(true);
        }
        Ok(false)
    }

    /// Fetches `url` and what it lists: entries of a feed or sitemap, those
    /// of the sitemaps of an index or the feeds of a page (one level down,
    /// then one more for an index inside an index). A child that fails is
    /// reported and the others go on.
    fn list(
        &mut self,
        url: &str,
        depth: usize,
        pending: &mut Vec<Pending>,
    ) -> Result<Listed, Error> {
        let mut out = Listed {
            kind: None,
            entries: Vec::new(),
            errors: Vec::new(),
            retry_after: None,
        };
        let cache = self.store.http_cache(url)?;
        let (children, fresh) = match self.fetcher.get(url, cache.as_ref()) {
            Err(e) => {
                out.retry_after = e.retry_after();
                out.errors.push(e.to_string());
                return Ok(out);
            }
            // Unchanged: no new entries; an index or page still has its
            // children, which may have changed.
            Ok(Fetched::NotModified) => (cache.map(|c| c.children).unwrap_or_default(), None),
            Ok(Fetched::Page(page)) => {
                let listing =
                    match parse_listing(&page.url, &page.bytes, page.content_type.as_deref()) {
                        Ok(l) => l,
                        Err(e) => {
                            out.errors.push(e.to_string());
                            return Ok(out);
                        }
                    };
                out.kind = Some(listing.kind());
                let mut cache = HttpCache {
                    etag: page.etag,
                    last_modified: page.last_modified,
                    children: Vec::new(),
                };
                match listing {
                    Listing::Feed(entries) | Listing::Sitemap(entries) => {
                        let at = pending.len();
                        pending.push(Pending {
                            url: url.to_owned(),
                            cache,
                            open: 0,
                        });
                        out.entries = entries.into_iter().map(|e| (e, at)).collect();
                        return Ok(out);
                    }
                    Listing::Index(mut children) | Listing::Page(mut children) => {
                        children.truncate(self.cfg.max_children);
                        cache.children.clone_from(&children);
                        (children, Some(cache))
                    }
                }
            }
        };
        // A container's validators wait for nothing: its children are
        // polled on every round, 304 or not.
        if let Some(cache) = fresh {
            self.store.save_http_cache(url, &cache)?;
        }
        if depth >= 2 {
            return Ok(out);
        }
        for child in children {
            let sub = self.list(&child, depth + 1, pending)?;
            out.entries.extend(sub.entries);
            out.retry_after = out.retry_after.max(sub.retry_after);
            out.errors
                .extend(sub.errors.into_iter().map(|e| format!("{child}: {e}")));
        }
        Ok(out)
    }

    /// Fetches the new articles, always from the host whose turn comes
    /// first, so that one slow or strict host does not hold up the others.
    fn fetch_articles(
        &mut self,
        jobs: Vec<Job>,
        sources: &[SourceLine],
        pending: &mut [Pending],
        states: &mut BTreeMap<usize, SourceState>,
        stop: &AtomicBool,
        report: &mut RoundReport,
    ) -> Result<(), Error> {
        let mut hosts: BTreeMap<String, VecDeque<Job>> = BTreeMap::new();
        for job in jobs {
            let host = url::Url::parse(&job.entry.url)
                .map(|u| u.origin().ascii_serialization())
                .unwrap_or_default();
            hosts.entry(host).or_default().push_back(job);
        }
        let mut batch: Vec<(Job, Doc)> = Vec::new();
        loop {
            if stop.load(Ordering::Relaxed) {
                report.deferred += hosts.values().map(VecDeque::len).sum::<usize>();
                break;
            }
            let next = hosts
                .iter()
                .filter_map(|(h, q)| q.front().map(|j| (self.fetcher.ready_at(&j.entry.url), h)))
                .min()
                .map(|(_, h)| h.clone());
            let Some(host) = next else { break };
            let Some(mut job) = hosts.get_mut(&host).and_then(VecDeque::pop_front) else {
                hosts.remove(&host);
                continue;
            };
            let now = unix_now();
            let src = sources.get(job.source);
            match self.fetch_article(&job, src) {
                Ok(doc) => {
                    batch.push((job, doc));
                    if batch.len() >= self.cfg.batch.max(1) {
                        self.flush(&mut batch, sources, pending, states, report)?;
                    }
                }
                Err(FetchError::Deferred(_)) => {
                    // The host asked for a long pause: its articles wait
                    // for a later round, unmarked.
                    let left = hosts.remove(&host).map_or(0, |q| q.len());
                    report.deferred += 1 + left;
                }
                Err(e) => {
                    let transient = e.is_transient();
                    if transient
                        && job.tries == 0
                        && e.retry_after()
                            .is_some_and(|d| d <= self.cfg.fetch.max_wait)
                    {
                        // Asked to come back shortly: once more this round,
                        // after the host's pause.
                        job.tries += 1;
                        hosts.entry(host).or_default().push_back(job);
                        continue;
                    }
                    report.failed += 1;
                    report.messages.push(format!("{}: {e}", job.entry.url));
                    let outcome = if transient {
                        format!("retry: {e}")
                    } else {
                        format!("failed: {e}")
                    };
                    let source_url = src.map(|s| s.url.clone()).unwrap_or_default();
                    self.store
                        .mark_seen(now, &[(job.key.clone(), source_url, outcome)])?;
                    let attempts = self.store.seen(&job.key)?.map_or(1, |s| s.attempts);
                    if (!transient || attempts >= self.cfg.max_attempts)
                        && let Some(p) = pending.get_mut(job.listing)
                    {
                        p.open = p.open.saturating_sub(1);
                    }
                }
            }
        }
        self.flush(&mut batch, sources, pending, states, report)
    }

    /// Hands a batch to the sink, then marks its URLs handled.
    fn flush(
        &mut self,
        batch: &mut Vec<(Job, Doc)>,
        sources: &[SourceLine],
        pending: &mut [Pending],
        states: &mut BTreeMap<usize, SourceState>,
        report: &mut RoundReport,
    ) -> Result<(), Error> {
        if batch.is_empty() {
            return Ok(());
        }
        let (jobs, docs): (Vec<Job>, Vec<Doc>) = std::mem::take(batch).into_iter().unzip();
        report.fetched += docs.len();
        report.added += self
            .sink
            .store(&mut self.store, docs)
            .map_err(Error::Sink)?;
        let marks: Vec<(String, String, String)> = jobs
            .iter()
            .map(|j| {
                let source = sources.get(j.source).map(|s| s.url.clone());
                (
                    j.key.clone(),
                    source.unwrap_or_default(),
                    "stored".to_owned(),
                )
            })
            .collect();
        self.store.mark_seen(unix_now(), &marks)?;
        for j in &jobs {
            if let Some(p) = pending.get_mut(j.listing) {
                p.open = p.open.saturating_sub(1);
            }
            if let Some(st) = states.get_mut(&j.source) {
                st.new_last += 1;
            }
        }
        for st in states.values() {
            self.store.save_watch_source(st)?;
        }
        Ok(())
    }

    /// Fetches and reads one article; the listing's title, date and outlet
    /// fill what the page does not say, the source line's outlet name
    /// wins over both.
    fn fetch_article(&mut self, job: &Job, src: Option<&SourceLine>) -> Result<Doc, FetchError> {
        let page = match self.fetcher.get(&job.entry.url, None)? {
            Fetched::Page(p) => p,
            Fetched::NotModified => return Err(FetchError::Content("304 to a plain GET".into())),
        };
        let content_type = page.content_type.as_deref();
        if let Some(ct) = content_type {
            let ct = ct.to_ascii_lowercase();
            if !(ct.contains("html") || ct.starts_with("text/")) {
                return Err(FetchError::Content(format!("not an HTML page ({ct})")));
            }
        }
        let charset = content_type.and_then(vigie_read::charset_of_content_type);
        let source = Source {
            url: Some(job.entry.url.clone()),
            outlet: src.and_then(|s| s.outlet.clone()),
            format: Format::Html,
            fetched: Some(chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
            ..Source::default()
        };
        match vigie_read::read_page(source, &page.bytes, charset) {
            vigie_read::Item::Doc(doc) => {
                let mut doc = *doc;
                if doc.source.outlet.is_none() {
                    doc.source.outlet.clone_from(&job.entry.outlet);
                }
                if doc.title.is_none() {
                    doc.title.clone_from(&job.entry.title);
                }
                if doc.published.is_none() {
                    doc.published.clone_from(&job.entry.published);
                }
                Ok(doc)
            }
            vigie_read::Item::Failed(rec) => Err(FetchError::Content(rec.error)),
            vigie_read::Item::Note(n) => Err(FetchError::Content(n.message)),
        }
    }
}

/// `every` doubled `n` times, at most 16 times `every`.
fn scaled(every: Duration, n: i64) -> Duration {
    every * (1u32 << n.clamp(0, 4))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quiet_sources_are_polled_less_often_up_to_sixteen_times() {
        let every = Duration::from_secs(600);
        assert_eq!(scaled(every, 0), every);
        assert_eq!(scaled(every, 1), every * 2);
        assert_eq!(scaled(every, 9), every * 16);
        assert_eq!(scaled(every, -3), every);
    }
}
